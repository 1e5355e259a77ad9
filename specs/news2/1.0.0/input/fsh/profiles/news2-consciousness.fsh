Profile: News2Bevissthet
Parent: Observation
Id: news2-consciousness
Title: "Bevissthetsnivå (ACVPU)"
Description: "Bevissthetsnivå etter ACVPU-skalaen (våken, ny forvirring, reagerer på tiltale, reagerer på smerte, reagerer ikke), med LOINCs svarkoder."
* insert News2Maaling
* . ^short = "Bevissthetsnivå (ACVPU)"
* . ^definition = "Bevissthetsnivå etter ACVPU-skalaen, vurdert for NEWS2."
* code = $loinc#67775-7
* value[x] only CodeableConcept
* valueCodeableConcept from News2AcvpuVs (required)
* valueCodeableConcept ^short = "A, C, V, P eller U"
* valueCodeableConcept ^definition = "Svarkoden fra LOINC: LA9340-6 våken (A), LA6560-2 ny forvirring (C), LA17108-4 reagerer på tiltale (V), LA17107-6 reagerer på smerte (P), LA9343-0 reagerer ikke (U)."
