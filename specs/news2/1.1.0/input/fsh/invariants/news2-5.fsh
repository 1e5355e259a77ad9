Invariant: news2-5
Description: "Utføreren identifiseres med fødselsnummer eller HPR-nummer (helsepersonell), eller med organisasjonsnummer eller RESH-id (virksomhet)."
Severity: #error
Expression: "identifier.system in ('urn:oid:2.16.578.1.12.4.1.4.1' | 'urn:oid:2.16.578.1.12.4.1.4.4' | 'urn:oid:2.16.578.1.12.4.1.4.101' | 'urn:oid:2.16.578.1.12.4.1.4.102')"
