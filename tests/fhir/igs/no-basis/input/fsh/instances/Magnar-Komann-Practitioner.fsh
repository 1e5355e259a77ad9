Instance: Magnar-Komann-Practitioner
InstanceOf: NoBasisPractitioner
Usage: #example
Description: "Eksempel på helsepersonell med identifikator, navn, telefonnummer, adresse og kvalifikasjoner."
* identifier.system = "urn:oid:2.16.578.1.12.4.1.4.4"
* identifier.value = "9144889"
* name.family = "Koman"
* name.given = "Magnar"
* telecom[0].system = #phone
* telecom[=].value = "75589889"
* telecom[=].use = #work
* telecom[+].system = #fax
* telecom[=].value = "75589899"
* telecom[+].system = #phone
* telecom[=].value = "98128921"
* telecom[=].use = #mobile
* telecom[+].system = #email
* telecom[=].value = "mako@bottomline.no"
* telecom[=].use = #work
* address.use = #work
* address.line = "Dreyfushammarn 23"
* address.city = "BODØ"
* address.postalCode = "8012"
* qualification[0].code = urn:oid:2.16.578.1.12.4.1.1.9060#LE "Lege"
* qualification[+].code = urn:oid:2.16.578.1.12.4.1.1.7426#1 "Allmennmedisin"
* qualification[+].code = urn:oid:2.16.578.1.12.4.1.1.7704#1 "Autorisasjon"
* qualification[=].period.start = "2018-10-10"
* qualification[+].code = urn:oid:2.16.578.1.12.4.1.1.7426#152 "Ortopedisk kirurgi"