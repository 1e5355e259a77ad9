ValueSet: IplosTjenestetypeVs
Id: iplos-tjenestetype-vs
Title: "Tjenestetype i helse- og omsorgstjenesten (alle gjeldende koder)"
Description: "Alle gjeldende koder i Volven kodeverk 9151."
* ^status = #active
* ^experimental = false
* include codes from system IplosTjenestetype
