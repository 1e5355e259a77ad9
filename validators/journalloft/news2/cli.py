"""``journalloft news2 score``: a NEWS2 score from plain values or from a FHIR Bundle.

For vendors checking their own implementation. Exit status 0 when a score was computed (and, for a
Bundle with an assessment, it agrees with the stated one), 1 when it cannot be computed (a value
outside the plausible ranges, the same for options and Bundles, is news2-range) or disagrees, 2 for
usage errors. The engine checks data quality and is not for clinical decisions.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from journalloft import jsonparse
from journalloft.escaping import for_terminal
from journalloft.limits import DEFAULT_LIMITS
from journalloft.news2.engine import RISK_TITLES, Assessment, Measurements, ScoringError, score
from journalloft.news2.measurements import UNITS, Finding, out_of_range
from journalloft.news2.payload import PayloadScore, score_payload

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
_NUMBERS = ("respiration", "spo2", "systolic", "pulse", "temperature")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    news2 = subparsers.add_parser("news2", help="NEWS2: compute a score from measurements")
    commands = news2.add_subparsers(dest="news2_command", required=True, metavar="COMMAND")
    parser = commands.add_parser(
        "score",
        help="compute NEWS2 from plain values or from a FHIR Bundle",
        description="Compute the NEWS2 sub-scores, total and risk band (Royal College of Physicians, 2017) from "
        "the seven measurements given as options, or from a FHIR Bundle FILE. For checking implementations "
        "(data quality), not for clinical decisions.",
    )
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE", help="a FHIR Bundle (- for standard input)")
    parser.add_argument("--respiration", metavar="N", help="respiration rate per minute")
    parser.add_argument("--spo2", metavar="N", help="oxygen saturation in percent")
    parser.add_argument("--scale", type=int, choices=(1, 2), help="SpO2 scale (2 only by clinical decision)")
    parser.add_argument("--oxygen", choices=("air", "oxygen"), help="on air or supplemental oxygen")
    parser.add_argument("--systolic", metavar="N", help="systolic blood pressure in mmHg")
    parser.add_argument("--pulse", metavar="N", help="pulse per minute")
    parser.add_argument("--consciousness", choices=("A", "C", "V", "P", "U"), help="ACVPU")
    parser.add_argument("--temperature", metavar="N", help="temperature in degrees Celsius")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run_score)


def run_score(args: argparse.Namespace) -> int:
    plain = [name for name in (*_NUMBERS, "oxygen", "consciousness") if getattr(args, name) is not None]
    if args.file is not None:
        if plain:
            return _usage("give either FILE or measurement options, not both")
        return _from_file(args)
    missing = [name for name in (*_NUMBERS, "oxygen", "consciousness") if getattr(args, name) is None]
    if missing:
        return _usage("missing " + ", ".join(f"--{m}" for m in missing) + " (or give a FHIR Bundle FILE)")
    values: dict[str, Decimal] = {}
    for name in _NUMBERS:
        try:
            values[name] = Decimal(getattr(args, name).replace(",", "."))
        except InvalidOperation:
            return _usage(f"--{name} must be a number, not {getattr(args, name)!r}")
        if not values[name].is_finite():
            return _usage(f"--{name} must be a finite number")
    # The same plausible ranges as a Bundle's measurements: a value outside them is a typing or unit
    # mistake, so it is not scored (exit 1 with news2-range, as for a Bundle).
    implausible = [f for f in (_out_of_range(name, values[name], getattr(args, name)) for name in _NUMBERS) if f]
    if implausible:
        _write(args.format, PayloadScore(None, problems=implausible), source="these measurements")
        return EXIT_INVALID
    try:
        assessment = score(
            Measurements(
                oxygen=args.oxygen == "oxygen", consciousness=args.consciousness, scale=args.scale or 1, **values
            )
        )
    except ScoringError as exc:
        return _usage(str(exc))
    _write(args.format, PayloadScore(assessment))
    return EXIT_OK


def _out_of_range(name: str, value: Decimal, given: str) -> Finding | None:
    unit = next(iter(UNITS[name]))  # the options are in the chart's own unit, the first UCUM code listed
    return out_of_range(name, value, f"{given} {unit}", f"--{name}")


def _from_file(args: argparse.Namespace) -> int:
    try:
        data = sys.stdin.buffer.read() if str(args.file) == "-" else args.file.read_bytes()
    except OSError as exc:
        print(f"journalloft news2 score: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    parsed = jsonparse.parse(data, DEFAULT_LIMITS)
    if not parsed.ok or not isinstance(parsed.value, dict):
        for issue in parsed.issues:
            print(for_terminal(f"{args.file}: {issue.code} at {issue.expression}: {issue.message}"), file=sys.stderr)
        return EXIT_INVALID
    result = score_payload(parsed.value, args.scale)
    _write(args.format, result)
    return EXIT_OK if result.computed is not None and result.agrees is not False else EXIT_INVALID


def _write(fmt: str, result: PayloadScore, source: str = "this payload") -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    lines = []
    if result.computed is not None:
        lines.extend(_text(result.computed))
    if result.stated_total is not None:
        # the stated risk code, expressions and messages come from the payload (units, codes): escaped,
        # so a newline in them cannot print a line of its own
        lines.append(f"stated: total {result.stated_total}, risk {for_terminal(str(result.stated_risk))}")
        if result.agrees is not None:
            lines.append(
                "agrees with the stated assessment" if result.agrees else "DISAGREES with the stated assessment"
            )
    lines.extend(f"{p.code} at {for_terminal(p.expression)}: {for_terminal(p.message)}" for p in result.problems)
    if result.computed is None:
        lines.append(f"NEWS2 cannot be computed from {source}.")
    sys.stdout.write("\n".join(lines) + "\n")


def _text(assessment: Assessment) -> list[str]:
    lines = [f"  {key}: {value}" for key, value in assessment.subscores.items()]
    return [
        f"NEWS2 {assessment.total} (risk: {RISK_TITLES[assessment.risk]})",
        *lines,
    ]


def _usage(message: str) -> int:
    print(f"journalloft news2 score: {message}", file=sys.stderr)
    return EXIT_USAGE
