"""The register of products that have shown conformance (specs/adoption/samsvar.yaml) and its lint.

An entry names a vendor's product and version, the spec version, and the JSON report of the test kit
run that showed it. The lint refuses an entry whose report is missing, does not verify (edited after
the run), did not pass, or says something else than the entry (another spec version, kit version,
date or hash). Each problem names the file and the entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from journalloft import safe_yaml
from journalloft.specs import Registry, SpecError
from journalloft.testkit.report import problems

DATA = "adoption/samsvar.yaml"
SCHEMA = "adoption/samsvar.schema.json"


class RegisterInvalid(ValueError):
    """The register cannot be used: the message names the file, the entry and what is wrong."""


@dataclass(frozen=True)
class Entry:
    vendor: str
    product: str
    product_version: str
    spec: str
    spec_version: str
    kit_version: str
    date: str
    result: str
    report: str
    report_sha256: str

    @property
    def spec_key(self) -> str:
        return f"{self.spec}@{self.spec_version}"


def load(specs_root: Path) -> list[Entry]:
    """The register's entries, each checked against its report; raises :class:`RegisterInvalid`."""
    path = specs_root / DATA
    try:
        data = safe_yaml.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RegisterInvalid(f"{path}: cannot be read: {exc}") from exc
    schema = json.loads((specs_root / SCHEMA).read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(part) for part in errors[0].absolute_path) or "(top)"
        raise RegisterInvalid(f"{path}: {where}: {errors[0].message}")
    registry = Registry([specs_root])
    entries = [Entry(**item) for item in data["products"]]
    for index, entry in enumerate(entries):
        found = _problems(specs_root, registry, entry)
        if found:
            raise RegisterInvalid(f"{path}: products/{index} ({entry.product} {entry.product_version}): {found[0]}")
    return entries


def _problems(specs_root: Path, registry: Registry, entry: Entry) -> list[str]:
    try:
        registry.resolve(entry.spec_key)
    except SpecError:
        return [f"no spec version {entry.spec_key} under specs/"]
    report_path = specs_root / "adoption" / entry.report
    try:
        report: Any = json.loads(report_path.read_text(encoding="utf-8"))
    except OSError:
        return [f"the report {entry.report} is missing"]
    except ValueError as exc:
        return [f"the report {entry.report} is not JSON ({exc})"]
    wrong = problems(report)
    if wrong:
        return [f"the report {entry.report} does not verify: {wrong[0]}"]
    if report["summary"]["result"] != "pass":
        return [f"the report {entry.report} did not pass ({report['summary']['fail']} failed)"]
    expected = {
        "reportSha256": entry.report_sha256,
        "spec": entry.spec_key,
        "kitVersion": entry.kit_version,
    }
    for key, value in expected.items():
        if report[key] != value:
            return [f"the report's {key} is {report[key]}, the entry says {value}"]
    if str(report["started"])[:10] != entry.date:
        return [f"the report was made {str(report['started'])[:10]}, the entry says {entry.date}"]
    return []
