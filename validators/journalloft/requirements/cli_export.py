"""The ``requirements export`` handler: argument checking and writing the chosen format."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from journalloft.requirements.export import Choices, to_csv, to_json, to_xlsx
from journalloft.requirements.load import CatalogueInvalid, load_catalogue
from journalloft.requirements.model import Catalogue, Requirement, Version
from journalloft.requirements.selection import Selection, SelectionError, resolve_version, select
from journalloft.requirements.tender_set import TenderSetError, read_tender_set, resolve_tender_set

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


def _chosen(
    args: argparse.Namespace, catalogue: Catalogue
) -> tuple[Version, tuple[Requirement, ...], str, Choices | None]:
    """The version, requirements, selection text and kravtypes: from ``--set FILE`` or from the filters."""
    selection = selection_from_args(args)
    if args.tender_set is None:
        version = resolve_version(catalogue, args.catalogue_version)
        return version, select(catalogue, version, selection), selection.describe(), None
    if not selection.is_everything:
        raise SelectionError("--set FIL angir kravene selv; utelat --ids og filtrene")
    tender_set = read_tender_set(args.tender_set)
    version, requirements = resolve_tender_set(catalogue, tender_set, args.catalogue_version)
    described = f"kommunens utvalg ({args.tender_set.name})"
    if tender_set.title:
        described = f"{tender_set.title}: {described}"
    return version, requirements, described, tender_set.by_id()


def run_export(args: argparse.Namespace, root: Path) -> int:
    if args.format == "xlsx" and args.output is None:
        print("feil: --output FIL må oppgis for --format xlsx", file=sys.stderr)
        return EXIT_USAGE
    try:
        catalogue = load_catalogue(root)
        version, requirements, described, choices = _chosen(args, catalogue)
    except (CatalogueInvalid, SelectionError, TenderSetError) as exc:
        print(f"feil: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not requirements:
        # An empty annex looks like a finished file; refuse it so the filter can be widened instead.
        print(
            f"feil: ingen krav i versjon {version.version} passer med utvalget ({described}); "
            "utvid filtrene eller kontroller ID-ene",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.format == "xlsx":
        payload: bytes = to_xlsx(catalogue, version, requirements, described, choices)
    elif args.format == "csv":
        payload = to_csv(catalogue, version, requirements, choices, args.csv_dialect).encode("utf-8")
    else:
        payload = to_json(catalogue, version, requirements, described, choices).encode("utf-8")
    if args.output is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    else:
        try:
            args.output.write_bytes(payload)
        except OSError as exc:
            print(f"feil: kan ikke skrive {args.output}: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
        print(f"skrev {len(requirements)} krav fra versjon {version.version} til {args.output}", file=sys.stderr)
    return EXIT_OK
