"""Issue 17, the generator: names that become paths cannot leave --out (item 3), and staging
folders a killed run left behind are removed by the next run and flagged by ``check`` (11)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.emit import output

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"


def contract_copy(tmp_path: Path) -> Path:
    contracts = tmp_path / "contracts"
    shutil.copytree(CONTRACTS / "kontanthjaelp" / "2.8", contracts / "kontanthjaelp" / "2.8")
    return contracts


@pytest.mark.parametrize(
    "key, value",
    [
        ("service", "../../../victim/x"),
        ("service", "/tmp/victim"),
        ("service", ".hidden"),
        ("integration_version", "../../x"),
        ("integration_version", "2.8/../../x"),
    ],
)
def test_17_03_service_name_escaping_out_is_refused(key: str, value: str, tmp_path: Path) -> None:
    contracts = contract_copy(tmp_path)
    manifest = contracts / "kontanthjaelp" / "2.8" / "contract.toml"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line.startswith(f"{key} ="))
    lines[number - 1] = f'{key} = "{value}"'
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "x-keep.md").write_text("mine")
    out = tmp_path / "work" / "deep" / "out"
    result = CliRunner().invoke(
        main, ["generate", "--contracts", str(contracts), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert f"contract.toml:{number}: {key} {value!r} cannot be a file name" in result.output
    assert (victim / "x-keep.md").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contracts", "victim"]


def test_17_03_package_name_must_be_an_import_name(tmp_path: Path) -> None:
    wsdl = CONTRACTS / "kontanthjaelp" / "2.8" / "wsdl" / "context" / "KontanthjaelpService.wsdl"
    for package in ("../evil", "a/b", "ky-x"):
        result = CliRunner().invoke(
            main, ["generate", "--wsdl", str(wsdl), "--package", package, "--out", str(tmp_path)]
        )
        assert result.exit_code == 2, result.output
        assert "not a Python import name" in result.output
    assert list(tmp_path.iterdir()) == []


def dead_pid() -> int:
    """The process id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_17_11_kill_9_staging_folder_is_flagged_by_check_and_cleaned(tmp_path: Path) -> None:
    contracts = contract_copy(tmp_path)
    out = tmp_path / "out"
    args = ["--contracts", str(contracts), "--out", str(out)]
    runner = CliRunner()
    assert runner.invoke(main, ["generate", *args]).exit_code == 0
    killed = out / f"{output.TEMP_PREFIX}killed"  # what kill -9 during generate leaves
    (killed / "new" / "ky_kontanthjaelp").mkdir(parents=True)
    (killed / output.OWNER).write_text(str(dead_pid()))
    running = out / f"{output.TEMP_PREFIX}running"  # a run still going: not litter
    running.mkdir()
    (running / output.OWNER).write_text(str(os.getpid()))

    checked = runner.invoke(main, ["check", *args])
    assert checked.exit_code == 1
    assert str(killed) in checked.output and running.name not in checked.output

    assert runner.invoke(main, ["generate", *args]).exit_code == 0
    assert not killed.exists() and running.exists()
    shutil.rmtree(running)
    assert runner.invoke(main, ["check", *args]).exit_code == 0
