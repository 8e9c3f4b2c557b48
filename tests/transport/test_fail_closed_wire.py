"""Issue 17, on the wire: the mock over real TLS on 127.0.0.1 bounds what it reads and keeps,
never mistakes an unread body for a request, and both clients keep CPR numbers out of
tracebacks and retry by one rule. Each test is named after the item of the issue (17_NN)."""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
import time
import traceback
from collections.abc import Callable, Iterator

import pytest
from cpr_scan import unmasked_cprs
from ky_kontanthjaelp._runtime import soap
from ky_kontanthjaelp._runtime.errors import TransportError
from ky_kontanthjaelp._runtime.mockapp import HISTORY, MockApp, Outcome, Route
from ky_kontanthjaelp._runtime.mockserver import MockServer
from ky_kontanthjaelp._runtime.transport import (
    AsyncHttpxTransport,
    HttpTransport,
    Retry,
    Timeouts,
    send,
    send_async,
    ssl_context,
)
from ky_kontanthjaelp._runtime.xmlparse import MAX_BYTES
from lxml import etree
from tls_servers import Pki, RawServer

NS = "urn:test"
ACTION = "urn:test/Ping"
HEADERS = {"Content-Type": soap.CONTENT_TYPE, "SOAPAction": f'"{ACTION}"'}
FAST = Timeouts(connect=2.0, read=1.0)
RETRY = Retry(retries=2, backoff=0.001)
CPR = "0101901234"


def ping(text: str = "hej") -> bytes:
    element = etree.Element(f"{{{NS}}}Ping", nsmap={"t": NS})
    element.text = text
    return soap.envelope(element)


def pong(element: etree._Element) -> Outcome:
    return Outcome(element.text, soap.envelope(element), "-", "OK")


@pytest.fixture
def app() -> MockApp:
    return MockApp([Route("Ping", ACTION, f"{{{NS}}}Ping", pong)])


@pytest.fixture
def server(app: MockApp, server_tls: ssl.SSLContext) -> Iterator[MockServer]:
    with MockServer(app, tls=server_tls) as running:
        yield running


