"""Lint rules between the catalogue and the spec registry (traceability both ways).

- ``spec-requirement-unknown``: a spec version's ``spec.yaml`` lists under ``requirements:`` an id
  that is not in the catalogue, or one that is retired (the message names its successor);
- ``spec-reference-unknown``: a requirement's text or any other field names a spec id or version
  (``--spec okt``, ``--spec okt@1.0.0``, ``okt@1.0.0``) that the registry does not hold. A spec id
  reserved by a service file (``specs/services/<service>.yaml``, ``specs: [...]``) before its first
  version is published counts as known; a version must always be published.

The specs are those beside the catalogue: the catalogue lives in ``specs/requirements``, so its
parent folder is the registry root. This module reads the registry and the service files directly
(not through journalloft.site) so the lint does not depend on the site package.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from journalloft import safe_yaml
from journalloft.requirements.yamlsource import Path_, SourceDocument, YamlReadError, load_yaml
from journalloft.specs import Registry, SpecError

SPEC_FLAG = re.compile(r"--spec[\s=]+([a-z0-9][a-z0-9-]*)(?:@([0-9][0-9A-Za-z.+-]*))?")
AT_VERSION = re.compile(r"(?<![\w.@/-])([a-z][a-z0-9-]*)@([0-9]+\.[0-9]+\.[0-9]+[0-9A-Za-z.+-]*)")

Found = tuple[Path, int, str, str]  # (file, line, rule, message)


def _strings(value: Any, where: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*where, index))


def named_specs(text: str) -> list[tuple[str, str | None]]:
    """Every (spec id, version or None) the text names with --spec or as ID@VERSION."""
    found: list[tuple[str, str | None]] = []
    for match in SPEC_FLAG.finditer(text):
        found.append((match.group(1), match.group(2).rstrip(".") if match.group(2) else None))
    for match in AT_VERSION.finditer(text):
        found.append((match.group(1), match.group(2).rstrip(".")))
    return list(dict.fromkeys(found))


def reserved_ids(specs_root: Path) -> set[str]:
    reserved: set[str] = set()
    for path in sorted((specs_root / "services").glob("*.yaml")):
        try:
            data = safe_yaml.load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue  # the site generator reports a broken service file with its reason
        if isinstance(data, dict) and isinstance(data.get("specs"), list):
            reserved.update(str(spec) for spec in data["specs"])
    return reserved


def check(specs_root: Path, requirements: list[tuple[SourceDocument, int, dict[str, Any]]]) -> list[Found]:
    """Findings for both rules over the well-formed requirements and the specs under ``specs_root``."""
    findings: list[Found] = []
    try:
        registry = Registry([specs_root])
    except SpecError as exc:
        return [(specs_root, 1, "spec-reference-unknown", f"spesifikasjonsregisteret kan ikke leses: {exc}")]
    published = {v.id: {w.version for w in registry.all() if w.id == v.id} for v in registry.all()}
    known_ids = set(published) | reserved_ids(specs_root)
    for doc, index, requirement in requirements:
        for where, text in _strings(requirement, ("requirements", index)):
            for spec_id, version in named_specs(text):
                line = doc.line_of(where)
                field = ".".join(str(part) for part in where[2:])
                if spec_id not in known_ids:
                    message = (
                        f"{requirement['id']}: {field} nevner spesifikasjonen {spec_id!r}, som ikke finnes i registeret"
                    )
                    findings.append((doc.path, line, "spec-reference-unknown", message))
                elif version is not None and version not in published.get(spec_id, set()):
                    shown = ", ".join(sorted(published.get(spec_id, set()))) or "ingen publisert"
                    message = (
                        f"{requirement['id']}: {field} nevner {spec_id}@{version}, "
                        f"som ikke finnes i registeret (versjoner: {shown})"
                    )
                    findings.append((doc.path, line, "spec-reference-unknown", message))
    by_id = {requirement["id"]: requirement for _, _, requirement in requirements}
    for spec in registry.all():
        if spec.path is None:
            continue
        findings += _check_spec_yaml(spec.path / "spec.yaml", by_id)
    return findings


def _successors(by_id: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Retired id -> the ids whose relations say they supersede it."""
    found: dict[str, list[str]] = {}
    for requirement_id, requirement in by_id.items():
        relations = requirement.get("relations")
        superseded = relations.get("supersedes") if isinstance(relations, dict) else None
        for old in superseded if isinstance(superseded, list) else ():
            found.setdefault(str(old), []).append(requirement_id)
    return found


def _is_retired(requirement: dict[str, Any]) -> bool:
    lifecycle = requirement.get("lifecycle")
    return isinstance(lifecycle, dict) and lifecycle.get("status") == "retired"


def _check_spec_yaml(path: Path, by_id: dict[str, dict[str, Any]]) -> list[Found]:
    try:
        doc = load_yaml(path)
    except YamlReadError as exc:
        return [(path, exc.line, "spec-requirement-unknown", exc.message)]
    listed = doc.data.get("requirements") if isinstance(doc.data, dict) else None
    if listed is None:
        return []
    if not isinstance(listed, list):
        return [(path, doc.line_of(("requirements",)), "spec-requirement-unknown", "requirements skal være en liste")]
    findings = []
    successors = _successors(by_id)
    for index, requirement_id in enumerate(listed):
        message = None
        if requirement_id not in by_id:
            message = f"requirements nevner {requirement_id!r}, som ikke finnes i katalogen"
        elif _is_retired(by_id[requirement_id]):
            after = ", ".join(successors.get(requirement_id, [])) or "ingen etterfølger"
            message = f"requirements nevner {requirement_id!r}, som er tatt ut (erstattet av: {after})"
        if message is not None:
            findings.append((path, doc.line_of(("requirements", index)), "spec-requirement-unknown", message))
    return findings
