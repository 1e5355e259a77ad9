"""The catalogue's reference list (``references.yaml``): reading it, checking it, resolving citations.

Requirements cite laws, standards and national solutions by key; the list is the single place where
names, Lovdata ids and URLs are written, so a law is named the same way everywhere and a renamed
regulation or agency is corrected once. Releases before 3.0.0 wrote references out in full; those
stay as they were in the history (a change's ``previous`` block), and the lint accepts that form only
there. :class:`ReferenceChecks` is mixed into the linter; its rules are listed in
:data:`REFERENCE_RULES` (English) and :data:`REFERENCE_RULES_NB` (the site's tool page).
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from journalloft.requirements.paths import schema_dir
from journalloft.requirements.yamlsource import Path_, SourceDocument

REFERENCES_FILE = "references.yaml"

REFERENCE_RULES: dict[str, str] = {
    "reference-list": "references.yaml is missing next to catalogue.yaml.",
    "reference-unknown": "A requirement cites a key that references.yaml does not declare.",
    "reference-inline": "Current content writes a reference out in full instead of citing references.yaml by key.",
    "reference-lovdata": (
        "A law or regulation lacks a well-formed Lovdata id (LOV-/FOR-yyyy-mm-dd-n) or EU number, "
        "or its URL is not the Lovdata page of that id."
    ),
    "reference-url": "A reference URL is not https, or is a bare domain without a page path.",
    "reference-pinpoint": "A pinpoint is not a paragraph or article (§ 6, § 15-1, artikkel 28), or cites a non-law.",
    "reference-name": "Current requirement text uses a name that references.yaml lists as a former name.",
}

REFERENCE_RULES_NB: dict[str, str] = {
    "reference-list": "Referanselisten (references.yaml) mangler ved siden av catalogue.yaml.",
    "reference-unknown": "Et krav viser til en referanse som ikke finnes i referanselisten.",
    "reference-inline": "Kravet skriver ut en referanse i stedet for å vise til referanselisten med nøkkel.",
    "reference-lovdata": (
        "En lov eller forskrift mangler gyldig Lovdata-ID (LOV-/FOR-åååå-mm-dd-n) eller EU-nummer, "
        "eller lenken går ikke til Lovdata-siden for ID-en."
    ),
    "reference-url": "En lenke er ikke https, eller går bare til forsiden av et nettsted uten sidesti.",
    "reference-pinpoint": (
        "Paragrafhenvisningen har feil form, eller står på en referanse som ikke er lov eller forskrift."
    ),
    "reference-name": "Kravteksten bruker et navn som referanselisten oppgir som tidligere navn.",
}

LOVDATA_ID = re.compile(r"^(LOV|FOR)-(\d{4})-(\d{2})-(\d{2})-(\d+)$")
EU_NUMBER = re.compile(r"^\(EU\) \d{4}/\d+$")
# § 6, § 15-1, § 9 b, §§ 3 og 4, artikkel 28, artikkel 33 nr. 1, kapittel V; an optional "første ledd" etc. follows.
PINPOINT = re.compile(
    r"^(§ \d+(-\d+)?( ?[a-z])?|§§ \d+(-\d+)? og \d+(-\d+)?|artikkel \d+|kapittel [IVXL\d]+)( [\wæøå. ]+)?$"
)
# Text fields of a requirement where a law or agency is named in running prose.
PROSE_FIELDS = ("title", "text", "guidance", "vendor_answer", "verification")


def lovdata_url(lovdata_id: str) -> str | None:
    """The Lovdata page of a law (``NL/lov``) or central regulation (``SF/forskrift``), or None if malformed."""
    match = LOVDATA_ID.match(lovdata_id)
    if match is None:
        return None
    kind, year, month, day, number = match.groups()
    folder = "NL/lov" if kind == "LOV" else "SF/forskrift"
    return f"https://lovdata.no/dokument/{folder}/{year}-{month}-{day}-{number}"


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a usable source link, or None. A bare domain says where, not what."""
    if not url.startswith("https://"):
        return "er ikke en https-adresse"
    parts = urlsplit(url)
    if parts.path in ("", "/") and not parts.query:
        return "er bare et domene; lenk til siden som har kilden"
    return None


