Profile: OktEpisodeOfCare
Parent: EpisodeOfCare
Id: okt-episode-of-care
Title: "OKT-tjeneste (EpisodeOfCare)"
Description: "Én kommunal helse- og omsorgstjeneste som en innbygger har, slik OKT deler den: én EpisodeOfCare per tjeneste (én OktMessage i prototypen). Følger OktEpisodeOfCare i HL7 Norges OKT-IG 0.2.0; det som er strengere eller lagt til her, står på siden «Forskjeller fra HL7 Norges IG»."
// HL7 Norway's OKT IG 0.2.0 at commit ac99cc73e5573f0361441d4e6b5e9a68e67e3dce (input/fsh/profiles/
// okt-message-episode-of-care.fsh). Every rule here that is stricter than the IG is listed, with its
// reason and source, in ../../ig-differences.yaml (the generated page "Forskjeller fra HL7 Norges IG").
* obeys okt-2
* . ^short = "Én kommunal tjeneste for én innbygger"
* . ^definition = "Én kommunal helse- og omsorgstjeneste som innbyggeren har, har hatt eller har midlertidig stanset."

* extension ^short = "Utvidelser for OKT-feltene"
* extension ^definition = "Omfang per uke, beskrivelse av tjenesten og IPLOS-kodens nivå og overordnede kode."
* extension contains
    WeeklyExtentRatio named weeklyExtentRatio 0..1 MS and
    WeeklyExtentText named weeklyExtentText 0..1 and
    ServiceDescriptionMarkdown named serviceDescriptionMarkdown 0..1 MS and
    IplosCodeLevel named iplosCodeLevel 0..1 and
    IplosParentCode named iplosParentCode 0..1
* extension[weeklyExtentRatio] ^short = "Omfang per uke i timer"
* extension[weeklyExtentRatio] ^definition = "Hvor mange timer per uke tjenesten gis, som timer per uke (HL7 Norges OKT-IG). Fra OKT-feltet weeklyExtent når teksten kan tolkes som timer."
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

* type MS
* type ^short = "Tjenestetype og andre opplysninger om tjenesten"
* type ^definition = "Høyst én IPLOS-tjenestetype og høyst én oppholdstype, som i HL7 Norges OKT-IG; andre opplysninger (tjenestenivå, behov for mer informasjon) kan stå i flere type-oppføringer."
* type ^slicing.discriminator.type = #value
* type ^slicing.discriminator.path = "coding"
* type ^slicing.rules = #open
* type ^slicing.description = "Skilt på coding: IPLOS-koden og oppholdstypen ved bindingen til kodeverkene i HL7 Norges OKT-IG. Åpen: andre oppføringer er tillatt."
* type contains
    iplosCode 0..1 MS and
    stayType 0..1 MS
* type[iplosCode] ^short = "Tjenestetype (IPLOS, kodeverk 9151)"
* type[iplosCode] ^definition = "Tjenestetypen som kode i kodeverk 9151 (FinnKode) (OKT-feltet iplosCode.iplosCodeValue)."
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
* type[stayType] ^short = "Oppholdstype (HL7 Norges OKT-IG)"
* type[stayType] ^definition = "Oppholdstypen som kode fra kodeverket Oppholdstype i HL7 Norges OKT-IG."
* type[stayType].coding 1..1 MS
* type[stayType].coding from OktStayTypeValueSet (required)
* type[stayType].coding ^short = "Oppholdstypen"
* type[stayType].coding ^definition = "En kode fra OktStayTypeCs (dagopphold, korttidsopphold)."

* patient MS
* patient obeys okt-4
* patient ^short = "Innbyggeren"
* patient ^definition = "Innbyggeren som har tjenesten: en referanse til Patient (som i HL7 Norges OKT-IG), eller identifikatoren (fødselsnummer, D-nummer eller FHN; OKT-feltet personIdentifier)."
* patient.identifier MS
* patient.identifier ^short = "Fødselsnummer, D-nummer eller FHN"
* patient.identifier ^definition = "Personidentifikatoren med no-basis-OID som system; kontrollsifrene sjekkes."

* managingOrganization MS
* managingOrganization ^short = "Ansvarlig kommunal enhet"
* managingOrganization ^definition = "Enheten i kommunen som har ansvar for tjenesten (en Organization, som i HL7 Norges OKT-IG)."

* period 1..1 MS
* period ^short = "Tjenestens periode"
* period ^definition = "Når tjenesten startet og eventuelt sluttet."
* period.start 1..1 MS
* period.start ^short = "Startdato"
* period.start ^definition = "Startdato for levering av tjenesten (OKT-feltet startDate)."
* period.end MS
* period.end ^short = "Sluttdato"
* period.end ^definition = "Sluttdato når tjenesten er avsluttet (OKT-feltet endDate); påkrevd når status er finished."
