ValueSet: OktStatusVs
Id: okt-status-vs
Title: "Status for en OKT-tjeneste"
Description: "Statusene en OKT-tjeneste kan ha: active, onhold, finished og entered-in-error."
* ^status = #active
* ^experimental = false
* http://hl7.org/fhir/episode-of-care-status#active "Aktiv"
* http://hl7.org/fhir/episode-of-care-status#onhold "Midlertidig stanset"
* http://hl7.org/fhir/episode-of-care-status#finished "Avsluttet"
* http://hl7.org/fhir/episode-of-care-status#entered-in-error "Registrert ved en feil"
