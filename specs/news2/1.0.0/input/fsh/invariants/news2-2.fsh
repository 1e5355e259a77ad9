Invariant: news2-2
Description: "En delskår er et heltall fra 0 til 3."
Severity: #error
Expression: "value.ofType(integer).empty() or (value.ofType(integer) >= 0 and value.ofType(integer) <= 3)"
