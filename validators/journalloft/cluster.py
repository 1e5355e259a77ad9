"""``journalloft validate --dask``: NDJSON exports validated on a Dask cluster, with the CLI's findings.

The client cuts every NDJSON file into blocks on line boundaries (:func:`journalloft.stream.read_blocks`)
and sends each block, not its bytes, to a worker: the files must be readable at the same path on every
worker (a shared file system, or one machine with ``local:N``). Each worker builds one
:class:`journalloft.stream.Validator` per settings and keeps it, so the spec and engines load once per
worker. Results come back in input order with at most ``2 * workers`` blocks in flight, so the client's
memory is bounded by the block size (at most ``MAX_BLOCK_LINES`` lines), not by the size of the export.

With ``--results-dir`` each worker also writes the rows of its block to one NDJSON file there
(``part-NNNNNN.ndjson``, numbered in input order; see :func:`journalloft.stream.row`), for exports too
large to read as one report.

Dask (``distributed``) is an optional extra: ``pip install 'journalloft[dask]'``.
"""

from __future__ import annotations

import collections
import json
import os
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journalloft.inputs import InputError, Source
from journalloft.report import Result
from journalloft.stream import Block, Key, Settings, Validator, read_blocks, row

if TYPE_CHECKING:
    from distributed import Client

LOCAL_PREFIX = "local:"
DASK_BLOCK_BYTES = 4 * 1024 * 1024
"""Largest block on a cluster: a task's results stay small in the client's look-ahead."""
MIN_BLOCK_BYTES = 64 * 1024
"""Smallest block: a task costs a few milliseconds of scheduling, a block of lines far more to check."""
MAX_BLOCK_LINES = 5_000
"""Most lines in a block: the results of the blocks in flight are what the client holds, so it is their
count, not the bytes, that bounds the client's memory (a million short lines are only 60 MB)."""
BLOCKS_PER_WORKER = 8
"""Blocks a worker gets, at least, when the export is small: so no worker waits for the last big one."""


class ClusterError(InputError):
    """The cluster cannot be reached or started, or the inputs do not suit it; exit status 2."""


def parse_address(value: str) -> str:
    """``local:N`` (N worker processes on this machine, 1 to 64) or a scheduler address (tcp://host:8786)."""
    if value.startswith(LOCAL_PREFIX):
        count = value.removeprefix(LOCAL_PREFIX)
        if not count.isdigit() or not 1 <= int(count) <= 64:
            raise ValueError(f"{value!r}: local:N needs N from 1 to 64")
        return value
    if not value or any(c.isspace() for c in value):
        raise ValueError(f"{value!r} is not a scheduler address (tcp://HOST:PORT) or local:N")
    return value


def ndjson_sources(sources: list[Source]) -> list[Path]:
    """The NDJSON files of the inputs; anything else is a usage error, since a cluster reads files by path."""
    paths: list[Path] = []
    for source in sources:
        if source.path is None:
            raise ClusterError("-: --dask reads files by path on the workers, not standard input")
        if not source.is_ndjson:
            raise ClusterError(f"{source.name}: --dask reads NDJSON files (*.ndjson); check .json files without it")
        paths.append(Path(source.name))
    return paths


def dask_results(
    address: str,
    sources: list[Source],
    settings: Settings,
    *,
    results_dir: Path | None = None,
    block_bytes: int | None = None,
) -> Iterator[Result]:
    """The finished result of every NDJSON line, in input order, checked on the cluster at ``address``.

    ``block_bytes`` is the size the files are cut in; by default it is chosen from the export's size and
    the number of workers (:func:`block_size`).
    """
    paths = ndjson_sources(sources)
    if results_dir is not None:
        try:
            results_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ClusterError(f"--results-dir {results_dir}: cannot be made ({exc.strerror or exc})") from exc
    client, close = _connect(address)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        if block_bytes is None:
            block_bytes = block_size(sum(_size(path) for path in paths), workers)
        settings_key = pickle.dumps(settings)
        pending: collections.deque[Any] = collections.deque()
        for number, block in enumerate(_blocks(paths, block_bytes)):
            target = None if results_dir is None else str(results_dir / f"part-{number:06d}.ndjson")
            pending.append(client.submit(_check_block, settings_key, block, target, pure=False))
            if len(pending) >= 2 * workers:  # bounded look-ahead: reading waits for the oldest block
                yield from _result(pending.popleft())
        while pending:
            yield from _result(pending.popleft())
    finally:
        close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _blocks(paths: list[Path], block_bytes: int) -> Iterator[Block]:
    for path in paths:
        try:
            yield from read_blocks(path, block_bytes, MAX_BLOCK_LINES)
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _result(future: Any) -> list[Result]:
    try:
        return future.result()
    except OSError as exc:  # the worker's side: the file is not where the client saw it
        raise ClusterError(
            f"a worker cannot read or write a file ({exc}); the NDJSON files (and --results-dir) must be at "
            "the same path on every worker"
        ) from exc


def block_size(total_bytes: int, workers: int) -> int:
    """About ``BLOCKS_PER_WORKER`` blocks per worker, within ``MIN_BLOCK_BYTES`` and ``DASK_BLOCK_BYTES``."""
    return min(DASK_BLOCK_BYTES, max(MIN_BLOCK_BYTES, total_bytes // (workers * BLOCKS_PER_WORKER)))


def _connect(address: str) -> tuple[Client, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError("--dask needs Dask: pip install 'journalloft[dask]'") from exc
    try:
        if address.startswith(LOCAL_PREFIX):
            cluster = LocalCluster(
                n_workers=int(address.removeprefix(LOCAL_PREFIX)),
                threads_per_worker=1,  # the checker is pure Python: processes, not threads, give parallelism
                processes=True,
                # loopback only, and a free port for the scheduler's HTTP server (a fixed 8787 warns when
                # busy): a local cluster opens nothing to the network
                host="127.0.0.1",
                dashboard_address="127.0.0.1:0",
            )
            client = Client(cluster)

            def close() -> None:
                client.close()
                cluster.close()

            return client, close
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise ClusterError(f"--dask {address}: cannot reach the scheduler ({exc})") from exc
    return client, client.close


# Each worker's validators, by pickled settings: built on the first block, reused for every later one.
_VALIDATORS: dict[bytes, Validator] = {}


def _check_block(settings_key: bytes, block: Block, target: str | None) -> list[Result]:
    """Runs on a worker: the block's lines read there and checked; the rows written to ``target`` if given."""
    validator = _VALIDATORS.get(settings_key)
    if validator is None:
        validator = _VALIDATORS[settings_key] = Validator(pickle.loads(settings_key))
    checked = [(key, validator.check_line(key, data)) for key, data in block.lines(validator.settings.limits.max_bytes)]
    if target is not None:
        _write_rows(Path(target), checked, validator.settings.docs_base)
    return [result for _, result in checked]


def _write_rows(target: Path, checked: list[tuple[Key, Result]], docs_base: str) -> None:
    partial = target.with_name(target.name + ".partial")
    with partial.open("w", encoding="utf-8") as stream:
        for key, result in checked:
            stream.write(json.dumps(row(key, result, docs_base), ensure_ascii=False) + "\n")
    os.replace(partial, target)  # a results file is whole or absent, never half written
