"""The guard every entry point puts around one input: no exception escapes, no issue list is unbounded.

An unexpected exception while checking one input (a bug, or a resource the interpreter ran out of)
becomes an ``internal-error`` issue on that input's result, so a batch goes on with the next input and
the CLI can exit with status 3. The issue list of one input is cut at ``Limits.max_issues``, with one
more issue that says how many were left out and keeps the verdict they carried.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from journalloft.issues import Issue, Severity
from journalloft.report import INTERNAL_ERROR, Result

if TYPE_CHECKING:
    from journalloft.validation import Checker

_MAX_DETAIL = 300  # characters of the exception text kept; it may quote a whole payload


# After an optional BOM and whitespace, XML starts with "<"; JSON never does. The first element name
# after any declaration, comments and DOCTYPE is the root ("Patient" for FHIR XML).
_XML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<")
_XML_ROOT = re.compile(rb"<([A-Za-z_][A-Za-z0-9_.:-]{0,63})")


def xml_issue(data: bytes) -> Issue | None:
    """An ``input-xml`` error for XML input (FHIR XML, typically), or None for anything else."""
    if not _XML_START.match(data[:1024]):
        return None
    root = _XML_ROOT.search(data[:4096])
    name = root.group(1).decode("ascii", "replace") if root else None
    where = f" (root element <{name}>)" if name else ""
    return Issue(
        Severity.ERROR,
        "input-xml",
        "$",
        f"The input is XML{where}, but the validator reads JSON only. Send or save the payload as FHIR JSON "
        "(application/fhir+json), or convert the XML to JSON before validating it.",
    )


def internal_error_issue(exc: BaseException, expression: str = "$") -> Issue:
    detail = str(exc)
    if len(detail) > _MAX_DETAIL:
        detail = detail[:_MAX_DETAIL] + "…"
    return Issue(
        Severity.ERROR,
        INTERNAL_ERROR,
        expression,
        f"The validator failed on this input ({type(exc).__name__}: {detail}). "
        "Please report it with the payload (synthetic data only).",
    )


def internal_error_result(name: str, checker: Checker, exc: BaseException) -> Result:
    spec = checker.chosen.key if checker.chosen is not None else None
    return Result(name, spec, [internal_error_issue(exc)])


def cap_issues(result: Result, max_issues: int) -> Result:
    """Keep the first ``max_issues`` issues and add one that counts the rest by severity."""
    if len(result.issues) <= max_issues:
        return result
    kept, dropped = result.issues[:max_issues], result.issues[max_issues:]
    counts = dict.fromkeys(Severity, 0)
    for issue in dropped:
        counts[issue.severity] += 1
    worst = min((s for s in Severity if counts[s]), key=lambda s: s.rank)
    if worst is Severity.FATAL:
        worst = Severity.ERROR
    parts = ", ".join(f"{counts[s]:,} {s.value}" for s in Severity if counts[s])
    kept.append(
        Issue(
            worst,
            "input-too-many-issues",
            "$",
            f"{len(dropped):,} more issues were found and are not listed ({parts}); "
            f"the limit is {max_issues:,} per input (--max-issues).",
        )
    )
    return replace(result, issues=kept)
