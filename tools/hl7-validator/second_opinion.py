"""HL7's reference validator beside journalloft, offline, on the same files (issue 28).

HL7 publishes its validator as a Java library (``ca.uhn.hapi.fhir:org.hl7.fhir.validation``).
``pom.xml`` here pins it; ``fetch`` copies it and its dependencies from Maven Central into
``.cache/hl7-validator/lib-<version>`` (the only step that needs the network: ``scripts/setup --all``
runs it) and ``dependencies.lock`` lists what that resolution must give. ``SecondOpinion.java`` is
compiled with javac; it starts the engine from a package cache that :func:`seed_home` builds from the
npm tarballs the setup already fetched (HL7's R4 definitions, HL7 Terminology 7.0.1 and the
cross-version extensions every engine start loads), with no terminology server, web access prohibited
in the process, and, where the system allows it, in a network namespace with no interface but
loopback (``unshare``), so nothing can reach the network even by mistake.

Every file's HL7 result is cached under ``results/`` by the hash of the file, the engine version,
the Java source, the IGs and the options, so a second test run (the suite runs on two Pythons) and a
rerun of ``scripts/hl7-second-opinion`` cost only the files that changed.

Usage: ``scripts/hl7-second-opinion [--ig FOLDER]... [--json] FILE...`` prints, for each file,
HL7's verdict beside journalloft's; exit 0 when they agree on every file, 1 when they differ on one,
2 on a usage error, 3 when the reference engine could not run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
POM = HERE / "pom.xml"
LOCK = HERE / "dependencies.lock"
SOURCE = HERE / "src" / "no" / "journalloft" / "hl7" / "SecondOpinion.java"
MAIN_CLASS = "no.journalloft.hl7.SecondOpinion"
CACHE = Path(os.environ.get("JOURNALLOFT_HL7_CACHE", ROOT / ".cache" / "hl7-validator"))
# Packages the engine reads besides HL7's R4 core (seeded from hl7.fhir.r4.examples): name, version.
# The cross-version extensions are loaded by every engine start (ValidationEngine.initContext);
# HL7 Terminology is loaded without its dependency hl7.fhir.uv.extensions.r4 5.2.0, which the npm
# registry does not serve.
EXTRA_PACKAGES = (("hl7.terminology.r4", "7.0.1"), ("hl7.fhir.xver-extensions", "0.1.0"))
LOADED_PACKAGES = ("hl7.terminology.r4#7.0.1",)
# Options given to SecondOpinion.java beyond packages and IGs: none. It sets the engine up as HL7's
# command line does by default (no -check-references, no terminology server: -tx n/a).
ENGINE_OPTIONS: tuple[str, ...] = ()
# A FHIR spec's definitions: specs/<id>/<version>/generated/StructureDefinition-*.json.
SPECS = ROOT / "specs"


class HarnessError(Exception):
    """The reference engine could not be prepared or run; the message says what to do."""


def engine_version() -> str:
    """The HL7 validator version ``pom.xml`` pins."""
    found = re.search(r"<hl7\.validator\.version>([^<]+)<", POM.read_text("utf-8"))
    if found is None:
        raise HarnessError(f"{POM}: no <hl7.validator.version>")
    return found.group(1)


def lib_dir() -> Path:
    return CACHE / f"lib-{engine_version()}"


def locked_artifacts() -> dict[str, str]:
    """Jar name -> SHA-256, as ``dependencies.lock`` records them (comments and blank lines skipped)."""
    locked = {}
    for line in LOCK.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, digest = line.split()
            locked[name] = digest
    return locked


def _resolve(offline: bool) -> Path:
    """Maven's resolution of ``pom.xml`` copied into a fresh folder under the cache."""
    if shutil.which("mvn") is None:
        raise HarnessError("Maven (mvn) is not installed: run scripts/setup --all")
    staging = Path(tempfile.mkdtemp(prefix=".lib-", dir=_made(CACHE)))
    command = [
        "mvn",
        "-q",
        "-B",
        "-f",
        str(POM),
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={staging}",
    ]
    if offline:
        command.insert(1, "-o")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise HarnessError(f"Maven could not resolve {POM.name}: {(done.stdout + done.stderr).strip()[-2000:]}")
    return staging


