"""Build a wheel and install it alone into a folder, as the wheel tests do (pip, no index)."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
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


def clean_venv(folder: Path, wheel: Path) -> tuple[Path, Path]:
    """A fresh virtual environment with ``wheel`` installed alone: (its python, its site
    folder). lxml and httpx come from this project's environment through a .pth file, as
    pre-installed dependencies would (nothing comes from an index); the .pth adds the folder
    only, so the editable ky-codegen install there is not importable."""
    venv.create(folder, with_pip=False)
    python = folder / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True
        ).strip()
    )
    (site / "_deps.pth").write_text(sysconfig.get_path("platlib") + "\n")
    install_alone(wheel, site)
    return python, site


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
