"""Contract change reports: compare two IRs and judge each change for clients and services.

Public API:

* `diff(old, new) -> Report` — every change, judged per side, in a stable order;
* `render(report, fmt, options) -> bytes` — one of FORMATS (text, md, json, html, junit, github);
* `render_reports(old, new) -> {"md"|"json"|"html": bytes}` — what `kygen generate` writes;
* `changelog(contracts) -> str` — Markdown over consecutive versions;
* `load_waivers(path)`, `apply_waivers(report, waivers)`; `RULES`, the rule registry.
"""

from generator.diff.changelog import changelog
from generator.diff.engine import diff, fingerprint
from generator.diff.formats import FORMATS, render, render_reports
from generator.diff.model import Change, ContractInfo, RenderOptions, Report
from generator.diff.rules import RULES, Rule
from generator.diff.waivers import Waiver, apply_waivers, load_waivers

__all__ = [
    "FORMATS",
    "RULES",
    "Change",
    "ContractInfo",
    "RenderOptions",
    "Report",
    "Rule",
    "Waiver",
    "apply_waivers",
    "changelog",
    "diff",
    "fingerprint",
    "load_waivers",
    "render",
    "render_reports",
]