def _digests(folder: Path) -> dict[str, str]:
    return {jar.name: hashlib.sha256(jar.read_bytes()).hexdigest() for jar in sorted(folder.glob("*.jar"))}


def write_lock() -> Path:
    """Resolve ``pom.xml`` again and record every jar with its SHA-256 in ``dependencies.lock``."""
    staging = _resolve(offline=False)
    try:
        lines = [f"{name}  {digest}" for name, digest in _digests(staging).items()]
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    header = (
        f"# Generated by `scripts/hl7-second-opinion --lock` from pom.xml (HL7 validator {engine_version()}):\n"
        "# every jar Maven resolves, with its SHA-256. `--fetch` refuses a resolution that differs.\n"
    )
    LOCK.write_text(header + "\n".join(lines) + "\n", "utf-8")
    return LOCK


def fetch(offline: bool = False) -> Path:
    """Copy the pinned engine and its dependencies into :func:`lib_dir` (once), checked against the lock."""
    target = lib_dir()
    if (target / ".done").is_file():
        return target
    staging = _resolve(offline)
    got, locked = _digests(staging), locked_artifacts()
    if got != locked:
        shutil.rmtree(staging, ignore_errors=True)
        differ = sorted(name for name in set(got) | set(locked) if got.get(name) != locked.get(name))
        raise HarnessError(f"the resolution differs from {LOCK.name} in {differ}: if pom.xml changed, run --lock")
    (staging / ".done").write_text("\n".join(got) + "\n", "utf-8")
    shutil.rmtree(target, ignore_errors=True)
    os.rename(staging, target)
    return target


