"""Every output format by name, and the reports `kygen generate` writes."""

from __future__ import annotations

from collections.abc import Callable

from generator.diff.engine import diff
from generator.diff.model import RenderOptions, Report
from generator.diff.render_github import render_github
from generator.diff.render_html import render_html
from generator.diff.render_json import render_json
from generator.diff.render_junit import render_junit
from generator.diff.render_md import render_md
from generator.diff.render_text import render_text
from generator.ir import Contract

Renderer = Callable[[Report, RenderOptions], bytes]

FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "md": render_md,
    "json": render_json,
    "html": render_html,
    "junit": render_junit,
    "github": render_github,
}


def render(report: Report, fmt: str, options: RenderOptions | None = None) -> bytes:
    """The report in format ``fmt`` (a key of FORMATS); identical bytes for identical input."""
    return FORMATS[fmt](report, options or RenderOptions())


def render_reports(old_contract: Contract, new_contract: Contract) -> dict[str, bytes]:
    """The review reports of one version step: {"md": …, "json": …, "html": …}."""
    report = diff(old_contract, new_contract)
    return {fmt: render(report, fmt) for fmt in ("md", "json", "html")}
