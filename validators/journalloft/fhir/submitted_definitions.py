"""A StructureDefinition given as the resource to validate: its snapshot is generated, and what stops it is
reported.

HL7's validator does the same (org.hl7.fhir.validation 6.7.10, StructureDefinitionValidator: a constraint
without a snapshot gets one generated, and the generator's errors are reported as "Error generating
Snapshot: ..."; checked by reading its source and its expected outcome for fhir-test-cases' obs-mz). One
of its generator's checks this generator does not make by itself: a differential element whose path
names another element than its id (obs-mz: id ``Observation.valueQuantity``, path ``Observation.valueBla``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journalloft.fhir.snapshot import SnapshotError, generate_snapshot
from journalloft.issues import Issue, error

Resolver = Callable[[str], "dict[str, Any] | None"]


def _same_segment(from_id: str, from_path: str) -> bool:
    """One step of an id (slice name removed) and of a path name the same element.

    A choice may be written ``value[x]`` in one and renamed for a type (``valueQuantity``) in the other.
    """
    if from_id == from_path:
        return True
    for choice, renamed in ((from_id, from_path), (from_path, from_id)):
        if choice.endswith("[x]"):
            stem = choice[:-3]
            rest = renamed[len(stem) :]
            if renamed.startswith(stem) and rest[:1].isupper():
                return True
    return False


def path_matches_id(element_id: str, path: str) -> bool:
    """Whether a differential element's path names the element its id names."""
    id_steps = [step.partition(":")[0] for step in element_id.split(".")]
    path_steps = path.split(".")
    return len(id_steps) == len(path_steps) and all(map(_same_segment, id_steps, path_steps))


def submitted_snapshot_findings(definition: dict[str, Any], where: str, resolve: Resolver) -> list[Issue]:
    """Errors that keep a constraint StructureDefinition without a snapshot from getting one."""
    if definition.get("derivation") != "constraint" or (definition.get("snapshot") or {}).get("element"):
        return []
    differential = definition.get("differential")
    elements = differential.get("element") if isinstance(differential, dict) else None
    if not isinstance(elements, list) or not elements:
        return []
    for index, element in enumerate(elements):
        if not isinstance(element, dict):
            continue
        element_id, path = element.get("id"), element.get("path")
        if isinstance(element_id, str) and isinstance(path, str) and not path_matches_id(element_id, path):
            return [
                error(
                    "fhir-snapshot",
                    f"{where}.differential.element[{index}]",
                    f"the snapshot cannot be generated: the path {path} does not name the element "
                    f"its id {element_id} names",
                )
            ]
    try:
        generate_snapshot(definition, resolve)
    except SnapshotError as exc:
        return [error("fhir-snapshot", where, f"the snapshot cannot be generated: {exc}")]
    return []
