"""The generated store of FHIRPath parse trees (journalloft.fhir.fhirpath_parse): up to date, used, and
never trusted beyond what it was made for (another parser, another expression text)."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from journalloft.fhir import fhirpath_parse
from journalloft.fhir.fhirpath_parse import STORE, parse_tree, store_key
from journalloft.fhir.invariants import InvariantEngine

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_fhirpath_trees.py"
# ele-1's text: in the core definitions, hence in the store.
STORED = "hasValue() or (children().count() > id.count())"


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_fhirpath_trees", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """Empty the store's and the parse cache before and after: the test changes what they would hold."""
    fhirpath_parse._stored.cache_clear()
    parse_tree.cache_clear()
    yield
    fhirpath_parse._stored.cache_clear()
    parse_tree.cache_clear()


@pytest.fixture
def live_parses(monkeypatch: pytest.MonkeyPatch, fresh_caches: None) -> list[str]:
    """The expressions parse_tree hands to the ANTLR parser."""
    parsed: list[str] = []
    real = fhirpath_parse.live_parse

    def spy(expression: str) -> dict[str, Any]:
        parsed.append(expression)
        return real(expression)

    monkeypatch.setattr(fhirpath_parse, "live_parse", spy)
    return parsed


def _stored_tree(expression: str) -> dict[str, Any]:
    for line in STORE.read_text(encoding="utf-8").split("\n")[1:]:
        key, _, tree = line.partition("\t")
        if key == store_key(expression):
            return json.loads(tree)
    raise AssertionError(f"{expression!r} is not in {STORE.name}")


def test_the_shipped_store_equals_a_fresh_build() -> None:
    """Stale when a shipped definition's expression changed, one was added, or fhirpathpy's parser changed."""
    fresh = _build_script().build_text()
    assert STORE.read_text(encoding="utf-8") == fresh, (
        f"{STORE.name} is stale; regenerate it with: PYTHONPATH=validators python scripts/build_fhirpath_trees.py"
    )


def test_the_header_says_how_it_was_made() -> None:
    header = json.loads(STORE.read_text(encoding="utf-8").split("\n", 1)[0])
    assert header["generated_by"] == "PYTHONPATH=validators python scripts/build_fhirpath_trees.py"
    assert "do not edit by hand" in header["note"]
    assert header["parser"] == fhirpath_parse.parser_fingerprint()
    assert header["sources"]["validators/journalloft/fhir/data/structuredefinitions.zip"] > 200


def test_a_stored_expression_is_not_parsed_live(live_parses: list[str]) -> None:
    assert parse_tree(STORED) == _stored_tree(STORED)
    assert live_parses == []


def test_the_stored_tree_is_the_parser_s_own(fresh_caches: None) -> None:
    from fhirpathpy.parser import parse

    assert parse_tree(STORED) == parse(STORED)


def test_a_changed_expression_is_parsed_live(live_parses: list[str]) -> None:
    """Entries are keyed by the exact text: an edited constraint never gets the old text's tree."""
    changed = STORED.replace("id.count()", "extension.count()")
    tree = parse_tree(changed)
    assert live_parses == [changed]
    assert "extension" in json.dumps(tree)


def test_a_store_made_by_another_parser_is_ignored(monkeypatch: pytest.MonkeyPatch, live_parses: list[str]) -> None:
    """After an upgrade of fhirpathpy whose parser files differ, every expression is parsed live."""
    monkeypatch.setattr(fhirpath_parse, "parser_fingerprint", lambda: "0" * 64)
    assert fhirpath_parse._stored() == {}
    parse_tree(STORED)
    assert live_parses == [STORED]


def test_an_unparsable_constraint_is_reported_not_evaluated(fresh_caches: None) -> None:
    """Only parsed expressions are stored: one that does not parse goes to the parser and says so."""
    engine = InvariantEngine()
    patient = {"resourceType": "Patient", "name": [{"family": "Nordmann"}]}
    broken = {"key": "x-1", "severity": "error", "human": "broken", "expression": "`name.family = 'Nordmann'"}
    issues = engine.check([broken], patient, "Patient", "Patient", patient, patient)
    assert [(issue.code, issue.message.split(":", 3)[:3]) for issue in issues] == [
        ("fhir-invariant-not-evaluated", ["x-1", " not evaluated", " cannot be parsed"])
    ]
    fixed = dict(broken, expression="name.family = 'Nordmann'")
    assert engine.check([fixed], patient, "Patient", "Patient", patient, patient) == []
