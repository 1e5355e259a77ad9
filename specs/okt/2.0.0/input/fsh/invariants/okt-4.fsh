// Stricter than HL7 Norway's OKT IG (which allows any patient reference), because NHN's API identifies
// the person by personIdentifier, a Norwegian person number. The IG's plain reference stays allowed.
Invariant: okt-4
Description: "Når pasienten er angitt med identifikator, er den et fødselsnummer, D-nummer eller felles hjelpenummer (FHN)."
Severity: #error
Expression: "identifier.empty() or identifier.system in ('urn:oid:2.16.578.1.12.4.1.4.1' | 'urn:oid:2.16.578.1.12.4.1.4.2' | 'urn:oid:2.16.578.1.12.4.1.4.3')"
