"""``kygen build``: the release artifacts of the generated SDKs, a wheel and an sdist each.

The SDK is generated afresh from the contracts into a temporary project (so the artifacts are
what the contracts say, never a stale or littered ``generated/`` folder) and built there with
its own build backend (hatchling, the SDK's ``build-system``). Builds are reproducible: file
times in both archives are ``SOURCE_DATE_EPOCH`` (1980-01-01 unless set), so two builds of the
same contracts give the same bytes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from generator import files
from generator.contracts import ContractSource
from generator.emit import build as build_sdks
from generator.errors import KygenError

DEFAULT_EPOCH = "315532800"  # 1980-01-01T00:00:00Z: the earliest time a zip (a wheel) holds

_BACKEND = """
import sys
from hatchling.build import build_sdist, build_wheel
print(build_wheel(sys.argv[1]))
print(build_sdist(sys.argv[1]))
"""


def build(sources: Iterable[ContractSource], out_dir: Path) -> list[Path]:
    """Wheel and sdist of every SDK of ``sources`` in ``out_dir``; their paths, sorted."""
    generated = build_sdks(sources, with_reports=False)
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)}
    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kygen-build-") as tmp:
        for relative, data in generated.files.items():
            path = Path(tmp, "src", relative)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            path.chmod(files.MODE)
        for folder in generated.folders:
            made += _backend(Path(tmp, "src", folder), Path(tmp, "dist"), env)
        out_dir.mkdir(parents=True, exist_ok=True)
        for artifact in made:
            files.write_atomic(out_dir / artifact.name, artifact.read_bytes())
    return sorted(out_dir / artifact.name for artifact in made)


def _backend(project: Path, dist: Path, env: dict[str, str]) -> list[Path]:
    dist.mkdir(exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-c", _BACKEND, str(dist)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise KygenError(f"building {project.name} failed:\n{result.stderr.strip()}")
    return [dist / name for name in result.stdout.split()]
