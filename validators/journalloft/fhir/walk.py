"""One validation walk, composed of one collaborator per concern.

Each concern (structure, primitives, values, profiles and slicing, terminology, resources and
references, extensions, URIs, narrative links) is a small class holding the run state
(:class:`~journalloft.fhir.walk_base.WalkRun`); the methods it calls on the others are bound once
here (``wire``), so the type checker checks every cross-concern call against the real method and
a call costs one attribute hop, as a method of one class did.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from journalloft.fhir.narrative_links import NarrativeLinkWalk
from journalloft.fhir.options import DEFAULT_OPTIONS, FhirOptions
from journalloft.fhir.walk_base import WalkRun
from journalloft.fhir.walk_extensions import ExtensionWalk
from journalloft.fhir.walk_primitives import PrimitiveWalk
from journalloft.fhir.walk_profiles import ProfileWalk
from journalloft.fhir.walk_references import ResourceWalk
from journalloft.fhir.walk_structure import StructureWalk
from journalloft.fhir.walk_terminology import TerminologyWalk
from journalloft.fhir.walk_uris import UriWalk
from journalloft.fhir.walk_values import ValueRules

if TYPE_CHECKING:
    from journalloft.fhir.validator import FhirValidator


class Walk:
    """One validation run: its state and its concerns, wired to each other."""

    __slots__ = (
        "_child", "extensions", "narrative", "primitives", "profiles", "resources", "run", "structure",
        "terminology", "uris", "values",
    )

    def __init__(
        self,
        validator: FhirValidator,
        root: dict[str, Any],
        profiles_by_type: Mapping[str, Sequence[str]],
        profile_mode: bool = False,
        options: FhirOptions = DEFAULT_OPTIONS,
    ) -> None:
        run = self.run = WalkRun(validator, root, profiles_by_type, profile_mode, options)
        self._child: Walk | None = None  # see sub_walk
        self.resources = ResourceWalk(run)
        self.profiles = ProfileWalk(run)
        self.structure = StructureWalk(run)
        self.primitives = PrimitiveWalk(run)
        self.values = ValueRules(run)
        self.terminology = TerminologyWalk(run)
        self.extensions = ExtensionWalk(run)
        self.uris = UriWalk(run)
        self.narrative = NarrativeLinkWalk(run)
        self.resources.wire(self)
        self.profiles.wire(self)
        self.structure.wire(self)
        self.primitives.wire(self)
        self.uris.wire(self)

    def sub_walk(self, profiles_by_type: Mapping[str, Sequence[str]]) -> Walk:
        """A profile walk or conformance probe of the same run: its own issue list, in profile mode.

        One child walk is kept and started afresh for each: wiring nine collaborators costs about ten
        times a fresh run state, and vital signs take two or three profile walks per Observation. It is
        safe because a sub-walk ends before its parent asks for the next one (apply_profiles and
        conforms read its findings right after its walk, and only the parent's own concerns hold this
        walk), and a fresh start gives it new lists, so the ones the parent read stay as they were.
        """
        run = self.run
        child = self._child
        if child is None:
            child = self._child = Walk(run.v, run.root, profiles_by_type, profile_mode=True, options=run.options)
        else:
            child.run.start(run.v, run.root, profiles_by_type, True, run.options)
        return child
