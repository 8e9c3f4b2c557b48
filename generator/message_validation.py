"""``kygen validate``: check message files against a contract version with its generated SDK.

Each file is a request or response document, or a SOAP 1.1 envelope around one. The check
is the generated ``validate_xml`` of the version package (imported from ``generated/``),
whose verdict is tested to equal lxml's XMLSchema on the shipped schemas. The result per
file is valid, invalid (with issues) or unreadable (cannot be read, not well-formed, or not
allowed: a DOCTYPE, entities, too big).

Exit status: 0 when every file is valid, 1 when any is invalid, 2 when any is unreadable
(or the REF is unknown, which raises before any file is read).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import sdk_import

STDIN = "-"


@dataclass
class FileResult:
    file: str
    issues: list[Any] = field(default_factory=list)  # the SDK's Issue objects
    error: str | None = None  # why the file could not be validated

    @property
    def status(self) -> str:
        if self.error is not None:
            return "unreadable"
        return "invalid" if self.issues else "valid"


@dataclass
class Report:
    ref: str
    results: list[FileResult]

    @property
    def exit_code(self) -> int:
        statuses = {r.status for r in self.results}
        if "unreadable" in statuses:
            return 2
        return 1 if "invalid" in statuses else 0

    def counts(self) -> dict[str, int]:
        counts = {"valid": 0, "invalid": 0, "unreadable": 0}
        for r in self.results:
            counts[r.status] += 1
        return counts

    @property
    def summary(self) -> str:
        c = self.counts()
        issues = sum(len(r.issues) for r in self.results)
        files = len(self.results)
        parts = [
            f"{c['valid']} valid",
            f"{c['invalid']} invalid ({issues} issue{'s' * (issues != 1)})",
        ]
        if c["unreadable"]:
            parts.append(f"{c['unreadable']} unreadable")
        return f"{files} file{'s' * (files != 1)} checked against {self.ref}: " + ", ".join(parts)


def validate_files(
    ref: str,
    files: Iterable[str],
    contracts_dir: Path = sdk_import.DEFAULT_CONTRACTS,
    generated_dir: Path = sdk_import.DEFAULT_GENERATED,
) -> Report:
    """Validate every file against contract version REF (UsageError when REF is unknown)."""
    module = sdk_import.import_module(ref, "validate", contracts_dir, generated_dir)
    errors = sdk_import.import_module(ref, "_runtime.errors", contracts_dir, generated_dir)
    results = []
    for name in files:
        try:
            data = sys.stdin.buffer.read() if name == STDIN else Path(name).read_bytes()
        except OSError as exc:
            results.append(FileResult(name, error=f"cannot read: {exc.strerror or exc}"))
            continue
        try:
            results.append(FileResult(name, list(module.validate_xml(data))))
        except errors.XmlError as exc:
            results.append(FileResult(name, error=str(exc)))
    return Report(ref, results)


def text_lines(report: Report) -> Iterable[str]:
    """``FILE: PATH: CODE: message`` per issue, ``FILE: error: …`` per unreadable file, then
    the summary. Values are masked (CPR numbers) as the SDK's Issue prints them."""
    for r in report.results:
        if r.error is not None:
            yield f"{r.file}: error: {r.error}"
        for issue in r.issues:
            shown = issue.as_dict()
            yield f"{r.file}: {shown['path']}: {shown['code']}: {shown['message']}"
    yield report.summary


def as_json(report: Report) -> str:
    document = {
        "ref": report.ref,
        "valid": report.exit_code == 0,
        "summary": report.counts(),
        "files": [
            {
                "file": r.file,
                "status": r.status,
                "error": r.error,
                "issues": [issue.as_dict() for issue in r.issues],
            }
            for r in report.results
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
