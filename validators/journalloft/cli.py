"""The ``journalloft`` command: parse options, build a checker, hand the report to a reporter.

Exit status: 0 when no input has an error (warnings allowed), 1 when at least one has, 2 for usage
errors, unreadable paths and unknown specs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from journalloft import __version__
from journalloft.inputs import InputError, read_documents, resolve_sources
from journalloft.limits import DEFAULT_LIMITS, Limits
from journalloft.news2 import cli as news2_cli
from journalloft.okt import cli as okt_cli
from journalloft.report import Report
from journalloft.reporters import REPORTERS
from journalloft.requirements import cli as requirements_cli
from journalloft.specs import Registry, SpecError
from journalloft.validation import Checker

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

# One option per field of Limits (--max-depth for max_depth, ...); a test keeps the two in step.
_LIMIT_HELP = {
    "max_depth": "deepest JSON nesting accepted",
    "max_bytes": "largest input accepted, in bytes",
    "max_array_items": "longest JSON array checked item by item",
    "max_string_length": "longest string accepted, in characters",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journalloft",
        description="Validate payloads against the specifications of felles journalløft, offline.",
    )
    parser.add_argument("--version", action="version", version=f"journalloft {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="validate JSON and NDJSON payloads")
    validate.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a file, a directory (all *.json and *.ndjson in it) or - for standard input",
    )
    validate.add_argument(
        "--spec", metavar="ID[@VERSION]", help="validate against this spec (default: detected from the content)"
    )
    validate.add_argument("--format", choices=sorted(REPORTERS), default="text")
    validate.add_argument("--output", metavar="FILE", type=Path, help="write the report here instead of stdout")
    validate.add_argument(
        "--synthetic-only",
        action="store_true",
        help="make every person number that is not from a synthetic test series an error (test environments)",
    )
    _add_spec_dir(validate)
    for name, help_text in _LIMIT_HELP.items():
        default = getattr(DEFAULT_LIMITS, name)
        validate.add_argument(
            "--" + name.replace("_", "-"),
            type=_positive,
            default=default,
            metavar="N",
            help=f"{help_text} (default {default})",
        )
    validate.set_defaults(func=run_validate)

    specs = commands.add_parser("specs", help="list the known specifications and versions")
    specs.add_argument("--format", choices=("text", "json"), default="text")
    _add_spec_dir(specs)
    specs.set_defaults(func=run_specs)

    spec = commands.add_parser("spec", help="author a FHIR spec version: build it from FSH, or package it")
    spec_commands = spec.add_subparsers(dest="spec_command", required=True, metavar="ACTION")
    build = spec_commands.add_parser("build", help="compile FSH with SUSHI (offline) into the spec's generated/")
    build.add_argument("spec_dirs", nargs="+", type=Path, metavar="DIR", help="spec version folder(s)")
    build.add_argument("--check", action="store_true", help="write nothing; exit 1 when generated/ is stale")
    build.set_defaults(func=run_spec_build)
    package = spec_commands.add_parser("package", help="write the spec version as a FHIR package (package.tgz)")
    package.add_argument("spec_dir", type=Path, metavar="DIR")
    package.add_argument("out", type=Path, metavar="OUT.tgz")
    package.set_defaults(func=run_spec_package)

    requirements_cli.register(commands)
    okt_cli.register(commands)
    news2_cli.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (InputError, SpecError) as exc:
        print(f"journalloft: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def run_validate(args: argparse.Namespace) -> int:
    registry = Registry(extra_roots=args.spec_dir)
    limits = Limits(**{name: getattr(args, name) for name in _LIMIT_HELP})
    checker = Checker(registry, args.spec, limits, synthetic_only=args.synthetic_only)
    sources = resolve_sources(args.paths)
    report = Report()
    for source in sources:
        report.results.extend(checker.check(document) for document in read_documents(source))
    _emit(REPORTERS[args.format](report, _want_color(args, sys.stdout)), args.output)
    return EXIT_OK if report.valid else EXIT_INVALID


def run_specs(args: argparse.Namespace) -> int:
    versions = Registry(extra_roots=args.spec_dir).all()
    if args.format == "json":
        print(json.dumps({"specs": [v.to_dict() for v in versions]}, ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max(len(v.key) for v in versions)
    for v in versions:
        print(f"{v.key:<{width}}  {v.kind:<11}  {v.status:<10}  {v.title}")
    return EXIT_OK


def run_spec_build(args: argparse.Namespace) -> int:
    from journalloft.fhir.build import run_build

    return run_build(args.spec_dirs, check=args.check)


def run_spec_package(args: argparse.Namespace) -> int:
    from journalloft.fhir.package import run_package

    return run_package(args.spec_dir, args.out)


def _add_spec_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--spec-dir",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="also load spec versions from DIR/<id>/<version>/spec.yaml (repeatable)",
    )


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{output}: cannot be written ({exc.strerror or exc})") from exc


def _want_color(args: argparse.Namespace, stream: TextIO) -> bool:
    if args.format != "text" or args.output is not None or "NO_COLOR" in os.environ:
        return False
    return stream.isatty()


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return number


if __name__ == "__main__":
    sys.exit(main())
