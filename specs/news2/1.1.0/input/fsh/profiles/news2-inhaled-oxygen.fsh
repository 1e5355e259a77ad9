Profile: News2Oksygentilforsel
Parent: Observation
Id: news2-inhaled-oxygen
Title: "Luft eller oksygentilførsel"
Description: "Tilført oksygen i liter per minutt; 0 betyr at pasienten puster vanlig luft. Gir NEWS2-delskåren for luft eller oksygen."
* insert News2Maaling
* insert News2Mengde
* . ^short = "Luft eller oksygentilførsel"
* . ^definition = "Tilført oksygen i liter per minutt; 0 betyr at pasienten puster vanlig luft. Gir NEWS2-delskåren for luft eller oksygen."
* code = $loinc#3151-8
* valueQuantity.code ^short = "L/min (liter per minutt)"
