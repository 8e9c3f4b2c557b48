"""Client round trips to the generated mock of KY, served once on loopback for both clients.

One call = serialize the request, POST it over a kept-alive HTTP/1.1 connection, the mock
parses, validates and answers with a kvittering, the client parses the answer. The server
side costs the same for both clients; the difference is the client stack.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from bench.competitors import Thunk
from bench.messages import Message
from bench.results import Row, progress, run_row, run_rows, short
from bench.server import serving
from bench.sides import Sides, get
from bench.timing import Settings


def _mock_app(sides: Sides) -> Any:
    """The generated mock; duplicate detection off, so one request can be sent many times."""
    return get(sides.ours).module("mock").MockKY(detect_duplicates=False)


def _ours(sides: Sides, url: str, message: Message) -> Thunk:
    ours = get(sides.ours)
    client = ours.module("client").Client(url)
    request = sides.obj("ours", message.qname, message.data)
    call = getattr(client, _method(message.operation))
    call(request)
    return lambda: call(request)


def _zeep(sides: Sides, url: str, message: Message) -> Thunk:
    zeep_side = get(sides.zeep)
    client = zeep_side.client
    binding = next(iter(client.wsdl.bindings))
    service = client.create_service(binding, url)  # type: ignore[no-untyped-call]
    value = sides.obj("zeep", message.qname, message.data)
    kwargs = {key: value[key] for key in value}
    call = service[message.operation]
    call(**kwargs)
    return lambda: call(**kwargs)


def _method(operation: str) -> str:
    return "".join(
        "_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(operation)
    )


def run(sides: Sides, messages: list[Message], settings: Settings) -> list[Row]:
    version = sides.contract.label
    rows: list[Row] = []
    try:
        app = _mock_app(sides)
    except Exception as exc:
        for message in messages:
            for tool in ("ours", "zeep"):
                row = Row("roundtrip", version, message.name, tool, size_bytes=len(message.data))
                rows.append(run_row(row, _raiser(exc), settings.wall()))
        return rows
    with serving(app) as url:
        for message in messages:
            plans: dict[str, Callable[[], Thunk]] = {
                "ours": functools.partial(_ours, sides, url, message),
                "zeep": functools.partial(_zeep, sides, url, message),
            }
            batch = [Row("roundtrip", version, message.name, t, len(message.data)) for t in plans]
            run_rows(batch, list(plans.values()), settings.wall())
            for row in batch:
                progress(f"  {row.id:<42} {short(row)}")
            rows += batch
    return rows


def _raiser(exc: BaseException) -> Callable[[], Thunk]:
    def make() -> Thunk:
        raise exc

    return make
