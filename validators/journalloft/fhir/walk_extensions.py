"""Extensions in the walk: where an extension may stand (its context), unknown extension URLs, and
URLs in the domains reserved for examples.
"""

from __future__ import annotations

from typing import Any

from journalloft.fhir.instance_rules import is_example_url
from journalloft.fhir.options import FhirOptions
from journalloft.fhir.walk_base import (
    _QUANTITY_TYPES,
    Loc,
    WalkRun,
    _step,
    format_location,
)
from journalloft.issues import error, information, warning

_ANY_ELEMENT = frozenset({"Element", "Base", "BackboneElement"})


def context_allows(
    contexts: tuple[tuple[str, str], ...],
    extension_path: str,
    resource_types: frozenset[str],
    parent_path: str | None = None,
) -> bool:
    """Whether an extension whose definition lists ``contexts`` may stand where the walk is.

    ``extension_path`` is the definition path of the extension element (``Patient.extension``,
    ``HumanName.extension`` when a data type is walked through its own definition, ``date.extension``
    for the extension of a primitive); ``parent_path`` is the element path of the element that holds
    the extension inside its resource (``Patient.name``, ``Patient.birthDate``), when known.

    An element context holds when it names the holding element (``Patient.birthDate``), its data
    type (``HumanName``) or, for a data type path (``HumanName.family``), an element whose path ends
    the same way. Contexts of type extension or fhirpath are not evaluated and let the extension
    through, as does any case where the holding element cannot be placed.
    """
    owner = extension_path.rsplit(".", 1)[0]
    owner_root = owner.split(".", 1)[0]
    if not contexts or owner_root in ("Extension", "Element", "BackboneElement"):
        return True
    owner_type = owner if "." not in owner and owner_root not in resource_types else None
    if parent_path is None:
        if owner_type is not None:
            return True  # a data type walked on its own: the path in the resource is not known here
        parent_path = owner
    for kind, expression in contexts:
        if kind != "element" or expression in _ANY_ELEMENT or expression in (owner, parent_path):
            return True
        if expression in ("Resource", "DomainResource") and "." not in parent_path:
            return True
        if expression.split(".", 1)[0] in resource_types:
            continue  # a resource path: only an exact match (above) allows it
        if "." not in expression:
            # a bare data type: the holder is of that type (a resource root or backbone never is)
            if owner_type == expression or (owner_type in _QUANTITY_TYPES and expression in _QUANTITY_TYPES):
                return True
            continue
        if parent_path.endswith("." + expression.split(".", 1)[1]):
            return True
    return False


# HL7's namespace: its validator loads the extensions registry (hl7.fhir.uv.extensions) that R4 core
# lacks and lets the rest of hl7.org/fhir through, so an unknown URL there is not judged an error here.
_HL7_NAMESPACE = "http://hl7.org/fhir/"
# DICOM's extensions (nema.org): HL7's validator always allows them (HL7's own R4 examples use them).
_NEMA = FhirOptions(allowed_extension_domains=("nema.org",))
# The documentation link journalloft's own OperationOutcome reports put on each issue: a report it
# writes must pass when it is validated again (the reporter lives above this layer, so the URL is
# repeated here).
_OWN = FhirOptions(allowed_extension_domains=("https://journalloft.no/fhir/CodeSystem/issue-code/",))


class ExtensionWalk:
    """Unknown extensions and example URLs."""

    __slots__ = ("run",)

    def __init__(self, run: WalkRun) -> None:
        self.run = run

    def unknown_extension(self, url: str, loc: Loc) -> None:
        """An extension whose definition is not known. As in HL7's validator it is not allowed (an
        error) unless its domain is allowed (``--allow-extension-domain``, ``--any-extension``, an
        example domain with ``--allow-example-urls``; then information that it was not checked).
        HL7's own namespace keeps a warning: HL7's validator knows extensions R4 core does not define."""
        where = format_location(loc)
        options = self.run.options
        example = is_example_url(url)
        if example and not options.allow_example_urls:
            self.run.issues.append(
                error(
                    "fhir-example-url",
                    format_location(_step(loc, "url")),
                    f"example URLs are not allowed here ({url}); give --allow-example-urls to allow them",
                )
            )
        if example and options.allow_example_urls:
            self.run.issues.append(
                information(
                    "fhir-extension-unknown",
                    where,
                    f"the extension {url} is not known; it is from an example domain, so it was not checked",
                )
            )
        elif (
            options.any_extension
            or options.extension_domain_allowed(url)
            or _NEMA.extension_domain_allowed(url)
            or _OWN.extension_domain_allowed(url)
        ):
            self.run.issues.append(
                information(
                    "fhir-extension-unknown",
                    where,
                    f"the extension {url} is not known; its domain is allowed, so it was not checked",
                )
            )
        elif self.run.extension_source is not None and (spec := self.run.extension_source(url)) is not None:
            # one of this project's own specs defines it: known, but its spec is not the one applied
            self.run.issues.append(
                warning(
                    "fhir-extension-unknown",
                    where,
                    f"the extension {url} is defined by the spec {spec}, which is not applied here, so it was "
                    f"not checked; validate with --spec {spec.split('@', 1)[0]} to check it",
                )
            )
        else:
            report = warning if url.startswith(_HL7_NAMESPACE) else error
            self.run.issues.append(
                report(
                    "fhir-extension-unknown",
                    where,
                    f"the extension {url} is not known to this validator, so it is not allowed here; "
                    "load the package or IG that defines it",
                )
            )

    def example_attachment_url(self, attachment: dict[str, Any], loc: Loc) -> None:
        """Attachment.url in a domain reserved for examples is an error unless --allow-example-urls."""
        url = attachment.get("url")
        if isinstance(url, str) and not self.run.options.allow_example_urls and is_example_url(url):
            self.run.issues.append(
                error(
                    "fhir-example-url",
                    format_location(_step(loc, "url")),
                    f"example URLs are not allowed here ({url}); give --allow-example-urls to allow them",
                )
            )
