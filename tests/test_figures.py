"""Benchmark figures in README.md and the docs come from the committed measurement files (issue 24).

The regions between ``<!-- figures:begin NAME ... -->`` and ``<!-- figures:end NAME -->`` are rendered
from ``benchmarks/*.json`` with the templates in ``benchmarks/figures.yaml``; a figure typed by hand
into a region, or a measurement changed without rendering again, fails here.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journalloft.site.figures import (
    REQUIRED_FIELDS,
    FiguresError,
    load_measurements,
    load_regions,
    stale_figures,
    write_figures,
)

ROOT = Path(__file__).resolve().parent.parent


def _copy(tmp_path: Path) -> Path:
    """README.md, the pages with regions and benchmarks/ in a fresh tree, to edit without touching ours."""
    for region in load_regions(ROOT):
        target = tmp_path / region.file
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / region.file, target)
    shutil.copytree(ROOT / "benchmarks", tmp_path / "benchmarks")
    return tmp_path


def test_committed_figures_are_rendered_from_the_committed_measurements() -> None:
    assert stale_figures(ROOT) == [], "figures differ from benchmarks/*.json; run: python -m journalloft.site generate"


def test_the_readme_table_and_the_fhir_page_are_regions() -> None:
    files = {region.name: region.file for region in load_regions(ROOT)}
    assert files["readme-figures"] == "README.md"
    assert files["fhir-speed"] == "docs/validator/fhir.md"


def test_a_figure_typed_by_hand_into_the_readme_fails_and_generate_restores_it(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    readme = root / "README.md"
    original = readme.read_text(encoding="utf-8")
    ours_per_s = load_measurements(root)["benchmark"]["observations"]["ours_per_s"]
    shown = f"Observations: {ours_per_s:,.0f}/s"
    assert shown in original
    readme.write_text(original.replace(shown, "Observations: 9,999/s"), encoding="utf-8")
    assert stale_figures(root) == ["README.md"]
    assert write_figures(root) == ["README.md"]
    assert readme.read_text(encoding="utf-8") == original


def test_a_figure_typed_by_hand_into_the_norwegian_page_fails(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    page = root / "docs/validator/fhir.md"
    ratio = load_measurements(root)["benchmark_cli"]["ratio"]
    shown = f"{ratio:.2f} ganger grunnlinjens tid".replace(".", ",")  # Norwegian decimal comma
    text = page.read_text(encoding="utf-8")
    assert shown in text
    page.write_text(text.replace(shown, "0,50 ganger grunnlinjens tid"), encoding="utf-8")
    assert stale_figures(root) == ["docs/validator/fhir.md"]


def test_a_new_measurement_makes_the_rows_stale_until_rendered(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    path = root / "benchmarks/benchmark_cli.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["results"]["ratio"] = 0.51
    path.write_text(json.dumps(data), encoding="utf-8")
    assert sorted(stale_figures(root)) == ["README.md", "docs/validator/fhir.md"]
    write_figures(root)
    assert "against fhir.resources: 0.51× its time" in (root / "README.md").read_text(encoding="utf-8")
    assert "0,51 ganger grunnlinjens tid" in (root / "docs/validator/fhir.md").read_text(encoding="utf-8")


def test_every_measurement_says_when_where_how_and_whether_it_was_measured() -> None:
    paths = sorted((ROOT / "benchmarks").glob("*.json"))
    assert paths
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(REQUIRED_FIELDS) <= data.keys(), path.name
        source = data["source"]
        assert source == "measured" or source.startswith("transcribed from"), (path.name, source)
        assert data["machine"] and data["command"] and data["python"], path.name


def test_every_measurement_file_is_shown_somewhere() -> None:
    templates = "".join(region.template for region in load_regions(ROOT))
    unused = [name for name in load_measurements(ROOT) if f"{{{name}[" not in templates]
    assert unused == []


def test_a_region_reading_a_figure_nobody_measured_is_refused_with_its_name(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    templates = root / "benchmarks/figures.yaml"
    text = templates.read_text(encoding="utf-8")
    broken = text.replace("{benchmark_cli[ratio]:.2f}× its time", "{benchmark_cli[speedup]:.2f}× its time")
    templates.write_text(broken, encoding="utf-8")
    with pytest.raises(FiguresError, match="region readme-figures reads 'speedup'"):
        stale_figures(root)


def test_missing_markers_and_broken_measurements_are_refused_with_their_file(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    readme = root / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("<!-- figures:end readme-figures -->", ""))
    with pytest.raises(FiguresError, match=r"README\.md: no markers for region readme-figures"):
        stale_figures(root)
    (root / "benchmarks/benchmark.json").write_text('{"date": "28.11.2026"}', encoding="utf-8")
    with pytest.raises(FiguresError, match=r"benchmarks/benchmark\.json: missing machine, command"):
        load_measurements(root)


def test_numbers_follow_the_region_locale() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    page = (ROOT / "docs/validator/fhir.md").read_text(encoding="utf-8")
    measurement = load_measurements(ROOT)["benchmark"]
    per_s = round(measurement["observations"]["ours_per_s"])
    assert f"{per_s:,}/s" in readme
    assert f"{per_s:,} Observations per sekund".replace(",", " ") in page


def test_a_benchmark_run_with_json_path_writes_a_measurement_the_readme_renders(tmp_path: Path) -> None:
    """scripts/benchmark.py --json PATH writes the metadata and the keys the README's rows read."""
    root = _copy(tmp_path)
    target = root / "benchmarks" / "benchmark.json"
    target.unlink()
    script = ROOT / "scripts" / "benchmark.py"
    command = [sys.executable, str(script), "--observations", "3", "--bundles", "1", "--json", str(target)]
    env = {**os.environ, "JOURNALLOFT_MACHINE_NOTE": "test run"}
    proc = subprocess.run(command, capture_output=True, text=True, timeout=600, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["source"] == "measured"
    assert data["command"] == f"scripts/benchmark.py --observations 3 --bundles 1 --json {target}"
    assert data["machine"].endswith(", test run")
    assert data["python"] == platform.python_version()
    assert data["results"]["observations"]["items"] == 3
    assert data["results"]["bundles"]["resources"] == 51
    assert stale_figures(root) == ["README.md", "docs/validator/fhir.md"]
    write_figures(root)
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "3 Observations: " in readme
    assert "1 Bundles of 50 entries (51 resources)" in readme