def exchange(server: MockServer, pki: Pki, data: bytes, *, stream: int = 0) -> bytes:
    """Send raw ``data`` over mutual TLS (then up to ``stream`` more bytes while the server
    keeps reading) and return everything the server sends until it closes (at most 5 s)."""
    context = ssl_context(pki.client.pair, pki.ca)
    with socket.create_connection((server.server_name, server.server_port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as conn:
            conn.sendall(data)
            try:
                for _ in range(stream // 65536):
                    conn.sendall(b"x" * 65536)
            except OSError:
                pass  # the server closed while we were still sending: what we want
            answer = b""
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                try:
                    chunk = conn.recv(65536)
                except (OSError, ssl.SSLError):
                    break
                if not chunk:
                    break
                answer += chunk
            return answer


def head(length: str | None, method: str = "POST", extra: str = "") -> bytes:
    lines = [f"{method} / HTTP/1.1", "Host: 127.0.0.1", "Content-Type: text/xml"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n" + extra + "\r\n").encode()


def statuses(answer: bytes) -> list[int]:
    return [int(line.split()[1]) for line in answer.split(b"\r\n") if line.startswith(b"HTTP/1.")]


# -- 4: bounded reading and bounded history ----------------------------------------------------


@pytest.mark.parametrize(
    "length, status",
    [("-1", 400), ("abc", 400), ("1e3", 400), (None, 411)],
    ids=["negative", "not_a_number", "exponent", "missing"],
)
def test_17_04_content_length_minus_one_is_refused_without_reading_to_eof(
    length: str | None, status: int, server: MockServer, pki: Pki, app: MockApp
) -> None:
    """The mock answers at once and closes; it does not read the 8 MB streamed after the
    head (before, ``Content-Length: -1`` made it read to EOF with no limit)."""
    started = time.monotonic()
    answer = exchange(server, pki, head(length), stream=8 * 1024 * 1024)
    assert statuses(answer) == [status], answer[:200]
    assert b"Connection: close" in answer
    assert app.received == []
    assert time.monotonic() - started < 5


def test_17_04_chunked_requests_are_refused(server: MockServer, pki: Pki, app: MockApp) -> None:
    body = ping()
    chunked = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    answer = exchange(server, pki, head(None, extra="Transfer-Encoding: chunked\r\n") + chunked)
    assert statuses(answer) == [411]
    both = head(str(len(body)), extra="Transfer-Encoding: chunked\r\n") + body
    assert statuses(exchange(server, pki, both)) == [411]
    assert app.received == []


def test_17_04_received_history_is_bounded(app: MockApp) -> None:
    assert app.history == HISTORY
    small = MockApp(app.routes, history=5)
    for n in range(20):
        call(small, ping(str(n)))
    assert [r.request for r in small.received] == [str(n) for n in range(15, 20)]
    app.fail_next(503, times=HISTORY + 50)  # refused before parsing: quick
    for _ in range(HISTORY + 50):
        call(app, b"<x/>")
    assert len(app.received) == HISTORY


def call(app: MockApp, body: bytes) -> None:
    import io

    environ = {
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "text/xml",
        "HTTP_SOAPACTION": ACTION,
        "wsgi.input": io.BytesIO(body),
    }
    app(environ, lambda status, headers: None)


# -- 7: 413 is sent; a bad length is no traceback ----------------------------------------------


def test_17_07_413_reaches_the_client_and_nothing_goes_to_stderr(
    server: MockServer, pki: Pki, capfd: pytest.CaptureFixture[str]
) -> None:
    answer = exchange(server, pki, head(str(MAX_BYTES + 1)), stream=256 * 1024)
    assert statuses(answer) == [413], answer[:200]
    assert b"Connection: close" in answer
    answer = exchange(server, pki, head(f"{CPR}x") + b"x")
    assert statuses(answer) == [400], answer[:200]
    err = capfd.readouterr().err
    assert "Traceback" not in err and not unmasked_cprs(err), err


# -- 8: no CPR in a traceback of a transport failure -------------------------------------------


def answering(data: bytes) -> Callable[[ssl.SSLSocket, bytes], None]:
    def behave(conn: ssl.SSLSocket, body: bytes) -> None:
        conn.sendall(data)

    return behave


def test_17_08_cpr_in_status_line_is_masked_in_the_traceback_of_both_clients(
    raw_server: Callable[..., RawServer], pki: Pki
) -> None:
    server = raw_server(answering(f"HTTP/1.1 {CPR} Fejl\r\nContent-Length: 0\r\n\r\n".encode()))
    with HttpTransport(cert=pki.client.pair, ca=pki.ca, timeout=FAST) as transport:
        with pytest.raises(TransportError) as info:
            send(transport, server.url, ping(), HEADERS, Retry())
    shown = "".join(traceback.format_exception(info.value))
    assert not unmasked_cprs(shown), shown

    async def main() -> None:
        async with AsyncHttpxTransport(cert=pki.client.pair, ca=pki.ca, timeout=FAST) as client:
            await send_async(client, server.url, ping(), HEADERS, Retry())

    with pytest.raises(TransportError) as async_info:
        asyncio.run(main())
    shown = "".join(traceback.format_exception(async_info.value))
    assert not unmasked_cprs(shown), shown


def test_17_08_httpcore_debug_records_are_masked(
    raw_server: Callable[..., RawServer], pki: Pki, caplog: pytest.LogCaptureFixture
) -> None:
    answer = f"HTTP/1.1 500 Fejl {CPR}\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
    server = raw_server(answering(answer.encode()))

    async def main() -> None:
        async with AsyncHttpxTransport(cert=pki.client.pair, ca=pki.ca, timeout=FAST) as client:
            await client.post(server.url, ping(), HEADERS)

    with caplog.at_level(logging.DEBUG, logger="httpcore"):
        asyncio.run(main())
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("httpcore")]
    assert any("010190-****" in m for m in messages), messages
    assert not any(unmasked_cprs(m) for m in messages), messages


# -- 10: an unread body is never the next request ----------------------------------------------


def test_17_10_unread_body_of_a_405_is_not_parsed_as_the_next_request(
    server: MockServer, pki: Pki, app: MockApp
) -> None:
    body = ping("smuggled")
    smuggled = head(str(len(body)), extra=f"SOAPAction: {ACTION}\r\n") + body
    answer = exchange(server, pki, head(str(len(smuggled)), method="GET") + smuggled)
    assert statuses(answer) == [405]
    assert app.received == []  # the smuggled POST was never read as a request


# -- 18: one retry rule: nothing is retried once the answer has begun -------------------------


def cut_short(conn: ssl.SSLSocket, body: bytes) -> None:
    envelope = ping("svar")
    conn.sendall(
        f"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {len(envelope)}\r\n\r\n".encode()
        + envelope[:40]
    )


def test_17_18_body_cut_short_after_200_is_not_retried_like_a_read_timeout(
    raw_server: Callable[..., RawServer], pki: Pki
) -> None:
    server = raw_server(cut_short)
    with HttpTransport(cert=pki.client.pair, ca=pki.ca, timeout=FAST) as transport:
        with pytest.raises(TransportError, match="broke during the answer") as info:
            send(transport, server.url, ping(), HEADERS, RETRY)
    assert not info.value.retryable
    assert len(server.requests) == 1

    async def main() -> None:
        async with AsyncHttpxTransport(cert=pki.client.pair, ca=pki.ca, timeout=FAST) as client:
            await send_async(client, server.url, ping(), HEADERS, RETRY)

    with pytest.raises(TransportError) as async_info:
        asyncio.run(main())
    assert not async_info.value.retryable
    assert len(server.requests) == 2  # one more, from the asynchronous client: not retried
