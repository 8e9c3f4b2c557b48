"""What long commands tell a person at a terminal: a progress bar (never in CI or a pipe), and
what ``kygen generate`` changed."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import click

from generator.emit.output import Changes


@contextmanager
def bar(
    total: int, label: str, *, enabled: bool = True, stream: TextIO | None = None
) -> Iterator[Callable[[], None]]:
    """A function to call once per finished item; it draws a bar only on a terminal (not
    when ``CI`` is set) and only for more than one item."""
    stream = stream or sys.stderr
    if not enabled or total < 2 or os.environ.get("CI") or not stream.isatty():
        yield lambda: None
        return
    with click.progressbar(length=total, label=label, file=stream) as shown:
        yield lambda: shown.update(1)


def change_lines(changes: Changes, out_dir: Path, *, verbose: bool = False) -> list[str]:
    """One summary line (and with ``verbose`` one line per file written or removed)."""
    lines = []
    if verbose:
        for word, paths in (
            ("added", changes.added),
            ("updated", changes.updated),
            ("removed", changes.removed),
        ):
            lines += [f"  {word:<8}{out_dir / path}" for path in paths]
    written = len(changes.added) + len(changes.updated) + len(changes.removed)
    if written:
        lines.append(
            f"kygen: {out_dir}: {len(changes.added)} added, {len(changes.updated)} updated, "
            f"{len(changes.removed)} removed, {changes.unchanged} unchanged"
        )
    else:
        lines.append(f"kygen: {out_dir} is up to date ({changes.unchanged} files unchanged)")
    if changes.kept:
        lines.append(
            f"kygen: kept {len(changes.kept)} file(s) this run does not produce "
            "(other versions' output; --prune deletes them)"
        )
    return lines