def is_inline(reference: dict[str, Any]) -> bool:
    return "ref" not in reference


def resolve(reference: dict[str, Any], registry: dict[str, Any]) -> dict[str, Any]:
    """A citation with the list entry's fields filled in (the form the model reads)."""
    if is_inline(reference):
        return dict(reference)
    entry = registry[reference["ref"]]
    resolved = {key: entry[key] for key in ("title", "url", "kind") if key in entry}
    resolved.update(
        key=reference["ref"],
        pinpoint=reference.get("pinpoint"),
        lovdata=entry.get("lovdata") or entry.get("eu"),
        status=entry.get("status", "current"),
    )
    return resolved


def resolve_category(data: dict[str, Any], registry: dict[str, Any]) -> dict[str, Any]:
    """A copy of a parsed category file with every keyed citation resolved, in content and history."""
    result = copy.deepcopy(data)
    for requirement in result.get("requirements") or []:
        blocks = [requirement] + [c.get("previous", {}) for c in requirement["lifecycle"].get("changes", [])]
        for block in blocks:
            if "references" in block:
                block["references"] = [resolve(ref, registry) for ref in block["references"]]
    return result


def resolve_catalogue(data: dict[str, Any], registry: dict[str, Any]) -> dict[str, Any]:
    """A copy of catalogue.yaml's data with each release's source checks resolved from the list."""
    result = copy.deepcopy(data)
    for version in result["versions"]:
        for check in version.get("source_checks", []):
            check["sources"] = [resolve({"ref": key}, registry) for key in check["sources"]]
    return result


class _Linter(Protocol):
    root: Path
    findings: list[Any]

    def read(self, path: Path) -> SourceDocument | None: ...

    def schema_valid(self, doc: SourceDocument, schema: dict[str, Any]) -> bool: ...

    def report(self, doc: SourceDocument, where: Path_, rule: str, message: str) -> None: ...


