"""Validate an NDJSON export with journalloft on Apache Spark, one validator per partition.

    spark-submit examples/cluster/spark_valider.py EXPORT.ndjson RESULTS_DIR [SPEC]

Every executor needs `pip install journalloft` (the same version as the driver). The export is read
as text lines; each partition builds one journalloft.Validator (the spec and engines load once per
partition, not per line) and turns its lines into rows: plain dicts with the line's key, the counts
and the CLI's JSON result. The rows are written as JSON files, and the summary is the merged
partition summaries, equal to what `journalloft validate` prints for the same file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any

import journalloft


def validate_partition(lines: Iterable[tuple[str, int]], path: str, spec: str | None) -> Iterator[dict[str, Any]]:
    """Rows for (line text, line index from 0) pairs, checked by one validator built for this partition."""
    validator = journalloft.Validator(journalloft.Settings(spec=spec))
    keyed = (((path, 0, index + 1), text.encode("utf-8")) for text, index in lines if text.strip())
    yield from validator.validate_lines(keyed)


def summary_of(rows: Iterable[dict[str, Any]]) -> journalloft.Summary:
    summary = journalloft.Summary()
    for row in rows:
        summary.add_row(row)
    return summary


def main(export: str, results_dir: str, spec: str | None = None) -> dict[str, int]:
    from pyspark.sql import SparkSession  # only the Spark run needs it; the function above does not

    spark = SparkSession.builder.appName("journalloft").getOrCreate()
    try:
        lines = spark.sparkContext.textFile(export).zipWithIndex()
        rows = lines.mapPartitions(lambda part: validate_partition(part, export, spec)).cache()
        rows.map(lambda row: json.dumps(row, ensure_ascii=False)).saveAsTextFile(results_dir)
        partials = rows.mapPartitions(lambda part: [summary_of(part)]).collect()
        total = journalloft.Summary()
        for partial in partials:
            total.merge(partial)
        return total.summary()
    finally:
        spark.stop()


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
