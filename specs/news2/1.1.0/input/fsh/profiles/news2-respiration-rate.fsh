Profile: News2Respirasjonsfrekvens
Parent: Observation
Id: news2-respiration-rate
Title: "Respirasjonsfrekvens"
Description: "Antall åndedrag per minutt, målt for NEWS2."
* insert News2Maaling
* insert News2Mengde
* . ^short = "Respirasjonsfrekvens"
* . ^definition = "Antall åndedrag per minutt, målt for NEWS2."
* code = $loinc#9279-1
* valueQuantity.code ^short = "/min (åndedrag per minutt)"
