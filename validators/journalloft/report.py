"""Results are plain collectors: what was validated, against what, and what was found."""

from __future__ import annotations

from dataclasses import dataclass, field

from journalloft.issues import Issue, Severity, headline


@dataclass(slots=True)
class Result:
    """The outcome for one document (a file, standard input, or one NDJSON line)."""

    path: str
    spec: str | None
    issues: list[Issue] = field(default_factory=list)

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
    def headline(self) -> Issue | None:
        return headline(self.issues)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "spec": self.spec,
            "valid": self.valid,
            "issues": [issue.to_dict() for issue in self.issues],
        }


@dataclass(slots=True)
class Report:
    results: list[Result] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return all(result.valid for result in self.results)

    @property
    def issues(self) -> list[Issue]:
        return [issue for result in self.results for issue in result.issues]

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.results),
            "valid": sum(1 for r in self.results if r.valid),
            "invalid": sum(1 for r in self.results if not r.valid),
            "errors": sum(r.errors for r in self.results),
            "warnings": sum(r.warnings for r in self.results),
        }

    def to_dict(self) -> dict[str, object]:
        return {"results": [r.to_dict() for r in self.results], "summary": self.summary()}
