"""The checker: parse a document, choose its spec, and run the matching engine.

How a spec is chosen, as the CLI contract says:
1. ``--spec ID[@VERSION]`` wins (no version: the latest); its profiles are applied by resource type
   to every resource that claims none of them (only those of the spec's profiles for its type whose
   fixed or pattern top-level values it carries, such as ``Observation.code``), as well as those
   claimed in ``meta.profile``.
2. Without ``--spec``, a FHIR resource is validated against the profiles it claims in
   ``meta.profile`` (of the resource or, for a Bundle, of its entries): the spec version holding the
   first claimed profile is loaded, and only claimed profiles are applied. A resource that claims
   none gets base FHIR R4 only; a profile is never applied just because its type matches, as HL7's
   validator does. A claimed profile that no spec holds is reported (``fhir-profile-unknown``, a
   warning, the reference validator's severity) and the resource is checked against base R4.
3. A plain JSON payload uses the JSON Schema spec whose detection rule matches its shape
   (``detect: required:``, or one of the other payload shapes under ``detect: also:``).

The pipeline every input goes through is :mod:`journalloft.pipeline` (parse → detect → engine → rule
sets → positions → policy → localisation, each a stage object). The checker holds what the stages 2-4
need for one run: the chosen spec, the engines per spec version, the detection indexes.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from journalloft.checks import RuleContext, fhir_rule_sets
from journalloft.fhir.options import DEFAULT_OPTIONS, FhirOptions
from journalloft.inputs import Document
from journalloft.issues import Issue, error, warning
from journalloft.limits import DEFAULT_LIMITS, Limits
from journalloft.pipeline import PipelineState, Stage, check_stages, run_stages
from journalloft.report import Result
from journalloft.rules import RuleOptions, run_rules
from journalloft.specs import BASE_FHIR, Registry, SpecVersion, shared_registry

if TYPE_CHECKING:
    from journalloft.fhir.igload import LoadedIg
    from journalloft.fhir.validator import FhirValidator


class Checker:
    """Validates documents; build one per run and reuse it (engines are cached per spec version)."""

    def __init__(
        self,
        registry: Registry | None = None,
        spec: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
        *,
        synthetic_only: bool = False,
        ig: Sequence[str | os.PathLike[str]] = (),
        strict_identifiers: bool = False,
        fhir_options: FhirOptions = DEFAULT_OPTIONS,
    ) -> None:
        self.fhir_options = fhir_options
        """Relaxations of HL7's default FHIR rules (``--allow-extension-domain``, ``--allow-example-urls``, ...)."""
        self.registry = registry if registry is not None else shared_registry()
        self.chosen: SpecVersion | None = self.registry.resolve(spec) if spec else None
        self.igs: tuple[LoadedIg, ...] = ()
        """IGs and packages loaded with ``ig=`` (``--ig``): their profiles apply when claimed."""
        if ig:
            from journalloft.fhir.igload import load_igs

            self.igs = load_igs(ig)
        if self.chosen is not None and self.chosen.dependencies:
            _dependencies(self.chosen)  # a missing dependency is a usage error now, not per input
        self.limits = limits
        self.rule_options = RuleOptions(synthetic_only=synthetic_only, strict_identifiers=strict_identifiers)
        self._ig_labels = tuple(loaded.label for loaded in self.igs)
        self._stages: tuple[Stage, ...] | None = None
        self._rule_sets: dict[SpecVersion, tuple[tuple[str, ...], RuleContext]] = {}
        self._profile_index: _ProfileIndex | None = None
        self._engines: dict[int, tuple[SpecVersion, _FhirEngine]] = {}
        """The engine of each spec version this checker has used (the spec kept, so its id is not reused)."""

    def check(self, document: Document) -> Result:
        """The pipeline's stages 1-5 on one document, unguarded (see :mod:`journalloft.pipeline`)."""
        return self._run(PipelineState(document.name, data=document.data))

    def check_value(
        self, value: dict[str, Any], name: str, prior: Sequence[Issue] = (), *, text: bytes | None = None
    ) -> Result:
        """Stages 2-5 on a parsed value; ``prior`` are the parser's issues, ``text`` the document's bytes
        when it came as text (rule sets may read them; findings are placed in them)."""
        return self._run(PipelineState(name, data=text, value=value, prior=prior))

    def _run(self, state: PipelineState) -> Result:
        if self._stages is None:
            self._stages = check_stages(self)
        result = run_stages(self._stages, state).result
        return result if result is not None else Result(state.name, None)

    def start(self, value: dict[str, Any], name: str, prior: Sequence[Issue]) -> tuple[Result, SpecVersion | None]:
        """Stage 2: the result to fill and the spec to check against (None: the result is final,
        the payload matches no spec or not the one chosen)."""
        is_fhir = "resourceType" in value
        spec = self.detect(value)
        issues = [_fhir_location(i, value) if is_fhir else i for i in prior]
        if spec is None:
            issues.append(error("spec-not-detected", "$", self._not_detected(value)))
            return Result(name, None, issues), None
        if spec.kind == "json-schema":
            return Result(name, spec.key, issues), spec
        if not is_fhir:
            issues.append(
                error("spec-mismatch", "$", f"{spec.key} is a FHIR specification, but the payload has no resourceType.")
            )
            return Result(name, spec.key, issues), None
        if self.chosen is not None and not spec.is_base_fhir:
            issues.extend(_unprofiled(spec, value))
        return Result(name, spec.key, issues, igs=self._ig_labels), spec

    def detect(self, value: dict[str, Any]) -> SpecVersion | None:
        """Stage 2: the spec chosen with ``--spec``, else the one the payload's content names."""
        if self.chosen is not None:
            return self.chosen
        return self._detect_fhir(value) if "resourceType" in value else self._detect_shape(value)

    def run_schema(self, spec: SpecVersion, value: dict[str, Any]) -> list[Issue]:
        # Imported here: jsonschema (and rpds-py under it) is not needed for FHIR, and has no
        # WebAssembly build, so the validator in the browser (Pyodide) runs without it.
        from journalloft.schema_check import checker_for

        schema_issues = checker_for(json.dumps(spec.json_schema())).check(value)
        schema_issues += _advisories(spec, value, schema_issues)
        return schema_issues + run_rules(spec.rules, value, self._options(spec), (i.expression for i in schema_issues))

    def _options(self, spec: SpecVersion) -> RuleOptions:
        """Norwegian identifiers are held to errors where the spec requires them (strict-identifiers)."""
        if spec.strict_identifiers and not self.rule_options.strict_identifiers:
            return dataclasses.replace(self.rule_options, strict_identifiers=True)
        return self.rule_options

    def run_fhir(self, spec: SpecVersion, value: dict[str, Any]) -> list[Issue]:
        """Stage 3 for a FHIR payload: the engine's findings."""
        known = self._engines.get(id(spec))  # by identity: hashing a SpecVersion and Limits per payload costs
        if known is None or known[0] is not spec:
            known = self._engines[id(spec)] = (spec, _fhir_engine(spec, self.limits, self.igs))
        engine = known[1]
        # Profiles by type only when the user chose the spec; detected specs apply claimed profiles only.
        by_type = engine.profiles_for(value) if self.chosen is not None else None
        return engine.validator.validate(
            value, profiles_by_type=by_type, options=self.fhir_options, extension_source=self._extension_source
        )

    def rule_sets(self, spec: SpecVersion, text: bytes | None) -> tuple[tuple[str, ...], RuleContext]:
        """Stage 4's rule sets for a FHIR payload under ``spec``, and what they are given besides it
        (worked out once per spec version: this runs for every payload)."""
        known = self._rule_sets.get(spec)
        if known is None:
            known = self._rule_sets[spec] = (fhir_rule_sets(spec.checks), RuleContext(self._options(spec)))
        names, context = known
        return names, context if text is None else RuleContext(context.options, text)

    def _extension_source(self, url: str) -> str | None:
        """The newest spec version of the registry whose own definitions include extension ``url``."""
        return _extension_index(tuple(self.registry.fhir_specs())).get(url)

    def _detect_fhir(self, resource: dict[str, Any]) -> SpecVersion:
        index = self._profile_index
        if index is None:  # the registry does not change once built: looked up once per checker
            index = self._profile_index = _profile_index_of(self.registry)
        for canonical in _claimed_profiles(resource):
            url, _, version = canonical.partition("|")
            # Without a version the claim is read as the newest spec version that has the profile,
            # as --spec ID means the newest version.
            for spec, sd in reversed(index.by_url.get(url, ())):
                if not version or sd.get("version") == version:
                    return spec
        return BASE_FHIR

    def _detect_shape(self, value: dict[str, Any]) -> SpecVersion | None:
        matches = [s for s in self.registry.schema_specs() if _shape_matches(s.detect, value)]
        return matches[0] if len(matches) == 1 else None

    def _not_detected(self, value: dict[str, Any]) -> str:
        """Why no spec was chosen, naming the spec the payload nearly matches and the keys it lacks."""
        general = "The payload is not a FHIR resource and matches no known specification"
        advice = "name one with --spec (see `journalloft specs`)."
        nearest = nearest_shape(self.registry.schema_specs(), value)
        if nearest is None:
            return f"{general}; {advice}"
        spec, missing = nearest
        keys = ", ".join(missing)
        nearest_note = f"it comes nearest to {spec.key}, which also requires {keys}"
        return f"{general}; {nearest_note}. Run with --spec {spec.id} for every finding."


