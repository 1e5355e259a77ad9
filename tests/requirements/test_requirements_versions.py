"""Versions: which requirements a version holds and what they said then; the delta between versions."""

from __future__ import annotations

import pytest

from journalloft.requirements.model import Catalogue
from journalloft.requirements.selection import Selection, SelectionError, resolve_version, select
from journalloft.requirements.versions import content_at, delta, is_member, requirements_at


def _ids(catalogue: Catalogue, version: str) -> list[str]:
    return [req.id for req in requirements_at(catalogue, version)]


def test_membership_follows_introduction_and_retirement(fixture_catalogue: Catalogue) -> None:
    assert _ids(fixture_catalogue, "1.0.0") == ["FJL-INF-001", "FJL-INF-003", "FJL-DEL-001"]
    assert _ids(fixture_catalogue, "2.0.0") == ["FJL-INF-001", "FJL-INF-002", "FJL-DEL-001"]
    assert _ids(fixture_catalogue, "2.1.0") == ["FJL-INF-001", "FJL-INF-002", "FJL-DEL-001", "FJL-DEL-002"]
    retired = next(req for req in fixture_catalogue.requirements if req.id == "FJL-INF-003")
    assert is_member(retired, "1.0.0")
    assert not is_member(retired, "2.0.0")


def test_content_at_an_older_version_puts_previous_values_back(fixture_catalogue: Catalogue) -> None:
    by_id = {req.id: req for req in fixture_catalogue.requirements}
    old_inf = content_at(by_id["FJL-INF-001"], "1.0.0")
    assert old_inf.text == "Leverandøren skal bekrefte at kommunen eier opplysningene."
    assert old_inf.title == by_id["FJL-INF-001"].title
    old_del = content_at(by_id["FJL-DEL-001"], "1.0.0")
    assert (old_del.level, old_del.service_areas) == ("skal", ("helse-og-omsorg",))
    assert content_at(by_id["FJL-DEL-001"], "2.0.0") == by_id["FJL-DEL-001"]


def test_delta_reads_added_changed_and_retired_from_the_lifecycle(fixture_catalogue: Catalogue) -> None:
    first = delta(fixture_catalogue, "1.0.0")
    assert first.previous is None
    assert [req.id for req in first.added] == ["FJL-INF-001", "FJL-INF-003", "FJL-DEL-001"]
    second = delta(fixture_catalogue, "2.0.0")
    assert second.previous == "1.0.0"
    assert [req.id for req in second.added] == ["FJL-INF-002"]
    assert [(req.id, change.kind) for req, change in second.changed] == [
        ("FJL-INF-001", "editorial"),
        ("FJL-DEL-001", "compatible"),
    ]
    assert [req.id for req in second.retired] == ["FJL-INF-003"]


def test_selection_by_filters_and_ids(fixture_catalogue: Catalogue) -> None:
    current = fixture_catalogue.current
    assert [r.id for r in select(fixture_catalogue, current, Selection(levels=("må", "bør")))] == [
        "FJL-INF-002",
        "FJL-DEL-001",
    ]
    assert [r.id for r in select(fixture_catalogue, current, Selection(tender_uses=("absolute",)))] == [
        "FJL-INF-001",
        "FJL-INF-002",
    ]
    assert [r.id for r in select(fixture_catalogue, current, Selection(service_areas=("legevakt",)))] == ["FJL-DEL-001"]
    assert [r.id for r in select(fixture_catalogue, current, Selection(text="EKSPORT"))] == ["FJL-INF-002"]
    assert [r.id for r in select(fixture_catalogue, current, Selection(categories=("DEL",), text="fhir"))] == [
        "FJL-DEL-001"
    ]
    by_ids = select(fixture_catalogue, current, Selection(ids=("FJL-DEL-001", "FJL-INF-001")))
    assert [r.id for r in by_ids] == ["FJL-DEL-001", "FJL-INF-001"]


def test_selection_rejects_what_the_version_does_not_hold(fixture_catalogue: Catalogue) -> None:
    current = fixture_catalogue.current
    with pytest.raises(SelectionError, match=r"finnes ikke i versjon 2\.0\.0: FJL-INF-003"):
        select(fixture_catalogue, current, Selection(ids=("FJL-INF-003",)))
    with pytest.raises(SelectionError, match="ukjent kategori: XYZ"):
        select(fixture_catalogue, current, Selection(categories=("XYZ",)))
    with pytest.raises(SelectionError, match=r"versjon 9\.9\.9 finnes ikke i katalogen"):
        resolve_version(fixture_catalogue, "9.9.9")
    assert resolve_version(fixture_catalogue, None).version == "2.0.0"
