Alias: $loinc = http://loinc.org
Alias: $obscat = http://terminology.hl7.org/CodeSystem/observation-category
Alias: $fnr = urn:oid:2.16.578.1.12.4.1.4.1

Invariant: jl-pat-1
Description: "Every name carries a family name"
Expression: "name.all(family.exists())"
Severity: #error

Invariant: jl-obs-1
Description: "The observation names a performer"
Expression: "performer.exists()"
Severity: #error

// Cardinality tightening, slicing by pattern (identifier.system), extensions, an invariant.
Profile: JlPatient
Parent: Patient
Id: jl-patient
Title: "Patient (test profile)"
* obeys jl-pat-1
* identifier 1..*
* identifier ^slicing.discriminator.type = #pattern
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier contains fnr 0..1
* identifier[fnr].system = "urn:oid:2.16.578.1.12.4.1.4.1"
* identifier[fnr].value 1..1
* gender 1..1
* extension contains JlFavouriteColour named favouriteColour 0..1 and JlCareLevel named careLevel 0..1
// Value range: a birth order between 1 and 9
* multipleBirthInteger ^minValueInteger = 1
* multipleBirthInteger ^maxValueInteger = 9

// Fixed value, pattern, slicing by value (code.coding.system), closed slicing by pattern
// (component.code), type slicing (value[x]), extension slice by profile, bindings to our own
// value set (required and extensible), reference target profile, an invariant.
Profile: JlVitalObservation
Parent: Observation
Id: jl-vital-observation
Title: "Vital observation (test profile)"
* obeys jl-obs-1
* status = #final (exactly)
* category 1..1
* category = $obscat#vital-signs
* code.coding ^slicing.discriminator.type = #value
* code.coding ^slicing.discriminator.path = "system"
* code.coding ^slicing.rules = #open
* code.coding contains loinc 1..1
* code.coding[loinc].system = $loinc (exactly)
* code.coding[loinc].code 1..1
* subject 1..1
* subject only Reference(JlPatient)
* value[x] only Quantity or CodeableConcept
* valueQuantity.unit 1..1
* valueCodeableConcept from JlColoursVS (required)
* interpretation from JlColoursVS (extensible)
* component ^slicing.discriminator.type = #pattern
* component ^slicing.discriminator.path = "code"
* component ^slicing.rules = #closed
* component contains systolic 1..1 and diastolic 0..1
* component[systolic].code = $loinc#8480-6
* component[systolic].value[x] only Quantity
* component[systolic].valueQuantity.code 1..1
* component[diastolic].code = $loinc#8462-4
* component[diastolic].value[x] only Quantity
* extension contains JlDeviceNote named deviceNote 0..1

// A profile on a profile: everything JlPatient says, plus a required birth date.
Profile: JlPatientStrict
Parent: JlPatient
Id: jl-patient-strict
Title: "Patient with birth date (test profile)"
* birthDate 1..1

// Slicing by profile: Bundle entries are told apart by the profile their resource conforms to.
Profile: JlTestBundle
Parent: Bundle
Id: jl-test-bundle
Title: "Collection of a patient and observations (test profile)"
* type = #collection (exactly)
* entry ^slicing.discriminator.type = #profile
* entry ^slicing.discriminator.path = "resource"
* entry ^slicing.rules = #closed
* entry contains patient 1..1 and observation 0..*
* entry[patient].resource 1..1
* entry[patient].resource only JlPatient
* entry[observation].resource 1..1
* entry[observation].resource only JlVitalObservation
