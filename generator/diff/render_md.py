"""The pull-request format: CommonMark with GFM tables, every contract text escaped."""

from __future__ import annotations

import re

from generator.diff.grouping import by_operation, count, where
from generator.diff.model import LEVELS, SIDES, Change, Level, RenderOptions, Report

# ASCII punctuation that can start inline markup (emphasis, code, links, HTML, entities,
# table cells); CommonMark lets any ASCII punctuation be backslash-escaped.
_MARKUP = re.compile(r"([\\`*_\[\]<>|~&!#])")

SIDE_MEANING = {
    "client": "a client on the old contract calling a service on the new one",
    "service": "a service on the old contract called by clients on the new one",
}


def escape(text: str) -> str:
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """A code span; pipes escaped because GFM splits table cells before inline parsing."""
    if "`" in text or not text.strip():
        return escape(text)
    return "`" + " ".join(text.split()).replace("|", "\\|") + "`"


def render_md(report: Report, options: RenderOptions) -> bytes:
    return markdown(report, heading="#").encode("utf-8")


def markdown(report: Report, heading: str) -> str:
    """The report as Markdown whose top heading has level ``heading`` (the changelog nests it)."""
    sub = heading + "#"
    out = [f"{heading} Contract changes: {escape(report.title)}", ""]
    out += _summary(report)
    if not report.changes:
        out += ["No changes.", ""]
        return "\n".join(out)
    for name, changes in by_operation(report):
        out += [f"{sub} {escape(name)}", ""]
        out += [
            "| client | service | rule | path | change | where |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        out += [_row(c) for c in changes]
        out.append("")
    return "\n".join(out)


def _summary(report: Report) -> list[str]:
    summary = report.summary()
    waived = sum(1 for c in report.changes if c.waived)
    lines = ["| side | " + " | ".join(LEVELS) + " |", "| --- |" + " ---: |" * len(LEVELS)]
    for side in SIDES:
        counts = " | ".join(str(summary[side][lv]) for lv in LEVELS)
        lines.append(f"| {side} | {counts} |")
    lines.append("")
    total = len(report.changes)
    note = count(total)
    if waived:
        note += f", {waived} waived (not counted above)"
    meanings = "; ".join(f"*{side}*: {SIDE_MEANING[side]}" for side in SIDES)
    return [*lines, f"{note}. {meanings}.", ""]


def _level(level: Level) -> str:
    return f"**{level}**" if level == "breaking" else level


def _row(c: Change) -> str:
    message = escape(c.message)
    if c.waiver:
        message += f" *Waived: {escape(c.waiver)}*"
    cells = [
        _level(c.client),
        _level(c.service),
        code(c.rule),
        code(c.path),
        message,
        code(where(c)) if where(c) else "",
    ]
    return "| " + " | ".join(cells) + " |"
