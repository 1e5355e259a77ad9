// A simple extension (bound to our value set) and a complex one, both with a Patient context.
Extension: JlFavouriteColour
Id: jl-favourite-colour
Title: "Favourite colour"
Context: Patient
* value[x] only code
* valueCode from JlColoursVS (required)

Extension: JlCareLevel
Id: jl-care-level
Title: "Care level"
Context: Patient
* extension contains level 1..1 and note 0..1
* extension[level].value[x] only integer
* extension[note].value[x] only string

Extension: JlDeviceNote
Id: jl-device-note
Title: "Device note"
Context: Observation
* value[x] only string
