// A Patient written with the services must be findable the way NHN's API finds a person (personIdentifier):
// by fødselsnummer, D-nummer or FHN. Stricter than HL7 Norway's OKT IG, whose example Patient has none.
Invariant: okt-5
Description: "En pasient som skrives til OKT, har fødselsnummer, D-nummer eller felles hjelpenummer (FHN)."
Severity: #error
Expression: "identifier.where(system in ('urn:oid:2.16.578.1.12.4.1.4.1' | 'urn:oid:2.16.578.1.12.4.1.4.2' | 'urn:oid:2.16.578.1.12.4.1.4.3')).exists()"
