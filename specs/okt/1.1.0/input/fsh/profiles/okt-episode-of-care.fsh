Profile: OktEpisodeOfCare
Parent: EpisodeOfCare
Id: okt-episode-of-care
Title: "OKT-tjeneste (EpisodeOfCare)"
Description: "Én kommunal helse- og omsorgstjeneste som en innbygger har, slik OKT deler den: én EpisodeOfCare per tjeneste (én OktMessage i prototypen). Bygger på OktEpisodeOfCare i HL7 Norges OKT-hackathon-IG."
* obeys okt-1 and okt-2
* . ^short = "Én kommunal tjeneste for én innbygger"
* . ^definition = "Én kommunal helse- og omsorgstjeneste som innbyggeren har, har hatt eller har midlertidig stanset."

* extension ^short = "Utvidelser for OKT-feltene"
* extension ^definition = "Omfang per uke, beskrivelse av tjenesten og IPLOS-kodens nivå og overordnede kode."
* extension contains
    WeeklyExtentQuantity named weeklyExtentQuantity 0..1 MS and
    WeeklyExtentText named weeklyExtentText 0..1 and
    ServiceDescriptionMarkdown named serviceDescriptionMarkdown 0..1 MS and
    IplosCodeLevel named iplosCodeLevel 0..1 and
    IplosParentCode named iplosParentCode 0..1
* extension[weeklyExtentQuantity] ^short = "Omfang per uke i timer"
* extension[weeklyExtentQuantity] ^definition = "Hvor mange timer per uke tjenesten gis (0–168). Fra OKT-feltet weeklyExtent når teksten kan tolkes som timer."
* extension[weeklyExtentText] ^short = "Omfang per uke som fritekst"
* extension[weeklyExtentText] ^definition = "OKT-feltet weeklyExtent slik kilden skrev det."
* extension[serviceDescriptionMarkdown] ^short = "Utfyllende beskrivelse av tjenesten"
* extension[serviceDescriptionMarkdown] ^definition = "OKT-feltet serviceDescription, som markdown."
* extension[iplosCodeLevel] ^short = "Nivå for IPLOS-koden"
* extension[iplosCodeLevel] ^definition = "OKT-feltet iplosCode.iplosCodeLevel."
* extension[iplosParentCode] ^short = "Overordnet IPLOS-kode"
* extension[iplosParentCode] ^definition = "OKT-feltet iplosCode.iplosParentCode."

* status MS
* status from OktStatusVs (required)
* status ^short = "active | onhold | finished | entered-in-error"
* status ^definition = "Tjenestens status: active (pågår), onhold (midlertidig stanset, OKT-feltet temporaryCessation = true), finished (avsluttet, med sluttdato) eller entered-in-error (registrert ved en feil)."

* type 1..* MS
* type ^short = "Tjenestetype og andre opplysninger om tjenesten"
* type ^definition = "Nøyaktig én IPLOS-tjenestetype, og eventuelt tjenestenivå, oppholdstype og behov for mer informasjon."
* type ^slicing.discriminator.type = #value
* type ^slicing.discriminator.path = "coding"
* type ^slicing.rules = #closed
* type ^slicing.description = "Skilt på coding: IPLOS-koden ved bindingen, de andre ved fast kode."
* type contains
    iplosCode 1..1 MS and
    serviceLevel 0..1 MS and
    stayType 0..1 MS and
    needsCaption 0..1 MS
