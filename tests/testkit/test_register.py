"""The register (specs/adoption/samsvar.yaml): the lint refuses a missing, altered, failing or mismatched
report, and the Samsvar page lists what the data holds."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from journalloft.site import conformance_page
from journalloft.testkit.register import RegisterInvalid, load
from journalloft.testkit.report import seal

ROOT = Path(__file__).resolve().parents[2]
REPORT = "rapporter/journalloft-referansetjener-okt-1.1.0.json"


def _tree(tmp_path: Path) -> Path:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs/adoption", specs / "adoption")
    shutil.copytree(ROOT / "specs/okt", specs / "okt")
    return specs


def _edit_entry(specs: Path, **changes: Any) -> None:
    path = specs / "adoption/samsvar.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["products"][0].update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _edit_report(specs: Path, edit: Callable[[dict[str, Any]], dict[str, Any]]) -> str:
    path = specs / "adoption" / REPORT
    report = edit(json.loads(path.read_text(encoding="utf-8")))
    path.write_text(json.dumps(report), encoding="utf-8")
    return str(report["reportSha256"])


def test_the_committed_register_lists_the_reference_servers_passing_report() -> None:
    (entry,) = load(ROOT / "specs")
    report = json.loads((ROOT / "specs/adoption" / REPORT).read_text(encoding="utf-8"))
    assert entry.report_sha256 == report["reportSha256"] and report["summary"]["fail"] == 0
    page = conformance_page.pages(ROOT)[conformance_page.PAGE]
    assert "### [`okt@1.1.0`](okt/index.md)" in page
    assert f"| 0.1.0 | 2026-12-07 | bestått | `{entry.report_sha256}` |" in page


def test_a_missing_report_is_refused(tmp_path: Path) -> None:
    specs = _tree(tmp_path)
    (specs / "adoption" / REPORT).unlink()
    with pytest.raises(RegisterInvalid, match=r"products/0 .*: the report rapporter/.* is missing"):
        load(specs)


def test_an_altered_report_is_refused(tmp_path: Path) -> None:
    specs = _tree(tmp_path)

    def alter(report: dict[str, Any]) -> dict[str, Any]:
        report["tests"][3]["message"] = "endret i ettertid"
        return report

    _edit_report(specs, alter)
    with pytest.raises(RegisterInvalid, match="does not verify: reportSha256 stemmer ikke"):
        load(specs)


def test_a_failing_report_is_refused_even_when_it_verifies(tmp_path: Path) -> None:
    specs = _tree(tmp_path)

    def fail(report: dict[str, Any]) -> dict[str, Any]:
        report["tests"][0]["status"] = "fail"
        report["summary"].update(result="fail", fail=1, **{"pass": report["summary"]["pass"] - 1})
        return seal(report)

    _edit_entry(specs, report_sha256=_edit_report(specs, fail))
    with pytest.raises(RegisterInvalid, match=r"did not pass \(1 failed\)"):
        load(specs)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"report_sha256": "0" * 64}, "reportSha256 is [0-9a-f]{64}, the entry says 0{64}"),
        ({"kit_version": "0.0.9"}, "kitVersion is 0.1.0, the entry says 0.0.9"),
        ({"date": "2026-12-01"}, "the report was made 2026-12-07"),
        ({"spec_version": "1.0.0"}, "spec is okt@1.1.0, the entry says okt@1.0.0"),
        ({"spec_version": "9.0.0"}, "no spec version okt@9.0.0"),
        ({"result": "fail"}, "products/0/result"),
        ({"report": "../../etc/passwd"}, "products/0/report"),
    ],
)
def test_an_entry_that_disagrees_with_its_report_is_refused(
    tmp_path: Path, changes: dict[str, str], message: str
) -> None:
    specs = _tree(tmp_path)
    _edit_entry(specs, **changes)
    with pytest.raises(RegisterInvalid, match=message):
        load(specs)


def test_a_requirement_that_a_spec_fulfils_links_to_the_register() -> None:
    from journalloft.site.catalogue_pages import pages as requirement_pages

    page = requirement_pages.pages(ROOT)["anbefalinger/deling-og-standarder.md"]
    section = page.split("{ #FJL-DEL-023 }", 1)[1].split("\n## ", 1)[0]  # OKT sharing since 4.0.0
    assert "[`okt@1.1.0`]" in section
    assert "står på [Samsvar](../tjenester/samsvar.md)." in section
