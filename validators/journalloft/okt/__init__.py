"""OKT ("Oversikt over kommunale tjenester"): conversion between NHN's prototype JSON and FHIR R4."""
