Invariant: news2-5
Description: "Utføreren identifiseres med HPR-nummer (helsepersonell) eller organisasjonsnummer (virksomhet)."
Severity: #error
Expression: "identifier.system in ('urn:oid:2.16.578.1.12.4.1.4.4' | 'urn:oid:2.16.578.1.12.4.1.4.101')"
