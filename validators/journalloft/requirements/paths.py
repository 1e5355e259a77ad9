"""Where the catalogue and its schemas live, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def default_root() -> Path:
    """``specs/requirements`` of the checkout, or the copy the wheel carries under ``journalloft/_specs``."""
    checkout = _PACKAGE.parents[2] / "specs" / "requirements"
    if checkout.is_dir():
        return checkout
    return _PACKAGE.parent / "_specs" / "requirements"


def schema_dir(root: Path) -> Path:
    """The schemas that belong to a catalogue root; fixture catalogues fall back to the shipped ones."""
    own = root / "schema"
    if (own / "catalogue.schema.json").is_file():
        return own
    return default_root() / "schema"
