Alias: $iplos = urn:oid:2.16.578.1.12.4.1.1.9151
Alias: $ucum = http://unitsofmeasure.org
Alias: $fnr = urn:oid:2.16.578.1.12.4.1.4.1
Alias: $dnr = urn:oid:2.16.578.1.12.4.1.4.2
Alias: $fhn = urn:oid:2.16.578.1.12.4.1.4.3
Alias: $orgnr = urn:oid:2.16.578.1.12.4.1.4.101
// HL7 Norway's OKT IG (github.com/HL7Norway/FHIR-hackathon-2025-okt-ig, 0.2.0 at commit
// ac99cc73e5573f0361441d4e6b5e9a68e67e3dce): its canonical base, used for the extensions and code
// systems this spec takes over under the IG's own URLs, so that data written for the IG validates here.
Alias: $igokt = http://hl7.no/fhir/ig/okt
