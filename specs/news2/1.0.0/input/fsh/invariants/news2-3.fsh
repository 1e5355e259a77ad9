Invariant: news2-3
Description: "Delskåren for luft eller oksygen er 0 (luft) eller 2 (oksygen)."
Severity: #error
Expression: "value.ofType(integer).empty() or value.ofType(integer) = 0 or value.ofType(integer) = 2"
