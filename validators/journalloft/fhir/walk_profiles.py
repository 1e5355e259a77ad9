"""Profiles and slicing in the walk: which profiles apply, profile walks, fixed and pattern values,
slice matching and conformance probes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journalloft.fhir.elements import ElementDef
from journalloft.fhir.instance_rules import vital_signs_profile
from journalloft.fhir.references import ReferenceScope, classify, resolve
from journalloft.fhir.same_definition import constraints_not_evaluated, same_children, same_definition
from journalloft.fhir.slicing import SlicePlan, matches, slice_plan
from journalloft.fhir.walk_base import (
    _BINDING_CODES,
    _RESOURCE_TYPES,
    Loc,
    WalkRun,
    _Frame,
    _step,
    format_location,
)
from journalloft.issues import Issue, error, information, warning

if TYPE_CHECKING:
    from journalloft.fhir.walk import Walk

# walked_keys: the whole object was checked with the same definition before
WALKED_ALL: frozenset[str] = frozenset({"*"})
# ElementDef.cache key of a sliced element's top-level slices (not re-slices) and their plans
_TOP_PLANS = "#top-slice-plans"
# ElementDef.cache key of a slice's plans, one per discriminator tuple (the cache is owned by the validator)
_PLANS = "#slice-plans"
# ElementDef.cache key of what a profile walk skips of an object earlier walks checked (see walked_keys)
_WALKED_PLANS = "#walked-plans"


class ProfileWalk:
    """Profiles applied to a resource, nested resources in profile walks, slicing."""

    __slots__ = ("run", "sub_walk", "walk_object")

    def __init__(self, run: WalkRun) -> None:
        self.run = run

    def wire(self, walk: Walk) -> None:
        """Binds the other concerns' methods this one calls (once per walk; calls stay one hop)."""
        self.walk_object = walk.structure.walk_object
        self.sub_walk = walk.sub_walk

    skip_walked = True
    """Whether profile walks skip what the base walk checked with the same definition (tests turn it off)."""

    def apply_profiles(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self, node: dict[str, Any], resource_type: str, loc: Loc, depth: int, frame: _Frame, given: tuple[str, ...]
    ) -> None:
        wanted: list[str] = list(given)
        declared = self._declared_profiles(node, loc)
        wanted.extend(declared)
        if not declared:
            wanted.extend(self.run.profiles_by_type.get(resource_type, ()))
        if resource_type == "Observation":
            self._vital_signs(node, loc, wanted)
        done: set[str] = set()
        # Most of what a profile walk meets has the same definition as in the base walk: elements
        # the profile repeats unchanged (Observation.meta) and the core data types below its own
        # elements. Where the base walk checked an object or a child with a definition of the same
        # content (journalloft.fhir.same_definition), the profile walk would find nothing new
        # (profile mode checks a subset: only non-core constraints, no display or extension-context
        # checks; its repeats are removed by exact de-duplication), so it skips it. The exception is
        # a binding verdict: a profile walk that checks a binding moves the base walk's binding
        # finding at that place behind the profile's findings; with a binding finding present
        # nothing is skipped, so the findings and their order stay exactly those of the full walk.
        #
        # A second profile walk of the same resource (vitalsigns declared, bodyweight by code) skips in
        # the same way what an earlier profile walk checked with the same definition: both walks are
        # in profile mode, so the skipped findings would be exact repeats of the earlier walk's. The
        # binding exception holds here too, so whether to skip is decided before each walk.
        profile_walked: dict[int, tuple[ElementDef, str, Loc]] = {}
        for url in wanted:
            compiled = self.run.v.structure(url)
            if url in done:
                continue
            done.add(url)
            if compiled is None:
                if url in self.run.v.definition_errors:
                    self.run.issues.append(self._unusable(url, format_location(loc)))
                else:
                    message = f"profile {url} is not known to this validator"
                    self.run.issues.append(warning("fhir-profile-unknown", format_location(loc), message))
                continue
            if compiled.is_core_base and compiled.type == resource_type:
                continue  # the base walk did this
            if compiled.type != resource_type:
                self.run.issues.append(
                    error(
                        "fhir-type-not-allowed",
                        format_location(loc),
                        f"profile {url} constrains {compiled.type}, not {resource_type}",
                    )
                )
                continue
            sub = self.sub_walk(self.run.profiles_by_type)
            if self.skip_walked and not any(issue.code in _BINDING_CODES for issue in self.run.issues):
                sub.run.walked = self.run.walked
                sub.run.profile_walked = profile_walked
                sub.run.constraints_left = {}
            sub.structure.walk_object(node, compiled.root, resource_type, loc, depth, frame, is_resource=True)
            if sub.run.binding_checked and any(issue.code in _BINDING_CODES for issue in self.run.issues):
                # The profile's binding governs where it applied one: drop the base definition's verdict.
                # In place: the walks this resource sits in (a Bundle entry's object) hold the list
                # in a local variable and go on adding to it after this resource.
                checked = {format_location(loc) for loc in sub.run.binding_checked}
                self.run.issues[:] = [
                    issue
                    for issue in self.run.issues
                    if issue.code not in _BINDING_CODES or issue.expression not in checked
                ]
            self.run.issues.extend(sub.run.issues)

    def _declared_profiles(self, node: dict[str, Any], loc: Loc) -> list[str]:
        """The known profiles a resource claims in meta.profile; unknown and unusable ones are reported."""
        meta = node.get("meta")
        declared = meta.get("profile") if isinstance(meta, dict) else None
        known: list[str] = []
        if isinstance(declared, list):
            for index, url in enumerate(declared):
                if not isinstance(url, str):
                    continue
                if self.run.v.structure(url) is None and url in self.run.v.definition_errors:
                    where = format_location(_step(_step(loc, "meta"), "profile", index))
                    self.run.issues.append(self._unusable(url, where))
                elif self.run.v.structure(url) is None:
                    self.run.issues.append(
                        warning(
                            "fhir-profile-unknown",
                            format_location(_step(_step(loc, "meta"), "profile", index)),
                            f"profile {url} is not known to this validator; the resource was not checked against it "
                            "(the profile is in neither FHIR R4 core nor a spec of this project nor a loaded IG: "
                            "see `journalloft specs` and name the spec with --spec, or load the IG or package "
                            "that publishes it with --ig PATH)",
                        )
                    )
                else:
                    known.append(url)
        return known

    def _unusable(self, url: str, where: str) -> Issue:
        """A known profile that cannot be built: an error, so a resource claiming it is never valid."""
        return error(
            "fhir-profile-unusable",
            where,
            f"profile {url} cannot be used, so the resource could not be checked against it: "
            f"{self.run.v.definition_errors[url]}",
        )

    def walked_keys(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self,
        node: dict[str, Any],
        element: ElementDef,
        type_code: str,
        loc: Loc,
        is_resource: bool,
        index: dict[str, tuple[ElementDef, str]],
    ) -> frozenset[str] | None:
        """In a profile walk: what an earlier walk already checked of this object with the same definition.

        WALKED_ALL when the base walk or an earlier profile walk checked the whole object with a
        definition of the same content; otherwise the keys whose child one of them checked with the
        same definition (None for none). The object is recorded for the profile walks that follow.
        """
        run = self.run
        key = id(node)
        walked, profile_walked = run.walked, run.profile_walked
        base = walked.get(key) if walked is not None else None
        if base is not None and (base[1] != type_code or base[2] != loc):
            base = None
        earlier = profile_walked.get(key) if profile_walked is not None else None
        if earlier is not None and (earlier[1] != type_code or earlier[2] != loc):
            earlier = None
        if base is None and earlier is None:
            if profile_walked is not None:
                profile_walked[key] = (element, type_code, loc)
            return None
        base_seen = base[0] if base is not None else None
        profile_seen = earlier[0] if earlier is not None else None
        # (whole, keys, constraints left) per pair of earlier definitions: profile walks ask for every
        # object. Keyed by the definitions themselves (ElementDef hashes by identity), which also keeps
        # them alive while the plan is kept.
        plans = element.cache.get(_WALKED_PLANS)
        if plans is None:
            plans = element.cache[_WALKED_PLANS] = {}
        plan_key = (type_code, base_seen, profile_seen)
        plan = plans.get(plan_key)
        if plan is None:
            whole = False
            same: frozenset[str] = frozenset()
            for seen in (base_seen, profile_seen):
                if seen is not None:
                    alike, keys = self._alike(seen, element, type_code, index)
                    whole = whole or alike
                    same |= keys
            plan = plans[plan_key] = (whole, same, self._constraints_left(element, type_code, base_seen, profile_seen))
        if plan[0] and not is_resource:
            return WALKED_ALL
        if profile_walked is not None:
            profile_walked[key] = (element, type_code, loc)
        if plan[2] is not None and run.constraints_left is not None:
            run.constraints_left[key] = plan[2]
        return plan[1]

    def _constraints_left(
        self, element: ElementDef, type_code: str, base_seen: ElementDef | None, profile_seen: ElementDef | None
    ) -> tuple[dict[str, Any], ...] | None:
        """The profile's constraints on an object that the earlier walks there did not evaluate, or None for all.

        A profile repeats the constraints of its base (qty-3 on a Quantity, vs-2 of vitalsigns in bp):
        at an object the base walk or an earlier profile walk evaluated, such a constraint gives the
        same finding at the same place (its message is made of key, severity and human text, its
        verdict of the expression), which the exact de-duplication of the findings removes, keeping
        the earlier one. So only the others are evaluated (worked out once per pair: see walked_keys).
        """
        shape = self.run.v.shape
        return constraints_not_evaluated(
            shape(element, type_code).profile_constraints,
            shape(base_seen, type_code).constraints if base_seen is not None else (),
            shape(profile_seen, type_code).profile_constraints if profile_seen is not None else (),
        )

    def _alike(
        self, seen: ElementDef, element: ElementDef, type_code: str, index: dict[str, tuple[ElementDef, str]]
    ) -> tuple[bool, frozenset[str]]:
        """Whether two definitions check an object of a type alike, and the keys whose children they check
        alike (worked out once per pair: profile walks ask it for every object)."""
        cache_key = (id(seen), id(element), type_code)
        cached = self.run.v.alike.get(cache_key)
        if cached is None:
            resource_types = self.run.v.resource_types
            whole = same_definition(seen, element, resource_types)
            keys = same_children(self.run.v.shape(seen, type_code).index, index, resource_types)
            cached = self.run.v.alike[cache_key] = (whole, keys)
        return cached

    def _vital_signs(self, node: dict[str, Any], loc: Loc, wanted: list[str]) -> None:
        """FHIR requires the core vital-signs profile for an Observation with a vital-sign code."""
        vital = vital_signs_profile(node)
        if vital is None or vital[0] in wanted or self.run.v.structure(vital[0]) is None:
            return
        self.run.issues.append(
            information(
                "fhir-profile-by-code",
                format_location(loc),
                f"checked against the {vital[1]} profile ({vital[0]}), which FHIR requires for "
                f"Observations coded {vital[2]}",
            )
        )
        wanted.append(vital[0])

    def nested_profiles(  # noqa: PLR0917 - mirrors complex_element's arguments
        self, item: dict[str, Any], definition: ElementDef, loc: Loc, depth: int, outer: _Frame, contained: bool
    ) -> None:
        """In a profile walk: a nested resource must have an allowed type and conform to the type's profiles.

        The nested resource's own base walk happened in the base walk; only what the profile adds is
        checked here.
        """
        resource_type = item.get("resourceType")
        allowed = [code for code in definition.type_codes if code not in _RESOURCE_TYPES]
        if allowed and isinstance(resource_type, str) and resource_type not in allowed:
            self.run.issues.append(
                error(
                    "fhir-type-not-allowed",
                    format_location(loc),
                    f"{definition.path} allows {', '.join(allowed)} here, found {resource_type}",
                )
            )
            return
        if contained:
            scope = outer.scope  # the same container; sharing it shares its '#id' index
            root = outer.root
        else:
            bundle = outer.bundle
            entry_url = bundle.full_url_of.get(id(item)) if bundle is not None else None
            scope = ReferenceScope(item, bundle, entry_url)
            root = item
        frame = _Frame(item, scope, outer.bundle, root)
        for url in definition.type_profiles:
            compiled = self.run.v.structure(url)
            if compiled is None or compiled.is_core_base or compiled.type != resource_type:
                continue
            self.walk_object(item, compiled.root, compiled.type, loc, depth, frame, is_resource=True)

    def slice_items(  # noqa: PLR0917 - hot path: positional calls are cheapest
        self,
        items: list[Any],
        child: ElementDef,
        child_type: str,
        loc: Loc,
        name: str,
        indexed: bool,
        frame: _Frame,
    ) -> list[ElementDef]:
        slicing = child.slicing
        assert slicing is not None
        definitions: list[ElementDef] = []
        counts = [0] * len(child.slices)
        last_slice = -1
        seen_unmatched = False
        order_reported = False

        top, plans = self._top_plans(child, slicing.discriminators)
        if items and slicing.discriminators:
            for plan in plans:
                if plan.undecidable is not None:
                    self.run.issues.append(
                        warning("fhir-slice-undecidable", format_location(_step(loc, name)), plan.undecidable)
                    )
        resolver = self._resolver(frame)
        for position, item in enumerate(items):
            item_loc = (loc, name, position if indexed else None)
            matched = -1
            if item is not None and slicing.discriminators:
                for slice_index, plan in zip(top, plans, strict=True):
                    if matches(item, plan, self.conforms, resolver, self._member_of):
                        matched = slice_index
                        break
            if matched >= 0 and len(top) < len(child.slices):
                reslice = self._reslice(item, child, matched, resolver)
                if reslice >= 0:
                    counts[reslice] += 1
                    counts[matched] += 1
                    definitions.append(child.slices[reslice])
                    last_slice = max(last_slice, matched)
                    continue
            if matched < 0:
                definitions.append(child)
                if slicing.rules == "closed" and item is not None:
                    self.run.issues.append(
                        error(
                            "fhir-slice-unmatched",
                            format_location(item_loc),
                            f"this item matches none of the slices of {child.path} "
                            f"({', '.join(s.slice_name or '?' for s in child.slices)}), and the slicing is closed",
                        )
                    )
                seen_unmatched = True
                continue
            counts[matched] += 1
            definitions.append(child.slices[matched])
            if not order_reported:
                if slicing.ordered and matched < last_slice:
                    self.run.issues.append(
                        error(
                            "fhir-slice-order",
                            format_location(item_loc),
                            f"slice {child.slices[matched].slice_name} comes after slice "
                            f"{child.slices[last_slice].slice_name}, but the slices of {child.path} are ordered",
                        )
                    )
                    order_reported = True
                elif slicing.rules == "openAtEnd" and seen_unmatched:
                    self.run.issues.append(
                        error(
                            "fhir-slice-order",
                            format_location(item_loc),
                            f"items that match no slice of {child.path} must come after all sliced items (openAtEnd)",
                        )
                    )
                    order_reported = True
            last_slice = max(last_slice, matched)
        self._slice_counts(child, counts, loc, name)
        return definitions

    def _top_plans(
        self, child: ElementDef, discriminators: tuple[tuple[str, str], ...]
    ) -> tuple[list[int], list[SlicePlan]]:
        """The slices that are not re-slices, by index, and their plans (worked out once per element).
        Re-slices ("a/b") hang beside their slice; an item is matched against the slices first and
        then against the re-slices of the slice it matched, and counts for both."""
        cached = child.cache.get(_TOP_PLANS)
        if cached is None:
            top = [i for i, s in enumerate(child.slices) if "/" not in (s.slice_name or "")]
            plans = [self._slice_plan(child.slices[i], discriminators) for i in top]
            cached = child.cache[_TOP_PLANS] = (top, plans)
        return cached

    def _slice_counts(self, child: ElementDef, counts: list[int], loc: Loc, name: str) -> None:
        """Each slice's cardinality against the number of items that matched it."""
        for slice_index, slice_def in enumerate(child.slices):
            count = counts[slice_index]
            if count < slice_def.min:
                self.run.issues.append(
                    error(
                        "fhir-cardinality-min",
                        format_location(loc),
                        f"slice {slice_def.slice_name} of {child.path} requires at least {slice_def.min} item(s), "
                        f"found {count}",
                    )
                )
            if slice_def.max is not None and count > slice_def.max:
                self.run.issues.append(
                    error(
                        "fhir-cardinality-max",
                        format_location(_step(loc, name)),
                        f"slice {slice_def.slice_name} of {child.path} allows at most {slice_def.max} item(s), "
                        f"found {count}",
                    )
                )

    def _slice_plan(self, slice_def: ElementDef, discriminators: tuple[tuple[str, str], ...]) -> SlicePlan:
        """How items are matched to ``slice_def`` (worked out once per slice and discriminators)."""
        plans = slice_def.cache.get(_PLANS)
        if plans is None:
            plans = slice_def.cache[_PLANS] = {}
        plan = plans.get(discriminators)
        if plan is None:
            plan = plans[discriminators] = slice_plan(slice_def, discriminators, self._children_of, self._profile_root)
        return plan

    def _children_of(self, element: ElementDef, type_code: str) -> dict[str, tuple[ElementDef, str]]:
        return self.run.v.shape(element, type_code).index

    def _reslice(self, item: Any, child: ElementDef, matched: int, resolver: Any) -> int:
        """Index of the re-slice of slice ``matched`` that ``item`` belongs to, or -1.

        The re-slices are discriminated by the slice's own slicing (or, without one, the parent's).
        """
        parent = child.slices[matched]
        prefix = (parent.slice_name or "") + "/"
        slicing = parent.slicing or child.slicing
        if slicing is None or not slicing.discriminators:
            return -1
        for index, candidate in enumerate(child.slices):
            name = candidate.slice_name or ""
            if not name.startswith(prefix) or "/" in name[len(prefix) :]:
                continue
            plan = self._slice_plan(candidate, slicing.discriminators)
            if matches(item, plan, self.conforms, resolver, self._member_of):
                return index
        return -1

    def _member_of(self, value: Any, value_set: str) -> bool:
        """Is a code, Coding or CodeableConcept in the value set (for value discriminators on bindings)?"""
        codes: list[tuple[str | None, str]] = []
        if isinstance(value, str):
            codes.append((None, value))
        elif isinstance(value, dict):
            codings = value.get("coding") if "coding" in value else [value]
            for coding in codings if isinstance(codings, list) else ():
                if isinstance(coding, dict) and isinstance(coding.get("code"), str):
                    system = coding.get("system")
                    codes.append((system if isinstance(system, str) else None, coding["code"]))
        return any(self.run.v.check_code(value_set, system, code).status == "member" for system, code in codes)

    def _profile_root(self, url: str) -> tuple[ElementDef, str] | None:
        compiled = self.run.v.structure(url)
        return (compiled.root, compiled.type) if compiled is not None else None

    def conforms(self, value: Any, profiles: tuple[str, ...]) -> bool:
        for url in profiles:
            compiled = self.run.v.structure(url)
            if compiled is None:
                return True  # cannot be decided offline: do not reject the item for it
            probe = self.sub_walk({})
            scope = ReferenceScope(value if isinstance(value, dict) else {}, None, None)
            holder = value if isinstance(value, dict) else {}
            frame = _Frame(holder, scope, None, holder)
            if not isinstance(value, dict):
                continue
            is_resource = compiled.kind == "resource"
            if is_resource and value.get("resourceType") != compiled.type:
                # A Patient with only elements an Organization also has is not an Organization.
                continue
            probe.structure.walk_object(
                value, compiled.root, compiled.type, (None, compiled.type, None), 0, frame, is_resource=is_resource
            )
            if not any(issue.severity.is_error for issue in probe.run.issues):
                return True
        return False

    @staticmethod
    def _resolver(frame: _Frame) -> Any:
        def resolve_reference(value: Any) -> Any:
            reference = value.get("reference") if isinstance(value, dict) else None
            if not isinstance(reference, str):
                return None
            kind = classify(reference)
            if kind is None:
                return None
            return resolve(reference, kind[0], frame.scope)[1]

        return resolve_reference
