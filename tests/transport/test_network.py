"""The synchronous transport on real sockets: mutual TLS, failing networks, retries.

A hand-built SOAP body (no generated models) keeps these tests about the network alone.
"""

from __future__ import annotations

import asyncio
import base64
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from ky_kontanthjaelp._runtime import soap
from ky_kontanthjaelp._runtime.errors import HttpError, TransportError, XmlError
from ky_kontanthjaelp._runtime.mockapp import MockApp, Outcome, Route
from ky_kontanthjaelp._runtime.mockserver import MockServer, server_tls
from ky_kontanthjaelp._runtime.transport import (
    AsyncHttpxTransport,
    HttpTransport,
    Retry,
    Timeouts,
    check_endpoint,
    send,
    send_async,
)
from lxml import etree
from tls_servers import Pki, RawServer

NS = "urn:test"
ACTION = "urn:test/Ping"
HEADERS = {"Content-Type": soap.CONTENT_TYPE, "SOAPAction": f'"{ACTION}"'}
FAST = Timeouts(connect=2.0, read=1.0)
NO_RETRY = Retry()
NO_WAIT = Retry(retries=2, backoff=0.001)


def ping(text: str = "hej") -> bytes:
    element = etree.Element(f"{{{NS}}}Ping", nsmap={"t": NS})
    element.text = text
    return soap.envelope(element)


def pong(element: etree._Element) -> Outcome:
    answer = etree.Element(f"{{{NS}}}Pong", nsmap={"t": NS})
    answer.text = element.text
    return Outcome(element.text, soap.envelope(answer), "-", "OK")


class CountingServer(MockServer):
    """Counts TCP connections, to prove that calls share one."""

    connections = 0

    def finish_request(self, request: Any, client_address: Any) -> None:
        type(self).connections += 1
        super().finish_request(request, client_address)


@pytest.fixture
def app() -> MockApp:
    return MockApp([Route("Ping", ACTION, f"{{{NS}}}Ping", pong)])


@pytest.fixture
def server(app: MockApp, server_tls: ssl.SSLContext) -> Iterator[MockServer]:
    CountingServer.connections = 0
    with CountingServer(app, tls=server_tls) as running:
        yield running


@pytest.fixture
def transport(pki: Pki) -> Iterator[HttpTransport]:
    client = HttpTransport(cert=pki.client.pair, ca=pki.ca, timeout=FAST)
    yield client
    client.close()


def call(transport: HttpTransport, url: str, retry: Retry = NO_RETRY) -> str | None:
    reply, _ = send(transport, url, ping(), HEADERS, retry)
    return soap.answer(reply.status, reply.content_type, reply.body).text


def test_mutual_tls_round_trip_reuses_the_connection(
    server: MockServer, transport: HttpTransport, app: MockApp
) -> None:
    for _ in range(3):
        assert call(transport, server.url) == "hej"
    assert CountingServer.connections == 1
    assert [r.soap_action for r in app.received] == [ACTION] * 3


def test_headers_are_soap_11(server: MockServer, transport: HttpTransport, app: MockApp) -> None:
    call(transport, server.url)
    assert app.received[0].content_type == "text/xml; charset=utf-8"


def expect_tls_failure(transport: HttpTransport, url: str) -> TransportError:
    with pytest.raises(TransportError) as info:
        call(transport, url, NO_WAIT)
    assert not isinstance(info.value, HttpError)
    assert isinstance(info.value.__cause__, Exception)
    return info.value


def test_client_without_certificate_is_refused(server: MockServer, pki: Pki) -> None:
    with HttpTransport(ca=pki.ca, timeout=FAST) as transport:
        expect_tls_failure(transport, server.url)


def test_client_certificate_from_another_ca_is_refused(server: MockServer, pki: Pki) -> None:
    with HttpTransport(cert=pki.impostor_client.pair, ca=pki.ca, timeout=FAST) as transport:
        expect_tls_failure(transport, server.url)


def test_untrusted_server_certificate_is_refused(
    app: MockApp, pki: Pki, transport: HttpTransport
) -> None:
    impostor = server_tls(pki.impostor_server.cert, pki.impostor_server.key)
    with MockServer(app, tls=impostor) as server:
        error = expect_tls_failure(transport, server.url)
    assert "certificate verify failed" in str(error)
    assert not error.retryable  # a verification failure does not heal by itself
    assert app.received == []


def test_default_trust_store_does_not_trust_a_private_ca(server: MockServer, pki: Pki) -> None:
    with HttpTransport(cert=pki.client.pair, timeout=FAST) as transport:
        expect_tls_failure(transport, server.url)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_connection_refused_is_retryable_transport_error(transport: HttpTransport) -> None:
    with pytest.raises(TransportError, match="cannot connect") as info:
        call(transport, f"https://127.0.0.1:{free_port()}/")
    assert info.value.retryable


