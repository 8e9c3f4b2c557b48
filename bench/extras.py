"""Peak memory of parsing the large message, and scaling as the repeated list grows."""

from __future__ import annotations

import gc
import math
import tracemalloc
from collections.abc import Callable
from typing import Any

from bench.competitors import Thunk
from bench.messages import large
from bench.results import progress
from bench.sides import Sides, get
from bench.suite import limit_document
from bench.timing import Settings, measure

SCALES = (1, 10, 100)
#: Exponent b in t ~ n^b above which growth is called superlinear.
LINEAR_EXPONENT = 1.15


def peak_memory(sides: Sides, items: int) -> list[dict[str, Any]]:
    """tracemalloc peak and retained size of one parse of the large message, per tool.

    tracemalloc sees Python allocations only: libxml2's C heap (the lxml tree) is invisible
    to it, so the lxml row and the tree part of every other row are not counted.
    """
    message = large(items)
    q, d = message.qname, message.data
    makers: dict[str, Callable[[], Thunk]] = {
        "ours": lambda: get(sides.ours).parser(q, d),
        "xsdata": lambda: get(sides.xsdata).parser(q, d),
        "zeep": lambda: get(sides.zeep).parser(q, d),
        "lxml": lambda: get(sides.lxml).parser(d),
    }
    out: list[dict[str, Any]] = []
    for tool, make in makers.items():
        entry: dict[str, Any] = {
            "tool": tool,
            "version": sides.contract.label,
            "size_bytes": len(d),
            "status": "ok",
        }
        try:
            thunk = make()
            thunk()  # warm caches so that they are not counted
            gc.collect()
            tracemalloc.start()
            result = thunk()
            current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            del result
            entry.update(peak_bytes=peak, retained_bytes=current)
        except Exception as exc:
            if tracemalloc.is_tracing():
                tracemalloc.stop()
            entry.update(status="error", reason=f"{type(exc).__name__}: {exc}")
        progress(f"  memory/{sides.contract.label}/large/{tool:<10} {entry.get('peak_bytes')}")
        out.append(entry)
    return out


def exponent(sizes: list[int], times: list[float]) -> float:
    """b of the least-squares fit log t = a + b log n."""
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx


def scaling(sides: Sides, items: int, settings: Settings) -> list[dict[str, Any]]:
    """Serialize and parse time at 1x, 10x and 100x the large message's list, with a verdict."""
    messages = [large(items * k, name=f"large x{k}") for k in SCALES]
    plans: list[tuple[str, str, Callable[[Any], Thunk]]] = [
        (
            "serialize",
            "ours",
            lambda m: get(sides.ours).serializer(sides.obj("ours", m.qname, m.data)),
        ),
        ("serialize", "lxml", lambda m: get(sides.lxml).serializer(limit_document(sides, m))),
        ("parse", "ours", lambda m: get(sides.ours).parser(m.qname, m.data)),
        ("parse", "lxml", lambda m: get(sides.lxml).parser(m.data)),
    ]
    out: list[dict[str, Any]] = []
    for group, tool, make in plans:
        entry: dict[str, Any] = {
            "group": group,
            "tool": tool,
            "version": sides.contract.label,
            "scales": list(SCALES),
            "items": [m.items for m in messages],
            "size_bytes": [len(m.data) for m in messages],
            "status": "ok",
        }
        try:
            medians = [measure(make(m), settings).median_s for m in messages]
            b = exponent(entry["size_bytes"], medians)
            per_kb = [t / (n / 1024) for t, n in zip(medians, entry["size_bytes"], strict=True)]
            entry.update(
                median_s=medians,
                per_kib_s=per_kb,
                exponent=b,
                verdict="linear" if b <= LINEAR_EXPONENT else "superlinear",
            )
        except Exception as exc:
            entry.update(status="error", reason=f"{type(exc).__name__}: {exc}")
        progress(f"  scaling/{group}/{tool:<6} {entry.get('verdict', entry.get('reason'))}")
        out.append(entry)
    return out
