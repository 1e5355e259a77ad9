"""YAML read from user files without aliases, so a few hundred bytes cannot expand into gigabytes.

A YAML alias (``*name``) repeats the node its anchor (``&name``) named. Nine levels of ten aliases
each make a 558-byte file hold 10⁹ strings: loading it is cheap, but the first walk over the value
(a schema check, an error message that quotes it) runs for minutes and ends in MemoryError. No file
the validator reads (tender sets, answer files, catalogues, ``spec.yaml``) needs an alias, so an
alias is refused where it stands: :class:`YamlAliasError` is a :class:`yaml.MarkedYAMLError`, so
every caller's ``except yaml.YAMLError`` already reports it with its line and column. Anchors alone
are harmless and allowed.

The C parser (libyaml) is used when PyYAML has it: its events are composed by PyYAML's own
composer, with the one check added.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

ALIAS_PROBLEM = "aliases (*name) are not accepted: write the value out where it is used"


class YamlAliasError(yaml.MarkedYAMLError):
    """An alias in a file read through this module; the mark says where it stands."""


class _NoAliases:
    """Composer mixin: an alias event is an error at its own position."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            raise YamlAliasError(None, None, ALIAS_PROBLEM, event.start_mark)
        return super().compose_node(parent, index)  # type: ignore[misc]


class NoAliasLoader(_NoAliases, yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses aliases (pure Python)."""


def _fast_loader() -> type:
    """libyaml's parser, PyYAML's composer (which calls the check above), the safe constructor."""
    parser: Any = getattr(yaml, "cyaml", None) and getattr(yaml.cyaml, "CParser", None)
    if parser is None:  # pragma: no cover - PyYAML built without libyaml (as in Pyodide)
        return NoAliasLoader

    class NoAliasCLoader(_NoAliases, Composer, parser, SafeConstructor, Resolver):
        def __init__(self, stream: str) -> None:
            parser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    return NoAliasCLoader


FAST_LOADER: type = _fast_loader()


def load(text: str) -> Any:
    """Like ``yaml.safe_load``, refusing aliases (:class:`YamlAliasError`)."""
    return yaml.load(text, Loader=FAST_LOADER)


def compose(text: str) -> yaml.Node | None:
    """Like ``yaml.compose(text, Loader=yaml.SafeLoader)``, refusing aliases (:class:`YamlAliasError`).

    Pure Python on purpose: libyaml marks a plain scalar's style ``''`` where PyYAML's parser gives
    None, and callers of the node graph (the catalogue lint) tell plain scalars by that style.
    """
    return yaml.compose(text, Loader=NoAliasLoader)
