"""Seeded fuzzing, a fixed number of cases, of the validator through the Python API and the CLI (issue 12), and of
``--ig`` with mutated packages and profiles (issue 20).

Inputs are HL7's official R4 examples (a seeded sample) and the project's examples/, mutated two
ways: structured (a value replaced by a hostile token, a key renamed or removed, a subtree copied or
wrapped) and byte-level (bytes flipped, cut, inserted, repeated). For every input: no exception, no
``internal-error``, and every output format parses (JSON and OperationOutcome as UTF-8 JSON, JUnit
as XML) and the text format holds no control characters but line ends. The CLI runs over a folder
of mutated files in every format, with an exit status inside the contract. The HTTP service gets
the same mutated bodies with random routes, queries, content types, lengths and chunking, and may
answer only its documented statuses (never 500), always as JSON without a traceback.

The run is deterministic for a seed (``JOURNALLOFT_FUZZ_SEED``, default 12) and has a fixed number of
cases (200 through the API, 150 mutated packages, 600 service requests; ``JOURNALLOFT_FUZZ_SCALE``
multiplies them for a longer run by hand), so a loaded machine takes longer instead of testing less.
A failure message names the seed, the case number and the mutation, which reproduces it.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import MutableMapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import journalloft
from journalloft.fhir.examples_source import official_examples
from journalloft.report import Report
from journalloft.reporters import json_reporter, junit, operationoutcome, text

SEED = int(os.environ.get("JOURNALLOFT_FUZZ_SEED", "12"))
SCALE = float(os.environ.get("JOURNALLOFT_FUZZ_SCALE", "1"))
API_CASES = max(1, round(200 * SCALE))
IG_CASES = max(1, round(150 * SCALE))
SERVICE_CASES = max(1, round(600 * SCALE))
EXE = Path(sys.executable).with_name("journalloft")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SAMPLE = 40  # official examples in the corpus (of about 5,300), chosen by the seed
MAX_EXAMPLE_BYTES = 60_000  # keep single cases fast

# Raw JSON text put in place of a value: what broke or could break the validator.
HOSTILE_TOKENS: tuple[str, ...] = (
    "NaN",
    "-Infinity",
    "1e1000000",
    "7" * 5_000,
    "1e-400",
    "12345678901234567890",
    "-0",
    '"\\ud800"',
    '"x\\udfff y"',
    '"\\u0000\\u001b[2J"',
    '"abc\\u202edef"',
    '"line\\nbreak\\r\\n1 checked: 1 valid"',
    '"#"',
    '"#missing"',
    '"urn:uuid:"',
    '"http://example.org/fhir/' + "A" * 3_000 + '"',
    '"Patient/1/_history/"',
    "{}",
    "[]",
    "[[]]",
    "null",
    "true",
    '""',
    "[" * 150 + "]" * 150,
    '{"resourceType": "Patient", "id": "x"}',
    '{"reference": "#x\\n"}',
    '[{"resourceType": "Observation", "id": "x"}]',
)
HOSTILE_KEYS: tuple[str, ...] = ("\u000b", "\ud800", "resourceType", "_id", "contained", "value[x]", "", "id")
INSERTS: tuple[bytes, ...] = (
    b"\xff",
    b"\xef\xbb\xbf",
    b"\\ud800",
    b"NaN",
    b",",
    b"}",
    b"]",
    b"\x00",
    b'"',
    b"\\",
    b"1e99999",
    b"\xed\xa0\x80",
)
_SENTINEL = "\u0000fuzz-token-{}\u0000"
_UNSAFE_TEXT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def corpus(rng: random.Random) -> list[tuple[str, bytes]]:
    official = [e for e in official_examples() if len(e.data) <= MAX_EXAMPLE_BYTES]
    chosen = rng.sample(official, SAMPLE)
    own = sorted(EXAMPLES.rglob("*.json")) + sorted(EXAMPLES.rglob("*.ndjson"))
    return [(e.name, e.data) for e in chosen] + [(str(p.relative_to(EXAMPLES)), p.read_bytes()) for p in own]


# -- mutations ---------------------------------------------------------------------------------------


def _nodes(value: Any) -> list[tuple[Any, Any]]:
    """(container, key or index) of every value inside ``value``."""
    found: list[tuple[Any, Any]] = []
    stack = [value]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in items:
            found.append((node, key))
            stack.append(child)
    return found


def _dump(value: Any, tokens: list[str]) -> bytes:
    serialised = json.dumps(value, default=lambda d: float(d) if isinstance(d, Decimal) else str(d))
    for index, token in enumerate(tokens):
        serialised = serialised.replace(json.dumps(_SENTINEL.format(index)), token, 1)
    return serialised.encode("utf-8", "surrogatepass")


def structured(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    try:
        value = json.loads(data, parse_float=Decimal)
    except ValueError:
        return byte_level(rng, data)
    tokens: list[str] = []
    done: list[str] = []
    for _ in range(rng.randint(1, 3)):
        nodes = _nodes(value)
        if not nodes:
            break
        container, key = rng.choice(nodes)
        operation = rng.choice(("token", "token", "delete", "rename", "copy", "wrap", "unwrap", "type"))
        if operation == "token":
            token = rng.choice(HOSTILE_TOKENS)
            container[key] = _SENTINEL.format(len(tokens))
            tokens.append(token)
            done.append(f"{key!r}={token[:20]}")
        elif operation == "delete":
            del container[key]
            done.append(f"del {key!r}")
        elif operation == "rename" and isinstance(container, dict):
            new = rng.choice(HOSTILE_KEYS)
            container[new] = container.pop(key)
            done.append(f"rename {key!r}->{new!r}")
        elif operation == "copy":
            target, target_key = rng.choice(nodes)
            target[target_key] = json.loads(json.dumps(container[key], default=str))
            done.append(f"copy {key!r}->{target_key!r}")
        elif operation == "wrap":
            container[key] = [container[key]]
            done.append(f"wrap {key!r}")
        elif operation == "unwrap" and isinstance(container[key], list) and container[key]:
            container[key] = container[key][0]
            done.append(f"unwrap {key!r}")
        elif operation == "type" and isinstance(value, dict):
            value["resourceType"] = rng.choice(("Bundle", "Patient", "Observation", "Nope", "CareTeam"))
            done.append(f"type {value['resourceType']}")
    return "structured " + "; ".join(done), _dump(value, tokens)


def byte_level(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    buffer = bytearray(data)
    done: list[str] = []
    for _ in range(rng.randint(1, 4)):
        if not buffer:
            buffer.extend(rng.choice(INSERTS))
            continue
        at = rng.randrange(len(buffer))
        operation = rng.choice(("flip", "cut", "insert", "repeat", "delete"))
        if operation == "flip":
            buffer[at] = rng.randrange(256)
        elif operation == "cut":
            del buffer[at:]
        elif operation == "insert":
            buffer[at:at] = rng.choice(INSERTS)
        elif operation == "repeat":
            end = min(len(buffer), at + rng.randint(1, 200))
            buffer[at:at] = buffer[at:end] * rng.randint(2, 20)
        else:
            del buffer[at : at + rng.randint(1, 50)]
        done.append(f"{operation}@{at}")
    return "bytes " + ", ".join(done), bytes(buffer)


# -- what must hold --------------------------------------------------------------------------------


def problems_with(report: Report) -> list[str]:
    found: list[str] = []
    internal = [i.message for i in report.issues if i.code == "internal-error"]
    if internal:
        found.append(f"internal-error: {internal[0][:200]}")
    try:
        json.loads(json_reporter.render(report).encode("utf-8"))
        json.loads(operationoutcome.render(report).encode("utf-8"))
        ET.fromstring(junit.render(report).encode("utf-8"))
        written = text.render(report)
        written.encode("utf-8")
    except Exception as exc:
        return [*found, f"output: {type(exc).__name__}: {exc}"]
    unsafe = _UNSAFE_TEXT.search(written)
    if unsafe:
        found.append(f"text output holds U+{ord(unsafe.group()):04X}")
    return found


def test_mutated_examples_through_the_api() -> None:
    rng = random.Random(SEED)
    inputs = corpus(rng)
    failures: list[str] = []
    cases = 0
    while cases < API_CASES:
        name, data = rng.choice(inputs)
        mutation, mutated = (structured if rng.random() < 0.6 else byte_level)(rng, data)
        cases += 1
        try:
            report = journalloft.validate(mutated)
        except Exception as exc:
            failures.append(f"case {cases} ({name}, {mutation}): raised {type(exc).__name__}: {exc}")
            continue
        failures.extend(f"case {cases} ({name}, {mutation}): {p}" for p in problems_with(report))
    assert not failures, f"seed {SEED}, {cases} cases:\n" + "\n".join(failures[:20])


def test_mutated_examples_through_the_cli(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    inputs = corpus(rng)
    lines = []
    for number in range(24):
        _, data = rng.choice(inputs)
        _, mutated = (structured if number % 2 else byte_level)(rng, data)
        (tmp_path / f"case{number:02d}.json").write_bytes(mutated)
        lines.append(mutated.replace(b"\n", b" ").replace(b"\r", b" "))
    (tmp_path / "cases.ndjson").write_bytes(b"\n".join(lines) + b"\n")
    for output_format in ("text", "json", "operationoutcome", "junit"):
        proc = subprocess.run(
            [str(EXE), "validate", "--format", output_format, str(tmp_path)], capture_output=True, timeout=300
        )
        assert proc.returncode in (0, 1), (output_format, proc.returncode, proc.stderr[-2000:])
        assert b"Traceback" not in proc.stderr
        out = proc.stdout.decode("utf-8")  # always valid UTF-8
        if output_format in ("json", "operationoutcome"):
            parsed = json.loads(out)
            count = len(parsed["results"]) if output_format == "json" else len(parsed["entry"])
            assert count == 24 + len(lines)
        elif output_format == "junit":
            assert len(ET.fromstring(out).findall(".//testcase")) == 24 + len(lines)
        else:
            assert not _UNSAFE_TEXT.search(out)
            assert out.splitlines()[-1].startswith(f"{24 + len(lines)} checked:")


# -- --ig: mutated packages and profiles (issue 20) -----------------------------------------------------

IG_SPEC = Path(__file__).resolve().parent / "fhir" / "specs" / "profile-features"
_CONFORMANCE = ("StructureDefinition-", "ValueSet-", "CodeSystem-")


def ig_corpus() -> tuple[dict[str, bytes], list[bytes]]:
    """The test spec's resources as package members, and payloads that claim its profiles."""
    generated = IG_SPEC / "1.0.0" / "generated"
    members = {f"package/{p.name}": p.read_bytes() for p in sorted(generated.glob("*.json"))}
    members["package/package.json"] = b'{"name": "fuzz.ig", "version": "1.0.0"}'
    payloads = [p.read_bytes() for p in sorted(generated.glob("*.json")) if not p.name.startswith(_CONFORMANCE)]
    payloads += [p.read_bytes() for p in sorted((IG_SPEC / "invalid").glob("*.json"))]
    return members, payloads


