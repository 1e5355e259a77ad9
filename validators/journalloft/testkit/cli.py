"""``journalloft testkit okt --base-url URL``, ``testkit verify REPORT`` and ``testkit render REPORT``.

Exit status, as the rest of the CLI: ``okt`` gives 0 when no test failed (skips allowed), 1 when one
did, 2 for usage errors (a bad address, a server that cannot be reached at all, an output that cannot
be written). ``verify`` gives 0 when the report verifies, 1 when it does not, 2 when it cannot be
read; ``render`` writes a report that verifies as text, JUnit or HTML (1 when it does not verify).

The token comes from ``--token`` or the environment variable ``JOURNALLOFT_TESTKIT_TOKEN`` (better in CI:
it stays out of the process list); it is sent, never written anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from journalloft.escaping import for_terminal

TOKEN_ENV = "JOURNALLOFT_TESTKIT_TOKEN"
KIT_SPECS = ("okt",)


def register(commands: Any) -> None:
    testkit = commands.add_parser("testkit", help="test a running API against its spec (conformance test kit)")
    actions = testkit.add_subparsers(dest="testkit_command", required=True, metavar="SPEC|verify|render")
    for spec in KIT_SPECS:
        run = actions.add_parser(spec, help=f"run the {spec} scenarios against a server")
        run.add_argument(
            "--base-url", required=True, metavar="URL", help="the FHIR base address, e.g. http://127.0.0.1:8080"
        )
        run.add_argument(
            "--token", metavar="TOKEN", help=f"access token sent as Bearer (or set {TOKEN_ENV}); never stored"
        )
        run.add_argument("--format", choices=("text", "json", "junit", "html"), default="text")
        run.add_argument("--output", type=Path, metavar="FILE", help="write the report here instead of stdout")
        run.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS", help="time per request (default 30)")
        run.add_argument(
            "--spec-dir", action="append", type=Path, default=[], metavar="DIR", help="also load spec versions from DIR"
        )
        run.add_argument(
            "--seed", type=int, help="choose the synthetic person reproducibly (default: a new one per run)"
        )
        run.set_defaults(func=run_kit_command, kit_spec=spec)
    verify = actions.add_parser("verify", help="check a JSON report's SHA-256 sums and its summary")
    verify.add_argument("report", type=Path, metavar="REPORT")
    verify.set_defaults(func=run_verify)
    render = actions.add_parser("render", help="write a verified JSON report as text, JUnit or HTML")
    render.add_argument("report", type=Path, metavar="REPORT")
    render.add_argument("--format", choices=("text", "junit", "html"), default="text")
    render.add_argument("--output", type=Path, metavar="FILE", help="write here instead of stdout")
    render.set_defaults(func=run_render)


def run_kit_command(args: argparse.Namespace) -> int:
    from journalloft.specs import Registry, SpecError
    from journalloft.testkit.client import BadBaseUrl, Unreachable
    from journalloft.testkit.render import RENDERERS
    from journalloft.testkit.runner import run_kit

    if args.timeout <= 0:
        return _usage("--timeout is a positive number of seconds")
    token = args.token if args.token is not None else os.environ.get(TOKEN_ENV) or None
    address = urlsplit(args.base_url)
    if token is not None and address.scheme == "http" and address.hostname not in ("127.0.0.1", "localhost", "::1"):
        print("journalloft: warning: the token is sent unencrypted over http://; use https://", file=sys.stderr)
    try:
        report = run_kit(
            args.base_url,
            spec=args.kit_spec,
            token=token,
            registry=Registry(extra_roots=args.spec_dir),
            seed=args.seed,
            timeout=args.timeout,
        )
    except (BadBaseUrl, SpecError) as exc:
        return _usage(str(exc))
    except Unreachable as exc:
        return _usage(f"the server does not answer ({exc}); is --base-url right and the server running?")
    if _write(RENDERERS[args.format](report), args.output):
        return 2
    if args.output is not None:
        summary = report["summary"]
        print(
            f"journalloft: {summary['pass']} passed, {summary['fail']} failed, {summary['skip']} skipped; "
            f"report in {args.output}",
            file=sys.stderr,
        )
    return 1 if report["summary"]["fail"] else 0


def run_verify(args: argparse.Namespace) -> int:
    from journalloft.testkit.report import problems

    report = _read(args.report)
    if report is None:
        return 2
    found = problems(report)
    if not found:
        print(f"{args.report}: verifies (reportSha256 {report['reportSha256']}, result {report['summary']['result']})")
        return 0
    for problem in found:
        print(f"{args.report}: {problem}", file=sys.stderr)
    return 1


def run_render(args: argparse.Namespace) -> int:
    """Another format of a report that verifies (a report that does not is refused: exit 1)."""
    from journalloft.testkit.render import RENDERERS
    from journalloft.testkit.report import problems

    report = _read(args.report)
    if report is None:
        return 2
    found = problems(report)
    if found:
        for problem in found:
            print(f"{args.report}: {problem}", file=sys.stderr)
        return 1
    return 2 if _write(RENDERERS[args.format](report), args.output) else 0


def _read(path: Path) -> Any:
    """The parsed report, or None after printing why it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        _usage(f"{path}: cannot be read ({exc.strerror or exc})")
    except ValueError as exc:
        _usage(f"{path}: not a JSON report ({exc})")
    return None


def _write(text: str, output: Path | None) -> bool:
    """Write to ``output`` or stdout; True (after printing why) when the file cannot be written."""
    if output is None:
        sys.stdout.write(text)
        return False
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _usage(f"{output}: cannot be written ({exc.strerror or exc})")
        return True
    return False


def _usage(message: str) -> int:
    print(f"journalloft: {for_terminal(message)}", file=sys.stderr)
    return 2
