// What every NEWS2 Observation shares: the patient by Norwegian identifier, a point in time, and
// the performer by FNR or HPR number, or organisation number or RESH id (logical references). VKP
// (VkpObservation 0.5.2) names the author by FNR and the organisation by ORG or RESH; HPR is our own.
RuleSet: News2Felles
* status ^short = "final | amended | corrected | entered-in-error"
* status ^definition = "Status for målingen eller vurderingen; final når den er ferdig registrert."
* subject 1..1 MS
* subject obeys news2-4
* subject ^short = "Pasienten, angitt ved identifikator"
* subject ^definition = "Pasienten målingen gjelder, identifisert med fødselsnummer, D-nummer eller FHN med gyldige kontrollsifre."
* subject.identifier 1..1 MS
* subject.identifier ^short = "Fødselsnummer, D-nummer eller FHN"
* subject.identifier ^definition = "Personidentifikatoren med no-basis-OID som system; kontrollsifrene sjekkes."
* subject.identifier.system 1..1
* subject.identifier.system ^short = "OID for identifikatortypen"
* subject.identifier.system ^definition = "urn:oid:2.16.578.1.12.4.1.4.1 (fødselsnummer), .4.2 (D-nummer) eller .4.3 (FHN)."
* subject.identifier.value 1..1
* subject.identifier.value ^short = "Nummeret (11 siffer)"
* subject.identifier.value ^definition = "Personidentifikatoren, 11 siffer med gyldige kontrollsifre."
* effective[x] 1..1 MS
* effective[x] only dateTime
* effective[x] ^short = "Tidspunkt for målingen"
* effective[x] ^definition = "Når målingen ble gjort (eller vurderingen beregnet), med klokkeslett og tidssone."
* performer MS
* performer obeys news2-5
* performer ^short = "Helsepersonell (fødselsnummer eller HPR-nummer) og/eller virksomhet (organisasjonsnummer eller RESH-id)"
* performer ^definition = "Hvem som gjorde målingen, som logisk referanse: helsepersonell med fødselsnummer (som forfatteren i VkpObservation) eller HPR-nummer (vårt eget tillegg), og/eller virksomheten med organisasjonsnummer eller RESH-id (som i VkpObservation)."
