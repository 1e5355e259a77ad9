Profile: News2Oksygenmetning
Parent: Observation
Id: news2-oxygen-saturation
Title: "Oksygenmetning (SpO2)"
Description: "Oksygenmetning målt med pulsoksymeter, i prosent, målt for NEWS2."
* insert News2Maaling
* insert News2Mengde
* . ^short = "Oksygenmetning (SpO2)"
* . ^definition = "Oksygenmetning målt med pulsoksymeter, i prosent, målt for NEWS2."
* code = $loinc#59408-5
* valueQuantity.code ^short = "% (prosent)"
