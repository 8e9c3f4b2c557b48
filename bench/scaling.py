"""How the cost per item moves as the repeated list grows: serialize, parse and validate of the
large message with 1, 10, 100, 1,000 and 10,000 Godtgoerelser, ours interleaved with lxml.

The verdict fits t ∝ nᵇ over the sizes from 100 items on, where the items are most of the
document (below that the fixed part of the message dominates and b says little); a --quick run
fits over all its sizes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from bench.competitors import Thunk
from bench.messages import Message, large
from bench.results import progress
from bench.sides import Sides, get
from bench.suite import limit_document
from bench.timing import Settings, measure_interleaved

ITEMS = (1, 10, 100, 1_000, 10_000)
QUICK_ITEMS = (1, 10, 100)
#: The fit starts at this many items.
FIT_FROM = 100
#: Exponent b in t ~ n^b above which growth is called superlinear.
LINEAR_EXPONENT = 1.15


def exponent(sizes: list[int], times: list[float]) -> float:
    """b of the least-squares fit log t = a + b log n."""
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def _plans(sides: Sides) -> dict[str, dict[str, Callable[[Message], Thunk]]]:
    ours, lxml = get(sides.ours), get(sides.lxml)
    return {
        "serialize": {
            "ours": lambda m: ours.serializer(sides.obj("ours", m.qname, m.data)),
            "lxml": lambda m: lxml.serializer(limit_document(sides, m)),
        },
        "parse": {
            "ours": lambda m: ours.parser(m.qname, m.data),
            "lxml": lambda m: lxml.parser(m.data),
        },
        "validate": {
            "ours": lambda m: ours.validator(sides.obj("ours", m.qname, m.data)),
            "lxml": lambda m: lxml.validator(m.data),
        },
    }


def run(sides: Sides, settings: Settings, quick: bool) -> list[dict[str, Any]]:
    """One entry per operation: per size the median of ours and of lxml, the cost per item,
    ours ÷ lxml, and per tool b and the verdict."""
    counts = QUICK_ITEMS if quick else ITEMS
    messages = [large(n, name=f"{n} items") for n in counts]
    out: list[dict[str, Any]] = []
    for group, tools in _plans(sides).items():
        entry: dict[str, Any] = {
            "group": group,
            "version": sides.contract.label,
            "items": list(counts),
            "size_bytes": [len(m.data) for m in messages],
            "status": "ok",
        }
        try:
            medians: dict[str, list[float]] = {tool: [] for tool in tools}
            for m in messages:
                found = measure_interleaved({t: make(m) for t, make in tools.items()}, settings)
                for tool, stats in found.items():
                    if isinstance(stats, BaseException):
                        raise stats
                    medians[tool].append(stats.median_s)
            fit = [i for i, n in enumerate(counts) if n >= FIT_FROM]
            fit = fit if len(fit) >= 2 else list(range(len(counts)))
            entry["tools"] = {}
            for tool, times in medians.items():
                b = exponent([counts[i] for i in fit], [times[i] for i in fit])
                entry["tools"][tool] = {
                    "median_s": times,
                    "per_item_s": [t / n for t, n in zip(times, counts, strict=True)],
                    "exponent": b,
                    "verdict": "linear" if b <= LINEAR_EXPONENT else "superlinear",
                }
            entry["ours_over_lxml"] = [
                o / x for o, x in zip(medians["ours"], medians["lxml"], strict=True)
            ]
        except Exception as exc:
            entry.update(status="error", reason=f"{type(exc).__name__}: {exc}")
        verdicts = {t: v["verdict"] for t, v in entry.get("tools", {}).items()}
        progress(f"  scaling/{group:<9} {verdicts or entry.get('reason')}")
        out.append(entry)
    return out
