"""Run the derived scenarios against a server, in order, and collect the report.

A scenario whose prerequisite did not pass is skipped with the reason; anything a scenario raises
besides Failed and Skipped (a response of a shape nobody expected) fails that scenario, never the run.
Only a server that cannot be reached at all on the first request stops the run (:class:`Unreachable`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from journalloft.specs import Registry
from journalloft.testkit import KIT_VERSION
from journalloft.testkit.client import Client, Unreachable
from journalloft.testkit.context import Context, Failed, Skipped, synthetic_person
from journalloft.testkit.report import seal
from journalloft.testkit.scenarios import Scenario, derive
from journalloft.testkit.steps import STEPS
from journalloft.validation import Checker

PASS, FAIL, SKIP = "pass", "fail", "skip"


def run_kit(
    base_url: str,
    *,
    spec: str = "okt",
    token: str | None = None,
    registry: Registry | None = None,
    seed: int | None = None,
    timeout: float = 30.0,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> dict[str, Any]:
    """The sealed JSON report of one run (see :mod:`journalloft.testkit.report`)."""
    registry = registry or Registry()
    version = registry.resolve(spec)
    client = Client(base_url, token, timeout)
    ctx = Context(client, version, Checker(registry, version.key), synthetic_person(random.Random(seed)))
    started = now()
    results: list[dict[str, Any]] = []
    passed: set[str] = set()
    for scenario in derive(version):
        result = _run_one(ctx, scenario, passed, first=not results)
        if result["status"] == PASS:
            passed.add(scenario.id)
        results.append(result)
    counts = {status: sum(1 for r in results if r["status"] == status) for status in (PASS, FAIL, SKIP)}
    report = {
        "kit": "journalloft testkit",
        "kitVersion": KIT_VERSION,
        "spec": version.key,
        "specVersion": version.version,
        "baseUrl": client.base_url,
        "started": _instant(started),
        "finished": _instant(now()),
        "person": ctx.person,
        "summary": {**counts, "result": FAIL if counts[FAIL] else PASS},
        "tests": results,
        "exchanges": [e.to_dict() for e in client.exchanges],
    }
    return seal(report)


def _run_one(ctx: Context, scenario: Scenario, passed: set[str], *, first: bool) -> dict[str, Any]:
    result: dict[str, Any] = {**scenario.to_dict(), "status": SKIP, "message": "", "exchanges": [], "findings": []}
    missing = [r for r in scenario.requires if r not in passed]
    if missing:
        result["message"] = f"Bygger på {', '.join(missing)}, som ikke besto."
        return result
    ctx.findings = []
    start = len(ctx.client.exchanges)
    status, message = PASS, ""
    try:
        STEPS[scenario.step](ctx, **scenario.params)
    except Failed as exc:
        status, message = FAIL, str(exc)
    except Skipped as exc:
        status, message = SKIP, str(exc)
    except Unreachable as exc:
        if first:
            raise
        status, message = FAIL, f"Ingen svar fra tjeneren: {exc}"
    except Exception as exc:  # a response of an unexpected shape: this scenario fails, the run goes on
        status, message = FAIL, f"Uventet svar ({type(exc).__name__}: {str(exc)[:200]})."
    if ctx.findings and status != SKIP:
        note = f"Tjeneren returnerte {len(ctx.findings)} ressurs(er) med feil etter spesifikasjonen."
        status, message = FAIL, f"{message} {note}".strip()
    result.update(
        status=status,
        message=message,
        exchanges=list(range(start, len(ctx.client.exchanges))),
        findings=[f.to_dict() for f in ctx.findings],
    )
    return result


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