def test_dns_failure_is_transport_error(transport: HttpTransport) -> None:
    with pytest.raises(TransportError, match="cannot connect"):
        call(transport, "https://ky.invalid/")


def test_connect_timeout_is_transport_error(pki: Pki) -> None:
    # A listening socket whose backlog is full never completes the TCP handshake... on most
    # systems; a TLS server that never answers the ClientHello is dependable everywhere.
    with socket.create_server(("127.0.0.1", 0)) as silent:
        url = f"https://127.0.0.1:{silent.getsockname()[1]}/"
        with HttpTransport(
            cert=pki.client.pair, ca=pki.ca, timeout=Timeouts(0.3, 0.3)
        ) as transport:
            with pytest.raises(TransportError, match="within 0.3 s"):
                call(transport, url)


def sleeper(seconds: float) -> Callable[[ssl.SSLSocket, bytes], None]:
    def behave(conn: ssl.SSLSocket, body: bytes) -> None:
        time.sleep(seconds)

    return behave


def test_read_timeout_is_not_retried(
    raw_server: Callable[..., RawServer], transport: HttpTransport
) -> None:
    server = raw_server(sleeper(1.5))
    with pytest.raises(TransportError, match="no answer .* within 1 s") as info:
        call(transport, server.url, NO_WAIT)
    assert not info.value.retryable
    assert len(server.requests) == 1


def reset(conn: ssl.SSLSocket, body: bytes) -> None:
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def test_connection_reset_is_transport_error(
    raw_server: Callable[..., RawServer], transport: HttpTransport
) -> None:
    server = raw_server(reset)
    with pytest.raises(TransportError, match="broke") as info:
        call(transport, server.url)
    assert info.value.retryable


def http_answer(status: str, content_type: str, body: bytes, length: int | None = None) -> bytes:
    size = len(body) if length is None else length
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {size}\r\n\r\n"
    return head.encode() + body


def answering(data: bytes) -> Callable[[ssl.SSLSocket, bytes], None]:
    def behave(conn: ssl.SSLSocket, body: bytes) -> None:
        conn.sendall(data)

    return behave


def test_body_cut_short_is_transport_error(
    raw_server: Callable[..., RawServer], transport: HttpTransport
) -> None:
    envelope = ping("svar")
    server = raw_server(answering(http_answer("200 OK", "text/xml", envelope[:40], len(envelope))))
    with pytest.raises(TransportError, match="broke"):
        call(transport, server.url)


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_http_errors(
    status: int, server: MockServer, transport: HttpTransport, app: MockApp
) -> None:
    app.fail_next(status)
    with pytest.raises(HttpError) as info:
        call(transport, server.url)
    assert info.value.status == status


@pytest.mark.parametrize("status", [502, 503, 504])
def test_retry_sends_byte_identical_requests(
    status: int, server: MockServer, transport: HttpTransport, app: MockApp
) -> None:
    app.fail_next(status, times=2)
    assert call(transport, server.url, NO_WAIT) == "hej"
    bodies = [r.body for r in app.received]
    assert [r.status for r in app.received] == [status, status, 200]
    assert bodies == [ping()] * 3


def test_retries_run_out(server: MockServer, transport: HttpTransport, app: MockApp) -> None:
    app.fail_next(503, times=5)
    with pytest.raises(HttpError):
        call(transport, server.url, NO_WAIT)
    assert len(app.received) == 3


def test_500_is_never_retried(server: MockServer, transport: HttpTransport, app: MockApp) -> None:
    app.fail_next(500, times=2)
    with pytest.raises(HttpError):
        call(transport, server.url, NO_WAIT)
    assert len(app.received) == 1


def test_retry_after_connection_reset(
    raw_server: Callable[..., RawServer], transport: HttpTransport
) -> None:
    answers = [reset, answering(http_answer("200 OK", "text/xml", ping("svar")))]

    def behave(conn: ssl.SSLSocket, body: bytes) -> None:
        answers.pop(0)(conn, body)

    server = raw_server(behave)
    assert call(transport, server.url, NO_WAIT) == "svar"
    assert server.requests == [ping(), ping()]


def test_answer_over_the_size_limit_is_refused(server: MockServer, pki: Pki) -> None:
    with HttpTransport(
        cert=pki.client.pair, ca=pki.ca, timeout=FAST, max_response_bytes=100
    ) as transport:
        with pytest.raises(XmlError, match="over the 100 byte limit"):
            call(transport, server.url)


