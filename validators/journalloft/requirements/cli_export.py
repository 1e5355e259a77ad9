"""The ``requirements export`` handler: argument checking and writing the chosen format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journalloft.requirements.export import to_csv, to_json, to_xlsx
from journalloft.requirements.lint import CatalogueInvalid, load_catalogue
from journalloft.requirements.selection import Selection, SelectionError, resolve_version, select

EXIT_OK = 0
EXIT_USAGE = 2


def selection_from_args(args: argparse.Namespace) -> Selection:
    ids = tuple(part.strip() for part in (args.ids or "").split(",") if part.strip())
    return Selection(
        ids=ids,
        categories=tuple(args.category),
        levels=tuple(args.level),
        tender_uses=tuple(args.tender_use),
        service_areas=tuple(args.service_area),
        text=(args.text or "").strip(),
    )


def run_export(args: argparse.Namespace, root: Path) -> int:
    if args.format == "xlsx" and args.output is None:
        print("error: --output FILE is required for --format xlsx", file=sys.stderr)
        return EXIT_USAGE
    try:
        catalogue = load_catalogue(root)
        version = resolve_version(catalogue, args.catalogue_version)
        selection = selection_from_args(args)
        requirements = select(catalogue, version, selection)
    except (CatalogueInvalid, SelectionError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    described = selection.describe()
    if args.format == "xlsx":
        payload: bytes = to_xlsx(catalogue, version, requirements, described)
    elif args.format == "csv":
        payload = to_csv(catalogue, version, requirements).encode("utf-8")
    else:
        payload = to_json(catalogue, version, requirements, described).encode("utf-8")
    if args.output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        try:
            args.output.write_bytes(payload)
        except OSError as exc:
            print(f"error: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
        print(
            f"wrote {len(requirements)} requirement(s) of version {version.version} to {args.output}", file=sys.stderr
        )
    return EXIT_OK
