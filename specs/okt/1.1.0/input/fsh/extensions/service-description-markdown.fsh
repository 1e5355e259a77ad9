Extension: ServiceDescriptionMarkdown
Id: okt-service-description-markdown
Title: "Utfyllende beskrivelse av tjenesten"
Description: "Utfyllende beskrivelse av tjenesten (OKT-feltet serviceDescription), som markdown. Samsvarer med ServiceDescriptionMarkdown i HL7 Norges OKT-hackathon-IG."
Context: EpisodeOfCare
* . ^short = "Utfyllende beskrivelse av tjenesten"
* . ^definition = "Utfyllende beskrivelse av tjenesten, som markdown."
* value[x] 1..1
* value[x] only markdown
* value[x] ^short = "Beskrivelsen"
* value[x] ^definition = "Beskrivelsen av tjenesten, som markdown."
* url ^short = "Utvidelsens URL"
* url ^definition = "Den kanoniske URL-en som identifiserer utvidelsen."
