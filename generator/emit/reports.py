"""The change reports and CHANGELOG written next to the SDKs (rendered by generator.diff)."""

from __future__ import annotations

from itertools import pairwise

from generator import diff, ir

FOLDER = "reports"


def files(service: str, contracts: list[ir.Contract], package: str) -> dict[str, bytes]:
    """``reports/<service>-<old>-<new>.{md,json,html}`` per consecutive pair of versions, and
    the SDK's ``CHANGELOG.md``; paths are relative to the output folder."""
    out: dict[str, bytes] = {}
    for old, new in pairwise(contracts):
        for extension, data in sorted(diff.render_reports(old, new).items()):
            out[f"{FOLDER}/{service}-{old.version}-{new.version}.{extension}"] = data
    out[f"{package}/CHANGELOG.md"] = diff.changelog(contracts).encode("utf-8")
    return out