class ConnectProxy:
    """A CONNECT-only HTTP proxy on 127.0.0.1 that records the request head of every tunnel."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://user:secret@127.0.0.1:{self.listener.getsockname()[1]}"
        self.heads: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(conn,), daemon=True).start()

    def _tunnel(self, conn: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            head += conn.recv(4096)
        self.heads.append(head)
        host, port = head.split()[1].decode().rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        for source, target in ((conn, upstream), (upstream, conn)):
            threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            source.close()
            target.close()

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[ConnectProxy]:
    running = ConnectProxy()
    for name in ("https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTPS_PROXY", running.url)
    yield running
    running.close()


def test_https_proxy_from_the_environment_tunnels_tls(
    server: MockServer, pki: Pki, proxy: ConnectProxy
) -> None:
    with HttpTransport(cert=pki.client.pair, ca=pki.ca, timeout=FAST) as transport:
        assert [call(transport, server.url) for _ in range(2)] == ["hej", "hej"]
    (head,) = proxy.heads  # one tunnel, kept alive
    port = server.url.rsplit(":", 1)[1].strip("/")
    assert head.startswith(f"CONNECT 127.0.0.1:{port} ".encode())
    assert b"Proxy-Authorization: Basic " + base64.b64encode(b"user:secret") in head


def test_no_proxy_exempts_a_host(
    server: MockServer, pki: Pki, proxy: ConnectProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "ky.example, 127.0.0.1")
    with HttpTransport(cert=pki.client.pair, ca=pki.ca, timeout=FAST) as transport:
        assert call(transport, server.url) == "hej"
    assert proxy.heads == []


def test_a_connection_the_server_closed_while_idle_is_replaced(
    raw_server: Callable[..., RawServer], transport: HttpTransport
) -> None:
    # RawServer answers (keep-alive: no "Connection: close") and then hangs up while idle
    server = raw_server(answering(http_answer("200 OK", "text/xml", ping("svar"))))
    assert call(transport, server.url) == "svar"
    time.sleep(0.2)
    assert call(transport, server.url) == "svar"  # no retries: a new connection, sent once
    assert server.requests == [ping(), ping()]


def test_threads_share_a_bounded_pool(server: MockServer, pki: Pki, app: MockApp) -> None:
    answers: list[str | None] = []
    with HttpTransport(
        cert=pki.client.pair, ca=pki.ca, timeout=FAST, max_connections=3
    ) as transport:

        def calls() -> None:
            for _ in range(5):
                answers.append(call(transport, server.url))

        threads = [threading.Thread(target=calls) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert answers == ["hej"] * 40
    assert len(app.received) == 40
    assert 1 <= CountingServer.connections <= 3


def chunked(body: bytes, size: int = 100) -> bytes:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n"
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return head + b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def test_chunked_answer_is_read_and_bounded(
    raw_server: Callable[..., RawServer], transport: HttpTransport, pki: Pki
) -> None:
    server = raw_server(answering(chunked(ping("svar"))))
    assert call(transport, server.url) == "svar"
    with HttpTransport(
        cert=pki.client.pair, ca=pki.ca, timeout=FAST, max_response_bytes=150
    ) as small:
        with pytest.raises(XmlError, match="over the 150 byte limit"):
            call(small, server.url)


def test_connection_close_answer_is_not_reused(
    raw_server: Callable[..., RawServer], transport: HttpTransport
) -> None:
    answer = http_answer("200 OK", "text/xml", ping("svar"))
    server = raw_server(answering(answer.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1)))
    assert [call(transport, server.url) for _ in range(2)] == ["svar", "svar"]
    assert transport._idle == {} or all(not c for c in transport._idle.values())


def test_retry_delays_grow_with_jitter() -> None:
    retry = Retry(retries=5, backoff=1.0, max_backoff=4.0)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 4.0)]:
        delays = {retry.delay(attempt) for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1


@pytest.mark.parametrize(
    "url", ["http://ky.example/", "ftp://127.0.0.1/", "https:///nohost", "http://10.0.0.1/"]
)
def test_unsafe_endpoints_are_refused(url: str) -> None:
    with pytest.raises(ValueError, match="https://"):
        check_endpoint(url)


@pytest.mark.parametrize("url", ["https://ky.example/x", "http://127.0.0.1:8080/", "http://[::1]/"])
def test_safe_endpoints_pass(url: str) -> None:
    assert check_endpoint(url) == url


def test_async_round_trip_and_retry(server: MockServer, pki: Pki, app: MockApp) -> None:
    async def main() -> list[str | None]:
        transport = AsyncHttpxTransport(cert=pki.client.pair, ca=pki.ca, timeout=FAST)
        try:
            app.fail_next(503)
            texts = []
            for _ in range(2):
                reply, _ = await send_async(transport, server.url, ping(), HEADERS, NO_WAIT)
                texts.append(soap.answer(reply.status, reply.content_type, reply.body).text)
            return texts
        finally:
            await transport.aclose()

    assert asyncio.run(main()) == ["hej", "hej"]
    assert [r.status for r in app.received] == [503, 200, 200]
    assert CountingServer.connections == 1


def test_async_tls_failure(server: MockServer, pki: Pki) -> None:
    async def main() -> None:
        transport = AsyncHttpxTransport(ca=pki.ca, timeout=FAST)
        try:
            await send_async(transport, server.url, ping(), HEADERS, NO_WAIT)
        finally:
            await transport.aclose()

    with pytest.raises(TransportError):
        asyncio.run(main())
