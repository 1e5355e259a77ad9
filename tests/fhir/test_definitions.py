"""The shipped FHIR definitions: up to date with HL7's packages, and the loader's contract."""

from __future__ import annotations

import importlib.util
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest

from journalloft.fhir.definitions import CoreDefinitions, load_core, split_canonical
from journalloft.registry_cache import ENV_VAR, RegistryTarballMissing, registry_cache_dir, tarball

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "validators" / "journalloft" / "fhir" / "data"
SCRIPT = REPO / "scripts" / "build_fhir_definitions.py"


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_fhir_definitions", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _tarballs() -> tuple[Path, Path, Path]:
    try:
        return (
            tarball("hl7.fhir.r4.examples", "4.0.1"),
            tarball("hl7.fhir.r4.expansions", "4.0.1"),
            tarball("hl7.terminology.r4", "7.0.1"),
        )
    except RegistryTarballMissing as missing:
        pytest.fail(f"cannot check the shipped FHIR definitions: {missing}")


def test_current_hl7_terminology_takes_precedence_over_r4() -> None:
    """v2-0203 in R4 4.0.1 lacks PGN and FGN; THO 7.0.1's copy has them (HL7's validator reads THO)."""
    from journalloft.fhir.terminology import Terminology

    core = load_core()
    system = "http://terminology.hl7.org/CodeSystem/v2-0203"
    code_system = core.code_system(system)
    assert code_system is not None and code_system["version"] == "5.0.0"
    terminology = Terminology(core)
    assert terminology.is_known_code(system, "PGN") is True
    assert terminology.is_known_code(system, "FGN") is True
    assert terminology.is_known_code(system, "NOT-A-CODE") is False
    # R4's own definitions stay where THO has nothing
    assert core.code_system("http://hl7.org/fhir/administrative-gender") is not None


# -- generated data is up to date ------------------------------------------------------------

def test_shipped_data_equals_a_fresh_build(tmp_path: Path) -> None:
    examples, expansions, terminology = _tarballs()
    written = _build_script().build(examples, expansions, tmp_path, terminology)
    fresh = sorted(path.name for path in written)
    shipped = sorted(path.name for path in DATA.iterdir() if path.is_file())
    assert shipped == fresh
    stale = [name for name in fresh if (tmp_path / name).read_bytes() != (DATA / name).read_bytes()]
    assert not stale, (
        f"shipped FHIR definitions differ from a fresh build: {stale}; "
        "regenerate with: PYTHONPATH=validators python scripts/build_fhir_definitions.py"
    )


def test_provenance_names_sources_licence_and_command() -> None:
    text = (DATA / "PROVENANCE.md").read_text("utf-8")
    assert "hl7.fhir.r4.examples@4.0.1" in text
    assert "hl7.fhir.r4.expansions@4.0.1" in text
    assert "hl7.terminology.r4@7.0.1" in text
    assert "`CC0-1.0`" in text
    assert "scripts/build_fhir_definitions.py" in text


def test_decimals_keep_their_source_text() -> None:
    script = _build_script()
    loaded = script._load(b'{"b": 1.50, "a": 2, "c": [1e3, "x"]}', "inline")
    assert script.canonical_json(loaded) == b'{"a":2,"b":1.50,"c":[1e3,"x"]}'


def test_trimming_drops_narrative_and_keeps_validation_keys() -> None:
    script = _build_script()
    element = {
        "id": "X.a", "path": "X.a", "short": "drop", "definition": "drop", "comment": "drop",
        "mapping": [{"identity": "v2"}], "min": 0, "max": "1", "fixedCode": "k",
        "binding": {"strength": "required", "valueSet": "http://vs", "description": "drop"},
        "type": [{"code": "string", "extension": [
            {"url": "http://hl7.org/fhir/StructureDefinition/regex", "valueString": ".+"},
            {"url": "http://example.org/other", "valueString": "drop"},
        ]}],
    }
    trimmed = script._trim_element(element)
    assert trimmed == {
        "id": "X.a", "path": "X.a", "min": 0, "max": "1", "fixedCode": "k",
        "binding": {"strength": "required", "valueSet": "http://vs"},
        "type": [{"code": "string", "extension": [
            {"url": "http://hl7.org/fhir/StructureDefinition/regex", "valueString": ".+"},
        ]}],
    }


# -- the loader ----------------------------------------------------------------------------

def test_patient_has_a_snapshot_by_url_and_by_type_name() -> None:
    core = load_core()
    by_name = core.structure_definition("Patient")
    assert by_name is not None
    assert by_name is core.structure_definition("http://hl7.org/fhir/StructureDefinition/Patient")
    paths = [element["path"] for element in by_name["snapshot"]["element"]]
    assert paths[0] == "Patient"
    name = next(e for e in by_name["snapshot"]["element"] if e["path"] == "Patient.name")
    assert (name["min"], name["max"], name["type"]) == (0, "*", [{"code": "HumanName"}])
    assert "definition" not in name and "mapping" not in name


