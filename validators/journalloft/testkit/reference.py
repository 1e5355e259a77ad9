"""The OKT reference server: the spec's CapabilityStatement, implemented in memory (``serve --reference okt``).

What vendors read to see the intended behaviour, and what the test kit's own tests run against. It
answers at the root of its address (the base URL is ``http://HOST:PORT``): ``GET /metadata``, the
transaction ``POST /``, ``GET /EpisodeOfCare?patient.identifier=…`` (with ``status``, ``_lastUpdated``,
``_summary=count``, ``_include=EpisodeOfCare:organization`` and paging by ``_count`` and
``Bundle.link`` next), read, create and update of EpisodeOfCare and Organization. Every payload is
validated with the project's own Checker against the spec; one with errors is refused with 400 and
an OperationOutcome holding the findings. Data starts as the project's valid OKT examples
(synthetic persons only) and lives as long as the process.

A :class:`Variant` other than ``GOOD`` breaks one behaviour on purpose, so the kit's tests can show
that the kit notices it; the ``serve`` command always runs the good server.

Validation runs on the event loop: one request at a time is plenty for a reference server, and it
keeps the data free of locks.
"""

from __future__ import annotations

import copy
import enum
import json
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from journalloft import __version__, jsonparse
from journalloft.limits import Limits
from journalloft.pipeline import pipeline
from journalloft.report import Result
from journalloft.reporters.operationoutcome import outcome
from journalloft.service.errors import FHIR_JSON, JSON, HttpError, outcome_body, send_response
from journalloft.specs import Registry, SpecVersion
from journalloft.testkit.search import episode_search
from journalloft.testkit.seed import seeded_store
from journalloft.testkit.store import TYPES, Resource, Store, StoreError
from journalloft.testkit.transaction import apply_transaction, references
from journalloft.validation import Checker

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
Answer = tuple[int, bytes, str, list[tuple[bytes, bytes]]]
MAX_BODY = 10 * 1024 * 1024
REFERENCE_SPECS = ("okt",)
"""The specs that have a reference server (their CapabilityStatement is what it implements)."""
_MEDIA = ("application/fhir+json", "application/json")


class Variant(enum.Enum):
    """The reference server, good or broken in one deliberate way (for the kit's own tests)."""

    GOOD = "good"
    WRONG_COUNT = "wrong-count"
    """``status=active&_summary=count`` also counts services on hold."""
    NO_PAGING = "no-paging"
    """Honours ``_count`` but gives no ``next`` link: the rest of the matches cannot be reached."""
    SERVER_ERROR_FOR_INVALID = "500-for-invalid"
    """An invalid payload is answered 500 instead of 400."""
    INVALID_RESOURCES = "invalid-resources"
    """Every EpisodeOfCare it returns lacks its period (required by the profile)."""


