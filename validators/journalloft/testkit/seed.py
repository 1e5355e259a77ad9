"""The reference server's starting data: the project's valid OKT FHIR examples (synthetic persons only).

Units (Organization) and services (EpisodeOfCare) are stored under their own ids; a transaction
example is applied as the server would apply it. Search results in the folder are answers, not data,
and are skipped. The wheel carries the folder as ``journalloft/_examples/okt/fhir/valid``; a source
checkout reads ``examples/okt/fhir/valid``.
"""

from __future__ import annotations

import json
from pathlib import Path

from journalloft.testkit.store import Store
from journalloft.testkit.transaction import apply_transaction

_PACKAGE = Path(__file__).resolve().parent.parent
_RELATIVE = Path("okt/fhir/valid")


def examples_folder() -> Path | None:
    for candidate in (_PACKAGE / "_examples" / _RELATIVE, _PACKAGE.parent.parent / "examples" / _RELATIVE):
        if candidate.is_dir():
            return candidate
    return None


def seeded_store(folder: Path | None = None) -> Store:
    """A store holding the examples in ``folder`` (default: the project's own); empty without any."""
    store = Store()
    folder = folder if folder is not None else examples_folder()
    if folder is None:
        return store
    resources = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    order = {"Organization": 0, "EpisodeOfCare": 1, "Bundle": 2}
    for resource in sorted(resources, key=lambda r: order.get(r.get("resourceType"), 3)):
        type_ = resource.get("resourceType")
        if type_ in ("Organization", "EpisodeOfCare") and isinstance(resource.get("id"), str):
            store.save(type_, resource["id"], resource, create=True)
        elif type_ == "Bundle" and resource.get("type") == "transaction":
            store, _ = apply_transaction(store, resource)
    return store
