Profile: News2Bevissthet
Parent: Observation
Id: news2-consciousness
Title: "Bevissthetsnivå (ACVPU)"
Description: "Bevissthetsnivå etter ACVPU-skalaen (våken, ny forvirring, reagerer på tiltale, reagerer på smerte, reagerer ikke), kodet med LOINC 67775-7, med LOINCs svarkoder."
* insert News2Bevissthetsnivaa
* code = $loinc#67775-7
