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

// An ACVPU measurement, whichever code names it (news2-consciousness, news2-consciousness-snomed).
RuleSet: News2Bevissthetsnivaa
* insert News2Maaling
* . ^short = "Bevissthetsnivå (ACVPU)"
* . ^definition = "Bevissthetsnivå etter ACVPU-skalaen, vurdert for NEWS2."
* value[x] only CodeableConcept
* valueCodeableConcept from News2AcvpuVs (required)
* valueCodeableConcept ^short = "A, C, V, P eller U"
* valueCodeableConcept ^definition = "Svarkoden fra LOINC: LA9340-6 våken (A), LA6560-2 ny forvirring (C), LA17108-4 reagerer på tiltale (V), LA17107-6 reagerer på smerte (P), LA9343-0 reagerer ikke (U)."
