"""The generator's own code meets what CONTRIBUTING.md promises: black, ruff, mypy --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYTHON_TREES = ["generator", "tests", "bench", "scripts"]


@pytest.mark.parametrize(
    "command",
    [
        ["black", "--check", "--quiet", *PYTHON_TREES],
        ["ruff", "check", "--no-cache", *PYTHON_TREES],
        ["mypy", "--strict", "--no-incremental", "generator"],
    ],
    ids=["black", "ruff", "mypy-strict"],
)
def test_project_code_is_clean(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
