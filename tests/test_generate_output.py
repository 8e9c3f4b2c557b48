"""`kygen generate` as a build step (issue 15, item 8): only changed files are written, one
version's run keeps another's output unless --prune, files are 0644, and it says what changed."""

from __future__ import annotations

import os
import pty
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT / "contracts"


def generate(*args: str) -> str:
    result = CliRunner().invoke(main, ["generate", "--contracts", str(CONTRACTS), *args])
    assert result.exit_code == 0, result.output
    return result.output


def times(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "out"
    generate("--out", str(out))
    return out


def test_a_second_generate_writes_nothing(generated: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(generated, out)
    before = times(out)
    said = generate("--out", str(out))
    assert times(out) == before
    assert "is up to date" in said


def test_only_the_changed_file_is_written_and_named(generated: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(generated, out)
    readme = out / "ky_kontanthjaelp" / "README.md"
    readme.write_text("edited by hand\n")
    before = times(out)
    said = generate("--out", str(out), "--verbose")
    after = times(out)
    changed = {p for p in after if after[p] != before[p]}
    assert changed == {"ky_kontanthjaelp/README.md"}
    assert "0 added, 1 updated, 0 removed" in said
    assert f"updated {readme}" in " ".join(said.split())


def test_quiet_says_nothing(generated: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(generated, out)
    assert generate("--out", str(out), "--quiet") == ""


def test_one_version_keeps_the_other_unless_prune(generated: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(generated, out)
    v27 = out / "ky_kontanthjaelp" / "src" / "ky_kontanthjaelp" / "v2_7"
    reports = sorted(p.name for p in (out / "reports").iterdir())
    said = generate("--out", str(out), "kontanthjaelp/2.8")
    assert (v27 / "__init__.py").is_file()
    assert sorted(p.name for p in (out / "reports").iterdir()) == reports
    assert "--prune deletes them" in said
    generate("--out", str(out), "kontanthjaelp/2.8", "--prune")
    assert not v27.exists()
    assert not list((out / "reports").glob("kontanthjaelp-*"))


def test_a_file_no_template_makes_any_more_is_removed(generated: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(generated, out)
    leftover = out / "ky_kontanthjaelp" / "src" / "ky_kontanthjaelp" / "v2_8" / "old_module.py"
    leftover.write_text("# from an older generator\n")
    said = generate("--out", str(out))
    assert not leftover.exists()
    assert "1 removed" in said


def test_output_files_are_readable_by_all(generated: Path) -> None:
    for path in generated.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def run_on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run with stdout and stderr on a pseudo-terminal; what it showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(args, stdout=follower, stderr=follower, env=env, cwd=ROOT)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    process.wait(timeout=300)
    os.close(leader)
    return shown.decode(errors="replace")


def test_a_progress_bar_on_a_terminal_and_none_in_ci(tmp_path: Path) -> None:
    contracts = tmp_path / "contracts"
    for service in ("alpha", "beta"):
        target = contracts / service / "2.8"
        shutil.copytree(CONTRACTS / "kontanthjaelp" / "2.8", target)
        toml = target / "contract.toml"
        toml.write_text(
            toml.read_text().replace('service = "kontanthjaelp"', f'service = "{service}"')
        )
    kygen = [sys.executable, "-m", "generator", "generate", "--contracts", str(contracts)]
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    shown = run_on_a_terminal([*kygen, "--out", str(tmp_path / "a")], env)
    assert "generating" in shown and "100%" in shown, shown
    in_ci = run_on_a_terminal([*kygen, "--out", str(tmp_path / "b")], {**env, "CI": "true"})
    assert "generating" not in in_ci and "added" in in_ci, in_ci
    piped = subprocess.run(
        [*kygen, "--out", str(tmp_path / "c")],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert "generating" not in piped.stderr and "added" in piped.stderr
