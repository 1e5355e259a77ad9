"""The pilot and adoption page (docs/tjenester/pilot.md), from specs/adoption/kommuner.yaml.

The data file is checked against kommuner.schema.json beside it, and every service and spec it
names must be known: a service file under specs/services/, a spec id that service lists, and a
version the registry holds when the spec is published. A broken file stops generation with a
message naming the file and the place.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from journalloft import safe_yaml
from journalloft.requirements.mdtext import inline, relative_link
from journalloft.site.provenance import provenance_header
from journalloft.site.specdata import SpecDataError, overview_path, services, specs_root
from journalloft.specs import Registry, SpecError

PAGE = "tjenester/pilot.md"
DATA = "adoption/kommuner.yaml"
SCHEMA = "adoption/kommuner.schema.json"
STATUS = {"planned": "planlagt", "pilot": "pilot", "production": "i drift"}


def load(repo_root: Path) -> dict[str, Any]:
    root = specs_root(repo_root)
    path = root / DATA
    try:
        data = safe_yaml.load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SpecDataError(f"{path}: cannot be read: {exc}") from exc
    schema = json.loads((root / SCHEMA).read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(part) for part in errors[0].absolute_path) or "(top)"
        raise SpecDataError(f"{path}: {where}: {errors[0].message}")
    _check_references(repo_root, path, data)
    return data


def _check_references(repo_root: Path, path: Path, data: dict[str, Any]) -> None:
    known = {service.id: service for service in services(repo_root)}
    registry = Registry([specs_root(repo_root)])
    for m_index, municipality in enumerate(data["municipalities"]):
        for s_index, use in enumerate(municipality["services"]):
            where = f"{path}: municipalities/{m_index}/services/{s_index}"
            service = known.get(use["service"])
            if service is None:
                raise SpecDataError(f"{where}: unknown service {use['service']!r} (no specs/services/ file)")
            if "spec" not in use:
                continue  # no source says which spec the municipality uses
            if use["spec"] not in service.specs:
                raise SpecDataError(f"{where}: service {service.id} has no spec {use['spec']!r}")
            try:
                registry.resolve(f"{use['spec']}@{use['version']}")
            except SpecError as exc:
                if use["spec"] in {v.id for v in registry.all()}:
                    raise SpecDataError(f"{where}: {exc}") from exc
    for p_index, pilot in enumerate(data["pilots"]):
        if pilot["service"] not in known:
            raise SpecDataError(f"{path}: pilots/{p_index}: unknown service {pilot['service']!r}")


def _service_cell(use: dict[str, Any], titles: dict[str, str], explained: dict[str, str]) -> str:
    title = inline(titles[use["service"]])
    page = explained.get(use["service"])
    return f"[{title}]({relative_link(PAGE, page)})" if page else title


def _period(use: dict[str, Any]) -> str:
    """Since and until in one cell ("2026-01-01–", "–2027-06-30"), "–" when neither is known."""
    since, until = use.get("since", ""), use.get("until", "")
    return f"{since}–{until}" if since or until else "–"


def pages(repo_root: Path) -> dict[str, str]:
    if not (specs_root(repo_root) / DATA).is_file():
        return {}  # a specs/ folder without adoption data (a test tree); the nav would miss the page
    data = load(repo_root)
    titles = {service.id: service.title for service in services(repo_root)}
    # Each service links to the page that explains it (and a table with a link in it is reachable by
    # keyboard when it scrolls sideways on a narrow screen: axe-core's scrollable-region-focusable).
    explained = {service.id: service.pages[0][1] for service in services(repo_root) if service.pages}
    published = {v.id for v in Registry([specs_root(repo_root)]).all()}
    lines = [
        provenance_header([f"specs/{DATA}", "specs/services/*.yaml"]),
        "",
        "# Pilot og innføring",
        "",
        "Hver kommune tar i bruk én tjeneste av gangen, når den er klar for det. Tabellen viser det "
        "prosjektet vet fra offentlige kilder om hvilke kommuner som planlegger, prøver ut eller bruker hver "
        "tjeneste, med kilden for hver rad. Spesifikasjonen står bare der kilden sier hvilken versjon "
        "kommunen bruker. Kommunenummeret er det gjeldende fra Statistisk sentralbyrå.",
        "",
        "| Kommunenr. | Kommune | Tjeneste | Spesifikasjon | Status | Periode | Merknad | Kilde |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    # Sources are numbered under the table: a column of long source names made the table wider than
    # the page, a scrolling region axe-core flags (scrollable-region-focusable).
    sources: list[str] = []
    for municipality in sorted(data["municipalities"], key=lambda m: m["number"]):
        for use in municipality["services"]:
            if use["source"] not in sources:
                sources.append(use["source"])
            spec = "ikke oppgitt"
            if "spec" in use:
                spec = f"`{use['spec']}@{use['version']}`"
                if use["spec"] in published:
                    spec = f"[{spec}]({relative_link(PAGE, overview_path(use['spec']))})"
            lines.append(
                f"| {municipality['number']} | {inline(municipality['name'])} "
                f"| {_service_cell(use, titles, explained)} "
                f"| {spec} | {STATUS[use['status']]} | {_period(use)} "
                f"| {inline(use.get('note', '–'))} | {sources.index(use['source']) + 1} |"
            )
    lines += ["", "Kilder:", ""]
    lines += [f"{number}. {inline(source)}" for number, source in enumerate(sources, start=1)]
    lines.append("")
    for pilot in data["pilots"]:
        title = titles[pilot["service"]]
        lines += [f"## Piloten for {inline(title)}", ""]
        proposals = [p for key in ("success_criteria", "evaluation_questions") for p in pilot[key]]
        if any(p["source"] == "forslag" for p in proposals):
            lines += [
                '!!! note "Forslag"',
                "    Punkter merket «forslag» er prosjektets eget forslag til hva piloten kan måles på. "
                "De er ikke vedtatt av KS, NHN eller pilotkommunene.",
                "",
            ]
        for heading, key in (
            ("Kriterier for en vellykket pilot", "success_criteria"),
            ("Spørsmål evalueringen bør svare på", "evaluation_questions"),
        ):
            lines += [f"### {heading}", ""]
            for number, point in enumerate(pilot[key], start=1):
                source = "forslag" if point["source"] == "forslag" else f"kilde: {inline(point['source'])}"
                lines.append(f"{number}. {inline(point['text'])} ({source})")
            lines.append("")
    while lines[-1] == "":
        lines.pop()
    return {PAGE: "\n".join(lines) + "\n"}
