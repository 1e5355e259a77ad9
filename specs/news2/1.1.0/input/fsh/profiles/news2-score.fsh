Profile: News2Vurdering
Parent: Observation
Id: news2-score
Title: "NEWS2-vurdering (totalskår)"
Description: "Én NEWS2-vurdering: totalskåren (0–20) med én delskår per parameter, og gjerne klinisk risikonivå og referanser til målingene skårene er beregnet fra. Tar imot data formet som HL7 Norges vkp-Observation-NEWS2score (VkpObservation 0.5.2): SNOMED CT 1104051000000101, delskårer som komponenter med valueQuantity eller valueInteger, kategori survey."
* obeys news2-1
* insert News2Felles
* . ^short = "NEWS2-vurdering"
* . ^definition = "Én NEWS2-vurdering for én pasient på ett tidspunkt, beregnet etter Royal College of Physicians' skåringstabell (2017)."
* category 1..* MS
* category = $obscat#survey
* category ^short = "survey"
* category ^definition = "Kategorien survey, som i HL7 Norges NEWS2-profil."
* code = $sct#1104051000000101
* code MS
* code ^short = "NEWS2-totalskår (SNOMED CT)"
* code ^definition = "SNOMED CT 1104051000000101 (UK-utvidelsen), som i HL7 Norges NEWS2-profil."
* value[x] 1..1 MS
* value[x] only integer or Quantity
* value[x] ^short = "Totalskåren (0–20)"
* value[x] ^definition = "Summen av delskårene, et heltall fra 0 til 20: valueInteger, eller valueQuantity med et heltall som verdi, slik VkpObservation gjør det."
* interpretation 0..1 MS
* interpretation from News2RisikoVs (required)
* interpretation ^short = "Klinisk risikonivå"
* interpretation ^definition = "Lav, lav–middels (3 poeng i én parameter), middels eller høy, slik skåringstabellen gir det. Vårt eget tillegg; VkpObservation har det ikke. Står det der, må det stemme med delskårene."
* derivedFrom 0..* MS
* derivedFrom only Reference(News2Respirasjonsfrekvens or News2Oksygenmetning or News2Oksygentilforsel or News2Blodtrykk or News2Puls or News2Bevissthet or News2BevissthetSnomed or News2Temperatur)
* derivedFrom ^short = "Målingene skåren er beregnet fra"
* derivedFrom ^definition = "Referanser til de vitale målingene (én per parameter) som delskårene er beregnet fra. Vårt eget tillegg; VkpObservation har det ikke. I en transaksjon kontrolleres hver delskår mot målingen den viser til."

* component 7..* MS
* component obeys news2-2
* component ^short = "Delskårene"
* component ^definition = "Én delskår per parameter, med nøyaktig én av de to skalaene for oksygenmetning."
* component ^slicing.discriminator.type = #pattern
* component ^slicing.discriminator.path = "code"
* component ^slicing.rules = #closed
* component ^slicing.description = "Skilt på delskårens SNOMED CT-kode."
* component contains
    respirasjon 1..1 MS and
    spo2Skala1 0..1 MS and
    spo2Skala2 0..1 MS and
    luftEllerOksygen 1..1 MS and
    systoliskBlodtrykk 1..1 MS and
    puls 1..1 MS and
    bevissthet 1..1 MS and
    temperatur 1..1 MS
* component.value[x] 1..1
* component.value[x] only integer or Quantity
* component.value[x] ^short = "Delskåren (0–3)"
* component.value[x] ^definition = "Delskåren fra skåringstabellen, et heltall fra 0 til 3: valueInteger, eller valueQuantity med et heltall som verdi, slik VkpObservation gjør det."
* component.interpretation ^short = "Intervallet i skåringstabellen"
* component.interpretation ^definition = "Intervallet eller svaret delskåren er skåret etter, som tekst slik VkpObservation viser det (for eksempel «93–94 med oksygentilførsel»). Leser regelsettet intervallet, kontrolleres delskåren mot det."
* component[respirasjon].code = $sct#1104301000000104
* component[respirasjon] ^short = "Delskår for respirasjonsfrekvens"
* component[respirasjon] ^definition = "0–3 poeng etter åndedrag per minutt."
* component[spo2Skala1].code = $sct#1104311000000102
* component[spo2Skala1] ^short = "Delskår for oksygenmetning, skala 1"
* component[spo2Skala1] ^definition = "0–3 poeng etter SpO2 på skala 1 (den vanlige skalaen)."
* component[spo2Skala2].code = $sct#1104321000000108
* component[spo2Skala2] ^short = "Delskår for oksygenmetning, skala 2"
* component[spo2Skala2] ^definition = "0–3 poeng etter SpO2 på skala 2, som bare brukes etter klinisk beslutning ved hyperkapnisk respirasjonssvikt."
* component[luftEllerOksygen].code = $sct#1104331000000105
* component[luftEllerOksygen] obeys news2-3
* component[luftEllerOksygen] ^short = "Delskår for luft eller oksygen"
* component[luftEllerOksygen] ^definition = "0 poeng på luft, 2 poeng med oksygentilførsel."
* component[systoliskBlodtrykk].code = $sct#1104341000000101
* component[systoliskBlodtrykk] ^short = "Delskår for systolisk blodtrykk"
* component[systoliskBlodtrykk] ^definition = "0–3 poeng etter systolisk blodtrykk i mmHg."
* component[puls].code = $sct#1104351000000103
* component[puls] ^short = "Delskår for puls"
* component[puls] ^definition = "0–3 poeng etter slag per minutt."
* component[bevissthet].code = $sct#1104361000000100
* component[bevissthet] ^short = "Delskår for bevissthet"
* component[bevissthet] ^definition = "0 poeng når pasienten er våken (A), 3 poeng ved ny forvirring, reaksjon bare på tiltale eller smerte, eller ingen reaksjon (C, V, P, U)."
* component[temperatur].code = $sct#1104371000000107
* component[temperatur] ^short = "Delskår for temperatur"
* component[temperatur] ^definition = "0–3 poeng etter kroppstemperatur i grader celsius, med én desimal."
