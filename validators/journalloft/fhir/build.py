"""Compile a FHIR spec's FSH sources with SUSHI, offline, into a committed ``generated/`` folder.

SUSHI (npm ``fsh-sushi``) resolves the FHIR core package from ``$HOME/.fhir/packages``. It runs
with a private home under journalloft's own cache folder (:mod:`journalloft.fhir.sushi_home`), never
with the user's: the user's ``~/.fhir`` and ``~/.npm`` are neither read nor written. That home's
core package is seeded offline from HL7's ``hl7.fhir.r4.examples@4.0.1`` (:func:`seed_fhir_cache`).

SUSHI 3 also tries three "automatic dependencies" at version ``latest`` (hl7.fhir.uv.tools.r4,
hl7.terminology.r4, hl7.fhir.uv.extensions.r4) and asks npm for its own latest version. None of
them is needed to compile profiles on core R4. We run SUSHI with npm in offline mode and every
HTTP(S) proxy variable pointing at a closed local port, so those look-ups fail at once instead of
touching the network; the resulting "Failed to load automatically-provided ..." warnings are
expected and filtered (:data:`EXPECTED_WARNINGS`). Any other SUSHI warning or error fails the build.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from journalloft import safe_yaml
from journalloft.fhir.sushi_home import (
    CORE_PACKAGE,
    CORE_VERSION,
    SOURCE_PACKAGE,
    BuildError,
    index_entry,
    private_environment,
    seed_fhir_cache,
    sushi_home,
)

__all__ = ["BuildError", "index_entry", "seed_fhir_cache"]

# A closed local port: every HTTP(S) request SUSHI or npm tries fails immediately.
_DEAD_PROXY = "http://127.0.0.1:9"

EXPECTED_WARNINGS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"Failed to load automatically-provided (hl7\.fhir\.uv\.tools|hl7\.terminology|hl7\.fhir\.uv\.extensions)"
    ),
    re.compile(r"Unable to determine the latest version of sushi"),
    # Package metadata (id, name, license, ...) lives in sushi-config.yaml for package.py, while
    # FSHOnly keeps SUSHI from writing ImplementationGuide scaffolding; SUSHI notes the overlap.
    re.compile(r"The FSHOnly property is set to true"),
)


@dataclass(frozen=True)
class SushiResult:
    resources: dict[str, bytes]  # file name -> canonical JSON bytes
    version: str
    warnings: tuple[str, ...] = ()
    """SUSHI's unexpected warnings (only in lenient mode; strict mode fails on them)."""


def repo_root() -> Path:
    return Path(__file__).resolve().parents[3]


# --- running SUSHI -------------------------------------------------------------------------------


def sushi_executable() -> Path:
    configured = os.environ.get("JOURNALLOFT_SUSHI")
    return Path(configured) if configured else repo_root() / "node_modules" / ".bin" / "sushi"


def sushi_version() -> str:
    manifest = sushi_executable().resolve().parents[1] / "package.json"
    try:
        return str(json.loads(manifest.read_text("utf-8"))["version"])
    except (OSError, ValueError, KeyError) as exc:
        raise BuildError(f"{manifest}: cannot read the fsh-sushi version ({exc})") from exc


def offline_environment(home: Path) -> dict[str, str]:
    """SUSHI's environment: its private home (sushi_home.private_environment), npm offline, no network."""
    env = private_environment(home)
    env["npm_config_offline"] = "true"
    env["npm_config_update_notifier"] = "false"
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env[name] = _DEAD_PROXY
    for name in ("NO_PROXY", "no_proxy", "FPL_REGISTRY", "FPL_REGISTRY_TOKEN"):
        env.pop(name, None)
    return env


_SUMMARY = re.compile(r"(\d+) Errors?\s+(\d+) Warnings?")
_MESSAGE = re.compile(r"^(error|warn)\s+(.*)$")


def check_layout(spec_dir: Path) -> None:
    if not (spec_dir / "sushi-config.yaml").is_file():
        raise BuildError(f"{spec_dir}: no sushi-config.yaml")
    fsh_dir = spec_dir / "input" / "fsh"
    if not fsh_dir.is_dir() or not any(fsh_dir.rglob("*.fsh")):
        raise BuildError(f"{spec_dir}: no FSH files under input/fsh/")


