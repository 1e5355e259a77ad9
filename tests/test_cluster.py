"""``validate --dask``: the same findings, order and summary as the CLI on one machine (journalloft.cluster)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from journalloft.cluster import (
    DASK_BLOCK_BYTES,
    MIN_BLOCK_BYTES,
    ClusterError,
    block_size,
    dask_results,
    ndjson_sources,
)
from journalloft.inputs import Source, read_documents, resolve_sources
from journalloft.report import Summary
from journalloft.stream import Settings, Validator

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [
    "fhir-r4/valid/patient-syntetisk.json",
    "fhir-r4/valid/observation-puls.json",
    "okt/prototype/invalid/feil-kontrollsiffer.json",
    "okt/prototype/invalid/mangler-personidentifikator.json",
]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small export: valid and invalid lines of two specs, broken JSON and blank lines, repeated."""
    lines = [json.dumps(json.loads((ROOT / "examples" / name).read_bytes()), ensure_ascii=False) for name in EXAMPLES]
    lines += ['{"resourceType": "Patient", "gender": "ukjent"}', '{"resourceType": "Patient",', "", "["]
    path = tmp_path_factory.mktemp("cluster") / "eksport.ndjson"
    path.write_text("\n".join(lines * 5) + "\n", encoding="utf-8")
    return path


def _validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "journalloft", "validate", *args], capture_output=True, text=True, check=False
    )


def test_dask_gives_the_cli_report_byte_for_byte_and_writes_the_rows(export: Path, tmp_path: Path) -> None:
    cli = _validate("--format", "json", str(export))
    dask = _validate("--format", "json", "--dask", "local:2", "--results-dir", str(tmp_path / "rader"), str(export))
    assert (dask.returncode, cli.returncode) == (1, 1), dask.stderr
    assert dask.stdout == cli.stdout
    report = json.loads(cli.stdout)
    parts = sorted((tmp_path / "rader").iterdir())
    rows = [json.loads(line) for part in parts for line in part.read_text(encoding="utf-8").splitlines()]
    assert [row["result"] for row in rows] == report["results"]
    assert [f"{row['key'][0]}:{row['key'][2]}" for row in rows] == [r["path"] for r in report["results"]]
    assert not list((tmp_path / "rader").glob("*.partial"))


def test_many_blocks_come_back_in_input_order(export: Path) -> None:
    settings = Settings(lang="nb")
    [source] = resolve_sources([str(export)])
    expected = [Validator(settings).check(document) for document in read_documents(source)]
    found = list(dask_results("local:2", [source], settings, block_bytes=500))
    assert [r.path for r in found] == [r.path for r in expected]
    assert [r.issues for r in found] == [r.issues for r in expected]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dask", "local:2", "examples/fhir-r4/valid/patient-syntetisk.json"], "--dask reads NDJSON files"),
        (["--dask", "local:2", "-"], "not standard input"),
        (["--results-dir", "ut", "examples/fhir-r4/valid/patient-syntetisk.json"], "give --dask too"),
        (["--dask", "local:0", "x.ndjson"], "local:N needs N from 1 to 64"),
        (["--dask", "tcp://127.0.0.1:1", "EXPORT"], "cannot reach the scheduler"),
    ],
)
def test_what_a_cluster_cannot_do_is_a_usage_error(args: list[str], message: str, export: Path) -> None:
    proc = _validate(*[str(export) if arg == "EXPORT" else arg for arg in args])
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_only_ndjson_files_go_to_a_cluster() -> None:
    with pytest.raises(ClusterError, match=r"patient\.json: --dask reads NDJSON"):
        ndjson_sources([Source("patient.json", Path("patient.json"))])


def test_a_small_export_is_cut_so_that_every_worker_gets_several_blocks() -> None:
    assert block_size(16 * 1024 * 1024, 2) == 1024 * 1024  # 8 blocks per worker
    assert block_size(10_000, 2) == MIN_BLOCK_BYTES  # no block smaller than a task is worth
    assert block_size(10**12, 64) == DASK_BLOCK_BYTES  # none larger than the look-ahead should hold


def test_the_spark_example_partition_function_matches_the_cli(export: Path) -> None:
    """examples/cluster/spark_valider.py without Spark: its per-partition function over three partitions."""
    spec = importlib.util.spec_from_file_location("spark_valider", ROOT / "examples" / "cluster" / "spark_valider.py")
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    cli = json.loads(_validate("--format", "json", str(export)).stdout)
    # as Spark's textFile gives them: the text of every line without its newline, numbered from 0
    lines = [(text, index) for index, text in enumerate(export.read_text(encoding="utf-8").split("\n")[:-1])]
    partitions = [lines[:7], lines[7:20], lines[20:]]
    rows = [row for part in partitions for row in example.validate_partition(part, str(export), None)]
    assert [row["result"] for row in rows] == cli["results"]
    total = Summary()
    for part in partitions:
        total.merge(example.summary_of(example.validate_partition(part, str(export), None)))
    assert total.summary() == cli["summary"]


def test_the_client_holds_at_most_a_few_blocks_of_results_whatever_the_export(tmp_path: Path) -> None:
    """Short lines: the bytes would make one block of 20,000 results; the line bound makes four."""
    from journalloft.cluster import MAX_BLOCK_LINES
    from journalloft.stream import read_blocks

    path = tmp_path / "korte.ndjson"
    path.write_text('{"resourceType": "Basic"}\n' * (4 * MAX_BLOCK_LINES), encoding="utf-8")
    blocks = list(read_blocks(path, DASK_BLOCK_BYTES, MAX_BLOCK_LINES))
    assert [block.first_line for block in blocks] == [1 + n * MAX_BLOCK_LINES for n in range(4)]


def test_a_results_dir_that_cannot_be_made_is_a_usage_error(export: Path, tmp_path: Path) -> None:
    (tmp_path / "fil").write_text("x", encoding="utf-8")
    proc = _validate("--dask", "local:1", "--results-dir", str(tmp_path / "fil" / "rader"), str(export))
    assert proc.returncode == 2, proc.stderr
    assert "--results-dir" in proc.stderr and "cannot be made" in proc.stderr and "Traceback" not in proc.stderr


def test_a_file_a_worker_cannot_read_is_named_as_a_cluster_error() -> None:
    from journalloft.cluster import _result

    class Lost:
        def result(self) -> list[object]:
            raise FileNotFoundError(2, "No such file or directory", "/data/eksport.ndjson")

    with pytest.raises(ClusterError, match="must be at the same path on every worker"):
        _result(Lost())
