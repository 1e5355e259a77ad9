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
