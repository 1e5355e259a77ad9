"""Example URLs in uri-like primitives (uri, url, canonical, oid), as HL7's validator reports them.

HL7's Java validator (org.hl7.fhir.validation 6.7.10, InstanceValidator.validateReference, checked by
reading its source) reports TYPE_SPECIFIC_CHECKS_DT_URL_EXAMPLE, an error, for a URL in a domain reserved
for examples in any uri, url, canonical or oid element it does not resolve, unless example URLs are
allowed. It does not check: uuid elements, ``Bundle.entry.fullUrl`` (checked as part of the Bundle), the
defining ``url`` of a canonical resource (``CodeSystem.url`` and the like), ``Extension.url`` (checked
where the extension is looked up: walk_extensions). ``Attachment.url`` is reported by the structure walk
on the Attachment, so it is left out here to report it once.
"""

from __future__ import annotations

from journalloft.fhir.elements import ElementDef
from journalloft.fhir.instance_rules import is_example_url
from journalloft.fhir.walk_base import Loc, WalkBase, format_location
from journalloft.issues import error

URI_TYPES = frozenset({"uri", "url", "canonical", "oid"})

# OIDs reserved for examples (HL7's BaseValidator.isExampleUrl: IANA's example enterprise number, ISO's 2.999)
_EXAMPLE_OID_PREFIXES = ("urn:oid:1.3.6.1.4.1.32473.", "urn:oid:2.999.")

# R4's canonical resources: their own ``url`` defines the resource's identity rather than pointing anywhere
# (HL7's validator: isCanonicalURLElement with VersionUtilities.getCanonicalResourceNames for 4.0).
_CANONICAL_RESOURCES = frozenset(
    {
        "ActivityDefinition", "CapabilityStatement", "ChargeItemDefinition", "CodeSystem", "CompartmentDefinition",
        "ConceptMap", "EffectEvidenceSynthesis", "EventDefinition", "Evidence", "EvidenceVariable",
        "ExampleScenario", "GraphDefinition", "ImplementationGuide", "Library", "Measure", "MessageDefinition",
        "NamingSystem", "OperationDefinition", "PlanDefinition", "Questionnaire", "ResearchDefinition",
        "ResearchElementDefinition", "RiskEvidenceSynthesis", "SearchParameter", "StructureDefinition",
        "StructureMap", "TerminologyCapabilities", "TestScript", "ValueSet",
    }
)  # fmt: skip

_NOT_CHECKED_HERE = frozenset({"Bundle.entry.fullUrl", "Extension.url", "Attachment.url"})


def is_example_uri(value: str) -> bool:
    """A URL in a domain reserved for examples, or an OID under an arc reserved for examples."""
    if "example" not in value and "acme" not in value and not value.startswith("urn:oid:"):
        return False  # the common case, decided cheaply: this runs on every Coding.system
    return is_example_url(value) or value.startswith(_EXAMPLE_OID_PREFIXES)


def checks_example_uri(child: ElementDef) -> bool:
    """Whether HL7's validator looks for example URLs in this element (see the module's notes)."""
    path = child.path
    if path in _NOT_CHECKED_HERE:
        return False
    head, _, tail = path.partition(".")
    return not (tail == "url" and head in _CANONICAL_RESOURCES)


class UriWalk(WalkBase):
    """Example URLs in uri, url, canonical and oid values (the caller checks the type and the option)."""

    def _example_uri(self, value: str, child: ElementDef, loc: Loc) -> None:
        if is_example_uri(value) and checks_example_uri(child):
            self.issues.append(
                error(
                    "fhir-example-url",
                    format_location(loc),
                    f"example URLs are not allowed here ({value}); give --allow-example-urls to allow them",
                )
            )
