"""The wording lint: the glossary's rejected variants and English words stay out of the site's Norwegian.

Runs journalloft.site.wording_lint over docs/ and messages/nb.toml (issue 22's twenty examples among
them), checks that nb.toml's texts are whole sentences, and that the lint finds each example in prose
but not in code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from journalloft.site import glossary
from journalloft.site.specdata import SpecDataError
from journalloft.site.wording_lint import (
    NB_TOML,
    catalogue_texts,
    checked_pages,
    lint,
    locked_lines,
    prose_lines,
    unfinished_sentences,
)

ROOT = Path(__file__).resolve().parent.parent

# Issue 22's examples of bad wording, as they stood on the site and in nb.toml.
EXAMPLES = [
    "Validatoren er ett av flere måter å kontrollere samsvar på.",
    "Versjonsnummeret har formen STØRRE.MINDRE.RETTING.",
    "En brytende endring gir ny større versjon.",
    "Leverandøren skal levere en exitplan og en exitstrategi.",
    "Testpersoner fra NHNs testbefolkning eller den syntetiske befolkningen.",
    "Kommunen bestemmer kravnivået.",
    "Filen ligger i deres eget repository.",
    "Les fra standard input og skriv til standard output.",
    "De telles som ignored i oppsummeringen.",
    "Kommandoen skriver aldri en Python-traceback.",
    "En preferred-binding tillater andre koder.",
    "Profilen slicer elementet, og slicen har ingen fast verdi; slicingen er lukket.",
    "En display-tekst avviker fra kodeverket.",
    "Last inn pakken eller IG-en som definerer den.",
    "Bindingen krever en coding fra verdisettet.",
    "Teksten starter med et byte order mark (BOM).",
    "Nestingen er dypere enn grensen.",
    "Det ble funnet flere funn enn grensen.",
    "{dropped} funn til ble funnet og er ikke listet.",
    "Validatoren feilet på denne inndataen.",
]


def test_docs_and_the_norwegian_messages_use_the_glossarys_words() -> None:
    hits = lint(ROOT)
    assert not hits, "\n".join(hit.format() for hit in hits)


def test_every_norwegian_message_is_a_whole_sentence() -> None:
    hits = unfinished_sentences(ROOT / NB_TOML)
    assert not hits, "\n".join(hit.format() for hit in hits)


def test_the_lint_finds_every_example_of_the_issue_in_prose(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "side.md").write_text("\n".join(EXAMPLES) + "\n", encoding="utf-8")
    hits = lint(tmp_path)
    assert sorted({hit.line for hit in hits}) == list(range(1, len(EXAMPLES) + 1))
    assert {hit.found for hit in hits if hit.line == 12} == {"slicer", "slicen", "slicingen"}


def test_code_spans_code_blocks_comments_anchors_and_placeholders_are_not_prose(tmp_path: Path) -> None:
    page = (
        "Elementet `slicing` og `display` i kodeskrift er greit, også [`fhir-slice-order`](k.md#fhir-slice-order).\n"
        "## Ordnede deler { #fhir-slice-order }\n"
        "<!-- brytende, men bare i en kommentar -->\n"
        "```text\n"
        "3 checked: 1 ignored, standard input\n"
        "```\n"
        "    ~~~\n"
        "    repository\n"
        "    ~~~\n"
        "Delen {slice} av {path} mangler.\n"
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "side.md").write_text(page, encoding="utf-8")
    assert lint(tmp_path) == []
    assert [number for number, _ in prose_lines(page)] == [1, 2, 3, 10]


def test_frozen_release_pages_and_the_glossary_itself_are_not_checked() -> None:
    checked = {path.relative_to(ROOT / "docs").as_posix() for path in checked_pages(ROOT)}
    assert "anbefalinger/versjoner/3.0.0.md" not in checked and "ordliste.md" not in checked
    assert {"index.md", "om.md", "validator/index.md", "tjenester/okt/index.md"} <= checked


def test_the_catalogues_own_texts_use_the_glossarys_words() -> None:
    # Catalogue 4.1.0 took the glossary's words (issue 22); the texts locked by older versions are not read.
    hits = catalogue_texts(ROOT)
    assert not hits, "\n".join(hit.format() for hit in hits)


CATEGORY = """\
category: LEV
requirements:
  - id: FJL-LEV-001
    title: Avslutningsplan
    text: >-
      Leverandøren skal levere en exitplan.
    guidance: >-
      Ingen avvik her.
    lifecycle:
      status: active
      changes:
        - version: "2.0.0"
          kind: editorial
          note: >-
            Ordlyden er rettet; pilotering heter nå utprøving.
          previous:
            text: >-
              Leverandøren skal delta i pilotering
              og levere en exitstrategi.
  - id: FJL-LEV-002
    title: Brytende endringer varsles
    text: >-
      Et gammelt krav om en større versjon.
    lifecycle:
      status: retired
      retired:
        version: "2.0.0"
        reason: >-
          Tatt ut; exitplanen står nå i FJL-LEV-001.
"""


def test_the_catalogue_check_reads_current_texts_and_skips_what_released_versions_lock(tmp_path: Path) -> None:
    folder = tmp_path / "specs" / "requirements" / "categories"
    folder.mkdir(parents=True)
    (folder / "lev.yaml").write_text(CATEGORY, encoding="utf-8")
    found = {(hit.line, hit.found.casefold()) for hit in catalogue_texts(tmp_path)}
    # The current text, the note and the retirement reason are checked; the previous block (lines 18-19)
    # and the retired requirement's title and text (lines 21, 23) are locked and are not.
    assert found == {(6, "exitplan"), (15, "pilotering"), (29, "exitplanen")}


def test_a_retired_requirement_or_previous_block_is_checked_once_it_is_current_again(tmp_path: Path) -> None:
    folder = tmp_path / "specs" / "requirements" / "categories"
    folder.mkdir(parents=True)
    current = CATEGORY.replace("status: retired", "status: active").replace("previous:", "earlier:")
    (folder / "lev.yaml").write_text(current, encoding="utf-8")
    found = {hit.line for hit in catalogue_texts(tmp_path)}
    assert {18, 19, 21, 23} <= found


def test_locked_lines_of_a_file_that_is_not_yaml_lock_nothing() -> None:
    assert locked_lines("requirements: [\n  - text: exitplan\n") == set()


def test_the_glossary_page_lists_every_term_with_its_rejected_variants() -> None:
    page = glossary.pages(ROOT)[glossary.PAGE]
    terms = glossary.load()
    assert len(terms) >= 20
    for term in terms:
        assert f"| **{term.term}** |" in page
    assert "| **ikke bakoverkompatibel** |" in page and "«brytende»" in page
    assert "| **kravtype** |" in page and "| **nivå (foreslått nivå)** |" in page
    assert "«punkt» (kontrolleres ikke automatisk)" in page


def test_a_broken_glossary_is_refused_with_its_place(tmp_path: Path) -> None:
    broken = tmp_path / "ordliste.yaml"
    broken.write_text("terms:\n  - term: krav\n    rejected: [punkt]\n", encoding="utf-8")
    with pytest.raises(SpecDataError, match=r"ordliste\.yaml: terms/0: expected term and meaning"):
        glossary.load(broken)
    broken.write_text("terms:\n  - term: krav\n    meaning: x\n    rejected: punkt\n", encoding="utf-8")
    with pytest.raises(SpecDataError, match=r"terms/0/rejected: expected a list of words"):
        glossary.load(broken)
