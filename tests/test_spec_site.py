"""The generic spec pages, downloads, flow diagram and adoption page, on the test specs.

A temporary repository root holds copies of the test specs (tests/fhir/specs/profile-features,
tests/data/specs/demo-events) under specs/, with a changes.yaml, a mapping file and a requirements
list added, so the generators run exactly as they do on the published specs.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml

from journalloft.requirements.load import CatalogueInvalid
from journalloft.site import adoption_page, flow_svg, spec_pages
from journalloft.site.spec_downloads import write_downloads
from journalloft.site.specdata import CHECKOUT, SpecDataError, read_service

TESTS = Path(__file__).resolve().parent


@pytest.fixture
def root(tmp_path: Path) -> Path:
    specs = tmp_path / "specs"
    shutil.copytree(TESTS / "fhir" / "specs" / "profile-features", specs / "profile-features")
    shutil.copytree(TESTS / "data" / "specs" / "demo-events", specs / "demo-events")
    shutil.copytree(CHECKOUT / "specs" / "requirements", specs / "requirements")
    shutil.copytree(CHECKOUT / "specs" / "services", specs / "services")  # reserves the ids the catalogue names
    version = specs / "demo-events" / "1.1.0"
    with (version / "spec.yaml").open("a", encoding="utf-8") as handle:
        handle.write("requirements: [FJL-DEL-023]\n")
        handle.write("rules:\n  - {kind: date-order, path: '$.events[*]', start: startDate, end: endDate}\n")
        handle.write("  - {kind: norwegian-identifier, path: $.personIdentifier, accept: [fnr, dnr]}\n")
        handle.write(
            "  - {kind: code-list, path: '$.events[*].code', leading-zeros: warn, retired: {'9': utgått i 2020},\n"
            "     codesystem: ../../profile-features/1.0.0/generated/CodeSystem-jl-colours.json}\n"
        )
    (specs / "services" / "demo.yaml").write_text(
        "id: demo\ntitle: Demotjenesten\nspecs: [demo-events]\n"
        "pages: [{title: Formål, page: tjenester/demo/formal.md}, {title: API, page: tjenester/demo/api.md}]\n",
        encoding="utf-8",
    )
    (version / "changes.yaml").write_text(
        "summary: Ny valgfri merknad.\n"
        "changes:\n"
        "  - class: kompatibel\n"
        "    text: Nytt valgfritt felt note.\n"
        "    elements: ['$.events[*].note']\n"
        "  - class: redaksjonell\n"
        "    text: Rettet skrivefeil.\n",
        encoding="utf-8",
    )
    (version / "mapping").mkdir()
    (version / "mapping" / "fhir.yaml").write_text(
        "source: demo-events@1.1.0\ntarget: profile-features@1.0.0\nrows:\n"
        "  - {field: personIdentifier, fhir: Patient.identifier.value, rule: Uendret}\n",
        encoding="utf-8",
    )
    return tmp_path


def test_fhir_element_table_rows_come_from_the_snapshot_and_the_differential(root: Path) -> None:
    page = spec_pages.pages(root)["tjenester/profile-features/1.0.0/elementer.md"]
    assert (
        "| `Patient.identifier:fnr.system` | 1..1 | `uri` | – "
        "| mønster: <code>urn:oid:2.16.578.1.12.4.1.4.1</code> | – | – |"
    ) in page
    assert (
        "| `Observation.value[x]:valueCodeableConcept` | 0..1 | `CodeableConcept` "
        "| required: [jl-colours-vs](terminologi.md#jl-colours-vs) | – | – | – |"
    ) in page
    assert (
        "| `Patient.identifier` | 1..* | `Identifier` | – | – | – | (Oppdelt etter pattern: system; åpen.) |"
        in page
    )
    assert (
        "| `Patient.multipleBirth[x]:multipleBirthInteger` | 0..1 | `integer` | – "
        "| minst: <code>1</code><br>høyst: <code>9</code> |" in page
    )
    assert "| `Observation.subject` | 1..1 | `Reference`([jl-patient](#jl-patient)) |" in page
    assert "## Patient (test profile) {#jl-patient}" in page
    assert "| `jl-pat-1` | error | Every name carries a family name | <code>name.all(family.exists())</code> |" in page


def test_json_schema_element_table_rows(root: Path) -> None:
    page = spec_pages.pages(root)["tjenester/demo-events/1.1.0/elementer.md"]
    assert "| <code>$.personIdentifier</code> | Ja | string | mønster: <code>^[0-9]{11}$</code> | – | – |" in page
    assert (
        '| <code>$.events[*].code</code> | Ja | – | – | <code>"1"</code>, <code>"2"</code>, <code>"15"</code> |' in page
    )
    assert "| <code>$.events</code> | Ja | array av object | minst 1 element |" in page
    assert "| <code>$.events[*].note</code> | Nei | string |" in page
    assert "$.events[*].note" not in spec_pages.pages(root)["tjenester/demo-events/1.0.0/elementer.md"]


def test_json_schema_rules_and_the_service_a_spec_belongs_to(root: Path) -> None:
    pages = spec_pages.pages(root)
    elements = pages["tjenester/demo-events/1.1.0/elementer.md"]
    assert (
        "| <code>$.events[*]</code> | <code>endDate</code> kan ikke være før <code>startDate</code>; "
        "en tom eller manglende sluttdato betyr at perioden ikke er avsluttet. |"
    ) in elements
    assert "| <code>$.personIdentifier</code> | Et gyldig norsk nummer med riktige kontrollsifre: " in elements
    assert "fødselsnummer eller D-nummer. |" in elements
    assert (
        "| <code>$.events[*].code</code> | Koden må finnes i kodeverket Colours (test code system) "
        "(<code>http://example.org/fhir/journalloft-test/CodeSystem/jl-colours</code>). "
        "Utgåtte koder avvises med forklaring (<code>9</code>: utgått i 2020). En kode med innledende null "
    ) in elements
    assert "Regler utover skjemaet" not in pages["tjenester/demo-events/1.0.0/elementer.md"]
    assert (
        "Spesifikasjonen hører til tjenesten Demotjenesten, som er forklart på sidene "
        "[Formål](../demo/formal.md) og [API](../demo/api.md)."
    ) in pages["tjenester/demo-events/index.md"]
    assert "hører til tjenesten" not in pages["tjenester/profile-features/index.md"]


def test_terminology_changes_and_mapping_pages(root: Path) -> None:
    pages = spec_pages.pages(root)
    terminology = pages["tjenester/profile-features/1.0.0/terminologi.md"]
    assert "### Colours (test code system) {#jl-colours}" in terminology
    assert "| Kode | Visningsnavn |\n| --- | --- |\n| <code>red</code> | Red |\n" in terminology
    assert (
        "Tar med alle kodene i kodeverket <code>http://example.org/fhir/journalloft-test/CodeSystem/jl-colours</code>."
        in terminology
    )
    changes = pages["tjenester/demo-events/endringer.md"]
    assert (
        "### Kompatibel {#v1-1-0-kompatibel}\n\n- Nytt valgfritt felt note. (<code>$.events[*].note</code>)" in changes
    )
    assert "### Redaksjonell {#v1-1-0-redaksjonell}\n\n- Rettet skrivefeil." in changes
    assert (
        "## Versjon 1.0.0 {#v1-0-0}\n\nStatus: erstattet, utgitt 2026-01-01.\n\n"
        "Versjonen har ingen registrerte endringer." in changes
    )
    mapping = pages["tjenester/demo-events/1.1.0/kobling.md"]
    assert "| <code>personIdentifier</code> | <code>Patient.identifier.value</code> | Uendret |" in mapping
    assert "tjenester/demo-events/1.0.0/kobling.md" not in pages


def test_overview_lists_versions_requirements_and_the_sums_of_the_built_downloads(root: Path, tmp_path: Path) -> None:
    overview = spec_pages.pages(root)["tjenester/demo-events/index.md"]
    assert (
        "| [1.1.0](#v1-1-0) | gjeldende | 2026-06-01 | [Elementer](1.1.0/elementer.md), [Kobling](1.1.0/kobling.md) |"
        in overview
    )
    assert "- [FJL-DEL-023](../../anbefalinger/deling-og-standarder.md#FJL-DEL-023): " in overview
    out = tmp_path / "site"
    write_downloads(root, out)
    schema = out / "tjenester" / "demo-events" / "nedlasting" / "1.1.0" / "schema.json"
    digest = hashlib.sha256(schema.read_bytes()).hexdigest()
    assert f"| [schema.json](nedlasting/1.1.0/schema.json) | `{digest}` |" in overview
    package = out / "tjenester" / "profile-features" / "nedlasting" / "1.0.0" / "package.tgz"
    fhir_overview = spec_pages.pages(root)["tjenester/profile-features/index.md"]
    assert hashlib.sha256(package.read_bytes()).hexdigest() in fhir_overview


def test_package_download_unpacks_into_structure_definitions_with_snapshots(root: Path, tmp_path: Path) -> None:
    write_downloads(root, tmp_path / "site")
    package = tmp_path / "site" / "tjenester" / "profile-features" / "nedlasting" / "1.0.0" / "package.tgz"
    with tarfile.open(fileobj=io.BytesIO(package.read_bytes()), mode="r:gz") as archive:
        members = {m.name: archive.extractfile(m).read() for m in archive.getmembers()}  # type: ignore[union-attr]
    manifest = json.loads(members["package/package.json"])
    assert manifest["name"] == "journalloft.test.profilefeatures"
    definitions = {name: json.loads(data) for name, data in members.items() if "/StructureDefinition-" in name}
    assert len(definitions) == 7
    for name, definition in definitions.items():
        elements = definition["snapshot"]["element"]
        assert elements[0]["path"] == definition["type"], name
        assert definition["differential"]["element"], name
    patient = definitions["package/StructureDefinition-jl-patient.json"]
    fnr_system = next(e for e in patient["snapshot"]["element"] if e["id"] == "Patient.identifier:fnr.system")
    assert fnr_system["min"] == 1 and fnr_system["patternUri"] == "urn:oid:2.16.578.1.12.4.1.4.1"
    # Written twice, the bytes are the same (the overview's sums stay true).
    again = write_downloads(root, tmp_path / "again")
    assert package.read_bytes() == next(p for p in again if p.name == "package.tgz").read_bytes()


def test_a_broken_changes_file_stops_generation_naming_file_and_place(root: Path) -> None:
    changes = root / "specs" / "demo-events" / "1.1.0" / "changes.yaml"
    changes.write_text("changes:\n  - class: stor\n    text: Noe.\n", encoding="utf-8")
    with pytest.raises(SpecDataError, match=r"changes\.yaml: changes/0/class: 'stor' is not one of"):
        spec_pages.pages(root)
    changes.write_text("version: 1.0.0\nchanges: []\n", encoding="utf-8")
    with pytest.raises(SpecDataError, match=r"version: '1\.0\.0' is not the folder's version '1\.1\.0'"):
        spec_pages.pages(root)


def test_a_version_number_that_does_not_match_its_changes_stops_generation(root: Path) -> None:
    changes = root / "specs" / "demo-events" / "1.1.0" / "changes.yaml"
    changes.write_text("changes:\n  - class: brytende\n    text: Feltet code er fjernet.\n", encoding="utf-8")
    with pytest.raises(
        SpecDataError, match=r"demo-events@1\.1\.0 follows 1\.0\.0 but its brytende changes need a new major"
    ):
        spec_pages.pages(root)
    changes.write_text("changes:\n  - class: redaksjonell\n    text: Rettet en skrivefeil.\n", encoding="utf-8")
    assert "- Rettet en skrivefeil." in spec_pages.pages(root)["tjenester/demo-events/endringer.md"]


def test_a_spec_listing_an_unknown_requirement_stops_generation(root: Path) -> None:
    spec_yaml = root / "specs" / "demo-events" / "1.1.0" / "spec.yaml"
    spec_yaml.write_text(spec_yaml.read_text(encoding="utf-8").replace("FJL-DEL-023", "FJL-DEL-999"), encoding="utf-8")
    # The catalogue beside the specs fails its lint first, naming the spec.yaml line.
    with pytest.raises(
        CatalogueInvalid,
        match=r"spec\.yaml:10: spec-requirement-unknown: requirements nevner 'FJL-DEL-999', "
        r"som ikke finnes i katalogen",
    ):
        spec_pages.pages(root)


def test_a_spec_listing_a_retired_requirement_names_its_successor(root: Path) -> None:
    spec_yaml = root / "specs" / "demo-events" / "1.1.0" / "spec.yaml"
    spec_yaml.write_text(spec_yaml.read_text(encoding="utf-8").replace("FJL-DEL-023", "FJL-DEL-005"), encoding="utf-8")
    with pytest.raises(
        CatalogueInvalid,
        match=r"spec\.yaml:10: spec-requirement-unknown: requirements nevner 'FJL-DEL-005', "
        r"som er tatt ut \(erstattet av: FJL-DEL-021\)",
    ):
        spec_pages.pages(root)


def test_flow_diagram_is_accessible_svg_with_a_text_alternative() -> None:
    service = read_service(CHECKOUT / "specs" / "services" / "okt.yaml")
    html = flow_svg.render(service.flow, "flyt-okt")
    assert 'role="img" aria-labelledby="flyt-okt-tittel flyt-okt-beskrivelse"' in html
    assert '<title id="flyt-okt-tittel">Flyten i OKT</title>' in html
    assert '<desc id="flyt-okt-beskrivelse">Kommunens journalsystem skriver' in html
    assert "http" not in html.replace("http://www.w3.org/2000/svg", "")  # nothing fetched from anywhere
    assert "<summary>Diagrammet som tekst</summary>" in html
    assert "<li>Journalsystemet i Bodø kommune → OKT-data for Bodø: skriver</li>" in html
    assert "<li>OKT-data for Bærum → Spesialisthelsetjenesten (senere): leser</li>" in html
    broken = {**service.flow, "edges": [{"from": "ehr-bodo", "to": "nowhere"}]}
    with pytest.raises(SpecDataError, match=r"flow\.edges\[0\]\.to names unknown node 'nowhere'"):
        flow_svg.render(broken, "x", "okt.yaml")


def test_adoption_page_lists_the_pilot_municipalities_and_marks_proposals() -> None:
    page = adoption_page.pages(CHECKOUT)[adoption_page.PAGE]
    assert "| 1804 | Bodø | [Oversikt over kommunale tjenester (OKT)](okt/formal-og-flyt.md) |" in page
    assert "| 3201 | Bærum | [Oversikt over kommunale tjenester (OKT)](okt/formal-og-flyt.md) |" in page
    assert "(forslag)" in page and '!!! note "Forslag"' in page


def test_adoption_data_needs_a_source_per_row_and_names_a_spec_only_with_its_version(tmp_path: Path) -> None:
    unsourced = [{"service": "okt", "status": "pilot"}]
    with pytest.raises(SpecDataError, match="municipalities/0/services/0: 'source' is a required property"):
        adoption_page.load(_adoption_root(tmp_path / "a", {"services": unsourced}))
    half = [{"service": "okt", "status": "pilot", "source": "KS", "spec": "okt-prototype"}]
    with pytest.raises(SpecDataError, match="'version' is a dependency of 'spec'"):
        adoption_page.load(_adoption_root(tmp_path / "b", {"services": half}))


def _adoption_root(tmp_path: Path, edit: dict[str, object]) -> Path:
    shutil.copytree(CHECKOUT / "specs" / "services", tmp_path / "specs" / "services")
    shutil.copytree(CHECKOUT / "specs" / "adoption", tmp_path / "specs" / "adoption")
    path = tmp_path / "specs" / "adoption" / "kommuner.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["municipalities"][0].update(edit)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_adoption_data_with_a_bare_number_or_an_unknown_service_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SpecDataError, match="municipalities/0/number: 1804 is not of type 'string'"):
        adoption_page.load(_adoption_root(tmp_path / "a", {"number": 1804}))
    unknown = [{"service": "tiltaksplan", "status": "planned", "source": "KS"}]
    with pytest.raises(SpecDataError, match="unknown service 'tiltaksplan'"):
        adoption_page.load(_adoption_root(tmp_path / "b", {"services": unknown}))


def test_generate_command_reports_a_broken_data_file_without_a_traceback(root: Path) -> None:
    (root / "mkdocs.yml").write_text("site_name: test\n", encoding="utf-8")
    (root / "specs" / "demo-events" / "1.1.0" / "changes.yaml").write_text("changes: {}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "journalloft.site", "generate", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "changes.yaml: changes: {} is not of type 'array'" in result.stderr
    assert "Traceback" not in result.stderr


def test_examples_are_packed_in_order_within_the_page_budget() -> None:
    sections = [["x" * 39], ["y" * 39], ["z" * 200], ["w" * 9]]  # 40, 40, 201 and 10 characters with newlines
    assert spec_pages._pack(sections, 100) == [[0, 1], [2], [3]]  # the oversized one stands alone
    assert spec_pages._pack(sections, 1_000) == [[0, 1, 2, 3]]


def test_a_spec_with_more_examples_than_one_page_holds_gets_linked_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spec_pages, "EXAMPLES_PAGE_BUDGET", 1)  # every example on its own page
    pages = spec_pages.pages(CHECKOUT)
    okt = {path for path in pages if path.startswith("tjenester/okt/eksempler")}
    assert {"tjenester/okt/eksempler.md", "tjenester/okt/eksempler-2.md"} <= okt
    first, second = pages["tjenester/okt/eksempler.md"], pages["tjenester/okt/eksempler-2.md"]
    assert f"(side 1 av {len(okt)})" in first and f"(side 2 av {len(okt)})" in second
    anchor = re.search(r"^## .* \{#(eksempel-[a-z0-9-]+)\}$", second, re.MULTILINE)
    assert anchor is not None
    assert f"(eksempler-2.md#{anchor.group(1)})" in first  # the list on the first page leads to it
