"""Write generated files atomically, and tell which files on disk are stale.

Writing: every file goes into a temporary folder inside the output folder first; only when
all of them are written are the SDK folders swapped in (old folder renamed aside, new one
renamed into place, old one removed) and the report files replaced. A failure before the
swap leaves the output folder exactly as it was, and the temporary folder is always removed;
a run killed outright (``kill -9``) leaves it behind: the next run removes it and ``check``
reports it. The folder holds the writer's process id, so a run never removes the folder of
another one still going.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from generator.emit.sdk import Generated

TEMP_PREFIX = ".kygen-"
OWNER = "pid"  # inside a staging folder: the process id of the run writing it


def write(generated: Generated, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for leftover in leftover_staging(out_dir):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=out_dir))
    try:
        (staging / OWNER).write_text(str(os.getpid()))
        for relative, data in generated.files.items():
            path = staging / "new" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for folder in generated.folders:
            _swap(staging / "new" / folder, out_dir / folder, staging / "old" / folder)
        reports = [
            r for r in generated.files if any(r.startswith(p) for p in generated.report_prefixes)
        ]
        for relative in reports:
            target = out_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / "new" / relative, target)
        for stale in _owned_reports(generated, out_dir) - set(reports):
            (out_dir / stale).unlink()
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def leftover_staging(out_dir: Path) -> list[Path]:
    """Staging folders of runs that ended without removing them (killed): their writer's
    process is gone, or they hold no process id (killed before writing it)."""
    if not out_dir.is_dir():
        return []
    return sorted(
        p for p in out_dir.glob(TEMP_PREFIX + "*") if p.is_dir() and not _running(p / OWNER)
    )


def _running(owner: Path) -> bool:
    try:
        pid = int(owner.read_text())
    except (OSError, ValueError):  # no process id yet: a run that has just begun, or a dead one
        try:
            return time.time() - owner.parent.stat().st_mtime < 60
        except OSError:
            return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def _swap(new: Path, target: Path, aside: Path) -> None:
    aside.parent.mkdir(parents=True, exist_ok=True)
    had_old = target.exists()
    if had_old:
        os.replace(target, aside)
    try:
        os.replace(new, target)
    except OSError:
        if had_old:
            os.replace(aside, target)
        raise


def _owned_reports(generated: Generated, out_dir: Path) -> set[str]:
    found: set[str] = set()
    for prefix in generated.report_prefixes:
        folder, _, start = prefix.rpartition("/")
        if (out_dir / folder).is_dir():
            found |= {
                f"{folder}/{p.name}"
                for p in (out_dir / folder).iterdir()
                if p.name.startswith(start)
            }
    return found


def _tool_litter(relative: Path) -> bool:
    """Caches and build output tools leave in an SDK folder: not generated, not compared."""
    return any(
        p.startswith(".") or p in ("__pycache__", "dist", "build") or p.endswith(".egg-info")
        for p in relative.parts
    )


def stale(generated: Generated, out_dir: Path) -> list[str]:
    """Paths (relative to ``out_dir``) that differ from ``generated``: changed, missing or
    extra, and staging folders a killed run left behind (``.kygen-…/``)."""
    on_disk: dict[str, Path] = {}
    for folder in generated.folders:
        root = out_dir / folder
        if root.is_dir():
            for path in root.rglob("*"):
                if path.is_file() and not _tool_litter(path.relative_to(root)):
                    on_disk[path.relative_to(out_dir).as_posix()] = path
    for relative in _owned_reports(generated, out_dir):
        on_disk[relative] = out_dir / relative
    differing = [
        r
        for r, data in generated.files.items()
        if r not in on_disk or on_disk[r].read_bytes() != data
    ]
    extra = [r for r in on_disk if r not in generated.files]
    litter = [f"{p.name}/" for p in leftover_staging(out_dir)]
    return sorted(differing + extra + litter)
