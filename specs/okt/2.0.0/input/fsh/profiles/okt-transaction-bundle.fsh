Profile: OktTransactionBundle
Parent: Bundle
Id: okt-transaction-bundle
Title: "Skriving til OKT (transaksjon)"
Description: "En transaksjon som skriver tjenester (OktEpisodeOfCare), de ansvarlige enhetene (OktOrganization) og eventuelt pasientene tjenestene viser til (Patient med fødselsnummer, D-nummer eller FHN) til OKT; erstatter POST /okt-events i prototypen."
* . ^short = "Transaksjon til OKT"
* . ^definition = "Bundle av type transaction med OKT-tjenester og ansvarlige enheter."
* type = #transaction (exactly)
* type ^short = "transaction"
* type ^definition = "Alltid transaction."
* entry 1..* MS
* entry ^short = "Tjenester og enheter"
* entry ^definition = "Én oppføring per tjeneste og per ansvarlig enhet."
* entry ^slicing.discriminator.type = #profile
* entry ^slicing.discriminator.path = "resource"
* entry ^slicing.rules = #closed
* entry contains tjeneste 1..* MS and enhet 0..* MS and pasient 0..*
* entry[tjeneste] ^short = "En tjeneste"
* entry[tjeneste] ^definition = "En OKT-tjeneste som skal opprettes eller oppdateres."
* entry[tjeneste].resource 1..1
* entry[tjeneste].resource only OktEpisodeOfCare
* entry[tjeneste].request 1..1
* entry[enhet] ^short = "En ansvarlig enhet"
* entry[enhet] ^definition = "En ansvarlig enhet som tjenestene viser til."
* entry[enhet].resource 1..1
* entry[enhet].resource only OktOrganization
* entry[enhet].request 1..1
* entry[tjeneste].resource ^short = "Ressursen"
* entry[tjeneste].resource ^definition = "Selve tjenesten (OktEpisodeOfCare)."
* entry[tjeneste].request ^short = "Forespørselen"
* entry[tjeneste].request ^definition = "Hvordan tjeneren skal lagre ressursen (POST for tjenester, betinget PUT på organisasjonsnummer for enheter)."
* entry[enhet].resource ^short = "Ressursen"
* entry[enhet].resource ^definition = "Selve den ansvarlige enheten (OktOrganization)."
* entry[enhet].request ^short = "Forespørselen"
* entry[enhet].request ^definition = "Hvordan tjeneren skal lagre ressursen (POST for tjenester, betinget PUT på organisasjonsnummer for enheter)."
* entry[pasient] ^short = "En pasient"
* entry[pasient] ^definition = "Pasienten en tjeneste viser til med referanse (som i HL7 Norges OKT-IG), med identifikatoren NHNs API finner personen med (personIdentifier)."
* entry[pasient].resource 1..1
* entry[pasient].resource only OktPatient
* entry[pasient].resource ^short = "Ressursen"
* entry[pasient].resource ^definition = "Pasienten, med fødselsnummer, D-nummer eller FHN."
* entry[pasient].request 1..1
* entry[pasient].request ^short = "Forespørselen"
* entry[pasient].request ^definition = "Hvordan tjeneren skal lagre pasienten (for eksempel betinget PUT på identifikatoren)."
