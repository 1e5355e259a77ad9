Instance: no-basis-dufnummer
InstanceOf: NamingSystem
Usage: #definition
* meta.versionId = "1.0"
* name = "DUFnummer"
* status = #active
* kind = #identifier
* date = "2018-10-26"
* publisher = "Direktoratet for e-helse"
* responsible = "Utlendingsdirektoratet"
* description = "Et DUF-nummer er et tolvsifret nummer som blir gitt til alle som søker om opphold i Norge. "
* uniqueId[0].type = #uri
* uniqueId[=].value = "http://hl7.no/fhir/NamingSystem/DUFN"
* uniqueId[=].preferred = false
* uniqueId[+].type = #oid
* uniqueId[=].value = "2.16.578.1.12.4.1.4.5"
* uniqueId[=].preferred = true