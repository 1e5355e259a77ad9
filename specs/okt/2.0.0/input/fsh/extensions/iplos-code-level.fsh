Extension: IplosCodeLevel
Id: okt-iplos-code-level
Title: "Nivå for IPLOS-koden"
Description: "Nivået til IPLOS-koden slik OKT-APIet oppgir det (iplosCodeLevel, \"1\" for koder på øverste nivå)."
Context: EpisodeOfCare
* . ^short = "Nivå for IPLOS-koden"
* . ^definition = "Nivået til IPLOS-koden i kodeverket, som tekst slik OKT-APIet oppgir det."
* value[x] 1..1
* value[x] only string
* value[x] ^short = "Nivået"
* value[x] ^definition = "Nivået som tekst, f.eks. \"1\"."
* url ^short = "Utvidelsens URL"
* url ^definition = "Den kanoniske URL-en som identifiserer utvidelsen."
