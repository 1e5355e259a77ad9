Alias: $iplos = urn:oid:2.16.578.1.12.4.1.1.9151
Alias: $ucum = http://unitsofmeasure.org
Alias: $fnr = urn:oid:2.16.578.1.12.4.1.4.1
Alias: $dnr = urn:oid:2.16.578.1.12.4.1.4.2
Alias: $fhn = urn:oid:2.16.578.1.12.4.1.4.3
Alias: $orgnr = urn:oid:2.16.578.1.12.4.1.4.101
