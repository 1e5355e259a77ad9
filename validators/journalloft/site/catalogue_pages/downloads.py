"""The files the site offers for download: xlsx, csv and json of every published version."""

from __future__ import annotations

from journalloft.requirements.export import to_csv, to_json, to_xlsx
from journalloft.requirements.model import Catalogue
from journalloft.requirements.selection import Selection, select
from journalloft.site.catalogue_pages.page_parts import download_name


def download_files(catalogue: Catalogue) -> dict[str, bytes]:
    """``{docs-relative path: content}`` for every published version and format."""
    files: dict[str, bytes] = {}
    everything = Selection()
    for version in catalogue.published_versions:
        chosen = select(catalogue, version, everything)
        described = everything.describe()
        files[download_name(catalogue, version, "xlsx")] = to_xlsx(catalogue, version, chosen, described)
        files[download_name(catalogue, version, "csv")] = to_csv(catalogue, version, chosen).encode("utf-8")
        files[download_name(catalogue, version, "json")] = to_json(catalogue, version, chosen, described).encode()
    return files
