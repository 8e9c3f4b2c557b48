"""The JSON format, described by docs/diff-report.schema.json."""

from __future__ import annotations

import json
from typing import Any

from generator.diff.model import Change, ContractInfo, RenderOptions, Report


def report_data(report: Report) -> dict[str, Any]:
    return {
        "old": _contract(report.old),
        "new": _contract(report.new),
        "summary": report.summary(),
        "changes": [_change(c) for c in report.changes],
    }


def render_json(report: Report, options: RenderOptions) -> bytes:
    text = json.dumps(report_data(report), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def _contract(info: ContractInfo) -> dict[str, Any]:
    return {
        "service": info.service,
        "version": info.version,
        "entry": info.entry,
        "target_namespace": info.target_namespace,
    }


def _change(c: Change) -> dict[str, Any]:
    return {
        "rule": c.rule,
        "path": c.path,
        "message": c.message,
        "old": c.old,
        "new": c.new,
        "operations": list(c.operations),
        "direction": c.direction,
        "client": c.client,
        "service": c.service,
        "location": {
            "old": str(c.old_location) if c.old_location else None,
            "new": str(c.new_location) if c.new_location else None,
        },
        "fingerprint": c.fingerprint,
        "waived": c.waived,
    }
