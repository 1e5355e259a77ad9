ValueSet: NoBasisMaritalStatus
Id: no-basis-marital-status.valueset
Title: "no-basis-marital-status.valueset"
Description: "Copy of Codes from Sivilstandstype defined by Skatteetaten"
* ^url = "http://hl7.no/fhir/ValueSet/no-basis-marital-status"
* ^version = "2.0.12"
* ^status = #active
* ^experimental = true
* ^date = "2020-03-20T10:48:45.936+00:00"
* ^publisher = "Direktoratet for e-helse"
* ^immutable = false
* include codes from system NoBasisMaritalStatus