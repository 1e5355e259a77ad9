"""Rule sets: the checks that run on a FHIR payload after the engine, all through one interface.

A rule set is a function ``(payload, issues found so far, context) -> more issues`` (:data:`CheckSet`).
Two kinds are registered here by name, each imported only when it runs:

- :data:`EVERY_FHIR_PAYLOAD`: run on every FHIR payload, whatever its spec (base R4 too): the
  Norwegian identifiers (``no-id-*``).
- :data:`REGISTERED`: named by a spec under ``checks: [name, ...]`` in spec.yaml (``news2``), so a new
  service adds its checks with one line here and one in its spec.yaml, without touching the validator.

They run in that order, each seeing the findings of the engine and of the rule sets before it.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from journalloft.issues import Issue
from journalloft.rules import RuleOptions


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule set may use besides the payload and the findings so far."""

    options: RuleOptions = field(default_factory=RuleOptions)
    """synthetic_only and strict_identifiers, as the spec and the caller set them."""
    text: bytes | None = None
    """The document's bytes when it came as text (None for a dict from the Python API): a rule set may
    look at them to see at once that it has nothing to find."""


NO_CONTEXT = RuleContext()

CheckSet = Callable[[dict[str, Any], Sequence[Issue], RuleContext], list[Issue]]

# name -> "module:function"
REGISTERED: dict[str, str] = {
    "news2": "journalloft.news2.checks:check",
}
"""Rule sets a spec may name under ``checks:``."""

EVERY_FHIR_PAYLOAD: dict[str, str] = {
    "norwegian-identifiers": "journalloft.fhir.norwegian_identifiers:rule_set",
}
"""Rule sets run on every FHIR payload before the spec's own (not named in spec.yaml)."""


@functools.cache
def load(name: str) -> CheckSet:
    module, _, function = {**EVERY_FHIR_PAYLOAD, **REGISTERED}[name].partition(":")
    found: CheckSet = getattr(importlib.import_module(module), function)
    return found


def fhir_rule_sets(spec_checks: Sequence[str]) -> tuple[str, ...]:
    """The rule sets a FHIR payload under a spec with ``checks: spec_checks`` goes through, in order."""
    return (*EVERY_FHIR_PAYLOAD, *spec_checks)


def run(
    names: Sequence[str], value: dict[str, Any], found: Sequence[Issue], context: RuleContext = NO_CONTEXT
) -> list[Issue]:
    issues: list[Issue] = []
    for name in names:
        issues.extend(load(name)(value, [*found, *issues] if issues else found, context))
    return issues