class _ProfileIndex:
    def __init__(self, specs: Iterable[SpecVersion]) -> None:
        self.by_url: dict[str, list[tuple[SpecVersion, dict[str, Any]]]] = {}
        for spec in specs:
            for sd in _profiles(spec):
                self.by_url.setdefault(sd["url"], []).append((spec, sd))


@functools.lru_cache(maxsize=8)
def _profile_index(specs: tuple[SpecVersion, ...]) -> _ProfileIndex:
    return _ProfileIndex(specs)


_INDEX_OF_REGISTRY: weakref.WeakKeyDictionary[Registry, _ProfileIndex] = weakref.WeakKeyDictionary()


def _profile_index_of(registry: Registry) -> _ProfileIndex:
    """A registry does not change once built, so its profile index is looked up by the registry
    itself: listing and hashing its spec versions on every resource cost 3 % of validate()."""
    index = _INDEX_OF_REGISTRY.get(registry)
    if index is None:
        index = _INDEX_OF_REGISTRY[registry] = _profile_index(tuple(registry.fhir_specs()))
    return index


@functools.lru_cache(maxsize=8)
def _extension_index(specs: tuple[SpecVersion, ...]) -> dict[str, str]:
    """Extension canonical -> the newest spec version (``id@version``) that defines it. Built on the
    first unknown extension only: reading every spec's definitions is not paid for valid input."""
    index: dict[str, str] = {}
    for spec in specs:  # in registry order, so a later (newer) version of a spec overwrites an older one
        for resource in spec.fhir_resources():
            url = resource.get("url")
            is_extension = resource.get("resourceType") == "StructureDefinition" and resource.get("type") == "Extension"
            if is_extension and isinstance(url, str):
                index[url] = spec.key
    return index


