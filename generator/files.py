"""Output files: what every command writes (SDKs, reports, builds) is readable by all (0644)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

MODE = 0o644


def cache_folder() -> Path:
    """Where ky-codegen keeps work between runs ($XDG_CACHE_HOME or ~/.cache): compiled
    templates, pattern translations. RuntimeError when there is no home folder."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ky-codegen"


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step, so a failed run never leaves half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, MODE)  # mkstemp makes it private; a report is for everyone
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
