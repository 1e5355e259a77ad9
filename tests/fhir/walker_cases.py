"""Shared helpers for the walker's tests: one validator per process, official examples as fresh copies."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

from journalloft.fhir.context import core_context
from journalloft.fhir.examples_source import official_example
from journalloft.fhir.options import FhirOptions
from journalloft.fhir.validator import FhirValidator
from journalloft.issues import Issue

# The walker's tests work on HL7's official examples and on resources shaped like them: their example.org
# URLs are theirs to use, as HL7's test harness allows them (the rule itself: test_example_uris.py).
EXAMPLES = FhirOptions(allow_example_urls=True)


@functools.cache
def validator() -> FhirValidator:
    return FhirValidator(core_context())


@functools.cache
def _parsed(name: str) -> Any:
    return official_example(name).parse()


def example(name: str) -> dict[str, Any]:
    """A deep copy of an official R4 example (file name as in the package, e.g. Patient-example.json)."""
    return copy.deepcopy(_parsed(name))


def findings(resource: Any, profiles: tuple[str, ...] = (), validator_: FhirValidator | None = None) -> list[Issue]:
    """Errors and warnings (information left out), example URLs allowed."""
    issues = (validator_ or validator()).validate(resource, profiles, options=EXAMPLES)
    return [issue for issue in issues if issue.severity.rank <= 2]


def errors(
    resource: Any, profiles: tuple[str, ...] = (), validator_: FhirValidator | None = None
) -> set[tuple[str, str]]:
    """(code, expression) of every error, example URLs allowed."""
    issues = (validator_ or validator()).validate(resource, profiles, options=EXAMPLES)
    return {(issue.code, issue.expression) for issue in issues if issue.severity.is_error}


class OverlayContext:
    """The core context plus test StructureDefinitions (already with snapshots), by url."""

    def __init__(self, *definitions: dict[str, Any]) -> None:
        self.base = core_context()
        self.core = self.base.core
        self.definitions = {definition["url"]: definition for definition in definitions}

    def structure(self, url: str) -> dict[str, Any] | None:
        return self.definitions.get(url) or self.base.structure(url)

    def value_set(self, url: str) -> dict[str, Any] | None:
        return self.base.value_set(url)

    def code_system(self, url: str) -> dict[str, Any] | None:
        return self.base.code_system(url)


def derived_profile(base_url: str, new_url: str, change: Any) -> dict[str, Any]:
    """A copy of a core profile's snapshot under a new url, with ``change(element)`` applied to each element."""
    profile = copy.deepcopy(core_context().structure(base_url))
    assert profile is not None
    profile["url"] = new_url
    profile["id"] = new_url.rsplit("/", 1)[-1]
    for element in profile["snapshot"]["element"]:
        change(element)
    return profile


def set_at(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A mutation that sets ``path`` (dotted, list positions as numbers: ``name.0.family``) to ``value``,
    creating missing objects on the way."""

    def mutate(resource: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = resource
        for step in parents:
            node = node[int(step)] if step.isdigit() else node.setdefault(step, {})
        node[last] = value

    return mutate
