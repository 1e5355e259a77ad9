"""`--lang nb` prints no English sentence: FHIR's invariant texts, rule descriptions and format names.

Issue 22 found "er ikke en gyldig date" and "dom-6: … A resource should have narrative" in Norwegian
output. Every message of every example under examples/ is checked for English words outside code
font and quotations; the invariant and phrase tables (messages/nb_fhir.toml) are tested one by one.
"""

from __future__ import annotations

import re
from pathlib import Path

import journalloft
from journalloft.i18n import message
from journalloft.issues import Issue, error, warning

ROOT = Path(__file__).resolve().parent.parent

# Words of English prose that no Norwegian sentence uses (a few Norwegian homographs left out).
ENGLISH = re.compile(
    r"\b(?:the|is not|are|should|shall|must|have|has|with|found|valid|narrative|required|missing|expected|"
    r"allowed|matches|none|present|value|whitespace|followed|lower-case|fraction|exponent|integers)\b",
    re.IGNORECASE,
)
# Not prose: code spans, quoted values, paths and URLs, and FHIR's type and element names.
QUOTED = re.compile(r"`[^`]*`|\"[^\"]*\"|'[^']*'|«[^»]*»|\S*[/.:#\[\]]\S*|\b[a-z]+[A-Z]\w*")


def _messages(issue: Issue) -> list[str]:
    return [issue.message, *(text for sub in issue.sub_issues for text in _messages(sub))]


def _english(text: str) -> list[str]:
    return ENGLISH.findall(QUOTED.sub(" ", text))


def test_every_message_of_every_example_is_norwegian() -> None:
    report = journalloft.validate(ROOT / "examples", lang="nb")
    texts = [text for issue in report.issues for text in _messages(issue)]
    assert len(texts) > 100
    english = {text: words for text in texts if (words := _english(text))}
    assert not english, english


def test_the_english_detector_finds_what_the_issue_quoted() -> None:
    assert _english("dom-6: regelen er ikke oppfylt: A resource should have narrative for robust management.")
    assert _english("Inndataene is not valid.")
    assert not _english('"2026-02-30" er ikke en gyldig verdi for formatet `date`.')
    assert not _english("per-1: regelen er ikke oppfylt: Er start oppgitt, skal den være før slutt.")


def test_a_fhir_invariant_is_told_in_norwegian_by_its_key() -> None:
    dom6 = warning("fhir-invariant", "Patient", "dom-6: A resource should have narrative for robust management")
    assert message(dom6, "nb") == (
        "dom-6: regelen er ikke oppfylt: En ressurs bør ha en tekstlig fremstilling (elementet `text`), så den "
        "kan forvaltes trygt."
    )
    per1 = error("fhir-invariant", "Period", "per-1: If present, start SHALL have a lower value than end")
    assert message(per1, "nb") == "per-1: regelen er ikke oppfylt: Er start oppgitt, skal den være før slutt."


def test_an_untranslated_fhir_rule_is_quoted_in_code_font_and_a_project_rule_stays_as_written() -> None:
    rule = "dataAbsentReason SHALL only be present if Observation.value[x] is not present"
    obs = error("fhir-invariant", "Observation", f"obs-6: {rule}")
    assert message(obs, "nb") == f"obs-6: regelen er ikke oppfylt: `{rule}`."
    own = "okt-1: Sluttdato kan ikke være før startdato (period.end >= period.start)."
    okt = error("fhir-invariant", "EpisodeOfCare", own)
    assert message(okt, "nb") == (
        "okt-1: regelen er ikke oppfylt: Sluttdato kan ikke være før startdato (period.end >= period.start)."
    )


def test_format_and_type_names_are_code_and_rule_descriptions_norwegian() -> None:
    date = error("schema-format", "$.startDate", '"2026-02-30" is not a valid date.')
    assert message(date, "nb") == '"2026-02-30" er ikke en gyldig verdi for formatet `date`.'
    english = '"1990-1" is not a valid date: expected YYYY, YYYY-MM or YYYY-MM-DD'
    fhir_date = error("fhir-primitive", "Patient.birthDate", english)
    assert message(fhir_date, "nb") == (
        '"1990-1" er ikke en gyldig `date` (formen som kreves: forventet ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD).'
    )


def test_dom_6_as_the_validator_reports_it_is_norwegian() -> None:
    # A Patient without narrative: FHIR R4's best-practice rule dom-6, the message issue 22 quoted.
    report = journalloft.validate({"resourceType": "Patient", "gender": "female"}, "fhir-r4", lang="nb")
    [dom6] = [issue.message for issue in report.issues if issue.code == "fhir-invariant"]
    assert dom6.startswith("dom-6: regelen er ikke oppfylt: En ressurs bør ha en tekstlig fremstilling")
    assert not _english(dom6)
