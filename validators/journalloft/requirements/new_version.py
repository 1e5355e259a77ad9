"""``journalloft requirements new-version [X.Y.Z]``: open the next catalogue version as a draft.

The editor records changes in each requirement's ``lifecycle`` under the next version number, but
lint refuses a version catalogue.yaml does not declare (``version-unknown``). This command declares
it: a ``status: draft`` entry appended after the last entry of ``versions:`` (never between an
entry's ``summary`` and its ``source_checks``, which would move those checks), with a summary
drafted from the lifecycle changes made so far and ending with ``SUMMARY_TODO``. ``release``
refuses to publish while that sentence is still there.

Without a version number the command takes the one version the lifecycles name that is not yet
declared, or else the next minor version after the newest declared one.
"""

from __future__ import annotations

import argparse
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from journalloft import safe_yaml
from journalloft.requirements.lint import lint
from journalloft.requirements.model import version_key
from journalloft.requirements.release import summary_draft, versions_end

_VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+")


class NewVersionUsage(Exception):
    """The command line does not say which version to open (exit 2)."""


class NewVersionRefused(Exception):
    """The version cannot be opened as asked; the message says why (exit 1)."""


@dataclass(frozen=True)
class Opened:
    version: str
    line: int
    """1-based line of the new ``- version:`` entry in catalogue.yaml."""
    summary: str


def new_version(root: Path, version: str | None, *, commands: argparse.ArgumentParser | None = None) -> Opened:
    """Declare ``version`` (or the inferred next one) as a draft in ``root``/catalogue.yaml."""
    catalogue_path = root / "catalogue.yaml"
    original = catalogue_path.read_text(encoding="utf-8")
    try:
        raw = safe_yaml.load(original)
        declared = [str(entry["version"]) for entry in raw.get("versions") or []]
    except (yaml.YAMLError, AttributeError, KeyError, TypeError):
        raw, declared = None, []
    if not declared:
        raise NewVersionRefused(
            "catalogue.yaml har ingen versjoner som kan leses; kjør `journalloft requirements lint` for å se hvorfor"
        )
    named = _lifecycle_versions(root, raw)
    if version is None:
        version = _inferred(declared, named)
    elif not _VERSION.fullmatch(version):
        raise NewVersionUsage(f"{version} er ikke et versjonsnummer på formen X.Y.Z")
    if version in declared:
        raise NewVersionRefused(f"versjon {version} er allerede erklært i catalogue.yaml")
    newest = max(declared, key=version_key)
    if version_key(version) <= version_key(newest):
        raise NewVersionRefused(f"{version} er ikke høyere enn den nyeste erklærte versjonen {newest}")
    before = lint(root, commands=commands)
    blocking = [f for f in before.findings if not (f.rule == "version-unknown" and version in f.message)]
    if blocking:
        raise NewVersionRefused(
            f"katalogen har {len(blocking)} funn fra `journalloft requirements lint` som ikke gjelder versjon "
            f"{version}; rett dem først (første: {blocking[0].format(root.parent.parent)})"
        )
    lines = original.split("\n")
    end = versions_end(lines)
    lines[end:end] = [f'  - version: "{version}"', "    status: draft", "    summary: >-", "      (utkast)"]
    catalogue_path.write_text("\n".join(lines), encoding="utf-8")
    after = lint(root, commands=commands)
    if not after.ok or after.catalogue is None:
        catalogue_path.write_text(original, encoding="utf-8")
        first = after.findings[0].format(root.parent.parent) if after.findings else "ukjent"
        raise NewVersionRefused(
            f"versjon {version} passer ikke med endringene i livsløpene ({len(after.findings)} funn, første: {first}); "
            "catalogue.yaml er ikke endret"
        )
    summary = summary_draft(after.catalogue, version)
    lines[end + 3 : end + 4] = textwrap.wrap(summary, width=104, initial_indent="      ", subsequent_indent="      ")
    catalogue_path.write_text("\n".join(lines), encoding="utf-8")
    return Opened(version, end + 1, summary)


def _inferred(declared: list[str], named: set[str]) -> str:
    newest = max(declared, key=version_key)
    waiting = sorted((v for v in named - set(declared) if version_key(v) > version_key(newest)), key=version_key)
    if len(waiting) > 1:
        raise NewVersionUsage(
            f"livsløpene nevner flere versjoner som ikke er erklært ({', '.join(waiting)}); "
            "oppgi hvilken som skal åpnes"
        )
    if waiting:
        return waiting[0]
    major, minor, _ = version_key(newest)
    return f"{major}.{minor + 1}.0"


def _lifecycle_versions(root: Path, raw: dict[str, Any]) -> set[str]:
    """Every version a requirement's lifecycle names, read leniently (lint reports broken files)."""
    named: set[str] = set()
    for category in raw.get("categories") or []:
        path = root / str(category.get("file", ""))
        try:
            data = safe_yaml.load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):  # a broken file is lint's to report
            continue
        if not isinstance(data, dict):
            continue
        for req in data.get("requirements") or []:
            lifecycle = req.get("lifecycle") if isinstance(req, dict) else None
            if not isinstance(lifecycle, dict):
                continue
            named.add(str(lifecycle.get("introduced")))
            named.update(str(c.get("version")) for c in lifecycle.get("changes") or [] if isinstance(c, dict))
            if isinstance(lifecycle.get("retired"), dict):
                named.add(str(lifecycle["retired"].get("version")))
    return {v for v in named if _VERSION.fullmatch(v)}
