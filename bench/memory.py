"""Peak memory of parsing the large message."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from typing import Any

from bench.competitors import Thunk
from bench.messages import large
from bench.results import progress
from bench.sides import Sides, get


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
