ValueSet: News2RisikoVs
Id: news2-risiko-vs
Title: "NEWS2 klinisk risiko"
Description: "Alle kodene i kodeverket NEWS2 klinisk risiko."
* ^status = #active
* ^experimental = false
* include codes from system News2Risiko
