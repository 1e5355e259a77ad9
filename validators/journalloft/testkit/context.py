"""What a scenario works with: the client, the validator, the spec, the kit's synthetic data and its evidence.

A scenario calls :meth:`Context.request`; every response body that is a FHIR resource is validated
against the spec at once, and a resource with errors makes the scenario fail with the validator's
findings as evidence. A scenario ends by returning (pass), raising :class:`Failed` or :class:`Skipped`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from journalloft.identifiers import classify_person_number, control_digits
from journalloft.pipeline import pipeline
from journalloft.specs import SpecVersion
from journalloft.testkit.client import Client, Exchange
from journalloft.validation import Checker

FNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.1"
Resource = dict[str, Any]


class Failed(Exception):
    """The server does not do what the clause says; the message (Norwegian) says what it did instead."""


class Skipped(Exception):
    """The scenario cannot be judged (a scenario it builds on failed, or the server left it open)."""


@dataclass
class Finding:
    exchange: int
    where: str
    issues: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"exchange": self.exchange, "where": self.where, "issues": self.issues}


@dataclass
class Context:
    client: Client
    spec: SpecVersion
    checker: Checker
    person: str
    episodes: dict[str, Resource] = field(default_factory=dict)
    """The kit's services on the server, by role (hoved, dag, …), each as last written (with its id)."""
    organizations: dict[str, Resource] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    """Validation findings of the running scenario (reset per scenario)."""
    plain: Checker | None = None
    """For resources the spec has no profile for (a transaction-response, an OperationOutcome, the
    CapabilityStatement): the profiles they claim, else base R4. The spec's checker would hold a
    transaction-response to the transaction profile, as ``--spec`` does with any Bundle."""

    def __post_init__(self) -> None:
        self._profiled = {
            p.get("type") for p in self.spec.fhir_resources() if p.get("resourceType") == "StructureDefinition"
        }

    def request(self, method: str, path: str, body: Any = None, **options: Any) -> Exchange:
        exchange = self.client.send(method, path, body, **options)
        value = exchange.json()
        if isinstance(value, dict) and isinstance(value.get("resourceType"), str):
            result = pipeline(self._checker_for(value)).value(value, f"{method} {path}")
            errors = [i.to_dict() for i in result.issues if i.severity.is_error]
            if errors:
                self.findings.append(Finding(len(self.client.exchanges) - 1, f"{method} {exchange.url}", errors))
        return exchange

    def _checker_for(self, resource: Resource) -> Checker:
        bundle_type = resource.get("type") if resource.get("resourceType") == "Bundle" else None
        if resource["resourceType"] in self._profiled and bundle_type in (None, "searchset", "transaction"):
            return self.checker
        if self.plain is None:
            self.plain = Checker(self.checker.registry, None, self.checker.limits)
        return self.plain

    def get(self, path: str) -> Exchange:
        return self.request("GET", path)

    def patient_query(self) -> str:
        return f"patient.identifier={FNR_SYSTEM}|{self.person}"

    def active_ids(self) -> set[str]:
        return {r["id"] for r in self.episodes.values() if r.get("status") == "active"}

    def required_ids(self) -> set[str]:
        """The kit's services a search for its person must return (all but those marked entered-in-error)."""
        return {r["id"] for r in self.episodes.values() if r.get("status") != "entered-in-error"}

    def all_ids(self) -> set[str]:
        return {r["id"] for r in self.episodes.values()}


def expect_status(exchange: Exchange, *wanted: int) -> Any:
    """The parsed body when the status is one of ``wanted``; otherwise :class:`Failed`."""
    if exchange.status not in wanted:
        shown = " eller ".join(str(w) for w in wanted)
        raise Failed(f"{exchange.method} {exchange.url} svarte {exchange.status}, ventet {shown}.")
    return exchange.json()


def expect_outcome(exchange: Exchange) -> Resource:
    body = exchange.json()
    if not isinstance(body, dict) or body.get("resourceType") != "OperationOutcome":
        raise Failed(f"Svaret {exchange.status} på {exchange.method} {exchange.url} har ingen OperationOutcome.")
    return body


def synthetic_person(rng: random.Random) -> str:
    """A fødselsnummer from NHN's synthetic series (month + 65) with valid check digits, never a real one."""
    while True:
        born = date(rng.randint(1930, 2005), rng.randint(1, 12), rng.randint(1, 28))
        individual = rng.randint(500, 749) if born.year >= 2000 else rng.randint(0, 499)
        body = f"{born.day:02d}{born.month + 65:02d}{born.year % 100:02d}{individual:03d}"
        digits = control_digits(body)
        if digits is None:
            continue
        number = f"{body}{digits[0]}{digits[1]}"
        if classify_person_number(number).synthetic:
            return number
