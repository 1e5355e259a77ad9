"""Rules HL7's reference validator applies to instances beyond what the R4 definitions state.

* **Vital signs by code.** FHIR R4 (Observation, "Vital Signs") says an Observation that records a
  vital sign SHALL conform to the matching core vital-signs profile. HL7's validator applies that
  profile when the Observation's code carries one of the vital-sign codes below, whether or not
  the Observation claims it. The code lists are the ones HL7's validator uses (facts, restated
  here; checked against FHIR/fhir-test-cases, case obs-temp-bad): the first profile whose LOINC
  list matches wins, then the SNOMED CT lists in the same order.
* **Attachment size.** ``Attachment.size`` is the number of bytes of the data; when ``data`` is
  inline the two must agree.
* **Extensions from example domains.** An extension whose definition is unknown is reported,
  as a warning, except for URLs in the domains the FHIR specification reserves for examples.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
_SD = "http://hl7.org/fhir/StructureDefinition/"

# (profile, name, LOINC codes, SNOMED CT codes), in the order HL7's validator tries them.
VITAL_SIGNS: tuple[tuple[str, str, frozenset[str], frozenset[str]], ...] = (
    (_SD + "vitalspanel", "Vital Signs Panel", frozenset({"85353-1"}), frozenset({"46680005"})),
    (
        _SD + "resprate",
        "Respiratory Rate",
        frozenset({"9279-1", "76170-0", "76172-6", "76171-8", "19840-8", "33438-3", "76270-8", "11291-2"}),
        # HL7's validator names no loadable profile for the SNOMED CT respiratory-rate codes, so
        # none is applied for them; listing none keeps the same verdicts.
        frozenset(),
    ),
    (
        _SD + "heartrate",
        "Heart rate",
        frozenset({
            "60978-4", "73795-7", "73799-9", "76476-1", "76477-9", "8867-4", "8889-8", "8890-6", "8891-4",
            "8892-2", "8893-0", "40443-4", "55425-3", "68999-2", "11328-2", "69000-8", "8886-4",
        }),
        frozenset({"249043002", "444981005", "399017001", "251670001", "429525003", "429614003"}),
    ),
    (
        _SD + "oxygensat",
        "Oxygen saturation",
        frozenset({
            "2708-6", "19224-5", "20564-1", "2709-4", "2710-2", "2711-0", "2713-6", "51733-4", "59408-5",
            "59417-6", "89276-0", "97549-0",
        }),
        frozenset({"103228002", "442349007", "442476006", "442440005", "431314004", "442734002", "713194001"}),
    ),
    (
        _SD + "bodytemp",
        "Body temperature",
        frozenset({
            "8310-5", "60834-9", "60835-6", "60836-4", "60838-0", "60955-2", "61009-7", "75539-7", "75987-8",
            "76010-8", "76011-6", "76278-1", "8309-7", "8328-7", "8329-5", "8330-3", "8331-1", "8332-9",
            "8333-7", "8334-5", "91371-5", "98657-0", "98663-8",
        }),
        frozenset({
            "386725007", "276885007", "300076005", "1222808002", "364246006", "307047009", "708499008",
            "431598003", "698831002", "698832009", "415882003", "415974002", "415929009", "415945006",
        }),
    ),
    (
        _SD + "bodyheight",
        "Body height",
        frozenset({"8302-2", "3137-7", "3138-5", "8306-3", "8308-9"}),
        frozenset({"1153637007", "1162419008", "50373000", "1162418000", "1230278008", "1162392001", "1162417005"}),
    ),
    (
        _SD + "headcircum",
        "Head circumference",
        frozenset({"9843-4", "8287-5"}),
        frozenset({"363812007", "169876006", "1269262007", "363811000"}),
    ),
    (
        _SD + "bodyweight",
        "Body weight",
        frozenset({"29463-7", "3141-9", "3142-7", "75292-3", "79348-9", "8350-1", "8351-9"}),
        frozenset({"735395000", "425024002", "424927000", "784399000", "1162416001", "1162415002", "60621009"}),
    ),
    (_SD + "bmi", "Body mass index", frozenset({"39156-5", "59574-4", "89270-3"}), frozenset()),
    (
        _SD + "bp",
        "Blood pressure",
        frozenset({"85354-9", "35094-2", "8459-0", "76534-7", "55284-4", "8480-6"}),
        frozenset({
            "75367002", "251076008", "163033001", "163035008", "386534000", "386536003", "271649006",
            "271650006", "407556006", "407554009", "716579001", "399304008",
        }),
    ),
)

EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net", "acme.com", "acme.org")


def _codes(code: Any, system: str) -> list[str]:
    codings = code.get("coding") if isinstance(code, dict) else None
    return [
        c["code"]
        for c in (codings if isinstance(codings, list) else ())
        if isinstance(c, dict) and c.get("system") == system and isinstance(c.get("code"), str)
    ]


def vital_signs_profile(observation: dict[str, Any]) -> tuple[str, str, str] | None:
    """(profile url, profile name, "system code") the Observation's code calls for, or None."""
    code = observation.get("code")
    for system, label, column in ((LOINC, "LOINC", 2), (SNOMED, "SNOMED CT", 3)):
        given = _codes(code, system)
        if not given:
            continue
        for row in VITAL_SIGNS:
            codes = row[2] if column == 2 else row[3]
            for candidate in given:
                if candidate in codes:
                    return row[0], row[1], f"{label} {candidate}"
    return None


def attachment_size_problem(attachment: dict[str, Any]) -> str | None:
    """Why Attachment.size disagrees with the decoded length of Attachment.data, or None."""
    data, size = attachment.get("data"), attachment.get("size")
    if not isinstance(data, str) or type(size) is not int:
        return None
    try:
        actual = len(base64.b64decode("".join(data.split()), validate=True))
    except (binascii.Error, ValueError):
        return None  # the base64Binary check reports malformed data
    if actual == size:
        return None
    return f"size says {size} bytes, but data holds {actual} bytes"


def is_example_url(url: str) -> bool:
    host = url.split("://", 1)[1].split("/", 1)[0] if "://" in url else ""
    return any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS)
