"""Options of one FHIR validation run that relax rules HL7's reference validator applies by default.

Each option has its counterpart in HL7's Java validator (named on docs/validator/fhir.md):

* ``allowed_extension_domains`` (``--allow-extension-domain``, HL7's ``-extension DOMAIN``): an
  extension whose URL starts with one of these is allowed although its definition is unknown;
* ``any_extension`` (``--any-extension``, HL7's ``-extension any``): every unknown extension is
  allowed (reported as a warning, as before HL7's default was followed);
* ``allow_example_urls`` (``--allow-example-urls``, HL7's ``-allow-example-urls true``): URLs in the
  domains reserved for examples (example.org, example.com, ...) are allowed in ``Attachment.url``
  and as extension URLs, and such extensions count as known;
* ``display_issues_are_warnings`` (``--display-issues-are-warnings``, HL7's
  ``-display-issues-are-warnings``): a wrong display of a code from a code system HL7 publishes is a
  warning instead of an error;
* ``no_html_in_markdown`` (``--no-html-in-markdown``, HL7's ``-html-in-markdown error``): a markdown
  value holding what looks like an HTML tag is an error;
* ``contained_ids`` (``--contained-ids ignore|check``, HL7's ``validateContains``): ``ignore`` skips
  the id form of contained resources and whether they are referenced;
* ``terminology_server`` (``--tx URL`` and ``--tx-timeout``, HL7's ``-tx URL``): codes of code systems
  not held here are asked about with ``$validate-code`` (see journalloft.fhir.tx_client); without it
  they are reported as not checked and no request is made (HL7's ``-tx n/a``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from journalloft.fhir.tx_client import TerminologyServer


@dataclass(frozen=True)
class FhirOptions:
    allowed_extension_domains: tuple[str, ...] = ()
    any_extension: bool = False
    allow_example_urls: bool = False
    display_issues_are_warnings: bool = False
    no_html_in_markdown: bool = False
    contained_ids: str = "check"
    terminology_server: TerminologyServer | None = None

    def __post_init__(self) -> None:
        if self.contained_ids not in CONTAINED_IDS:
            raise ValueError(f"contained_ids must be one of {', '.join(CONTAINED_IDS)}, not {self.contained_ids!r}")

    def extension_domain_allowed(self, url: str) -> bool:
        """Whether ``url`` is in one of the allowed extension domains: a domain given with a scheme
        (``https://fhir.nhs.uk/StructureDefinition``) is a prefix of the URL, as in HL7's validator;
        a bare host name (``fhir.nhs.uk``) matches that host and its subdomains."""
        host = url.split("://", 1)[1].split("/", 1)[0] if "://" in url else ""
        for domain in self.allowed_extension_domains:
            if "://" in domain:
                if url.startswith(domain):
                    return True
            elif host and (host == domain or host.endswith("." + domain)):
                return True
        return False


CONTAINED_IDS = ("check", "ignore")

# An HTML tag, end tag, comment or declaration: "<" and a letter, "</" or "<!". A markdown autolink
# (<https://...>, <mailto:...>) is not one.
_HTML_TAG = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.\-]*:[^\s>]*>)(?:[A-Za-z]|/[A-Za-z]|!)")


def html_in_markdown(text: str) -> str | None:
    """The first characters of what looks like an HTML tag in markdown text, or None."""
    found = _HTML_TAG.search(text)
    return text[found.start() : found.start() + 2] if found else None


DEFAULT_OPTIONS = FhirOptions()
