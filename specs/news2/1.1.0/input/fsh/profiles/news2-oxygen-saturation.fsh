Profile: News2Oksygenmetning
Parent: Observation
Id: news2-oxygen-saturation
Title: "Oksygenmetning (SpO2)"
Description: "Oksygenmetning målt med pulsoksymeter, i prosent, målt for NEWS2. Kodet både med LOINC 2708-6 (oksygenmetning, som FHIRs profil for vitale parametre krever) og 59408-5 (målt med pulsoksymeter), slik US Cores profil for pulsoksymetri gjør."
* insert News2Maaling
* insert News2Mengde
* . ^short = "Oksygenmetning (SpO2)"
* . ^definition = "Oksygenmetning målt med pulsoksymeter, i prosent, målt for NEWS2."
// Both codings are required: FHIR's oxygensat profile (which HL7's validator applies to every
// Observation coded 2708-6 or 59408-5) requires 2708-6; 59408-5 says the value is from pulse oximetry.
* code = $loinc#2708-6
* code ^patternCodeableConcept.coding[1] = $loinc#59408-5
* code ^short = "LOINC 2708-6 og 59408-5"
* code ^definition = "To LOINC-kodinger: 2708-6 (oksygenmetning i arterielt blod) og 59408-5 (oksygenmetning målt med pulsoksymeter)."
* valueQuantity.code ^short = "% (prosent)"
