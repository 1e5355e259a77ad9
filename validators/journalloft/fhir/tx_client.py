"""A FHIR R4 terminology server asked about codes this validator cannot check offline (``--tx URL``).

Only used when the user names a server: without one no request is ever made. Each distinct
(system, code, display) is asked once per run with ``CodeSystem/$validate-code`` (R4: POST of a
``Parameters`` resource with ``url``, ``code`` and ``display``; the answer is a ``Parameters`` with
``result``, ``message`` and ``display``). The first failure (the server cannot be reached, does not
answer within the timeout, or answers with something that is not a ``$validate-code`` result) is kept:
the run reports it once and asks no more, so an unreachable server costs one timeout, not one per code.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass
from typing import Any

DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class TxAnswer:
    """The server's answer about one code: ``result`` (valid or not), its ``message`` and the
    display it gives the code (when it says)."""

    result: bool
    message: str | None
    display: str | None


def check_server_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL (the server's base, e.g. https://tx.fhir.org/r4); else ValueError."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"a terminology server must be an http(s) URL, not {url!r}")
    return url.strip().rstrip("/")


class TerminologyServer:
    """One run's connection to a terminology server: answers cached, the first failure kept."""

    def __init__(self, url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        if not timeout > 0:
            raise ValueError(f"the terminology server timeout must be a positive number of seconds, not {timeout!r}")
        self.url = check_server_url(url)
        self.timeout = float(timeout)
        self.failure: str | None = None
        """Why the server could not be used (set once; no requests after it)."""
        self.failure_reported = False
        """Whether a finding has told the run about ``failure`` (so it is told once)."""
        self.requests = 0
        self._cache: dict[tuple[str, str, str | None], TxAnswer] = {}
        self._lock = threading.Lock()

    # A worker process (--jobs with spawn) gets a copy: the lock cannot be pickled, the cache need not be.
    def __getstate__(self) -> dict[str, Any]:
        return {"url": self.url, "timeout": self.timeout}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["url"], state["timeout"])  # type: ignore[misc]

    def validate_code(self, system: str, code: str, display: str | None) -> TxAnswer | None:
        """The server's answer, or None when the server cannot be used (see ``failure``)."""
        # Imported here, not at the top: http.client and urllib.request (with ssl and email) cost a
        # noticeable part of the CLI's cold start, and only runs with --tx ever use them.
        import http.client
        import urllib.error

        key = (system, code, display)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None or self.failure is not None:
                return cached
            try:
                answer = self._ask(system, code, display)
            except _BadAnswer as exc:
                self.failure = f"{self.url} gave an answer that is not a $validate-code result ({exc})"
                return None
            except TimeoutError:
                self.failure = f"{self.url} did not answer within {self.timeout:g} s"
                return None
            except urllib.error.HTTPError as exc:
                # The error is also the response: close it, or its body's temporary file is left for the
                # garbage collector (a ResourceWarning on Python 3.15).
                with exc:
                    self.failure = f"{self.url} answered HTTP {exc.code} {exc.reason}"
                return None
            except (OSError, http.client.HTTPException) as exc:
                reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
                if isinstance(reason, TimeoutError):
                    self.failure = f"{self.url} did not answer within {self.timeout:g} s"
                else:
                    self.failure = f"{self.url} could not be reached ({reason})"
                return None
            self._cache[key] = answer
            return answer

    def _ask(self, system: str, code: str, display: str | None) -> TxAnswer:
        import urllib.request  # see validate_code

        parameters: list[dict[str, Any]] = [{"name": "url", "valueUri": system}, {"name": "code", "valueCode": code}]
        if display is not None:
            parameters.append({"name": "display", "valueString": display})
        body = json.dumps({"resourceType": "Parameters", "parameter": parameters}).encode("utf-8")
        request = urllib.request.Request(
            f"{self.url}/CodeSystem/$validate-code",
            data=body,
            method="POST",
            headers={"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"},
        )
        self.requests += 1
        # the scheme is http or https (check_server_url), never file: or another opener's
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            text = response.read(_MAX_ANSWER + 1)
        if len(text) > _MAX_ANSWER:
            raise _BadAnswer(f"more than {_MAX_ANSWER} bytes")
        try:
            answer = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise _BadAnswer("not JSON") from exc
        return _parse(answer)


# A $validate-code answer is a few hundred bytes; a server sending megabytes is answering something else.
_MAX_ANSWER = 1 << 20


class _BadAnswer(Exception):
    pass


def _parse(answer: Any) -> TxAnswer:
    if not isinstance(answer, dict) or answer.get("resourceType") != "Parameters":
        kind = answer.get("resourceType") if isinstance(answer, dict) else type(answer).__name__
        raise _BadAnswer(f"a {kind}, not Parameters")
    values: dict[str, Any] = {}
    for parameter in answer.get("parameter") or ():
        if isinstance(parameter, dict) and isinstance(parameter.get("name"), str):
            for key in ("valueBoolean", "valueString"):
                if key in parameter:
                    values.setdefault(parameter["name"], parameter[key])
    result = values.get("result")
    if not isinstance(result, bool):
        raise _BadAnswer("no boolean result")
    message, display = values.get("message"), values.get("display")
    return TxAnswer(
        result, message if isinstance(message, str) else None, display if isinstance(display, str) else None
    )