def test_observation_value_choice_types() -> None:
    observation = load_core().structure_definition("Observation")
    assert observation is not None
    value = next(e for e in observation["snapshot"]["element"] if e["path"] == "Observation.value[x]")
    assert [t["code"] for t in value["type"]] == [
        "Quantity", "CodeableConcept", "string", "boolean", "integer", "Range", "Ratio",
        "SampledData", "time", "dateTime", "Period",
    ]
    status = next(e for e in observation["snapshot"]["element"] if e["path"] == "Observation.status")
    assert status["binding"] == {
        "strength": "required", "valueSet": "http://hl7.org/fhir/ValueSet/observation-status|4.0.1",
    }


def test_primitive_regex_and_constraints_survive_trimming() -> None:
    date = load_core().structure_definition("date")
    assert date is not None
    value_type = date["snapshot"]["element"][-1]["type"][0]
    urls = {ext["url"] for ext in value_type["extension"]}
    assert urls == {
        "http://hl7.org/fhir/StructureDefinition/regex",
        "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type",
    }
    patient = load_core().structure_definition("Patient")
    assert patient is not None
    keys = {c["key"] for c in patient["snapshot"]["element"][0]["constraint"]}
    assert {"dom-2", "dom-3", "dom-4", "dom-5", "dom-6"} <= keys


def test_version_suffix_must_match() -> None:
    core = load_core()
    assert core.structure_definition("http://hl7.org/fhir/StructureDefinition/Patient|4.0.1") is not None
    assert core.structure_definition("http://hl7.org/fhir/StructureDefinition/Patient|3.0.2") is None
    assert core.value_set("http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1") is not None
    assert core.structure_definition("http://example.org/StructureDefinition/Nope") is None
    assert core.structure_definition("NoSuchType") is None
    assert split_canonical("http://x/y|1.0") == ("http://x/y", "1.0")
    assert split_canonical("http://x/y") == ("http://x/y", None)


def test_every_indexed_url_resolves() -> None:
    core = load_core()
    assert all(core.value_set(url) is not None for url in core.value_set_urls())
    assert all(core.code_system(url) is not None for url in core.code_system_urls())
    assert all(core.structure_definition(url) is not None for url in core.structure_definition_urls())
    # HL7 publishes some v2 tables with the table version inside the url itself.
    v2_table = core.code_system("http://terminology.hl7.org/CodeSystem/v2-0006|2.1")
    assert v2_table is not None and v2_table["id"] == "v2-2.1-0006"


def test_value_set_carries_the_shipped_expansion() -> None:
    gender = load_core().value_set("http://hl7.org/fhir/ValueSet/administrative-gender")
    assert gender is not None
    codes = [(c["system"], c["code"]) for c in gender["expansion"]["contains"]]
    system = "http://hl7.org/fhir/administrative-gender"
    assert codes == [(system, "male"), (system, "female"), (system, "other"), (system, "unknown")]
    assert gender["compose"]["include"] == [{"system": system}]


def test_code_system_lookup() -> None:
    gender = load_core().code_system("http://hl7.org/fhir/administrative-gender")
    assert gender is not None
    assert (gender["content"], gender["caseSensitive"]) == ("complete", True)
    assert [c["code"] for c in gender["concept"]] == ["male", "female", "other", "unknown"]
    assert all("definition" not in c for c in gender["concept"])


def test_resource_types_match_the_resource_types_value_set() -> None:
    core = load_core()
    value_set = core.value_set("http://hl7.org/fhir/ValueSet/resource-types")
    assert value_set is not None
    listed = {c["code"] for c in value_set["expansion"]["contains"]}
    assert core.resource_types == listed - {"Resource", "DomainResource"}
    assert {"Patient", "Bundle", "EpisodeOfCare", "Parameters"} <= core.resource_types


def test_enumeration_and_index_summaries() -> None:
    core = load_core()
    urls = core.structure_definition_urls()
    assert len(urls) == 655
    # R4's 1316 ValueSets and 1062 CodeSystems, plus 1896 and 151 that only HL7 Terminology has
    assert len(core.value_set_urls()) == 3212 and len(core.code_system_urls()) == 1213
    vitals = core.structure_definition_info("http://hl7.org/fhir/StructureDefinition/vitalsigns")
    assert vitals is not None
    assert (vitals["type"], vitals["derivation"]) == ("Observation", "constraint")


def test_decimals_load_as_decimal_with_their_source_digits() -> None:
    ldl = load_core().structure_definition("http://hl7.org/fhir/StructureDefinition/ldlcholesterol")
    assert ldl is not None
    fixed = [e["fixedQuantity"] for e in ldl["snapshot"]["element"] if "fixedQuantity" in e]
    assert [q["value"] for q in fixed] == [Decimal("3.0")]
    assert str(fixed[0]["value"]) == "3.0"


def test_separate_instances_share_nothing() -> None:
    first = CoreDefinitions(DATA)
    assert first.structure_definition("Patient") is not load_core().structure_definition("Patient")


# -- the registry cache -------------------------------------------------------------------

def test_registry_cache_dir_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert registry_cache_dir() == tmp_path
    monkeypatch.delenv(ENV_VAR)
    assert registry_cache_dir() == REPO / ".cache" / "registry"


def test_missing_tarball_names_the_setup_script(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    with pytest.raises(RegistryTarballMissing, match="setup script") as raised:
        tarball("hl7.fhir.r4.examples", "4.0.1")
    assert str(tmp_path / "hl7.fhir.r4.examples-4.0.1.tgz") in str(raised.value)
