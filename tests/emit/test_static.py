"""The generated code passes ruff (with the distribution's own settings) and mypy --strict, and
is black-formatted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from emit_support import FRESH, FreshSdk

BIN = Path(sys.executable).parent


def test_ruff_clean(fresh_sdk: FreshSdk, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(BIN / "ruff"), "check", "--no-cache", "src"],
        cwd=fresh_sdk.out / FRESH,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_clean(fresh_sdk: FreshSdk, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            "-p",
            FRESH,
        ],
        cwd=fresh_sdk.src,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_black_formatted(fresh_sdk: FreshSdk) -> None:
    """The formatter the emitter runs (ruff's) writes black's style: black changes nothing."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "black",
            "--check",
            "--line-length=100",
            "--target-version=py311",
            "src",
        ],
        cwd=fresh_sdk.out / FRESH,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
