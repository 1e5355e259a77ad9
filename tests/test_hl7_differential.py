"""HL7's reference validator beside ours on the same files (issue 28): verdicts must agree.

The corpus: the FHIR examples in FHIR_EXAMPLE_FOLDERS (valid and invalid), a fixed sample of HL7's official
R4 examples, and seeded structured mutations of both (the fuzz test's mutator). HL7's validator runs
once over all of them through ``tools/hl7-validator/second_opinion.py``, offline, in a network
namespace of its own (``unshare --net``), and its results are cached by content, so the suite's second
Python reads them instead of starting the engine again. A file where one says valid and the other
invalid must be listed, with its reason, in ``tests/hl7_disagreements.yaml``; a listed file where the
two now agree fails too, so the list stays exactly the set of reviewed disagreements.

HL7's verdict: no issue of level error or fatal. Ours: ``valid`` in ``journalloft validate --format json``.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from journalloft.fhir.examples_source import official_examples
from test_fuzz import structured

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "tools" / "hl7-validator" / "second_opinion.py"
REVIEWED = Path(__file__).with_name("hl7_disagreements.yaml")
CORPUS = ROOT / ".cache" / "hl7-validator" / "corpus"
OFFICIAL_EVERY = 40  # one official example in 40 (sorted by name) of those up to MAX_BYTES
MAX_BYTES = 60_000  # as the fuzz test: keeps each case fast in both validators
MUTATIONS = 80
SEED = 28
# Not (yet) here: okt/fhir-1.1.0 claims okt 1.1.0's profiles, which HL7's validator cannot load beside
# the newest okt definitions it is given; okt/fhir-ig came with okt 2.0.0, and adding valid files would
# reseed the 80 mutations (a new HL7 run and review). The FHIR page and README name these folders.
FHIR_EXAMPLE_FOLDERS = ("fhir-r4", "news2", "okt/fhir")


def _write(name: str, data: bytes) -> Path:
    path = CORPUS / name
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(f".{path.name}.{os.getpid()}")
        staging.write_bytes(data)
        os.replace(staging, path)  # test workers build the corpus at the same time: never half a file
    return path


def build_corpus() -> dict[str, Path]:
    """Case id -> file, the same on every run (the mutations are seeded)."""
    cases: dict[str, Path] = {}
    own = sorted(p for folder in FHIR_EXAMPLE_FOLDERS for p in (ROOT / "examples" / folder).rglob("*.json"))
    for path in own:
        cases[f"examples/{path.relative_to(ROOT / 'examples')}"] = path
    small = [e for e in official_examples() if len(e.data) <= MAX_BYTES]
    official = sorted(small, key=lambda e: e.name)[::OFFICIAL_EVERY]
    for example in official:
        cases[f"r4-examples/{example.name}"] = _write(f"r4-examples/{example.name}", example.data)
    rng = random.Random(SEED)
    sources = [
        (case, path.read_bytes()) for case, path in cases.items() if case.startswith("examples/") and "/valid/" in case
    ]
    sources += [(case, path.read_bytes()) for case, path in cases.items() if case.startswith("r4-examples/")][:40]
    for number in range(MUTATIONS):
        _source, data = rng.choice(sources)
        _, mutated = structured(rng, data)
        digest = hashlib.sha256(mutated).hexdigest()[:10]
        case = f"mutations/{number:02d}-{digest}"
        cases[case] = _write(f"{case}.json", mutated)
    return cases


def _reviewed() -> dict[str, dict[str, Any]]:
    entries = yaml.safe_load(REVIEWED.read_text("utf-8"))["disagreements"]
    return {entry["case"]: entry for entry in entries}


@pytest.fixture(scope="module")
def outcome() -> dict[str, Any]:
    """Both verdicts for every case, from one harness run (HL7's results cached by content)."""
    cases = build_corpus()
    command = [sys.executable, str(HARNESS), "--json", "--require-isolation", *map(str, cases.values())]
    # Test workers share one engine run: the first holds the lock and fills the cache, the others read it.
    with (CORPUS.parent / ".differential.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode == 3 and shutil.which("java") is None and os.environ.get("JOURNALLOFT_EXPECT_PYTHON"):
        pytest.skip("no Java in the newest-Python root and HL7's results not cached: the oldest-Python run makes them")
    assert done.returncode in (0, 1), done.stderr
    files = {entry["path"]: entry for entry in json.loads(done.stdout)["files"]}
    return {case: files[str(path)] for case, path in cases.items()}


def _verdict(side: dict[str, Any]) -> str:
    return "failed" if side["valid"] is None else "valid" if side["valid"] else "invalid"


CASES = sorted(build_corpus())


@pytest.mark.parametrize("case", CASES)
def test_verdicts_agree_or_the_disagreement_is_reviewed(case: str, outcome: dict[str, Any]) -> None:
    entry = outcome[case]
    theirs, ours = _verdict(entry["hl7"]), _verdict(entry["journalloft"])
    assert theirs != "failed", f"HL7's validator failed on {case}: {entry['hl7']['failure']}"
    assert ours != "failed", f"journalloft failed on {case}: {entry['journalloft']['errors']}"
    reviewed = _reviewed().get(case)
    if theirs == ours:
        assert reviewed is None, f"{case}: both now say {ours}; remove it from {REVIEWED.name}"
        return
    detail = f"HL7 says {theirs} {entry['hl7']['errors']}, journalloft says {ours} {entry['journalloft']['errors']}"
    assert reviewed is not None, f"{case}: an unreviewed disagreement: {detail}"
    assert (reviewed["hl7"], reviewed["journalloft"]) == (theirs, ours), (
        f"{case}: the review is of another outcome: {detail}"
    )


def test_every_reviewed_disagreement_is_a_case_with_a_reason() -> None:
    for case, entry in _reviewed().items():
        assert case in CASES, f"{REVIEWED.name} lists {case}, which is not in the corpus"
        assert entry["kind"] in ("norwegian-rule", "stricter", "terminology", "engine-gap"), case
        assert len(entry["reason"].split()) >= 6, f"{case}: give the reason in a sentence"


def test_the_reference_ran_offline_in_a_namespace_without_network(outcome: dict[str, Any]) -> None:
    isolated = {entry["hl7"]["isolated"] for entry in outcome.values()}
    assert isolated == {True}  # every HL7 result used here came from a run inside the namespace
    prefix = json.loads(
        subprocess.run([sys.executable, str(HARNESS), "--isolation"], capture_output=True, text=True, check=True).stdout
    )
    assert prefix, "unshare --net is not available"
    probe = (
        "import socket\n"
        "try:\n"
        "    socket.create_connection(('1.1.1.1', 443), timeout=5)\n"
        "    print('reached')\n"
        "except OSError as exc:\n"
        "    print(type(exc).__name__)"
    )
    done = subprocess.run([*prefix, sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() in ("OSError", "ConnectionRefusedError", "TimeoutError"), done.stdout


def test_the_corpus_holds_what_the_figure_says() -> None:
    groups = {case.split("/", 1)[0] for case in CASES}
    assert groups == {"examples", "r4-examples", "mutations"}
    assert sum(case.startswith("mutations/") for case in CASES) == MUTATIONS


def test_the_engine_in_use_is_the_one_the_lock_records() -> None:
    tools = ROOT / "tools" / "hl7-validator"
    version = re.search(r"<hl7\.validator\.version>([^<]+)<", (tools / "pom.xml").read_text("utf-8"))
    assert version is not None
    lines = (tools / "dependencies.lock").read_text("utf-8").splitlines()
    locked = dict(line.split() for line in lines if line.strip() and not line.startswith("#"))
    assert f"org.hl7.fhir.validation-{version.group(1)}.jar" in locked
    libs = ROOT / ".cache" / "hl7-validator" / f"lib-{version.group(1)}"
    present = {jar.name: hashlib.sha256(jar.read_bytes()).hexdigest() for jar in libs.glob("*.jar")}
    assert present == locked


def test_the_fhir_page_gives_the_agreement_this_corpus_has() -> None:
    """The figure on the FHIR page and in the README is this test's corpus, counted, not typed."""
    reviewed = _reviewed()
    agree = len(CASES) - len(reviewed)
    by_kind = Counter(entry["kind"] for entry in reviewed.values())
    page = " ".join((ROOT / "docs" / "validator" / "fhir.md").read_text("utf-8").split())
    assert f"enige om gyldig eller ugyldig i {agree} av {len(CASES)} filer" in page
    folders = [f"`examples/{folder}`" for folder in FHIR_EXAMPLE_FOLDERS]
    named = f"{', '.join(folders[:-1])} og {folders[-1]}"
    assert f"FHIR-eksemplene i {named}" in page, named
    assert f"Hver av de {len(reviewed)} andre" in page
    phrases = {
        "norwegian-rule": "gjelder regler i våre egne spesifikasjoner",
        "stricter": "gjelder `urn:uuid`-referanser",
        "terminology": "gjelder SNOMED CT-koder",
        "engine-gap": "gjelder regler vi ikke har ennå",
    }
    for kind, words in phrases.items():
        if by_kind[kind]:
            assert f"{by_kind[kind]} {words}" in page, kind
        else:  # none of that kind left: the page does not count it
            assert words not in page, kind
    version = re.search(
        r"<hl7\.validator\.version>([^<]+)<", (ROOT / "tools" / "hl7-validator" / "pom.xml").read_text()
    )
    assert version is not None and f"i versjon {version.group(1)}" in page
    readme = " ".join((ROOT / "README.md").read_text("utf-8").split())
    assert f"{agree} of {len(CASES)} files" in readme
