// HL7 Norway's OKT IG 0.2.0 (commit ac99cc73e5573f0361441d4e6b5e9a68e67e3dce) ServiceDescriptionMarkdown,
// under the IG's own URL (okt 1.x had its own URL for the same extension).
Extension: ServiceDescriptionMarkdown
Id: okt-service-description-markdown
Title: "Utfyllende beskrivelse av tjenesten"
Description: "Utfyllende beskrivelse av tjenesten (OKT-feltet serviceDescription), som markdown. Samme utvidelse og URL som ServiceDescriptionMarkdown i HL7 Norges OKT-IG 0.2.0."
Context: EpisodeOfCare
* ^url = "http://hl7.no/fhir/ig/okt/StructureDefinition/ServiceDescriptionMarkdown"
* . ^short = "Utfyllende beskrivelse av tjenesten"
* . ^definition = "Utfyllende beskrivelse av tjenesten, som markdown."
* value[x] 1..1
* value[x] only markdown
* value[x] ^short = "Beskrivelsen"
* value[x] ^definition = "Beskrivelsen av tjenesten, som markdown."
* url ^short = "Utvidelsens URL"
* url ^definition = "Den kanoniske URL-en som identifiserer utvidelsen (HL7 Norges OKT-IG)."
