"""The catalogue's diagrams (specs/requirements/flows.yaml) draw with the shared flow drawer, and pages ask for them."""

from __future__ import annotations

from pathlib import Path

import yaml

from journalloft.site.flow_svg import render

REPO = Path(__file__).resolve().parents[2]
FLOWS = yaml.safe_load((REPO / "specs" / "requirements" / "flows.yaml").read_text(encoding="utf-8"))


def test_tender_flow_has_every_step_in_order_with_a_text_alternative() -> None:
    html = render(FLOWS["krav-anbud"], "flyt-krav-anbud")
    assert 'aria-labelledby="flyt-krav-anbud-tittel flyt-krav-anbud-beskrivelse"' in html
    steps = ["Velger krav", "Setter kravtype", "Publiserer bilaget", "Svarer i bilaget", "Kontrollerer", "Evaluerer"]
    text = html[html.index("<details") :]
    positions = [text.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "<script" not in html and "http" not in html.replace("http://www.w3.org/2000/svg", "")


def test_release_flow_and_the_pages_that_show_the_diagrams() -> None:
    html = render(FLOWS["krav-utgivelse"], "flyt-krav-utgivelse")
    assert "Gir ut versjonen requirements release → Ny versjon publisert: sider" in html
    assert "<!-- journalloft:flyt krav-anbud -->" in (REPO / "docs/anbefalinger/bruk-i-anskaffelser.md").read_text()
    assert "<!-- journalloft:flyt krav-utgivelse -->" in (REPO / "docs/anbefalinger/redigering.md").read_text()
