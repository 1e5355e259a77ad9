"""Example URLs and internal ('#') URLs in uri-like primitives (uri, url, canonical, oid), as HL7's
validator reports them.

HL7's Java validator (org.hl7.fhir.validation 6.7.10, InstanceValidator.validateReference, checked by
reading its source) reports TYPE_SPECIFIC_CHECKS_DT_URL_EXAMPLE, an error, for a URL in a domain reserved
for examples in any uri, url, canonical or oid element it does not resolve, unless example URLs are
allowed, and it reports only those it cannot resolve (a definition it has loaded, such as an IG's own
example.org profile or code system, is not reported). It does not check: uuid elements,
``Bundle.entry.fullUrl`` (checked as part of the Bundle), the
defining ``url`` of a canonical resource (``CodeSystem.url`` and the like), ``Extension.url`` (checked
where the extension is looked up: walk_extensions). ``Attachment.url`` is reported by the structure walk
on the Attachment, so it is left out here to report it once.

A URL that starts with '#' points inside the resource (validateReference, the same method): it must match
an id the way a narrative link does (see narrative_links). If none does, HL7's validator reports
TYPE_SPECIFIC_CHECKS_DT_URL_INTERNAL, an error for a canonical and for ``ValueSet.compose.include.system``
and ``.exclude.system``, a warning (..._INTERNAL_WARN) for other uri and url elements, and only a hint
for ``Meta.source``, which is not reported here. (An internal URL in HL7's narrativeLink extension is an
error there; here it is a warning like other url values.)

A canonical, and the defining ``url`` of a canonical resource, must be an absolute URL unless it is a
fragment ('#...'): TYPE_SPECIFIC_CHECKS_CANONICAL_ABSOLUTE, an error (``Library/x`` is not allowed).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from journalloft.fhir.elements import ElementDef
from journalloft.fhir.instance_rules import is_example_url
from journalloft.fhir.references import CANONICAL_RESOURCES
from journalloft.fhir.walk_base import Loc, WalkRun, _Frame, format_location
from journalloft.issues import error, warning

if TYPE_CHECKING:
    from journalloft.fhir.walk import Walk

URI_TYPES = frozenset({"uri", "url", "canonical", "oid"})

_SCHEME = re.compile(r"[a-z][a-z0-9_\[\]]*\Z")

# OIDs reserved for examples (HL7's BaseValidator.isExampleUrl: IANA's example enterprise number, ISO's 2.999)
_EXAMPLE_OID_PREFIXES = ("urn:oid:1.3.6.1.4.1.32473.", "urn:oid:2.999.")

_NOT_CHECKED_HERE = frozenset({"Bundle.entry.fullUrl", "Extension.url", "Attachment.url"})

# internal URLs: where one that points at nothing is an error although the type is uri (HL7's
# isHardErrorPathForInternal), and where it is only a hint (isNotHardErrorPathForInternal)
_INTERNAL_ERROR_PATHS = frozenset({"ValueSet.compose.include.system", "ValueSet.compose.exclude.system"})
_INTERNAL_HINT_PATHS = frozenset({"Meta.source"})


def is_absolute_url(value: str) -> bool:
    """HL7's Utilities.isAbsoluteUrl: a lowercase scheme (letters, digits, '_') and more after the colon."""
    scheme, colon, details = value.partition(":")
    return bool(colon and _SCHEME.match(scheme) and details and " " not in details)


def is_example_uri(value: str) -> bool:
    """A URL in a domain reserved for examples, or an OID under an arc reserved for examples."""
    if "example" not in value and "acme" not in value and not value.startswith("urn:oid:"):
        return False  # the common case, decided cheaply: this runs on every Coding.system
    return is_example_url(value) or value.startswith(_EXAMPLE_OID_PREFIXES)


def is_defining_url(child: ElementDef) -> bool:
    """The ``url`` of a canonical resource (CodeSystem.url and the like): it names the resource."""
    head, _, tail = child.path.partition(".")
    return tail == "url" and head in CANONICAL_RESOURCES


def checks_example_uri(child: ElementDef) -> bool:
    """Whether HL7's validator looks for example URLs in this element (see the module's notes)."""
    return child.path not in _NOT_CHECKED_HERE and not is_defining_url(child)


class UriWalk:
    """Example URLs and internal URLs in uri, url, canonical and oid values (the caller checks the type)."""

    __slots__ = ("run", "targets_in")

    def __init__(self, run: WalkRun) -> None:
        self.run = run

    def wire(self, walk: Walk) -> None:
        """Binds the other concerns' methods this one calls (once per walk; calls stay one hop)."""
        self.targets_in = walk.narrative.targets_in

    def uri_value(self, value: str, child: ElementDef, child_type: str, loc: Loc, frame: _Frame) -> None:
        if value.startswith("#"):
            if child_type != "oid" and child.path not in _INTERNAL_HINT_PATHS:
                self._internal_url(value, child, child_type, loc, frame)
            return
        if (child_type == "canonical" or (child_type == "uri" and is_defining_url(child))) and not is_absolute_url(
            value
        ):
            self.run.issues.append(
                error(
                    "fhir-canonical-relative",
                    format_location(loc),
                    f"a canonical URL must be absolute unless it is a fragment ('#...'); found {value}",
                )
            )
        elif not self.run.options.allow_example_urls:
            self._example_uri(value, child, loc)

    def _internal_url(self, value: str, child: ElementDef, child_type: str, loc: Loc, frame: _Frame) -> None:
        fragment = value[1:]
        found = self.targets_in(frame.root)[fragment] > 0
        if not found and frame.bundle is not None and frame.bundle.bundle is not None:
            found = self.targets_in(frame.bundle.bundle)[fragment] > 0
        if found:
            return
        if child_type == "canonical" or child.path in _INTERNAL_ERROR_PATHS:
            self.run.issues.append(
                error(
                    "fhir-internal-url",
                    format_location(loc),
                    f"the URL {value} points inside the resource, but no id in it is '{fragment}'",
                )
            )
        else:
            self.run.issues.append(
                warning(
                    "fhir-internal-url",
                    format_location(loc),
                    f"the URL {value} looks like it points inside the resource, but no id in it is '{fragment}'",
                )
            )

    def _known_definition(self, url: str) -> bool:
        """A loaded definition has this URL (an IG's own example.org profile, value set or code system):
        HL7's validator reports only example URLs it cannot resolve."""
        context = self.run.v.context
        for kind in ("structure", "value_set", "code_system"):
            lookup = getattr(context, kind, None)
            if lookup is not None and lookup(url) is not None:
                return True
        return False

    def _example_uri(self, value: str, child: ElementDef, loc: Loc) -> None:
        if is_example_uri(value) and checks_example_uri(child) and not self._known_definition(value):
            self.run.issues.append(
                error(
                    "fhir-example-url",
                    format_location(loc),
                    f"example URLs are not allowed here ({value}); give --allow-example-urls to allow them",
                )
            )
