"""``journalloft serve``: run the validation service with uvicorn (the optional ``serve`` extra)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from journalloft.argtypes import positive_int
from journalloft.i18n import LANGS
from journalloft.limits import MAX_DEPTH_CEILING
from journalloft.specs import Registry

MAX_WORKERS = 64


def register(commands: Any) -> None:
    serve = commands.add_parser("serve", help="run the validation service over HTTP (needs journalloft[serve])")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    serve.add_argument(
        "--max-body-bytes", type=positive_int, default=10 * 1024 * 1024, metavar="N", help="largest request body"
    )
    serve.add_argument(
        "--max-depth",
        type=positive_int,
        default=100,
        metavar="N",
        help=f"deepest JSON nesting (at most {MAX_DEPTH_CEILING})",
    )
    serve.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="time per request (default 10)")
    serve.add_argument(
        "--workers",
        type=int,
        default=2,
        metavar="N",
        help="validation worker processes, 0-64 (default 2; 0: a thread that a timeout cannot stop)",
    )
    serve.add_argument(
        "--read-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="time for a request's head, and for its body, to arrive (default 10)",
    )
    serve.add_argument(
        "--max-buffered-bytes",
        type=positive_int,
        default=100 * 1024 * 1024,
        metavar="N",
        help="all request bodies held at once (default 100 MiB); more gets 503",
    )
    serve.add_argument(
        "--max-connections",
        type=positive_int,
        default=256,
        metavar="N",
        help="open connections at once (default 256); a request on one more gets 503 at once",
    )
    serve.add_argument(
        "--spec-dir", action="append", type=Path, default=[], metavar="DIR", help="also load spec versions from DIR"
    )
    serve.add_argument(
        "--reference",
        metavar="SPEC",
        help="run the in-memory reference server of a FHIR API spec instead (okt: the OKT FHIR API, seeded with "
        "synthetic examples), for `journalloft testkit`",
    )
    serve.add_argument(
        "--require-token",
        metavar="TOKEN",
        help="with --reference: every FHIR request but /metadata needs Authorization: Bearer TOKEN",
    )
    serve.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help="language of the findings when a request's Accept-Language names neither nb/no/nn nor en (default en)",
    )
    serve.add_argument("--log-level", choices=("critical", "error", "warning", "info", "debug"), default="info")
    serve.add_argument("--no-access-log", action="store_true", help="do not log one line per request")
    serve.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn
    except ImportError:
        print("journalloft: serve needs the optional server: pip install 'journalloft[serve]'", file=sys.stderr)
        return 2
    from journalloft.service.app import Service, ServiceConfig

    if args.max_depth > MAX_DEPTH_CEILING or args.timeout <= 0 or args.read_timeout <= 0:
        print(
            f"journalloft: --max-depth is at most {MAX_DEPTH_CEILING}; --timeout and --read-timeout are positive",
            file=sys.stderr,
        )
        return 2
    if not 0 <= args.workers <= MAX_WORKERS:
        print(f"journalloft: --workers is 0 to {MAX_WORKERS}", file=sys.stderr)
        return 2
    if args.reference is not None:
        return _run_reference(args, uvicorn)
    if args.require_token is not None:
        print("journalloft: --require-token belongs to --reference", file=sys.stderr)
        return 2
    config = ServiceConfig(
        args.max_body_bytes,
        args.max_depth,
        args.timeout,
        tuple(args.spec_dir),
        workers=args.workers,
        read_timeout=args.read_timeout,
        max_buffered_bytes=args.max_buffered_bytes,
        lang=args.lang or "en",
    )
    _run_uvicorn(uvicorn, Service(config), args)
    return 0


def _run_uvicorn(uvicorn: Any, app: Any, args: argparse.Namespace) -> None:
    """Serve ``app`` with the hardening both the service and the reference server need."""
    from journalloft.service.protocol import with_head_timeout

    uvicorn.run(
        app,
        http=with_head_timeout(args.read_timeout),
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        access_log=not args.no_access_log,
        server_header=False,
        # Each open connection holds up to uvicorn's read buffer besides what --max-buffered-bytes counts;
        # bounding the connections bounds that too (300 stalled uploads grew the service by 232 MB).
        limit_concurrency=args.max_connections,
    )


def _run_reference(args: argparse.Namespace, uvicorn: Any) -> int:
    """``serve --reference SPEC``: the reference server (imported here: the service does not depend on it)."""
    from journalloft.specs import SpecError
    from journalloft.testkit.reference import REFERENCE_SPECS, ReferenceServer

    if args.reference.partition("@")[0] not in REFERENCE_SPECS:
        print(
            f"journalloft: --reference {args.reference[:40]}: there is a reference server for "
            f"{', '.join(REFERENCE_SPECS)} only",
            file=sys.stderr,
        )
        return 2
    try:
        app = ReferenceServer(
            args.reference, token=args.require_token, registry=Registry(extra_roots=args.spec_dir)
        )
    except SpecError as exc:
        print(f"journalloft: --reference: {exc}", file=sys.stderr)
        return 2
    print(f"journalloft: reference server for {app.spec.key} on http://{args.host}:{args.port}", file=sys.stderr)
    _run_uvicorn(uvicorn, app, args)  # the same read timeout and connection bound as the service
    return 0
