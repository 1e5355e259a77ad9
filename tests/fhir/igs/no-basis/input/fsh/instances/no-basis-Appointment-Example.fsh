Alias: $appointment-type = http://terminology.hl7.org/CodeSystem/v2-0276

Instance: PatientAppointmentResponseExample
InstanceOf: NoBasisAppointmentResponse
Title: "Patient Appointment Response Example"
Description: "Example of Patient response to an appointment using no-basis profile. The profile is identical to the basis profile except there is an extension that can be used for patient to signal if the patient can come on short notice to an appointment. The example is similar to http://hl7.org/fhir/R4/appointmentresponse-example.json.html with addition for the extension."
* appointment = Reference(AppointmentExample) "MRI results discussion"
* actor = Reference(PatientExample) "Peter James Chalmers"
* actor.type = "Patient"
* participantStatus = #accepted
* extension[shortNotice].valueBoolean = true


Instance: PatientExample
InstanceOf: Patient
Title: "Patient Example"
Usage: #example
* name.use = #official
* name.family = "Chalmers"
* name.given = "Peter James"

Instance: AppointmentExample
InstanceOf: NoBasisAppointment
Title: "Appointment Example"
Usage: #example
* status = #booked
* appointmentType.coding[0] = $appointment-type#CHECKUP
* appointmentType.coding[+].code = #Ordinær
* appointmentType.coding[=].system = "urn:oid:2.16.578.1.12.4.1.1.7617"
* description = "Discussion on the results of your recent MRI"
* start = "2023-08-10T09:00:00Z"
* end = "2023-08-10T11:00:00Z"
* comment = "Further expand on the results of the MRI and determine the next actions that may be appropriate."
* participant[0].actor = Reference(PatientExample) "Peter James Chalmers"
* participant[=].required = #required
* participant[=].status = #accepted