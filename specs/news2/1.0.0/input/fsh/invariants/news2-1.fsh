Invariant: news2-1
Description: "Totalskåren er et heltall fra 0 til 20."
Severity: #error
Expression: "value.ofType(integer).empty() or (value.ofType(integer) >= 0 and value.ofType(integer) <= 20)"
