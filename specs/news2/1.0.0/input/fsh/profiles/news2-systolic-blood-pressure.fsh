Profile: News2SystoliskBlodtrykk
Parent: Observation
Id: news2-systolic-blood-pressure
Title: "Systolisk blodtrykk"
Description: "Systolisk blodtrykk i mmHg, målt for NEWS2."
* insert News2Maaling
* insert News2Mengde
* . ^short = "Systolisk blodtrykk"
* . ^definition = "Systolisk blodtrykk i mmHg, målt for NEWS2."
* code = $loinc#8480-6
* valueQuantity.code ^short = "mm[Hg] (millimeter kvikksølv)"
