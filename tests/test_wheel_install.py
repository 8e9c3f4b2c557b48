"""ky-codegen installed from a wheel (not editable, not a checkout) still finds its templates."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from wheels import build_wheel, install_alone

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_non_editable_wheel_generates_the_committed_sdk(tmp_path: Path) -> None:
    wheel = build_wheel(ROOT, tmp_path / "dist", "ky_codegen")
    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("generator/_templates/sdk/") for n in names), "templates not in wheel"
    runtime = sorted(p.name for p in (ROOT / "generator" / "sdk_runtime").glob("*.py"))
    assert runtime and all(f"generator/sdk_runtime/{name}" in names for name in runtime)

    site = tmp_path / "site"
    install_alone(wheel, site)
    # The installed copy comes first on the path; run from a folder with no checkout in it.
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip().startswith(str(site))
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--contracts",
            str(ROOT / "contracts"),
            "--out",
            str(out),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    committed = ROOT / "generated" / "ky_kontanthjaelp"
    compare = filecmp.dircmp(committed, out / "ky_kontanthjaelp")
    assert _all_same(compare), "the installed generator writes different code than the checkout"


def _all_same(cmp: filecmp.dircmp[str]) -> bool:
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    return all(_all_same(sub) for sub in cmp.subdirs.values())
