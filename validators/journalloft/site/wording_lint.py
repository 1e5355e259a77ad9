"""The wording lint: rejected variants from the glossary in the site's Norwegian text.

It reads docs/**/*.md and the Norwegian texts of messages/nb.toml (summaries, words and message
templates; the ``match`` patterns are English by design) and reports every rejected variant
(journalloft.site.glossary) that stands in prose. Code blocks, code spans, HTML comments and tags,
link targets, attribute lists (``{ #anker }``) and bare addresses are not prose and are skipped, so
`display` in code font or an anchor like ``#fhir-slice-undecidable`` is fine.

Pages that are not checked here, with the reason, are listed in :data:`NOT_CHECKED`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

import yaml

from journalloft import safe_yaml
from journalloft.site.glossary import Term, load

NB_TOML = "validators/journalloft/messages/nb.toml"

_CATALOGUE_TEXT = "kravtekstene er katalogens data; de kontrolleres i katalogens filer"
_CATALOGUE_PAGES = (
    "anbefalinger/krav.md",
    "anbefalinger/utskrift.md",
    "anbefalinger/informasjon-og-eierskap.md",
    "anbefalinger/deling-og-standarder.md",
    "anbefalinger/sikkerhet-og-personvern.md",
    "anbefalinger/leverandorsamarbeid-og-exit.md",
)
NOT_CHECKED: dict[str, str] = {
    "anbefalinger/versjoner/*": "utgitte versjoner av katalogen er låst og endres ikke",
    "ordliste.md": "ordlisten siterer de avviste variantene",
    # The catalogue's own requirement texts stand on these pages; they are data under specs/requirements/
    # and change only through the catalogue's release (checked there by tests/test_wording.py).
    **dict.fromkeys(_CATALOGUE_PAGES, _CATALOGUE_TEXT),
    "anbefalinger/endringer.md": "endringsnotatene er katalogens data; de kontrolleres i katalogens filer",
}


@dataclass(frozen=True)
class Hit:
    """One rejected variant: where it stands, what it says, and the word to use instead."""

    source: str
    line: int
    found: str
    use: str

    def format(self) -> str:
        return f"{self.source}:{self.line}: «{self.found}»: bruk «{self.use}»"


_FENCE = re.compile(r"^\s*(```+|~~~+)")
_NOT_PROSE = re.compile(
    r"`+[^`\n]*`+"  # code span
    r"|<!--.*?-->"  # HTML comment (one line)
    r"|<[^>\n]+>"  # HTML tag
    r"|\]\([^)\s]*\)"  # link target
    r"|\{[:#.][^}\n]*\}|\{ *#[^}\n]*\}"  # attribute list
    r"|https?://\S+"  # bare address
    r"|\{\w+\}"  # a message template's placeholder
)


def prose_lines(markdown: str) -> list[tuple[int, str]]:
    """(line number, text) of every line outside code blocks, with the non-prose parts blanked."""
    result = []
    fence = ""
    in_comment = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        text = line
        if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
            in_comment = True
            text = line.split("<!--", 1)[0]
        result.append((number, _NOT_PROSE.sub(" ", text)))
    return result


def find(lines: list[tuple[int, str]], source: str, terms: list[Term]) -> list[Hit]:
    hits = []
    compiled = [(term, term.pattern()) for term in terms]
    for number, text in lines:
        for term, pattern in compiled:
            if pattern is not None:
                hits += [Hit(source, number, m.group(0), term.term) for m in pattern.finditer(text)]
    return hits


def nb_toml_texts(path: Path) -> list[tuple[int, str]]:
    """The Norwegian strings of nb.toml with their line numbers: every value but the English ``match``."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    wanted: set[str] = set()
    for value in data.values():
        if isinstance(value, dict):
            wanted.update(v for v in value.values() if isinstance(v, str))
        elif isinstance(value, list):
            wanted.update(v["text"] for v in value if isinstance(v, dict) and isinstance(v.get("text"), str))
    return [(number, _NOT_PROSE.sub(" ", text)) for number, text in _toml_strings(path) if text in wanted]


_SENTENCE_START = re.compile(r"^[A-ZÆØÅ0-9{`«(]")
_SENTENCE_END = re.compile(r"[.?!]$")


def unfinished_sentences(path: Path) -> list[Hit]:
    """nb.toml texts that do not read as a sentence: each starts with a capital letter (or a
    placeholder, code or quotation) and ends with a full stop, so no message is half lower-case."""
    hits = []
    for number, text in nb_toml_raw_texts(path):
        if not _SENTENCE_START.match(text) or not _SENTENCE_END.search(text):
            hits.append(Hit(NB_TOML, number, text, "en hel setning: stor forbokstav og punktum"))
    return hits