def mutated_package(rng: random.Random, members: dict[str, bytes]) -> tuple[str, bytes]:
    from journalloft.fhir.package import tgz

    changed = dict(members)
    done: list[str] = []
    profiles = [name for name in members if name.startswith("package/" + _CONFORMANCE[0])]
    for _ in range(rng.randint(1, 3)):
        name = rng.choice([*profiles, *profiles, *changed])
        operation = rng.random()
        try:
            resource = json.loads(changed[name])
        except ValueError:  # an earlier byte-level mutation of this member
            resource = None
        if operation < 0.15:
            # A profile's own snapshot made of whatever its differential now holds (or junk).
            if isinstance(resource, dict):
                elements = (resource.get("differential") or {}).get("element")
                resource["snapshot"] = {"element": rng.choice([elements, [1, "x", None], [{"path": 7}], "x"])}
                changed[name] = json.dumps(resource).encode("utf-8")
            done.append(f"snapshot {name}")
        elif operation < 0.3 and isinstance(resource, dict) and name in profiles:
            # Its base becomes another profile of the package, which may close a cycle.
            other = json.loads(members[rng.choice(profiles)])
            resource["baseDefinition"] = other.get("url")
            changed[name] = json.dumps(resource).encode("utf-8")
            done.append(f"base {name} -> {other.get('id')}")
        else:
            mutation, changed[name] = (structured if operation < 0.85 else byte_level)(rng, changed[name])
            done.append(f"{name}: {mutation}")
    packed = tgz(changed)
    if rng.random() < 0.08:
        mutation, packed = byte_level(rng, packed)
        done.append(f"tgz {mutation}")
    return "; ".join(done), packed


