// Valid instances: each must validate with no errors against its profile.
Instance: jl-patient-ok
InstanceOf: JlPatient
Usage: #example
* identifier[fnr].value = "22750884907"
* name.family = "Testesen"
* name.given = "Kari"
* gender = #female
* extension[favouriteColour].valueCode = #green
* extension[careLevel].extension[level].valueInteger = 2
* extension[careLevel].extension[note].valueString = "Needs help with stairs"
* multipleBirthInteger = 2

Instance: jl-patient-other-identifier
InstanceOf: JlPatient
Usage: #example
* identifier.system = "urn:oid:2.16.578.1.12.4.1.4.2"
* identifier.value = "62750884907"
* gender = #male

// The LOINC code is outside FHIR's vital-sign code lists, so the core vital-signs profiles
// (applied by code, as HL7's validator does) stay out of these profile-feature tests.
Instance: jl-vital-observation-ok
InstanceOf: JlVitalObservation
Usage: #example
* code.coding[loinc] = $loinc#8478-0 "Mean blood pressure"
* subject = Reference(jl-patient-ok)
* performer = Reference(Practitioner/p1)
* effectiveDateTime = "2026-01-15T10:00:00+01:00"
* component[systolic].valueQuantity = 120 'mm[Hg]' "mmHg"
* component[diastolic].valueQuantity = 80 'mm[Hg]' "mmHg"
* extension[deviceNote].valueString = "Cuff size M"

Instance: jl-vital-observation-coded
InstanceOf: JlVitalObservation
Usage: #example
* code.coding[loinc] = $loinc#8478-0
* subject = Reference(jl-patient-ok)
* performer = Reference(Practitioner/p1)
* valueCodeableConcept = JlColours#blue
* interpretation = JlColours#red
* component[systolic].valueQuantity = 118 'mm[Hg]' "mmHg"

Instance: jl-bundle-ok
InstanceOf: JlTestBundle
Usage: #example
* entry[patient].fullUrl = "http://example.org/fhir/Patient/jl-patient-ok"
* entry[patient].resource = jl-patient-ok
* entry[observation][0].fullUrl = "http://example.org/fhir/Observation/jl-vital-observation-ok"
* entry[observation][0].resource = jl-vital-observation-ok
* entry[observation][1].fullUrl = "http://example.org/fhir/Observation/jl-vital-observation-coded"
* entry[observation][1].resource = jl-vital-observation-coded

Instance: jl-patient-strict-ok
InstanceOf: JlPatientStrict
Usage: #example
* identifier[fnr].value = "19779998080"
* gender = #other
* birthDate = "1977-09-19"
