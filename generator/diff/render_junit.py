"""JUnit XML for CI systems: one test case per change; it fails when the change would fail
`kygen diff` with the same --side and --fail-on, and is skipped when waived."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.diff.grouping import scope
from generator.diff.model import Change, RenderOptions, Report, rank
from generator.diff.text import shown


def render_junit(report: Report, options: RenderOptions) -> bytes:
    failing = [c for c in report.changes if _fails(c, options)]
    skipped = [c for c in report.changes if c.waived]
    counts = {
        "tests": str(len(report.changes)),
        "failures": str(len(failing)),
        "errors": "0",
        "skipped": str(len(skipped)),
    }
    suites = ET.Element("testsuites", {"name": "kygen diff", **counts})
    suite = ET.SubElement(suites, "testsuite", {"name": report.title, **counts})
    for c in report.changes:
        case = ET.SubElement(
            suite, "testcase", {"classname": f"kygen.diff.{c.rule}", "name": c.path}
        )
        if c.waived:
            ET.SubElement(case, "skipped", {"message": f"waived: {c.waiver}"})
        elif _fails(c, options):
            failure = ET.SubElement(
                case, "failure", {"message": c.message, "type": c.level(options.side)}
            )
            failure.text = _details(c)
        else:
            ET.SubElement(case, "system-out").text = _details(c)
    ET.indent(suites)
    data: bytes = ET.tostring(suites, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _fails(c: Change, options: RenderOptions) -> bool:
    if c.waived or options.fail_on == "never":
        return False
    return rank(c.level(options.side)) >= rank(options.fail_on)


def _details(c: Change) -> str:
    return "\n".join(
        [
            c.message,
            f"client: {c.client}, service: {c.service} ({scope(c)})",
            f"old: {shown(c.old)} at {c.old_location or '-'}",
            f"new: {shown(c.new)} at {c.new_location or '-'}",
            f"fingerprint: {c.fingerprint}",
        ]
    )
