"""The register page "Samsvar" (docs/tjenester/samsvar.md), from specs/adoption/samsvar.yaml.

Per spec version (newest first), the products whose test kit report passed and verifies, then the same
entries per product. The data is linted as it is read (:func:`journalloft.testkit.register.load`), so
a broken register stops generation with a message naming the file and the entry.
"""

from __future__ import annotations

from pathlib import Path

from journalloft.requirements.mdtext import relative_link
from journalloft.site.provenance import provenance_header
from journalloft.site.specdata import SpecDataError, overview_path, specs_root
from journalloft.specs import _version_key
from journalloft.testkit.register import DATA, Entry, RegisterInvalid, load

PAGE = "tjenester/samsvar.md"


def pages(repo_root: Path) -> dict[str, str]:
    root = specs_root(repo_root)
    if not (root / DATA).is_file():
        return {}  # a specs/ folder without a register (a test tree); the nav would miss the page
    try:
        entries = load(root)
    except RegisterInvalid as exc:
        raise SpecDataError(str(exc)) from exc
    return {PAGE: render(entries)}


def render(entries: list[Entry]) -> str:
    lines = [
        provenance_header([f"specs/{DATA}", "specs/adoption/rapporter/*.json"]),
        "",
        "# Samsvar",
        "",
        "Her står produktene som har vist at API-et deres oppfører seg slik en spesifikasjon sier: testsettet "
        "(`journalloft testkit`) er kjørt mot produktet, alle tester er bestått eller hoppet over, og rapporten "
        "er sendt inn og sjekket med `journalloft testkit verify`. Hver rad har rapportens kontrollsum "
        "(SHA-256), så rapporten kan sjekkes av hvem som helst; se [Test ditt API](../validator/test-api.md) for "
        "hvordan dere kjører testsettet og sender inn en rapport.",
        "",
        "Listen viser hva en rapport viste for én produktversjon mot én versjon av spesifikasjonen, på den "
        "datoen. Den er ingen godkjenning, og den sier ingenting om andre versjoner.",
        "",
        "## Per spesifikasjonsversjon",
        "",
    ]
    by_spec: dict[str, list[Entry]] = {}
    for entry in entries:
        by_spec.setdefault(entry.spec_key, []).append(entry)
    if not entries:
        lines += ["Ingen produkter er ført opp ennå.", ""]
    for key in sorted(by_spec, key=lambda k: (k.split("@")[0], _version_key(k.split("@")[1])), reverse=True):
        spec_id = key.split("@")[0]
        link = relative_link(PAGE, overview_path(spec_id))
        lines += [
            f"### [`{key}`]({link})",
            "",
            "| Produkt | Versjon | Leverandør | Testsett | Dato | Resultat | Rapport (SHA-256) |",
        ]
        lines.append("|---|---|---|---|---|---|---|")
        for entry in sorted(by_spec[key], key=lambda e: (e.product, e.product_version)):
            lines.append(
                f"| {_cell(entry.product)} | {_cell(entry.product_version)} | {_cell(entry.vendor)} | "
                f"{entry.kit_version} | {entry.date} | {_RESULT[entry.result]} | `{entry.report_sha256}` |"
            )
        lines.append("")
    lines += ["## Per produkt", ""]
    products: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        products.setdefault((entry.product, entry.vendor), []).append(entry)
    for product, vendor in sorted(products):
        versions = ", ".join(
            f"versjon {e.product_version}: `{e.spec_key}` ({e.date})"
            for e in sorted(products[(product, vendor)], key=lambda e: _version_key(e.product_version), reverse=True)
        )
        lines.append(f"- **{product}** fra {vendor}: {versions}")
    lines.append("")
    return "\n".join(lines)


_RESULT = {"pass": "bestått"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
