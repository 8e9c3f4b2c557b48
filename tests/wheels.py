"""Build a wheel and install it alone into a folder, as the wheel tests do (pip, no index)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def build_wheel(project: Path, dist: Path, name: str) -> Path:
    """The wheel of ``project`` (built without its dependencies) whose file starts ``name-``."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(dist),
            str(project),
        ],
        check=True,
        timeout=600,
    )
    (wheel,) = dist.glob(f"{name}-*.whl")
    return wheel


def install_alone(wheel: Path, site: Path) -> None:
    """``wheel`` installed into ``site`` without its dependencies (none come from an index)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        timeout=600,
    )
