Profile: News2Temperatur
Parent: Observation
Id: news2-body-temperature
Title: "Kroppstemperatur"
Description: "Kroppstemperatur i grader celsius, målt for NEWS2."
* insert News2Maaling
* insert News2Mengde
* . ^short = "Kroppstemperatur"
* . ^definition = "Kroppstemperatur i grader celsius, målt for NEWS2."
* code = $loinc#8310-5
* valueQuantity.code ^short = "Cel (grader celsius)"
