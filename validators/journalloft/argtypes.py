"""Argument types shared by the command-line entry points (``journalloft`` and ``journalloft serve``)."""

from __future__ import annotations

import argparse


def positive_int(value: str) -> int:
    """A whole number above zero, or an argparse error that says which rule the value broke."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return number