def nb_toml_raw_texts(path: Path) -> list[tuple[int, str]]:
    """The summaries and message templates of nb.toml (not [words]), as written, with line numbers."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    wanted = set(data.get("summary", {}).values())
    for value in data.values():
        if isinstance(value, list):
            wanted.update(v["text"] for v in value if isinstance(v, dict) and isinstance(v.get("text"), str))
    return [(number, text) for number, text in _toml_strings(path) if text in wanted]


def _toml_strings(path: Path) -> list[tuple[int, str]]:
    """(line, value) of every one-line ``key = "string"`` in the file, the English ``match`` left out."""
    result = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        key, sep, raw = line.partition("=")
        value = raw.strip()
        if not sep or key.strip() == "match" or line.lstrip().startswith("#") or len(value) < 2:
            continue
        if value[0] == "'" and value[-1] == "'":
            result.append((number, value[1:-1]))
        elif value[0] == '"' and value[-1] == '"':
            try:
                result.append((number, tomllib.loads(f"v = {value}")["v"]))
            except tomllib.TOMLDecodeError:
                continue
    return result


def checked_pages(repo_root: Path) -> list[Path]:
    docs = repo_root / "docs"
    return sorted(
        path
        for path in docs.rglob("*.md")
        if not any(fnmatch(path.relative_to(docs).as_posix(), pattern) for pattern in NOT_CHECKED)
    )


def catalogue_texts(repo_root: Path, terms: list[Term] | None = None) -> list[Hit]:
    """Rejected variants in the catalogue's current texts (specs/requirements/categories/*.yaml), by line.

    Texts a released version locks are left out (:func:`locked_lines`): they read as they were
    released, and only a new version with new wording can change what the catalogue says now.
    """
    terms = load() if terms is None else terms
    hits = []
    for path in sorted((repo_root / "specs" / "requirements" / "categories").glob("*.yaml")):
        source = path.relative_to(repo_root).as_posix()
        text = path.read_text("utf-8")
        locked = locked_lines(text)
        lines = [(n, _NOT_PROSE.sub(" ", line)) for n, line in enumerate(text.splitlines(), 1) if n not in locked]
        hits += find([(n, line) for n, line in lines if not line.lstrip().startswith("#")], source, terms)
    return hits


# The fields of a requirement that released.yaml fingerprints; a retired requirement keeps them as released.
_LOCKED_FIELDS = frozenset({"title", "text", "rationale", "guidance", "vendor_answer", "verification"})


def locked_lines(category_yaml: str) -> set[int]:
    """Line numbers (1-based) of a category file's texts that released versions lock.

    These are every ``previous`` block (the wording before a change, as an older version reads) and
    the content fields of a retired requirement (its last released wording). Notes and retirement
    reasons are the editors' current explanations and stay checked. A file that cannot be read as
    YAML locks nothing, so every line is checked (the catalogue lint reports the file itself).
    """
    try:
        root = safe_yaml.compose(category_yaml)
    except yaml.YAMLError:
        return set()
    locked: set[int] = set()
    if not isinstance(root, yaml.MappingNode):
        return locked
    for key, value in root.value:
        if key.value != "requirements" or not isinstance(value, yaml.SequenceNode):
            continue
        for requirement in value.value:
            if not isinstance(requirement, yaml.MappingNode):
                continue
            retired = _is_retired(requirement)
            for field, node in requirement.value:
                if retired and field.value in _LOCKED_FIELDS:
                    locked |= _span(field, node)
            locked |= _previous_blocks(requirement)
    return locked


def _is_retired(requirement: yaml.MappingNode) -> bool:
    lifecycle = next((v for k, v in requirement.value if k.value == "lifecycle"), None)
    if not isinstance(lifecycle, yaml.MappingNode):
        return False
    return any(k.value == "status" and getattr(v, "value", None) == "retired" for k, v in lifecycle.value)


def _previous_blocks(node: yaml.Node) -> set[int]:
    found: set[int] = set()
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found |= _span(key, value) if key.value == "previous" else _previous_blocks(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found |= _previous_blocks(item)
    return found


def _span(key: yaml.Node, value: yaml.Node) -> set[int]:
    """The lines (1-based) from a key to the end of its value. PyYAML's marks are 0-based, and a block
    value's end mark stands where the next token starts: a line whose content starts at the mark
    belongs to what follows, so it is left out."""
    last = value.end_mark.line
    buffer = value.end_mark.buffer or ""
    before_end = buffer[value.end_mark.pointer - value.end_mark.column : value.end_mark.pointer]
    if last > key.start_mark.line and not before_end.strip():
        last -= 1
    return set(range(key.start_mark.line + 1, last + 2))


def lint(repo_root: Path, terms: list[Term] | None = None) -> list[Hit]:
    """Every rejected variant in the checked pages of docs/ and in nb.toml's Norwegian texts."""
    terms = load() if terms is None else terms
    hits = []
    for path in checked_pages(repo_root):
        source = path.relative_to(repo_root).as_posix()
        hits += find(prose_lines(path.read_text(encoding="utf-8")), source, terms)
    nb = repo_root / NB_TOML
    if nb.is_file():
        hits += find(nb_toml_texts(nb), NB_TOML, terms)
    return hits
