"""The record of what was released: a fingerprint of every released version and every id ever issued.

A released version is a promise: a municipality cites ``FJL-INF-001 (v2.0.0)`` in a tender and a
vendor answers to that text for years. The catalogue can still change, but only through the
lifecycle (a change with the ``previous`` values, a retirement at a new version), which leaves every
released version reading as it did. ``released.yaml`` beside ``catalogue.yaml`` records, for each
released version, which requirements it holds and a short hash of each content field as it read
then; lint recomputes them and names the requirement and the field that no longer match. It also
lists every id ever issued, so that deleting one (even the highest of a category, which leaves no
gap) is caught, and a short hash of each of a released version's ``source_checks``: the published
"Kontrollert mot kildene" section of a version is as much a record as its requirements, and a new
version entry put between a released entry's ``summary`` and its ``source_checks`` would silently
take them over (YAML reads the indented block as the new entry's).

The file is written by ``journalloft requirements release``; it is never edited by hand. A catalogue
root without the file (the test fixtures) is not checked.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from journalloft import safe_yaml
from journalloft.requirements.model import Catalogue, Requirement, SourceCheck
from journalloft.requirements.versions import requirements_at

LOCK_FILE = "released.yaml"

FIELDS: dict[str, str] = {
    "title": "title",
    "text": "text",
    "level": "level",
    "tender_use": "tender_use",
    "rationale_aims": "rationale",
    "rationale_text": "rationale",
    "guidance": "guidance",
    "vendor_answer": "vendor_answer",
    "verification": "verification",
    "references": "references",
    "service_areas": "service_areas",
    "depends_on": "relations",
    "related": "relations",
    "supersedes": "relations",
}
"""Model field -> the YAML key a finding points at."""

_HEADER = """\
# Fingerprints of the released versions of the catalogue and every requirement id ever issued.
# Written by `journalloft requirements release VERSION`; `journalloft requirements lint` compares the
# catalogue with it, so that a released version keeps reading as it did. Do not edit by hand.
# Per requirement: field=hash, the first 10 hex digits of SHA-256 over the field's value as JSON.
# source_checks: per released version, one such hash per entry of its source_checks, in order.
"""


def _field_value(requirement: Requirement, name: str) -> Any:
    value = getattr(requirement, name)
    if name == "references":
        # What the requirement cites, not how the reference list currently names or links it: a
        # corrected URL in references.yaml is not a change to a released requirement.
        return [[ref.key or ref.title, ref.pinpoint or ""] for ref in value]
    return list(value) if isinstance(value, tuple) else value


def field_hashes(requirement: Requirement) -> dict[str, str]:
    result = {}
    for name in FIELDS:
        encoded = json.dumps(_field_value(requirement, name), ensure_ascii=False, sort_keys=True)
        result[name] = hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:10]
    return result


def version_fingerprint(catalogue: Catalogue, version: str) -> dict[str, dict[str, str]]:
    """Requirement id -> field -> hash, for every requirement of ``version`` as it read then."""
    return {req.id: field_hashes(req) for req in requirements_at(catalogue, version)}


def _short_hash(value: Any) -> str:
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:10]


def source_check_hash(check: SourceCheck) -> str:
    return _short_hash(
        [check.topic, check.text, list(check.requirements), [ref.key or ref.title for ref in check.sources]]
    )


def source_check_hashes(catalogue: Catalogue) -> dict[str, tuple[str, ...]]:
    """Version -> the hash of each of its source checks, for every declared version (drafts too)."""
    return {v.version: tuple(source_check_hash(check) for check in v.source_checks) for v in catalogue.versions}


@dataclass(frozen=True)
class ReleaseLock:
    issued_ids: tuple[str, ...]
    versions: dict[str, dict[str, dict[str, str]]]
    source_checks: dict[str, tuple[str, ...]] | None = None
    """Released version -> its source checks' hashes; None in a record written before they were kept."""


