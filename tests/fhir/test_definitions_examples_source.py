"""Reading HL7's official R4 examples from the npm tarball without extracting it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from journalloft.fhir.examples_source import iter_official_examples, official_example, official_examples
from journalloft.registry_cache import RegistryTarballMissing, tarball


@pytest.fixture(scope="module")
def examples_tarball() -> Path:
    try:
        return tarball("hl7.fhir.r4.examples", "4.0.1")
    except RegistryTarballMissing as missing:
        pytest.fail(f"cannot read the official examples: {missing}")


def test_every_json_resource_in_the_package_is_an_example(examples_tarball: Path) -> None:
    examples = official_examples(examples_tarball)
    names = [example.name for example in examples]
    assert len(examples) == 5306
    assert names == sorted(names)
    assert "package.json" not in names
    assert official_examples(examples_tarball) is examples  # read once, then cached
    kinds = {example.resource_type for example in examples}
    assert {"Patient", "Observation", "Bundle", "StructureDefinition", "SearchParameter"} <= kinds


def test_example_parses_with_decimal_numbers(examples_tarball: Path) -> None:
    example = official_example("Observation-body-temperature.json", examples_tarball)
    assert example.resource_type == "Observation"
    resource = example.parse()
    assert resource["valueQuantity"]["value"] == Decimal("36.5")
    assert isinstance(resource["valueQuantity"]["value"], Decimal)


def test_resource_type_found_when_it_is_not_the_first_key(examples_tarball: Path) -> None:
    example = official_example("ConceptMap-sc-episode-of-care-status.json", examples_tarball)
    assert not example.data.lstrip().startswith(b'{"resourceType"')
    assert example.resource_type == "ConceptMap"


def test_iteration_yields_parsed_resources(examples_tarball: Path) -> None:
    first_name, first = next(iter_official_examples(examples_tarball))
    assert first_name == official_examples(examples_tarball)[0].name
    assert isinstance(first, dict) and isinstance(first["resourceType"], str)


def test_unknown_example_name(examples_tarball: Path) -> None:
    with pytest.raises(KeyError, match=r"Nope\.json"):
        official_example("Nope.json", examples_tarball)


def test_missing_tarball_names_the_setup_script(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("JOURNALLOFT_REGISTRY_CACHE", str(tmp_path))
    with pytest.raises(RegistryTarballMissing, match="setup script"):
        official_examples()
