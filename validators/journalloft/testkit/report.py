"""The JSON report's seal and its check (``journalloft testkit verify``).

Two SHA-256 sums over canonical JSON (keys sorted, no spaces, UTF-8): ``exchangesSha256`` over every
recorded request and response, and ``reportSha256`` over the whole report except that field. No keys
are involved: the sums show that a report was not changed after it was made (an edited verdict, a
removed exchange), and whoever doubts the run itself reruns the kit against the same server.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

REPORT_FIELDS = ("kit", "kitVersion", "spec", "specVersion", "baseUrl", "started", "finished", "summary", "tests")
_STATUSES = ("pass", "fail", "skip")


def digest(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def seal(report: dict[str, Any]) -> dict[str, Any]:
    """``report`` with both sums set (any earlier sums replaced)."""
    sealed = {k: v for k, v in report.items() if k not in ("exchangesSha256", "reportSha256")}
    sealed["exchangesSha256"] = digest(sealed.get("exchanges", []))
    sealed["reportSha256"] = digest(sealed)
    return sealed


def problems(report: Any) -> list[str]:
    """Why ``report`` does not verify (empty: it does). Norwegian, one line each."""
    if not isinstance(report, dict):
        return ["Rapporten er ikke et JSON-objekt."]
    found = [
        f"Feltet {name} mangler."
        for name in (*REPORT_FIELDS, "exchanges", "exchangesSha256", "reportSha256")
        if name not in report
    ]
    if found:
        return found
    if digest(report["exchanges"]) != report["exchangesSha256"]:
        found.append("exchangesSha256 stemmer ikke med forespørslene og svarene i rapporten.")
    body = {k: v for k, v in report.items() if k != "reportSha256"}
    if digest(body) != report["reportSha256"]:
        found.append("reportSha256 stemmer ikke: rapporten er endret etter kjøringen.")
    tests = report["tests"] if isinstance(report["tests"], list) else []
    counts = {s: sum(1 for t in tests if isinstance(t, dict) and t.get("status") == s) for s in _STATUSES}
    summary = report["summary"] if isinstance(report["summary"], dict) else {}
    if any(summary.get(s) != counts[s] for s in _STATUSES):
        found.append(f"Oppsummeringen {summary} stemmer ikke med testene ({counts}).")
    if summary.get("result") != ("fail" if counts["fail"] else "pass"):
        found.append("Oppsummeringens resultat stemmer ikke med testene.")
    size = len(report["exchanges"]) if isinstance(report["exchanges"], list) else 0
    for test in tests:
        indices = test.get("exchanges", []) if isinstance(test, dict) else []
        if any(not isinstance(i, int) or not 0 <= i < size for i in indices):
            found.append(f"Testen {test.get('id')} viser til forespørsler som ikke er i rapporten.")
    return found