def _profiles(spec: SpecVersion) -> list[dict[str, Any]]:
    return [
        r
        for r in spec.fhir_resources()
        if r.get("resourceType") == "StructureDefinition"
        and r.get("kind") == "resource"
        and r.get("derivation") == "constraint"
        and isinstance(r.get("url"), str)
    ]


class _FhirEngine:
    def __init__(
        self,
        validator: FhirValidator,
        profiles_by_type: Mapping[str, Sequence[str]] | None,
        fixed_by_profile: Mapping[str, Mapping[str, Any]],
    ) -> None:
        self.validator = validator
        self.profiles_by_type = profiles_by_type
        self.fixed_by_profile = fixed_by_profile

    def profiles_for(self, resource: dict[str, Any]) -> Mapping[str, Sequence[str]] | None:
        """The profiles by type for one resource: when a spec has several profiles of the resource's
        own type (a transaction and a searchset Bundle; a pulse and a temperature Observation), only
        those whose fixed or pattern top-level values (Bundle.type, Observation.code) agree with the
        resource apply, so a transaction is not judged as a searchset nor a pulse as a temperature."""
        by_type = self.profiles_by_type
        resource_type = resource.get("resourceType")
        if not by_type or not isinstance(resource_type, str) or len(by_type.get(resource_type, ())) < 2:
            return by_type
        candidates = by_type[resource_type]
        fitting = [
            url
            for url in candidates
            if all(_matches(v, resource[k]) for k, v in self.fixed_by_profile.get(url, {}).items() if k in resource)
        ]
        return {**by_type, resource_type: fitting} if fitting else by_type


