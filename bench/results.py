"""The result rows, how one row is measured, and the ratios derived from them."""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from bench.competitors import Skip, Thunk
from bench.timing import Settings, Stats, measure, measure_interleaved

#: The tools of each measurement group, in table order.
TOOLS: dict[str, tuple[str, ...]] = {
    "serialize": ("ours", "xsdata", "zeep", "lxml"),
    "parse": ("ours", "xsdata", "zeep", "lxml"),
    "validate": ("ours", "lxml", "lxml+serialize", "xmlschema"),
    "roundtrip": ("ours", "zeep"),
    "generate": ("ours", "cold", "xsdata"),
}

#: What each tool does in each group (the table legend).
LABELS: dict[tuple[str, str], str] = {
    ("serialize", "ours"): "generated to_xml(obj)",
    ("serialize", "xsdata"): "xsdata XmlSerializer.render(obj) on xsdata-generated classes",
    ("serialize", "zeep"): "zeep Element.render(obj) + etree.tostring",
    ("serialize", "lxml"): "limit: etree.tostring of a pre-built tree of the same bytes as ours",
    ("parse", "ours"): "generated from_xml(bytes, cls)",
    ("parse", "xsdata"): "xsdata XmlParser.from_bytes(bytes, cls)",
    ("parse", "zeep"): "zeep loader.parse_xml + Element.parse",
    ("parse", "lxml"): "limit: etree.fromstring(bytes)",
    ("validate", "ours"): "generated validate(obj)",
    ("validate", "lxml"): "lxml XMLSchema.validate(pre-parsed tree)",
    ("validate", "lxml+serialize"): "to_xml + etree.fromstring + XMLSchema.validate",
    ("validate", "xmlschema"): "xmlschema XMLSchema.validate(pre-parsed tree)",
    ("roundtrip", "ours"): "generated Client, one call to the local mock",
    ("roundtrip", "zeep"): "zeep Client, one call to the same mock",
    ("generate", "ours"): "kygen generate (one version, subprocess), template cache warm",
    ("generate", "cold"): "kygen generate with an empty template cache (first run on a machine)",
    ("generate", "xsdata"): "xsdata generate on the same WSDL (subprocess)",
}


@dataclass(slots=True)
class Row:
    """One measurement: a tool doing one thing to one message of one contract version."""

    group: str
    version: str
    message: str
    tool: str
    size_bytes: int | None = None
    status: str = "ok"
    reason: str | None = None
    stats: Stats | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.group}/{self.version}/{self.message}/{self.tool}"

    @property
    def median(self) -> float | None:
        return self.stats.median_s if self.stats and self.status == "ok" else None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "group": self.group,
            "version": self.version,
            "message": self.message,
            "tool": self.tool,
            "label": LABELS.get((self.group, self.tool), self.tool),
            "size_bytes": self.size_bytes,
            "status": self.status,
            "reason": self.reason,
            "notes": self.notes,
        }
        data["stats"] = (
            {**asdict(self.stats), "iqr_pct": self.stats.iqr_pct} if self.stats else None
        )
        return data


def run_row(row: Row, make: Callable[[], Thunk], settings: Settings) -> Row:
    """Build the callable (untimed) and time it; a Skip or an error is recorded, not raised."""
    try:
        row.stats = measure(make(), settings)
    except Exception as exc:  # one broken tool must not end the run
        _fail(row, exc)
    return row


def run_rows(rows: list[Row], makers: list[Callable[[], Thunk]], settings: Settings) -> None:
    """Build each row's callable, then time them all interleaved (see measure_interleaved)."""
    thunks: dict[int, Thunk] = {}
    for n, (row, make) in enumerate(zip(rows, makers, strict=True)):
        try:
            thunks[n] = make()
        except Exception as exc:
            _fail(row, exc)
    for n, result in measure_interleaved(thunks, settings).items():
        if isinstance(result, BaseException):
            _fail(rows[n], result)
        else:
            rows[n].stats = result


def _fail(row: Row, exc: BaseException) -> None:
    if isinstance(exc, Skip):
        row.status, row.reason = "skipped", str(exc)
        return
    row.status, row.reason = "error", f"{type(exc).__name__}: {exc}"
    if exc.__traceback__ is not None:
        last = traceback.extract_tb(exc.__traceback__)[-1]
        row.notes.append(f"at {last.filename}:{last.lineno}")


def record(row: Row, stats: Stats | None = None, error: BaseException | None = None) -> Row:
    """A row measured some other way (generate): stats, or the error that prevented them."""
    if isinstance(error, Skip):
        row.status, row.reason = "skipped", str(error)
    elif error is not None:
        row.status, row.reason = "error", f"{type(error).__name__}: {error}"
    else:
        row.stats = stats
    return row


@dataclass(frozen=True, slots=True)
class Ratio:
    """ours ÷ other for one group/version/message; ``speedup`` is other ÷ ours."""

    group: str
    version: str
    message: str
    other: str
    ours_over_other: float

    @property
    def speedup(self) -> float:
        return 1.0 / self.ours_over_other

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "version": self.version,
            "message": self.message,
            "other": self.other,
            "ours_over_other": self.ours_over_other,
            "speedup": self.speedup,
        }


def ratios(rows: list[Row]) -> list[Ratio]:
    """Every ratio of ours to another tool measured on the same group/version/message."""
    ours = {(r.group, r.version, r.message): r for r in rows if r.tool == "ours"}
    found: list[Ratio] = []
    for row in rows:
        mine = ours.get((row.group, row.version, row.message))
        if row.tool == "ours" or mine is None or mine.median is None or row.median is None:
            continue
        found.append(Ratio(row.group, row.version, row.message, row.tool, mine.median / row.median))
    return found


_START = time.perf_counter()


def progress(text: str) -> None:
    """One line of progress on stderr (stdout carries the table), with the seconds so far."""
    print(f"[{time.perf_counter() - _START:6.1f}s] {text}", file=sys.stderr, flush=True)


def short(row: Row) -> str:
    """A row's median and spread, or why it has none."""
    if row.stats is None:
        return f"{row.status}: {row.reason}"
    return f"{row.stats.median_s * 1e6:12.1f} µs  (IQR {row.stats.iqr_pct:.1f}%)"