def test_mutated_ig_packages_through_the_api(tmp_path: Path) -> None:
    from journalloft.specs import Registry, SpecError

    rng = random.Random(SEED + 2)
    members, payloads = ig_corpus()
    failures: list[str] = []
    cases = usage_errors = 0
    while cases < IG_CASES:
        mutation, packed = mutated_package(rng, members)
        cases += 1
        package = tmp_path / f"case{cases}.tgz"
        package.write_bytes(packed)
        payload = rng.choice(payloads)
        try:
            report = journalloft.validate(payload, registry=Registry(roots=[]), ig=[package])
        except SpecError:
            usage_errors += 1  # a clear usage error (exit 2 on the command line)
            continue
        except Exception as exc:
            failures.append(f"case {cases} ({mutation}): raised {type(exc).__name__}: {exc}"[:600])
            continue
        failures.extend(f"case {cases} ({mutation}): {p}" for p in problems_with(report))
    assert not failures, f"seed {SEED + 2}, {cases} cases:\n" + "\n".join(failures[:20])
    assert usage_errors < cases  # most mutated packages load, so the profiles themselves are exercised


def test_mutated_ig_packages_through_the_cli(tmp_path: Path) -> None:
    rng = random.Random(SEED + 3)
    members, payloads = ig_corpus()
    for number, payload in enumerate(payloads[:4]):
        (tmp_path / f"payload{number}.json").write_bytes(payload)
    for number in range(4):  # each run loads the FHIR engine anew: a few seconds
        mutation, packed = mutated_package(rng, members)
        package = tmp_path / f"case{number}.tgz"
        package.write_bytes(packed)
        proc = subprocess.run(
            [
                str(EXE),
                "validate",
                "--no-config",
                "--format",
                "json",
                "--ig",
                str(package),
                *map(str, sorted(tmp_path.glob("payload*.json"))),
            ],
            capture_output=True,
            timeout=300,
        )
        assert proc.returncode in (0, 1, 2), (mutation, proc.returncode, proc.stderr[-2000:])
        assert b"Traceback" not in proc.stderr, mutation
        if proc.returncode != 2:
            json.loads(proc.stdout.decode("utf-8"))


