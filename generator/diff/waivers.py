"""Waivers: accepted changes, kept in the report but not counted against --fail-on.

A TOML file of ``[[waiver]]`` tables with ``rule``, ``path`` and ``reason``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from generator.diff.model import Report
from generator.diff.rules import RULES
from generator.errors import UsageError

KEYS = ("rule", "path", "reason")


@dataclass(frozen=True)
class Waiver:
    rule: str
    path: str
    reason: str


def load_waivers(path: Path) -> tuple[Waiver, ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else None
        raise UsageError(f"not valid TOML: {exc}", path, line) from None
    except OSError as exc:
        raise UsageError(f"cannot read waivers: {exc.strerror}", path) from None
    entries = data.get("waiver", [])
    unknown_top = sorted(k for k in data if k != "waiver")
    if unknown_top or not isinstance(entries, list):
        raise UsageError("expected only [[waiver]] tables", path)
    waivers: list[Waiver] = []
    for n, entry in enumerate(entries, 1):
        where = f"waiver {n}"
        if not isinstance(entry, dict) or sorted(entry) != sorted(KEYS):
            raise UsageError(f"{where}: needs exactly the keys {', '.join(KEYS)}", path)
        if not all(isinstance(entry[k], str) and entry[k].strip() for k in KEYS):
            raise UsageError(f"{where}: {', '.join(KEYS)} must be non-empty strings", path)
        if entry["rule"] not in RULES:
            raise UsageError(f"{where}: unknown rule '{entry['rule']}'", path)
        waivers.append(Waiver(entry["rule"], entry["path"], entry["reason"].strip()))
    return tuple(waivers)


def apply_waivers(report: Report, waivers: tuple[Waiver, ...]) -> tuple[Report, list[Waiver]]:
    """The report with matching changes marked waived, and the waivers that matched nothing."""
    reasons = {(w.rule, w.path): w.reason for w in waivers}
    changes = tuple(
        replace(c, waiver=reasons[(c.rule, c.path)]) if (c.rule, c.path) in reasons else c
        for c in report.changes
    )
    used = {(c.rule, c.path) for c in changes if c.waived}
    return replace(report, changes=changes), [w for w in waivers if (w.rule, w.path) not in used]
