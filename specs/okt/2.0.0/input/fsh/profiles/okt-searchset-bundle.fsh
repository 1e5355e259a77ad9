Profile: OktSearchsetBundle
Parent: Bundle
Id: okt-searchset-bundle
Title: "Lesing fra OKT (søkeresultat)"
Description: "Svaret på EpisodeOfCare?patient.identifier=…: tjenestene (search.mode match) og de ansvarlige enhetene (search.mode include); erstatter GET /okt-events/{pid}. Med _summary=count er bare total med, og den erstatter GET /okt-status/{pid}."
* . ^short = "Søkeresultat fra OKT"
* . ^definition = "Bundle av type searchset med en innbyggers OKT-tjenester."
* type = #searchset (exactly)
* type ^short = "searchset"
* type ^definition = "Alltid searchset."
* total 1..1 MS
* total ^short = "Antall treff"
* total ^definition = "Antall tjenester som svarer til søket; med _summary=count er dette hele svaret."
* entry MS
* entry ^short = "Tjenester og enheter"
* entry ^definition = "Tjenestene som svarer til søket, og enhetene de viser til."
* entry ^slicing.discriminator.type = #profile
* entry ^slicing.discriminator.path = "resource"
* entry ^slicing.rules = #closed
* entry contains tjeneste 0..* MS and enhet 0..* MS
* entry[tjeneste] ^short = "En tjeneste"
* entry[tjeneste] ^definition = "En OKT-tjeneste som svarer til søket."
* entry[tjeneste].resource 1..1
* entry[tjeneste].resource only OktEpisodeOfCare
* entry[enhet] ^short = "En ansvarlig enhet"
* entry[enhet] ^definition = "En ansvarlig enhet som er tatt med (_include)."
* entry[enhet].resource 1..1
* entry[enhet].resource only OktOrganization
* entry[tjeneste].resource ^short = "Ressursen"
* entry[tjeneste].resource ^definition = "Selve tjenesten (OktEpisodeOfCare)."
* entry[enhet].resource ^short = "Ressursen"
* entry[enhet].resource ^definition = "Selve den ansvarlige enheten (OktOrganization)."
