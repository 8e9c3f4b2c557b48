"""results.json, the printed tables and the Markdown section of docs/performance.md."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from lxml import etree

from bench.results import LABELS, TOOLS

SCHEMA_VERSION = 1
DOC_START = "<!-- bench:results:start -->"
DOC_END = "<!-- bench:results:end -->"
LIMIT_TOOLS = {("serialize", "lxml"), ("parse", "lxml")}
QUICK_NOTE = " (--quick: a smoke run; its numbers are not results)"
GROUP_TITLES = {
    "serialize": "Serialize (object → bytes)",
    "parse": "Parse (bytes → object)",
    "validate": "Validate",
    "roundtrip": "Client round trip to the local mock (per call)",
    "generate": "Generate one contract version",
}


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_average() -> list[float] | None:
    """1, 5 and 15 minute load averages (None where the OS has none): a busy machine shows."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def machine() -> dict[str, Any]:
    return {
        "load_average_at_start": load_average(),
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "lxml": ".".join(map(str, etree.LXML_VERSION)),
        "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
        "xsdata": _version("xsdata"),
        "zeep": _version("zeep"),
        "xmlschema": _version("xmlschema"),
        "httpx": _version("httpx"),
    }


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_json(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


# -- formatting ---------------------------------------------------------------------------


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if value >= scale:
            return f"{value / scale:.3g} {unit}"
    return f"{value / 1e-9:.3g} ns"


def _cell(row: dict[str, Any] | None) -> str:
    if row is None:
        return "–"
    if row["status"] != "ok":
        return str(row["status"])
    stats = row["stats"]
    return f"{seconds(stats['median_s'])} ±{stats['iqr_pct'] / 2:.0f}%"


def _ratio(group: str, tool: str, ratio: dict[str, Any] | None) -> str:
    if ratio is None:
        return "–"
    if (group, tool) in LIMIT_TOOLS:
        return f"{ratio['ours_over_other']:.2f}×"
    speedup = ratio["speedup"]
    return f"**{speedup:.1f}× faster**" if speedup >= 1 else f"{1 / speedup:.1f}× slower"


def _table(header: list[str], body: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return [line(header), rule, *map(line, body)]


def group_table(results: dict[str, Any], group: str) -> list[str]:
    rows = {r["id"]: r for r in results["rows"] if r["group"] == group}
    ratios = {
        (x["version"], x["message"], x["other"]): x
        for x in results["ratios"]
        if x["group"] == group
    }
    keys = sorted(
        {(r["message"], r["version"], r["size_bytes"]) for r in rows.values()},
        key=lambda k: (_order(k[0]), k[1]),
    )
    tools = TOOLS[group]
    others = [t for t in tools if t != "ours"]
    header = ["message", "version", "size", *tools]
    header += [("ours ÷ limit" if (group, t) in LIMIT_TOOLS else f"vs {t}") for t in others]
    body = []
    for message, version, size in keys:
        cells = [message, version, f"{size / 1024:.1f} KiB" if size else "–"]
        cells += [_cell(rows.get(f"{group}/{version}/{message}/{t}")) for t in tools]
        cells += [_ratio(group, t, ratios.get((version, message, t))) for t in others]
        body.append(cells)
    return _table(header, body)


def _order(message: str) -> int:
    order = ["small", "typical", "large"]
    return order.index(message) if message in order else len(order)


def targets_table(results: dict[str, Any]) -> list[str]:
    body = []
    for t in results["targets"]:
        value = t.get("ours_over_other")
        if "measured" in t:
            measured = t["measured"]
        elif value is None:
            measured = "–"
        elif t["limit"] >= 1:  # a ratio target: ours ÷ other must stay under the limit
            measured = f"ours ÷ {t['other']} = {value:.2f}×"
        else:
            measured = f"{1 / value:.1f}× faster"
        met = {True: "met", False: "**missed**", None: "not measured"}[t["met"]]
        body.append([t["text"], t["version"], measured, met])
    return _table(
        ["target (typical message unless it says)", "version", "measured", "verdict"], body
    )


def memory_table(results: dict[str, Any]) -> list[str]:
    body = []
    for m in results["memory"]:
        if m["status"] != "ok":
            body.append([m["tool"], m["version"], m["status"], m.get("reason", "")])
            continue
        body.append([
            m["tool"], m["version"],
            f"{m['peak_bytes'] / 1024:,.0f} KiB", f"{m['retained_bytes'] / 1024:,.0f} KiB",
        ])  # fmt: skip
    return _table(["parse large message", "version", "peak (tracemalloc)", "retained"], body)


def scaling_table(results: dict[str, Any]) -> list[str]:
    """Per operation: each tool's time and cost per item at every size, ours ÷ lxml, and b."""
    first = next((s for s in results["scaling"] if s["status"] == "ok"), None)
    if first is None:
        return ["Not measured in this run."]
    sizes = zip(first["items"], first["size_bytes"], strict=True)
    cols = [f"{n:,} item{'s' if n > 1 else ''} ({b / 1024:,.0f} KiB)" for n, b in sizes]
    body = []
    for s in results["scaling"]:
        if s["status"] != "ok":
            body.append([s["group"], s["status"], *[""] * len(cols), s.get("reason", "")])
            continue
        for tool, t in s["tools"].items():
            b = f"{t['exponent']:.2f}, {t['verdict']}"
            body.append([s["group"], tool, *map(seconds, t["median_s"]), b])
            body.append([s["group"], f"{tool} per item", *map(seconds, t["per_item_s"]), ""])
        body.append([s["group"], "ours ÷ lxml", *(f"{r:.2f}×" for r in s["ours_over_lxml"]), ""])
    header = ["operation", "measure", *cols, "b (t ∝ nᵇ, from 100 items)"]
    return _table(header, body)


def import_table(results: dict[str, Any]) -> list[str]:
    body = []
    for m in results.get("imports", []):
        if m["status"] != "ok":
            body.append([m["what"], m["version"], m["status"], m.get("reason", "")])
            continue
        top = ", ".join(f"{t['module']} {t['self_s'] * 1000:.0f}" for t in m["top"][:5])
        spread = (m["q3_s"] - m["q1_s"]) / 2 / m["median_s"] * 100
        cell = f"{m['median_s'] * 1000:.0f} ms ±{spread:.0f}% ({m['samples']} runs)"
        body.append([m["what"], m["version"], cell, top])
    header = ["imported", "version", "median", "largest own times (ms, one -X importtime run)"]
    return _table(header, body) if body else ["Not measured in this run."]


def _merged_note(results: dict[str, Any]) -> str:
    if "merged_onto" not in results:
        return ""
    groups = ", ".join(results["settings"]["groups"])
    return (
        f" This run measured only {groups} (`--only`); every other row is from the run of "
        f"{results['merged_onto']}."
    )


def legend() -> list[str]:
    lines = []
    for group, tools in TOOLS.items():
        for tool in tools:
            lines.append(f"- {group} / **{tool}**: {LABELS[(group, tool)]}")
    return lines


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    out = [
        f"Run {results['generated_at']}{QUICK_NOTE if results['quick'] else ''} "
        f"on {m['cpu']} ({m['cpu_count']} CPUs), {m['platform']}, {m['python']}, "
        f"lxml {m['lxml']} (libxml2 {m['libxml2']}), xsdata {m['xsdata']}, zeep {m['zeep']}, "
        f"xmlschema {m['xmlschema']}; load average {m['load_average_at_start']} at the start, "
        f"{m.get('load_average_at_end')} at the end." + _merged_note(results),
        "",
        "Cells are the median time per call over repeated batches and ± half the interquartile "
        "range. `× faster` is theirs ÷ ours; `ours ÷ limit` is ours ÷ bare lxml (1.00× = as "
        "fast as lxml alone).",
        "",
        "### Targets",
        "",
        *targets_table(results),
    ]
    for group in TOOLS:
        if any(r["group"] == group for r in results["rows"]):
            out += ["", f"### {GROUP_TITLES[group]}", "", *group_table(results, group)]
    out += ["", "### Peak memory", "", *memory_table(results)]
    out += ["", "### Scaling", "", *scaling_table(results)]
    out += ["", "### Import time (fresh interpreter)", "", *import_table(results)]
    out += ["", "### What each column runs", "", *legend()]
    return "\n".join(out) + "\n"


def update_docs(path: Path, section: str) -> None:
    """Replace the text between the bench markers in ``path`` with ``section``."""
    text = path.read_text(encoding="utf-8")
    start, end = text.find(DOC_START), text.find(DOC_END)
    if start < 0 or end < start:
        raise ValueError(f"{path} has no {DOC_START} ... {DOC_END} section")
    new = text[: start + len(DOC_START)] + "\n\n" + section + "\n" + text[end:]
    path.write_text(new, encoding="utf-8")
