// The current service types of code system 9151 (IPLOS/KPR). Codes 10, 12, 13 and 16 are
// no longer in the list (29 replaced 12 and 13 in 2019), so they are not concepts here.
// Source: Helsedirektoratet, code system 9151 in FinnKode (formerly Volven); the texts are the official code texts.
CodeSystem: IplosTjenestetype
Id: iplos-tjenestetype
Title: "Tjenestetype i helse- og omsorgstjenesten"
Description: "De gjeldende tjenestetypene i IPLOS/KPR (kodeverk 9151 i FinnKode, tidligere Volven). Kodene 10, 12, 13 og 16 er utgått og finnes ikke her; 29 erstattet 12 og 13 i 2019."
* ^url = $iplos
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* ^valueSet = Canonical(IplosTjenestetypeVs)
* #1 "Praktisk bistand – daglige gjøremål"
* #2 "Praktisk bistand – opplæring – daglige gjøremål"
* #3 "Praktisk bistand – brukerstyrt personlig assistanse (BPA)"
* #4 "Dagaktivitetstilbud"
* #5 "Matombringing"
* #6 "Trygghetsalarm"
* #7 "Avlastning utenfor institusjon"
* #8 "Avlastning i institusjon"
* #9 "Støttekontakt"
* #11 "Omsorgsstønad"
* #14 "Bruk av tvang PU – planlagte tiltak"
* #15 "Helsetjenester i hjemmet"
* #17 "Dagopphold i institusjon"
* #18 "Tidsbegrenset opphold – utredning/behandling"
* #19 "Tidsbegrenset opphold – habilitering/rehabilitering"
* #20 "Tidsbegrenset opphold – annet"
* #21 "Langtidsopphold i institusjon"
* #22 "Nattopphold i institusjon"
* #23 "Bruk av tvang PU – nødsituasjoner"
* #24 "Helsehjelp med tvang"
* #25 "Kommunal øyeblikkelig hjelp – døgnopphold"
* #26 "Lokaliseringsteknologi"
* #27 "Elektronisk medisineringsstøtte"
* #28 "Digitalt tilsyn"
* #29 "Bolig som kommunen disponerer for helse- og omsorgsformål"
