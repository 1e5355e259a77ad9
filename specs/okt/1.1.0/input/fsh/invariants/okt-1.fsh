Invariant: okt-1
Description: "Sluttdato kan ikke være før startdato (period.end >= period.start)."
Severity: #error
Expression: "period.end.empty() or period.start.empty() or period.end >= period.start"
