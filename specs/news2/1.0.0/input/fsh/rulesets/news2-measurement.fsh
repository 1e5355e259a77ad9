// The vital-signs pattern (FHIR R4 vital signs profile): category vital-signs, one LOINC code, a
// UCUM quantity. Units and plausible ranges are checked by the news2 rule set, which converts units.
RuleSet: News2Maaling
* insert News2Felles
* category 1..* MS
* category = $obscat#vital-signs
* category ^short = "vital-signs"
* category ^definition = "Kategorien vital-signs, som i FHIRs mønster for vitale parametre."
* code MS
* code ^short = "Hva som er målt (LOINC)"
* code ^definition = "LOINC-koden for målingen."
* value[x] MS
* value[x] ^short = "Målt verdi"
* value[x] ^definition = "Den målte verdien; mangler den, sier dataAbsentReason hvorfor (da kan NEWS2 ikke beregnes)."

RuleSet: News2Mengde
* value[x] only Quantity
* valueQuantity.value 1..1
* valueQuantity.value ^short = "Tallverdien"
* valueQuantity.value ^definition = "Den målte tallverdien."
* valueQuantity.system 1..1
* valueQuantity.system = $ucum (exactly)
* valueQuantity.system ^short = "UCUM"
* valueQuantity.system ^definition = "Enheten er kodet i UCUM."
* valueQuantity.code 1..1
* valueQuantity.code ^short = "UCUM-koden for enheten"
* valueQuantity.code ^definition = "Enheten som UCUM-kode; enheter som kan regnes om til den foretrukne, godtas."

// A blood pressure component's value: a UCUM quantity, as the whole measurement's in News2Mengde.
RuleSet: News2Komponentmengde
* value[x] 1..1
* value[x] only Quantity
* valueQuantity.value 1..1
* valueQuantity.value ^short = "Tallverdien"
* valueQuantity.value ^definition = "Det målte trykket."
* valueQuantity.system 1..1
* valueQuantity.system = $ucum (exactly)
* valueQuantity.system ^short = "UCUM"
* valueQuantity.system ^definition = "Enheten er kodet i UCUM."
* valueQuantity.code 1..1
* valueQuantity.code ^short = "mm[Hg] (millimeter kvikksølv)"
* valueQuantity.code ^definition = "Enheten som UCUM-kode; kPa godtas og regnes om."
