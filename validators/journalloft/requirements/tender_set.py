"""A municipality's tender set: which requirements go in one tender, and the kravtype of each.

The catalogue suggests a level and uses; the municipality decides. Its decision is a small file
(YAML or JSON, schema ``schema/tender-set.schema.json``) or, on the site, the same data built in the
filter page. The export writes it into the annex's Kravtype and Vekt columns and its metadata sheet,
and ``check-answers`` judges a "Nei" by it: on A an error, on V a finding for the evaluation, on Ø
information.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from journalloft import safe_yaml
from journalloft.requirements.model import Catalogue, Requirement, Version
from journalloft.requirements.paths import default_root
from journalloft.requirements.selection import SelectionError, resolve_version
from journalloft.requirements.versions import requirements_at

KRAVTYPE_LABELS: dict[str, str] = {"A": "absolutt krav", "V": "evalueringskrav", "Ø": "ønske"}
"""The municipality's kravtype letters and their names, as in public tenders."""
SCHEMA_FILE = "tender-set.schema.json"
MAX_SET_BYTES = 1024 * 1024


class TenderSetError(Exception):
    """The set file cannot be read, breaks the schema, or names what the catalogue does not hold."""


@dataclass(frozen=True)
class Choice:
    id: str
    kravtype: str  # "A", "V", "Ø" or "" when the municipality has not chosen
    weight: float | None = None

    @property
    def weight_text(self) -> str:
        """The weight as a reader writes it: ``20``, ``12.5``, or empty."""
        if self.weight is None:
            return ""
        return str(int(self.weight)) if float(self.weight).is_integer() else str(self.weight)

    @property
    def marker(self) -> str:
        """How the metadata sheet records the choice: ``FJL-INF-001=A``, ``FJL-DEL-002=V:20``."""
        return f"{self.id}={self.kravtype}" + (f":{self.weight_text}" if self.weight_text else "")


@dataclass(frozen=True)
class TenderSet:
    choices: tuple[Choice, ...]
    version: str | None = None
    catalogue: str | None = None
    title: str = ""

    def by_id(self) -> dict[str, Choice]:
        return {choice.id: choice for choice in self.choices}


def suggested_kravtype(requirement: Requirement) -> str:
    """The kravtype the site proposes for a requirement: what the catalogue suggests, never more.

    A only when absolute is the catalogue's only suggestion for choosing (the catalogue's own advice is to
    use absolute requirements only for what the municipality cannot do without); V where it may be
    evaluated or is an award criterion; Ø otherwise (a contract term alone). The municipality decides.
    """
    uses = set(requirement.tender_use)
    if uses & {"evaluated", "award-criterion"}:
        return "V"
    if "absolute" in uses:
        return "A"
    return "Ø"


def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((default_root() / "schema" / SCHEMA_FILE).read_text(encoding="utf-8"))
    return data


def parse_tender_set(data: Any, source: str) -> TenderSet:
    """Check ``data`` against the schema; the first errors are named with their path in the file."""
    errors = sorted(Draft202012Validator(schema()).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        shown = "; ".join(f"{_where(e.absolute_path)}: {e.message}" for e in errors[:5])
        raise TenderSetError(f"{source}: ikke et gyldig utvalg ({shown})")
    seen: set[str] = set()
    choices = []
    for item in data["requirements"]:
        if item["id"] in seen:
            raise TenderSetError(f"{source}: {item['id']} står to ganger")
        seen.add(item["id"])
        weight = item.get("weight")
        choices.append(Choice(item["id"], item["kravtype"], float(weight) if weight is not None else None))
    return TenderSet(tuple(choices), data.get("version"), data.get("catalogue"), data.get("title", ""))


def _where(path: Any) -> str:
    parts = list(path)
    return "/" + "/".join(str(part) for part in parts) if parts else "(filen)"


def read_tender_set(path: Path) -> TenderSet:
    if not path.is_file():
        raise TenderSetError(f"{path}: filen finnes ikke")
    if path.stat().st_size > MAX_SET_BYTES:
        raise TenderSetError(f"{path}: større enn {MAX_SET_BYTES // 1024} KiB; et utvalg er en kort liste")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TenderSetError(f"{path}: kan ikke leses som UTF-8-tekst ({exc})") from None
    try:
        # JSON is YAML, except that YAML reads unquoted dates and "no" as other types; the schema catches those.
        data = json.loads(text) if path.suffix.lower() == ".json" else safe_yaml.load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise TenderSetError(
            f"{path}: ikke gyldig {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}"
        ) from None
    return parse_tender_set(data, str(path))


def resolve_tender_set(
    catalogue: Catalogue, tender_set: TenderSet, version_name: str | None
) -> tuple[Version, tuple[Requirement, ...]]:
    """The version and the requirements of the set, in the set's order; unknown ids are an error."""
    if tender_set.catalogue and tender_set.catalogue != catalogue.id:
        raise TenderSetError(f"utvalget gjelder katalogen {tender_set.catalogue!r}, ikke {catalogue.id!r}")
    if version_name and tender_set.version and version_name != tender_set.version:
        raise TenderSetError(f"--version {version_name} strider mot utvalgets versjon {tender_set.version}")
    try:
        version = resolve_version(catalogue, version_name or tender_set.version)
    except SelectionError as exc:
        raise TenderSetError(str(exc)) from None
    members = {req.id: req for req in requirements_at(catalogue, version.version)}
    unknown = [choice.id for choice in tender_set.choices if choice.id not in members]
    if unknown:
        raise TenderSetError(f"finnes ikke i versjon {version.version}: {', '.join(unknown)}")
    return version, tuple(members[choice.id] for choice in tender_set.choices)


def parse_markers(text: str) -> dict[str, Choice]:
    """The metadata sheet's ``FJL-INF-001=A, FJL-DEL-002=V:20`` back into choices; bad parts are skipped."""
    result: dict[str, Choice] = {}
    for part in (piece.strip() for piece in text.split(",")):
        rid, _, rest = part.partition("=")
        kravtype, _, weight = rest.partition(":")
        if not rid or kravtype not in KRAVTYPE_LABELS:
            continue
        try:
            result[rid.strip()] = Choice(rid.strip(), kravtype, float(weight) if weight else None)
        except ValueError:
            continue
    return result