class ReferenceServer:
    """The ASGI application. ``token``: when given, every FHIR request but /metadata needs ``Bearer token``."""

    def __init__(
        self,
        spec: str = "okt",
        *,
        variant: Variant = Variant.GOOD,
        token: str | None = None,
        registry: Registry | None = None,
        examples: Path | None = None,
    ) -> None:
        self.registry = registry or Registry()
        self.spec: SpecVersion = self.registry.resolve(spec)
        self.checker = Checker(self.registry, self.spec.key, Limits(max_bytes=MAX_BODY))
        self.variant = variant
        self._token = token
        self.store = seeded_store(examples)
        self.capabilities = _spec_capabilities(self.spec)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        try:
            status, body, content_type, headers = await self._route(scope, receive)
        except (HttpError, StoreError) as exc:
            status, headers = exc.status, []
            body, content_type = _json(outcome_body(HttpError(exc.status, exc.code, exc.message))), FHIR_JSON
            if exc.status == 401:
                headers = [(b"www-authenticate", b"Bearer")]
        await send_response(send, status, body, content_type, headers)

    async def _route(self, scope: Scope, receive: Receive) -> Answer:
        method, path = scope["method"], scope["path"].rstrip("/") or "/"
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        base = _base_url(scope)
        if path == "/health" and method == "GET":
            return 200, _json({"status": "ok", "version": __version__, "spec": self.spec.key}), JSON, []
        if path == "/metadata":
            _allow(method, "GET", path)
            return self._fhir(200, self._metadata(base))
        self._authorise(scope)
        parts = path.strip("/").split("/")
        if path == "/":
            _allow(method, "POST", path)
            return self._transaction(await _fhir_body(scope, receive))
        if parts[0] not in TYPES or len(parts) > 2:
            raise HttpError(404, "not-found", f"No such resource type or route: {path[:100]}.")
        type_ = parts[0]
        if len(parts) == 1:
            _allow(method, "GET" if type_ == "EpisodeOfCare" else "POST", path, also="POST")
            if method == "GET":
                return self._fhir(200, episode_search(self.store, query, base, self.variant, self.served))
            return self._create(type_, await _fhir_body(scope, receive), _header(scope, b"if-none-exist"))
        _allow(method, "GET", path, also="PUT")
        if method == "GET":
            return self._fhir(200, self.served(self.store.read(type_, parts[1])))
        return self._update(type_, parts[1], await _fhir_body(scope, receive))

    def served(self, resource: Resource) -> Resource:
        """A stored resource as this server returns it (the INVALID_RESOURCES variant drops a required part)."""
        if self.variant is Variant.INVALID_RESOURCES and resource.get("resourceType") == "EpisodeOfCare":
            broken = copy.deepcopy(resource)
            broken.pop("period", None)
            return broken
        return resource

    def _authorise(self, scope: Scope) -> None:
        if self._token is not None and _header(scope, b"authorization") != f"Bearer {self._token}":
            raise HttpError(401, "login", "This server needs an access token: Authorization: Bearer <token>.")

    def _metadata(self, base: str) -> Resource:
        statement = copy.deepcopy(self.capabilities)
        statement["implementation"] = {"description": "OKT referansetjener (journalloft, i minnet)", "url": base}
        return statement

    def _validated(self, body: bytes, expected_type: str) -> Resource:
        """The parsed payload, or an HTTP error holding the validator's findings."""
        parsed = jsonparse.parse(body, self.checker.limits)
        if parsed.ok and parsed.value.get("resourceType") != expected_type:
            raise HttpError(
                400, "invalid", f"Expected a {expected_type}, got {parsed.value.get('resourceType')!s:.40}."
            )
        result = pipeline(self.checker).value(parsed.value, "request", parsed.issues) if parsed.ok else None
        if result is None or not result.valid:
            shown = result or Result("request", self.spec.key, parsed.issues)
            if self.variant is Variant.SERVER_ERROR_FOR_INVALID:
                raise HttpError(500, "exception", "The server failed on this request.")
            raise _Refusal(400, _json(outcome(shown)))
        return parsed.value

    def _transaction(self, body: bytes) -> Answer:
        try:
            bundle = self._validated(body, "Bundle")
        except _Refusal as refusal:
            return refusal.status, refusal.body, FHIR_JSON, []
        if bundle.get("type") != "transaction":
            raise HttpError(400, "not-supported", "POST / takes a Bundle of type transaction.")
        self.store, response = apply_transaction(self.store, bundle)
        return self._fhir(200, response)

    def _create(self, type_: str, body: bytes, if_none_exist: str | None) -> Answer:
        try:
            resource = self._validated(body, type_)
        except _Refusal as refusal:
            return refusal.status, refusal.body, FHIR_JSON, []
        if if_none_exist is not None:
            found = _conditional_match(self.store, type_, if_none_exist)
            if found is not None:
                return self._fhir(200, self.served(found), _location(found))
        _check_references(self.store, resource)
        stored = self.store.save(type_, self.store.new_id(type_), resource, create=True)
        return self._fhir(201, self.served(stored), _location(stored))

    def _update(self, type_: str, id_: str, body: bytes) -> Answer:
        try:
            resource = self._validated(body, type_)
        except _Refusal as refusal:
            return refusal.status, refusal.body, FHIR_JSON, []
        if resource.get("id") != id_:
            raise HttpError(400, "invalid", f"The resource's id must be {id_[:64]}, the id in the URL.")
        _check_references(self.store, resource)
        stored = self.store.save(type_, id_, resource, create=False)
        return self._fhir(200, self.served(stored), _location(stored))

    @staticmethod
    def _fhir(status: int, resource: Resource, headers: list[tuple[bytes, bytes]] | None = None) -> Answer:
        return status, _json(resource), FHIR_JSON, headers or []


