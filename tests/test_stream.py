"""The public streaming API (journalloft.stream): blocks, keys, rows and summaries agree with the CLI."""

from __future__ import annotations

import itertools
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import journalloft
from journalloft.inputs import Source, read_documents
from journalloft.limits import Limits
from journalloft.report import Summary
from journalloft.stream import Settings, Validator, document_name, read_blocks

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _compact(path: Path) -> bytes:
    return json.dumps(json.loads(path.read_bytes()), ensure_ascii=False).encode()


@pytest.fixture(scope="module")
def ndjson(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Valid and invalid FHIR and okt-prototype lines, broken JSON, blank lines, CRLF and a long line."""
    lines = [
        _compact(EXAMPLES / "fhir-r4/valid/patient-syntetisk.json"),
        b"",
        _compact(EXAMPLES / "fhir-r4/valid/observation-puls.json") + b"\r",
        b'{"resourceType": "Patient", "gender": "ukjent"}',
        b"   ",
        b'{"resourceType": "Patient",',
        _compact(EXAMPLES / "okt/prototype/invalid/mangler-personidentifikator.json"),
        b'{"resourceType": "Basic", "code": {"text": "' + b"x" * 5000 + b'"}}',
        b"[",
    ]
    path = tmp_path_factory.mktemp("stream") / "eksport.ndjson"
    path.write_bytes(b"\n".join(lines * 3) + b"\n")
    return path


def _cli_documents(path: Path, max_bytes: int | None = None) -> list[tuple[str, bytes]]:
    return [(d.name, d.data) for d in read_documents(Source(str(path), path), max_bytes=max_bytes)]


@pytest.mark.parametrize(("size", "max_lines"), [(1, None), (7, None), (100, 2), (4096, None), (4096, 5), (10**9, 1)])
@pytest.mark.parametrize("max_bytes", [None, 1000])
def test_blocks_give_the_cli_documents_in_order_with_keys_that_point_at_each_line(
    ndjson: Path, size: int, max_lines: int | None, max_bytes: int | None
) -> None:
    blocks = list(read_blocks(ndjson, size, max_lines))
    assert blocks[0].start == 0 and blocks[-1].end == ndjson.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(blocks))  # no gap, no overlap
    content = ndjson.read_bytes()
    for block in blocks[:-1]:
        text = content[block.start : block.end]
        assert text.endswith(b"\n") and text.count(b"\n") <= (max_lines or len(text))
        if max_lines is None or text.count(b"\n") < max_lines:  # else it was cut by lines
            # ends at the first newline at or after its size-th byte
            assert len(text) >= size and b"\n" not in text[size - 1 : -1]
    lines = [line for block in blocks for line in block.lines(max_bytes)]
    assert [(document_name(key), data) for key, data in lines] == _cli_documents(ndjson, max_bytes)
    for (file, offset, number), data in lines:
        assert file == str(ndjson)
        assert content[offset:].startswith(data)  # the offset is where the line starts
        assert content[:offset].count(b"\n") == number - 1


def test_a_file_of_blank_lines_is_one_empty_input_as_in_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "tom.ndjson"
    path.write_bytes(b"\n  \n\r\n")
    [block] = read_blocks(path, 2)
    assert [(document_name(key), data) for key, data in block.lines()] == _cli_documents(path) == [(str(path), b"")]


def test_rows_and_merged_partition_summaries_equal_the_cli_report(ndjson: Path) -> None:
    cli = subprocess.run(
        [sys.executable, "-m", "journalloft", "validate", "--format", "json", str(ndjson)],
        capture_output=True,
        check=False,
    )
    assert cli.returncode == 1, cli.stderr
    report = json.loads(cli.stdout)
    validator = journalloft.Validator(journalloft.Settings())
    partials: list[Summary] = []
    rows = []
    for block in journalloft.read_blocks(ndjson, 700):  # several partitions, as on a cluster
        partial = Summary()
        for found in validator.validate_block(block):
            partial.add_row(found)
            rows.append(found)
        partials.append(partial)
    assert len(partials) > 3
    assert [found["result"] for found in rows] == report["results"]
    total = Summary()
    for partial in partials:
        total.merge(partial)
    assert total.summary() == report["summary"]
    assert total.invalid > 0 and total.valid > 0
    assert all(found["valid"] == found["result"]["valid"] for found in rows)


def test_settings_and_rows_cross_process_boundaries(ndjson: Path) -> None:
    settings = Settings(spec="fhir-r4", limits=Limits(max_issues=3), lang="nb")
    assert pickle.loads(pickle.dumps(settings)) == settings
    validator = Validator(settings)
    line = ((str(ndjson), 0, 1), b'{"resourceType": "Patient", "gender": "x"}')
    rows = list(validator.validate_lines([line]))
    assert pickle.loads(pickle.dumps(rows)) == rows
    assert json.loads(json.dumps(rows)) == rows
    [found] = rows
    assert found["key"] == [str(ndjson), 0, 1] and found["result"]["path"] == f"{ndjson}:1"
    issue, narrative = found["result"]["issues"]
    assert (issue["code"], issue["expression"]) == ("fhir-binding-required", "Patient.gender")
    assert (narrative["severity"], narrative["code"]) == ("warning", "fhir-invariant")  # dom-6
    # the settings' language reaches the rows: the same line in English reads differently
    [english] = Validator(Settings(spec="fhir-r4")).validate_lines([line])
    assert english["result"]["issues"][0]["message"] != issue["message"]


def test_summary_merge_adds_every_count() -> None:
    left = Summary(files=2, valid=1, invalid=1, errors=3, warnings=1, ignored=0, internal_errors=1)
    right = Summary(files=1, valid=0, invalid=1, errors=2, warnings=0, ignored=4, internal_errors=0)
    assert left.merge(right) == Summary(files=3, valid=1, invalid=2, errors=5, warnings=1, ignored=4, internal_errors=1)


def test_read_blocks_refuses_a_size_below_one_byte_or_one_line(ndjson: Path) -> None:
    with pytest.raises(ValueError, match="at least 1 byte"):
        list(read_blocks(ndjson, 0))
    with pytest.raises(ValueError, match="at least 1 line"):
        list(read_blocks(ndjson, 10, max_lines=0))
