Profile: News2Blodtrykk
Parent: Observation
Id: news2-blood-pressure
Title: "Blodtrykk"
Description: "Blodtrykk i mmHg som panel med systolisk og diastolisk komponent, etter FHIRs profil for blodtrykk, målt for NEWS2. NEWS2 skårer den systoliske komponenten."
* insert News2Maaling
* . ^short = "Blodtrykk (systolisk og diastolisk)"
* . ^definition = "Blodtrykk i mmHg med systolisk og diastolisk komponent, målt for NEWS2; delskåren beregnes fra det systoliske."
// FHIR's bp profile (applied by HL7's validator to Observations coded 85354-9, 8480-6, 8462-4 and
// other blood pressure codes) requires the panel code, both components and no value of its own.
* code = $loinc#85354-9
* code ^short = "LOINC 85354-9 (blodtrykkspanel)"
* value[x] 0..0
* component 2..* MS
* component ^short = "Systolisk og diastolisk trykk"
* component ^definition = "Én komponent for systolisk og én for diastolisk trykk, hver med verdi i mmHg."
* component ^slicing.discriminator.type = #pattern
* component ^slicing.discriminator.path = "code"
* component ^slicing.rules = #open
* component ^slicing.description = "Skilt på komponentens LOINC-kode."
* component contains
    systolisk 1..1 MS and
    diastolisk 1..1 MS
* component[systolisk].code = $loinc#8480-6
* component[systolisk] ^short = "Systolisk blodtrykk"
* component[systolisk] ^definition = "Systolisk blodtrykk i mmHg; NEWS2-delskåren for blodtrykk beregnes fra denne."
* component[systolisk] insert News2Komponentmengde
* component[diastolisk].code = $loinc#8462-4
* component[diastolisk] ^short = "Diastolisk blodtrykk"
* component[diastolisk] ^definition = "Diastolisk blodtrykk i mmHg (inngår ikke i NEWS2, men FHIRs blodtrykksprofil krever det)."
* component[diastolisk] insert News2Komponentmengde
