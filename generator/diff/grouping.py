"""How the review formats (md, html) order and group changes."""

from __future__ import annotations

from generator.diff.model import Change, Report, rank
from generator.ir import Location

UNUSED = "Not used by any operation"


def by_operation(report: Report) -> list[tuple[str, list[Change]]]:
    """Changes under every operation they affect; groups with the worst changes first,
    changes breaking first (the report's own order), unused definitions last."""
    groups: dict[str, list[Change]] = {}
    for change in report.changes:
        for op in change.operations or (UNUSED,):
            groups.setdefault(op, []).append(change)

    def key(item: tuple[str, list[Change]]) -> tuple[bool, int, str]:
        name, changes = item
        return name == UNUSED, -max(rank(c.level("both")) for c in changes), name

    return sorted(groups.items(), key=key)


def where(change: Change) -> str:
    """The location a reviewer should open: the new one, else the old one."""
    loc: Location | None = change.new_location or change.old_location
    return str(loc) if loc else ""


def scope(change: Change) -> str:
    """ "request: Aktivitet", "both: A, B", or "unused"."""
    if not change.operations:
        return "unused"
    return f"{change.direction}: {', '.join(change.operations)}"


def count(n: int) -> str:
    """``1 change``, ``3 changes``."""
    return f"{n} change{'s' if n != 1 else ''}"
