"""``journalloft requirements release VERSION``: everything a release needs, so no file is edited by hand.

1. The catalogue must lint clean, and VERSION must be above the current version.
2. catalogue.yaml: the current version becomes ``superseded``; VERSION (a draft, or a new entry)
   becomes ``current`` with its release date. A new entry gets a summary skeleton built from the
   lifecycle (what was added, changed, retired), for the editor to rewrite in their own words.
3. released.yaml records the new version's fingerprint and every id now issued (release_lock.py).
4. The generated pages are written, and the version's page is added to the nav in mkdocs.yml.
5. The catalogue is linted again; the command fails if anything is left to fix.

catalogue.yaml is edited as text, line by line, so its comments and folded paragraphs stay as written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from journalloft.requirements.lint import lint
from journalloft.requirements.model import Catalogue, Version, version_key
from journalloft.requirements.pages import VERSIONS, version_page_path
from journalloft.requirements.release_lock import LOCK_FILE, build_lock, read_lock, render_lock
from journalloft.requirements.versions import delta

SUMMARY_TODO = "Skriv om med egne ord før utgivelsen er ferdig."


class ReleaseError(Exception):
    """The release cannot be prepared; the message says what to fix first."""


def release(repo_root: Path, version: str, date: dt.date, write_pages: Callable[[Path], list[str]]) -> list[str]:
    """Prepare the release; return what was done, one Norwegian line per step."""
    root = repo_root / "specs" / "requirements"
    if not re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", version):
        raise ReleaseError(f"{version} er ikke et versjonsnummer på formen X.Y.Z")
    before = lint(root)
    if not before.ok or before.catalogue is None:
        raise ReleaseError(
            f"katalogen har {len(before.findings)} funn fra `journalloft requirements lint`; rett dem før utgivelsen"
        )
    current = before.catalogue.current.version
    if version_key(version) <= version_key(current):
        raise ReleaseError(f"{version} er ikke høyere enn gjeldende versjon {current}")
    catalogue_path = root / "catalogue.yaml"
    lines = catalogue_path.read_text(encoding="utf-8").split("\n")
    created = _bump(lines, current, version, date.isoformat())
    catalogue_path.write_text("\n".join(lines), encoding="utf-8")
    done = [f"catalogue.yaml: {current} er erstattet, {version} er gjeldende fra {date.isoformat()}"]
    after = lint(root, check_release=False)
    if created and after.catalogue is not None:
        lines = catalogue_path.read_text(encoding="utf-8").split("\n")
        _fill_summary(lines, version, _summary_skeleton(after.catalogue, version))
        catalogue_path.write_text("\n".join(lines), encoding="utf-8")
        done.append(f"catalogue.yaml: utkast til sammendrag for {version}; {SUMMARY_TODO.lower()}")
        after = lint(root, check_release=False)
    if after.catalogue is None:
        found = "; ".join(f.format(repo_root) for f in after.findings[:5])
        raise ReleaseError(f"katalogen er ikke gyldig etter versjonsendringen: {found}")
    (root / LOCK_FILE).write_text(render_lock(build_lock(after.catalogue, read_lock(root))), encoding="utf-8")
    done.append(f"{LOCK_FILE}: fingeravtrykk for {version} og alle utstedte id-er")
    changed = write_pages(repo_root)
    done.append(f"genererte sider: {len(changed)} endret")
    if _add_nav(repo_root / "mkdocs.yml", version):
        done.append(f"mkdocs.yml: Versjon {version} lagt til i navigasjonen")
    final = lint(root)
    if not final.ok:
        found = "; ".join(f.format(repo_root) for f in final.findings[:5])
        raise ReleaseError(f"lint feiler etter utgivelsen: {found}")
    return done


_ENTRY = re.compile(r'^  - version: "?([0-9.]+)"?\s*$')


def _entry_span(lines: list[str], version: str) -> tuple[int, int] | None:
    """The line range of one ``versions:`` entry (from its ``- version:`` line to the next entry)."""
    start = next((i for i, line in enumerate(lines) if (m := _ENTRY.match(line)) and m.group(1) == version), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and (lines[end].startswith("    ") or not lines[end].strip()):
        end += 1
    return start, end


def _set_status(lines: list[str], span: tuple[int, int], old: str, new: str) -> None:
    for index in range(*span):
        if lines[index].strip() == f"status: {old}":
            lines[index] = f"    status: {new}"
            return
    raise ReleaseError(f"fant ikke «status: {old}» i versjonen på linje {span[0] + 1} i catalogue.yaml")


def _bump(lines: list[str], current: str, version: str, date: str) -> bool:
    """Edit the versions block; return True when VERSION was added as a new entry."""
    current_span = _entry_span(lines, current)
    assert current_span is not None  # lint found it, so the entry is there
    _set_status(lines, current_span, "current", "superseded")
    span = _entry_span(lines, version)
    if span is not None:
        _set_status(lines, span, "draft", "current")
        if not any(line.strip().startswith("released:") for line in lines[span[0] : span[1]]):
            lines.insert(span[0] + 1, f"    released: {date}")
        return False
    last = current_span
    while (following := _next_entry(lines, last[1])) is not None:
        last = following
    end = last[1]
    while end > last[0] and not lines[end - 1].strip():
        end -= 1
    lines[end:end] = [f'  - version: "{version}"', f"    released: {date}", "    status: current", "    summary: >-"]
    lines.insert(end + 4, f"      {SUMMARY_TODO}")
    return True


def _next_entry(lines: list[str], index: int) -> tuple[int, int] | None:
    if index < len(lines) and (match := _ENTRY.match(lines[index])):
        return _entry_span(lines, match.group(1))
    return None


def _summary_skeleton(catalogue: Catalogue, version: str) -> str:
    change = delta(catalogue, version)
    parts = []
    for label, ids in (
        ("Nye punkter", [req.id for req in change.added]),
        ("Endrede punkter", [req.id for req, _ in change.changed]),
        ("Punkter tatt ut", [req.id for req in change.retired]),
    ):
        if ids:
            parts.append(f"{label}: {', '.join(dict.fromkeys(ids))}.")
    return " ".join(parts or ["Ingen endringer i punktene."]) + " " + SUMMARY_TODO


def _fill_summary(lines: list[str], version: str, text: str) -> None:
    span = _entry_span(lines, version)
    assert span is not None
    for index in range(*span):
        if lines[index].strip() == SUMMARY_TODO:
            lines[index] = f"      {text}"
            return


def _add_nav(mkdocs: Path, version: str) -> bool:
    """Add the version page right after the versions index in the nav; False if it is there already."""
    page = version_page_path(Version(version, "current", ""))
    text = mkdocs.read_text(encoding="utf-8")
    if f" {page}" in text:
        return False
    index_line = re.search(rf"^(\s*)- {re.escape(VERSIONS)}\s*$", text, re.MULTILINE)
    if index_line is None:
        raise ReleaseError(f"fant ikke «- {VERSIONS}» i navigasjonen i {mkdocs}; legg den inn først")
    entry = f"\n{index_line.group(1)}- Versjon {version}: {page}"
    mkdocs.write_text(text[: index_line.end()] + entry + text[index_line.end() :], encoding="utf-8")
    return True