@functools.lru_cache(maxsize=16)
def _fhir_engine(spec: SpecVersion, limits: Limits, igs: tuple[LoadedIg, ...] = ()) -> _FhirEngine:
    # Imported here so that plain-JSON and parse-only runs never pay for loading FHIR definitions.
    from journalloft.fhir.context import FhirContext
    from journalloft.fhir.definitions import load_core
    from journalloft.fhir.validator import FhirValidator

    # The context takes the last resource given for a canonical, so the spec's own come last and win
    # over its dependencies, which win over --ig packages.
    resources: list[dict[str, Any]] = []
    for ig in (*igs, *_dependencies(spec)):
        resources.extend(ig.resources)
    resources.extend(spec.fhir_resources())
    context = FhirContext(load_core(), resources)
    by_type: dict[str, list[str]] = {}
    fixed: dict[str, dict[str, Any]] = {}
    for sd in _profiles(spec):
        by_type.setdefault(sd["type"], []).append(sd["url"])
        fixed[sd["url"]] = _fixed_top_level(sd)
    return _FhirEngine(FhirValidator(context, limits), by_type or None, fixed)


@functools.lru_cache(maxsize=16)
def _dependencies(spec: SpecVersion) -> tuple[LoadedIg, ...]:
    """The packages a spec declares under ``dependencies:`` in spec.yaml, paths relative to its folder."""
    if not spec.dependencies or spec.path is None:
        return ()
    from journalloft.fhir.igload import load_igs

    return load_igs(spec.dependencies, base=spec.path)


def _fixed_top_level(sd: dict[str, Any]) -> dict[str, Any]:
    """A profile's fixed values on the resource's own primitive elements, e.g. {"type": "transaction"}."""
    found: dict[str, Any] = {}
    elements = (sd.get("snapshot") or sd.get("differential") or {}).get("element") or []
    for element in elements:
        path = element.get("path", "") if isinstance(element, dict) else ""
        head, _, name = path.partition(".")
        if head != sd.get("type") or not name or "." in name or ":" in element.get("id", ""):
            continue
        for key, value in element.items():
            if key.startswith("fixed") and not isinstance(value, (dict, list)):
                found[name] = value
            elif key.startswith("pattern") and isinstance(value, dict):
                found[name] = _Pattern(value)
    return found


class _Pattern(dict[str, Any]):
    """A pattern[x] value: a resource's value matches when it contains the pattern (FHIR's rule)."""


def _matches(expected: Any, value: Any) -> bool:
    if not isinstance(expected, _Pattern):
        return bool(expected == value)
    if isinstance(value, list):  # a pattern on a repeating element holds for every repetition
        return bool(value) and all(_contains(expected, item) for item in value)
    return _contains(expected, value)


def _contains(pattern: Any, value: Any) -> bool:
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(k in value and _contains(v, value[k]) for k, v in pattern.items())
    if isinstance(pattern, list):
        items = value if isinstance(value, list) else [value]
        return all(any(_contains(p, item) for item in items) for p in pattern)
    return bool(pattern == value)


def _advisories(spec: SpecVersion, value: Any, errors: Sequence[Issue]) -> list[Issue]:
    """The spec's advisory schema (stricter than the one its errors follow): warnings with reasons,
    only where the schema found nothing, so one mistake gives one finding."""
    advisory, schema = spec.advisory, spec.advisory_schema()
    if advisory is None or schema is None:
        return []
    from journalloft.schema_check import checker_for

    reported = {issue.expression for issue in errors}
    found = []
    for issue in checker_for(json.dumps(schema)).check(value):
        if issue.expression in reported:
            continue
        reason = advisory.reason(issue.code) or "recommended by this specification beyond the schema"
        found.append(warning(issue.code, issue.expression, f"{issue.message} (a warning: {reason})"))
    return found


