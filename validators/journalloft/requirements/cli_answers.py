"""The ``requirements check-answers`` handler: run the check and print a text or json report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from journalloft.escaping import for_terminal, json_utf8
from journalloft.requirements.answers import AnswersUnreadable, check_answers
from journalloft.requirements.load import CatalogueInvalid, load_catalogue
from journalloft.requirements.norwegian import count_nb
from journalloft.requirements.tender_set import TenderSetError
from journalloft.requirements.tender_set_annex import read_reference_set

EXIT_OK = 0
EXIT_FAULTS = 1
EXIT_USAGE = 2


def run_check_answers(args: argparse.Namespace, root: Path) -> int:
    try:
        catalogue = load_catalogue(root)
        tender_set = read_reference_set(args.tender_set) if args.tender_set is not None else None
        report = check_answers(args.file, catalogue, tender_set)
    except (CatalogueInvalid, AnswersUnreadable, TenderSetError) as exc:
        if args.format == "json":
            print(json_utf8(json.dumps({"file": str(args.file), "ok": False, "error": str(exc)}, ensure_ascii=False)))
        print(f"feil: {for_terminal(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        # a file name that is not UTF-8 reaches the report as lone surrogates; keep the output UTF-8
        print(json_utf8(json.dumps(report.to_dict(), ensure_ascii=False, indent=2)))
    else:
        for finding in report.findings:
            print(for_terminal(finding.format()))  # cell text may hold controls or bidi overrides
        errors = sum(1 for f in report.findings if f.severity == "error")
        warnings = sum(1 for f in report.findings if f.severity == "warning")
        notes = len(report.findings) - errors - warnings
        verdict = "ok" if report.ok else "ikke ok"
        print(
            f"{verdict}: {count_nb(report.rows, 'svarrad', 'svarrader')} kontrollert mot {report.catalogue_id} "
            f"versjon {report.version}: {errors} feil, {count_nb(warnings, 'advarsel', 'advarsler')}"
            + (f", {count_nb(notes, 'merknad', 'merknader')}" if notes else "")
        )
    return EXIT_OK if report.ok else EXIT_FAULTS
