Profile: News2Puls
Parent: Observation
Id: news2-heart-rate
Title: "Puls"
Description: "Hjertefrekvens (puls) i slag per minutt, målt for NEWS2."
* insert News2Maaling
* insert News2Mengde
* . ^short = "Puls"
* . ^definition = "Hjertefrekvens (puls) i slag per minutt, målt for NEWS2."
* code = $loinc#8867-4
* valueQuantity.code ^short = "/min (slag per minutt)"
