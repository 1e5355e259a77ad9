Instance: Sorgard-Erlend-RelatedPerson
InstanceOf: NoBasisRelatedPerson
Usage: #example
Description: "Eksempel på pårørende med fødselsnummer, navn, telefonnummer, adresse, sivilstand og relasjon til pasient."
* extension.extension.url = "code"
* extension.extension.valueCodeableConcept = urn:iso:std:iso:3166#NO
* extension.url = "http://hl7.no/fhir/StructureDefinition/no-basis-person-citizenship"
* identifier.system = "urn:oid:2.16.578.1.12.4.1.4.1"
* identifier.value = "05723500143"
* patient.extension.url = "http://hl7.no/fhir/StructureDefinition/no-basis-relatedperson-person-reference"
* patient.extension.valueReference.identifier.system = "urn:oid:2.16.578.1.12.4.1.4.1"
* patient.extension.valueReference.identifier.value = "04671950157"
* patient.identifier.system = "urn:oid:2.16.578.1.12.4.1.4.1"
* patient.identifier.value = "04671950157"
* relationship = $no-basis-marital-status#gift
* name.extension.url = "http://hl7.no/fhir/StructureDefinition/no-basis-middlename"
* name.extension.valueString = "Pårørende"
* name.family = "Sørgård"
* name.given = "Ærlend"