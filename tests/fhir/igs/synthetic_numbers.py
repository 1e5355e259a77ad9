"""Replace real-looking Norwegian person numbers in IG test data with synthetic ones (NHN month + 65).

The project never commits a real-looking person number (tests/test_no_real_person_numbers.py), and
HL7 Norway's no-basis examples use numbers that pass the control digits. This keeps everything else
byte for byte: each such number keeps its day, year and (where usable) individual digits, gets
month + 65 (NHN's synthetic series) and new control digits. Deterministic, so it can be re-run on a
fresh copy: ``python tests/fhir/igs/synthetic_numbers.py tests/fhir/igs/no-basis``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from journalloft.identifiers import control_digits, looks_real

_ELEVEN_DIGITS = re.compile(r"(?<![0-9])[0-9]{11}(?![0-9])")


def synthetic(number: str) -> str:
    date_part = f"{number[:2]}{int(number[2:4]) + 65:02d}{number[4:6]}"
    start = int(number[6:9])
    for offset in range(1000):
        body = f"{date_part}{(start + offset) % 1000:03d}"
        digits = control_digits(body)
        if digits is not None:
            return f"{body}{digits[0]}{digits[1]}"
    raise ValueError(f"no synthetic number for {number[:6]}*****")


def replace_in(text: str) -> str:
    return _ELEVEN_DIGITS.sub(lambda m: synthetic(m.group()) if looks_real(m.group()) else m.group(), text)


def main(folder: str) -> int:
    for path in sorted(Path(folder).rglob("*.fsh")):
        text = path.read_text("utf-8")
        changed = replace_in(text)
        if changed != text:
            path.write_text(changed, "utf-8")
            print(f"{path}: replaced real-looking person numbers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
