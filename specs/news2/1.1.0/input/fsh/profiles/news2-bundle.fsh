Profile: News2Bundle
Parent: Bundle
Id: news2-bundle
Title: "Deling av en NEWS2-vurdering (transaksjon)"
Description: "En transaksjon som deler én NEWS2-vurdering sammen med målingene den er beregnet fra."
* . ^short = "Én NEWS2-vurdering med målinger"
* . ^definition = "Bundle av type transaction med én NEWS2-vurdering og de vitale målingene den viser til."
* type = #transaction (exactly)
* type ^short = "transaction"
* type ^definition = "Alltid transaction."
* entry 2..* MS
* entry ^short = "Vurderingen og målingene"
* entry ^definition = "Én oppføring for vurderingen og én per måling."
* entry ^slicing.discriminator.type = #profile
* entry ^slicing.discriminator.path = "resource"
* entry ^slicing.rules = #open
* entry contains vurdering 1..1 MS
* entry[vurdering] ^short = "NEWS2-vurderingen"
* entry[vurdering] ^definition = "Den ene NEWS2-vurderingen (totalskår med delskårer)."
* entry[vurdering].resource 1..1
* entry[vurdering].resource only News2Vurdering
* entry[vurdering].request 1..1
* entry.resource ^short = "Ressursen"
* entry.resource ^definition = "Vurderingen eller en måling (Observation med en av NEWS2-profilene)."
* entry.resource 1..1
* entry.request 1..1
* entry.request ^short = "Forespørselen"
* entry.request ^definition = "Hvordan tjeneren skal lagre ressursen (POST)."
