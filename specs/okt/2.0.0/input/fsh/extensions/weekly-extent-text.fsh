Extension: WeeklyExtentText
Id: okt-weekly-extent-text
Title: "Omfang per uke (fritekst)"
Description: "Omfanget slik kildesystemet skrev det (OKT-feltet weeklyExtent, f.eks. \"15 timer\"). Bevares slik at konvertering fra prototypen er tapsfri; omfanget i timer per uke står i WeeklyExtentRatio når teksten kan tolkes."
Context: EpisodeOfCare
* . ^short = "Omfang per uke som fritekst"
* . ^definition = "Omfanget av tjenesten per uke slik kildesystemet skrev det."
* value[x] 1..1
* value[x] only string
* value[x] ^short = "Teksten som sendt"
* value[x] ^definition = "Fritekst for omfanget, uendret fra kilden."
* url ^short = "Utvidelsens URL"
* url ^definition = "Den kanoniske URL-en som identifiserer utvidelsen."
