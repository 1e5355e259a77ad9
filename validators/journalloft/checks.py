"""Rule sets that a FHIR spec runs after the FHIR engine: ``checks: [name, ...]`` in spec.yaml.

A rule set is a function ``(payload, issues found so far) -> more issues``. They are registered here
by name and imported only when a spec that names them is used, so a new service adds its checks with
one line here and one in its spec.yaml, without touching the validator.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

from journalloft.issues import Issue

CheckSet = Callable[[dict[str, Any], Sequence[Issue]], list[Issue]]

# name -> "module:function"
REGISTERED: dict[str, str] = {
    "news2": "journalloft.news2.checks:check",
}


def load(name: str) -> CheckSet:
    module, _, function = REGISTERED[name].partition(":")
    found: CheckSet = getattr(importlib.import_module(module), function)
    return found


def run(names: Sequence[str], value: dict[str, Any], found: Sequence[Issue]) -> list[Issue]:
    issues: list[Issue] = []
    for name in names:
        issues.extend(load(name)(value, [*found, *issues]))
    return issues