def compile_harness() -> Path:
    """``SecondOpinion.java`` compiled against :func:`lib_dir`, once per source and engine version."""
    libs = lib_dir()
    if not (libs / ".done").is_file():
        raise HarnessError(
            f"HL7's validator is not in {libs}: run scripts/setup --all (it fetches it from Maven Central)"
        )
    digest = hashlib.sha256(SOURCE.read_bytes() + engine_version().encode()).hexdigest()[:16]
    classes = CACHE / f"classes-{digest}"
    if (classes / ".done").is_file():
        return classes
    if shutil.which("javac") is None:
        raise HarnessError("javac (a JDK, 17 or newer) is not installed")
    staging = Path(tempfile.mkdtemp(prefix=".classes-", dir=_made(CACHE)))
    done = subprocess.run(
        ["javac", "-encoding", "UTF-8", "-cp", f"{libs}/*", "-d", str(staging), str(SOURCE)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise HarnessError(f"javac failed: {done.stderr.strip()[-2000:]}")
    (staging / ".done").write_text("ok\n", "utf-8")
    shutil.rmtree(classes, ignore_errors=True)
    os.rename(staging, classes)
    return classes


def seed_home() -> Path:
    """The engine's private home: ``.fhir/packages`` seeded from the registry tarballs, never the user's."""
    sys.path.insert(0, str(ROOT / "validators"))
    from journalloft.fhir.sushi_home import seed_fhir_cache
    from journalloft.registry_cache import RegistryTarballMissing, tarball

    home = CACHE / "home"
    packages = _made(home / ".fhir" / "packages")
    try:
        seed_fhir_cache(home)
        for name, version in EXTRA_PACKAGES:
            entry = packages / f"{name}#{version}"
            if (entry / "package" / "package.json").is_file():
                continue
            staging = Path(tempfile.mkdtemp(prefix=".seed-", dir=packages))
            with tarfile.open(tarball(name, version), "r:gz") as archive:
                archive.extractall(staging, filter="data")
            os.rename(staging, entry)
    except RegistryTarballMissing as exc:
        raise HarnessError(str(exc)) from exc
    return home


def isolation() -> list[str]:
    """A command prefix that runs the engine without any network interface but loopback, or []."""
    for prefix in (["unshare", "--net"], ["unshare", "--map-root-user", "--net"]):
        if shutil.which(prefix[0]) is None:
            return []
        probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return prefix
    return []


def default_igs() -> list[Path]:
    """The newest version's generated definitions of every spec that has FHIR profiles."""
    found = []
    for spec in sorted(p for p in SPECS.iterdir() if p.is_dir()):
        versions = [
            v
            for v in spec.iterdir()
            if (v / "generated").is_dir() and any((v / "generated").glob("StructureDefinition-*.json"))
        ]
        if versions:
            newest = max(versions, key=lambda v: tuple(int(x) if x.isdigit() else 0 for x in v.name.split(".")))
            found.append(newest / "generated")
    return found


@dataclass
class Verdict:
    """One validator's outcome for one file."""

    valid: bool | None  # None: the validator failed on the file
    errors: list[str] = field(default_factory=list)  # "<id or code> at <location>: <message>"
    failure: str | None = None
    isolated: bool | None = None  # HL7's side: whether its run had no network (None: ours)


def _setup_digest(igs: Sequence[Path]) -> Any:
    """A hash of everything but the file that decides HL7's result: engine, harness, packages, IGs."""
    digest = hashlib.sha256()
    digest.update(engine_version().encode())
    digest.update(SOURCE.read_bytes())
    for option in (*ENGINE_OPTIONS, *LOADED_PACKAGES):
        digest.update(option.encode())
    for ig in igs:
        for definition in sorted(ig.glob("*.json")):
            digest.update(definition.name.encode())
            digest.update(definition.read_bytes())
    digest.update(b"\0")
    return digest


def _cache_key(setup: Any, data: bytes) -> str:
    digest = setup.copy()  # the set-up is read and hashed once per run, not once per file
    digest.update(data)
    return str(digest.hexdigest())


def hl7_verdicts(files: Sequence[Path], igs: Sequence[Path], require_isolation: bool = False) -> dict[Path, Verdict]:
    """HL7's verdict on each file, from the result cache or one engine run for the files not in it."""
    results = _made(CACHE / "results")
    setup = _setup_digest(igs)
    keys = {path: _cache_key(setup, path.read_bytes()) for path in files}
    missing = [path for path in files if not (results / f"{keys[path]}.json").is_file()]
    if missing:
        _run_engine(missing, keys, igs, results, require_isolation)
    return {path: _verdict(json.loads((results / f"{keys[path]}.json").read_text("utf-8"))) for path in files}


def _run_engine(
    files: Sequence[Path], keys: dict[Path, str], igs: Sequence[Path], results: Path, require_isolation: bool
) -> None:
    classes = compile_harness()
    home = seed_home()
    prefix = isolation()
    if require_isolation and not prefix:
        raise HarnessError("no network namespace could be made (unshare --net failed): the offline proof needs one")
    java = shutil.which("java")
    if java is None:
        raise HarnessError("java (17 or newer) is not installed")
    with tempfile.TemporaryDirectory(prefix="hl7-") as scratch:
        listing = Path(scratch) / "files.txt"
        listing.write_text("".join(f"{path.resolve()}\n" for path in files), "utf-8")
        out = Path(scratch) / "out"
        command = [
            *prefix,
            java,
            "-Xmx3g",
            "-XX:+UseSerialGC",
            "-cp",
            f"{classes}:{lib_dir()}/*",
            MAIN_CLASS,
            "--home",
            str(home),
            "--out",
            str(out),
            "--version",
            engine_version(),
            *ENGINE_OPTIONS,
        ]
        for package in LOADED_PACKAGES:
            command += ["--package", package]
        for ig in igs:
            command += ["--ig", str(ig.resolve())]
        command.append(f"@{listing}")
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise HarnessError(f"HL7's validator exited {done.returncode}: {done.stderr.strip()[-3000:]}")
        for index, path in enumerate(files):
            produced = out / f"{index}.json"
            if not produced.is_file():
                raise HarnessError(f"HL7's validator wrote no result for {path}: {done.stderr.strip()[-2000:]}")
            result = json.loads(produced.read_text("utf-8"))
            result["isolated"] = bool(prefix)
            (results / f"{keys[path]}.json").write_text(json.dumps(result), "utf-8")


def _verdict(result: dict[str, Any]) -> Verdict:
    isolated = bool(result.get("isolated"))
    if result.get("failure"):
        return Verdict(valid=None, failure=str(result["failure"]), isolated=isolated)
    errors = [
        f"{issue.get('id') or '-'} at {issue.get('location')}: {issue.get('message')}"
        for issue in result.get("issues", [])
        if issue.get("level") in ("error", "fatal")
    ]
    return Verdict(valid=not errors, errors=errors, isolated=isolated)


def our_verdicts(files: Sequence[Path], journalloft: Sequence[str] | None = None) -> dict[Path, Verdict]:
    """journalloft's verdict on each file, from one ``journalloft validate --format json`` run."""
    command = list(journalloft or [sys.executable, "-m", "journalloft"])
    verdicts: dict[Path, Verdict] = {}
    for start in range(0, len(files), 500):  # command lines stay short
        chunk = files[start : start + 500]
        done = subprocess.run(
            [*command, "validate", "--format", "json", *map(str, chunk)], capture_output=True, text=True, check=False
        )
        if done.returncode not in (0, 1, 3):
            raise HarnessError(f"journalloft validate exited {done.returncode}: {done.stderr.strip()[-2000:]}")
        report = json.loads(done.stdout)
        by_path = {result["path"]: result for result in report["results"]}
        for path in chunk:
            result = by_path.get(str(path))
            if result is None:
                raise HarnessError(f"journalloft reported nothing for {path}")
            errors = [
                f"{i['code']} at {i.get('expression')}: {i['message']}"
                for i in result["issues"]
                if i["severity"] == "error"
            ]
            failed = any(i["code"] == "internal-error" for i in result["issues"])
            verdicts[path] = Verdict(valid=None if failed else bool(result["valid"]), errors=errors)
    return verdicts


def _word(verdict: Verdict) -> str:
    if verdict.valid is None:
        return "failed"
    return (
        "valid" if verdict.valid else f"invalid ({len(verdict.errors)} error{'s' if len(verdict.errors) != 1 else ''})"
    )


def _made(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/hl7-second-opinion",
        description="HL7's reference validator (pinned in tools/hl7-validator/pom.xml) beside journalloft, offline.",
    )
    parser.add_argument("files", nargs="*", type=Path, help="FHIR JSON files to validate with both")
    parser.add_argument(
        "--ig",
        action="append",
        type=Path,
        default=None,
        help="a folder of definitions for HL7's validator (default: the newest version of each spec under specs/)",
    )
    parser.add_argument("--json", action="store_true", help="print both verdicts with their errors as JSON")
    parser.add_argument("--fetch", action="store_true", help="only fetch HL7's validator from Maven Central (setup)")
    parser.add_argument(
        "--require-isolation",
        action="store_true",
        help="refuse to start HL7's validator outside a network namespace (the tests' offline proof)",
    )
    parser.add_argument(
        "--isolation", action="store_true", help="print the command prefix that cuts the network, as JSON"
    )
    parser.add_argument("--lock", action="store_true", help="resolve pom.xml again and rewrite dependencies.lock")
    parser.add_argument("--version", action="store_true", help="print the pinned HL7 validator version")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        if args.version:
            print(engine_version())
            return 0
        if args.isolation:
            print(json.dumps(isolation()))
            return 0
        if args.lock:
            print(f"hl7-second-opinion: wrote {write_lock()}")
            return 0
        if args.fetch:
            print(f"hl7-second-opinion: HL7 validator {engine_version()} in {fetch()}")
            return 0
        if not args.files:
            parser.error("give at least one file")
        unreadable = [path for path in args.files if not path.is_file()]
        if unreadable:
            parser.error(f"not a readable file: {unreadable[0]}")
        igs = args.ig if args.ig is not None else default_igs()
        theirs = hl7_verdicts(args.files, igs, require_isolation=args.require_isolation)
        ours = our_verdicts(args.files)
    except HarnessError as exc:
        print(f"hl7-second-opinion: {exc}", file=sys.stderr)
        return 3
    differ = [path for path in args.files if theirs[path].valid != ours[path].valid]
    if args.json:
        document = {
            "hl7_validator": engine_version(),
            "files": [
                {
                    "path": str(path),
                    "hl7": theirs[path].__dict__,
                    "journalloft": ours[path].__dict__,
                    "agree": path not in differ,
                }
                for path in args.files
            ],
        }
        print(json.dumps(document, indent=2))  # ASCII: messages may quote lone surrogates
    else:
        width = max(len(str(path)) for path in args.files)
        print(f"{'file'.ljust(width)}  {'HL7 ' + engine_version():<22}  journalloft")
        for path in args.files:
            mark = "" if path not in differ else "   <- differ"
            print(f"{str(path).ljust(width)}  {_word(theirs[path]):<22}  {_word(ours[path])}{mark}")
        print(f"{len(args.files) - len(differ)} of {len(args.files)} agree")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
