"""What one request asks the validator, as plain synchronous functions (run in the service's worker).

Each returns ``(status, body, content type)``. A payload that cannot be parsed is a 400 carrying the
parser's issues (with line and column); a parsed payload is a 200 whatever it holds, as FHIR's
``$validate`` answers; a failure of the validator itself is a 500 carrying the ``internal-error``
issue that :mod:`journalloft.guard` made of it. Results are named ``request``, never after anything
in the payload.
"""

from __future__ import annotations

import copy
from typing import Any

from journalloft import guard, jsonparse
from journalloft.report import Report, Result
from journalloft.reporters.json_reporter import dumps
from journalloft.reporters.json_reporter import render as render_json
from journalloft.reporters.operationoutcome import outcome
from journalloft.service.errors import FHIR_JSON, JSON, HttpError
from journalloft.validation import Checker

NAME = "request"
Answer = tuple[int, bytes, str]


def fhir_validate(checker: Checker, body: bytes, resource_type: str | None) -> Answer:
    """``POST /fhir/$validate`` and ``POST /fhir/{type}/$validate``: an OperationOutcome."""
    parsed = jsonparse.parse(body, checker.limits)
    if not parsed.ok:
        return _outcome(400, Result(NAME, None, parsed.issues))
    value = parsed.value
    if not isinstance(value.get("resourceType"), str):
        raise HttpError(400, "structure", "The body is JSON but not a FHIR resource: it has no resourceType.")
    if value["resourceType"] == "Parameters":
        value = _from_parameters(value)
        prior: list[Any] = []  # the Parameters' own parse notes point into the wrapper, not the resource
    else:
        prior = parsed.issues
    if resource_type is not None and value.get("resourceType") != resource_type:
        raise HttpError(
            400,
            "invalid",
            f"The URL names {resource_type}, but the resource is a {value.get('resourceType')!s:.64}.",
        )
    result = guard.check_value(checker, value, NAME, prior)
    return _outcome(500 if result.internal_error else 200, result)


def validate_any(checker: Checker, body: bytes) -> Answer:
    """``POST /validate``: the CLI's JSON report for one payload of any spec (as ``Checker.check``)."""
    parsed = jsonparse.parse(body, checker.limits)
    if not parsed.ok:
        result = Result(NAME, checker.chosen.key if checker.chosen else None, parsed.issues)
        return 400, render_json(Report([result])).encode("utf-8", "backslashreplace"), JSON
    result = guard.check_value(checker, parsed.value, NAME, parsed.issues)
    body = render_json(Report([result])).encode("utf-8", "backslashreplace")
    return 500 if result.internal_error else 200, body, JSON


def _from_parameters(parameters: dict[str, Any]) -> dict[str, Any]:
    """The ``resource`` of a FHIR Parameters, with its ``profile`` (if any) claimed in meta.profile.

    Claiming the profile makes the validator load the spec that holds it and apply it, exactly as it
    does for a profile the resource claims itself; an unknown profile is reported as such.
    """
    items = parameters.get("parameter")
    if not isinstance(items, list):
        items = []
    resource: dict[str, Any] | None = None
    profiles: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        if item.get("name") == "resource" and isinstance(item.get("resource"), dict):
            resource = item["resource"]
        elif item.get("name") == "profile":
            for key in ("valueUri", "valueCanonical", "valueString"):
                if isinstance(item.get(key), str):
                    profiles.append(item[key])
    if resource is None:
        raise HttpError(400, "required", "The Parameters has no parameter 'resource' holding the resource to validate.")
    if not profiles:
        return resource
    resource = copy.deepcopy(resource)
    found_meta = resource.get("meta")
    meta: dict[str, Any] = found_meta if isinstance(found_meta, dict) else {}
    found_claimed = meta.get("profile")
    claimed: list[Any] = found_claimed if isinstance(found_claimed, list) else []
    resource["meta"] = {**meta, "profile": profiles + [p for p in claimed if p not in profiles]}
    return resource


def _outcome(status: int, result: Result) -> Answer:
    return status, (dumps(outcome(result)) + "\n").encode("utf-8", "backslashreplace"), FHIR_JSON
