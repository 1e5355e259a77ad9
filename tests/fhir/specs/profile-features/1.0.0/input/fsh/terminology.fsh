// Our own code system and value set, bound required and extensible in the profiles.
CodeSystem: JlColours
Id: jl-colours
Title: "Colours (test code system)"
* ^status = #draft
* ^caseSensitive = true
* ^content = #complete
* #red "Red"
* #green "Green"
* #blue "Blue"

ValueSet: JlColoursVS
Id: jl-colours-vs
Title: "Colours (test value set)"
* ^status = #draft
* include codes from system JlColours
