"""The kit's HTTP client (standard library only): every exchange is recorded for the report.

The token is sent in ``Authorization: Bearer …`` and never recorded: the recorded request names the
scheme only (``Bearer [skjult]``), and nothing else holds it, so a report can be shared as it is.
"""

from __future__ import annotations

import http.client
import json
import ssl
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

REDACTED = "Bearer [skjult]"
MAX_RECORDED = 2 * 1024 * 1024
"""Response bodies are recorded up to this many characters (the hash covers what is recorded)."""


class Unreachable(Exception):
    """The server cannot be reached at all (refused, unknown host, TLS failure): a usage error."""


class BadBaseUrl(ValueError):
    pass


@dataclass
class Exchange:
    """One request and its response, as the report records them."""

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: str | None
    status: int
    response_headers: dict[str, str]
    response_body: str

    def json(self) -> Any:
        """The response body parsed, or None when it is not JSON."""
        try:
            return json.loads(self.response_body)
        except ValueError:
            return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "request": {
                "method": self.method,
                "url": self.url,
                "headers": self.request_headers,
                "body": self.request_body,
            },
            "response": {"status": self.status, "headers": self.response_headers, "body": self.response_body},
        }


@dataclass
class Client:
    base_url: str
    token: str | None = None
    timeout: float = 30.0
    exchanges: list[Exchange] = field(default_factory=list)

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BadBaseUrl(f"--base-url {self.base_url[:100]!r} is not an http:// or https:// address")
        if parts.query or parts.fragment:
            raise BadBaseUrl("--base-url takes the FHIR base address without ?query or #fragment")
        self.base_url = self.base_url.rstrip("/")

    def url(self, path: str) -> str:
        """An absolute URL: a path relative to the base, or a full URL (a server's next link) as it is."""
        return path if path.startswith(("http://", "https://")) else f"{self.base_url}/{path.lstrip('/')}"

    def get(self, path: str) -> Exchange:
        return self.send("GET", path)

    def send(
        self,
        method: str,
        path: str,
        body: Any = None,
        content_type: str = "application/fhir+json",
        headers: dict[str, str] | None = None,
    ) -> Exchange:
        url = self.url(path)
        parts = urlsplit(url)
        text = body if isinstance(body, str) or body is None else json.dumps(body, ensure_ascii=False, indent=2)
        sent = {"Accept": "application/fhir+json", **(headers or {})}
        if text is not None:
            sent["Content-Type"] = content_type
        recorded = dict(sent)
        if self.token is not None:
            sent["Authorization"] = f"Bearer {self.token}"
            recorded["Authorization"] = REDACTED
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection: http.client.HTTPConnection
        if parts.scheme == "https":
            connection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        else:
            connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=self.timeout)
        try:
            connection.request(method, target or "/", body=None if text is None else text.encode(), headers=sent)
            response = connection.getresponse()
            raw = response.read()
            status = response.status
            kept = {k.lower(): v for k, v in response.getheaders() if k.lower() in _KEPT_HEADERS}
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            raise Unreachable(f"{method} {url[:200]}: {type(exc).__name__}: {exc}") from None
        finally:
            connection.close()
        exchange = Exchange(method, url, recorded, text, status, kept, raw.decode("utf-8", "replace")[:MAX_RECORDED])
        self.exchanges.append(exchange)
        return exchange


_KEPT_HEADERS = frozenset({"content-type", "location", "etag", "last-modified", "www-authenticate"})
