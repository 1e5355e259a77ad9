"""Norwegian tab titles and 404 page.

MkDocs takes a page's title from its first-level heading only when that heading comes first; the
generated pages start with their provenance header, so five section index pages were titled "Index"
until the site hook put the heading first. The theme's 404 page said "404 - Not found".
tests/test_site_build.py checks the same in the built site.
"""

from __future__ import annotations

from pathlib import Path

from journalloft.site import generate
from journalloft.site.provenance import heading_first, provenance_header

ROOT = Path(__file__).resolve().parent.parent


def test_the_heading_of_a_generated_page_comes_before_its_header() -> None:
    header = provenance_header(["specs/x.yaml"])
    page = f"{header}\n\n# Oversikt\n\nTekst.\n"
    assert heading_first(page) == f"# Oversikt\n\n{header}\n\nTekst.\n"


def test_hand_written_pages_and_pages_without_a_heading_are_left_alone() -> None:
    assert heading_first("# Om nettstedet\n\nTekst.\n") == "# Om nettstedet\n\nTekst.\n"
    header = provenance_header(["specs/x.yaml"])
    assert heading_first(f"{header}\n\nIngen overskrift.\n") == f"{header}\n\nIngen overskrift.\n"
    commented = "<!-- a comment of the author -->\n# Tittel\n"
    assert heading_first(commented) == commented


def test_every_generated_page_reaches_mkdocs_with_its_heading_first() -> None:
    pages = generate(ROOT)
    assert "tjenester/okt/index.md" in pages and "anbefalinger/versjoner/index.md" in pages
    late = [path for path, text in pages.items() if not heading_first(text).startswith("# ")]
    assert not late, late


def test_the_site_hook_reorders_the_markdown_it_hands_to_mkdocs() -> None:
    from journalloft.site import mkdocs_hook  # imports mkdocs; only the site's tests need it

    page = generate(ROOT)["tjenester/okt/index.md"]
    out = mkdocs_hook.on_page_markdown(page, None, {"config_file_path": str(ROOT / "mkdocs.yml")}, None)  # type: ignore[arg-type]
    assert out.startswith("# Oversikt over kommunale tjenester (OKT), FHIR R4\n")


def test_the_404_page_is_norwegian() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  custom_dir: overrides\n" in config
    page = (ROOT / "overrides" / "404.html").read_text(encoding="utf-8")
    assert "Not found" not in page
    assert "<h1>Fant ikke siden (404)</h1>" in page
    assert "<title>Fant ikke siden - {{ config.site_name }}</title>" in page
