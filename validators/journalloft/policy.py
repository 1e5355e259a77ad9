"""What a vendor has decided not to be told about: ``--ignore``, ``--min-severity`` and the config file.

An ignore rule is ``CODE`` (every issue with that code) or ``CODE@PREFIX`` (only where the issue's
expression is PREFIX or lies below it: ``fhir-invariant@Patient.text`` matches ``Patient.text`` and
``Patient.text.div``, not ``Patient.textual``); ``fhir-invariant:dom-6`` ignores one FHIR constraint
(its key starts the message). ``--min-severity warning`` leaves out information,
``error`` leaves out warnings too. Left-out issues are never silently lost: each result counts them
(``Result.ignored``) and the summary line says "N ignored". An ignored error no longer makes the input
invalid; that is the point of accepting it.

The config file is ``journalloft.toml`` (keys at top level) or ``pyproject.toml`` with a
``[tool.journalloft]`` table, in the working directory or else at the root of the project it lies in
(the folder with ``.git`` or ``.hg``), so a vendor's repository carries its decisions and CI gets the
same answer as a developer's laptop. The search never looks further: a ``journalloft.toml`` in a
shared temporary folder or a CI workspace above the repository is not ours to read, and could
otherwise make every error vanish. Every report names the file it used.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from journalloft.codes import CODES
from journalloft.issues import Issue, Severity
from journalloft.report import Result

CONFIG_NAMES = ("journalloft.toml", "pyproject.toml")
VCS_MARKERS = (".git", ".hg")
"""What names a project root (``.git`` is a folder, or a file in a worktree)."""
SEVERITY_NAMES = ("error", "warning", "information")
CONFIG_KEYS = ("ignore", "min-severity", "lang", "docs-url", "jobs")
NUMBER_BOUNDS: dict[str, tuple[int, int]] = {"jobs": (1, 64)}
"""The one place for the bounds of numeric settings, shared by the flag (``--jobs``) and the config key
(``jobs``): a config file must not reach what the command line refuses (65 forked workers)."""


def bound_problem(key: str, number: int) -> str | None:
    """What is wrong with ``number`` as the setting ``key`` (None when it is within its bounds)."""
    low, high = NUMBER_BOUNDS[key]
    return None if low <= number <= high else f"must be between {low} and {high}"


class PolicyError(ValueError):
    """A rule or config file that cannot be used; the CLI reports it as a usage error (exit 2)."""


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    code: str
    prefix: str | None = None
    key: str | None = None
    """For the invariant codes: only this constraint (``fhir-invariant:dom-6``)."""

    def matches(self, issue: Issue) -> bool:
        if issue.code != self.code:
            return False
        if self.key is not None and not issue.message.startswith(self.key + ":"):
            return False
        if self.prefix is None:
            return True
        expr = issue.expression
        return expr == self.prefix or (expr.startswith(self.prefix) and expr[len(self.prefix)] in ".[")

    def __str__(self) -> str:
        key = f":{self.key}" if self.key else ""
        return self.code + key + (f"@{self.prefix}" if self.prefix else "")


_KEYED = ("fhir-invariant", "fhir-invariant-not-evaluated")


def parse_rule(text: str) -> IgnoreRule:
    """``CODE[@EXPRESSION-PREFIX]``, and for the invariant codes ``CODE:KEY[@PREFIX]`` (one constraint).

    An unknown code is an error, so a typo cannot quietly ignore nothing.
    """
    head, _, prefix = text.strip().partition("@")
    code, _, key = head.partition(":")
    if key and code not in _KEYED:
        raise PolicyError(f"--ignore {text!r}: only {' and '.join(_KEYED)} take a constraint key (CODE:KEY)")
    if code not in CODES:
        raise PolicyError(f"--ignore {text!r}: {code!r} is not an issue code (see `journalloft validate --help`)")
    if "@" in text and not prefix:
        raise PolicyError(f"--ignore {text!r}: nothing follows @ (give an expression prefix, or leave out @)")
    return IgnoreRule(code, prefix or None, key or None)


@dataclass(frozen=True, slots=True)
class Policy:
    ignore: tuple[IgnoreRule, ...] = ()
    min_severity: Severity = Severity.INFORMATION

    @property
    def active(self) -> bool:
        return bool(self.ignore) or self.min_severity is not Severity.INFORMATION

    def keeps(self, issue: Issue) -> bool:
        if issue.severity.rank > self.min_severity.rank:
            return False
        return not any(rule.matches(issue) for rule in self.ignore)

    def apply(self, result: Result) -> Result:
        """The result without the issues this policy leaves out, which it counts in ``ignored``."""
        if not self.active:
            return result
        kept = [issue for issue in result.issues if self.keeps(issue)]
        if len(kept) == len(result.issues):
            return result
        return replace(result, issues=kept, ignored=result.ignored + len(result.issues) - len(kept))


def make_policy(ignore: Iterable[str] = (), min_severity: str | None = None) -> Policy:
    rules = tuple(parse_rule(text) for text in ignore)
    if min_severity is None:
        return Policy(rules)
    if min_severity not in SEVERITY_NAMES:
        raise PolicyError(f"min-severity {min_severity!r}: use one of {', '.join(SEVERITY_NAMES)}")
    return Policy(rules, Severity(min_severity))


@dataclass(frozen=True, slots=True)
class Config:
    """The settings of a config file; ``path`` is None when none was found or --no-config was given."""

    path: Path | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    def get_list(self, key: str) -> list[str]:
        value = self.values.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PolicyError(f"{self.path}: {key} must be a list of strings")
        return value

    def get_str(self, key: str) -> str | None:
        value = self.values.get(key)
        if value is not None and not isinstance(value, str):
            raise PolicyError(f"{self.path}: {key} must be a string")
        return value

    def get_int(self, key: str) -> int | None:
        """A whole number within the bounds the matching flag has (:data:`NUMBER_BOUNDS`)."""
        value = self.values.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise PolicyError(f"{self.path}: {key} must be a whole number")
        problem = bound_problem(key, value)
        if problem is not None:
            raise PolicyError(f"{self.path}: {key} = {value}: {problem}")
        return value


def find_config(start: Path) -> Path | None:
    """The config file in ``start``, or else in the root of the project ``start`` lies in; never above."""
    root = project_root(start)
    for folder in (start,) if root is None or root == start else (start, root):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "journalloft.toml" or _has_tool_table(candidate):
                return candidate
    return None


def project_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding a VCS marker (only markers are looked at)."""
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in VCS_MARKERS):
            return folder
    return None


def load_config(path: Path) -> Config:
    """Read and check one config file; unknown keys are errors, so a misspelt key is not ignored."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise PolicyError(f"{path}: tool must be a table ([tool.journalloft]), not {type(tool).__name__}")
        data = tool.get("journalloft", {})
    if not isinstance(data, dict):
        raise PolicyError(f"{path}: [tool.journalloft] must be a table")
    unknown = sorted(set(data) - set(CONFIG_KEYS))
    if unknown:
        raise PolicyError(f"{path}: unknown key(s) {', '.join(unknown)}; known: {', '.join(CONFIG_KEYS)}")
    return Config(path, data)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot be read ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{path}: not valid TOML ({exc})") from exc
    except RecursionError:  # tomllib parses nested arrays and inline tables by recursion
        raise PolicyError(f"{path}: not usable TOML (nested too deep)") from None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return False  # someone else's broken pyproject.toml is not ours to report
    tool = data.get("tool")
    return isinstance(tool, dict) and "journalloft" in tool
