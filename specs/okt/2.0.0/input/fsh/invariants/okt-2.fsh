// Stricter than HL7 Norway's OKT IG, because NHN's API says a service has ended only by its endDate: a
// finished service without one would be read back from NHN as ongoing.
Invariant: okt-2
Description: "En avsluttet tjeneste (status finished) må ha sluttdato (period.end)."
Severity: #error
Expression: "status != 'finished' or period.end.exists()"
