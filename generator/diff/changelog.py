"""A Markdown changelog over consecutive contract versions."""

from __future__ import annotations

from generator.diff.engine import diff
from generator.diff.model import Change, Level, Report
from generator.diff.render_md import code, escape
from generator.ir import Contract

SECTIONS: tuple[tuple[Level, str], ...] = (
    ("breaking", "Breaking changes"),
    ("warning", "Warnings"),
    ("info", "Other changes"),
)


def changelog(contracts: list[Contract]) -> str:
    """One section per step between consecutive contracts (in the order given), each with
    its changes grouped breaking first. A change counts at its worst level on either side."""
    if not contracts:
        return "# Changelog\n\nNo contract versions.\n"
    first = contracts[0]
    out = [f"# Changelog: {escape(first.service)}", ""]
    versions = ", ".join(escape(c.version or c.entry) for c in contracts)
    out += [f"Contract versions: {versions}.", ""]
    out += _releases(first)
    for old, new in zip(contracts, contracts[1:], strict=False):
        out += _step(diff(old, new))
        out += _releases(new)
    return "\n".join(out)


def _releases(contract: Contract) -> list[str]:
    """A section per SDK release of ``contract`` after its first (contract.toml ``[releases]``)."""
    out: list[str] = []
    for release, note in contract.manifest.releases if contract.manifest else ():
        out += [f"## Release {escape(release)}", "", escape(note), ""]
    return out


def _step(report: Report) -> list[str]:
    out = [f"## {escape(report.title)}", ""]
    if not report.changes:
        return [*out, "No changes.", ""]
    for level, title in SECTIONS:
        changes = [c for c in report.changes if c.level("both") == level]
        if changes:
            out += [f"### {title}", ""]
            out += [_entry(c) for c in changes]
            out.append("")
    return out


def _entry(c: Change) -> str:
    where = f" ({escape(c.direction)}: {escape(', '.join(c.operations))})" if c.operations else ""
    return (
        f"- {code(c.path)}: {escape(c.message)}{where} "
        f"— client: {c.client}, service: {c.service}; rule {code(c.rule)}"
    )
