"""Resources, references and Bundles in the walk: where a resource starts, its reference scope, Bundle
rules, contained-resource rules and target profiles of references.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from journalloft.fhir.bundle import check_bundle
from journalloft.fhir.canonical_rules import canonical_findings
from journalloft.fhir.elements import ElementDef
from journalloft.fhir.instance_rules import vital_signs_profile
from journalloft.fhir.references import BundleIndex, ReferenceScope, classify, resolve
from journalloft.fhir.submitted_definitions import submitted_snapshot_findings
from journalloft.fhir.values import describe
from journalloft.fhir.walk_base import (
    Loc,
    WalkRun,
    _Frame,
    _step,
    format_location,
)
from journalloft.issues import error

if TYPE_CHECKING:
    from journalloft.fhir.walk import Walk


def _entry_where(loc: Loc, index: int | None, steps: tuple[str, ...]) -> str:
    if index is None:
        return format_location(loc)
    where: Loc = _step(loc, "entry", index)
    for step in steps:
        where = _step(where, step)
    return format_location(where)


def _may_get_profile_walks(
    node: dict[str, Any], resource_type: str, profiles: tuple[str, ...], profiles_by_type: Mapping[str, Any]
) -> bool:
    """Whether ProfileWalk.apply_profiles might walk this resource against a profile (never wrong when False)."""
    if profiles or profiles_by_type.get(resource_type):
        return True
    meta = node.get("meta")
    if isinstance(meta, dict) and meta.get("profile"):
        return True
    return resource_type == "Observation" and vital_signs_profile(node) is not None


class ResourceWalk:
    """Resources (outermost, contained, in Bundles) and what their references reach."""

    __slots__ = ("apply_profiles", "conforms", "narrative_links", "run", "walk_object")

    def __init__(self, run: WalkRun) -> None:
        self.run = run

    def wire(self, walk: Walk) -> None:
        """Binds the other concerns' methods this one calls (once per walk; calls stay one hop)."""
        self.walk_object = walk.structure.walk_object
        self.apply_profiles = walk.profiles.apply_profiles
        self.narrative_links = walk.narrative.narrative_links
        self.conforms = walk.profiles.conforms

    def resource(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self,
        node: Any,
        loc: Loc,
        depth: int,
        outer: _Frame | None,
        bundle: BundleIndex | None,
        profiles: tuple[str, ...],
        contained: bool,
    ) -> None:
        run = self.run
        if not isinstance(node, dict):
            run.issues.append(
                error("fhir-json-type", format_location(loc) or "(root)", "a resource must be a JSON object")
            )
            return
        resource_type = node.get("resourceType")
        compiled = run.v.structure(resource_type) if isinstance(resource_type, str) and resource_type else None
        if compiled is None or compiled.kind != "resource" or resource_type not in run.v.resource_types:
            shown = format_location(loc) or (resource_type if isinstance(resource_type, str) else "(root)")
            if resource_type is None:
                message = "resourceType is missing"
            else:
                message = f"resourceType {describe(resource_type)} is not a FHIR R4 resource type"
            run.issues.append(error("fhir-resource-type", shown or "(root)", message))
            return
        if loc is None:  # the outermost resource: locations start with its type
            loc = (None, resource_type, None)
        if depth > run.max_depth:
            run.too_deep(loc)
            return
        if contained and outer is not None:
            scope = outer.scope  # the same container; sharing it shares its '#id' index
        else:
            entry_url = bundle.full_url_of.get(id(node)) if bundle is not None else None
            scope = ReferenceScope(node, bundle, entry_url)
        inner_bundle = bundle
        if resource_type == "Bundle":
            inner_bundle = BundleIndex.of(node)
            if not run.profile_mode:
                where = lambda index, *steps: _entry_where(loc, index, steps)  # noqa: E731 - one use, here
                run.issues.extend(check_bundle(node, where, run.v.resource_types))
        frame = _Frame(node, scope, inner_bundle, outer.root if contained and outer is not None else node, loc)
        walked_before = run.walked
        if (
            walked_before is None
            and not run.profile_mode
            and _may_get_profile_walks(node, resource_type, profiles, run.profiles_by_type)
        ):
            run.walked = {}  # what this resource's profile walks may skip (resources inside it share it)
        self.walk_object(node, compiled.root, resource_type, loc, depth, frame, is_resource=True)
        if contained and not run.profile_mode:
            self._contained_rules(node, loc)
        if not run.profile_mode:
            self.narrative_links(node, loc, frame)
            if resource_type == "StructureDefinition" and hasattr(run.v.context, "structure"):
                run.issues.extend(submitted_snapshot_findings(node, format_location(loc), run.v.context.structure))
            if hasattr(run.v.context, "value_set") and hasattr(run.v.context, "code_system"):
                run.issues.extend(canonical_findings(node, format_location(loc), run.v.context))
        if not run.profile_mode:
            self.apply_profiles(node, resource_type, loc, depth, frame, profiles)
        run.walked = walked_before

    def _contained_rules(self, node: dict[str, Any], loc: Loc) -> None:
        if "contained" in node:
            self.run.issues.append(
                error(
                    "fhir-contained",
                    format_location(_step(loc, "contained")),
                    "a contained resource must not contain resources itself (dom-2)",
                )
            )
        meta = node.get("meta")
        if isinstance(meta, dict):
            for key in ("versionId", "lastUpdated"):
                if key in meta:
                    self.run.issues.append(
                        error(
                            "fhir-contained",
                            format_location(_step(_step(loc, "meta"), key)),
                            f"a contained resource must not have meta.{key} (dom-4)",
                        )
                    )
            if "security" in meta:
                self.run.issues.append(
                    error(
                        "fhir-contained",
                        format_location(_step(_step(loc, "meta"), "security")),
                        "a contained resource must not have security labels (dom-5)",
                    )
                )

    def target_profiles(self, reference: str, element: ElementDef, loc: Loc, frame: _Frame) -> None:
        """A reference that resolves in the instance must reach a resource conforming to a target profile.

        Only profiles beyond the core resource definitions need this: the target's type is checked by
        check_reference, and its base rules where the target itself stands.
        """
        classified = classify(reference)
        if classified is None:
            return
        _, target = resolve(reference, classified[0], frame.scope)
        if not isinstance(target, dict) or not isinstance(target.get("resourceType"), str):
            return
        target_type = target["resourceType"]
        candidates = [
            compiled
            for compiled in (self.run.v.structure(url) for url in element.target_profiles)
            if compiled is not None and not compiled.is_core_base and compiled.type == target_type
        ]
        # The probe walks the target without the Bundle around it, so a target-profile check nested
        # inside it cannot resolve further and cannot loop on reference cycles.
        if not candidates or self.conforms(target, tuple(c.url for c in candidates)):
            return
        names = ", ".join(c.url for c in candidates)
        self.run.issues.append(
            error(
                "fhir-reference-target",
                format_location(_step(loc, "reference")),
                f'"{reference}" resolves to a {target_type} that conforms to none of the target profiles {names}',
            )
        )
