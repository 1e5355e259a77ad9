"""Issue 25's editor walk, end to end: "the editor adds a requirement, previews it, and releases with the
guide alone". The commands are taken from the guide's own console blocks (rendered for the copy of the
fixture catalogue the walk edits), so the test breaks when the guide and the tool drift apart."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.structure.files import Files

from journalloft.requirements.cli import main
from journalloft.requirements.page_paths import draft_page_path
from journalloft.requirements.release import SUMMARY_TODO, release
from journalloft.requirements.release_lock import read_lock
from journalloft.site.catalogue_pages.editor_page import editor_page
from journalloft.site.catalogue_pages.pages import write_pages

from .conftest import REAL_ROOT
from .test_requirements_draft_page import run_hooks

# What an editor appends to a category file, following the guide's step 3 and the format reference.
NEW_REQUIREMENT = """  - id: FJL-DEL-003
    title: Varsel om planlagt nedetid
    text: >-
      Leverandøren skal varsle kommunen om planlagt nedetid minst fem virkedager før.
    level: skal
    tender_use: [contract-term]
    rationale:
      aims: [effektiv-deling]
      text: Tjenestene må kunne planlegge for nedetid.
    guidance: Bruk som kontraktsvilkår.
    vendor_answer: Beskriv hvordan kommunen varsles.
    verification: Kontroll av varsler i avtaleperioden.
    service_areas: [helse-og-omsorg]
    lifecycle:
      status: active
      introduced: "{version}"