class _Refusal(Exception):
    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(status)
        self.status, self.body = status, body


def _spec_capabilities(spec: SpecVersion) -> Resource:
    """The spec's CapabilityStatement (kind requirements) as this server's own (kind instance)."""
    found = [r for r in spec.fhir_resources() if r.get("resourceType") == "CapabilityStatement"]
    if not found:
        raise HttpError(500, "not-supported", f"{spec.key} has no CapabilityStatement to implement.")
    statement = copy.deepcopy(found[0])
    spec_url = statement.pop("url", None)
    statement.update(
        id="okt-reference-server",
        name="OktReferenceServer",
        title=f"OKT referansetjener ({spec.key})",
        kind="instance",
        software={"name": "journalloft referansetjener", "version": __version__},
    )
    if spec_url:
        statement["instantiates"] = [spec_url]
    statement["text"] = {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml">OKT referansetjener for {spec.key}.</div>',
    }
    return statement


def _conditional_match(store: Store, type_: str, criteria: str) -> Resource | None:
    identifier = parse_qs(criteria.partition("?")[2] or criteria).get("identifier", [""])[-1]
    system, _, value = identifier.partition("|")
    found = store.by_identifier(type_, system, value)
    if len(found) > 1:
        raise HttpError(412, "multiple-matches", f"{len(found)} {type_} resources match If-None-Exist.")
    return found[0] if found else None


def _check_references(store: Store, resource: Resource) -> None:
    for holder in references(resource):
        type_, _, id_ = holder["reference"].partition("/")
        if (type_, id_) not in store.data:
            raise HttpError(400, "not-found", f"The reference {holder['reference'][:80]} names nothing stored.")


def _location(resource: Resource) -> list[tuple[bytes, bytes]]:
    meta = resource["meta"]
    location = f"{resource['resourceType']}/{resource['id']}/_history/{meta['versionId']}"
    return [(b"location", location.encode()), (b"etag", f'W/"{meta["versionId"]}"'.encode())]


def _allow(method: str, allowed: str, path: str, also: str | None = None) -> None:
    if method not in (allowed, also):
        answers = allowed + (f", {also}" if also else "")
        raise HttpError(405, "not-supported", f"{path[:100]} answers {answers}, not {method[:20]}.")


async def _fhir_body(scope: Scope, receive: Receive) -> bytes:
    media = (_header(scope, b"content-type") or "").partition(";")[0].strip().lower()
    if media not in _MEDIA:
        raise HttpError(415, "not-supported", f"Content-Type {media[:80] or 'none'} is not accepted; send {_MEDIA[0]}.")
    chunks, size = [], 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise HttpError(413, "too-long", f"The body is larger than {MAX_BODY:,} bytes.")
        chunks.append(chunk)
        if message["type"] == "http.disconnect" or not message.get("more_body", False):
            return b"".join(chunks)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1").strip()
    return None


def _base_url(scope: Scope) -> str:
    host = _header(scope, b"host") or "localhost"
    return f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}"


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8", "backslashreplace") + b"\n"