class ReferenceChecks:
    """Lint rules for the reference list and the citations; mixed into the catalogue linter."""

    registry: dict[str, Any]

    def read_reference_list(self: _Linter, catalogue_doc: SourceDocument) -> dict[str, Any] | None:
        """The parsed list, after its own checks; None when it is missing or malformed."""
        path = self.root / REFERENCES_FILE
        if not path.is_file():
            self.report(catalogue_doc, (), "reference-list", f"ingen {REFERENCES_FILE} ved siden av catalogue.yaml")
            return None
        doc = self.read(path)
        if doc is None:
            return None
        schema = json.loads((schema_dir(self.root) / "references.schema.json").read_text(encoding="utf-8"))
        if not self.schema_valid(doc, schema):
            return None
        for key, entry in doc.data["references"].items():
            where: Path_ = ("references", key)
            url_fault = (
                None if entry["kind"] == "spec" and not entry["url"].startswith("https") else url_problem(entry["url"])
            )
            if url_fault:
                self.report(doc, (*where, "url"), "reference-url", f"{key}: {entry['url']} {url_fault}")
            if entry["kind"] == "law":
                ReferenceChecks._check_law(self, doc, where, key, entry)
            elif "lovdata" in entry or "eu" in entry:
                self.report(
                    doc,
                    (*where, "kind"),
                    "reference-lovdata",
                    f"{key}: en Lovdata-id eller et EU-nummer krever kind: law",
                )
        registry: dict[str, Any] = doc.data["references"]
        return registry

    def _check_law(self: _Linter, doc: SourceDocument, where: Path_, key: str, entry: dict[str, Any]) -> None:
        if "lovdata" in entry:
            expected = lovdata_url(entry["lovdata"])
            if expected is None:
                self.report(
                    doc,
                    (*where, "lovdata"),
                    "reference-lovdata",
                    f"{key}: {entry['lovdata']!r} er ikke en Lovdata-id på formen "
                    "LOV-åååå-mm-dd-n eller FOR-åååå-mm-dd-n",
                )
            elif entry["url"] != expected:
                self.report(
                    doc,
                    (*where, "url"),
                    "reference-lovdata",
                    f"{key}: adressen til {entry['lovdata']} er {expected}, ikke {entry['url']}",
                )
        elif "eu" in entry:
            if not EU_NUMBER.match(entry["eu"]):
                self.report(
                    doc, (*where, "eu"), "reference-lovdata", f"{key}: {entry['eu']!r} er ikke på formen (EU) åååå/n"
                )
        else:
            self.report(
                doc, where, "reference-lovdata", f"{key}: en lov eller forskrift skal ha Lovdata-id eller EU-nummer"
            )

    def check_citations(
        self: _Linter, requirements: list[tuple[SourceDocument, int, dict[str, Any]]], registry: dict[str, Any]
    ) -> None:
        """Every current citation is by a known key with a well-formed pinpoint; no former names in prose."""
        former = {name: key for key, entry in registry.items() for name in entry.get("former_names", [])}
        for doc, index, req in requirements:
            rid = req["id"]
            at: Path_ = ("requirements", index)
            retired = req["lifecycle"]["status"] == "retired"
            for n, ref in enumerate(req.get("references") or []):
                where: Path_ = (*at, "references", n)
                if is_inline(ref):
                    if retired:
                        # A retired requirement keeps its last wording, references as they were written.
                        continue
                    self.report(
                        doc,
                        where,
                        "reference-inline",
                        f"{rid}: {ref['title']!r} er skrevet ut; vis til oppføringen i {REFERENCES_FILE} "
                        "med nøkkel (ref)",
                    )
                    continue
                entry = registry.get(ref["ref"])
                if entry is None:
                    self.report(
                        doc,
                        (*where, "ref"),
                        "reference-unknown",
                        f"{rid}: {ref['ref']!r} finnes ikke i {REFERENCES_FILE}",
                    )
                    continue
                pinpoint = ref.get("pinpoint")
                if pinpoint is not None and (entry["kind"] != "law" or not PINPOINT.match(pinpoint)):
                    why = (
                        "er ikke en paragraf eller artikkel"
                        if entry["kind"] == "law"
                        else "er oppgitt for noe som ikke er lov"
                    )
                    self.report(doc, (*where, "pinpoint"), "reference-pinpoint", f"{rid}: pinpoint {pinpoint!r} {why}")
            if retired:
                continue
            for field in (*PROSE_FIELDS, "rationale"):
                text = req["rationale"]["text"] if field == "rationale" else req.get(field, "")
                for name, key in former.items():
                    if name.casefold() in text.casefold():
                        self.report(
                            doc,
                            (*at, field),
                            "reference-name",
                            f"{rid}: {field} sier {name!r}, et tidligere navn; bruk navnet i "
                            f"{REFERENCES_FILE}: {registry[key]['title']!r}",
                        )

    def check_source_checks(
        self: _Linter, catalogue_doc: SourceDocument, registry: dict[str, Any], requirement_ids: set[str]
    ) -> None:
        """A release's source checks name known sources and requirements."""
        for v, version in enumerate(catalogue_doc.data["versions"]):
            for c, check in enumerate(version.get("source_checks", [])):
                where: Path_ = ("versions", v, "source_checks", c)
                for n, key in enumerate(check["sources"]):
                    if key not in registry:
                        self.report(
                            catalogue_doc,
                            (*where, "sources", n),
                            "reference-unknown",
                            f"versjon {version['version']}: kilden {key!r} finnes ikke i {REFERENCES_FILE}",
                        )
                for n, rid in enumerate(check.get("requirements", [])):
                    if rid not in requirement_ids:
                        self.report(
                            catalogue_doc,
                            (*where, "requirements", n),
                            "reference-dangling",
                            f"versjon {version['version']}: kildekontrollen nevner {rid}, som ikke finnes i katalogen",
                        )
