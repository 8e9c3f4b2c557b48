"""How `kygen` behaves as a build step (issue 15, items 8 and 9): options where people put them,
exit codes CI can trust, readable output files, the same words in every report format."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]


def test_debug_is_accepted_after_the_subcommand() -> None:
    result = CliRunner().invoke(main, ["ir", "nosuch/1.0", "--debug"])
    # --debug shows the traceback: the error propagates instead of a one-line exit 2.
    assert isinstance(result.exception, UsageError), result.output


def test_without_debug_the_same_error_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(main, ["ir", "nosuch/1.0"])
    assert result.exit_code == 2
    assert "unknown contract 'nosuch/1.0'" in result.output
    assert "Traceback" not in result.output


def test_selftest_on_a_folder_without_wsdl_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no contracts here")
    result = CliRunner().invoke(main, ["selftest", str(tmp_path)])
    assert result.exit_code == 2
    assert "no WSDL" in result.output


def test_diff_output_file_is_readable_by_all(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = CliRunner().invoke(
        main,
        ["diff", "kontanthjaelp/2.7", "kontanthjaelp/2.8", "--format", "md", "--output", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_junit_shows_a_missing_old_value_as_text_does() -> None:
    for fmt in ("junit", "text"):
        result = CliRunner().invoke(
            main, ["diff", "kontanthjaelp/2.7", "kontanthjaelp/2.8", "--format", fmt]
        )
        assert "old: None" not in result.output
        assert "old: - at xsd/KontanthjaelpServiceTypes.xsd" in result.output, fmt


def test_ir_has_no_option_that_does_nothing() -> None:
    result = CliRunner().invoke(main, ["ir", "--help"])
    assert "--json" not in result.output


def test_the_test_run_says_why_a_test_was_skipped(tmp_path: Path) -> None:
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        "import pytest\n\n\ndef test_x() -> None:\n    pytest.skip('needs the KOMBIT corpus')\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(ROOT / "pyproject.toml"),
            "-p",
            "no:cacheprovider",
            str(probe),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "SKIPPED" in result.stdout and "needs the KOMBIT corpus" in result.stdout, result.stdout


def test_a_sample_response_does_not_contradict_itself() -> None:
    result = CliRunner().invoke(main, ["sample", "kontanthjaelp/2.8", "Aktivitet", "--response"])
    assert result.exit_code == 0, result.output
    assert "<ns1:ForretningsValideringsKode>ACCEPTERET<" in result.output
    assert "FejlListe" not in result.output and "Begrundelse" not in result.output


def test_an_added_enumeration_value_is_located_at_its_own_line() -> None:
    types = ROOT / "contracts/kontanthjaelp/2.8/xsd/KontanthjaelpServiceTypes.xsd"
    lines = types.read_text(encoding="utf-8").splitlines()
    line = next(
        n for n, text in enumerate(lines, 1) if 'value="OpkvalificeringVedAnsaettelse"' in text
    )
    result = CliRunner().invoke(main, ["diff", "kontanthjaelp/2.7", "kontanthjaelp/2.8"])
    assert (
        f"new: 'OpkvalificeringVedAnsaettelse' at xsd/KontanthjaelpServiceTypes.xsd:{line}\n"
        in result.output
    )


def test_the_pre_commit_hooks_name_real_commands() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    ids = re.findall(r"^- id: (\S+)$", text, re.M)
    entries = re.findall(r"^  entry: (.+)$", text, re.M)
    assert ids == ["kygen-check", "kygen-diff-breaking"]
    for entry in entries:
        command = entry.split()[1:]
        args = ["kontanthjaelp/2.7", "kontanthjaelp/2.8"] if "diff" in command else []
        result = CliRunner().invoke(main, [*command, *args])
        assert result.exit_code in (0, 1), result.output  # a verdict, not a usage error
        assert "Usage" not in result.output