class LockUnreadable(Exception):
    """released.yaml exists but is not what ``release`` writes; ``line`` is where, when YAML knows it."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


_WRITTEN_BY = "filen skrives av `journalloft requirements release`"


def read_lock(root: Path) -> ReleaseLock | None:
    path = root / LOCK_FILE
    if not path.is_file():
        return None
    try:
        data = safe_yaml.load(path.read_text(encoding="utf-8"))
        issued = tuple(str(rid) for rid in data["issued_ids"])
        versions: dict[str, dict[str, dict[str, str]]] = {}
        for version, members in (data.get("versions") or {}).items():
            versions[str(version)] = {
                str(rid): dict(part.split("=", 1) for part in str(line).split()) for rid, line in members.items()
            }
        checks = data.get("source_checks")
        source_checks = (
            None
            if checks is None
            else {str(version): tuple(str(hashes or "").split()) for version, hashes in checks.items()}
        )
    except yaml.MarkedYAMLError as exc:
        # The parser's own words are English: quoted, as lint quotes them for the catalogue's files.
        mark = exc.problem_mark or exc.context_mark
        raise LockUnreadable(
            f"ikke gyldig YAML; YAML-leseren sier «{exc.problem or exc.context}»; {_WRITTEN_BY}",
            mark.line + 1 if mark is not None else 1,
        ) from None
    except KeyError as exc:
        raise LockUnreadable(f"mangler nøkkelen {exc.args[0]!r}; {_WRITTEN_BY}") from None
    except (yaml.YAMLError, OSError, TypeError, AttributeError, ValueError):
        # Python's own messages for these are English and name internals ('int' object is not iterable).
        raise LockUnreadable(f"innholdet har ikke formen utgivelsen skriver; {_WRITTEN_BY}") from None
    return ReleaseLock(issued, versions, source_checks)


def build_lock(catalogue: Catalogue, previous: ReleaseLock | None) -> ReleaseLock:
    """The record for every published version; ids once issued stay listed even if now missing."""
    ids = {req.id for req in catalogue.requirements} | set(catalogue.retired_ids)
    if previous is not None:
        ids |= set(previous.issued_ids)
    versions = {v.version: version_fingerprint(catalogue, v.version) for v in catalogue.published_versions}
    checks = source_check_hashes(catalogue)
    return ReleaseLock(
        tuple(sorted(ids)), versions, {v.version: checks[v.version] for v in catalogue.published_versions}
    )


def render_lock(lock: ReleaseLock) -> str:
    lines = [_HEADER.rstrip("\n"), "issued_ids:"]
    lines += [f"  - {rid}" for rid in lock.issued_ids]
    lines.append("versions:")
    for version, members in lock.versions.items():
        lines.append(f'  "{version}":')
        for rid, hashes in members.items():
            lines.append(f"    {rid}: " + " ".join(f"{name}={value}" for name, value in hashes.items()))
    if lock.source_checks is not None:
        lines.append("source_checks:")
        lines += [f'  "{version}": "{" ".join(hashes)}"' for version, hashes in lock.source_checks.items()]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class LockProblem:
    rule: str  # "release-changed", "release-unrecorded", "release-source-checks" or "id-deleted"
    requirement: str  # the id, or "" for a whole version
    field: str  # the YAML key, or "" when the finding is about membership or a version
    message: str
    version: str = ""  # the catalogue.yaml version entry the finding points at, when it is about one


def deleted_ids(lock: ReleaseLock, known: set[str]) -> list[LockProblem]:
    """Ids in the record that are neither a requirement nor retired; checked on the raw files."""
    return [
        LockProblem(
            "id-deleted",
            rid,
            "",
            f"{rid} er utstedt (står i {LOCK_FILE}), men er verken et krav eller i retired_ids; "
            "et krav tas ut, det slettes aldri",
        )
        for rid in lock.issued_ids
        if rid not in known
    ]


def compare(catalogue: Catalogue, lock: ReleaseLock) -> list[LockProblem]:
    """Every released version against its fingerprint (membership, then field by field)."""
    problems: list[LockProblem] = []
    for version in catalogue.published_versions:
        recorded = lock.versions.get(version.version)
        if recorded is None:
            problems.append(
                LockProblem(
                    "release-unrecorded",
                    "",
                    "",
                    f"versjon {version.version} er utgitt, men har ikke fingeravtrykk i {LOCK_FILE}; "
                    f"gi den ut med `journalloft requirements release {version.version}`",
                )
            )
            continue
        problems += _compare_version(version.version, version_fingerprint(catalogue, version.version), recorded)
    if lock.source_checks is not None:
        problems += compare_source_checks(source_check_hashes(catalogue), lock.source_checks)
    return problems


def compare_source_checks(now: dict[str, tuple[str, ...]], recorded: dict[str, tuple[str, ...]]) -> list[LockProblem]:
    """A released version's source checks read as released; checks that left it are traced to where they went."""
    problems = []
    for version, released in recorded.items():
        current = now.get(version)
        if current is None or current == released:
            continue  # a released version that is gone is release-changed's finding, through its requirements
        missing = [h for h in released if h not in current]
        moved_to = sorted({other for h in missing for other, hashes in now.items() if other != version and h in hashes})
        if moved_to:
            problems.append(
                LockProblem(
                    "release-source-checks",
                    "",
                    "source_checks",
                    f"{len(missing)} av kildekontrollene (source_checks) i den utgitte versjonen {version} står nå "
                    f"under versjon {', '.join(moved_to)}; en versjon som legges til, skal stå etter hele "
                    f"oppføringen for {version}, også etter source_checks (bruk `journalloft requirements "
                    "new-version`)",
                    moved_to[0],
                )
            )
        else:
            problems.append(
                LockProblem(
                    "release-source-checks",
                    "",
                    "source_checks",
                    f"kildekontrollene (source_checks) i den utgitte versjonen {version} er ikke lenger slik de ble "
                    f"utgitt ({len(released)} utgitt, {len(current)} nå, {len(missing)} endret eller fjernet); "
                    "nye kontroller føres under neste versjon",
                    version,
                )
            )
    return problems


def _compare_version(
    version: str, now: dict[str, dict[str, str]], recorded: dict[str, dict[str, str]]
) -> list[LockProblem]:
    problems = []
    for rid in now.keys() - recorded.keys():
        problems.append(
            LockProblem(
                "release-changed",
                rid,
                "lifecycle",
                f"{rid} er nå med i den utgitte versjonen {version}, som ikke hadde det; "
                "et nytt krav innføres i neste versjon",
            )
        )
    for rid in recorded.keys() - now.keys():
        problems.append(
            LockProblem(
                "release-changed",
                rid,
                "lifecycle",
                f"{rid} var med i den utgitte versjonen {version} og er det ikke lenger; "
                "ta det heller ut i neste versjon",
            )
        )
    for rid in now.keys() & recorded.keys():
        for name, value in now[rid].items():
            if recorded[rid].get(name, value) != value:
                problems.append(
                    LockProblem(
                        "release-changed",
                        rid,
                        FIELDS[name],
                        f"{rid}: {name} i den utgitte versjonen {version} er ikke slik den ble utgitt; "
                        "før endringen i lifecycle.changes med tidligere verdi (previous) under en ny versjon",
                    )
                )
    return sorted(problems, key=lambda p: (p.requirement, p.field, p.message))
