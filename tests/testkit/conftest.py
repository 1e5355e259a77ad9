from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kit_helpers import serving


@pytest.fixture(scope="module")
def good_server() -> Iterator[str]:
    with serving() as url:
        yield url
