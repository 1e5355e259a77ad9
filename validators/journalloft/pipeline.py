"""The one pipeline: parse → detect → engine → rule sets → positions → policy → localisation.

Each of the seven is a :class:`Stage`: an object with ``run(state) -> state`` over one
:class:`PipelineState`, the input as far as the stages before have taken it. They are composed in
one place, :func:`pipeline`, and every entry point goes through it: the CLI and ``--jobs`` workers
(:class:`journalloft.stream.Validator`), ``journalloft.validate()``, the HTTP service, the cluster
runner, the browser and the test kit. :class:`Guarded` wraps stages 1-5 so that no exception escapes
one input and its issue list stays bounded (:mod:`journalloft.guard`).

The state is the one record of an input on its way: each stage fills in its own fields (the parse
stage ``value``, the detect stage ``spec`` and ``result``, ...) and returns it, and no stage writes
another's. It is updated in place rather than copied per stage: a copy (``dataclasses.replace``) costs
microseconds, paid several times per input, and ``validate()`` has a tenth of the engine's time on a
small resource for everything around the engine (issue 24).
``done`` says that the check has ended early (the payload cannot be parsed,
no spec matches it, the engine failed): the check stages after it pass such a state on untouched, and
policy and localisation still apply to its result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

from journalloft import jsonparse
from journalloft.checks import run as run_rule_sets
from journalloft.guard import cap_issues, internal_error_issue, internal_error_result, xml_issue
from journalloft.i18n import localize
from journalloft.issues import Issue
from journalloft.policy import Policy
from journalloft.positions import JsonPath, with_positions
from journalloft.report import Result

if TYPE_CHECKING:
    from journalloft.specs import SpecVersion
    from journalloft.validation import Checker


@dataclass(slots=True)
class PipelineState:
    """One input on its way through the stages."""

    name: str
    """What the result is called (a file name, ``file:LINE``, ``<data>``, ``request``)."""
    data: bytes | None = None
    """The document's bytes when it came as text; None for a dict from the Python API. Rule sets may
    read it, and positions are found in it."""
    value: dict[str, Any] | None = None
    """The parsed payload (given by the caller, or by the parse stage)."""
    where: JsonPath = ()
    """The payload's place in ``data`` (the service's resource inside a Parameters)."""
    prior: Sequence[Issue] = ()
    """The parser's issues on a payload that could be parsed."""
    spec: SpecVersion | None = None
    """The spec version the payload is checked against (the detect stage's)."""
    found: Sequence[Issue] = ()
    """The engine's findings, which the rule sets see."""
    result: Result | None = None
    """The result so far: set by the detect stage (or a stage that ends the check early)."""
    done: bool = False
    """The check has ended early; the check stages after it pass the state on."""


class Stage(Protocol):
    """One step of the pipeline."""

    def run(self, state: PipelineState) -> PipelineState: ...


class Parse:
    """1. bytes -> value and the parser's issues (a payload given as a value is passed on)."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker

    def run(self, state: PipelineState) -> PipelineState:
        if state.value is not None or state.data is None:
            return state
        chosen = self.checker.chosen.key if self.checker.chosen is not None else None
        xml = xml_issue(state.data)
        if xml is not None:  # one clear issue for XML rather than a JSON syntax error
            state.result, state.done = Result(state.name, chosen, [xml]), True
            return state
        parsed = jsonparse.parse(state.data, self.checker.limits)
        if not parsed.ok:
            state.result, state.done = Result(state.name, chosen, parsed.issues), True
            return state
        state.value, state.prior = parsed.value, parsed.issues
        return state


class Detect:
    """2. the spec version, chosen with ``--spec`` or detected from the payload."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker

    def run(self, state: PipelineState) -> PipelineState:
        if state.done or state.value is None:
            return state
        result, spec = self.checker.start(state.value, state.name, state.prior)
        state.result, state.spec, state.done = result, spec, spec is None
        return state


