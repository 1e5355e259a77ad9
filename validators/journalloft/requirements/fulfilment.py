"""Which spec versions fulfil which catalogue requirements (spec.yaml ``requirements:``).

The catalogue's category pages list, under each requirement, the spec versions that name it; the
spec overview pages (journalloft.site.spec_pages) list the same links the other way. Both use the
page paths defined here.
"""

from __future__ import annotations

from pathlib import Path

from journalloft import safe_yaml
from journalloft.specs import Registry

SPEC_SECTION = "tjenester"


def spec_overview_path(spec_id: str) -> str:
    return f"{SPEC_SECTION}/{spec_id}/index.md"


def version_anchor(version: str) -> str:
    return "v" + version.replace(".", "-")


def fulfilled_by(specs_root: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Requirement id -> [(spec key, docs page, anchor)] for every spec version that lists it."""
    result: dict[str, list[tuple[str, str, str]]] = {}
    for spec in Registry([specs_root]).all():
        if spec.path is None:
            continue
        data = safe_yaml.load((spec.path / "spec.yaml").read_text(encoding="utf-8"))
        listed = data.get("requirements") if isinstance(data, dict) else None
        for requirement_id in listed if isinstance(listed, list) else []:
            entry = (spec.key, spec_overview_path(spec.id), version_anchor(spec.version))
            result.setdefault(str(requirement_id), []).append(entry)
    return result
