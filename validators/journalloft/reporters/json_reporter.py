"""``--format json``: the documented machine-readable contract."""

from __future__ import annotations

import json

from journalloft.report import Report


def render(report: Report, color: bool = False) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
