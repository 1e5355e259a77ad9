"""Rules HL7's reference validator applies to instances beyond what the R4 definitions state.

* **Attachment size.** ``Attachment.size`` is the number of bytes of the data; when ``data`` is
  inline the two must agree.
* **Extensions from example domains.** An extension whose definition is unknown is reported,
  as a warning, except for URLs in the domains the FHIR specification reserves for examples.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net", "acme.com", "acme.org")


def attachment_size_problem(attachment: dict[str, Any]) -> str | None:
    """Why Attachment.size disagrees with the decoded length of Attachment.data, or None."""
    data, size = attachment.get("data"), attachment.get("size")
    if not isinstance(data, str) or type(size) is not int:
        return None
    try:
        actual = len(base64.b64decode("".join(data.split()), validate=True))
    except (binascii.Error, ValueError):
        return None  # the base64Binary check reports malformed data
    if actual == size:
        return None
    return f"size says {size} bytes, but data holds {actual} bytes"


def is_example_url(url: str) -> bool:
    host = url.split("://", 1)[1].split("/", 1)[0] if "://" in url else ""
    return any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS)
