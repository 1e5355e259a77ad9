"""Lifecycle rules of the catalogue linter: versions, changes, retirements and relations over time.

:class:`LifecycleChecks` is mixed into the linter in lint.py (as ReferenceChecks is); its rule ids
are listed in lint.RULES with the others.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from journalloft.requirements.model import Catalogue, version_key
from journalloft.requirements.versions import content_at, is_member
from journalloft.requirements.yamlsource import Path_, SourceDocument

# Fields an editorial change may touch: wording, never what a vendor must do or who it applies to.
EDITORIAL_FIELDS = frozenset({"title", "text", "rationale", "guidance", "vendor_answer", "verification", "references"})
LEVEL_STRICTNESS = {"kan": 0, "bør": 1, "skal": 2, "må": 3}


class _Linter(Protocol):
    root: Path

    def report(self, doc: SourceDocument, where: Path_, rule: str, message: str) -> None: ...


class LifecycleChecks:
    """Rules that read a requirement's history against the catalogue's versions."""

    def check_change_meaning(self: _Linter, doc: SourceDocument, at: Path_, req: dict[str, Any]) -> None:
        """A change may reword or soften; anything that alters meaning needs a new id."""
        rid = req["id"]
        changes = req["lifecycle"].get("changes", [])
        # The value after each change: the previous block of the next change of that field, else the current one.
        for n, change in enumerate(changes):
            previous = change.get("previous", {})
            where = (*at, "lifecycle", "changes", n)
            if change["kind"] == "editorial":
                touched = sorted(set(previous) - EDITORIAL_FIELDS)
                if touched:
                    self.report(
                        doc,
                        (*where, "kind"),
                        "change-meaning",
                        f"{rid}: en redaksjonell endring (editorial) kan bare endre ordlyd, men denne endrer "
                        f"{', '.join(touched)} (bruk kind: compatible, eller ny id hvis meningen endres)",
                    )
            after = _value_after(req, changes, n)
            if "level" in previous and LEVEL_STRICTNESS[after["level"]] > LEVEL_STRICTNESS[previous["level"]]:
                self.report(
                    doc,
                    (*where, "previous", "level"),
                    "change-meaning",
                    f"{rid}: nivået {previous['level']} -> {after['level']} er strengere og endrer meningen; "
                    "gi det strengere kravet en ny id som erstatter dette",
                )
            if (
                "tender_use" in previous
                and "absolute" in after["tender_use"]
                and "absolute" not in previous["tender_use"]
            ):
                self.report(
                    doc,
                    (*where, "previous", "tender_use"),
                    "change-meaning",
                    f"{rid}: å gjøre kravet absolutt endrer meningen; gi det en ny id som erstatter dette",
                )

    def check_version_bumps(self: _Linter, catalogue_doc: SourceDocument, requirements: list[dict[str, Any]]) -> None:
        versions = catalogue_doc.data["versions"]
        for index in range(1, len(versions)):
            before, name = versions[index - 1]["version"], versions[index]["version"]
            retired = sorted(
                r["id"] for r in requirements if (r["lifecycle"].get("retired") or {}).get("version") == name
            )
            added = sorted(r["id"] for r in requirements if r["lifecycle"]["introduced"] == name)
            compatible = sorted(
                r["id"]
                for r in requirements
                for c in r["lifecycle"].get("changes", [])
                if c["version"] == name and c["kind"] == "compatible"
            )
            old, new = version_key(before), version_key(name)
            where = ("versions", index, "version")
            if retired and new[0] <= old[0]:
                self.report(
                    catalogue_doc,
                    where,
                    "version-bump",
                    f"versjon {name} tar ut {', '.join(retired)}: det bryter med konkurranser som viser til "
                    f"disse id-ene, så hovedversjonen må økes fra {before}",
                )
            elif (added or compatible) and new[:2] <= old[:2]:
                self.report(
                    catalogue_doc,
                    where,
                    "version-bump",
                    f"versjon {name} legger til eller endrer kompatibelt {', '.join(added + compatible)}, "
                    f"så minst delversjonen må økes fra {before}",
                )

    def check_lifecycle_versions(
        self: _Linter, doc: SourceDocument, at: Path_, req: dict[str, Any], versions: set[str]
    ) -> None:
        rid = req["id"]
        lifecycle = req["lifecycle"]
        where = (*at, "lifecycle")
        retired = lifecycle.get("retired")
        if (lifecycle["status"] == "retired") != (retired is not None):
            self.report(
                doc,
                (*where, "status"),
                "lifecycle-status",
                f"{rid}: status er {lifecycle['status']}, men blokken retired {'finnes' if retired else 'mangler'}",
            )
        events: list[tuple[Path_, str]] = [((*where, "introduced"), lifecycle["introduced"])]
        events += [
            ((*where, "changes", n, "version"), c["version"]) for n, c in enumerate(lifecycle.get("changes", []))
        ]
        if retired:
            events.append(((*where, "retired", "version"), retired["version"]))
        for location, version in events:
            if version not in versions:
                self.report(
                    doc,
                    location,
                    "version-unknown",
                    f"{rid}: versjon {version} er ikke erklært i catalogue.yaml; åpne den med "
                    f"`journalloft requirements new-version {version}`",
                )
        introduced = version_key(lifecycle["introduced"])
        previous_change: tuple[int, int, int] | None = None
        for n, change in enumerate(lifecycle.get("changes", [])):
            key = version_key(change["version"])
            location = (*where, "changes", n, "version")
            if key <= introduced:
                self.report(
                    doc,
                    location,
                    "lifecycle-order",
                    f"{rid}: endringen i {change['version']} kommer ikke etter innføringen i {lifecycle['introduced']}",
                )
            if previous_change is not None and key <= previous_change:
                self.report(
                    doc,
                    location,
                    "lifecycle-order",
                    f"{rid}: endringene skal stå i versjonsrekkefølge, én per versjon",
                )
            if retired and key >= version_key(retired["version"]):
                self.report(
                    doc,
                    location,
                    "lifecycle-order",
                    f"{rid}: endringen i {change['version']} kommer ikke før kravet tas ut i {retired['version']}",
                )
            previous_change = key
        if retired and version_key(retired["version"]) <= introduced:
            self.report(
                doc,
                (*where, "retired", "version"),
                "lifecycle-order",
                f"{rid}: tatt ut i {retired['version']}, ikke etter innføringen i {lifecycle['introduced']}",
            )

    def check_relations(
        self: _Linter, doc: SourceDocument, at: Path_, req: dict[str, Any], by_id: dict[str, dict[str, Any]]
    ) -> None:
        rid = req["id"]
        targets: list[tuple[Path_, str, str]] = []
        for kind, ids in (req.get("relations") or {}).items():
            targets += [((*at, "relations", kind, n), kind, target) for n, target in enumerate(ids)]
        retired = req["lifecycle"].get("retired") or {}
        targets += [
            ((*at, "lifecycle", "retired", "replaced_by", n), "replaced_by", target)
            for n, target in enumerate(retired.get("replaced_by", []))
        ]
        for location, kind, target in targets:
            if target == rid:
                self.report(doc, location, "relation-self", f"{rid}: {kind} viser til kravet selv")
            elif target not in by_id:
                self.report(
                    doc,
                    location,
                    "reference-dangling",
                    f"{rid}: {kind} viser til {target}, som ikke finnes i katalogen",
                )
        introduced = req["lifecycle"]["introduced"]
        for n, target in enumerate((req.get("relations") or {}).get("supersedes", [])):
            old = by_id.get(target)
            if old is None or target == rid:
                continue
            location = (*at, "relations", "supersedes", n)
            old_retired = old["lifecycle"].get("retired")
            if old_retired is None or version_key(old_retired["version"]) > version_key(introduced):
                self.report(
                    doc,
                    location,
                    "lifecycle-supersedes",
                    f"{rid} erstatter {target} fra {introduced}, men {target} er ikke tatt ut innen da",
                )
            elif rid not in old_retired.get("replaced_by", []):
                self.report(
                    doc,
                    location,
                    "lifecycle-supersedes",
                    f"{rid} erstatter {target}, men retired.replaced_by i {target} nevner ikke {rid}",
                )
        for n, target in enumerate(retired.get("replaced_by", [])):
            new = by_id.get(target)
            if new is None or target == rid:
                continue
            if rid not in (new.get("relations") or {}).get("supersedes", []):
                self.report(
                    doc,
                    (*at, "lifecycle", "retired", "replaced_by", n),
                    "lifecycle-supersedes",
                    f"{rid} er erstattet av {target}, men relations.supersedes i {target} nevner ikke {rid}",
                )

    def check_relation_versions(
        self: _Linter, model: Catalogue, located: dict[str, tuple[SourceDocument, int]]
    ) -> None:
        """At every version, what a requirement depends on or relates to must exist in that version."""
        for version in model.versions:
            members = {req.id for req in model.requirements if is_member(req, version.version)}
            for req in model.requirements:
                if req.id not in members:
                    continue
                shown = content_at(req, version.version)
                for kind, targets in (("depends_on", shown.depends_on), ("related", shown.related)):
                    for target in targets:
                        if target in members:
                            continue
                        doc, index = located[req.id]
                        self.report(
                            doc,
                            ("requirements", index, "relations", kind),
                            "relation-version",
                            f"{req.id}: i versjon {version.version} viser {kind} til {target}, "
                            f"som ikke er med i versjon {version.version}",
                        )


def _value_after(req: dict[str, Any], changes: list[dict[str, Any]], index: int) -> dict[str, Any]:
    """The requirement's content right after change ``index``: later changes' previous values put back."""
    content = dict(req)
    for later in reversed(changes[index + 1 :]):
        content.update(later.get("previous", {}))
    return content
