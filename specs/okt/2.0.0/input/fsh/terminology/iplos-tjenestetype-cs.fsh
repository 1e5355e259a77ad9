// A copy of code system 9151 (IPLOS/KPR), which Helsedirektoratet owns and publishes in FinnKode
// (formerly Volven). It is here so that codings with its URL can be checked offline, and it says
// what it is: status draft, experimental, a sourceReference and a warning that it is a copy. A
// display that differs from a copy is information only (journalloft.fhir.walk_terminology).
// Display texts as HL7 Norway's OKT IG publishes them (they agree with HL7 Norway's AuditEvent page
// and SSB's KOSTRA texts); 14 and 23 have en dashes, the others plain hyphens.
// Codes 10, 12, 13 and 16 are no longer in use (29 replaced 12 and 13 in 2019). They are here as
// retired concepts (status retired, no display: we do not have their published texts), so that the
// validator can say "retired, replaced by 29" instead of "unknown"; the value set leaves them out.
// The reasons are the same texts okt-prototype's code-list rule gives (one fault, one finding).
CodeSystem: IplosTjenestetype
Id: iplos-tjenestetype
Title: "Tjenestetype i helse- og omsorgstjenesten (kopi)"
Description: "Kopi av kodeverk 9151 Tjenestetype i helse- og omsorgstjenesten (IPLOS/KPR), som Helsedirektoratet eier og publiserer i FinnKode (tidligere Volven). Kopien finnes for at validatoren skal kunne sjekke kodene uten nett; den er ikke en offisiell publisering, og ved avvik gjelder FinnKode. Tekstene er slik HL7 Norges OKT-IG publiserer dem. Kodene 10, 12, 13 og 16 er utgått og står her bare som utgåtte koder (status retired), slik at validatoren kan si at de er utgått; 29 erstattet 12 og 13 i 2019."
* ^url = $iplos
* ^extension[0].url = "http://hl7.org/fhir/StructureDefinition/codesystem-sourceReference"
* ^extension[0].valueUri = "https://github.com/HL7Norway/FHIR-hackathon-2025-okt-ig"
* ^extension[1].url = "http://hl7.org/fhir/StructureDefinition/codesystem-warning"
* ^extension[1].valueMarkdown = "Kopi av Helsedirektoratets kodeverk 9151 (FinnKode). Ved avvik gjelder FinnKode."
* ^status = #draft
* ^experimental = true
* ^caseSensitive = false
* ^content = #complete
* ^copyright = "Kodeverket eies og forvaltes av Helsedirektoratet (FinnKode, tidligere Volven)."
* ^valueSet = Canonical(IplosTjenestetypeVs)
* ^property[0].code = #status
* ^property[0].uri = "http://hl7.org/fhir/concept-properties#status"
* ^property[0].description = "Status for koden: retired for utgåtte koder."
* ^property[0].type = #code
* #1 "Praktisk bistand - daglige gjøremål"
* #2 "Praktisk bistand - opplæring - daglige gjøremål"
* #3 "Praktisk bistand - brukerstyrt - personlig assistanse"
* #4 "Dagaktivitetstilbud"
* #5 "Matombringing"
* #6 "Trygghetsalarm"
* #7 "Avlastning utenfor institusjon"
* #8 "Avlastning i institusjon"
* #9 "Støttekontakt"
* #11 "Omsorgsstønad"
* #14 "Bruk av tvang psykisk utviklingshemning – planlagte tiltak"
* #15 "Helsetjenester i hjemmet"
* #17 "Dagopphold i institusjon"
* #18 "Tidsbegrenset opphold - utredning/behandling"
* #19 "Tidsbegrenset opphold - habilitering/rehabilitering"
* #20 "Tidsbegrenset opphold - annet"
* #21 "Langtidsopphold i institusjon"
* #22 "Nattopphold i institusjon"
* #23 "Bruk av tvang psykisk utviklingshemning – nødsituasjoner"
* #24 "Helsehjelp med tvang"
* #25 "Kommunal øyeblikkelig hjelp - døgnopphold"
* #26 "Lokaliseringsteknologi (GPS)"
* #27 "Elektronisk medisineringsstøtte"
* #28 "Digitalt tilsyn"
* #29 "Bolig som kommunen disponerer for helse- og omsorgsformål"
* #10
* #10 ^definition = "utgått fra kodeverket"
* #10 ^property[0].code = #status
* #10 ^property[0].valueCode = #retired
* #12
* #12 ^definition = "utgått; erstattet av 29 (Bolig som kommunen disponerer for helse- og omsorgsformål) i 2019"
* #12 ^property[0].code = #status
* #12 ^property[0].valueCode = #retired
* #12 ^extension[0].url = "http://hl7.org/fhir/StructureDefinition/codesystem-replacedby"
* #12 ^extension[0].valueCoding = $iplos#29 "Bolig som kommunen disponerer for helse- og omsorgsformål"
* #13
* #13 ^definition = "utgått; erstattet av 29 (Bolig som kommunen disponerer for helse- og omsorgsformål) i 2019"
* #13 ^property[0].code = #status
* #13 ^property[0].valueCode = #retired
* #13 ^extension[0].url = "http://hl7.org/fhir/StructureDefinition/codesystem-replacedby"
* #13 ^extension[0].valueCoding = $iplos#29 "Bolig som kommunen disponerer for helse- og omsorgsformål"
* #16
* #16 ^definition = "utgått fra kodeverket"
* #16 ^property[0].code = #status
* #16 ^property[0].valueCode = #retired
