"""The Python entry point: ``journalloft.validate(data_or_path, spec=None)``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from journalloft.fhir.options import FhirOptions
from journalloft.fhir.tx_client import DEFAULT_TIMEOUT, TerminologyServer
from journalloft.inputs import InputError, read_documents, resolve_sources
from journalloft.limits import DEFAULT_LIMITS, Limits
from journalloft.pipeline import Pipeline, pipeline
from journalloft.policy import Policy, make_policy
from journalloft.report import Report
from journalloft.specs import Registry, shared_registry
from journalloft.validation import Checker


def validate(
    data_or_path: dict[str, Any] | bytes | str | os.PathLike[str],
    spec: str | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    registry: Registry | None = None,
    synthetic_only: bool = False,
    strict_identifiers: bool = False,
    allow_extension_domains: Iterable[str] = (),
    any_extension: bool = False,
    allow_example_urls: bool = False,
    display_issues_are_warnings: bool = False,
    no_html_in_markdown: bool = False,
    contained_ids: str = "check",
    tx: str | None = None,
    tx_timeout: float = DEFAULT_TIMEOUT,
    ig: Sequence[str | os.PathLike[str]] = (),
    ignore: Iterable[str] = (),
    min_severity: str | None = None,
    lang: str = "en",
) -> Report:
    """Validate a parsed payload (dict), raw JSON bytes, or a file or directory path.

    ``spec`` is ``ID`` or ``ID@VERSION`` as listed by ``journalloft specs``; without it the spec is
    detected from the content. Raises :class:`journalloft.specs.SpecError` for an unknown spec and
    :class:`journalloft.inputs.InputError` for a path that cannot be read (or an empty path); every
    problem with the content itself is an issue in the returned report. An unexpected failure of the
    validator on one input is an ``internal-error`` issue on that input (``report.internal_error``),
    never an exception, and the other inputs are still checked. ``synthetic_only`` makes every person
    number that is not from a synthetic test series an error (``no-id-not-synthetic``), for test
    environments. ``strict_identifiers`` makes a Norwegian identifier with a wrong form or check
    digit an error everywhere (``--strict-identifiers``); without it that is an error only under a
    spec that declares ``strict-identifiers: true`` (okt, okt-prototype, news2, the HelseID trust
    framework), and a warning under base FHIR R4 and ``ig``. ``ig`` loads FHIR packages (``.tgz`` or
    unpacked folder) or SUSHI project folders whose profiles then apply to resources that claim them
    in ``meta.profile``; one that cannot be loaded raises :class:`journalloft.fhir.igload.IgError` (a SpecError).

    FHIR rules follow HL7's validator by default; these relax them as the CLI's options of the same
    names do: ``allow_extension_domains`` (URL prefixes or host names) and ``any_extension`` allow
    extensions whose definition is unknown, ``allow_example_urls`` allows URLs in domains reserved for
    examples, ``display_issues_are_warnings`` makes a wrong display of an HL7 code system a warning;
    ``no_html_in_markdown`` makes HTML in markdown an error, and ``contained_ids="ignore"`` leaves out
    the id form of contained resources and whether they are referenced (a ValueError for other values
    than "check" and "ignore"). ``tx`` (a FHIR R4 terminology server's base URL, as ``--tx``) has the
    server check codes of code systems not available offline, each distinct code once per call, waiting
    at most ``tx_timeout`` seconds; without it no request is made (a ValueError for a URL that is not
    http(s) or a timeout that is not positive).

    ``ignore`` (``CODE`` or ``CODE@EXPRESSION-PREFIX``) and ``min_severity`` leave issues out as the
    CLI's ``--ignore`` and ``--min-severity`` do (each result counts them in ``ignored``; an ignored
    error no longer makes the input invalid); ``lang="nb"`` gives Norwegian messages. No config file
    is read here: a program states its settings. A bad rule raises :class:`ValueError`.
    """
    settings = _Settings(
        registry if registry is not None else shared_registry(),
        spec,
        limits,
        synthetic_only,
        strict_identifiers,
        tuple(allow_extension_domains),
        any_extension,
        allow_example_urls,
        display_issues_are_warnings,
        no_html_in_markdown,
        contained_ids,
        tuple(ignore),
        min_severity,
    )
    if tx or ig:
        # A terminology server's answers are cached per call, and --ig packages are read afresh.
        checker, policy = _build(settings, TerminologyServer(tx, tx_timeout) if tx else None, ig)
        stages = pipeline(checker, policy, lang)
    else:
        stages = _pipeline_of(settings, lang)
    report = Report()
    if isinstance(data_or_path, dict):
        report.results.append(stages.value(data_or_path, "<data>"))
    elif isinstance(data_or_path, bytes):
        report.results.append(stages.document("<data>", data_or_path))
    else:
        raw = os.fspath(data_or_path)
        if not raw:
            raise InputError("an empty path names no file (use . for the current directory)")
        for source in resolve_sources([str(Path(raw))]):
            report.results.extend(
                stages.document(doc.name, doc.data) for doc in read_documents(source, max_bytes=limits.max_bytes)
            )
    return report


class _Settings(NamedTuple):
    """Everything a call's checker and policy are built from (but a terminology server and --ig)."""

    registry: Registry
    spec: str | None
    limits: Limits
    synthetic_only: bool
    strict_identifiers: bool
    allow_extension_domains: tuple[str, ...]
    any_extension: bool
    allow_example_urls: bool
    display_issues_are_warnings: bool
    no_html_in_markdown: bool
    contained_ids: str
    ignore: tuple[str, ...]
    min_severity: str | None


def _pipeline_of(settings: _Settings, lang: str) -> Pipeline:
    """The pipeline of these settings, built once: a program that validates its messages one call at a
    time would otherwise pay for its checker and policy on every call (about 6 % of validating an
    Observation). The registry is part of the settings, so a refreshed shared registry gets its own.
    One dict lookup (the settings hashed once): this runs on every call."""
    key = (settings, lang)
    try:
        built = _PIPELINES.get(key)
    except TypeError:  # an unhashable value where a string belongs; building reports it as before
        checker, policy = _build(settings)
        return pipeline(checker, policy, lang)
    if built is None:
        checker, policy = _build(settings)
        if len(_PIPELINES) >= _MAX_PIPELINES:
            _PIPELINES.pop(next(iter(_PIPELINES)))  # the oldest goes
        built = _PIPELINES[key] = pipeline(checker, policy, lang)
    return built


_PIPELINES: dict[tuple[_Settings, str], Pipeline] = {}
_MAX_PIPELINES = 16


def _build(
    settings: _Settings, server: TerminologyServer | None = None, ig: Sequence[str | os.PathLike[str]] = ()
) -> tuple[Checker, Policy]:
    fhir_options = FhirOptions(
        allowed_extension_domains=settings.allow_extension_domains,
        any_extension=settings.any_extension,
        allow_example_urls=settings.allow_example_urls,
        display_issues_are_warnings=settings.display_issues_are_warnings,
        no_html_in_markdown=settings.no_html_in_markdown,
        contained_ids=settings.contained_ids,
        terminology_server=server,
    )
    checker = Checker(
        settings.registry,
        settings.spec,
        settings.limits,
        synthetic_only=settings.synthetic_only,
        ig=ig,
        strict_identifiers=settings.strict_identifiers,
        fhir_options=fhir_options,
    )
    return checker, make_policy(settings.ignore, settings.min_severity)
