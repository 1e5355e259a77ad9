// A warning, not an error: HL7 Norway's OKT IG sets no upper bound, and NHN's API sends weeklyExtent as
// free text. A week has 168 hours, so more is almost certainly a typing error worth pointing out.
Invariant: okt-3
Description: "Omfang per uke bør være mellom 0 og 168 timer (en uke har 168 timer)."
Severity: #warning
Expression: "value.ofType(Ratio).numerator.value.empty() or (value.ofType(Ratio).numerator.value >= 0 and value.ofType(Ratio).numerator.value <= 168)"
