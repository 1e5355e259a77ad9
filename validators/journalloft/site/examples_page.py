"""The generated examples page (docs/validator/eksempler.md).

Each example listed in examples/manifest.yaml is shown with its payload and the validator's real
``--format json`` report, produced at generation time; the staleness test therefore fails whenever
the validator's output for an example changes, so the page can never show output it does not give.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from journalloft import safe_yaml
from journalloft.api import validate
from journalloft.requirements.mdtext import relative_link
from journalloft.site.provenance import provenance_header
from journalloft.site.specdata import examples_path, published
from journalloft.specs import Registry

PAGE = "validator/eksempler.md"
MANIFEST = "examples/manifest.yaml"
CHECKOUT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True, slots=True)
class Example:
    file: str
    title: str
    spec: str | None
    issues: tuple[tuple[str, str, str], ...]


def load_manifest(repo_root: Path) -> list[Example]:
    data = safe_yaml.load((repo_root / MANIFEST).read_text(encoding="utf-8"))
    return [
        Example(
            file=entry["file"],
            title=entry["title"],
            spec=entry["spec"],
            issues=tuple((str(s), str(c), str(e)) for s, c, e in entry["issues"]),
        )
        for entry in data["examples"]
    ]


def report_json(repo_root: Path, example: Example, spec: str | None = None, registry: Registry | None = None) -> str:
    """The JSON report for one example, with the path as a reader would type it from the repo root.

    Without ``spec`` the spec is detected from the content, as ``journalloft validate`` does without
    ``--spec``; the spec pages pass the example's own spec and the registry it is published in.
    """
    # Norwegian messages on the site (the CLI's default is English; the commands shown say --lang nb).
    report = validate(repo_root / "examples" / example.file, spec, registry=registry, lang="nb")
    data = report.to_dict()
    for result in data["results"]:  # type: ignore[attr-defined]
        result["path"] = f"examples/{example.file}"
    return json.dumps(data, ensure_ascii=False, indent=2)


def example_anchor(example: Example) -> str:
    """A heading id made from the file path: unique on a page, and stable when the title is reworded."""
    stem = example.file.removesuffix(".json")
    return "eksempel-" + re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")


def example_section(
    repo_root: Path, example: Example, title: str, spec: str | None = None, registry: Registry | None = None
) -> list[str]:
    """One example on a page: heading, the payload, the command a reader would run and its real report.

    Without ``spec`` the command and the report detect the spec, as ``journalloft validate`` does.
    """
    payload = (repo_root / "examples" / example.file).read_text(encoding="utf-8").rstrip("\n")
    spec_option = f"--spec {spec} " if spec else ""
    return [
        f"## {title} {{#{example_anchor(example)}}}",
        "",
        f"Fil: `examples/{example.file}`",
        "",
        "```json",
        payload,
        "```",
        "",
        f"`journalloft validate --lang nb {spec_option}--format json examples/{example.file}` gir:",
        "",
        "```json",
        report_json(repo_root, example, spec, registry),
        "```",
        "",
    ]


def pages(repo_root: Path) -> dict[str, str]:
    """The examples page; a docs tree without its own examples/ (the generator tests) gets this checkout's."""
    if not (repo_root / MANIFEST).is_file():
        repo_root = CHECKOUT
    lines = [
        provenance_header((MANIFEST, "examples/**/*.json")),
        "",
        "# Eksempler",
        "",
        "Eksemplene under ligger som filer i mappen `examples/` i kildekoden, og rapportene er det",
        "validatoren faktisk skriver for dem med `--format json`. Testene sjekker at hver fil gir nøyaktig",
        "de funnene som er oppgitt, og at denne siden er oppdatert. Alle identiteter er syntetiske.",
        "",
    ]
    examples = load_manifest(repo_root)
    # A published spec's examples are shown on its own examples page (journalloft.site.spec_pages);
    # this page links there and shows in full only the examples of base FHIR and of no spec.
    with_pages = {spec.id for spec in published(repo_root)}
    counts: dict[str, int] = {}
    for example in examples:
        spec_id = (example.spec or "").partition("@")[0]
        if spec_id in with_pages:
            counts[spec_id] = counts.get(spec_id, 0) + 1
    if counts:
        lines += ["Eksemplene for hver spesifikasjon står på spesifikasjonens egen side:", ""]
        lines += [
            f"- [`{spec_id}`]({relative_link(PAGE, examples_path(spec_id))}): {count} eksempler"
            for spec_id, count in sorted(counts.items())
        ]
        lines.append("")
    for example in examples:
        if (example.spec or "").partition("@")[0] in with_pages:
            continue
        lines += example_section(repo_root, example, example.title)
    return {PAGE: "\n".join(lines)}
