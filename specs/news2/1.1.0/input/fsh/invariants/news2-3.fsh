Invariant: news2-3
Description: "Delskåren for luft eller oksygen er 0 (luft) eller 2 (oksygen)."
Severity: #error
Expression: "(value.ofType(integer) | value.ofType(Quantity).value).all($this = 0 or $this = 2)"
