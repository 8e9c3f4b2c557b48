"""The core matrix: serialize, parse and validate each message with every side."""

from __future__ import annotations

from collections.abc import Callable, Collection

from bench.competitors import Thunk
from bench.messages import Message, difference
from bench.results import Row, progress, run_rows, short
from bench.sides import Sides, get
from bench.timing import Settings


def _serialize(sides: Sides, m: Message) -> dict[str, Callable[[], Thunk]]:
    q, d = m.qname, m.data
    return {
        "ours": lambda: get(sides.ours).serializer(sides.obj("ours", q, d)),
        "xsdata": lambda: get(sides.xsdata).serializer(sides.obj("xsdata", q, d)),
        "zeep": lambda: get(sides.zeep).serializer(q, sides.obj("zeep", q, d)),
        "lxml": lambda: get(sides.lxml).serializer(limit_document(sides, m)),
    }


def limit_document(sides: Sides, m: Message) -> bytes:
    """The document the serialize limit writes: ours' output when there is one, so that
    lxml writes exactly the same bytes (same prefixes) as the generated code."""
    try:
        return get(sides.ours).to_bytes(sides.obj("ours", m.qname, m.data))
    except Exception:
        return m.data


def _parse(sides: Sides, m: Message) -> dict[str, Callable[[], Thunk]]:
    q, d = m.qname, m.data
    return {
        "ours": lambda: get(sides.ours).parser(q, d),
        "xsdata": lambda: get(sides.xsdata).parser(q, d),
        "zeep": lambda: get(sides.zeep).parser(q, d),
        "lxml": lambda: get(sides.lxml).parser(d),
    }


def _validate(sides: Sides, m: Message) -> dict[str, Callable[[], Thunk]]:
    q, d = m.qname, m.data

    def serialize_validate() -> Thunk:
        ours, obj = get(sides.ours), sides.obj("ours", q, d)
        return get(sides.lxml).serialize_validator(lambda: ours.to_bytes(obj))

    return {
        "ours": lambda: get(sides.ours).validator(sides.obj("ours", q, d)),
        "lxml": lambda: get(sides.lxml).validator(d),
        "lxml+serialize": serialize_validate,
        "xmlschema": lambda: get(sides.xmlschema).validator(d),
    }


def _check_output(row: Row, make: Callable[[], Thunk], m: Message) -> None:
    """Note when a serializer's output is not the same document as the message."""
    if row.status != "ok":
        return
    out = make()()
    if isinstance(out, str):
        out = out.encode("utf-8")
    if not isinstance(out, bytes):
        return
    problem = difference(m.data, out)
    row.notes.append(f"output {len(out)} bytes" + (f"; differs: {problem}" if problem else ""))


#: The groups this module measures.
GROUPS = ("serialize", "parse", "validate")


def run(
    sides: Sides, messages: list[Message], settings: Settings, groups: Collection[str] = GROUPS
) -> list[Row]:
    rows: list[Row] = []
    version = sides.contract.label
    plans_of = {"serialize": _serialize, "parse": _parse, "validate": _validate}
    for group, plan in ((g, p) for g, p in plans_of.items() if g in groups):
        for message in messages:
            plans = plan(sides, message)
            batch = [Row(group, version, message.name, tool, len(message.data)) for tool in plans]
            run_rows(batch, list(plans.values()), settings)
            for row, make in zip(batch, plans.values(), strict=True):
                if group == "serialize":
                    _check_output(row, make, message)
                progress(f"  {row.id:<42} {short(row)}")
            rows += batch
    return rows