# -- the HTTP service (issue 20) ---------------------------------------------------------------------

# Every status the service documents (docs/validator/tjeneste.md, openapi.json); 500 is not among the
# answers a mutated request may get: it is the validator failing.
SERVICE_STATUSES = frozenset({200, 400, 404, 405, 408, 413, 415, 503})
_PATHS = ("/fhir/$validate", "/fhir/Patient/$validate", "/fhir/Observation/$validate", "/validate", "/validate")
_CONTENT_TYPES = (
    b"application/fhir+json",
    b"application/json",
    b"application/json; charset=utf-8",
    b"application/fhir+json; charset=latin-1",
    b"application/fhir+xml",
    b"text/plain",
    b"",
    b"application/json; charset=\xff\xfe",
)


def _service_request(rng: random.Random, body: bytes) -> tuple[dict[str, Any], list[bytes]]:
    """A scope with a random route, query, method and headers, and the body cut into random chunks."""
    method = rng.choice(("POST",) * 8 + ("GET", "PUT"))
    path = rng.choice(_PATHS) if rng.random() < 0.95 else "/" + "x" * rng.randrange(1, 300)
    query = rng.choice((b"", b"spec=fhir-r4", b"spec=okt", b"spec=nope@9", b"spec=%00", b"spec=" + b"a" * 500))
    headers = [(b"content-type", rng.choice(_CONTENT_TYPES))]
    if rng.random() < 0.3:
        headers.append((b"content-length", rng.choice((b"-1", b"abc", b"99999999999", str(len(body)).encode()))))
    cuts = sorted(rng.randrange(len(body) + 1) for _ in range(rng.randrange(0, 4)))
    chunks = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True)]
    scope = {"type": "http", "method": method, "path": path, "query_string": query, "headers": headers}
    return scope, chunks


def test_mutated_requests_through_the_service() -> None:
    """Random routes, headers and chunking over mutated bodies: only documented statuses, JSON answers."""
    import asyncio

    from journalloft.service.app import Service, ServiceConfig

    rng = random.Random(SEED + 1)
    inputs = corpus(rng)
    service = Service(ServiceConfig(max_body_bytes=100_000, workers=0, read_timeout=5))
    failures: list[str] = []
    cases = 0
    while cases < SERVICE_CASES:
        name, data = rng.choice(inputs)
        mutation, mutated = (structured if rng.random() < 0.6 else byte_level)(rng, data)
        scope, chunks = _service_request(rng, mutated)
        cases += 1
        sent: list[dict[str, Any]] = []
        pending = list(chunks)

        async def receive(pending: list[bytes] = pending) -> dict[str, Any]:
            body = pending.pop(0) if pending else b""
            return {"type": "http.request", "body": body, "more_body": bool(pending)}

        async def send(message: MutableMapping[str, Any], sent: list[dict[str, Any]] = sent) -> None:
            sent.append(dict(message))

        where = f"case {cases} ({name}, {mutation}, {scope['method']} {scope['path'][:40]})"
        try:
            asyncio.run(service(scope, receive, send))
        except Exception as exc:
            failures.append(f"{where}: raised {type(exc).__name__}: {exc}")
            continue
        status, answer = sent[0]["status"], sent[1]["body"]
        if status not in SERVICE_STATUSES:
            failures.append(f"{where}: status {status}")
        try:
            json.loads(answer)
        except ValueError:
            failures.append(f"{where}: the answer is not JSON")
        if b"Traceback" in answer:
            failures.append(f"{where}: the answer holds a traceback")
    assert service.buffered == 0
    assert not failures, f"seed {SEED}, {cases} cases:\n" + "\n".join(failures[:20])
