Invariant: okt-2
Description: "En avsluttet tjeneste (status finished) må ha sluttdato (period.end)."
Severity: #error
Expression: "status != 'finished' or period.end.exists()"
