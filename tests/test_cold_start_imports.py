"""What a cold start of ``journalloft validate`` on one small FHIR file loads (issue 23).

The cold-start figure (``scripts/benchmark_cli.py --small``) is a ratio of CPU times and is never asserted
here; what is asserted is the cause of most of it: modules the common path has no use for stay unloaded.
A fresh process validates the file and lists ``sys.modules``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
VALID = REPO / "examples" / "fhir-r4" / "valid"

_RUN = """
import json, os, sys, zipfile
parses = []
real = zipfile.ZipFile._RealGetContents
def counted(self):
    parses.append(1)
    return real(self)
zipfile.ZipFile._RealGetContents = counted
from journalloft import cli
code = cli.main(["validate", "--output", os.devnull, *sys.argv[1:]])
print(json.dumps({"code": code, "modules": sorted(sys.modules), "zip_directories": len(parses)}))
"""

# What the common path does not need, and what loading it cost (CPU, fresh processes, 2-core machine).
NOT_LOADED = {
    # fhirpathpy's evaluator and ANTLR parser (about 0.1 s): the trees come from the generated store and
    # every constraint of these files is native or compiled; fhirpathpy.models parses the models of four
    # FHIR versions (about 0.05 s)
    "fhirpathpy": "fhirpathpy",
    "antlr4": "antlr4",
    "fhirpathpy.models": "fhirpathpy.models",
    "dateutil": "dateutil (fhirpathpy's)",
    # the terminology server client's HTTP stack, for --tx only
    "http.client": "http.client",
    "urllib.request": "urllib.request",
    "ssl": "ssl",
}


def _run(*files: Path) -> dict[str, Any]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *map(str, files)], capture_output=True, text=True, check=True, env=env
    )
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["code"] == 0, done.stdout
    return answer


@pytest.mark.parametrize("name", ["observation-puls.json", "patient-syntetisk.json"])
def test_a_small_fhir_file_loads_nothing_it_does_not_need(name: str) -> None:
    modules = set(_run(VALID / name)["modules"])
    assert "journalloft.fhir.validator" in modules  # it was validated as FHIR
    unneeded = sorted(label for module, label in NOT_LOADED.items() if module in modules)
    assert unneeded == []


@pytest.mark.parametrize("name", ["observation-puls.json", "patient-syntetisk.json"])
def test_no_zip_central_directory_is_parsed_whole(name: str) -> None:
    """zipfile parses all 5,080 directory entries of the definition archives to read a few dozen members;
    ZipMembers reads the entries it needs."""
    assert _run(VALID / name)["zip_directories"] == 0


def test_the_r4_model_read_from_its_files_is_fhirpathpys() -> None:
    """fhirpath_types reads fhirpathpy's R4 model files itself instead of importing fhirpathpy.models."""
    from fhirpathpy.models import models

    from journalloft.fhir.fhirpath_types import R4_MODEL

    assert models["r4"] == R4_MODEL
    assert set(R4_MODEL) == {"choiceTypePaths", "path2Type", "pathsDefinedElsewhere", "type2Parent"}
