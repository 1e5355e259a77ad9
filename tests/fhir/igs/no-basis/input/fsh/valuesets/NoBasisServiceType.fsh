ValueSet: NoBasisServiceType
Id: no-basis-service-type.valueset
Title: "no-basis-service-type.valueset"
Description: "ValueSet including all codes for service type (tjenestetype) allowed in the Adressergister"
* ^meta.versionId = "1"
* ^meta.lastUpdated = "2018-10-16T10:48:46.366+00:00"
* ^url = "http://hl7.no/fhir/ValueSet/no-basis-service-type"
* ^version = "2.0.8"
* ^status = #active
* ^experimental = true
* ^date = "2018-10-26T10:48:45.936+00:00"
* ^publisher = "Direktoratet for e-helse"
* ^immutable = false
* include codes from system urn:oid:2.16.578.1.12.4.1.1.8660
* include codes from system urn:oid:2.16.578.1.12.4.1.1.8668
* include codes from system urn:oid:2.16.578.1.12.4.1.1.8669
* include codes from system urn:oid:2.16.578.1.12.4.1.1.8658
* include codes from system urn:oid:2.16.578.1.12.4.1.1.8659
* include codes from system urn:oid:2.16.578.1.12.4.1.1.8663
* include codes from system urn:oid:2.16.578.1.12.4.1.1.8664
* include codes from system urn:oid:2.16.578.1.12.4.1.1.8666