def _unprofiled(spec: SpecVersion, resource: dict[str, Any]) -> list[Issue]:
    """A warning when the chosen spec profiles none of the payload's resource types."""
    types = _resource_types(resource)
    profiled = {sd["type"] for sd in _profiles(spec)}
    if types & profiled:
        return []
    return [
        warning(
            "spec-mismatch",
            "$",
            f"{spec.key} profiles none of {', '.join(sorted(types))}; only base FHIR R4 rules were applied.",
        )
    ]


def _claimed_profiles(resource: dict[str, Any]) -> list[str]:
    """meta.profile of the resource and, for a Bundle, of its entries' resources, in order."""
    holders = [resource]
    entries = resource.get("entry") if resource.get("resourceType") == "Bundle" else None
    for entry in entries if isinstance(entries, list) else ():
        inner = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(inner, dict):
            holders.append(inner)
    claimed: list[str] = []
    for holder in holders:
        meta = holder.get("meta")
        declared = meta.get("profile") if isinstance(meta, dict) else None
        claimed.extend(c for c in (declared if isinstance(declared, list) else ()) if isinstance(c, str))
    return claimed


def _resource_types(resource: dict[str, Any]) -> set[str]:
    types = {resource["resourceType"]} if isinstance(resource.get("resourceType"), str) else set()
    entries = resource.get("entry") if resource.get("resourceType") == "Bundle" else None
    for entry in entries if isinstance(entries, list) else ():
        inner = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(inner, dict) and isinstance(inner.get("resourceType"), str):
            types.add(inner["resourceType"])
    return types


def nearest_shape(specs: Iterable[SpecVersion], value: dict[str, Any]) -> tuple[SpecVersion, list[str]] | None:
    """The spec whose detection shape the payload comes nearest to, with the required keys it lacks.

    Nearest is the largest share of a shape's required keys present (at least one). None when nothing
    is near, or when two specs come equally near: naming one of them would be a guess.
    """
    best: list[tuple[SpecVersion, list[str]]] = []
    best_share = 0.0
    for spec in specs:
        for required in _shapes(spec.detect):
            present = sum(1 for key in required if key in value)
            if not present or present == len(required):
                continue
            share = present / len(required)
            missing = [key for key in required if key not in value]
            if share > best_share:
                best, best_share = [(spec, missing)], share
            elif share == best_share and all(other.id != spec.id for other, _ in best):
                best.append((spec, missing))
    return best[0] if len(best) == 1 else None


def _shapes(rule: Mapping[str, Any]) -> Iterator[list[str]]:
    """The required-key lists of a ``detect`` rule: the main payload's, then every ``also`` alternative's."""
    required = rule.get("required")
    if isinstance(required, list) and required and all(isinstance(key, str) for key in required):
        yield required
    also = rule.get("also")
    for alternative in also if isinstance(also, list) else ():
        if isinstance(alternative, Mapping):
            yield from _shapes(alternative)


def _shape_matches(rule: Mapping[str, Any], value: dict[str, Any]) -> bool:
    """``required: [...]`` names the keys of the main payload; ``also: [{required: [...]}, ...]`` adds
    the shapes of a spec's other payloads (an API's response bodies), any of which also matches."""
    required = rule.get("required")
    if isinstance(required, list) and bool(required) and all(key in value for key in required):
        return True
    also = rule.get("also")
    return isinstance(also, list) and any(isinstance(alt, Mapping) and _shape_matches(alt, value) for alt in also)


def _fhir_location(issue: Issue, resource: dict[str, Any]) -> Issue:
    """Parser locations are JSONPath; inside a FHIR resource they read better rooted at its type."""
    resource_type = resource.get("resourceType")
    if not isinstance(resource_type, str) or not issue.expression.startswith("$."):
        return issue
    return Issue(
        issue.severity,
        issue.code,
        resource_type + issue.expression[1:],
        issue.message,
        issue.line,
        issue.column,
        issue.sub_issues,
    )
