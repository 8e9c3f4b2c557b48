"""GitHub Actions workflow commands: one annotation per change, at the changed line.

Breaking on the chosen side → ``::error``, warning → ``::warning``, info and waived →
``::notice``. File paths are the contract roots (relative to the workspace) plus each
location's contract-relative path.
"""

from __future__ import annotations

import posixpath

from generator.diff.model import Change, RenderOptions, Report

COMMAND = {"breaking": "error", "warning": "warning", "info": "notice"}


def render_github(report: Report, options: RenderOptions) -> bytes:
    lines = [_annotation(c, options) for c in report.changes]
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _annotation(c: Change, options: RenderOptions) -> str:
    level = c.level(options.side)
    command = "notice" if c.waived else COMMAND[level]
    props: list[tuple[str, str]] = []
    if c.new_location is not None:
        props += [("file", posixpath.join(options.new_root, c.new_location.file))]
        props += [("line", str(c.new_location.line))]
    elif c.old_location is not None:
        props += [("file", posixpath.join(options.old_root, c.old_location.file))]
        props += [("line", str(c.old_location.line))]
    props.append(("title", f"{c.rule} {c.path}"))
    waived = f" (waived: {c.waiver})" if c.waiver else ""
    message = f"client {c.client}, service {c.service}: {c.message}{waived}"
    rendered = ",".join(f"{k}={_property(v)}" for k, v in props)
    return f"::{command} {rendered}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
