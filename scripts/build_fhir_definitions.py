"""Build the trimmed FHIR R4 definitions shipped in validators/journalloft/fhir/data/.

Reads HL7's npm packages hl7.fhir.r4.examples@4.0.1 (StructureDefinitions, ValueSets,
CodeSystems), hl7.fhir.r4.expansions@4.0.1 (expanded ValueSets) and hl7.terminology.r4@7.0.1
(HL7 Terminology, THO: the current v2, v3 and FHIR-defined code systems and value sets) from the
registry cache and writes, deterministically (same input, same bytes):

  index.json                  url -> member name, version and summary fields, per kind
  structuredefinitions.zip    one canonical-JSON member per StructureDefinition (<id>.json)
  valuesets.zip               one member per ValueSet, expansion merged in where HL7 ships one
  codesystems.zip             one member per CodeSystem
  PROVENANCE.md               sources, licences, checksums and the command that regenerates it

As in HL7's validator, THO takes precedence: a CodeSystem or ValueSet THO publishes replaces R4's
copy with the same canonical url (R4 4.0.1's v2-0203, for example, lacks PGN and FGN), and R4's
own definitions stay where THO has nothing. A THO ValueSet gets no R4 expansion (it would be
stale); the validator evaluates its compose over the THO code systems.

Only the keys validation needs are kept (see the *_KEYS tables below); narrative, mappings,
definitions, comments, designations and metadata are dropped. Numbers with a fraction or
exponent keep their exact source text (the loader reads them as decimal.Decimal).

Usage:
  PYTHONPATH=validators python scripts/build_fhir_definitions.py [--examples TGZ]
      [--expansions TGZ] [--terminology TGZ] [--out DIR]
Defaults: the tarballs in the registry cache (env JOURNALLOFT_REGISTRY_CACHE, else
<repo>/.cache/registry) and the package's data directory.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import sys
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "validators"))

from journalloft.registry_cache import tarball  # noqa: E402 - needs the sys.path entry above

DEFAULT_OUT = REPO / "validators" / "journalloft" / "fhir" / "data"
EXAMPLES = ("hl7.fhir.r4.examples", "4.0.1")
EXPANSIONS = ("hl7.fhir.r4.expansions", "4.0.1")
TERMINOLOGY = ("hl7.terminology.r4", "7.0.1")
TERMINOLOGY_KINDS = ("ValueSet", "CodeSystem")
KINDS = ("StructureDefinition", "ValueSet", "CodeSystem")
ARCHIVES = {
    "StructureDefinition": "structuredefinitions.zip",
    "ValueSet": "valuesets.zip",
    "CodeSystem": "codesystems.zip",
}
REGENERATE = "PYTHONPATH=validators python scripts/build_fhir_definitions.py"

# --- what is kept ------------------------------------------------------------------------

SD_KEYS = frozenset({
    "resourceType", "id", "url", "version", "name", "type", "kind", "abstract", "derivation",
    "baseDefinition", "context", "contextInvariant", "fhirVersion",
})
ELEMENT_KEYS = frozenset({
    "id", "path", "sliceName", "sliceIsConstraining", "min", "max", "base", "type",
    "contentReference", "binding", "constraint", "slicing", "maxLength", "isModifier",
    "isSummary", "mustSupport", "representation",
})
ELEMENT_PREFIXES = ("fixed", "pattern", "minValue", "maxValue")
TYPE_KEYS = frozenset({"code", "profile", "targetProfile", "aggregation", "versioning"})
TYPE_EXTENSIONS = frozenset({
    "http://hl7.org/fhir/StructureDefinition/regex",
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type",
})
CONSTRAINT_KEYS = frozenset({"key", "severity", "human", "expression", "source"})
CONSTRAINT_EXTENSIONS = frozenset({"http://hl7.org/fhir/StructureDefinition/elementdefinition-bestpractice"})
BASE_KEYS = frozenset({"path", "min", "max"})
BINDING_KEYS = frozenset({"strength", "valueSet"})
SLICING_KEYS = frozenset({"discriminator", "ordered", "rules"})

VS_KEYS = frozenset({"resourceType", "id", "url", "version", "name"})
COMPOSE_SET_KEYS = frozenset({"system", "version", "valueSet"})
FILTER_KEYS = frozenset({"property", "op", "value"})
EXPANSION_EXTENSIONS = frozenset({
    "http://hl7.org/fhir/StructureDefinition/valueset-unclosed",
    "http://hl7.org/fhir/StructureDefinition/valueset-toocostly",
})
EXPANSION_PARAMETERS = frozenset({"limitedExpansion"})
CONTAINS_KEYS = frozenset({"system", "version", "code", "display", "abstract", "inactive"})

CS_KEYS = frozenset({
    "resourceType", "id", "url", "version", "name", "content", "caseSensitive",
    "hierarchyMeaning", "valueSet", "supplements",
})
# Concept properties that say whether a code may be used or how codes relate (v3 code systems
# carry extra is-a links in "child"; THO states their hierarchy in "subsumedBy"); everything else
# is descriptive.
CONCEPT_PROPERTIES = frozenset({
    "status", "notSelectable", "abstract", "inactive", "deprecated", "child", "parent", "subsumedBy",
})

# Numbers with a fraction/exponent are carried through the stdlib encoder as marked strings and
# restored afterwards, so "1.50" stays "1.50" (a float would print 1.5).
_DECIMAL_MARK = "\x00decimal:"
_DECIMAL_PATTERN = re.compile(r'"\\u0000decimal:([^"]+)"')


# --- trimming ----------------------------------------------------------------------------

def _pick(source: dict[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    return {key: value for key, value in source.items() if key in keys}


def _extensions(source: dict[str, Any], urls: frozenset[str]) -> list[dict[str, Any]]:
    return [ext for ext in source.get("extension", ()) if ext.get("url") in urls]


def _trim_type(source: dict[str, Any]) -> dict[str, Any]:
    trimmed = _pick(source, TYPE_KEYS)
    kept = _extensions(source, TYPE_EXTENSIONS)
    if kept:
        trimmed["extension"] = kept
    return trimmed


def _trim_constraint(source: dict[str, Any]) -> dict[str, Any]:
    trimmed = _pick(source, CONSTRAINT_KEYS)
    kept = _extensions(source, CONSTRAINT_EXTENSIONS)
    if kept:
        trimmed["extension"] = kept
    return trimmed


def _trim_slicing(source: dict[str, Any]) -> dict[str, Any]:
    return _pick(source, SLICING_KEYS)


def _trim_element(source: dict[str, Any]) -> dict[str, Any]:
    trimmed: dict[str, Any] = {}
    for key, value in source.items():
        if key in ELEMENT_KEYS or key.startswith(ELEMENT_PREFIXES):
            trimmed[key] = value
    if "base" in trimmed:
        trimmed["base"] = _pick(trimmed["base"], BASE_KEYS)
    if "type" in trimmed:
        trimmed["type"] = [_trim_type(item) for item in trimmed["type"]]
    if "binding" in trimmed:
        trimmed["binding"] = _pick(trimmed["binding"], BINDING_KEYS)
    if "constraint" in trimmed:
        trimmed["constraint"] = [_trim_constraint(item) for item in trimmed["constraint"]]
    if "slicing" in trimmed:
        trimmed["slicing"] = _trim_slicing(trimmed["slicing"])
    return trimmed


_VITALSIGNS = "http://hl7.org/fhir/StructureDefinition/vitalsigns"
_VITALS_UNITS = "http://hl7.org/fhir/ValueSet/ucum-vitals-common|4.0.1"


def apply_errata(source: dict[str, Any]) -> dict[str, Any]:
    """Corrections HL7's validator makes to R4 core definitions when it loads them.

    The vital-signs profile and the profiles derived from it bind Observation.component.value[x]
    to ucum-vitals-common as required; HL7's validator relaxes that binding to extensible
    (components such as inhaled oxygen flow in L/min have units outside the value set).
    """
    url = source.get("url")
    if source.get("type") != "Observation" or _VITALSIGNS not in (url, source.get("baseDefinition")):
        return source
    elements = []
    for element in source.get("snapshot", {}).get("element", []):
        binding = element.get("binding")
        if (
            element.get("path") == "Observation.component.value[x]"
            and isinstance(binding, dict)
            and binding.get("valueSet") == _VITALS_UNITS
            and binding.get("strength") == "required"
        ):
            elements.append({**element, "binding": {**binding, "strength": "extensible"}})
        else:
            elements.append(element)
    return {**source, "snapshot": {**source["snapshot"], "element": elements}} if "snapshot" in source else source


def trim_structure_definition(source: dict[str, Any]) -> dict[str, Any]:
    source = apply_errata(source)
    trimmed = _pick(source, SD_KEYS)
    # A differential is kept only when HL7 ships no snapshot (two example profiles); whoever
    # needs it generates the snapshot from it.
    view = "snapshot" if "snapshot" in source else "differential"
    if view in source:
        trimmed[view] = {"element": [_trim_element(item) for item in source[view]["element"]]}
    return trimmed


def _trim_compose_set(source: dict[str, Any]) -> dict[str, Any]:
    trimmed = _pick(source, COMPOSE_SET_KEYS)
    if "concept" in source:
        trimmed["concept"] = [_pick(item, frozenset({"code", "display"})) for item in source["concept"]]
    if "filter" in source:
        trimmed["filter"] = [_pick(item, FILTER_KEYS) for item in source["filter"]]
    return trimmed


def _trim_contains(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    trimmed = []
    for item in items:
        entry = _pick(item, CONTAINS_KEYS)
        if "contains" in item:
            entry["contains"] = _trim_contains(item["contains"])
        trimmed.append(entry)
    return trimmed


def trim_expansion(source: dict[str, Any]) -> dict[str, Any]:
    trimmed = _pick(source, frozenset({"total", "offset"}))
    kept = _extensions(source, EXPANSION_EXTENSIONS)
    if kept:
        trimmed["extension"] = kept
    parameters = [item for item in source.get("parameter", ()) if item.get("name") in EXPANSION_PARAMETERS]
    if parameters:
        trimmed["parameter"] = parameters
    trimmed["contains"] = _trim_contains(source.get("contains", []))
    return trimmed


def trim_value_set(source: dict[str, Any], expansion: dict[str, Any] | None) -> dict[str, Any]:
    trimmed = _pick(source, VS_KEYS)
    if "compose" in source:
        compose = source["compose"]
        trimmed["compose"] = {
            part: [_trim_compose_set(item) for item in compose[part]]
            for part in ("include", "exclude")
            if part in compose
        }
        if "inactive" in compose:
            trimmed["compose"]["inactive"] = compose["inactive"]
    chosen = expansion if expansion is not None else source.get("expansion")
    if chosen is not None:
        trimmed["expansion"] = trim_expansion(chosen)
    return trimmed


def _trim_concepts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    trimmed = []
    for item in items:
        entry = _pick(item, frozenset({"code", "display"}))
        properties = [
            _pick(prop, frozenset(k for k in prop if k == "code" or k.startswith("value")))
            for prop in item.get("property", ())
            if prop.get("code") in CONCEPT_PROPERTIES
        ]
        if properties:
            entry["property"] = properties
        if "concept" in item:
            entry["concept"] = _trim_concepts(item["concept"])
        trimmed.append(entry)
    return trimmed


def trim_code_system(source: dict[str, Any]) -> dict[str, Any]:
    trimmed = _pick(source, CS_KEYS)
    if "concept" in source:
        trimmed["concept"] = _trim_concepts(source["concept"])
    return trimmed


# --- reading the packages ------------------------------------------------------------------

def _mark_decimal(text: str) -> str:
    return _DECIMAL_MARK + text


def _load(data: bytes, where: str) -> dict[str, Any]:
    text = data.decode("utf-8")
    if "\x00" in text:
        raise ValueError(f"{where}: NUL character in source, the decimal marker would be ambiguous")
    loaded = json.loads(text, parse_float=_mark_decimal)
    if not isinstance(loaded, dict):
        raise TypeError(f"{where}: not a JSON object")
    return loaded


def canonical_json(resource: dict[str, Any]) -> bytes:
    """Sorted keys, no whitespace, UTF-8, decimals exactly as in the source."""
    text = json.dumps(resource, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _DECIMAL_PATTERN.sub(r"\1", text).encode("utf-8")


def _package_members(path: Path, wanted: Callable[[str], bool]) -> Iterator[tuple[str, bytes]]:
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            if member.isfile() and wanted(member.name):
                handle = archive.extractfile(member)
                assert handle is not None
                yield member.name, handle.read()


def _package_json(path: Path) -> dict[str, Any]:
    for _, data in _package_members(path, lambda name: name == "package/package.json"):
        return _load(data, f"{path.name}:package/package.json")
    raise ValueError(f"{path}: no package/package.json")


def _is_definition(name: str) -> bool:
    # Top-level files only: the Bundle-*.json files repeat the same resources.
    base = name.removeprefix("package/")
    return "/" not in base and base.endswith(".json") and base.split("-", 1)[0] in KINDS


def _is_expansion(name: str) -> bool:
    base = name.removeprefix("package/")
    return "/" not in base and base.startswith("ValueSet-")


def read_expansions(path: Path) -> dict[str, dict[str, Any]]:
    """url -> expansion. The package holds most value sets twice (with and without ".json",
    differing only in timestamps and expansion identifiers); the latest timestamp wins."""
    chosen: dict[str, dict[str, Any]] = {}
    for name, data in sorted(_package_members(path, _is_expansion)):
        resource = _load(data, f"{path.name}:{name}")
        expansion = resource.get("expansion")
        if resource.get("resourceType") != "ValueSet" or expansion is None:
            continue
        url = resource["url"]
        previous = chosen.get(url)
        if previous is None or expansion.get("timestamp", "") > previous.get("timestamp", ""):
            chosen[url] = expansion
    return chosen


def read_definitions(path: Path) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    for name, data in _package_members(path, _is_definition):
        resource = _load(data, f"{path.name}:{name}")
        kind = resource.get("resourceType")
        if kind in found:
            found[kind].append(resource)
    return found


# --- writing -------------------------------------------------------------------------------

def _write_zip(path: Path, members: Iterable[tuple[str, bytes]]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=6)
    path.write_bytes(buffer.getvalue())


def _summary(resource: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {key: resource[key] for key in keys if key in resource}


SUMMARY_KEYS: dict[str, tuple[str, ...]] = {
    "StructureDefinition": ("id", "version", "name", "type", "kind", "abstract", "derivation", "baseDefinition"),
    "ValueSet": ("id", "version", "name"),
    "CodeSystem": ("id", "version", "name", "content", "caseSensitive"),
}
INDEX_KEYS = {"StructureDefinition": "structure_definitions", "ValueSet": "value_sets", "CodeSystem": "code_systems"}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _provenance(sources: list[Path], packages: list[dict[str, Any]], counts: dict[str, int]) -> str:
    lines = [
        "# Provenance of the shipped FHIR R4 definitions",
        "",
        "Generated file set: do not edit by hand. Regenerate from the repository root with:",
        "",
        f"    {REGENERATE}",
        "",
        "`tests/fhir/test_definitions.py` rebuilds the set from the tarballs and fails when it differs.",
        "",
        "## Sources (npm registry packages published by HL7)",
        "",
    ]
    for package, path in zip(packages, sources, strict=True):
        lines.append(
            f"- `{package['name']}@{package['version']}` — {package.get('title', '')}; "
            f"author {package.get('author', '?')}; FHIR {', '.join(package.get('fhirVersions', []))}; "
            f"licence as declared in its package.json: `{package.get('license', 'not stated')}`; "
            f"tarball sha256 `{_sha256(path)}`."
        )
    lines += [
        "",
        "CC0-1.0 is the Creative Commons public-domain dedication: HL7 places the FHIR R4",
        "definitions and HL7 Terminology in the public domain, so trimmed copies may be redistributed.",
        "",
        "## HL7 Terminology (THO) precedence",
        "",
        "As in HL7's validator, a CodeSystem or ValueSet that THO publishes replaces R4's copy with",
        "the same canonical url; R4's own definitions stay where THO has nothing.",
        f"THO replaced {counts['replaced-CodeSystem']} CodeSystems and {counts['replaced-ValueSet']} "
        "ValueSets of R4",
        f"and added {counts['added-CodeSystem']} CodeSystems and {counts['added-ValueSet']} ValueSets "
        "R4 does not have.",
        "THO ValueSets carry no expansion: their compose is evaluated over the THO code systems.",
        "",
        "## Content",
        "",
        (
            f"- {counts['StructureDefinition']} StructureDefinitions (resources, complex and primitive "
            "types, extensions, core profiles, logical models) — `structuredefinitions.zip`"
        ),
        (
            f"- {counts['ValueSet']} ValueSets; {counts['expanded']} carry an `expansion` "
            "(from hl7.fhir.r4.expansions where it has one) — `valuesets.zip`"
        ),
        f"- {counts['CodeSystem']} CodeSystems — `codesystems.zip`",
        "- `index.json`: canonical url -> archive member, version and summary fields",
        "",
        "One correction HL7's validator also makes when it loads R4 core is applied (see",
        "apply_errata in the build script): the vital-signs profiles bind",
        "Observation.component.value[x] to ucum-vitals-common as extensible, not required.",
        "",
        "Trimmed to the keys validation needs (see the *_KEYS tables in the build script);",
        "each archive member is canonical JSON (sorted keys, no whitespace, UTF-8, decimals as in the",
        "source). Only top-level package files are read: the package's Bundle-*.json files repeat",
        "the same resources.",
        "",
    ]
    return "\n".join(lines)


def merge_terminology(
    definitions: dict[str, list[dict[str, Any]]], terminology: dict[str, list[dict[str, Any]]]
) -> dict[str, int]:
    """Let THO's CodeSystems and ValueSets replace R4's with the same url; count what changed.

    THO resources are marked (key ``_tho``) so that they get their own archive member names and
    no R4 expansion.
    """
    counts: dict[str, int] = {}
    for kind in TERMINOLOGY_KINDS:
        by_url = {resource["url"]: resource for resource in definitions[kind]}
        replaced = added = 0
        for resource in sorted(terminology[kind], key=lambda item: item["id"]):
            url = resource.get("url")
            if not isinstance(url, str):
                continue
            if url in by_url:
                replaced += 1
            else:
                added += 1
            by_url[url] = {**resource, "_tho": True}
        definitions[kind] = list(by_url.values())
        counts[f"replaced-{kind}"] = replaced
        counts[f"added-{kind}"] = added
    return counts


def build(examples: Path, expansions: Path, out: Path, terminology: Path | None = None) -> list[Path]:
    """Write the data set into `out` and return the files written."""
    sources = [examples, expansions] + ([terminology] if terminology is not None else [])
    packages = [_package_json(path) for path in sources]
    definitions = read_definitions(examples)
    expanded = read_expansions(expansions)
    counts: dict[str, int] = {f"{what}-{kind}": 0 for what in ("replaced", "added") for kind in TERMINOLOGY_KINDS}
    if terminology is not None:
        counts.update(merge_terminology(definitions, read_definitions(terminology)))
    out.mkdir(parents=True, exist_ok=True)
    index: dict[str, Any] = {}
    written: list[Path] = []
    expanded_count = 0
    for kind in KINDS:
        members: list[tuple[str, bytes]] = []
        entries: dict[str, Any] = {}
        for resource in sorted(definitions[kind], key=lambda item: (bool(item.get("_tho")), item["id"])):
            tho = bool(resource.get("_tho"))
            if kind == "StructureDefinition":
                trimmed = trim_structure_definition(resource)
            elif kind == "ValueSet":
                trimmed = trim_value_set(resource, None if tho else expanded.get(resource["url"]))
                expanded_count += "expansion" in trimmed
            else:
                trimmed = trim_code_system(resource)
            url = resource["url"]
            if url in entries:
                raise ValueError(f"{kind} {url} appears twice in {examples.name}")
            member = f"tho-{resource['id']}.json" if tho else f"{resource['id']}.json"
            members.append((member, canonical_json(trimmed)))
            entries[url] = {"member": member, **_summary(resource, SUMMARY_KEYS[kind])}
        target = out / ARCHIVES[kind]
        _write_zip(target, members)
        written.append(target)
        index[INDEX_KEYS[kind]] = entries
        counts[kind] = len(members)
    counts["expanded"] = expanded_count
    index["provenance"] = {
        "sources": [f"{package['name']}@{package['version']}" for package in packages],
        "licence": sorted({package.get("license", "not stated") for package in packages}),
        "regenerate": REGENERATE,
    }
    index_path = out / "index.json"
    index_path.write_text(json.dumps(index, sort_keys=True, indent=1, ensure_ascii=False) + "\n", "utf-8")
    provenance_path = out / "PROVENANCE.md"
    provenance_path.write_text(_provenance(sources, packages, counts), "utf-8")
    return [index_path, *written, provenance_path]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=Path, help="hl7.fhir.r4.examples-4.0.1.tgz")
    parser.add_argument("--expansions", type=Path, help="hl7.fhir.r4.expansions-4.0.1.tgz")
    parser.add_argument("--terminology", type=Path, help="hl7.terminology.r4-7.0.1.tgz")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = parser.parse_args(argv)
    try:
        examples = args.examples or tarball(*EXAMPLES)
        expansions = args.expansions or tarball(*EXPANSIONS)
        terminology = args.terminology or tarball(*TERMINOLOGY)
    except FileNotFoundError as missing:
        print(f"error: {missing}", file=sys.stderr)
        return 2
    for path in build(examples, expansions, args.out, terminology):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
