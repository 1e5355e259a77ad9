"""The files behind "Valider i nettleseren": Pyodide, the wheels, a lock file and the Web Worker.

Everything is assembled while the site builds and written into the site output under ``nettleser/``;
nothing of it is committed:

- Pyodide's runtime (``pyodide.js``, ``pyodide.asm.js``, ``pyodide.asm.wasm``, ``python_stdlib.zip``)
  from the npm package ``pyodide`` in node_modules, whose version must be the one pinned in
  package.json (and so in package-lock.json, with its integrity hash);
- the wheels of the validator's dependencies from ``.cache/pyodide-wheels/``, where scripts/setup puts
  them; each PyPI file is checked against its SHA-256 in ``browser-requirements.txt`` here;
- ``rpds_py-0+pyrsistent``, a wheel written here whose module ``rpds`` re-exports
  pyrsistent-as-rpds-py's pure-Python version of rpds-py (Rust, no WebAssembly build), for jsonschema;
- the validator's own wheel, built from the checkout (:mod:`journalloft.site.distributions`);
- all of these wheels with bytecode compiled by Pyodide's own Python in place of their source
  (:mod:`journalloft.site.browser_compile`), so the reader's browser need not compile them;
- ``pyodide-lock.json``, written here for exactly these wheels (Pyodide's own lock describes its
  repackaged wheels, whose hashes differ), with each wheel's SHA-256, which Pyodide checks on load;
- ``worker.js``, the Web Worker that loads Pyodide and runs :mod:`journalloft.browser`.

:func:`browser_files` returns ``{path under nettleser/: bytes}``; the MkDocs hook
(journalloft/site/browser_hook.py) adds them to the site. scripts/benchmark_browser.py measures them.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from journalloft.site.browser_compile import compile_wheels
from journalloft.site.distributions import distributions, wheel_name

BROWSER_DIR = "nettleser"
RUNTIME_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
"""What Pyodide itself fetches in a browser (``pyodide.js`` first; the rest it loads by name)."""
REQUIREMENTS = Path(__file__).with_name("browser-requirements.txt")
WORKER = Path(__file__).with_name("nettleser_worker.js")
WHEEL_CACHE = Path(".cache") / "pyodide-wheels"
ROOT_PACKAGE = "journalloft"
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)==(?P<version>\S+)(?:\s+--hash=sha256:(?P<sha256>[0-9a-f]{64}))?")


class BrowserBuildError(RuntimeError):
    """Something the page needs is missing or not what was pinned; the message says what to run."""


@dataclass(frozen=True, slots=True)
class Pin:
    name: str
    version: str
    sha256: str
    """Of the file pip fetches: the wheel, or for PyYAML the sdist the wheel is built from."""


def pins(path: Path = REQUIREMENTS) -> list[Pin]:
    found = []
    for line in path.read_text("utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match and match.group("sha256"):
            found.append(Pin(_normal(match.group("name")), match.group("version"), match.group("sha256")))
    return found


def pyodide_version(root: Path) -> str:
    """The version of ``pyodide`` pinned in package.json; the installed package must match it."""
    pinned = json.loads((root / "package.json").read_text("utf-8"))["devDependencies"].get("pyodide")
    if not pinned or not re.fullmatch(r"\d+\.\d+\.\d+", pinned):
        raise BrowserBuildError("package.json must pin pyodide to an exact version (npm install --save-exact)")
    return str(pinned)


def browser_files(root: Path, *, bytecode: bool = True) -> dict[str, bytes]:
    """``{file name under nettleser/: content}``: every file the page's worker loads, sorted by name.

    ``bytecode=False`` keeps the wheels' source as it is (the benchmark's baseline for start-up time).
    """
    return dict(_build(root.resolve(), bytecode))


@functools.cache
def _build(root: Path, bytecode: bool) -> tuple[tuple[str, bytes], ...]:
    files: dict[str, bytes] = {}
    runtime = root / "node_modules" / "pyodide"
    installed = json.loads(_read(runtime / "package.json")).get("version")
    if installed != pyodide_version(root):
        pinned = pyodide_version(root)
        raise BrowserBuildError(f"node_modules/pyodide is {installed}, package.json pins {pinned}: run npm ci")
    for name in RUNTIME_FILES:
        files[name] = _read(runtime / name)
    wheels = dependency_wheels(root)
    wheels[RPDS_WHEEL] = rpds_wheel()
    built = distributions(root)
    wheels[wheel_name(built)] = built[wheel_name(built)]
    if bytecode:
        wheels = compile_wheels(wheels, runtime)
    files.update(wheels)
    info = json.loads(_read(runtime / "pyodide-lock.json"))["info"]
    files["pyodide-lock.json"] = lock_file(info, wheels)
    files["worker.js"] = WORKER.read_bytes()
    return tuple(sorted(files.items()))


def dependency_wheels(root: Path) -> dict[str, bytes]:
    """The pinned wheels from the setup's cache, each checked (hash, or pure Python for a built one)."""
    cache = root / WHEEL_CACHE
    wheels: dict[str, bytes] = {}
    for pin in pins():
        candidates = [p for p in cache.glob("*.whl") if _wheel_key(p.name) == (pin.name, pin.version)]
        if len(candidates) != 1:
            raise BrowserBuildError(
                f"{cache}: no single wheel of {pin.name} {pin.version} (found {[p.name for p in candidates]}); "
                "run scripts/setup"
            )
        path = candidates[0]
        content = path.read_bytes()
        sdist = [p for p in (cache / "sdist").glob("*.tar.gz") if _sdist_key(p.name) == (pin.name, pin.version)]
        if sdist:
            # Built by setup from the pinned sdist: the sdist carries the hash; the wheel must be pure.
            _check_hash(sdist[0].name, sdist[0].read_bytes(), pin.sha256)
            if not path.name.endswith("-py3-none-any.whl"):
                raise BrowserBuildError(f"{path.name} is not a pure-Python wheel; Pyodide cannot load it")
        else:
            _check_hash(path.name, content, pin.sha256)
        wheels[path.name] = content
    return wheels


