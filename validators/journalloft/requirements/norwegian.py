"""Counted nouns in Norwegian bokmål: "1 svarrad", "8 svarrader", never "svarrad(er)"."""

from __future__ import annotations


def count_nb(count: int, singular: str, plural: str) -> str:
    """``count`` with the noun in the form the number takes (singular only for exactly one)."""
    return f"{count} {singular if count == 1 else plural}"
