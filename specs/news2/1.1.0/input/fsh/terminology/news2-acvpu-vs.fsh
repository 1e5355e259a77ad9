ValueSet: News2AcvpuVs
Id: news2-acvpu-vs
Title: "Bevissthetsnivå (ACVPU)"
Description: "LOINCs svarkoder for ACVPU: våken, ny forvirring, reagerer på tiltale, reagerer på smerte, reagerer ikke."
* ^status = #active
* ^experimental = false
* $loinc#LA9340-6 "Alert"
* $loinc#LA6560-2 "Confused"
* $loinc#LA17108-4 "Responds to voice"
* $loinc#LA17107-6 "Responds to pain"
* $loinc#LA9343-0 "Unresponsive"
