"""Build validators/journalloft/fhir/fhirpath_trees.tsv: the parse trees of the shipped FHIRPath constraints.

The trees are fhirpathpy's own parse of each expression (its ANTLR parser, as installed), written so
that ``journalloft.fhir.fhirpath_parse.parse_tree`` can answer without importing the parser (see that
module: a large part of a cold start, issue 23). The expressions are every ``constraint.expression``
in the snapshots and differentials of

* the shipped R4 definitions (``validators/journalloft/fhir/data/structuredefinitions.zip``),
* the StructureDefinitions under ``specs/`` (the project's own profiles),

and the corrected expressions the invariant engine evaluates instead of R4's published ones
(``journalloft.fhir.invariants._ERRATA``).

The output is deterministic (same sources and parser, same bytes): a JSON header line, then one line
per expression in sorted order. ``tests/fhir/test_fhirpath_trees.py`` rebuilds it and fails when the
shipped file differs. Never edit the file by hand; regenerate it with:

    PYTHONPATH=validators python scripts/build_fhirpath_trees.py
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "validators"))

from journalloft.fhir.fhirpath_parse import STORE, live_parse, parser_fingerprint, store_key  # noqa: E402
from journalloft.fhir.invariants import _ERRATA  # noqa: E402 - the errata are the engine's own table

REGENERATE = "PYTHONPATH=validators python scripts/build_fhirpath_trees.py"
CORE = REPO / "validators" / "journalloft" / "fhir" / "data" / "structuredefinitions.zip"
SPECS = REPO / "specs"


def constraint_expressions(definition: Any) -> Iterator[str]:
    """The constraint expressions of a StructureDefinition's snapshot and differential."""
    if not isinstance(definition, dict) or definition.get("resourceType") != "StructureDefinition":
        return
    for part in ("snapshot", "differential"):
        for element in (definition.get(part) or {}).get("element") or ():
            for constraint in element.get("constraint") or ():
                expression = constraint.get("expression") if isinstance(constraint, dict) else None
                if isinstance(expression, str) and expression.strip():
                    yield expression


def core_definitions(archive: Path) -> Iterator[Any]:
    with zipfile.ZipFile(archive) as members:
        for name in sorted(members.namelist()):
            yield json.loads(members.read(name))


def spec_definitions(root: Path) -> Iterator[Any]:
    for path in sorted(root.rglob("*.json")):
        try:
            yield json.loads(path.read_bytes())
        except ValueError:  # not every JSON file under specs/ need parse (schemas, fixtures do)
            continue


def expressions(core: Path = CORE, specs: Path = SPECS) -> tuple[set[str], dict[str, int]]:
    """Every expression to store, and how many distinct ones each source gave."""
    found: set[str] = set()
    counts: dict[str, int] = {}
    sources: tuple[tuple[str, Iterable[Any]], ...] = (
        (core.relative_to(REPO).as_posix(), core_definitions(core)),
        (f"{specs.relative_to(REPO).as_posix()}/**/*.json", spec_definitions(specs)),
    )
    for label, definitions in sources:
        own = {text for definition in definitions for text in constraint_expressions(definition)}
        counts[label] = len(own)
        found |= own
    errata = set(_ERRATA.values())
    counts["journalloft.fhir.invariants._ERRATA"] = len(errata)
    return found | errata, counts


def build_text(core: Path = CORE, specs: Path = SPECS) -> str:
    """The store's content; raises when an expression does not parse (a shipped definition is broken)."""
    fingerprint = parser_fingerprint()
    if fingerprint is None:
        raise SystemExit("fhirpathpy's parser files cannot be read; cannot build the store")
    texts, counts = expressions(core, specs)
    header = {
        "generated_by": REGENERATE,
        "note": "generated file, do not edit by hand; see journalloft/fhir/fhirpath_parse.py",
        "fhirpathpy": importlib.metadata.version("fhirpathpy"),
        "parser": fingerprint,
        "sources": counts,
        "expressions": len(texts),
    }
    lines = [json.dumps(header, sort_keys=True)]
    for text in sorted(texts):
        tree = json.dumps(live_parse(text), separators=(",", ":"))
        lines.append(f"{store_key(text)}\t{tree}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=STORE, help=f"where to write (default {STORE})")
    args = parser.parse_args()
    text = build_text()
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {text.count(chr(10)) - 1} expressions")


if __name__ == "__main__":
    main()
