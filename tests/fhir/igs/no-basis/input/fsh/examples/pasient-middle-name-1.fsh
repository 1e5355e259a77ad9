Instance: Pasient-Middle-Name-1
InstanceOf: NoBasisPatient
Description: "Eksempel på pasient med navn (inkl. mellomnavn) og fødselsnummer"
* identifier.system = "urn:oid:2.16.578.1.12.4.1.4.1"
* identifier.value = "15064312345"
* name.family = "Grieg"
* name.given = "Edvard"
* name.extension[no-basis-middlename].valueString = "Hagerup"
