// HL7 Norway's OKT IG 0.2.0 (commit ac99cc73e5573f0361441d4e6b5e9a68e67e3dce) WeeklyExtentRatio, under
// the IG's own URL: hours (UCUM h) per one week (UCUM wk). Written here, not copied, so that it is
// checked offline; the constraints are the IG's.
Extension: WeeklyExtentRatio
Id: okt-weekly-extent-ratio
Title: "Omfang per uke (timer per uke)"
Description: "Hvor mange timer per uke tjenesten gis, som forhold mellom timer (UCUM h) og én uke (UCUM wk). Samme utvidelse og URL som WeeklyExtentRatio i HL7 Norges OKT-IG 0.2.0."
Context: EpisodeOfCare
* ^url = "http://hl7.no/fhir/ig/okt/StructureDefinition/WeeklyExtentRatio"
* obeys okt-3
* . ^short = "Omfang per uke i timer"
* . ^definition = "Hvor mange timer per uke tjenesten gis."
* value[x] 1..1
* value[x] only Ratio
* value[x] ^short = "Timer per uke"
* value[x] ^definition = "Antall timer (teller, UCUM h) per uke (nevner, 1 UCUM wk)."
* valueRatio.numerator.unit = "h"
* valueRatio.numerator.system = $ucum
* valueRatio.numerator.code = #h
* valueRatio.denominator.unit = "wk"
* valueRatio.denominator.system = $ucum
* valueRatio.denominator.code = #wk
* valueRatio.denominator.value = 1
* valueRatio.numerator ^short = "Timer"
* valueRatio.numerator ^definition = "Antall timer, i UCUM-enheten h."
* valueRatio.numerator.unit ^short = "h"
* valueRatio.numerator.unit ^definition = "Enheten som tekst: h."
* valueRatio.numerator.system ^short = "UCUM"
* valueRatio.numerator.system ^definition = "Enheten er en UCUM-kode."
* valueRatio.numerator.code ^short = "h"
* valueRatio.numerator.code ^definition = "UCUM-koden for time."
* valueRatio.denominator ^short = "Én uke"
* valueRatio.denominator ^definition = "Nevneren er alltid 1 uke (UCUM wk)."
* valueRatio.denominator.unit ^short = "wk"
* valueRatio.denominator.unit ^definition = "Enheten som tekst: wk."
* valueRatio.denominator.system ^short = "UCUM"
* valueRatio.denominator.system ^definition = "Enheten er en UCUM-kode."
* valueRatio.denominator.code ^short = "wk"
* valueRatio.denominator.code ^definition = "UCUM-koden for uke."
* valueRatio.denominator.value ^short = "1"
* valueRatio.denominator.value ^definition = "Alltid 1: omfanget gjelder én uke."
* url ^short = "Utvidelsens URL"
* url ^definition = "Den kanoniske URL-en som identifiserer utvidelsen (HL7 Norges OKT-IG)."
