ValueSet: IplosTjenestetypeVs
Id: iplos-tjenestetype-vs
Title: "Tjenestetype i helse- og omsorgstjenesten (alle gjeldende koder)"
Description: "Alle gjeldende koder i kodeverk 9151 i FinnKode (tidligere Volven)."
* ^status = #active
* ^experimental = false
* include codes from system IplosTjenestetype
