"""The validator as the page "Valider i nettleseren" runs it: inside Pyodide, in the reader's browser.

:func:`validate` takes the bytes of one pasted, typed or dropped file and returns the very report
``journalloft validate --format json`` writes for that file: the same reading (a ``.ndjson`` name
gives one document per non-blank line, named ``NAME:LINE``), the same checks, the same JSON reporter.
The file is written to a temporary folder first so that :func:`journalloft.inputs.read_documents`,
the CLI's own reader, splits it.

JSON Schema specs need ``jsonschema``, whose ``rpds-py`` is Rust with no WebAssembly build; the site
gives Pyodide a pure-Python stand-in for it (see journalloft/site/browser_files.py). Should
``jsonschema`` still be missing, a document that would be checked against a JSON Schema spec is not
checked: it is listed under ``cli_only`` (name and spec) and left out of the report, so the page says
plainly that it must be checked with the CLI, rather than reporting an internal error.
"""

from __future__ import annotations

import importlib.util
import io
import json
import tempfile
from pathlib import Path, PurePosixPath
from typing import Any

from journalloft import jsonparse
from journalloft.batch import Settings
from journalloft.inputs import Document, Source, read_documents
from journalloft.pipeline import pipeline
from journalloft.report import Tally
from journalloft.reporters.json_reporter import JsonReporter
from journalloft.specs import BASE_FHIR, Registry
from journalloft.validation import Checker

DEFAULT_NAME = "innlimt.json"
"""The name a pasted or typed text gets in the report (as the CLI names a file by its path)."""


def page_specs() -> list[dict[str, str]]:
    """The specs the page offers, as ``{"key", "title"}``: every spec version, as ``journalloft specs``
    lists them, or only the FHIR ones where JSON Schema cannot be checked."""
    specs = Registry().all() if schema_available() else [BASE_FHIR, *Registry().fhir_specs()]
    return [{"key": spec.key, "title": spec.title} for spec in specs]


def schema_available() -> bool:
    """Whether JSON Schema specs can be checked here (``jsonschema`` importable)."""
    try:
        return importlib.util.find_spec("jsonschema") is not None
    except ImportError:  # an import hook that refuses it says the same as a missing module
        return False


def validate(data: bytes, name: str = DEFAULT_NAME, spec: str | None = None, lang: str = "nb") -> str:
    """``{"report": <the CLI's JSON report>, "cli_only": [{"path", "spec"}]}`` as JSON text.

    ``name`` is the file's own name (a path is cut to its last part); ``spec`` is ``ID[@VERSION]`` or
    None to detect it, as with ``--spec``; an unknown spec raises :class:`journalloft.specs.SpecError`.
    """
    name = _safe_name(name)
    settings = Settings(spec=spec or None, lang=lang)
    checker = settings.checker()
    stages = pipeline(checker, settings.policy, settings.lang)
    check_schema = schema_available()
    tally = Tally()
    out = io.StringIO()
    reporter = JsonReporter(out, False, lang=lang)
    reporter.start()
    cli_only: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="journalloft-browser-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        source = Source(name, path)
        for document in read_documents(source, max_bytes=settings.limits.max_bytes):
            schema_spec = None if check_schema else _schema_spec(checker, document)
            if schema_spec is not None:
                cli_only.append({"path": document.name, "spec": schema_spec})
                continue
            result = stages.document(document.name, document.data)
            tally.add(result)
            reporter.result(result)
    reporter.finish(tally)
    report: dict[str, Any] = json.loads(out.getvalue())
    return json.dumps({"report": report, "cli_only": cli_only}, ensure_ascii=False)


def _safe_name(name: str) -> str:
    """The last part of ``name``, so a dropped file's name can never point outside the temporary folder."""
    base = PurePosixPath(name.replace("\\", "/")).name.strip()
    return base if base not in ("", ".", "..") else DEFAULT_NAME


def _schema_spec(checker: Checker, document: Document) -> str | None:
    """The key of the JSON Schema spec this document would be checked against, or None (FHIR, unreadable)."""
    if checker.chosen is not None:
        return checker.chosen.key if checker.chosen.kind == "json-schema" else None
    parsed = jsonparse.parse(document.data, checker.limits)
    if not parsed.ok or not isinstance(parsed.value, dict) or "resourceType" in parsed.value:
        return None
    detected = checker._detect_shape(parsed.value)
    return detected.key if detected is not None else None
