"""Results are plain collectors: what was validated, against what, and what was found.

A :class:`Report` keeps every result (the Python API returns one); the CLI keeps only a
:class:`Summary`, because it hands each result to a streaming reporter as soon as it is made, so a run
over a million NDJSON lines holds one result at a time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from journalloft.codes import DOCS_BASE_URL
from journalloft.issues import Issue, Severity, headline

INTERNAL_ERROR = "internal-error"


@dataclass(slots=True)
class Result:
    """The outcome for one document (a file, standard input, or one NDJSON line)."""

    path: str
    spec: str | None
    issues: list[Issue] = field(default_factory=list)
    ignored: int = 0
    """Issues left out by --ignore or --min-severity (see :mod:`journalloft.policy`): counted, never lost."""
    igs: tuple[str, ...] = ()
    """The IGs and packages loaded with --ig that the FHIR check used beside ``spec`` (``name#version``)."""

    @property
    def valid(self) -> bool:
        return not any(issue.severity.is_error for issue in self.issues)

    @property
    def errors(self) -> int:
        return sum(1 for issue in self.issues if issue.severity.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for issue in self.issues if issue.severity is Severity.WARNING)

    @property
    def internal_error(self) -> bool:
        """Whether the validator itself failed on this input (exit status 3)."""
        return any(issue.code == INTERNAL_ERROR for issue in self.issues)

    @property
    def headline(self) -> Issue | None:
        return headline(self.issues)

    def to_dict(self, docs_base: str = DOCS_BASE_URL) -> dict[str, object]:
        data: dict[str, object] = {"path": self.path, "spec": self.spec}
        if self.igs:
            data["igs"] = list(self.igs)
        data["valid"] = self.valid
        data["issues"] = [issue.to_dict(docs_base) for issue in self.issues]
        if self.ignored:
            data["ignored"] = self.ignored
        return data


@dataclass(slots=True)
class Summary:
    """Running counts over results, for the summary line and the exit status.

    Partial summaries (of partitions checked on different workers) ``merge`` into the whole run's;
    ``add_row`` counts a row of :mod:`journalloft.stream` as ``add`` counts a result.
    """

    files: int = 0
    valid: int = 0
    invalid: int = 0
    errors: int = 0
    warnings: int = 0
    ignored: int = 0
    internal_errors: int = 0

    def add(self, result: Result) -> None:
        self.files += 1
        if result.valid:
            self.valid += 1
        else:
            self.invalid += 1
        self.errors += result.errors
        self.warnings += result.warnings
        self.ignored += result.ignored
        self.internal_errors += result.internal_error

    def add_row(self, row: Mapping[str, Any]) -> None:
        self.files += 1
        if row["valid"]:
            self.valid += 1
        else:
            self.invalid += 1
        self.errors += row["errors"]
        self.warnings += row["warnings"]
        self.ignored += row["ignored"]
        self.internal_errors += bool(row["internal_error"])

    def merge(self, other: Summary) -> Summary:
        """Add another summary's counts to this one (in place); returns self, so partials fold."""
        for counter in fields(self):
            setattr(self, counter.name, getattr(self, counter.name) + getattr(other, counter.name))
        return self

    @property
    def all_valid(self) -> bool:
        return self.invalid == 0

    def summary(self) -> dict[str, int]:
        return {
            "files": self.files,
            "valid": self.valid,
            "invalid": self.invalid,
            "errors": self.errors,
            "warnings": self.warnings,
            "ignored": self.ignored,
        }


Tally = Summary
"""The name the package's own modules use for :class:`Summary`."""


@dataclass(slots=True)
class Report:
    results: list[Result] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return all(result.valid for result in self.results)

    @property
    def internal_error(self) -> bool:
        return any(result.internal_error for result in self.results)

    @property
    def issues(self) -> list[Issue]:
        return [issue for result in self.results for issue in result.issues]

    def tally(self) -> Summary:
        tally = Summary()
        for result in self.results:
            tally.add(result)
        return tally

    def summary(self) -> dict[str, int]:
        return self.tally().summary()

    def to_dict(self, docs_base: str = DOCS_BASE_URL) -> dict[str, object]:
        return {"results": [r.to_dict(docs_base) for r in self.results], "summary": self.summary()}
