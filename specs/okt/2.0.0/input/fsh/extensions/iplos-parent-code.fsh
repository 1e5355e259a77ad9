Extension: IplosParentCode
Id: okt-iplos-parent-code
Title: "Overordnet IPLOS-kode"
Description: "Den overordnede IPLOS-koden slik OKT-APIet oppgir den (iplosParentCode, \"0\" for koder på øverste nivå)."
Context: EpisodeOfCare
* . ^short = "Overordnet IPLOS-kode"
* . ^definition = "Den overordnede koden i kodeverket, som tekst slik OKT-APIet oppgir den."
* value[x] 1..1
* value[x] only string
* value[x] ^short = "Den overordnede koden"
* value[x] ^definition = "Den overordnede koden som tekst, f.eks. \"0\"."
* url ^short = "Utvidelsens URL"
* url ^definition = "Den kanoniske URL-en som identifiserer utvidelsen."
