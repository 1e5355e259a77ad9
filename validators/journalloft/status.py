"""What this site and everything exported from it is, said the same way everywhere.

The sentence stands on the front page, in every page's footer (mkdocs.yml ``copyright``), on the
about page and in every export of the catalogue (the xlsx sheet "Om eksporten" and its print footer,
the first line of the CSV, the JSON's ``status``), so that no page or annex can be taken for KS' or
NHN's own publication. tests/test_site_status.py checks each place.
"""

from __future__ import annotations

STATUS_NOTE = (
    "Dette er en uavhengig arbeidsversjon basert på KS' notat om felles journalløft, "
    "ikke KS' eller Norsk helsenetts (NHN) offisielle publikasjon."
)
"""The status sentence; one line, so it also fits a page footer and a CSV cell."""

STATUS_LABEL = "Status"
"""The label of the status row in "Om eksporten" and of the CSV's first line."""
