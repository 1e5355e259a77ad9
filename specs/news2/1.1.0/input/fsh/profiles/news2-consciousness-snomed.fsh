// The same measurement coded as HL7 Norway's VkpObservation codes it (profile
// vkp-Observation-Consciousness, SNOMED CT 1104441000000107). A profile of its own rather than a
// choice of codes, so the measurement profile is still picked by the Observation's code.
Profile: News2BevissthetSnomed
Parent: Observation
Id: news2-consciousness-snomed
Title: "Bevissthetsnivå (ACVPU), kodet med SNOMED CT"
Description: "Bevissthetsnivå etter ACVPU-skalaen, kodet med SNOMED CT 1104441000000107 som i HL7 Norges VkpObservation, med LOINCs svarkoder."
* insert News2Bevissthetsnivaa
* code = $sct#1104441000000107
