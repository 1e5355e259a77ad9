// The clinical risk bands of the RCP chart. No published code system carries them, so this small
// one does; the scoring engine (journalloft.news2) derives the band from the same definitions.
CodeSystem: News2Risiko
Id: news2-risiko
Title: "NEWS2 klinisk risiko"
Description: "Klinisk risikonivå etter NEWS2-totalskåren (Royal College of Physicians, 2017)."
* ^status = #active
* ^experimental = false
* ^caseSensitive = true
* ^content = #complete
* #lav "Lav" "Totalskår 0–4, og ingen enkeltparameter med 3 poeng."
* #lav-middels "Lav–middels" "Totalskår 0–4 og 3 poeng i én enkeltparameter."
* #middels "Middels" "Totalskår 5–6."
* #hoy "Høy" "Totalskår 7 eller mer."
