"""``journalloft convert``: OKT prototype JSON to a FHIR transaction Bundle, and FHIR back.

The input is validated first (okt-prototype or okt, chosen by whether it has a resourceType); if the
validator finds an error, its report goes to stderr, nothing is written and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from journalloft.identifiers import check_organisation_number
from journalloft.inputs import Document
from journalloft.issues import error
from journalloft.okt.convert import ConversionError, Organisation, to_fhir, to_prototype
from journalloft.report import Report, Result
from journalloft.reporters import text as text_reporter
from journalloft.specs import Registry
from journalloft.validation import Checker

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
PROTOTYPE_SPEC, FHIR_SPEC = "okt-prototype", "okt"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "convert",
        help="convert OKT between NHN's prototype JSON and FHIR R4 (a transaction Bundle)",
        description="Convert an OktEvent to an OKT transaction Bundle, or an OKT Bundle/EpisodeOfCare to an "
        "OktEvent. The direction follows the input: FHIR (has resourceType) becomes prototype JSON, "
        "anything else is read as prototype JSON. Invalid input is refused with the validator's report.",
    )
    parser.add_argument("input", type=Path, metavar="FILE", help="the payload to convert (- for standard input)")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write the result here instead of stdout")
    parser.add_argument(
        "--organisasjonsnummer",
        metavar="NUMBER",
        type=_organisation_number,
        help="organisation number of the responsible unit (required for prototype to FHIR: "
        "the prototype leaves it to HelseID)",
    )
    parser.add_argument("--organisasjonsnavn", metavar="NAME", help="name of the responsible unit")
    parser.set_defaults(func=run_convert)


def _organisation_number(value: str) -> str:
    """A valid organisasjonsnummer, or a usage error (exit 2) that names the option, not the payload."""
    checked = check_organisation_number(value)
    if not checked.ok:
        raise argparse.ArgumentTypeError(f"{value!r} is not a valid organisasjonsnummer: {checked.detail}")
    return value


def run_convert(args: argparse.Namespace) -> int:
    data = sys.stdin.buffer.read() if str(args.input) == "-" else _read(args.input)
    if data is None:
        return EXIT_USAGE
    registry = Registry()
    name = str(args.input)
    try:
        value = json.loads(data)
    except ValueError:
        value = None
    is_fhir = isinstance(value, dict) and "resourceType" in value
    if not is_fhir and not args.organisasjonsnummer:
        print("journalloft convert: --organisasjonsnummer is required to convert prototype JSON", file=sys.stderr)
        return EXIT_USAGE
    result = Checker(registry, FHIR_SPEC if is_fhir else PROTOTYPE_SPEC).check(Document(name, data))
    if not result.valid or not isinstance(value, dict):
        return _refuse(result)
    try:
        converted = to_prototype(value) if is_fhir else to_fhir(value, _organisation(args))
    except ConversionError as exc:
        return _refuse(Result(name, result.spec, [error("convert-unsupported", exc.expression, exc.message)]))
    text = json.dumps(converted, ensure_ascii=False, indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"journalloft convert: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _organisation(args: argparse.Namespace) -> Organisation:
    number = str(args.organisasjonsnummer)
    return Organisation(number, args.organisasjonsnavn or f"Ansvarlig enhet (organisasjonsnummer {number})")


def _refuse(result: Result) -> int:
    sys.stderr.write(text_reporter.render(Report(results=[result]), False))
    return EXIT_INVALID


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        print(f"journalloft convert: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return None