"""


@pytest.fixture
def released_repo(repo: Path) -> Path:
    """The fixture repository after its draft 2.1.0 is released, so that no version is open: the state in
    which an editor starts. The schemas are the real ones (the guide's format reference reads them)."""
    shutil.copytree(REAL_ROOT / "schema", repo / "specs" / "requirements" / "schema", dirs_exist_ok=True)
    release(repo, "2.1.0", dt.date(2026, 12, 1), write_pages)
    return repo


def _guide_commands(repo: Path) -> list[list[str]]:
    """The command lines of the guide's console blocks, rendered for this catalogue, split into words."""
    guide = editor_page("<!-- header -->", REAL_ROOT / "schema", "2.1.0")
    blocks = re.findall(r"```console\n(.*?)```", guide, re.DOTALL)
    return [shlex.split(line) for block in blocks for line in block.splitlines() if line.strip()]


def _journalloft(words: list[str], root: Path) -> int:
    """Run a guide line `.venv/bin/journalloft requirements …` on the walk's catalogue copy."""
    assert words[:2] == [".venv/bin/journalloft", "requirements"], words
    return main(["--catalogue", str(root), *words[2:]])


def _served(files: Files, path: str) -> str | None:
    file = files.get_file_from_path(path)
    return None if file is None else file.content_string


def test_the_editor_adds_previews_and_releases_a_requirement_with_the_guide_alone(
    released_repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = released_repo
    root = repo / "specs" / "requirements"
    commands = _guide_commands(repo)
    open_version, lint_command, start, release_command = commands
    assert open_version == [".venv/bin/journalloft", "requirements", "new-version", "2.2.0"]
    assert lint_command == [".venv/bin/journalloft", "requirements", "lint"]
    assert start == ["scripts/start"]
    assert release_command == [".venv/bin/journalloft", "requirements", "release", "2.2.0"]
    version = open_version[-1]

    # 2. Open the next version.
    assert _journalloft(open_version, root) == 0
    assert f"versjon {version} er åpnet som utkast" in capsys.readouterr().out

    # 3. Add a requirement (the category's next free number, introduced in the opened version).
    category = root / "categories" / "deling.yaml"
    category.write_text(
        category.read_text(encoding="utf-8") + NEW_REQUIREMENT.format(version=version), encoding="utf-8"
    )

    # 4. Lint: ok, and the count names the new requirement in the draft.
    assert _journalloft(lint_command, root) == 0
    assert capsys.readouterr().out.endswith(", 1 nytt i utkast\n")

    # 5. Preview: the draft page with its banner and the new requirement; an edit shows on the next build.
    draft = draft_page_path(version)
    guide = editor_page("<!-- header -->", REAL_ROOT / "schema", "2.1.0")
    assert f"http://127.0.0.1:8000/{draft.removesuffix('.md')}/" in guide  # where the guide says to look
    page = _served(run_hooks(repo, "serve"), draft)
    assert page is not None
    assert f'!!! warning "Utkast"\n    Dette er et utkast til versjon {version}.' in page
    assert "### FJL-DEL-003 Varsel om planlagt nedetid { #FJL-DEL-003 }" in page
    category.write_text(
        category.read_text(encoding="utf-8").replace("title: Varsel om planlagt nedetid", "title: Varsel om nedetid"),
        encoding="utf-8",
    )
    assert "### FJL-DEL-003 Varsel om nedetid { #FJL-DEL-003 }" in (_served(run_hooks(repo, "serve"), draft) or "")

    # 6. Release: refused while the drafted summary stands, with a suggestion that names the new requirement.
    # The CLI writes every generated page of the site; this repository holds only the catalogue's.
    monkeypatch.setattr(importlib.import_module("journalloft.site.generate"), "write", write_pages)
    assert _journalloft(release_command, root) == 1
    assert "Nye punkter: FJL-DEL-003 (Varsel om nedetid)" in capsys.readouterr().err
    catalogue = root / "catalogue.yaml"
    text = catalogue.read_text(encoding="utf-8")
    assert text.count(SUMMARY_TODO) == 1
    catalogue.write_text(
        text.replace(f"Ingen endringer i punktene. {SUMMARY_TODO}", "Nytt krav om varsel før nedetid."),
        encoding="utf-8",
    )
    assert _journalloft(release_command, root) == 0
    assert f"klar: versjon {version} er forberedt" in capsys.readouterr().out

    docs = repo / "docs" / "anbefalinger"
    assert not (repo / "docs" / draft).exists()
    released = (docs / "versjoner" / f"{version}.md").read_text(encoding="utf-8")
    assert "Status: gjeldende. Nytt krav om varsel før nedetid." in released
    assert "FJL-DEL-003" in released
    changes = (docs / "endringer.md").read_text(encoding="utf-8")
    section = changes.split(f"## Versjon {version} ", 1)[1].split("\n## ", 1)[0]
    assert "| [FJL-DEL-003](deling.md#FJL-DEL-003) | Nytt | kompatibel | Varsel om nedetid |" in section
    index = (docs / "versjoner" / "index.md").read_text(encoding="utf-8")
    assert f"| [{version}]({version}.md) | 2026-12-0" in index and "Ikke utgitt ennå" not in index
    assert f"Versjon {version}: anbefalinger/versjoner/{version}.md" in (repo / "mkdocs.yml").read_text()

    _the_release_is_recorded(root, version, lint_command, capsys)


def _the_release_is_recorded(
    root: Path, version: str, lint_command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The new id is issued, the version is current, and its text can no longer be edited in place."""
    lock = read_lock(root)
    assert lock is not None and "FJL-DEL-003" in lock.issued_ids
    catalogue = yaml.safe_load((root / "catalogue.yaml").read_text(encoding="utf-8"))
    assert catalogue["versions"][-1] == {**catalogue["versions"][-1], "version": version, "status": "current"}
    assert _journalloft(lint_command, root) == 0
    capsys.readouterr()
    category = root / "categories" / "deling.yaml"
    category.write_text(
        category.read_text(encoding="utf-8").replace("minst fem virkedager", "minst ti virkedager"), encoding="utf-8"
    )
    assert _journalloft(lint_command, root) == 1
    assert f"release-changed: FJL-DEL-003: text i den utgitte versjonen {version}" in capsys.readouterr().out
