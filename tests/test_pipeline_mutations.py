"""Mutations that only exist in the raw text (the FHIR walker never sees them), through the whole pipeline.

They complete tests/fhir/test_mutations.py, which mutates parsed resources: here an official example
is serialised, the text is broken in one way, and ``journalloft.validate`` must report the right code
at the right location.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from journalloft import validate
from journalloft.fhir.examples_source import official_example

SOURCE = official_example("Observation-example.json").data.decode("utf-8")


def _duplicate_status(text: str) -> str:
    return text.replace('"status": "final"', '"status": "final",\n  "status": "amended"', 1)


MUTATIONS: list[tuple[str, Callable[[str], str], str, str]] = [
    ("duplicate key", _duplicate_status, "json-duplicate-key", "Observation.status"),
    ("byte order mark", lambda t: "\ufeff" + t, "json-bom", "$"),
    ("trailing content", lambda t: t + "\n{}", "json-trailing-content", "$"),
    ("NaN", lambda t: t.replace('"value": 185', '"value": NaN', 1), "json-invalid-number", "$"),
    ("syntax error", lambda t: t[:-2], "json-syntax", "$"),
]


def test_source_is_valid_before_mutation() -> None:
    # The example's acme.org code system is an example URL: allowed, as HL7's own harness allows them.
    assert validate(SOURCE.encode(), allow_example_urls=True).valid


@pytest.mark.parametrize(("name", "mutate", "code", "expression"), MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_text_mutation_is_detected(name: str, mutate: Callable[[str], str], code: str, expression: str) -> None:
    mutated = mutate(SOURCE)
    assert mutated != SOURCE, f"the {name} mutation did not change the text"
    found = [(i.code, i.expression) for i in validate(mutated.encode(), allow_example_urls=True).issues]
    assert (code, expression) in found
