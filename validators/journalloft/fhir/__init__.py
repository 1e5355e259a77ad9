"""FHIR R4 (4.0.1) validation over HL7's published definitions, offline."""
