"""Loading the catalogue for the layers that use it (pages, exports, answers): only a linted one.

Kept apart from lint.py so that a reader of the catalogue depends on "load", not on the rule engine's
module (issue 24); lint still does the work, so a page can never be built from a broken catalogue.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from journalloft.requirements.lint import lint
from journalloft.requirements.model import Catalogue


class CatalogueInvalid(Exception):
    """The catalogue cannot be used: it is missing or the lint finds faults in it."""


def load_catalogue(root: Path, *, commands: argparse.ArgumentParser | None = None) -> Catalogue:
    """The catalogue at ``root``, only if it passes the lint; pages and exports never see a broken one.

    ``commands`` (the CLI's parser) adds the ``command-unknown`` rule; see ``lint``.
    """
    if not (root / "catalogue.yaml").is_file():
        raise CatalogueInvalid(f"ingen catalogue.yaml i {root}")
    result = lint(root, commands=commands)
    if result.catalogue is None:
        first = result.findings[0].format() if result.findings else "ukjent feil"
        raise CatalogueInvalid(
            f"katalogen i {root} har funn fra kontrollen ({len(result.findings)} funn, første: {first}); "
            "kjør `journalloft requirements lint`"
        )
    return result.catalogue
