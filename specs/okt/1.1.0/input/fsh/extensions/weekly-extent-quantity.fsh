Extension: WeeklyExtentQuantity
Id: okt-weekly-extent-quantity
Title: "Omfang per uke (timer)"
Description: "Hvor mange timer per uke tjenesten gis, som UCUM-mengde i timer (h), 0–168. Samsvarer med WeeklyExtentQuantity i HL7 Norges OKT-hackathon-IG 0.1.0."
Context: EpisodeOfCare
* . ^short = "Omfang per uke i timer"
* . ^definition = "Hvor mange timer per uke tjenesten gis (0–168 timer)."
* obeys okt-3
* value[x] 1..1
* value[x] only Quantity
* value[x] ^short = "Timer per uke"
* value[x] ^definition = "Antall timer per uke, med UCUM-enheten h."
* valueQuantity.value 1..1
* valueQuantity.value ^short = "Antall timer"
* valueQuantity.value ^definition = "Antall timer per uke, fra og med 0 til og med 168."
* valueQuantity.system 1..1
* valueQuantity.system = $ucum (exactly)
* valueQuantity.system ^short = "UCUM"
* valueQuantity.system ^definition = "Enheten er en UCUM-kode."
* valueQuantity.code 1..1
* valueQuantity.code = #h (exactly)
* valueQuantity.code ^short = "Timer (h)"
* valueQuantity.code ^definition = "UCUM-koden for time."
* url ^short = "Utvidelsens URL"
* url ^definition = "Den kanoniske URL-en som identifiserer utvidelsen."