class Engine:
    """3. the FHIR engine, or the JSON Schema with the spec's declarative ``rules:``."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker

    def run(self, state: PipelineState) -> PipelineState:
        if state.done or state.spec is None or state.value is None or state.result is None:
            return state
        if state.spec.kind == "json-schema":  # a failure here is the guard's (the result gives way)
            state.found = self.checker.run_schema(state.spec, state.value)
            return state
        try:
            found = self.checker.run_fhir(state.spec, state.value)
        except Exception as exc:  # one broken input must not stop a batch or print a traceback
            return _failed(state, exc)
        state.found = found
        return state


class RuleSets:
    """4. for FHIR, the rule sets (the Norwegian identifiers, then the spec's ``checks:``), each seeing
    the engine's findings and the document's text; then the result holds every finding."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker

    def run(self, state: PipelineState) -> PipelineState:
        if state.done or state.spec is None or state.value is None or state.result is None:
            return state
        more: list[Issue] = []
        if state.spec.kind != "json-schema" and "resourceType" in state.value:
            names, context = self.checker.rule_sets(state.spec, state.data)
            try:
                more = run_rule_sets(names, state.value, state.found, context)
            except Exception as exc:  # as in the engine: the input gets an internal-error issue
                return _failed(state, exc)
        state.result.issues.extend(state.found)
        state.result.issues.extend(more)
        return state


def _failed(state: PipelineState, exc: Exception) -> PipelineState:
    """The engine or a rule set failed: its findings give way to one internal-error issue."""
    assert state.result is not None
    state.result.issues.append(internal_error_issue(exc))
    state.found, state.done = (), True
    return state


class Positions:
    """5. line and column in the text, only for a FHIR document with findings that lack them."""

    def run(self, state: PipelineState) -> PipelineState:
        result = state.result
        if state.data is None or state.value is None or result is None or "resourceType" not in state.value:
            return state
        if not any(issue.line is None for issue in result.issues):
            return state
        # the parser has accepted the bytes as UTF-8, with or without a byte order mark
        text = state.data.decode("utf-8-sig", errors="replace")
        state.result = replace(result, issues=with_positions(result.issues, text, state.where))
        return state


class Guarded:
    """Stages 1-5 with no exception escaping one input, its issue list cut at ``Limits.max_issues``."""

    def __init__(self, checker: Checker, stages: Sequence[Stage]) -> None:
        self.checker = checker
        self.stages = tuple(stages)

    def run(self, state: PipelineState) -> PipelineState:
        try:
            state = run_stages(self.stages, state)
            result = state.result if state.result is not None else Result(state.name, None)
        except Exception as exc:  # the point of the guard: one input must not stop the run
            result = internal_error_result(state.name, self.checker, exc)
        state.result, state.done = cap_issues(result, self.checker.limits.max_issues), True
        return state


class ApplyPolicy:
    """6. ``--ignore`` and ``--min-severity``: issues left out are counted in the result."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def run(self, state: PipelineState) -> PipelineState:
        if state.result is None or not self.policy.active:
            return state
        state.result = self.policy.apply(state.result)
        return state


class Localise:
    """7. every message in the reader's language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def run(self, state: PipelineState) -> PipelineState:
        if state.result is None or self.lang == "en":
            return state
        state.result = localize(state.result, self.lang)
        return state


def run_stages(stages: Sequence[Stage], state: PipelineState) -> PipelineState:
    for stage in stages:
        state = stage.run(state)
    return state


def check_stages(checker: Checker) -> tuple[Stage, ...]:
    """Stages 1-5, unguarded (``Checker.check`` and ``check_value``)."""
    return (Parse(checker), Detect(checker), Engine(checker), RuleSets(checker), Positions())


class Pipeline:
    """The seven stages of one checker, policy and language, composed: :func:`pipeline` builds one."""

    def __init__(self, checker: Checker, policy: Policy, lang: str) -> None:
        self.checker = checker
        self.stages: tuple[Stage, ...] = (Guarded(checker, check_stages(checker)), ApplyPolicy(policy), Localise(lang))

    def run(self, state: PipelineState) -> Result:
        result = run_stages(self.stages, state).result
        assert result is not None  # the guard always leaves one
        return result

    def document(self, name: str, data: bytes) -> Result:
        """A document as received: its bytes."""
        return self.run(PipelineState(name, data=data))

    def value(self, value: dict[str, Any], name: str, prior: Sequence[Issue] = ()) -> Result:
        """A payload already parsed (a dict from the Python API, the test kit's request bodies)."""
        return self.run(PipelineState(name, value=value, prior=prior))


def pipeline(checker: Checker, policy: Policy | None = None, lang: str = "en") -> Pipeline:
    """The one composition every entry point uses."""
    return Pipeline(checker, policy if policy is not None else Policy(), lang)
