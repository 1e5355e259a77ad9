ValueSet: IplosTjenestetypeVs
Id: iplos-tjenestetype-vs
Title: "Tjenestetype i helse- og omsorgstjenesten (alle gjeldende koder)"
Description: "Alle gjeldende koder i kodeverk 9151 i FinnKode (tidligere Volven); de utgåtte kodene 10, 12, 13 og 16 er ikke med."
* ^status = #active
* ^experimental = false
* include codes from system IplosTjenestetype
// The retired codes are concepts of the copy (so that they can be named as retired), not current codes.
* exclude IplosTjenestetype#10
* exclude IplosTjenestetype#12
* exclude IplosTjenestetype#13
* exclude IplosTjenestetype#16
