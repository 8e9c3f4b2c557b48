"""The terminal format: a summary, then one block per change, worst first."""

from __future__ import annotations

from generator.diff.grouping import count, scope
from generator.diff.model import LEVELS, SIDES, RenderOptions, Report
from generator.diff.text import shown


def render_text(report: Report, options: RenderOptions) -> bytes:
    lines = [f"{report.title}: {_count(len(report.changes))}"]
    summary = report.summary()
    lines.append(f"{'':<8}" + "".join(f"{level:>10}" for level in LEVELS))
    for side in SIDES:
        lines.append(f"{side:<8}" + "".join(f"{summary[side][lv]:>10}" for lv in LEVELS))
    for c in report.changes:
        flag = " (waived)" if c.waived else ""
        lines += [
            "",
            f"{c.level('both').upper()}{flag}  {c.rule}  {c.path}",
            f"  {c.message}",
            f"  client: {c.client}  service: {c.service}  ({scope(c)})",
            f"  old: {shown(c.old)} at {c.old_location or '-'}",
            f"  new: {shown(c.new)} at {c.new_location or '-'}",
        ]
        if c.waiver:
            lines.append(f"  waived: {c.waiver}")
        lines.append(f"  fingerprint: {c.fingerprint}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _count(n: int) -> str:
    return "no changes" if n == 0 else count(n)