def run_sushi(spec_dir: Path, *, snapshots: bool = False, strict: bool = True) -> SushiResult:
    """Compile ``spec_dir`` in a temporary output folder; return canonical JSON per resource file.

    ``snapshots`` asks SUSHI to write its own snapshots too (used only to cross-check ours).
    ``strict`` (our own specs) fails on any unexpected warning; without it (IGs published by others,
    loaded with ``--ig``) warnings are returned in :attr:`SushiResult.warnings` and only SUSHI's
    errors fail the build, each shown with its file (relative to ``spec_dir``) and line.
    """
    check_layout(spec_dir)
    executable = sushi_executable()
    if not executable.exists():
        raise BuildError(f"{executable}: SUSHI is not installed (run npm ci; fsh-sushi is pinned in package.json)")
    home = sushi_home()
    seed_fhir_cache(home)
    with tempfile.TemporaryDirectory(prefix="journalloft-sushi-") as out:
        completed = subprocess.run(
            [str(executable), "build", str(spec_dir.resolve()), "--out", out, "--log-level", "warn"]
            + (["--snapshot"] if snapshots else []),
            env=offline_environment(home),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        log = completed.stdout + completed.stderr
        problems = [_relative_file(message, spec_dir) for message in _unexpected_messages(log)]
        summary = _SUMMARY.search(log)
        failing = problems if strict else [m for m in problems if m.startswith("error")]
        if completed.returncode != 0 or failing or summary is None or summary.group(1) != "0":
            detail = "\n".join(failing) or log.strip()[-2000:]
            raise BuildError(f"{spec_dir}: SUSHI failed (exit {completed.returncode}):\n{detail}")
        warnings = () if strict else tuple(m for m in problems if not m.startswith("error"))
        resources_dir = Path(out) / "fsh-generated" / "resources"
        files = sorted(resources_dir.glob("*.json")) if resources_dir.is_dir() else []
        resources = {path.name: canonical_json(json.loads(path.read_text("utf-8"))) for path in files}
    return SushiResult(resources=resources, version=sushi_version(), warnings=warnings)


def _relative_file(message: str, spec_dir: Path) -> str:
    """SUSHI names files by absolute path; inside the project folder the relative path reads better."""
    root = str(spec_dir.resolve()) + os.sep
    return message.replace(root, "")


def _unexpected_messages(log: str) -> list[str]:
    """SUSHI's error and warning lines (with their indented continuation) minus the expected ones."""
    messages: list[str] = []
    current: list[str] | None = None
    for line in log.splitlines():
        match = _MESSAGE.match(line)
        if match:
            current = [line]
            messages.append("")
            if not any(p.search(match.group(2)) for p in EXPECTED_WARNINGS) or match.group(1) == "error":
                messages[-1] = line
            else:
                current = None
        elif current is not None and line.startswith("  ") and messages and messages[-1]:
            messages[-1] += "\n" + line
        else:
            current = None
    return [m for m in messages if m]


def canonical_json(value: object) -> bytes:
    """Stable formatting: two-space indent, SUSHI's key order, UTF-8, final newline."""
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# --- generated/ ----------------------------------------------------------------------------------


def inputs_digest(spec_dir: Path) -> str:
    """SHA-256 over the files SUSHI reads (config and FSH), by relative path; order-independent of the OS."""
    digest = hashlib.sha256()
    paths = [spec_dir / "sushi-config.yaml", *sorted((spec_dir / "input").rglob("*"))]
    for path in paths:
        if path.is_file():
            digest.update(path.relative_to(spec_dir).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def read_sushi_config(spec_dir: Path) -> dict:
    try:
        config = safe_yaml.load((spec_dir / "sushi-config.yaml").read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"{spec_dir / 'sushi-config.yaml'}: cannot read ({exc})") from exc
    if not isinstance(config, dict):
        raise BuildError(f"{spec_dir / 'sushi-config.yaml'}: not a YAML mapping")
    return config


def provenance_text(spec_dir: Path, generator_version: str, file_names: Sequence[str]) -> str:
    config = read_sushi_config(spec_dir)
    licence = config.get("license") or "(not set in sushi-config.yaml)"
    lines = [
        "# Provenance of generated/",
        "",
        "Generated files: do not edit by hand. They are SUSHI's output for the FSH sources of this spec.",
        "",
        f"- Generator: fsh-sushi {generator_version} (npm, Apache-2.0), run offline by journalloft.fhir.build",
        (
            f"- FHIR core package: {CORE_PACKAGE} {CORE_VERSION}, seeded from the conformance resources of the npm "
            f"package {SOURCE_PACKAGE} (HL7 International, CC0-1.0)"
        ),
        (
            f"- Source: sushi-config.yaml and input/fsh/ (package {config.get('packageId') or config.get('id')}, "
            f"version {config.get('version')})"
        ),
        f"- Licence of this content: {licence}",
        f"- Inputs SHA-256: {inputs_digest(spec_dir)}",
        (
            "- Regenerate: `journalloft spec build <spec-dir>` or "
            "`PYTHONPATH=validators python -m journalloft.fhir.build <spec-dir>`"
        ),
        "",
        "## Files",
        "",
    ]
    lines += [f"- {name}" for name in file_names]
    return "\n".join(lines) + "\n"


def render(spec_dir: Path) -> dict[str, bytes]:
    """Everything ``generated/`` should hold for ``spec_dir``: file name -> bytes."""
    result = run_sushi(spec_dir)
    files = dict(result.resources)
    files["PROVENANCE.md"] = provenance_text(spec_dir, result.version, sorted(result.resources)).encode("utf-8")
    return files


def build_spec(spec_dir: Path | str) -> list[Path]:
    """Run SUSHI on ``spec_dir`` and rewrite ``spec_dir/generated/``; return the resource files, sorted.

    Files in ``generated/`` that SUSHI no longer produces are removed, so the folder always equals
    exactly one SUSHI run plus PROVENANCE.md.
    """
    spec_dir = Path(spec_dir)
    files = render(spec_dir)
    generated = spec_dir / "generated"
    generated.mkdir(exist_ok=True)
    for stale in generated.iterdir():
        if stale.is_file() and stale.name not in files:
            stale.unlink()
    for name, content in files.items():
        path = generated / name
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
    return sorted(generated / name for name in files if name.endswith(".json"))


def check_spec(spec_dir: Path | str) -> list[str]:
    """Differences between a fresh SUSHI run and the committed ``generated/`` (empty when up to date)."""
    spec_dir = Path(spec_dir)
    expected = render(spec_dir)
    generated = spec_dir / "generated"
    present = {p.name: p.read_bytes() for p in generated.iterdir() if p.is_file()} if generated.is_dir() else {}
    return compare_files(expected, present)


def compare_files(expected: dict[str, bytes], present: dict[str, bytes]) -> list[str]:
    differences: list[str] = []
    for name in sorted(expected.keys() | present.keys()):
        if name not in present:
            differences.append(f"generated/{name}: missing")
        elif name not in expected:
            differences.append(f"generated/{name}: not produced by SUSHI any more")
        elif expected[name] != present[name]:
            diff = difflib.unified_diff(
                present[name].decode("utf-8", "replace").splitlines(),
                expected[name].decode("utf-8", "replace").splitlines(),
                "committed",
                "fresh",
                lineterm="",
                n=1,
            )
            differences.append(f"generated/{name}: differs\n" + "\n".join(list(diff)[:20]))
    return differences


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m journalloft.fhir.build",
        description="Compile a FHIR spec's FSH with SUSHI (offline) into its generated/ folder.",
    )
    parser.add_argument("spec_dir", type=Path, nargs="*", help="spec folder holding sushi-config.yaml")
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 when generated/ differs from a fresh build"
    )
    parser.add_argument(
        "--seed",
        action="store_true",
        help=(
            "seed SUSHI's private FHIR package cache (hl7.fhir.r4.core 4.0.1, under journalloft's cache folder) "
            "from the registry cache, then build"
        ),
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    status = 0
    if args.seed:
        try:
            print(f"SUSHI's FHIR package cache ready: {seed_fhir_cache()}")
        except BuildError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    elif not args.spec_dir:
        parser.error("give at least one spec folder (or --seed)")
    return run_build(args.spec_dir, check=args.check) or status


def run_build(spec_dirs: Iterable[Path], *, check: bool) -> int:
    """Build (or with ``check`` compare) each spec folder; the exit status for the command line."""
    status = 0
    for spec_dir in spec_dirs:
        try:
            if check:
                differences = check_spec(spec_dir)
                for line in differences:
                    print(f"{spec_dir}: {line}")
                status = status or (1 if differences else 0)
                if not differences:
                    print(f"{spec_dir}: generated/ is up to date")
            else:
                written = build_spec(spec_dir)
                print(f"{spec_dir}: wrote {len(written)} resources to generated/")
        except BuildError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = 2
    return status

if __name__ == "__main__":
    sys.exit(main())
