"""The SDK's README is the vendor's manual: its code is the SDK's examples/, and every example
runs against the mock (issue 15, "The SDK README as the vendor's manual")."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

SDK = Path(__file__).resolve().parents[2] / "generated" / "ky_kontanthjaelp"
EXAMPLES = sorted((SDK / "examples").glob("*.py"))
README = (SDK / "README.md").read_text(encoding="utf-8")


def run(example: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, example],
        cwd=SDK / "examples",
        env={**os.environ, "PYTHONPATH": str(SDK / "src"), "PYTHONDONTWRITEBYTECODE": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_readme_shows_every_example_as_it_is() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert {p.name for p in EXAMPLES} == {
        "request.py",
        "mock.py",
        "errors.py",
        "exttest.py",
        "versions.py",
    }
    for example in EXAMPLES:
        assert example.read_text(encoding="utf-8") in blocks, example.name


def test_a_complete_request_validates_and_round_trips() -> None:
    shown = run("request.py")
    assert "<ns1:GodtgoerelseRequest" in shown or "GodtgoerelseRequest" in shown


def test_the_request_is_accepted_by_the_mock() -> None:
    assert run("mock.py").split()[-1] == "ACCEPTERET"


def test_each_kind_of_error_is_handled() -> None:
    lines = run("errors.py").splitlines()
    assert lines[0] == "accepted: ACCEPTERET"  # after the client's own retry of a 503
    assert lines[1] == "already received earlier: nothing to do"
    assert lines[2].startswith("invalid, not sent: ")
    assert lines[3] == "fault: [('1001', 'Ingen aftale')]"
    assert lines[4] == "no answer (retry later: True)"


def test_exttest_says_what_it_needs() -> None:
    shown = run("exttest.py", KY_CERT="")
    assert shown.startswith("set KY_CERT")


def test_switching_versions() -> None:
    assert "reads the same in 2.7 and 2.8" in run("versions.py")


def test_examples_are_type_checked(tmp_path: Path) -> None:
    cache = f"--cache-dir={tmp_path}"  # nothing written next to the committed examples
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", cache, *(p.name for p in EXAMPLES)],
        cwd=SDK / "examples",
        env={**os.environ, "MYPYPATH": str(SDK / "src")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout
