// The other OKT facts that the hackathon IG (0.1.0) carried as EpisodeOfCare.type slices. The
// prototype sends serviceLevel and stayType as free text with no published code list, so the code
// only says which fact a type entry holds and CodeableConcept.text carries the text as sent.
CodeSystem: OktDetaljer
Id: okt-detaljer
Title: "Opplysninger om en kommunal tjeneste i OKT"
Description: "Koder som sier hvilken opplysning en `EpisodeOfCare.type` i OKT bærer, utover IPLOS-tjenestetypen."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #serviceLevel "Tjenestenivå" "Ansvarlig enhet eller nivå for tjenesten, som fritekst i CodeableConcept.text (OKT-feltet serviceLevel)."
* #stayType "Oppholdstype" "Type opphold, som fritekst i CodeableConcept.text (OKT-feltet stayType)."
* #needsCaption "Behov for mer informasjon" "Tjenesten trenger mer forklaring i visningen (OKT-feltet needsCaption = true)."
