"""YAML aliases are refused wherever the validator reads a user's YAML (issue 20, item 11).

The reproducer is a billion-laughs set file: nine levels of ten aliases, 10⁹ strings from a few hundred
bytes. Before, the tender-set schema check rendered the expansion into its message (minutes of CPU,
then MemoryError). Each reader is exercised through its real entry point with a small alias too, so a
regression shows as a wrong answer, not as a hang.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from journalloft import safe_yaml
from journalloft.requirements.cli import main as requirements_main
from journalloft.requirements.yamlsource import YamlReadError, load_yaml
from journalloft.specs import Registry, SpecError

HERE = Path(__file__).parent
FIXTURE_CATALOGUE = HERE / "requirements" / "data"
DEMO_SPECS = HERE / "data" / "specs"
EXE = Path(sys.executable).with_name("journalloft")


def billion_laughs(head: str = "", tail: str = "") -> str:
    """Nine levels of ten aliases each: 10⁹ strings once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, current in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{current}: &{current} [" + ",".join([f"*{previous}"] * 10) + "]")
    return head + "\n".join(lines) + "\n" + tail


def test_the_set_file_bomb_is_a_usage_error_naming_the_first_alias(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "sett.yaml"
    text = billion_laughs(
        "# Et utvalg som ser uskyldig ut.\ncatalogue: testkatalog\ntitle: Kommunens utvalg\n",
        "requirements:\n  - id: FJL-INF-001\n    kravtype: A\nextra: *i\n",
    )
    text += "#" * (557 - len(text)) + "\n"  # the size of the reported file
    bomb.write_text(text, encoding="utf-8")
    assert requirements_main(["--catalogue", str(FIXTURE_CATALOGUE), "export", "--set", str(bomb)]) == 2
    err = capsys.readouterr().err
    assert f"{bomb}: ikke gyldig YAML: {safe_yaml.ALIAS_PROBLEM}" in err
    assert "line 5, column 8" in err  # b: &b [*a, ...] after the three header lines and a
    assert len(err) < 1000


@pytest.mark.parametrize(
    "content",
    [
        "title: &t Utvalg\nrequirements:\n  - {id: FJL-INF-001, kravtype: A, note: *t}\n",
        "r: &r {id: FJL-INF-001, kravtype: A}\nrequirements: [*r]\n",
    ],
)
def test_any_alias_in_a_set_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    path = tmp_path / "sett.yaml"
    path.write_text(content, encoding="utf-8")
    assert requirements_main(["--catalogue", str(FIXTURE_CATALOGUE), "export", "--set", str(path)]) == 2
    assert safe_yaml.ALIAS_PROBLEM in capsys.readouterr().err


def test_a_catalogue_file_with_an_alias_is_a_lint_finding_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "deling.yaml"
    path.write_text(billion_laughs("category: DEL\n"), encoding="utf-8")
    with pytest.raises(YamlReadError) as caught:
        load_yaml(path)
    assert caught.value.line == 3  # the first alias, in b
    assert safe_yaml.ALIAS_PROBLEM in caught.value.message


def test_a_spec_yaml_with_an_alias_stops_loading_with_its_location(tmp_path: Path) -> None:
    root = tmp_path / "specs"
    shutil.copytree(DEMO_SPECS, root)
    (spec_file,) = sorted(root.glob("*/*/spec.yaml"))[:1]
    spec_file.write_text(spec_file.read_text(encoding="utf-8") + billion_laughs("x-bomb:\n  "), encoding="utf-8")
    with pytest.raises(SpecError, match=r"aliases \(\*name\) are not accepted") as caught:
        Registry(extra_roots=[root]).all()
    assert str(spec_file) in str(caught.value)
    proc = subprocess.run(
        [str(EXE), "validate", "--no-config", "--spec-dir", str(root), "-"],
        input="{}",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2 and "aliases (*name) are not accepted" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("loader", [safe_yaml.FAST_LOADER, safe_yaml.NoAliasLoader])
def test_both_loaders_read_what_safe_load_reads_and_refuse_aliases(loader: type) -> None:
    text = "a: &anchor 1\nb: [x, {c: 2026-03-16}, 'no', no, 1.5]\nd: !!str 3\n"
    assert yaml.load(text, Loader=loader) == yaml.safe_load(text)
    with pytest.raises(safe_yaml.YamlAliasError) as caught:
        yaml.load("a: &x 1\nb: *x\n", Loader=loader)
    assert caught.value.problem_mark is not None and caught.value.problem_mark.line == 1


def test_every_yaml_file_in_the_repository_reads_without_aliases() -> None:
    root = HERE.parent
    files = [p for folder in ("specs", "examples", "docs", "tests") for p in (root / folder).rglob("*.y*ml")]
    assert len(files) > 20
    for path in files:
        safe_yaml.load(path.read_text(encoding="utf-8"))


def test_a_sushi_config_with_an_alias_is_refused_by_build_and_package(tmp_path: Path) -> None:
    from journalloft.fhir.build import BuildError, read_sushi_config
    from journalloft.fhir.package import PackageError, _config

    (tmp_path / "sushi-config.yaml").write_text("id: &a x\nname: *a\n", encoding="utf-8")
    with pytest.raises(BuildError, match="aliases"):
        read_sushi_config(tmp_path)
    with pytest.raises(PackageError, match="aliases"):
        _config(tmp_path)
