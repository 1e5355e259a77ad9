"""The closed catalogue of issue codes.

Every code has a section on the site (docs/validator/feilkoder.md); tests/test_codes_documented.py
keeps the two in step. Add a code here and document it there in the same change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


@dataclass(frozen=True, slots=True)
class IssueCode:
    code: str
    group: str
    summary: str


_TABLE: tuple[tuple[str, str, str], ...] = (
    # Reading the input
    ("input-empty", "input", "The input holds no content."),
    ("input-encoding", "input", "The input is not valid UTF-8."),
    ("input-too-large", "input", "The input exceeds a configured size limit."),
    ("input-too-many-issues", "input", "More issues were found than the configured limit lists."),
    ("input-xml", "input", "The input is FHIR XML (or other XML); the validator reads FHIR JSON."),
    # JSON syntax, before any specification applies
    ("json-syntax", "json", "The text is not well-formed JSON."),
    ("json-bom", "json", "The text starts with a byte order mark."),
    ("json-trailing-content", "json", "Content follows the end of the JSON value."),
    ("json-duplicate-key", "json", "An object holds the same key twice."),
    ("json-invalid-number", "json", "NaN, Infinity or another number JSON does not allow."),
    ("json-too-deep", "json", "Nesting exceeds the configured depth limit."),
    ("json-number-too-large", "json", "A number has more digits or a larger exponent than the limits allow."),
    ("json-lone-surrogate", "json", "A string holds a lone surrogate, which UTF-8 cannot encode."),
    ("json-control-character", "json", "A string holds a control character."),
    ("json-not-object", "json", "The top-level value is not a JSON object."),
    # Choosing what to validate against
    ("spec-not-detected", "spec", "No specification matches the payload."),
    ("spec-mismatch", "spec", "The payload does not belong to the chosen specification."),
    ("internal-error", "spec", "The validator itself failed on this input; the failure is a bug to report."),
    ("convert-unsupported", "spec", "A valid payload has no form in the model `journalloft convert` writes."),
    # FHIR structure
    ("fhir-resource-type", "fhir-structure", "resourceType is missing or not a known resource."),
    ("fhir-unknown-element", "fhir-structure", "An element is not defined for this type."),
    ("fhir-json-type", "fhir-structure", "A value has the wrong JSON type for its FHIR type."),
    ("fhir-primitive", "fhir-structure", "A primitive value breaks its FHIR type's format or range."),
    ("fhir-null", "fhir-structure", "null is used where FHIR JSON does not allow it."),
    ("fhir-empty", "fhir-structure", "An empty array, object or string is present."),
    ("fhir-array-expected", "fhir-structure", "A repeating element is not a JSON array."),
    ("fhir-array-unexpected", "fhir-structure", "A single-valued element is a JSON array."),
    ("fhir-choice", "fhir-structure", "More than one type of a choice element is present."),
    ("fhir-primitive-extension", "fhir-structure", "An _element does not line up with its value."),
    ("fhir-contained", "fhir-structure", "A contained resource breaks the rules for contained content."),
    ("fhir-limit", "fhir-structure", "An array or string exceeds a configured limit."),
    ("fhir-resource-id-extension", "fhir-structure", "A resource's id carries extensions (_id)."),
    ("fhir-decimal-range", "fhir-structure", "A decimal is outside the range common platforms hold."),
    ("fhir-markdown-html", "fhir-structure", "A markdown value holds what looks like an HTML tag."),
    ("fhir-narrative-link", "fhir-structure", "A narrative link (#id) points at nothing, or at several ids."),
    ("fhir-snapshot", "fhir-structure", "A StructureDefinition given for validation cannot get a snapshot."),
    (
        "fhir-codesystem-valueset",
        "fhir-structure",
        "A CodeSystem's all-codes value set does not include exactly the whole code system.",
    ),
    ("fhir-hl7-publisher", "fhir-structure", "An HL7 resource's publisher does not match its HL7 work group."),
    ("fhir-canonical-relative", "fhir-structure", "A canonical URL is neither absolute nor a fragment (#id)."),
    ("fhir-internal-url", "fhir-structure", "A uri, url or canonical value '#id' points at no id in the resource."),
    ("fhir-attachment-size", "fhir-structure", "Attachment.size differs from the length of Attachment.data."),
    # Profiles
    ("fhir-cardinality-min", "fhir-profile", "Fewer occurrences than the minimum cardinality."),
    ("fhir-cardinality-max", "fhir-profile", "More occurrences than the maximum cardinality."),
    ("fhir-fixed-value", "fhir-profile", "A value differs from the fixed value."),
    ("fhir-pattern-value", "fhir-profile", "A value does not contain the required pattern."),
    ("fhir-slice-unmatched", "fhir-profile", "An item matches no slice of closed slicing."),
    ("fhir-slice-order", "fhir-profile", "Ordered slices appear out of order."),
    ("fhir-slice-undecidable", "fhir-profile", "A slice's discriminator cannot be evaluated on its definition."),
    ("fhir-type-not-allowed", "fhir-profile", "A type is used that the element does not allow."),
    ("fhir-max-length", "fhir-profile", "A string exceeds the element's maxLength."),
    ("fhir-value-range", "fhir-profile", "A value is below minValue or above maxValue."),
    ("fhir-extension-context", "fhir-profile", "An extension is used where its definition does not allow it."),
    ("fhir-profile-unknown", "fhir-profile", "meta.profile names a profile that is not known."),
    ("fhir-profile-unusable", "fhir-profile", "meta.profile names a known profile that cannot be built or read."),
    ("fhir-extension-unknown", "fhir-profile", "An extension's definition is not known."),
    ("fhir-example-url", "fhir-profile", "A URL in a domain reserved for examples where it is not allowed."),
    ("fhir-profile-by-code", "fhir-profile", "A core profile FHIR requires for the resource's code was applied."),
    # Terminology
    ("fhir-binding-required", "fhir-terminology", "A code is not in the value set of a required binding."),
    ("fhir-binding-extensible", "fhir-terminology", "A code is not in the value set of an extensible binding."),
    ("fhir-binding-preferred", "fhir-terminology", "A code is not in the value set of a preferred binding."),
    ("fhir-code-unknown", "fhir-terminology", "A code is not defined in a code system that is known."),
    ("fhir-code-retired", "fhir-terminology", "A code is retired in its code system (with the reason it gives)."),
    ("fhir-coding-system", "fhir-terminology", "Coding.system is not an absolute URI."),
    ("fhir-display", "fhir-terminology", "A display does not match the code system's display."),
    ("fhir-valueset-unknown", "fhir-terminology", "A bound value set is not available offline."),
    ("fhir-code-not-checked", "fhir-terminology", "Codes of a code system not available offline were not checked."),
    ("fhir-tx-unavailable", "fhir-terminology", "The terminology server given with --tx could not be used."),
    # Invariants
    ("fhir-invariant", "fhir-invariant", "A FHIRPath constraint is not satisfied."),
    ("fhir-invariant-not-evaluated", "fhir-invariant", "A constraint could not be evaluated offline."),
    # References and Bundles
    ("fhir-reference-format", "fhir-reference", "A reference is not a valid literal reference."),
    ("fhir-reference-target", "fhir-reference", "A reference points to a resource type that is not allowed."),
    ("fhir-reference-unresolved", "fhir-reference", "A local reference does not resolve."),
    ("fhir-reference-ambiguous", "fhir-reference", "A reference matches several entries of a Bundle."),
    ("fhir-bundle-fullurl", "fhir-bundle", "Bundle entries have duplicate or invalid fullUrls."),
    ("fhir-bundle-entry", "fhir-bundle", "A Bundle entry breaks the rules for the Bundle type."),
    ("fhir-bundle-search", "fhir-bundle", "A searchset entry breaks the rules for search results."),
    ("fhir-bundle-link", "fhir-bundle", "A Bundle link relation that may occur once is repeated."),
    (
        "fhir-bundle-reference",
        "fhir-bundle",
        "A reference between entries of a message or document Bundle does not resolve under the fullUrl rules.",
    ),
    # Plain JSON payloads checked against JSON Schema
    ("schema-required", "schema", "A required property is missing."),
    ("schema-type", "schema", "A value has the wrong JSON type."),
    ("schema-enum", "schema", "A value is not one of the allowed values."),
    ("schema-format", "schema", "A value does not have the required format."),
    ("schema-pattern", "schema", "A string does not match the required pattern."),
    ("schema-additional-property", "schema", "A property is not allowed here."),
    ("schema-constraint", "schema", "A value breaks another schema constraint."),
    # Norwegian identifiers (JSON rules and FHIR identifiers with a Norwegian OID)
    ("no-id-format", "no-id", "An identifier has the wrong form or is of a kind not allowed here."),
    ("no-id-check-digits", "no-id", "An identifier's control digits do not match."),
    ("no-id-not-synthetic", "no-id", "A person number is not from a synthetic test series (--synthetic-only)."),
    # Rules of a JSON Schema spec that a schema cannot say
    ("rule-date-order", "rule", "An end date is before its start date."),
    ("rule-code-unknown", "rule", "A code is not in the code list."),
    ("rule-code-retired", "rule", "A code has been retired from the code list."),
    ("rule-code-leading-zero", "rule", "A code is written with a leading zero."),
    # NEWS2: the scoring engine recomputes every score (rule set news2)
    ("news2-total-mismatch", "news2", "The NEWS2 total is not the sum of its sub-scores."),
    ("news2-component-mismatch", "news2", "A NEWS2 sub-score disagrees with the measurement it is derived from."),
    (
        "news2-component-band",
        "news2",
        "A NEWS2 sub-score disagrees with the chart band its interpretation text names (as VKP writes it).",
    ),
    ("news2-risk-mismatch", "news2", "The NEWS2 risk band does not fit the sub-scores."),
    ("news2-spo2-scale", "news2", "A NEWS2 assessment has both SpO2 scales or neither."),
    ("news2-component-duplicate", "news2", "A NEWS2 sub-score appears more than once."),
    ("news2-unit", "news2", "A measurement's unit does not convert to the NEWS2 chart's unit."),
    ("news2-range", "news2", "A measurement is outside the plausible physiological range."),
    ("news2-measurement-not-numeric", "news2", "A measurement has no value that NEWS2 can score."),
    ("news2-measurement-missing", "news2", "A sub-score has no measurement in the Bundle to derive it from."),
    ("news2-time-window", "news2", "The measurements are too far apart to form one assessment."),
)

# Where each code's section lives: ``DOCS_BASE_URL + "#" + code`` (the sections of
# docs/validator/feilkoder.md carry the code as their anchor). The page is part of the site that
# documents this version and offers its wheel under nedlasting/; the project has no verified public
# host, so the default names none: it is the site the wheel was installed from when pip recorded that
# (PEP 610's direct_url.json, for ``pip install https://SITE/nedlasting/journalloft-….whl``), else the
# page's path relative to the root of that site. A vendor who hosts the site points the links there
# with --docs-url or ``docs-url`` in its config file.
DOCS_PATH = "validator/feilkoder/"
DOWNLOAD_DIR = "nedlasting"


def docs_base_from_direct_url(direct_url: str | None) -> str:
    """The documentation address for an install whose PEP 610 record is ``direct_url`` (JSON text, or
    None when pip wrote none): ``https://SITE/validator/feilkoder/`` when the wheel came from
    ``https://SITE/nedlasting/``, else the relative ``validator/feilkoder/``."""
    if not direct_url:
        return DOCS_PATH
    try:
        url = json.loads(direct_url).get("url")
    except (ValueError, AttributeError):
        return DOCS_PATH
    if not isinstance(url, str):
        return DOCS_PATH
    parts = urlsplit(url)
    folder, _, wheel = parts.path.rpartition("/")
    site, _, download = folder.rpartition("/")
    if parts.scheme not in ("http", "https") or download != DOWNLOAD_DIR or not wheel.endswith(".whl"):
        return DOCS_PATH
    return urlunsplit((parts.scheme, parts.netloc, f"{site}/{DOCS_PATH}", "", ""))


def installed_docs_base(package_dir: Path | None = None) -> str:
    """From the record beside the package: an installed wheel has ``journalloft-VERSION.dist-info`` next
    to ``journalloft/``; a checkout (also an editable install) has none. Looked up by path, not with
    importlib.metadata, which scans all of sys.path (a fifth of a second on every start)."""
    package_dir = package_dir if package_dir is not None else Path(__file__).resolve().parent
    for record in package_dir.parent.glob("journalloft-*.dist-info/direct_url.json"):
        try:
            return docs_base_from_direct_url(record.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return DOCS_PATH
    return DOCS_PATH


DOCS_BASE_URL = installed_docs_base()

CODES: dict[str, IssueCode] = {code: IssueCode(code, group, summary) for code, group, summary in _TABLE}


def documentation_url(code: str, base: str = DOCS_BASE_URL) -> str:
    """The address of ``code``'s section in the documentation (feilkoder.md)."""
    return f"{base}#{code}"
