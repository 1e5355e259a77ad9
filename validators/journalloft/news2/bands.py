"""The chart band a sub-score's interpretation text names, and the score the chart gives it.

HL7 Norway's VkpObservation example vkp-news2-create writes each sub-score's band as the
component's ``interpretation.text`` ("≥25", "93–94 med oksygentilførsel", "C, V, P eller U"). That
text is the only trace of the measured value in a standalone assessment, so a sub-score is checked
against it (``news2-component-band``). Only texts that read as one band are judged: a range that
spans bands with different scores, or any other wording, gives no finding.
"""

from __future__ import annotations

import re
from decimal import Decimal

from journalloft.news2.chart import ACVPU
from journalloft.news2.engine import ScoringError, subscore

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_RANGE = re.compile(rf"^{_NUMBER}\s*[–-]\s*{_NUMBER}$")
_AT_MOST = re.compile(rf"^(?:≤|<=)\s*{_NUMBER}$")
_AT_LEAST = re.compile(rf"^(?:≥|>=)\s*{_NUMBER}$")
_SINGLE = re.compile(rf"^{_NUMBER}$")
# Words after the numbers that say air or oxygen (SpO2 scale 2), as the example and the chart write them.
_ON_OXYGEN = ("med oksygentilførsel", "med oksygen", "på oksygen")
_ON_AIR = ("på luft", "med luft")


def band_score(key: str, text: str, on_oxygen: bool | None) -> int | None:
    """The score the chart gives the band ``text`` names for parameter ``key``; None if unreadable.

    ``on_oxygen`` is what the assessment's air-or-oxygen sub-score says, used for SpO2 scale 2 when
    the text itself does not say air or oxygen.
    """
    words = " ".join(text.split()).lower()
    if key == "air_or_oxygen":
        return _air_or_oxygen(words)
    if key == "consciousness":
        return _consciousness(words)
    words, stated_oxygen = _oxygen_words(words)
    oxygen = stated_oxygen if stated_oxygen is not None else on_oxygen
    if key == "spo2_scale2" and oxygen is None:
        return None  # at 93 % and above, scale 2 depends on air or oxygen
    ends = _ends(words)
    if ends is None:
        return None
    try:
        scores = {subscore(key, end, oxygen) for end in ends}
    except ScoringError:
        return None
    return scores.pop() if len(scores) == 1 else None


def _ends(words: str) -> tuple[Decimal, ...] | None:
    """The numbers that bound the band: both ends of a range, or the one bound of an open band."""
    for pattern in (_RANGE, _AT_MOST, _AT_LEAST, _SINGLE):
        match = pattern.match(words)
        if match:
            return tuple(Decimal(group.replace(",", ".")) for group in match.groups())
    return None


def _oxygen_words(words: str) -> tuple[str, bool | None]:
    for suffix, oxygen in [*((s, True) for s in _ON_OXYGEN), *((s, False) for s in _ON_AIR)]:
        if words.endswith(suffix):
            return words[: -len(suffix)].strip(), oxygen
    return words, None


def _air_or_oxygen(words: str) -> int | None:
    if words in ("oksygen", "oksygentilførsel", "med oksygen"):
        return subscore("air_or_oxygen", True)
    if words in ("luft", "på luft", "romluft"):
        return subscore("air_or_oxygen", False)
    return None


def _consciousness(words: str) -> int | None:
    """One or more ACVPU letters ("A", "C, V, P eller U"); None unless they all score the same."""
    letters = [part.upper() for part in re.split(r"\s*,\s*|\s+eller\s+", words) if part]
    if not letters or any(letter not in ACVPU for letter in letters):
        return None
    scores = {subscore("consciousness", letter) for letter in letters}
    return scores.pop() if len(scores) == 1 else None
