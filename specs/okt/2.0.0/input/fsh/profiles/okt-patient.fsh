// The Patient a transaction may carry when its services refer to the patient by reference, as HL7
// Norway's OKT IG does. Stricter than the IG (its example Patient has no identifier) because NHN's API
// finds a person by personIdentifier, a Norwegian person number (okt-5; ig-differences.yaml).
Profile: OktPatient
Parent: Patient
Id: okt-patient
Title: "Pasient i OKT (Patient)"
Description: "Innbyggeren som tjenestene i en OKT-transaksjon viser til med referanse, med fødselsnummer, D-nummer eller felles hjelpenummer (FHN)."
* obeys okt-5
* . ^short = "Innbyggeren"
* . ^definition = "Innbyggeren som har tjenestene, med en norsk personidentifikator."
* identifier 1..* MS
* identifier ^short = "Fødselsnummer, D-nummer eller FHN"
* identifier ^definition = "Minst én identifikator med no-basis-OID for fødselsnummer, D-nummer eller FHN; kontrollsifrene sjekkes."
