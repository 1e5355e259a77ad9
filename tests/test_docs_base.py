"""Documentation links default to the site the wheel came from, else to the page's path on the site (no
unverified host); --docs-url and the config file still choose another."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journalloft.cli import main
from journalloft.codes import DOCS_BASE_URL, docs_base_from_direct_url, installed_docs_base

ROOT = Path(__file__).resolve().parents[1]
FNR_BAD = str(ROOT / "examples" / "fhir-r4" / "valid" / "patient-feil-fodselsnummer.json")
WHEEL = "journalloft-0.1.0-py3-none-any.whl"


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            {"url": f"https://docs.example.org/nedlasting/{WHEEL}", "archive_info": {}},
            "https://docs.example.org/validator/feilkoder/",
        ),
        ({"url": f"https://intern.example/jl/nedlasting/{WHEEL}"}, "https://intern.example/jl/validator/feilkoder/"),
        ({"url": f"http://127.0.0.1:8000/nedlasting/{WHEEL}"}, "http://127.0.0.1:8000/validator/feilkoder/"),
        ({"url": f"file:///home/x/nedlasting/{WHEEL}"}, "validator/feilkoder/"),  # a downloaded file: no site
        ({"url": f"https://pypi.example/simple/{WHEEL}"}, "validator/feilkoder/"),  # not the site's download folder
        ({"url": "file:///work/checkout", "dir_info": {"editable": True}}, "validator/feilkoder/"),
        ({"url": 3}, "validator/feilkoder/"),
        ([], "validator/feilkoder/"),
    ],
)
def test_the_site_the_wheel_came_from_gives_the_documentation_address(record: object, expected: str) -> None:
    assert docs_base_from_direct_url(json.dumps(record)) == expected


@pytest.mark.parametrize("text", [None, "", "{not json"])
def test_no_readable_record_gives_the_relative_path(text: str | None) -> None:
    assert docs_base_from_direct_url(text) == "validator/feilkoder/"


def test_an_installed_wheel_reads_the_record_beside_the_package(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "journalloft"
    package.mkdir(parents=True)
    assert installed_docs_base(package) == "validator/feilkoder/"
    info = package.parent / "journalloft-0.1.0.dist-info"
    info.mkdir()
    (info / "direct_url.json").write_text(json.dumps({"url": f"https://docs.example.org/nedlasting/{WHEEL}"}))
    assert installed_docs_base(package) == "https://docs.example.org/validator/feilkoder/"


def test_from_a_checkout_no_host_is_claimed(capsys: pytest.CaptureFixture[str]) -> None:
    assert "journalloft.no" not in DOCS_BASE_URL
    assert main(["validate", "--no-config", "--format", "json", FNR_BAD]) == 0
    (issue, *_) = json.loads(capsys.readouterr().out)["results"][0]["issues"]
    assert issue["documentation"] == f"validator/feilkoder/#{issue['code']}"


def test_docs_url_still_chooses_the_base(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--no-config", "--format", "json", "--docs-url", "https://x.invalid/d/", FNR_BAD]) == 0
    (issue, *_) = json.loads(capsys.readouterr().out)["results"][0]["issues"]
    assert issue["documentation"] == f"https://x.invalid/d/#{issue['code']}"
