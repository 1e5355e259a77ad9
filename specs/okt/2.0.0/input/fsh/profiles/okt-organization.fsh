// HL7 Norway's OKT IG 0.2.0 (commit ac99cc73e5573f0361441d4e6b5e9a68e67e3dce) uses plain Organization
// for the responsible unit (its examples: name, partOf, contact.telecom, no identifier). NHN's API takes
// the municipality from the HelseID token, so nothing here is stricter than the IG: the organisation
// number is a slice for when it is sent (its check digit is then checked), not a requirement.
Profile: OktOrganization
Parent: Organization
Id: okt-organization
Title: "Ansvarlig kommunal enhet (Organization)"
Description: "Enheten i kommunen som har ansvar for en OKT-tjeneste, med navn, kontaktinformasjon og plass i kommunens hierarki (partOf), som i HL7 Norges OKT-IG; organisasjonsnummeret når det er kjent."
* . ^short = "Ansvarlig kommunal enhet"
* . ^definition = "En enhet i kommunen (kommunen selv, en sone, en avdeling) som har ansvar for tjenester i OKT."
* identifier MS
* identifier ^short = "Identifikatorer for enheten"
* identifier ^definition = "Enhetens identifikatorer, for eksempel organisasjonsnummeret."
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier contains organisasjonsnummer 0..1 MS
* identifier[organisasjonsnummer] ^short = "Organisasjonsnummer (Enhetsregisteret)"
* identifier[organisasjonsnummer] ^definition = "Enhetens organisasjonsnummer i Enhetsregisteret, ni siffer med gyldig kontrollsiffer."
* identifier[organisasjonsnummer].system 1..1
* identifier[organisasjonsnummer].system = $orgnr (exactly)
* identifier[organisasjonsnummer].system ^short = "OID for organisasjonsnummer"
* identifier[organisasjonsnummer].system ^definition = "urn:oid:2.16.578.1.12.4.1.4.101"
* identifier[organisasjonsnummer].value 1..1
* identifier[organisasjonsnummer].value ^short = "Organisasjonsnummeret"
* identifier[organisasjonsnummer].value ^definition = "Ni siffer; kontrollsifferet sjekkes (modulus 11)."
* name MS
* name ^short = "Enhetens navn"
* name ^definition = "Navnet som vises for den ansvarlige enheten, f.eks. \"Sone Vest\"."
* telecom MS
* telecom ^short = "Kontaktinformasjon til enheten"
* telecom ^definition = "Telefon eller annen kontaktinformasjon som legevakten kan bruke for å nå enheten."
* contact.telecom MS
* contact.telecom ^short = "Kontaktinformasjon, slik HL7 Norges OKT-IG skriver den"
* contact.telecom ^definition = "Telefon eller annen kontaktinformasjon for enheten (implementasjonsveiledningens eksempler bruker contact.telecom)."
* partOf MS
* partOf ^short = "Overordnet enhet"
* partOf ^definition = "Enheten som denne enheten er en del av (kommunens hierarki)."
