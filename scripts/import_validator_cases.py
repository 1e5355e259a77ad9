"""Import HL7's validator test cases (github FHIR/fhir-test-cases, Apache-2.0) as our own corpus.

Reads ``validator/manifest.json`` and the expected outcomes of the Java reference validator from
a checkout (or a bare git directory) of FHIR/fhir-test-cases and writes, deterministically, into
tests/fhir/reference_suite/:

  recorded.json   the manifest entries of every R4 JSON case, each with a summary of its expected
                  outcome (error count, which issues came from a terminology server) and the
                  sha256 of its case file: the input the selection below is applied to
  expected.json   the selected cases: name, file, module, expected error count, valid/invalid
                  and the reference validator's error messages
  cases/          the selected case files, byte for byte
  PROVENANCE.md   source, commit, licence, selection rule, how to regenerate

Only test data and expectation data are copied; none of the repository's code.

Usage:
  python scripts/import_validator_cases.py --source PATH [--commit SHA] [--out DIR]
      PATH: a checkout or a bare git directory of FHIR/fhir-test-cases
  python scripts/import_validator_cases.py --check [--out DIR]
      re-applies the selection to recorded.json and fails when expected.json, PROVENANCE.md or a
      case file differs (tests/fhir/test_reference_suite.py runs this check offline)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "tests" / "fhir" / "reference_suite"
SOURCE_REPO = "https://github.com/FHIR/fhir-test-cases"
R4_VERSIONS = ("4.0", "4.0.1")
TX_SERVER_EXTENSION = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-server"

# Manifest fields that make the reference validator load something we do not have offline
# (packages, supporting profiles, a logical model, a reference fetcher) or run with an option
# we do not emulate. A case that sets any of them is left out.
EXCLUDING_FIELDS = (
    "packages", "supporting", "supporting5", "profiles", "logical", "package-map",
    "fetcher", "bundle-param", "ips", "security-checks", "for-publication", "validateReference",
    "assumeValidRestReferences", "best-practice",
    "language", "sct", "no-tx", "certificate", "advisor", "matchetype",
    "r5-bundle-relative-reference-policy", "new-xver-mode",
    "enforceAggregationOutsideBundles", "allow-comments",
    "no-experimental-content", "suppress", "default-version", "generate-shapshot",
    "ids-in-errors", "scoring", "close-up", "tags", "fhir-validator-cli-options",
)
# Manifest fields that set a validator option we emulate: each case runs with its settings (the
# FhirOptions field names of journalloft.fhir.options). HL7's test harness allows example URLs
# unless the case says "examples": false, so that is the default here too.
def case_options(entry: dict[str, Any]) -> dict[str, Any]:
    domains = entry.get("allowed-extension-domain", [])
    return {
        "allow_example_urls": bool(entry.get("examples", True)),
        "allowed_extension_domains": [domains] if isinstance(domains, str) else list(domains),
        "display_issues_are_warnings": entry.get("wrong-displays") == "warning",
        "no_html_in_markdown": bool(entry.get("noHtmlInMarkdown", False)),
        "contained_ids": "ignore" if entry.get("validateContains") == "IGNORE" else "check",
    }


# Modules about other formats or services (CDS Hooks, SMART Health Cards, CDA, signatures, JSON5,
# cross-version, package versioning, terminology-server behaviour).
EXCLUDING_MODULES = (
    "tx", "tx-advanced", "cdshooks", "shc", "cda", "dsig", "json5", "xver", "package-versioning",
    "matchetype", "logical", "api",
)

SELECTION_RULE = f"""\
A case of `validator/manifest.json` is selected when all of these hold:

