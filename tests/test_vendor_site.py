"""The vendor pages' hook: the wheel and sdist as site files with their sums, and example files shown as they are."""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

import pytest

from journalloft import __version__
from journalloft.site import vendor_hook
from journalloft.site.distributions import distributions

ROOT = Path(__file__).resolve().parent.parent
CONFIG = {"config_file_path": str(ROOT / "mkdocs.yml")}


def _page(src_uri: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri, src_path=src_uri))


def test_install_page_lists_each_file_with_its_sha256_and_a_link_that_resolves() -> None:
    markdown = (ROOT / "docs/validator/installasjon.md").read_text(encoding="utf-8")
    out = vendor_hook.on_page_markdown(markdown, _page("validator/installasjon.md"), CONFIG, None)  # type: ignore[arg-type]
    for name, content in distributions(ROOT).items():
        assert f"[{name}](../nedlasting/{name})" in out
        assert hashlib.sha256(content).hexdigest() in out
    assert f"python -m pip install journalloft-{__version__}-py3-none-any.whl\n" in out
    assert "journalloft:nedlasting" not in out and "{{" not in out


def test_build_page_shows_the_ci_files_verbatim() -> None:
    markdown = (ROOT / "docs/validator/byggesystem.md").read_text(encoding="utf-8")
    out = vendor_hook.on_page_markdown(markdown, _page("validator/byggesystem.md"), CONFIG, None)  # type: ignore[arg-type]
    for name in ("github-actions.yml", "gitlab-ci.yml", "pre-commit-config.yaml"):
        text = (ROOT / "examples/ci" / name).read_text(encoding="utf-8").rstrip()
        assert f'```yaml title="examples/ci/{name}"\n{text}\n```' in out
    assert "journalloft:fil" not in out


def test_a_file_marker_for_a_missing_file_fails_the_build() -> None:
    with pytest.raises(vendor_hook.FileMarkerError, match=r"examples/ci/finnes-ikke\.yml"):
        vendor_hook.on_page_markdown(
            "<!-- journalloft:fil examples/ci/finnes-ikke.yml -->",
            _page("validator/x.md"),
            CONFIG,
            None,  # type: ignore[arg-type]
        )
