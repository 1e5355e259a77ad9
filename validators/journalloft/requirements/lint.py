"""``journalloft requirements lint``: the catalogue's rules, each finding with ``file:line``.

Schema checks come first; the cross-file rules (ids, references, lifecycle) then run on every part
that is well-formed, so one broken requirement does not hide the findings about the others.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from journalloft.requirements import command_refs, release_lock, spec_refs
from journalloft.requirements.lint_lifecycle import LifecycleChecks
from journalloft.requirements.lint_procurement import PROCUREMENT_RULES, ProcurementChecks
from journalloft.requirements.model import Catalogue, catalogue_from_dicts, version_key
from journalloft.requirements.paths import schema_dir
from journalloft.requirements.reference_list import (
    REFERENCE_RULES,
    ReferenceChecks,
    resolve_catalogue,
    resolve_category,
)
from journalloft.requirements.schema_messages import JSON_TYPES as _YAML_TYPES
from journalloft.requirements.schema_messages import schema_message
from journalloft.requirements.yamlsource import Path_, SourceDocument, YamlReadError, load_yaml

# rule id -> what it guards; the docs page and the tests use this table.
RULES: dict[str, str] = {
    "yaml-syntax": "The file cannot be read, is not well-formed YAML or uses a YAML alias (*name).",
    "yaml-duplicate-key": "A mapping holds the same key twice (YAML would silently keep the last).",
    "yaml-bare-scalar": "An unquoted value was read as a boolean or number where text belongs (no, on, 1.0).",
    "schema": "The file breaks its JSON Schema (catalogue.schema.json or category.schema.json).",
    "catalogue-duplicate": "An aim, service area, category or version is declared twice.",
    "version-order": "Versions are not listed in ascending order of version and release date.",
    "version-status": "Not exactly one current version, or a draft before it or a superseded one after it.",
    "category-file-missing": "A category in the catalogue names a file that does not exist.",
    "category-unknown": "A category file is not listed in the catalogue or names another category.",
    "id-duplicate": "Two requirements have the same id.",
    "id-prefix": "A requirement id does not carry its category (FJL-<category>-nnn).",
    "id-gap": "An id number below the category's highest is neither used nor listed in retired_ids (deleted?).",
    "id-reused": "A requirement uses an id listed in retired_ids; ids are never reused.",
    "reference-dangling": "A relation or replaced_by names an id that is not in the catalogue.",
    "relation-self": "A requirement relates to itself.",
    "aim-unknown": "A rationale cites an aim the catalogue does not declare.",
    "service-area-unknown": "A requirement names a service area the catalogue does not declare.",
    "version-unknown": "A lifecycle names a version the catalogue does not declare.",
    "lifecycle-status": "status and the retired block disagree.",
    "lifecycle-order": "Lifecycle events are out of order (change before introduction, after retirement...).",
    "lifecycle-supersedes": "supersedes and replaced_by disagree, or the superseded id is still active.",
    "change-meaning": "A change alters meaning (stricter level, new absolute use) or is not editorial as claimed.",
    "relation-version": "At a version, a requirement depends on or relates to one not in that version.",
    "version-bump": "A version number does not reflect its changes (retirement: major, new or compatible: minor).",
    "spec-reference-unknown": "A requirement names a spec id or version (--spec ID, ID@VERSION) the registry lacks.",
    "spec-requirement-unknown": "A spec version's spec.yaml lists a requirement id that is not in the catalogue.",
    "command-unknown": "A requirement quotes a journalloft command or option the CLI does not have.",
    "release-changed": "A released version no longer reads as recorded in released.yaml (content or membership).",
    "release-unrecorded": "A released version has no fingerprint in released.yaml.",
    "release-source-checks": "A released version's source_checks are not as released (changed, or moved away).",
    "release-record": "released.yaml cannot be read; it is written by `journalloft requirements release`.",
    "id-deleted": "An id once issued (listed in released.yaml) is neither a requirement nor in retired_ids.",
}

# The reference-list rules live with the list's code (reference_list.py), the procurement rules in
# lint_procurement.py.
RULES.update(REFERENCE_RULES)
RULES.update(PROCUREMENT_RULES)


@dataclass(frozen=True, order=True)
class Finding:
    path: Path
    line: int
    rule: str
    message: str

    def format(self, base: Path | None = None) -> str:
        shown = self.path
        if base is not None:
            try:
                shown = self.path.resolve().relative_to(base.resolve())
            except ValueError:
                shown = self.path
        return f"{shown}:{self.line}: {self.rule}: {self.message}"


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    catalogue: Catalogue | None = None

    @property
    def ok(self) -> bool:
        return not self.findings


def lint(root: Path, *, check_release: bool = True, commands: argparse.ArgumentParser | None = None) -> LintResult:
    """Lint the catalogue; ``check_release=False`` skips released.yaml (for ``release``, which rewrites it).

    ``commands`` is the CLI's whole argument parser, handed down by the CLI layer (the catalogue never
    imports the CLI: issue 24). Without it the rule ``command-unknown`` is not run: a quoted command
    is text for readers and changes nothing the pages or exports build, so the gates that must hold
    it (``journalloft requirements lint``, ``new-version``, ``release`` and the tests of the real
    catalogue) pass the parser, while loading for pages and exports does not need one.
    """
    return _Linter(root, check_release, commands).run()


class _Linter(ReferenceChecks, LifecycleChecks, ProcurementChecks):
    def __init__(self, root: Path, check_release: bool = True, commands: argparse.ArgumentParser | None = None) -> None:
        self.root = root
        self.check_release = check_release
        self.commands = commands
        self.findings: list[Finding] = []
        schemas = schema_dir(root)
        self.catalogue_schema = json.loads((schemas / "catalogue.schema.json").read_text(encoding="utf-8"))
        self.category_schema = json.loads((schemas / "category.schema.json").read_text(encoding="utf-8"))
        self.requirement_validator = Draft202012Validator(
            {"$defs": self.category_schema["$defs"], "$ref": "#/$defs/requirement"}
        )

    def report(self, doc: SourceDocument, where: Path_, rule: str, message: str) -> None:
        self.findings.append(Finding(doc.path, doc.line_of(where), rule, message))

    def run(self) -> LintResult:
        catalogue_doc = self.read(self.root / "catalogue.yaml")
        if catalogue_doc is None or not self.schema_valid(catalogue_doc, self.catalogue_schema):
            self.check_unlisted_only_syntax()
            return self.result(None)
        catalogue = catalogue_doc.data
        self.check_catalogue(catalogue_doc)
        category_docs = self.read_categories(catalogue_doc)
        requirements = self.collect_requirements(category_docs)
        self.check_requirements(catalogue_doc, requirements)
        lock = self.read_release_lock() if self.check_release else None
        if lock is not None:
            known = {req["id"] for _, _, req in requirements} | set(catalogue.get("retired_ids") or [])
            self.report_lock_problems(release_lock.deleted_ids(lock, known), catalogue_doc, {})
        registry = self.read_reference_list(catalogue_doc)
        if registry is not None:
            self.check_citations(requirements, registry)
            self.check_procurement(requirements, registry)
            self.check_source_checks(catalogue_doc, registry, {req["id"] for _, _, req in requirements})
        self.findings += [Finding(*found) for found in spec_refs.check(self.root.parent, requirements)]
        if self.commands is not None:
            self.findings += [Finding(*found) for found in command_refs.check(requirements, self.commands)]
        model = None
        if not self.findings and registry is not None:
            resolved = {cat: resolve_category(doc.data, registry) for cat, doc in category_docs.items()}
            model = catalogue_from_dicts(resolve_catalogue(catalogue, registry), resolved)
            located = {req["id"]: (doc, index) for doc, index, req in requirements}
            self.check_relation_versions(model, located)
            if lock is not None:
                self.report_lock_problems(release_lock.compare(model, lock), catalogue_doc, located)
            if self.findings:
                model = None
        return self.result(model)

    def read_release_lock(self) -> release_lock.ReleaseLock | None:
        try:
            return release_lock.read_lock(self.root)
        except release_lock.LockUnreadable as exc:
            self.findings.append(Finding(self.root / release_lock.LOCK_FILE, exc.line, "release-record", str(exc)))
            return None

    def report_lock_problems(
        self,
        problems: list[release_lock.LockProblem],
        catalogue_doc: SourceDocument,
        located: dict[str, tuple[SourceDocument, int]],
    ) -> None:
        """Released versions read as recorded; every id once issued still exists (release_lock.py)."""
        lock_path = self.root / release_lock.LOCK_FILE
        lock_lines = lock_path.read_text(encoding="utf-8").splitlines() if problems else []
        for problem in problems:
            if problem.requirement in located:
                doc, index = located[problem.requirement]
                self.report(doc, ("requirements", index, problem.field), problem.rule, problem.message)
            elif problem.version:
                entries = [str(entry["version"]) for entry in catalogue_doc.data["versions"]]
                where: Path_ = ("versions",)
                if problem.version in entries:
                    where = ("versions", entries.index(problem.version), "version")
                self.report(catalogue_doc, where, problem.rule, problem.message)
            elif problem.requirement:
                line = next((n for n, text in enumerate(lock_lines, 1) if problem.requirement in text), 1)
                self.findings.append(Finding(lock_path, line, problem.rule, problem.message))
            else:
                self.report(catalogue_doc, ("versions",), problem.rule, problem.message)

    def result(self, model: Catalogue | None) -> LintResult:
        return LintResult(sorted(set(self.findings)), model)

    # reading and schema ----------------------------------------------------------------------------

    def read(self, path: Path) -> SourceDocument | None:
        try:
            doc = load_yaml(path)
        except YamlReadError as exc:
            self.findings.append(Finding(path, exc.line, "yaml-syntax", exc.message))
            return None
        for where, line in doc.duplicate_keys:
            self.findings.append(
                Finding(path, line, "yaml-duplicate-key", f"nøkkelen {where[-1]!r} står mer enn én gang her")
            )
        return doc

    def schema_valid(self, doc: SourceDocument, schema: dict[str, Any]) -> bool:
        errors = list(Draft202012Validator(schema).iter_errors(doc.data))
        for error in errors:
            where = tuple(error.absolute_path)
            bare = doc.bare_scalars.get(where)
            if bare is not None and error.validator in ("type", "pattern", "enum", "minLength"):
                self.report(
                    doc,
                    where,
                    "yaml-bare-scalar",
                    f"{_dotted(where)}: YAML leste {bare.source!r} som "
                    f"{_YAML_TYPES.get(bare.resolved, bare.resolved)}; sett verdien i anførselstegn",
                )
            else:
                self.report(doc, where, "schema", f"{_dotted(where)}: {schema_message(error)}")
        return not errors

    def check_unlisted_only_syntax(self) -> None:
        for path in sorted((self.root / "categories").glob("*.yaml")):
            self.read(path)

    # the catalogue file ----------------------------------------------------------------------------

    def check_catalogue(self, doc: SourceDocument) -> None:
        data = doc.data
        for key in ("aims", "service_areas", "categories"):
            self.check_unique(doc, key, [entry["id"] for entry in data[key]])
        self.check_unique(doc, "versions", [entry["version"] for entry in data["versions"]])
        versions = data["versions"]
        for index in range(1, len(versions)):
            before, after = versions[index - 1], versions[index]
            if version_key(after["version"]) <= version_key(before["version"]):
                self.report(
                    doc,
                    ("versions", index, "version"),
                    "version-order",
                    f"versjon {after['version']} står etter {before['version']}",
                )
            if before.get("released") and after.get("released") and after["released"] < before["released"]:
                self.report(
                    doc,
                    ("versions", index, "released"),
                    "version-order",
                    f"versjon {after['version']} er utgitt før {before['version']}",
                )
        statuses = [entry["status"] for entry in versions]
        currents = [index for index, status in enumerate(statuses) if status == "current"]
        if len(currents) != 1:
            self.report(
                doc,
                ("versions",),
                "version-status",
                f"nøyaktig én versjon skal være gjeldende (current), fant {len(currents)}",
            )
        else:
            for index, status in enumerate(statuses):
                if index < currents[0] and status != "superseded":
                    self.report(
                        doc,
                        ("versions", index, "status"),
                        "version-status",
                        f"en versjon før den gjeldende skal være superseded, ikke {status}",
                    )
                if index > currents[0] and status != "draft":
                    self.report(
                        doc,
                        ("versions", index, "status"),
                        "version-status",
                        f"en versjon etter den gjeldende skal være draft (utkast), ikke {status}",
                    )

    def check_unique(self, doc: SourceDocument, key: str, ids: list[str]) -> None:
        seen: set[str] = set()
        for index, value in enumerate(ids):
            if value in seen:
                self.report(doc, (key, index), "catalogue-duplicate", f"{key}: {value!r} er oppgitt to ganger")
            seen.add(value)

    # category files --------------------------------------------------------------------------------

    def read_categories(self, catalogue_doc: SourceDocument) -> dict[str, SourceDocument]:
        docs: dict[str, SourceDocument] = {}
        listed: set[Path] = set()
        for index, entry in enumerate(catalogue_doc.data["categories"]):
            path = self.root / entry["file"]
            listed.add(path.resolve())
            if not path.is_file():
                self.report(
                    catalogue_doc,
                    ("categories", index, "file"),
                    "category-file-missing",
                    f"kategori {entry['id']}: filen {entry['file']} finnes ikke",
                )
                continue
            doc = self.read(path)
            if doc is None:
                continue
            if not self.schema_valid(doc, self.category_schema) and not isinstance(doc.data, dict):
                continue
            named = doc.data.get("category") if isinstance(doc.data, dict) else None
            if named != entry["id"]:
                self.report(
                    doc,
                    ("category",),
                    "category-unknown",
                    f"katalogen oppgir denne filen for kategori {entry['id']}, men filen sier {named!r}",
                )
                continue
            docs[entry["id"]] = doc
        for path in sorted((self.root / "categories").glob("*.yaml")):
            if path.resolve() not in listed:
                doc = self.read(path)
                named = doc.data.get("category") if doc is not None and isinstance(doc.data, dict) else None
                self.findings.append(
                    Finding(
                        path,
                        doc.line_of(("category",)) if doc else 1,
                        "category-unknown",
                        f"kategori {named!r} i denne filen står ikke i catalogue.yaml",
                    )
                )
        return docs

    def collect_requirements(
        self, category_docs: dict[str, SourceDocument]
    ) -> list[tuple[SourceDocument, int, dict[str, Any]]]:
        """The well-formed requirements, each with its document and index in it."""
        collected = []
        for doc in category_docs.values():
            for index, requirement in enumerate(doc.data.get("requirements") or []):
                if self.requirement_validator.is_valid(requirement):
                    collected.append((doc, index, requirement))
        return collected

    def check_requirements(
        self, catalogue_doc: SourceDocument, requirements: list[tuple[SourceDocument, int, dict[str, Any]]]
    ) -> None:
        catalogue = catalogue_doc.data
        aims = {aim["id"] for aim in catalogue["aims"]}
        areas = {area["id"] for area in catalogue["service_areas"]}
        versions = {v["version"] for v in catalogue["versions"]}
        retired_ids = set(catalogue.get("retired_ids") or [])
        by_id: dict[str, dict[str, Any]] = {}
        for doc, index, req in requirements:
            at = ("requirements", index)
            rid = req["id"]
            if rid in by_id:
                self.report(doc, (*at, "id"), "id-duplicate", f"{rid} er allerede brukt av et annet krav")
            by_id.setdefault(rid, req)
            if rid.split("-")[1] != doc.data["category"]:
                self.report(
                    doc,
                    (*at, "id"),
                    "id-prefix",
                    f"{rid} står i kategori {doc.data['category']}; id-en skal begynne med FJL-{doc.data['category']}-",
                )
            if rid in retired_ids:
                self.report(
                    doc,
                    (*at, "id"),
                    "id-reused",
                    f"{rid} står i retired_ids i catalogue.yaml og kan aldri brukes igjen",
                )
            for position, aim in enumerate(req["rationale"]["aims"]):
                if aim not in aims:
                    self.report(
                        doc,
                        (*at, "rationale", "aims", position),
                        "aim-unknown",
                        f"{rid}: målet {aim!r} er ikke oppgitt i catalogue.yaml",
                    )
            for position, area in enumerate(req["service_areas"]):
                if area not in areas:
                    self.report(
                        doc,
                        (*at, "service_areas", position),
                        "service-area-unknown",
                        f"{rid}: tjenesteområdet {area!r} er ikke oppgitt i catalogue.yaml",
                    )
            self.check_lifecycle_versions(doc, at, req, versions)
        self.check_id_gaps(catalogue_doc, requirements, retired_ids)
        for doc, index, req in requirements:
            self.check_relations(doc, ("requirements", index), req, by_id)
            self.check_change_meaning(doc, ("requirements", index), req)
        if not any(f.rule in ("version-unknown", "version-order", "version-status") for f in self.findings):
            self.check_version_bumps(catalogue_doc, [req for _, _, req in requirements])

    def check_id_gaps(
        self,
        catalogue_doc: SourceDocument,
        requirements: list[tuple[SourceDocument, int, dict[str, Any]]],
        retired_ids: set[str],
    ) -> None:
        """A requirement is retired, never deleted: a missing number means an id could be reused by mistake."""
        for doc in {id(d): d for d, _, _ in requirements}.values():
            category = doc.data["category"]
            in_file = {req["id"] for d, _, req in requirements if d is doc}
            used = in_file | retired_ids
            numbers = [int(rid[-3:]) for rid in in_file if rid.startswith(f"FJL-{category}-")]
            for number in range(1, max(numbers, default=0)):
                rid = f"FJL-{category}-{number:03d}"
                if rid not in used:
                    self.report(
                        doc,
                        ("category",),
                        "id-gap",
                        f"{rid} står verken i denne filen eller i retired_ids i catalogue.yaml; et krav tas ut, "
                        "det slettes aldri (ble det aldri utgitt, føres det i retired_ids)",
                    )


def _dotted(where: Path_) -> str:
    if not where:
        return "(dokumentet)"
    text = ""
    for step in where:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
