"""The generated code passes ruff (with the distribution's own settings) and mypy --strict, and
is black-formatted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from construct_fixtures import write
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


# Constructs whose generated code has shapes the project's contracts do not (subclasses and
# xsi:type dispatch, raw xs:anyType, duration order facets)
CONSTRUCTS = ("polymorphism", "any_type", "duration_facets")


def test_construct_sdks_are_ruff_mypy_and_black_clean(tmp_path: Path) -> None:
    packages = []
    for name in CONSTRUCTS:
        wsdl = write(name, tmp_path / "contracts" / name)
        package = f"kyt_static_{name}"
        generate = [str(BIN / "kygen"), "generate", "-q", "--wsdl", str(wsdl)]
        generate += ["--package", package, "--out", str(tmp_path / "out")]
        subprocess.run(generate, check=True, capture_output=True, timeout=300)
        packages.append(tmp_path / "out" / package / "src")
    checks = [
        [str(BIN / "ruff"), "check", "--no-cache", *map(str, packages)],
        [sys.executable, "-m", "black", "--check", "--line-length=100", *map(str, packages)],
    ]
    for command in checks:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
    mypy = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache")]
    for name in CONSTRUCTS:
        mypy += ["-p", f"kyt_static_{name}"]
    env = {**os.environ, "MYPYPATH": os.pathsep.join(map(str, packages))}
    result = subprocess.run(mypy, capture_output=True, text=True, timeout=900, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
