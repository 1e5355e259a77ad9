"""How many issues get a full Norwegian message (`--lang nb`), on the project's examples and on HL7's
official R4 examples (npm hl7.fhir.r4.examples 4.0.1, from the registry cache).

Run: .venv/bin/python scripts/i18n_coverage.py [--official]
Prints, per set, the share of issues (sub-issues included) that a template in
journalloft/messages/nb.toml translates in full, and the codes most often left to the fallback
(the Norwegian summary of the code plus the English detail).
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

import journalloft
from journalloft.i18n import coverage, template_for
from journalloft.issues import Issue

ROOT = Path(__file__).resolve().parents[1]


def _print(name: str, issues: list[Issue]) -> None:
    full, total = coverage(issues)
    share = 100 * full / total if total else 100.0
    print(f"{name}: {full} of {total} issues have a full Norwegian message ({share:.1f} %)")
    missing = collections.Counter(i.code for i in issues if template_for(i) is None)
    for code, count in missing.most_common(8):
        print(f"  fallback: {code} x{count}")


def main() -> None:
    _print("project examples (examples/)", journalloft.validate(ROOT / "examples").issues)
    if "--official" in sys.argv:
        from journalloft.fhir.examples_source import official_examples

        issues: list[Issue] = []
        for example in official_examples():
            if example.resource_type:
                issues.extend(journalloft.validate(example.data).issues)
        _print("HL7 official R4 examples", issues)


if __name__ == "__main__":
    main()
