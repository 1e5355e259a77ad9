"""Turn the check of one Norwegian identifier into issues (``no-id-*``), for JSON rules and FHIR alike."""

from __future__ import annotations

from collections.abc import Iterable

from journalloft.identifiers import NAMES, IdKind, Problem, check_identifier
from journalloft.issues import Issue, error, warning

NOT_SYNTHETIC_KINDS = frozenset({IdKind.FNR, IdKind.DNR, IdKind.HNR})
"""Person numbers that ``synthetic_only`` requires to come from a synthetic series (FHN has none)."""


def identifier_issues(
    value: str, accept: Iterable[IdKind], expression: str, *, synthetic_only: bool, strict: bool = True
) -> list[Issue]:
    """The issues for ``value`` at ``expression``: none when it is a valid identifier of an accepted kind.

    ``strict``: the spec in use requires valid Norwegian identifiers (or ``--strict-identifiers``), so
    a wrong form or check digit is an error; otherwise it is a warning, as placeholders like
    "210377xxxxx" in published base-profile examples are not wrong where nothing requires more.
    """
    result = check_identifier(value, accept)
    finding = error if strict else warning
    if result.problem is Problem.FORMAT:
        return [finding("no-id-format", expression, f"{shown(value)} is not accepted here: {result.detail}.")]
    if result.problem is Problem.CHECK_DIGITS:
        name = NAMES[result.kind] if result.kind else "identifier"
        return [finding("no-id-check-digits", expression, f"Invalid {name} {shown(value)}: {result.detail}.")]
    if synthetic_only and result.kind in NOT_SYNTHETIC_KINDS and not result.synthetic:
        return [
            error(
                "no-id-not-synthetic",
                expression,
                f"{NAMES[result.kind]} {value[:6]}***** is not from a synthetic test series "
                "(NHN: month + 65, Tenor: month + 80); test data must not hold real person numbers.",
            )
        ]
    return []


def shown(value: str) -> str:
    """The value for a message, cut short: a hostile payload may put megabytes in an identifier."""
    return repr(value) if len(value) <= 24 else repr(value[:20]) + f" … ({len(value)} characters)"
