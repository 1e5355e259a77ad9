Instance: okt-server
InstanceOf: CapabilityStatement
Usage: #definition
Title: "OKT-tjeneren (FHIR)"
Description: "Hva en OKT-tjener på NHN-plattformen skal kunne: ta imot transaksjoner og svare på søk etter en innbyggers tjenester."
* url = "https://journalloft.no/fhir/CapabilityStatement/okt-server"
* name = "OktServer"
* title = "OKT-tjeneren (FHIR)"
* status = #draft
* experimental = false
* date = "2026-12-07"
* publisher = "Felles journalløft"
* description = "Tjenester skrives som transaksjon (OktTransactionBundle) og leses med søk på EpisodeOfCare etter pasientens identifikator (OktSearchsetBundle). `_summary=count` gir antallet aktive tjenester og erstatter /okt-status i prototypen. Data deles bare innenfor én kommune (overordnet virksomhet i HelseID)."
* kind = #requirements
* fhirVersion = #4.0.1
* format[0] = #json
* rest[0].mode = #server
* rest[0].documentation = "Tilgang krever HelseID-token; lesing og skriving er avgrenset til klientens kommune."
* rest[0].interaction[0].code = #transaction
* rest[0].interaction[0].documentation = "Skriving av tjenester og ansvarlige enheter (OktTransactionBundle)."
* rest[0].resource[0].type = #EpisodeOfCare
* rest[0].resource[0].profile = "https://journalloft.no/fhir/StructureDefinition/okt-episode-of-care"
* rest[0].resource[0].interaction[0].code = #search-type
* rest[0].resource[0].interaction[0].documentation = "Svaret er en OktSearchsetBundle."
* rest[0].resource[0].interaction[1].code = #read
* rest[0].resource[0].interaction[2].code = #create
* rest[0].resource[0].interaction[3].code = #update
* rest[0].resource[0].searchInclude[0] = "EpisodeOfCare:organization"
* rest[0].resource[0].searchParam[0].name = "patient"
* rest[0].resource[0].searchParam[0].definition = "http://hl7.org/fhir/SearchParameter/clinical-patient"
* rest[0].resource[0].searchParam[0].type = #reference
* rest[0].resource[0].searchParam[0].documentation = "Referanse til pasienten (R4 clinical-patient), brukt som kjedet søk på pasientens identifikator: `patient.identifier=urn:oid:2.16.578.1.12.4.1.4.1|<fødselsnummer>` (eller D-nummer/FHN). Påkrevd; erstatter {pid} i prototypen."
* rest[0].resource[0].searchParam[1].name = "status"
* rest[0].resource[0].searchParam[1].definition = "http://hl7.org/fhir/SearchParameter/EpisodeOfCare-status"
* rest[0].resource[0].searchParam[1].type = #token
* rest[0].resource[0].searchParam[1].documentation = "`status=active` med `_summary=count` gir antallet aktive tjenester (ikke midlertidig stanset), som /okt-status."
* rest[0].resource[0].searchParam[2].name = "_lastUpdated"
* rest[0].resource[0].searchParam[2].definition = "http://hl7.org/fhir/SearchParameter/Resource-lastUpdated"
* rest[0].resource[0].searchParam[2].type = #date
* rest[0].resource[0].searchParam[2].documentation = "Bare tjenester endret etter et tidspunkt, f.eks. `_lastUpdated=gt2026-01-01`."
* rest[0].resource[0].searchParam[3].name = "_summary"
* rest[0].resource[0].searchParam[3].type = #token
* rest[0].resource[0].searchParam[3].documentation = "`_summary=count` gir bare Bundle.total."
* rest[0].resource[1].type = #Organization
* rest[0].resource[1].profile = "https://journalloft.no/fhir/StructureDefinition/okt-organization"
* rest[0].resource[1].interaction[0].code = #read
* rest[0].resource[1].interaction[1].code = #create
* rest[0].resource[1].interaction[2].code = #update
* rest[0].resource[1].conditionalCreate = true
* text.status = #generated
* text.div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">OKT-tjeneren: transaksjon for skriving, søk på EpisodeOfCare etter pasientens identifikator for lesing.</div>"
