"""The generated overview of issue codes (docs/validator/kodeoversikt.md).

One row per code in :data:`journalloft.codes.CODES`, in catalogue order, each code linking to its
section in feilkoder.md, where the section anchor is the code itself.
"""

from __future__ import annotations

from pathlib import Path

from journalloft import i18n
from journalloft.codes import CODES
from journalloft.issue_types import ISSUE_TYPE
from journalloft.site.provenance import provenance_header

PAGE = "validator/kodeoversikt.md"
SOURCES = (
    "validators/journalloft/codes.py",
    "validators/journalloft/issue_types.py",
    "validators/journalloft/messages/nb.toml",
)


def pages(repo_root: Path) -> dict[str, str]:
    """Return the code overview page; the catalogue is read from the package, not from repo_root."""
    del repo_root
    return {PAGE: render()}


def render() -> str:
    lines = [
        provenance_header(SOURCES),
        "",
        "# Kodeoversikt",
        "",
        "Tabellen viser alle kodene validatoren kan gi, i samme rekkefølge som i kodekatalogen.",
        "Gruppen sier hvilken del av valideringen koden hører til, og sammendraget er det validatoren",
        "skriver med `--lang nb` når en melding ikke har en egen norsk tekst. Lenken på hver kode fører",
        "til forklaringen under [Feilkoder](feilkoder.md). FHIR-feiltypen er den `issue.code` koden får i en",
        "`OperationOutcome` (`--format operationoutcome` og tjenestens `$validate`), fra FHIRs kodeverk",
        "[IssueType](https://hl7.org/fhir/R4/valueset-issue-type.html); validatorens egen kode står i",
        "`issue.details.coding`.",
        "",
        f"Katalogen har {len(CODES)} koder.",
        "",
        "| Kode | Gruppe | FHIR-feiltype | Sammendrag |",
        "|---|---|---|---|",
    ]
    summaries = i18n.catalogue("nb").summaries
    for issue_code in CODES.values():
        lines.append(
            f"| [`{issue_code.code}`](feilkoder.md#{issue_code.code}) "
            f"| `{issue_code.group}` | `{ISSUE_TYPE[issue_code.code]}` | {_table_cell(summaries[issue_code.code])} |"
        )
    return "\n".join(lines) + "\n"


def _table_cell(text: str) -> str:
    # A bare pipe would end the cell; markdown has no other table-breaking character on one line.
    return text.replace("|", "\\|")
