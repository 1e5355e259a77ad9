"""The ``journalloft`` command: parse options, build a checker, hand the report to a reporter.

Exit status: 0 when no input has an error (warnings allowed), 1 when at least one has, 2 for usage
errors, unreadable paths, unknown specs and output that cannot be written, 3 when the validator itself
failed on at least one input (an ``internal-error`` issue; the other inputs are still checked).

Results are written as they are made (see :mod:`journalloft.reporters`), so a run's memory does not
grow with the number of inputs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from journalloft import __version__, cli_output
from journalloft.argtypes import positive_int
from journalloft.batch import Settings, check_all
from journalloft.escaping import for_terminal
from journalloft.fhir.options import CONTAINED_IDS, FhirOptions
from journalloft.fhir.tx_client import DEFAULT_TIMEOUT, TerminologyServer, check_server_url
from journalloft.i18n import LANGS
from journalloft.inputs import InputError, read_documents, resolve_sources
from journalloft.limits import DEFAULT_LIMITS, MAX_DEPTH_CEILING, Limits
from journalloft.news2 import cli as news2_cli
from journalloft.okt import cli as okt_cli
from journalloft.progress import Progress
from journalloft.report import Tally
from journalloft.reporters import REPORTERS
from journalloft.reporters.base import TextSink
from journalloft.requirements import cli as requirements_cli
from journalloft.service import cli as service_cli
from journalloft.specs import Registry, SpecError
from journalloft.testkit import cli as testkit_cli

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

# One option per field of Limits (--max-depth for max_depth, ...); a test keeps the two in step.
_LIMIT_HELP = {
    "max_depth": "deepest JSON nesting accepted",
    "max_bytes": "largest input accepted, in bytes",
    "max_array_items": "longest JSON array checked item by item",
    "max_string_length": "longest string accepted, in characters",
    "max_number_length": "longest number accepted, in characters",
    "max_number_exponent": "largest exponent of a number in scientific notation",
    "max_issues": "most issues listed per input",
}
_LIMIT_CEILING = {"max_depth": MAX_DEPTH_CEILING}


class OutputError(Exception):
    """The report cannot be written (a full disk, a closed pipe); exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journalloft",
        description="Validate payloads against the specifications of felles journalløft, offline.",
    )
    parser.add_argument("--version", action="version", version=f"journalloft {__version__}")
    # Also before the command (journalloft --lang nb validate ...). Its own dest: a subcommand's --lang
    # default would overwrite a shared one. main() hands it to the command unless that has its own.
    parser.add_argument(
        "--lang",
        dest="global_lang",
        choices=LANGS,
        default=None,
        help="language of the messages of validate and serve (default en); also accepted after the command",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    _add_validate_command(commands)
    _add_specs_command(commands)
    _add_spec_command(commands)
    requirements_cli.register(commands, whole_cli=build_parser)
    okt_cli.register(commands)
    news2_cli.register(commands)
    service_cli.register(commands)
    testkit_cli.register(commands)
    return parser


def _add_validate_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    validate.add_argument(
        "--ig",
        metavar="PATH",
        action="append",
        default=[],
        help="load a FHIR package (.tgz or folder) or a SUSHI project folder; its profiles apply when "
        "claimed in meta.profile (repeatable)",
    )
    validate.add_argument("--format", choices=sorted(REPORTERS), default="text")
    validate.add_argument("--output", metavar="FILE", type=Path, help="write the report here instead of stdout")
    validate.add_argument(
        "--synthetic-only",
        action="store_true",
        help="make every person number that is not from a synthetic test series an error (test environments)",
    )
    validate.add_argument(
        "--dask",
        metavar="ADDRESS",
        type=_dask_address,
        help="check NDJSON files on a Dask cluster: a scheduler address (tcp://HOST:8786) or local:N for N "
        "worker processes here; needs journalloft[dask]",
    )
    validate.add_argument(
        "--results-dir",
        metavar="DIR",
        type=Path,
        help="with --dask: each worker also writes its block's results to DIR/part-NNNNNN.ndjson",
    )
    validate.add_argument(
        "--strict-identifiers",
        action="store_true",
        help="make a Norwegian identifier with a wrong form or check digit (no-id-format, no-id-check-digits) an "
        "error everywhere; without it they are errors only under a spec that requires valid identifiers "
        "(okt, okt-prototype, news2, helseid-tillitsrammeverk) and warnings under base R4 and --ig",
    )
    _add_fhir_options(validate)
    _add_spec_dir(validate)
    cli_output.add_options(validate)
    _add_limit_options(validate)
    validate.set_defaults(func=run_validate)


def _add_limit_options(parser: argparse.ArgumentParser) -> None:
    """One option per resource limit, its default and ceiling shown in the help."""
    for name, help_text in _LIMIT_HELP.items():
        default = getattr(DEFAULT_LIMITS, name)
        ceiling = _LIMIT_CEILING.get(name)
        parser.add_argument(
            "--" + name.replace("_", "-"),
            type=positive_int if ceiling is None else _at_most(ceiling),
            default=default,
            metavar="N",
            help=f"{help_text} (default {default}" + (f", at most {ceiling})" if ceiling else ")"),
        )


def _add_specs_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    specs = commands.add_parser("specs", help="list the known specifications and versions")
    specs.add_argument("--format", choices=("text", "json"), default="text")
    _add_spec_dir(specs)
    specs.set_defaults(func=run_specs)


def _add_spec_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The spec authoring actions: build from FSH, package."""
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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.global_lang is not None and getattr(args, "lang", None) is None:
        args.lang = args.global_lang  # --lang after the command wins over --lang before it
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:  # a terminal that is not UTF-8 gets escapes, not UnicodeEncodeError
        reconfigure(errors="backslashreplace")
    try:
        return int(args.func(args))
    except (InputError, SpecError) as exc:
        print(f"journalloft: {for_terminal(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as exc:
        _silence_stdout()
        print(f"journalloft: {for_terminal(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: a failure outside any one input is one line, exit 3
        print(
            f"journalloft: internal error ({type(exc).__name__}: {for_terminal(str(exc))[:300]}); please report it",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def run_validate(args: argparse.Namespace) -> int:
    cli_output.resolve(args)  # config file, --lang, --ignore, --min-severity, --jobs
    limits = Limits(**{name: getattr(args, name) for name in _LIMIT_HELP})
    settings = Settings(
        args.spec,
        limits,
        args.synthetic_only,
        tuple(args.spec_dir),
        args.policy,
        args.lang,
        tuple(args.ig),
        docs_base=args.docs_url,
        strict_identifiers=args.strict_identifiers,
        fhir_options=_fhir_options(args),
    )
    # Built here first: an unknown spec or an IG that cannot be loaded fails before any work.
    checker = settings.checker()
    for ig in checker.igs:
        for message in ig.warnings:  # SUSHI's warnings on a published IG: reported, not fatal
            print(f"journalloft: {ig.label}: SUSHI {for_terminal(message)}", file=sys.stderr)
    sources = resolve_sources(args.paths)
    if args.results_dir is not None and args.dask is None:
        raise InputError("--results-dir is written by the workers of --dask; give --dask too")
    if args.dask is not None:
        from journalloft.cluster import dask_results

        results = dask_results(args.dask, sources, settings, results_dir=args.results_dir)
    else:
        documents = (doc for source in sources for doc in read_documents(source, max_bytes=limits.max_bytes))
        results = check_all(settings, documents, args.jobs, checker=checker)
    tally = Tally()
    progress = Progress.for_run(sys.stderr, machine_format=args.format != "text")
    with _output(args.output) as stream:
        config = None if args.config_path is None else str(args.config_path)
        reporter = REPORTERS[args.format](
            stream,
            _want_color(args, sys.stdout),
            lang=args.lang,
            docs_base=args.docs_url,
            config=config,
            verbose=args.verbose,
        )
        reporter.start()
        try:
            for result in results:
                tally.add(result)
                progress.clear()
                reporter.result(result)
                progress.step()
        except InputError:
            progress.clear()
            reporter.finish(tally)  # a file that vanished mid-run: close the output so it still parses
            raise
        progress.clear()
        reporter.finish(tally)
    if tally.internal_errors:
        return EXIT_INTERNAL
    return EXIT_OK if tally.all_valid else EXIT_INVALID


def _dask_address(value: str) -> str:
    from journalloft.cluster import parse_address

    try:
        return parse_address(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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


def _extension_domain(text: str) -> str:
    """A URL prefix (https://fhir.nhs.uk/StructureDefinition) or a host name (fhir.nhs.uk)."""
    domain = text.strip()
    if not domain or any(c.isspace() for c in domain):
        raise argparse.ArgumentTypeError(f"not a URL prefix or host name: {text!r}")
    return domain


def _add_fhir_options(parser: argparse.ArgumentParser) -> None:
    """Relaxations of the rules HL7's validator applies by default (HL7's option names in the help)."""
    parser.add_argument(
        "--allow-extension-domain",
        action="append",
        type=_extension_domain,
        default=[],
        metavar="DOMAIN",
        help="allow extensions with an unknown definition whose URL starts with DOMAIN (a URL prefix) or is on "
        "host DOMAIN; without it such an extension is an error (HL7: -extension DOMAIN; repeatable)",
    )
    parser.add_argument(
        "--any-extension",
        action="store_true",
        help="allow every extension whose definition is unknown (HL7: -extension any)",
    )
    parser.add_argument(
        "--allow-example-urls",
        action="store_true",
        help="allow URLs in domains reserved for examples (example.org, example.com, ...) in Attachment.url and "
        "extension URLs; without it they are errors (HL7: -allow-example-urls true)",
    )
    parser.add_argument(
        "--display-issues-are-warnings",
        action="store_true",
        help="make a wrong display of a code from a code system HL7 publishes a warning, not an error "
        "(HL7: -display-issues-are-warnings)",
    )
    parser.add_argument(
        "--no-html-in-markdown",
        action="store_true",
        help="make a markdown value that holds what looks like an HTML tag an error (HL7: -html-in-markdown error)",
    )
    parser.add_argument(
        "--contained-ids",
        choices=CONTAINED_IDS,
        default="check",
        help="ignore: do not report the id form of contained resources nor whether they are referenced (dom-3) "
        "(HL7's validateContains IGNORE; default check)",
    )
    parser.add_argument(
        "--tx",
        type=_tx_url,
        metavar="URL",
        help="ask the FHIR R4 terminology server at URL (CodeSystem/$validate-code) about codes of code systems "
        "not available offline (LOINC, SNOMED CT, ...); without it no request is made and such codes are "
        "reported as not checked (fhir-code-not-checked, shown with --verbose) (HL7: -tx URL; offline: -tx n/a)",
    )
    parser.add_argument(
        "--tx-timeout",
        type=_positive_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait for the terminology server's answer (default {DEFAULT_TIMEOUT:g}); a server that "
        "does not answer is reported once (fhir-tx-unavailable) and not asked again in the run",
    )


def _tx_url(text: str) -> str:
    try:
        return check_server_url(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError("must be a positive number of seconds")
    return seconds


def _fhir_options(args: argparse.Namespace) -> FhirOptions:
    return FhirOptions(
        allowed_extension_domains=tuple(args.allow_extension_domain),
        any_extension=args.any_extension,
        allow_example_urls=args.allow_example_urls,
        display_issues_are_warnings=args.display_issues_are_warnings,
        no_html_in_markdown=args.no_html_in_markdown,
        contained_ids=args.contained_ids,
        terminology_server=TerminologyServer(args.tx, args.tx_timeout) if args.tx else None,
    )


def _add_spec_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--spec-dir",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="also load spec versions from DIR/<id>/<version>/spec.yaml (repeatable)",
    )


class _Sink:
    """A text stream whose write failures (ENOSPC, EPIPE, ...) become :class:`OutputError`."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self._stream = stream
        self._name = name

    def write(self, text: str, /) -> int:
        try:
            return self._stream.write(text)
        except OSError as exc:
            raise OutputError(f"{self._name}: cannot be written ({exc.strerror or exc})") from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as exc:
            raise OutputError(f"{self._name}: cannot be written ({exc.strerror or exc})") from exc


class _output:
    """The report's stream: stdout, or the --output file (written as UTF-8)."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._file: TextIO | None = None

    def __enter__(self) -> TextSink:
        if self._path is None:
            return _Sink(sys.stdout, "standard output")
        try:
            self._file = self._path.open("w", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{self._path}: cannot be written ({exc.strerror or exc})") from exc
        return _Sink(self._file, str(self._path))

    def __exit__(self, *exc_info: object) -> None:
        sink = _Sink(self._file or sys.stdout, str(self._path or "standard output"))
        try:
            sink.flush()
        finally:
            if self._file is not None:
                with contextlib.suppress(OSError):  # the flush above has already reported the failure
                    self._file.close()


def _silence_stdout() -> None:
    """After a failed write to stdout, point it at the null device so the exit flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _want_color(args: argparse.Namespace, stream: TextIO) -> bool:
    if args.format != "text" or args.output is not None or "NO_COLOR" in os.environ:
        return False
    return stream.isatty()


def _at_most(ceiling: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = positive_int(value)
        if number > ceiling:
            raise argparse.ArgumentTypeError(f"{number} is above what the validator can hold (at most {ceiling})")
        return number

    return parse


if __name__ == "__main__":
    sys.exit(main())