RPDS_WHEEL = "rpds_py-0+pyrsistent-py3-none-any.whl"
_RPDS_MODULE = b'''"""rpds-py's API, as jsonschema and referencing use it, from pyrsistent-as-rpds-py (pure Python).

Written by journalloft's site build for the page "Valider i nettleseren": rpds-py itself is Rust,
with no WebAssembly build.
"""

from pyrsistent_as_rpds.pure import *  # noqa: F403
'''


def rpds_wheel() -> bytes:
    """A wheel named rpds-py (so jsonschema's and referencing's requirement finds it in the lock) whose
    module ``rpds`` re-exports pyrsistent-as-rpds-py's pure-Python version of rpds-py's API."""
    dist_info = "rpds_py-0+pyrsistent.dist-info"
    files = {
        "rpds/__init__.py": _RPDS_MODULE,
        f"{dist_info}/METADATA": (
            b"Metadata-Version: 2.1\nName: rpds-py\nVersion: 0+pyrsistent\nLicense: MIT\n"
            b"Requires-Dist: pyrsistent-as-rpds-py\nRequires-Dist: pyrsistent\n"
        ),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: journalloft\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [
        f"{name},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}"
        for name, data in files.items()
    ]
    files[f"{dist_info}/RECORD"] = ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return out.getvalue()


def lock_file(info: dict[str, object], wheels: dict[str, bytes]) -> bytes:
    """A ``pyodide-lock.json`` for ``wheels``: Pyodide's own ``info`` (its Python and ABI), our packages.

    Each package's ``depends`` are its wheel's ``Requires-Dist`` entries without a marker that are
    among ``wheels`` (so the validator's openpyxl, left out on purpose, is not asked for); ``imports``
    are its top-level modules.
    """
    metadata = {name: _metadata(content) for name, content in wheels.items()}
    known = {meta[0] for meta in metadata.values()}
    packages: dict[str, object] = {}
    for file_name, content in wheels.items():
        name, version, requires, imports = metadata[file_name]
        packages[name] = {
            "name": name,
            "version": version,
            "file_name": file_name,
            "install_dir": "site",
            "sha256": hashlib.sha256(content).hexdigest(),
            "package_type": "package",
            "imports": imports,
            "depends": sorted(r for r in requires if r in known),
            "unvendored_tests": False,
        }
    lock = {"info": info, "packages": dict(sorted(packages.items()))}
    return (json.dumps(lock, indent=2, sort_keys=True) + "\n").encode()


def _metadata(wheel: bytes) -> tuple[str, str, list[str], list[str]]:
    """(normalised name, version, unconditional requirements, top-level imports) of a wheel."""
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        names = archive.namelist()
        meta_name = next(n for n in names if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        text = archive.read(meta_name).decode("utf-8")
    fields = [line.split(":", 1) for line in text.split("\n\n", 1)[0].splitlines() if ":" in line]
    name = next(v.strip() for k, v in fields if k == "Name")
    version = next(v.strip() for k, v in fields if k == "Version")
    requires = [
        _normal(re.split(r"[\s<>=!~;\[(]", v.strip(), maxsplit=1)[0])
        for k, v in fields
        if k == "Requires-Dist" and ";" not in v
    ]
    imports = sorted(
        {
            n.split("/", 1)[0].removesuffix(".pyc").removesuffix(".py")
            for n in names
            if not n.split("/", 1)[0].endswith((".dist-info", ".data")) and (n.endswith((".py", ".pyc")) or "/" in n)
        }
    )
    return _normal(name), version, requires, imports


def _sdist_key(file_name: str) -> tuple[str, str]:
    name, _, version = file_name.removesuffix(".tar.gz").rpartition("-")
    return _normal(name), version


def _wheel_key(file_name: str) -> tuple[str, str]:
    parts = file_name.split("-")
    return _normal(parts[0]), parts[1]


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _check_hash(name: str, content: bytes, expected: str) -> None:
    actual = hashlib.sha256(content).hexdigest()
    if actual != expected:
        raise BrowserBuildError(f"{name}: SHA-256 {actual}, but browser-requirements.txt pins {expected}")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BrowserBuildError(f"{path} cannot be read ({exc.strerror or exc}); run scripts/setup") from exc
