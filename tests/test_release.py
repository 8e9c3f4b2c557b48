"""Releases (issue 15, item 7): a release number in contract.toml, `kygen build` making the same
wheel and sdist bytes twice, a wheel that works without the generator, a CHANGELOG per release."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from wheels import clean_venv

from generator import contracts
from generator.cli import main
from generator.errors import ContractError

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT / "contracts"


def with_release(tmp_path: Path, releases: str) -> Path:
    """A contracts folder whose 2.8 carries ``releases`` (TOML lines of a [releases] table)."""
    folder = tmp_path / "contracts"
    for version in ("2.7", "2.8"):
        shutil.copytree(CONTRACTS / "kontanthjaelp" / version, folder / "kontanthjaelp" / version)
    toml = folder / "kontanthjaelp" / "2.8" / "contract.toml"
    toml.write_text(toml.read_text() + f"\n[releases]\n{releases}\n")
    return folder


def test_a_release_in_contract_toml_versions_the_sdk_and_check_accepts_it(tmp_path: Path) -> None:
    folder = with_release(tmp_path, '"2.8.1" = "Exceptions end in Error."')
    out = tmp_path / "generated"
    args = ["--contracts", str(folder), "--out", str(out)]
    runner = CliRunner()
    assert runner.invoke(main, ["generate", *args]).exit_code == 0
    pyproject = (out / "ky_kontanthjaelp" / "pyproject.toml").read_text()
    assert 'version = "2.8.1"' in pyproject
    changelog = (out / "ky_kontanthjaelp" / "CHANGELOG.md").read_text()
    assert "## Release 2.8.1" in changelog and "Exceptions end in Error." in changelog
    checked = runner.invoke(main, ["check", *args])
    assert checked.exit_code == 0, checked.output


def test_a_release_of_another_version_is_refused_with_its_line(tmp_path: Path) -> None:
    folder = with_release(tmp_path, '"2.9.1" = "wrong version"')
    with pytest.raises(ContractError, match=r"release '2.9.1' must be 2.8.N") as info:
        contracts.discover(folder)
    assert str(info.value).split(": ")[0].endswith("contract.toml:" + str(info.value.line))
    assert info.value.line is not None


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    runs = []
    for name in ("one", "two"):
        out = tmp_path_factory.mktemp(name)
        result = CliRunner().invoke(
            main, ["build", "--contracts", str(CONTRACTS), "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        runs.append(sorted(out.iterdir()))
    return runs[0], runs[1]


@pytest.mark.slow
def test_build_twice_gives_the_same_bytes(built: tuple[list[Path], list[Path]]) -> None:
    first, second = built
    assert [p.name for p in first] == [
        "ky_kontanthjaelp-2.8.0-py3-none-any.whl",
        "ky_kontanthjaelp-2.8.0.tar.gz",
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    names = zipfile.ZipFile(first[0]).namelist()
    assert "ky_kontanthjaelp/v2_8/client.py" in names
    assert not [n for n in names if "__pycache__" in n]
    with tarfile.open(first[1]) as sdist:
        members = sdist.getnames()
    assert "ky_kontanthjaelp-2.8.0/examples/request.py" in members


@pytest.mark.slow
def test_the_wheel_works_in_a_clean_environment_without_the_generator(
    built: tuple[list[Path], list[Path]], tmp_path: Path
) -> None:
    wheel = built[0][0]
    python, site = clean_venv(tmp_path / "venv", wheel)
    probe = (
        "import importlib.util, ky_kontanthjaelp.v2_8 as m\n"
        "assert importlib.util.find_spec('generator.cli') is None\n"
        "from ky_kontanthjaelp.v2_8 import Client, raise_for_kvittering\n"
        "print(m.CONTRACT_VERSION, m.__file__)\n"
    )
    result = subprocess.run(
        [str(python), "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2.8 " + str(site))
