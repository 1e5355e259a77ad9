Profile: OktOrganization
Parent: Organization
Id: okt-organization
Title: "Ansvarlig kommunal enhet (Organization)"
Description: "Enheten i kommunen som har ansvar for en OKT-tjeneste, identifisert med organisasjonsnummer, med kontaktinformasjon og plass i kommunens hierarki (partOf)."
* . ^short = "Ansvarlig kommunal enhet"
* . ^definition = "En enhet i kommunen (kommunen selv, en sone, en avdeling) som har ansvar for tjenester i OKT."
* identifier 1..* MS
* identifier ^short = "Identifikatorer for enheten"
* identifier ^definition = "Enhetens identifikatorer; organisasjonsnummeret er påkrevd."
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier contains organisasjonsnummer 1..1 MS
* identifier[organisasjonsnummer] ^short = "Organisasjonsnummer (Enhetsregisteret)"
* identifier[organisasjonsnummer] ^definition = "Enhetens organisasjonsnummer i Enhetsregisteret, ni siffer med gyldig kontrollsiffer."
* identifier[organisasjonsnummer].system 1..1
* identifier[organisasjonsnummer].system = $orgnr (exactly)
* identifier[organisasjonsnummer].system ^short = "OID for organisasjonsnummer"
* identifier[organisasjonsnummer].system ^definition = "urn:oid:2.16.578.1.12.4.1.4.101"
* identifier[organisasjonsnummer].value 1..1
* identifier[organisasjonsnummer].value ^short = "Organisasjonsnummeret"
* identifier[organisasjonsnummer].value ^definition = "Ni siffer; kontrollsifferet sjekkes (modulus 11)."
* name 1..1 MS
* name ^short = "Enhetens navn"
* name ^definition = "Navnet som vises for den ansvarlige enheten, f.eks. \"Hjemmetjenesten sone vest\"."
* telecom MS
* telecom ^short = "Kontaktinformasjon til enheten"
* telecom ^definition = "Telefon eller annen kontaktinformasjon som legevakten kan bruke for å nå enheten."
* partOf MS
* partOf only Reference(OktOrganization)
* partOf ^short = "Overordnet enhet"
* partOf ^definition = "Enheten som denne enheten er en del av (kommunens hierarki)."
