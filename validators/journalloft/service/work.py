"""What one request asks the validator, as plain synchronous functions (run in the service's worker).

Each returns ``(status, body, content type)``. A payload that cannot be parsed is a 400 carrying the
parser's issues (with line and column); a parsed payload's findings carry their line and column in the
body too, as the CLI's do; a parsed payload is a 200 whatever it holds, as FHIR's
``$validate`` answers; a failure of the validator itself is a 500 carrying the ``internal-error``
issue that :mod:`journalloft.guard` made of it. Results are named ``request``, never after anything
in the payload.
"""

from __future__ import annotations

import copy
from typing import Any

from journalloft import jsonparse
from journalloft.i18n import localize
from journalloft.pipeline import PipelineState, pipeline
from journalloft.positions import JsonPath
from journalloft.report import Report, Result
from journalloft.reporters.json_reporter import dumps
from journalloft.reporters.json_reporter import render as render_json
from journalloft.reporters.operationoutcome import outcome
from journalloft.service.errors import FHIR_JSON, JSON, HttpError
from journalloft.validation import Checker

NAME = "request"
Answer = tuple[int, bytes, str]


def fhir_validate(checker: Checker, body: bytes, resource_type: str | None, lang: str = "en") -> Answer:
    """``POST /fhir/$validate`` and ``POST /fhir/{type}/$validate``: an OperationOutcome in ``lang``."""
    parsed = jsonparse.parse(body, checker.limits)
    if not parsed.ok:
        return _outcome(400, localize(Result(NAME, None, parsed.issues), lang), lang)
    value = parsed.value
    if not isinstance(value.get("resourceType"), str):
        raise HttpError(
            400,
            "structure",
            "The body is JSON but not a FHIR resource: it has no resourceType.",
            "Kroppen er JSON, men ikke en FHIR-ressurs: den har ikke resourceType.",
        )
    where: JsonPath = ()  # the resource's place in the body, for the findings' line and column
    if value["resourceType"] == "Parameters":
        value, where = _from_parameters(value)
        prior: list[Any] = []  # the Parameters' own parse notes point into the wrapper, not the resource
    else:
        prior = parsed.issues
    if resource_type is not None and value.get("resourceType") != resource_type:
        raise HttpError(
            400,
            "invalid",
            f"The URL names {resource_type}, but the resource is {_with_article(str(value.get('resourceType'))[:64])}.",
            f"Adressen sier {resource_type}, men ressursen er av typen {str(value.get('resourceType'))[:64]}.",
        )
    # Through the one pipeline with the body's text: rule sets read it, and findings are placed in it
    # (``where`` is the resource's place in a Parameters), as the CLI places them in a file.
    result = pipeline(checker, lang=lang).run(PipelineState(NAME, data=body, value=value, where=where, prior=prior))
    return _outcome(500 if result.internal_error else 200, result, lang)


def validate_any(checker: Checker, body: bytes, lang: str = "en") -> Answer:
    """``POST /validate``: the CLI's JSON report for one payload of any spec (as ``Checker.check``), in ``lang``."""
    parsed = jsonparse.parse(body, checker.limits)
    if not parsed.ok:
        result = Result(NAME, checker.chosen.key if checker.chosen else None, parsed.issues)
        return 400, _report(localize(result, lang), lang), JSON
    result = pipeline(checker, lang=lang).run(PipelineState(NAME, data=body, value=parsed.value, prior=parsed.issues))
    return 500 if result.internal_error else 200, _report(result, lang), JSON


def _report(result: Result, lang: str) -> bytes:
    """The CLI's JSON report of a result already in ``lang``."""
    return render_json(Report([result]), lang=lang).encode("utf-8", "backslashreplace")


def _with_article(name: str) -> str:
    """The name with its article as spoken: "an EpisodeOfCare", "a Patient"."""
    return f"{'an' if name[:1].upper() in 'AEIOU' else 'a'} {name}"


def _from_parameters(parameters: dict[str, Any]) -> tuple[dict[str, Any], JsonPath]:
    """The ``resource`` of a FHIR Parameters, with its ``profile`` (if any) claimed in meta.profile,
    and its JSON path in the Parameters (``parameter[i].resource``).

    Claiming the profile makes the validator load the spec that holds it and apply it, exactly as it
    does for a profile the resource claims itself; an unknown profile is reported as such.
    """
    items = parameters.get("parameter")
    if not isinstance(items, list):
        items = []
    resource: dict[str, Any] | None = None
    where: JsonPath = ()
    profiles: list[str] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        if item.get("name") == "resource" and isinstance(item.get("resource"), dict):
            resource = item["resource"]
            where = ("parameter", index, "resource")
        elif item.get("name") == "profile":
            for key in ("valueUri", "valueCanonical", "valueString"):
                if isinstance(item.get(key), str):
                    profiles.append(item[key])
    if resource is None:
        raise HttpError(
            400,
            "required",
            "The Parameters has no parameter 'resource' holding the resource to validate.",
            "Parameters har ingen parameter 'resource' med ressursen som skal valideres.",
        )
    if not profiles:
        return resource, where
    resource = copy.deepcopy(resource)
    found_meta = resource.get("meta")
    meta: dict[str, Any] = found_meta if isinstance(found_meta, dict) else {}
    found_claimed = meta.get("profile")
    claimed: list[Any] = found_claimed if isinstance(found_claimed, list) else []
    resource["meta"] = {**meta, "profile": profiles + [p for p in claimed if p not in profiles]}
    return resource, where


def _outcome(status: int, result: Result, lang: str) -> Answer:
    """The OperationOutcome of a result already in ``lang``."""
    body = dumps(outcome(result, lang=lang)) + "\n"
    return status, body.encode("utf-8", "backslashreplace"), FHIR_JSON
