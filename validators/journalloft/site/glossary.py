"""The project's Norwegian terms (ordliste.yaml beside this module) and the page that lists them.

Each term names the word the site uses for one concept and the variants it does not use. The
wording lint (journalloft.site.wording_lint) flags the ``rejected`` variants in docs/ and in
messages/nb.toml; ``unchecked`` variants have proper uses too, so the page lists them for reviewers
but the lint leaves them alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from journalloft import safe_yaml
from journalloft.requirements.mdtext import inline
from journalloft.site.provenance import provenance_header
from journalloft.site.specdata import SpecDataError

DATA = Path(__file__).with_name("ordliste.yaml")
PAGE = "ordliste.md"
SOURCE = "validators/journalloft/site/ordliste.yaml"
_FIELDS = {"term", "meaning", "rejected", "unchecked", "note"}


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str
    rejected: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()
    note: str = ""

    def pattern(self) -> re.Pattern[str] | None:
        """The rejected variants as one pattern: whole words, any case, any run of spaces between words."""
        if not self.rejected:
            return None
        forms = sorted(self.rejected, key=len, reverse=True)  # the longest form wins where two start together
        alternatives = "|".join(r"\s+".join(re.escape(word) for word in form.split()) for form in forms)
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def load(path: Path = DATA) -> list[Term]:
    """The terms, in the file's order; a broken file is an error naming the file and the entry."""
    try:
        data = safe_yaml.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SpecDataError(f"{path}: cannot be read: {exc}") from exc
    entries = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise SpecDataError(f"{path}: terms: expected a non-empty list")
    terms = []
    for index, entry in enumerate(entries):
        where = f"{path}: terms/{index}"
        if not isinstance(entry, dict) or not {"term", "meaning"} <= set(entry) or set(entry) - _FIELDS:
            raise SpecDataError(f"{where}: expected term and meaning, and only {sorted(_FIELDS)}")
        lists = {name: entry.get(name) or [] for name in ("rejected", "unchecked")}
        for name, values in lists.items():
            if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                raise SpecDataError(f"{where}/{name}: expected a list of words")
        if not all(isinstance(entry.get(name, ""), str) for name in ("term", "meaning", "note")):
            raise SpecDataError(f"{where}: term, meaning and note are text")
        terms.append(
            Term(
                term=entry["term"],
                meaning=" ".join(entry["meaning"].split()),
                rejected=tuple(lists["rejected"]),
                unchecked=tuple(lists["unchecked"]),
                note=" ".join(entry.get("note", "").split()),
            )
        )
    return terms


def pages(repo_root: Path) -> dict[str, str]:
    """The glossary page, for the journalloft.site registry."""
    lines = [
        provenance_header([SOURCE]),
        "",
        "# Ordliste",
        "",
        "Ordlisten viser hvilket ord nettstedet bruker for hvert begrep, og hvilke varianter det ikke "
        "bruker. Den gjelder sidene og validatorens norske meldinger (`--lang nb`). En test går gjennom "
        "sidene og meldingene og melder hver avvist variant som står i vanlig tekst; ord i kodeskrift, "
        "som FHIR-elementet `display`, er unntatt.",
        "",
        "| Ord vi bruker | Betydning | Ikke bruk |",
        "| --- | --- | --- |",
    ]
    for term in load():
        avoid = [f"«{inline(word)}»" for word in term.rejected]
        avoid += [f"«{inline(word)}» (kontrolleres ikke automatisk)" for word in term.unchecked]
        meaning = inline(term.meaning) + (f" {inline(term.note)}" if term.note else "")
        lines.append(f"| **{inline(term.term)}** | {meaning} | {', '.join(avoid) or '–'} |")
    return {PAGE: "\n".join(lines) + "\n"}
