"""``journalloft requirements release VERSION``: everything a release needs, so no file is edited by hand.

1. The catalogue must lint clean, and VERSION must be above the current version.
2. VERSION must be declared in catalogue.yaml (``journalloft requirements new-version`` does it, with
   a summary drafted from the lifecycle), and its summary must no longer hold the draft's marker
   ``SUMMARY_TODO``: a placeholder is never published. The current version becomes ``superseded``;
   VERSION becomes ``current`` with its release date.
3. released.yaml records the new version's fingerprint and every id now issued (release_lock.py).
4. The generated pages are written, and the version's page is added to the nav in mkdocs.yml.
5. The catalogue is linted again; the command fails if anything is left to fix.

catalogue.yaml is edited as text, line by line, so its comments and folded paragraphs stay as written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from journalloft.requirements.lint import lint
from journalloft.requirements.model import Catalogue, Version, version_key
from journalloft.requirements.page_paths import VERSIONS, draft_page_path, version_page_path
from journalloft.requirements.release_lock import LOCK_FILE, build_lock, read_lock, render_lock
from journalloft.requirements.versions import delta

SUMMARY_TODO = "Skriv om med egne ord før utgivelsen er ferdig."


class ReleaseError(Exception):
    """The release cannot be prepared; the message says what to fix first."""


def release(
    repo_root: Path,
    version: str,
    date: dt.date,
    write_pages: Callable[[Path], list[str]],
    *,
    commands: argparse.ArgumentParser | None = None,
) -> list[str]:
    """Prepare the release; return what was done, one Norwegian line per step.

    ``write_pages`` and ``commands`` (the CLI's parser, for lint) come from the CLI layer: the catalogue
    imports neither the site nor the CLI (issue 24)."""
    root = repo_root / "specs" / "requirements"
    if not re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", version):
        raise ReleaseError(f"{version} er ikke et versjonsnummer på formen X.Y.Z")
    before = lint(root, commands=commands)
    if not before.ok or before.catalogue is None:
        raise ReleaseError(
            f"katalogen har {len(before.findings)} funn fra `journalloft requirements lint`; rett dem før utgivelsen"
        )
    current = before.catalogue.current.version
    if version_key(version) <= version_key(current):
        raise ReleaseError(f"{version} er ikke høyere enn gjeldende versjon {current}")
    declared = before.catalogue.version(version)
    if declared is None:
        raise ReleaseError(
            f"versjon {version} er ikke erklært i catalogue.yaml; åpne den først med "
            f"`journalloft requirements new-version {version}`"
        )
    if SUMMARY_TODO in declared.summary:
        raise ReleaseError(
            f"sammendraget for {version} i catalogue.yaml er fortsatt utkastet («{SUMMARY_TODO}»); skriv det "
            f"med egne ord og fjern den setningen. Forslag ut fra livsløpet: {summary_draft(before.catalogue, version)}"
        )
    catalogue_path = root / "catalogue.yaml"
    lines = catalogue_path.read_text(encoding="utf-8").split("\n")
    _bump(lines, current, version, date.isoformat())
    catalogue_path.write_text("\n".join(lines), encoding="utf-8")
    done = [f"catalogue.yaml: {current} er erstattet, {version} er gjeldende fra {date.isoformat()}"]
    after = lint(root, check_release=False, commands=commands)
    if after.catalogue is None:
        found = "; ".join(f.format(repo_root) for f in after.findings[:5])
        raise ReleaseError(f"katalogen er ikke gyldig etter versjonsendringen: {found}")
    (root / LOCK_FILE).write_text(render_lock(build_lock(after.catalogue, read_lock(root))), encoding="utf-8")
    done.append(f"{LOCK_FILE}: fingeravtrykk for {version} og alle utstedte id-er")
    changed = write_pages(repo_root)
    done.append(f"genererte sider: {len(changed)} endret")
    draft = repo_root / "docs" / draft_page_path(version)
    if draft.is_file():
        draft.unlink()  # the draft's page gives way to the version's own page
        done.append(f"docs/{draft_page_path(version)}: utkastsiden er fjernet")
    if _add_nav(repo_root / "mkdocs.yml", version):
        done.append(f"mkdocs.yml: Versjon {version} lagt til i navigasjonen")
    final = lint(root, commands=commands)
    if not final.ok:
        found = "; ".join(f.format(repo_root) for f in final.findings[:5])
        raise ReleaseError(f"lint feiler etter utgivelsen: {found}")
    return done


_ENTRY = re.compile(r'^  - version: "?([0-9.]+)"?\s*$')


def entry_span(lines: list[str], version: str) -> tuple[int, int] | None:
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


def _bump(lines: list[str], current: str, version: str, date: str) -> None:
    """Edit the versions block: the current entry is superseded, the declared draft VERSION is current."""
    current_span = entry_span(lines, current)
    span = entry_span(lines, version)
    assert current_span is not None and span is not None  # lint found both entries
    _set_status(lines, current_span, "current", "superseded")
    _set_status(lines, span, "draft", "current")
    if not any(line.strip().startswith("released:") for line in lines[span[0] : span[1]]):
        lines.insert(span[0] + 1, f"    released: {date}")


def versions_end(lines: list[str]) -> int:
    """The line index right after the last entry of the ``versions:`` block (its trailing blank lines kept out).

    A new entry goes here and nowhere else: an entry put between a version's ``summary`` and its
    ``source_checks`` would take those checks over (the lint rule ``release-source-checks``).
    """
    first = next((i for i, line in enumerate(lines) if _ENTRY.match(line)), None)
    if first is None:
        raise ReleaseError("fant ingen «  - version:»-linje under versions: i catalogue.yaml")
    last = entry_span(lines, _version_of(lines[first]))
    assert last is not None
    while (following := _next_entry(lines, last[1])) is not None:
        last = following
    end = last[1]
    while end > last[0] and not lines[end - 1].strip():
        end -= 1
    return end


def _version_of(line: str) -> str:
    match = _ENTRY.match(line)
    assert match is not None
    return match.group(1)


def _next_entry(lines: list[str], index: int) -> tuple[int, int] | None:
    if index < len(lines) and (match := _ENTRY.match(lines[index])):
        return entry_span(lines, match.group(1))
    return None


def summary_draft(catalogue: Catalogue, version: str) -> str:
    """A summary of ``version`` drafted from the lifecycle data, ending with the ``SUMMARY_TODO`` marker."""
    change = delta(catalogue, version)
    titles = {req.id: req.title for req in catalogue.requirements}
    editorial = [req.id for req, c in change.changed if c.kind == "editorial"]
    compatible = [req.id for req, c in change.changed if c.kind != "editorial"]
    retired = []
    for req in change.retired:
        assert req.lifecycle.retired is not None
        replaced = req.lifecycle.retired.replaced_by
        retired.append(f"{req.id} (erstattet av {', '.join(replaced)})" if replaced else req.id)
    parts = []
    for label, ids in (
        ("Nye punkter", [f"{req.id} ({titles[req.id]})" for req in change.added]),
        ("Presisert ordlyd", list(dict.fromkeys(editorial))),
        ("Endrede punkter", list(dict.fromkeys(compatible))),
        ("Punkter tatt ut", retired),
    ):
        if ids:
            parts.append(f"{label}: {', '.join(ids)}.")
    return " ".join(parts or ["Ingen endringer i punktene."]) + " " + SUMMARY_TODO


def _add_nav(mkdocs: Path, version: str) -> bool:
    """Add the version page right after the versions index in the nav; False if it is there already."""
    page = version_page_path(Version(version, "current", ""))
    text = mkdocs.read_text(encoding="utf-8")
    if f" {page}" in text:
        return False
    # [ \t]*, not \s*: at the end of the file \s* took the line break, and the entry landed after a blank line
    # with none of its own (mkdocs.yml then ended mid-line).
    index_line = re.search(rf"^([ \t]*)- {re.escape(VERSIONS)}[ \t]*$", text, re.MULTILINE)
    if index_line is None:
        raise ReleaseError(f"fant ikke «- {VERSIONS}» i navigasjonen i {mkdocs}; legg den inn først")
    entry = f"\n{index_line.group(1)}- Versjon {version}: {page}"
    mkdocs.write_text(text[: index_line.end()] + entry + text[index_line.end() :], encoding="utf-8")
    return True
