Invariant: news2-4
Description: "Pasienten identifiseres med fødselsnummer, D-nummer eller felles hjelpenummer (FHN)."
Severity: #error
Expression: "identifier.system in ('urn:oid:2.16.578.1.12.4.1.4.1' | 'urn:oid:2.16.578.1.12.4.1.4.2' | 'urn:oid:2.16.578.1.12.4.1.4.3')"
