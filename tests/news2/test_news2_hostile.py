"""Broken NEWS2 payloads never make the news2 rule set or the score command fail: every node of the
assessment and of one measurement is replaced by values of the wrong shape, and neither the validator
(internal-error) nor ``score_payload`` (an exception) may break."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from journalloft.news2.checks import check
from journalloft.news2.payload import score_payload

ROOT = Path(__file__).resolve().parents[2]
BASE = json.loads((ROOT / "examples/news2/valid/hoy-risiko.json").read_text(encoding="utf-8"), parse_float=Decimal)
ODD: list[Any] = [None, "", "x", [], {}, 1.5, True, -1, Decimal("NaN")]


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copied = copy.deepcopy(value)
    target = copied
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return copied


TARGETS = [p for p in _paths(BASE) if p[:2] in (("entry", 0), ("entry", 5), ("entry", 6)) or len(p) <= 1]


@pytest.mark.parametrize("path", TARGETS, ids=lambda p: "/".join(map(str, p)) or "root")
def test_odd_values_anywhere(path: tuple[Any, ...]) -> None:
    for odd in ODD:
        broken = _replace(BASE, path, odd)
        if not isinstance(broken, dict):
            continue
        issues = check(broken, [])
        assert all(i.code.startswith("news2-") for i in issues)
        score_payload(broken)


def test_the_unbroken_payload_has_no_findings() -> None:
    """So that every finding below comes from the replaced value."""
    assert check(BASE, []) == []


TOTAL = "Bundle.entry[0].resource.value.ofType(integer)"


def _component(index: int) -> tuple[tuple[Any, ...], Any, list[tuple[str, str]]]:
    return (
        ("entry", 0, "resource", "component", index, "valueInteger"),
        -1,
        [
            ("news2-total-mismatch", TOTAL),
            ("news2-component-mismatch", f"Bundle.entry[0].resource.component[{index}].value.ofType(integer)"),
        ],
    )


@pytest.mark.parametrize(
    ("path", "new", "found"),
    [
        (("entry", 0, "resource", "valueInteger"), -1, [("news2-total-mismatch", TOTAL)]),
        (
            ("entry", 0, "resource", "interpretation", 0, "coding", 0, "code"),
            "x",
            [("news2-risk-mismatch", "Bundle.entry[0].resource.interpretation[0]")],
        ),
        *(_component(index) for index in range(7)),
        (
            ("entry", 0, "resource", "derivedFrom", 2, "reference"),
            "x",
            [("news2-measurement-missing", "Bundle.entry[0].resource.component[2]")],
        ),
        (
            ("entry", 5, "resource", "valueQuantity", "value"),
            "x",
            [("news2-measurement-not-numeric", "Bundle.entry[5].resource")],
        ),
        (
            ("entry", 5, "resource", "valueQuantity", "value"),
            -1,
            [("news2-range", "Bundle.entry[5].resource.value.ofType(Quantity).value")],
        ),
        (
            ("entry", 5, "resource", "valueQuantity", "code"),
            "x",
            [("news2-unit", "Bundle.entry[5].resource.value.ofType(Quantity).code")],
        ),
        (
            ("entry", 6, "resource", "valueCodeableConcept"),
            None,
            [("news2-measurement-not-numeric", "Bundle.entry[6].resource")],
        ),
    ],
    ids=lambda value: "/".join(map(str, value)) if isinstance(value, tuple) else None,
)
def test_a_wrong_value_where_the_rule_set_looks_is_found(
    path: tuple[Any, ...], new: Any, found: list[tuple[str, str]]
) -> None:
    """Well-formed but wrong: the findings that must come, code and place (not only "none that crash")."""
    issues = check(_replace(BASE, path, new), [])
    assert [(i.code, i.expression) for i in issues] == found
    assert all(i.severity.is_error for i in issues)
