Instance: Pasient-1
InstanceOf: NoBasisPatient
Description: "Eksempel på pasient med navn og fødselsnummer"
* identifier.system = "urn:oid:2.16.578.1.12.4.1.4.1"
* identifier.value = "13681353482"
* name.family = "Lin"
* name.given = "Rita"
