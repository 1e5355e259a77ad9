ValueSet: NoBasisParentalResponsibility
Id: no-basis-parental-responsibility.valueset
Title: "no-basis-parental-responsibility.valueset"
Description: "Copy of Codes from Foreldreansvar defined by Skatteetaten"
* ^meta.versionId = "1"
* ^meta.lastUpdated = "2018-10-16T10:48:46.366+00:00"
* ^url = "http://hl7.no/fhir/ValueSet/no-basis-parental-responsibility"
* ^version = "2.0.8"
* ^status = #active
* ^experimental = true
* ^date = "2018-10-26T10:48:45.936+00:00"
* ^publisher = "Direktoratet for e-helse"
* ^immutable = false
* include codes from system NoBasisParentalResponsibility