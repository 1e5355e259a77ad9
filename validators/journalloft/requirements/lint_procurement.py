"""Procurement-law rules of the catalogue linter: what a municipality may lawfully copy into a tender.

The rules read structured data wherever it exists: whether a requirement names a standard,
specification, product or agreement, and whether something is in national use, come from the entries
in references.yaml it cites (their ``kind``, ``specific`` and ``national_use``), not from the prose.
Only the level/wording rule reads the requirement text, because the wording is what it checks.
:class:`ProcurementChecks` is mixed into the linter in lint.py; its rule ids are in
:data:`PROCUREMENT_RULES` (English) and :data:`PROCUREMENT_RULES_NB` (the site's tool page).
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from journalloft.requirements.yamlsource import Path_, SourceDocument

PROCUREMENT_RULES: dict[str, str] = {
    "equivalent-missing": (
        "A requirement cites a standard, specification, product or agreement (references.yaml kind standard or "
        "spec, or specific: true) but its text does not allow «eller tilsvarende» and it has no "
        "equivalence_exemption with a reason (anskaffelsesforskriften § 15-1 (3))."
    ),
    "absolute-not-in-national-use": (
        "A requirement is suggested as absolute (A) but cites something references.yaml marks as not yet "
        "in national use (national_use: false)."
    ),
    "level-legal-basis": "Level «må» (a legal duty) without a law or regulation cited with its section (pinpoint).",
    "level-wording": (
        "The level and the wording disagree: a «bør» or «kan» requirement whose text says «skal» or «må», "
        "or a «skal» or «må» requirement whose text says only «bør»."
    ),
}

PROCUREMENT_RULES_NB: dict[str, str] = {
    "equivalent-missing": (
        "Kravet viser til en standard, spesifikasjon, et produkt eller en avtale (i referanselisten: art "
        "standard eller spesifikasjon, eller `specific: true`), men kravteksten åpner ikke for «eller "
        "tilsvarende», og kravet har ikke et begrunnet unntak i `equivalence_exemption` "
        "(anskaffelsesforskriften § 15-1 tredje ledd)."
    ),
    "absolute-not-in-national-use": (
        "Kravet er foreslått som absolutt krav (A), men viser til noe referanselisten oppgir som ikke i "
        "nasjonal bruk ennå (`national_use: false`), for eksempel en prototype eller et utkast."
    ),
    "level-legal-basis": (
        "Nivået «må» (en plikt i lov eller forskrift) er brukt uten at kravet viser til en lov eller forskrift "
        "med paragraf eller artikkel."
    ),
    "level-wording": (
        "Nivået og ordlyden stemmer ikke: et «bør»- eller «kan»-punkt der kravteksten sier «skal» eller «må», "
        "eller et «skal»- eller «må»-punkt der kravteksten bare sier «bør»."
    ),
}

# A cited entry names something specific (a standard, specification, product or agreement) unless its
# entry says otherwise; laws, national solutions and guidance do not, unless they set specific: true.
SPECIFIC_KINDS = frozenset({"standard", "spec"})
EQUIVALENT_PHRASE = "eller tilsvarende"
_STRONG = re.compile(r"\b(skal|må)\b", re.IGNORECASE)
_WEAK = re.compile(r"\bbør\b", re.IGNORECASE)


class _Linter(Protocol):
    def report(self, doc: SourceDocument, where: Path_, rule: str, message: str) -> None: ...


def names_specific(entry: dict[str, Any]) -> bool:
    """Whether citing ``entry`` names a standard, specification, product or agreement."""
    return bool(entry.get("specific", entry["kind"] in SPECIFIC_KINDS))


def in_national_use(entry: dict[str, Any]) -> bool:
    return bool(entry.get("national_use", True))


class ProcurementChecks:
    """Rules that keep the catalogue's current content lawful to copy into a tender."""

    def check_procurement(
        self: _Linter, requirements: list[tuple[SourceDocument, int, dict[str, Any]]], registry: dict[str, Any]
    ) -> None:
        for doc, index, req in requirements:
            if req["lifecycle"]["status"] == "retired":
                # A retired requirement keeps its last wording; it is not offered for new tenders.
                continue
            at: Path_ = ("requirements", index)
            cited = [
                (n, ref["ref"], registry[ref["ref"]])
                for n, ref in enumerate(req.get("references") or [])
                if "ref" in ref and ref["ref"] in registry
            ]
            ProcurementChecks._check_equivalent(self, doc, at, req, cited)
            ProcurementChecks._check_national_use(self, doc, at, req, cited)
            ProcurementChecks._check_legal_basis(self, doc, at, req, registry)
            ProcurementChecks._check_wording(self, doc, at, req)

    def _check_equivalent(
        self: _Linter, doc: SourceDocument, at: Path_, req: dict[str, Any], cited: list[tuple[int, str, Any]]
    ) -> None:
        specific = [key for _, key, entry in cited if names_specific(entry)]
        if not specific or EQUIVALENT_PHRASE in req["text"].casefold() or req.get("equivalence_exemption"):
            return
        self.report(
            doc,
            (*at, "text"),
            "equivalent-missing",
            f"{req['id']}: viser til {', '.join(specific)}, men teksten åpner ikke for «{EQUIVALENT_PHRASE}»; "
            "legg det til, eller gi equivalence_exemption med begrunnelsen for at ikke noe tilsvarende kan godtas",
        )

    def _check_national_use(
        self: _Linter, doc: SourceDocument, at: Path_, req: dict[str, Any], cited: list[tuple[int, str, Any]]
    ) -> None:
        if "absolute" not in req["tender_use"]:
            return
        for n, key, entry in cited:
            if not in_national_use(entry):
                self.report(
                    doc,
                    (*at, "references", n),
                    "absolute-not-in-national-use",
                    f"{req['id']}: foreslått som absolutt krav, men {key} er ikke i nasjonal bruk ennå "
                    "(national_use: false i references.yaml); foreslå det som evalueringskrav (V) i stedet",
                )

    def _check_legal_basis(
        self: _Linter, doc: SourceDocument, at: Path_, req: dict[str, Any], registry: dict[str, Any]
    ) -> None:
        if req["level"] != "må":
            return
        for ref in req.get("references") or []:
            entry = registry.get(ref.get("ref", ""))
            if entry is not None and entry["kind"] == "law" and ref.get("pinpoint"):
                return
        self.report(
            doc,
            (*at, "level"),
            "level-legal-basis",
            f"{req['id']}: nivået må sier at punktet gjentar en plikt i lov eller forskrift, men det viser ikke "
            "til lov eller forskrift med paragraf (referanse med kind law og pinpoint); "
            "vis til paragrafen eller bruk skal",
        )

    def _check_wording(self: _Linter, doc: SourceDocument, at: Path_, req: dict[str, Any]) -> None:
        level, text = req["level"], req["text"]
        strong = _STRONG.search(text)
        if level in ("bør", "kan") and strong:
            self.report(
                doc,
                (*at, "text"),
                "level-wording",
                f"{req['id']}: nivået er {level}, men teksten sier «{strong.group(0)}»; skriv det som et "
                f"{level}-punkt eller hev nivået (et strengere nivå krever ny id)",
            )
        elif level in ("skal", "må") and _WEAK.search(text) and not strong:
            self.report(
                doc,
                (*at, "text"),
                "level-wording",
                f"{req['id']}: nivået er {level}, men teksten sier bare «bør»; skriv det som et {level}-punkt "
                "eller senk nivået",
            )