1. `version` is {" or ".join(f"`{v}`" for v in R4_VERSIONS)} (FHIR R4) and the case file is JSON;
2. `use-test` is not false and there is a `java` expectation (the reference validator's outcome);
   only that first step is used: a `profile` step (validation against an extra profile) is not;
3. it sets none of these fields (they load packages, profiles, logical models or a reference
   fetcher we do not have offline, or switch on validator options we do not emulate):
   {", ".join(f"`{f}`" for f in EXCLUDING_FIELDS)};
4. its `module` is none of {", ".join(f"`{m}`" for m in EXCLUDING_MODULES)} (terminology-server
   behaviour and other formats or services);
5. no issue of its expected outcome carries the `operationoutcome-issue-server` extension (the
   reference validator consulted a terminology server for it, so its verdict needs one).

The manifest fields `examples`, `allowed-extension-domain`, `wrong-displays`, `noHtmlInMarkdown`
and `validateContains` set options we emulate; such a case is selected and runs with them
(`options` in `expected.json`: example URLs allowed unless `examples` is false, as in HL7's test
harness; the extension domains allowed; a wrong display a warning when `wrong-displays` is
`warning`; HTML in markdown an error; contained ids ignored when `validateContains` is `IGNORE`).

The expected verdict: invalid when the expected outcome has at least one issue of severity
`error` or `fatal` (the manifest's `errorCount` where it is given inline), else valid.
"""


# -- reading the source -------------------------------------------------------------------------

class Source:
    """Files of a checkout or a bare git directory of fhir-test-cases, at one commit."""

    def __init__(self, path: Path, commit: str | None) -> None:
        self.path = path
        self.git_dir = path if (path / "HEAD").is_file() and (path / "objects").is_dir() else path / ".git"
        ref = commit or "HEAD"
        self.commit = self._git("rev-parse", ref).decode().strip()

    def _git(self, *args: str) -> bytes:
        return subprocess.run(
            ["git", "--git-dir", str(self.git_dir), *args], check=True, capture_output=True
        ).stdout

    def read(self, path: str) -> bytes | None:
        try:
            return self._git("show", f"{self.commit}:{path}")
        except subprocess.CalledProcessError:
            return None


def _outcome_summary(outcome: Any) -> dict[str, Any]:
    """Error count and error messages of an expected OperationOutcome, and whether tx was used."""
    if isinstance(outcome, dict) and "errorCount" in outcome and "resourceType" not in outcome:
        return {"errorCount": int(outcome["errorCount"]), "errors": [], "txServer": False}
    issues = outcome.get("issue", []) if isinstance(outcome, dict) else []
    errors = []
    tx = False
    for issue in issues:
        urls = {e.get("url") for e in issue.get("extension", []) if isinstance(e, dict)}
        tx = tx or TX_SERVER_EXTENSION in urls
        if issue.get("severity") in ("error", "fatal"):
            expression = issue.get("expression") or issue.get("location") or [""]
            errors.append({
                "expression": expression[0],
                "message": (issue.get("details") or {}).get("text", ""),
            })
    return {"errorCount": len(errors), "errors": errors, "txServer": tx}


def _read_outcome(source: Source, java: str, name: str) -> bytes | None:
    """The outcome file a manifest names; some entries name it loosely ("java/R4.x.json" is stored
    as "java/R4.x-base.json", "java/R4.general.x.json" as "java/R4.x-base.json"), so the names the
    reference test runner itself writes (R4.<case name>-base.json) are tried too."""
    stem = java[: -len(".json")] if java.endswith(".json") else java
    for candidate in (java, f"{stem}.json", f"{stem}-base.json", f"java/R4.{name}-base.json"):
        data = source.read(f"validator/outcomes/{candidate}")
        if data is not None:
            return data
    return None


def record(source: Source) -> dict[str, Any]:
    """The manifest entries of all R4 JSON cases, with outcome summaries and file hashes."""
    manifest = json.loads(source.read("validator/manifest.json") or b"{}")
    cases = []
    for entry in manifest.get("test-cases", []):
        if entry.get("version") not in R4_VERSIONS or not str(entry.get("file", "")).endswith(".json"):
            continue
        java = entry.get("java")
        outcome: Any = None
        if isinstance(java, str):
            data = _read_outcome(source, java, str(entry.get("name")))
            outcome = json.loads(data) if data else None
        elif isinstance(java, dict):
            outcome = java
        data = source.read(f"validator/{entry['file']}")
        cases.append({
            "manifest": entry,
            "outcome": _outcome_summary(outcome) if outcome is not None else None,
            "sha256": hashlib.sha256(data).hexdigest() if data is not None else None,
        })
    return {"source": SOURCE_REPO, "commit": source.commit, "cases": cases}


# -- the selection ------------------------------------------------------------------------------

def exclusion(case: dict[str, Any]) -> str | None:
    """Why a recorded case is left out, or None when it is selected."""
    entry = case["manifest"]
    if entry.get("use-test") is False:
        return "use-test false"
    if not entry.get("java") or case["outcome"] is None:
        return "no java expectation"
    if case["sha256"] is None:
        return "case file missing"
    for name in EXCLUDING_FIELDS:
        if name in entry:
            return f"sets {name}"
    if entry.get("module") in EXCLUDING_MODULES:
        return f"module {entry['module']}"
    if case["outcome"]["txServer"]:
        return "outcome from a terminology server"
    return None


def select(recorded: dict[str, Any]) -> list[dict[str, Any]]:
    selected = []
    for case in recorded["cases"]:
        if exclusion(case) is not None:
            continue
        entry = case["manifest"]
        outcome = case["outcome"]
        selected.append({
            "name": entry["name"],
            "file": entry["file"],
            "module": entry.get("module", ""),
            "errorCount": outcome["errorCount"],
            "valid": outcome["errorCount"] == 0,
            "errors": outcome["errors"],
            "options": case_options(entry),
            "sha256": case["sha256"],
        })
    return sorted(selected, key=lambda c: c["name"])


def provenance(recorded: dict[str, Any], selected: list[dict[str, Any]]) -> str:
    valid = sum(1 for c in selected if c["valid"])
    excluded: dict[str, int] = {}
    for case in recorded["cases"]:
        reason = exclusion(case)
        if reason is not None:
            excluded[reason] = excluded.get(reason, 0) + 1
    reasons = "\n".join(f"- {reason}: {count}" for reason, count in sorted(excluded.items()))
    return f"""\
# Provenance of the reference-validator test cases

Generated file set: do not edit by hand (except `disagreements.yaml`, which is ours).

## Source

- Repository: {recorded["source"]} (HL7 FHIR test cases), commit `{recorded["commit"]}`.
- Licence: Apache License 2.0. Copyright HL7 International and the contributors to
  FHIR/fhir-test-cases. The case files under `cases/` are copied unchanged from its `validator/`
  folder; `recorded.json` and `expected.json` carry data from its `validator/manifest.json` and
  from the expected outcomes of the Java reference validator (`validator/outcomes/java/`),
  summarised. No code of that repository is copied.

## Selection

{SELECTION_RULE}
Of {len(recorded["cases"])} R4 JSON cases in the manifest, {len(selected)} are selected
({valid} expected valid, {len(selected) - valid} expected invalid). Left out, by first reason:

{reasons}

## Regenerate

    python scripts/import_validator_cases.py --source PATH-TO-fhir-test-cases [--commit SHA]

`tests/fhir/test_reference_suite.py` re-applies the selection to `recorded.json` and fails when
`expected.json`, this file or a case file differs from what the script produces.
"""


def _dump(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def outputs(recorded: dict[str, Any]) -> dict[str, str]:
    selected = select(recorded)
    return {
        "expected.json": _dump(selected),
        "PROVENANCE.md": provenance(recorded, selected),
    }


def check(out: Path) -> list[str]:
    """Differences between the committed files and what the recorded data gives."""
    recorded = json.loads((out / "recorded.json").read_text(encoding="utf-8"))
    problems = []
    for name, text in outputs(recorded).items():
        path = out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            problems.append(f"{name} differs from what the recorded manifest data gives")
    selected = select(recorded)
    wanted = {c["file"] for c in selected}
    present = {p.name for p in (out / "cases").iterdir()} if (out / "cases").is_dir() else set()
    for extra in sorted(present - wanted):
        problems.append(f"cases/{extra} is not a selected case")
    for case in selected:
        path = out / "cases" / case["file"]
        if not path.is_file():
            problems.append(f"cases/{case['file']} is missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != case["sha256"]:
            problems.append(f"cases/{case['file']} differs from the recorded source file")
    return problems


def write(source: Source, out: Path) -> None:
    recorded = record(source)
    out.mkdir(parents=True, exist_ok=True)
    (out / "recorded.json").write_text(_dump(recorded), encoding="utf-8")
    for name, text in outputs(recorded).items():
        (out / name).write_text(text, encoding="utf-8")
    cases = out / "cases"
    cases.mkdir(exist_ok=True)
    wanted = {c["file"] for c in select(recorded)}
    for path in cases.iterdir():
        if path.name not in wanted:
            path.unlink()
    for name in sorted(wanted):
        data = source.read(f"validator/{name}")
        assert data is not None
        (cases / name).write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="checkout or bare git directory of FHIR/fhir-test-cases")
    parser.add_argument("--commit", help="commit to read (default HEAD)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="verify the committed files, offline")
    args = parser.parse_args(argv)
    if args.check:
        problems = check(args.out)
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    if args.source is None:
        parser.error("--source is required unless --check is given")
    write(Source(args.source, args.commit), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