* type[iplosCode] ^short = "Tjenestetype (IPLOS, kodeverk 9151)"
* type[iplosCode] ^definition = "Tjenestetypen som kode i kodeverk 9151 (FinnKode) (OKT-feltet iplosCode.iplosCodeValue; display er iplosCodeDescription)."
* type[iplosCode].coding 1..1 MS
* type[iplosCode].coding from IplosTjenestetypeVs (required)
* type[iplosCode].coding ^short = "IPLOS-koden"
* type[iplosCode].coding ^definition = "Én gjeldende kode fra kodeverk 9151, uten innledende null."
* type[iplosCode].coding.system 1..1
* type[iplosCode].coding.system = $iplos (exactly)
* type[iplosCode].coding.system ^short = "Kodeverk 9151"
* type[iplosCode].coding.system ^definition = "OID-en til kodeverket Tjenestetype i helse- og omsorgstjenesten."
* type[iplosCode].coding.code 1..1
* type[iplosCode].coding.code ^short = "Koden, f.eks. 15"
* type[iplosCode].coding.code ^definition = "Tjenestetypens kode, uten innledende null."
* type[serviceLevel] ^short = "Tjenestenivå (fritekst)"
* type[serviceLevel] ^definition = "Ansvarlig enhet eller nivå for tjenesten som fritekst i text (OKT-feltet serviceLevel)."
* type[serviceLevel].coding 1..1
* type[serviceLevel].coding = OktDetaljer#serviceLevel
* type[serviceLevel].coding ^short = "Fast kode: serviceLevel"
* type[serviceLevel].coding ^definition = "Sier at denne type-oppføringen er tjenestenivået."
* type[serviceLevel].text 1..1
* type[serviceLevel].text ^short = "Tjenestenivået som sendt"
* type[serviceLevel].text ^definition = "Teksten fra OKT-feltet serviceLevel, uendret."
* type[stayType] ^short = "Oppholdstype (fritekst)"
* type[stayType] ^definition = "Type opphold som fritekst i text (OKT-feltet stayType)."
* type[stayType].coding 1..1
* type[stayType].coding = OktDetaljer#stayType
* type[stayType].coding ^short = "Fast kode: stayType"
* type[stayType].coding ^definition = "Sier at denne type-oppføringen er oppholdstypen."
* type[stayType].text 1..1
* type[stayType].text ^short = "Oppholdstypen som sendt"
* type[stayType].text ^definition = "Teksten fra OKT-feltet stayType, uendret."
* type[needsCaption] ^short = "Behov for mer informasjon i visningen"
* type[needsCaption] ^definition = "Finnes når OKT-feltet needsCaption er true."
* type[needsCaption].coding 1..1
* type[needsCaption].coding = OktDetaljer#needsCaption
* type[needsCaption].coding ^short = "Fast kode: needsCaption"
* type[needsCaption].coding ^definition = "Sier at tjenesten trenger mer forklaring i visningen."

* patient MS
* patient obeys okt-4
* patient ^short = "Innbyggeren, angitt ved identifikator"
* patient ^definition = "Innbyggeren som har tjenesten, identifisert med fødselsnummer, D-nummer eller FHN (OKT-feltet personIdentifier)."
* patient.identifier 1..1 MS
* patient.identifier ^short = "Fødselsnummer, D-nummer eller FHN"
* patient.identifier ^definition = "Personidentifikatoren med no-basis-OID som system; kontrollsifrene sjekkes."
* patient.identifier.system 1..1
* patient.identifier.system ^short = "OID for identifikatortypen"
* patient.identifier.system ^definition = "urn:oid:2.16.578.1.12.4.1.4.1 (fødselsnummer), .4.2 (D-nummer) eller .4.3 (FHN)."
* patient.identifier.value 1..1
* patient.identifier.value ^short = "Nummeret (11 siffer)"
* patient.identifier.value ^definition = "Personidentifikatoren, 11 siffer med gyldige kontrollsifre."

* managingOrganization 1..1 MS
* managingOrganization only Reference(OktOrganization)
* managingOrganization ^short = "Ansvarlig kommunal enhet"
* managingOrganization ^definition = "Enheten i kommunen som har ansvar for tjenesten, med organisasjonsnummer, kontaktinformasjon og plass i hierarkiet."

* period 1..1 MS
* period ^short = "Tjenestens periode"
* period ^definition = "Når tjenesten startet og eventuelt sluttet."
* period.start 1..1 MS
* period.start ^short = "Startdato"
* period.start ^definition = "Startdato for levering av tjenesten (OKT-feltet startDate)."
* period.end MS
* period.end ^short = "Sluttdato"
* period.end ^definition = "Sluttdato når tjenesten er avsluttet (OKT-feltet endDate); ikke før startdato, og påkrevd når status er finished."
