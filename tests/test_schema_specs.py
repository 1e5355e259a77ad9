"""Plain JSON payloads: spec detection by shape, version choice, and JSON Schema issue mapping."""

from __future__ import annotations

from pathlib import Path

import pytest

from journalloft import validate
from journalloft.report import Report
from journalloft.specs import Registry, SpecError

SPECS = Path(__file__).parent / "data" / "specs"
PERSON = "22750884907"  # NHN synthetic population (month + 65)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry(roots=[], extra_roots=[SPECS])


def found(report: Report) -> list[tuple[str, str]]:
    return [(i.code, i.expression) for i in report.issues]


def test_shape_detection_picks_the_latest_version(registry: Registry) -> None:
    report = validate(
        {"personIdentifier": PERSON, "events": [{"startDate": "2026-02-01", "code": "15"}]}, registry=registry
    )
    assert report.results[0].spec == "demo-events@1.1.0"
    assert report.valid


def test_explicit_version_applies_that_version(registry: Registry) -> None:
    payload = {"personIdentifier": PERSON, "events": [{"startDate": "2026-02-01", "code": "1", "note": "x"}]}
    assert validate(payload, "demo-events", registry=registry).valid
    old = validate(payload, "demo-events@1.0.0", registry=registry)
    assert found(old) == [("schema-additional-property", "$.events[0].note")]


def test_schema_errors_have_codes_and_json_paths(registry: Registry) -> None:
    payload = {
        "personIdentifier": "123",
        "events": [{"startDate": "2026-02-30", "code": "01", "onHold": "true"}, {"code": "2"}],
        "extra": 1,
    }
    assert sorted(found(validate(payload, "demo-events", registry=registry))) == sorted(
        [
            ("schema-additional-property", "$.extra"),
            ("schema-pattern", "$.personIdentifier"),
            ("schema-format", "$.events[0].startDate"),
            ("schema-enum", "$.events[0].code"),
            ("schema-type", "$.events[0].onHold"),
            ("schema-required", "$.events[1].startDate"),
        ]
    )


def test_unknown_shape_is_not_detected(registry: Registry) -> None:
    assert found(validate({"something": "else"}, registry=registry)) == [("spec-not-detected", "$")]


def test_fhir_spec_chosen_for_plain_json_is_a_mismatch(registry: Registry) -> None:
    assert found(validate({"personIdentifier": PERSON}, "fhir-r4", registry=registry)) == [("spec-mismatch", "$")]


def test_registry_rejects_unknown_version(registry: Registry) -> None:
    with pytest.raises(SpecError, match=r"no version .2\.0\.0."):
        registry.resolve("demo-events@2.0.0")


def test_registry_orders_versions_numerically(tmp_path: Path) -> None:
    for version in ("1.10.0", "1.9.0"):
        folder = tmp_path / "s" / version
        folder.mkdir(parents=True)
        (folder / "spec.yaml").write_text(f'id: s\nversion: "{version}"\ntitle: t\nkind: json-schema\n')
    assert Registry(roots=[tmp_path]).latest("s").version == "1.10.0"


def test_spec_folder_must_match_its_id(tmp_path: Path) -> None:
    folder = tmp_path / "wrong" / "1.0.0"
    folder.mkdir(parents=True)
    (folder / "spec.yaml").write_text('id: other\nversion: "1.0.0"\ntitle: t\nkind: json-schema\n')
    with pytest.raises(SpecError, match="must match the folder"):
        Registry(roots=[tmp_path])


def _not_detected_message(value: dict[str, object], registry: Registry) -> str:
    [issue] = validate(value, registry=registry).results[0].issues
    assert (issue.code, issue.expression) == ("spec-not-detected", "$")
    return issue.message


def test_a_payload_near_one_shape_is_told_which_spec_and_which_keys_it_lacks(registry: Registry) -> None:
    message = _not_detected_message({"events": []}, registry)
    assert "it comes nearest to demo-events@1.1.0, which also requires personIdentifier." in message
    assert "Run with --spec demo-events for every finding." in message


def test_no_spec_is_named_when_nothing_is_near_or_two_are_equally_near(registry: Registry) -> None:
    values: tuple[dict[str, object], ...] = ({"something": "else"}, {"events": [], "periods": []})
    for value in values:
        message = _not_detected_message(value, registry)
        assert "nearest" not in message and message.endswith("name one with --spec (see `journalloft specs`).")
