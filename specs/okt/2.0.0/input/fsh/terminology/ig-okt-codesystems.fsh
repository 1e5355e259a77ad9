// Copies of the three small code systems of HL7 Norway's OKT IG 0.2.0 (github.com/HL7Norway/
// FHIR-hackathon-2025-okt-ig, commit ac99cc73e5573f0361441d4e6b5e9a68e67e3dce, input/fsh/terminology),
// under the IG's own URLs, so that codings the IG's data carries are checked offline. Written here
// from what the IG publishes (codes and texts), marked as copies; where they differ, the IG applies.
CodeSystem: OktStayTypeCodeSystem
Id: okt-ig-stay-type
Title: "Oppholdstype (kopi fra HL7 Norges OKT-IG)"
Description: "Kopi av kodeverket Oppholdstype i HL7 Norges OKT-IG 0.2.0. Ved avvik gjelder implementasjonsveiledningen."
* ^url = "http://hl7.no/fhir/ig/okt/CodeSystem/OktStayTypeCs"
* ^extension[0].url = "http://hl7.org/fhir/StructureDefinition/codesystem-sourceReference"
* ^extension[0].valueUri = "https://github.com/HL7Norway/FHIR-hackathon-2025-okt-ig/blob/ac99cc73e5573f0361441d4e6b5e9a68e67e3dce/input/fsh/terminology/staytype-codesystem.fsh"
* ^status = #draft
* ^experimental = true
* ^caseSensitive = false
* ^content = #complete
* #dagopphold "Dagopphold" "Dagopphold i institusjon"
* #korttidsopphold "Korttidsopphold" "Korttidsopphold i institusjon"

CodeSystem: OktServiceLevelCodeSystem
Id: okt-ig-service-level
Title: "Tjenestenivå (kopi fra HL7 Norges OKT-IG)"
Description: "Kopi av kodeverket Tjenestenivå i HL7 Norges OKT-IG 0.2.0. Ved avvik gjelder implementasjonsveiledningen."
* ^url = "http://hl7.no/fhir/ig/okt/CodeSystem/OktServiceLevelCs"
* ^extension[0].url = "http://hl7.org/fhir/StructureDefinition/codesystem-sourceReference"
* ^extension[0].valueUri = "https://github.com/HL7Norway/FHIR-hackathon-2025-okt-ig/blob/ac99cc73e5573f0361441d4e6b5e9a68e67e3dce/input/fsh/terminology/servicelevel-codesystem.fsh"
* ^status = #draft
* ^experimental = true
* ^caseSensitive = false
* ^content = #complete
* #dps "Distriktspsykiatrisk senter" "Distriktspsykiatrisk senter"

CodeSystem: OktOrderDetailsCodeSystem
Id: okt-ig-order-details
Title: "Indikatorer for tjenesten (kopi fra HL7 Norges OKT-IG)"
Description: "Kopi av kodeverket Indikatorer for tjenesten i HL7 Norges OKT-IG 0.2.0. Ved avvik gjelder implementasjonsveiledningen."
* ^url = "http://hl7.no/fhir/ig/okt/CodeSystem/OktOrderDetailsCs"
* ^extension[0].url = "http://hl7.org/fhir/StructureDefinition/codesystem-sourceReference"
* ^extension[0].valueUri = "https://github.com/HL7Norway/FHIR-hackathon-2025-okt-ig/blob/ac99cc73e5573f0361441d4e6b5e9a68e67e3dce/input/fsh/terminology/orderdetails-codesystem.fsh"
* ^status = #draft
* ^experimental = true
* ^caseSensitive = false
* ^content = #complete
* #needsCaption "Behov for mer informasjon i GUI" "Indikator for om det er behov for mer informasjon i GUI"

ValueSet: OktStayTypeValueSet
Id: okt-ig-stay-type-vs
Title: "Oppholdstype (kopi fra HL7 Norges OKT-IG)"
Description: "Alle kodene i kodeverket Oppholdstype fra HL7 Norges OKT-IG 0.2.0."
* ^url = "http://hl7.no/fhir/ig/okt/ValueSet/OktStayTypeVs"
* ^status = #draft
* ^experimental = true
* include codes from system OktStayTypeCodeSystem
