"""No tracked text file holds a real-looking person number.

Every 11-digit number in a tracked text file that passes the control digits (fødselsnummer,
D-nummer, H-nummer or FHN, with the 2032 rule) and is not from a synthetic test series (NHN month
+ 65, Tenor month + 80) fails the test, named by file and line. Examples and test data must use
synthetic identities; a number built at run time in test code is not in any file.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

from id_numbers import NHN_SYNTHETIC, with_digits
from journalloft.identifiers import looks_real

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = frozenset({".json", ".ndjson", ".yaml", ".yml", ".md", ".py", ".fsh", ".txt", ".csv", ".svg"})
_ELEVEN_DIGITS = re.compile(r"(?<![0-9])[0-9]{11}(?![0-9])")
# A hexadecimal digest (the lock files' SHA-256 sums, integrity hashes) may hold a run of eleven digits by
# chance; it is not a number anyone wrote. Digests are blanked before the scan.
_HEX_DIGEST = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{32,}(?![0-9A-Za-z])")


def real_looking(text: str) -> Iterator[tuple[int, str]]:
    """(line number, number) for every real-looking person number in ``text``."""
    for line_number, line in enumerate(text.splitlines(), start=1):
        for match in _ELEVEN_DIGITS.finditer(_HEX_DIGEST.sub(" ", line)):
            if looks_real(match.group()):
                yield line_number, match.group()


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    return [ROOT / name for name in listed.split("\0") if name and Path(name).suffix.lower() in SUFFIXES]


def test_no_tracked_file_holds_a_real_looking_person_number() -> None:
    files = tracked_text_files()
    assert len(files) > 50, "git ls-files found too few files; is this a checkout?"
    found: list[str] = []
    for path in files:
        if not path.is_file():
            continue  # deleted in the work tree but still in the index
        text = path.read_text(encoding="utf-8", errors="replace")
        # Only the first six digits are shown: the report must not spread the number further.
        found.extend(f"{path.relative_to(ROOT)}:{line}: {number[:6]}*****" for line, number in real_looking(text))
    assert not found, "real-looking person numbers (use synthetic ones: NHN month + 65):\n" + "\n".join(found)


def test_the_scan_finds_a_real_looking_number_and_spares_synthetic_and_invalid_ones() -> None:
    real = with_digits("150385")
    fhn = with_digits("912345")
    invalid = real[:-1] + str((int(real[-1]) + 1) % 10)
    text = f"line one {NHN_SYNTHETIC[0]}\n\"{real}\", x{invalid}\nlonger 1{real} and {fhn}\n"
    assert list(real_looking(text)) == [(2, real), (3, fhn)]


def test_a_hexadecimal_digest_is_not_a_person_number_but_the_same_digits_alone_are() -> None:
    real = with_digits("150385")
    digest = ("ab" + real + "c" * 64)[:64]
    text = f"    --hash=sha256:{digest} \\\nbeside it: {real}\n"
    assert list(real_looking(text)) == [(2, real)]
