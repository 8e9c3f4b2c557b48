"""Write generated files (only those whose bytes changed), and tell which files on disk are stale.

Writing: every changed file goes into a temporary folder inside the output folder first; only
when all of them are written are they renamed into place, so a failure while writing leaves the
output folder exactly as it was, and the temporary folder is always removed; a run killed
outright (``kill -9``) leaves it behind: the next run removes it and ``check`` reports it. The
folder holds the writer's process id, so a run never removes the folder of another one still
going. Unchanged files are not touched (their modification times stay, so nothing downstream
rebuilds).

A file on disk that this generation does not produce is removed when its folder is one this
generation writes (a module a template no longer makes); files in other folders belong to
contract versions not generated this time (``kygen generate kontanthjaelp/2.8`` keeps v2_7)
and, like change reports, are removed only with ``prune``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator import files
from generator.emit.sdk import Generated

TEMP_PREFIX = ".kygen-"
OWNER = "pid"  # inside a staging folder: the process id of the run writing it


@dataclass
class Changes:
    """What a write did, by path relative to the output folder."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # not generated this time, left in place
    unchanged: int = 0


def write(generated: Generated, out_dir: Path, *, prune: bool = False) -> Changes:
    out_dir.mkdir(parents=True, exist_ok=True)
    for leftover in leftover_staging(out_dir):
        shutil.rmtree(leftover, ignore_errors=True)
    on_disk = _on_disk(generated, out_dir)
    changes = Changes()
    for relative, data in generated.files.items():
        if relative not in on_disk:
            changes.added.append(relative)
        elif on_disk[relative].read_bytes() != data:
            changes.updated.append(relative)
        else:
            changes.unchanged += 1
    written = {str(Path(r).parent) for r in generated.files}
    for relative in sorted(set(on_disk) - set(generated.files)):
        own = str(Path(relative).parent) in written and not _is_report(generated, relative)
        (changes.removed if prune or own else changes.kept).append(relative)
    staging = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=out_dir))
    try:
        (staging / OWNER).write_text(str(os.getpid()))
        for relative in changes.added + changes.updated:
            path = staging / "new" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(generated.files[relative])
            path.chmod(files.MODE)
        for relative in changes.added + changes.updated:
            (out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / "new" / relative, out_dir / relative)
        for relative in changes.removed:
            (out_dir / relative).unlink()
        _remove_empty_folders(out_dir, changes.removed)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return changes


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


def _is_report(generated: Generated, relative: str) -> bool:
    return any(relative.startswith(p) for p in generated.report_prefixes)


def _remove_empty_folders(out_dir: Path, removed: list[str]) -> None:
    for folder in sorted({(out_dir / r).parent for r in removed}, key=lambda p: -len(p.parts)):
        while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


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


def _on_disk(generated: Generated, out_dir: Path) -> dict[str, Path]:
    """The files of the SDK folders and reports ``generated`` is about, by relative path."""
    found: dict[str, Path] = {}
    for folder in generated.folders:
        root = out_dir / folder
        if root.is_dir():
            for path in root.rglob("*"):
                if path.is_file() and not _tool_litter(path.relative_to(root)):
                    found[path.relative_to(out_dir).as_posix()] = path
    for relative in _owned_reports(generated, out_dir):
        found[relative] = out_dir / relative
    return found


def stale(generated: Generated, out_dir: Path) -> list[str]:
    """Paths (relative to ``out_dir``) that differ from ``generated``: changed, missing or
    extra, and staging folders a killed run left behind (``.kygen-…/``)."""
    on_disk = _on_disk(generated, out_dir)
    differing = [
        r
        for r, data in generated.files.items()
        if r not in on_disk or on_disk[r].read_bytes() != data
    ]
    extra = [r for r in on_disk if r not in generated.files]
    litter = [f"{p.name}/" for p in leftover_staging(out_dir)]
    return sorted(differing + extra + litter)
