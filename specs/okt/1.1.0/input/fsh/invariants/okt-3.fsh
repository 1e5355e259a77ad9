Invariant: okt-3
Description: "Omfang per uke må være mellom 0 og 168 timer."
Severity: #error
Expression: "value.ofType(Quantity).value.empty() or (value.ofType(Quantity).value >= 0 and value.ofType(Quantity).value <= 168)"
