"""Failing networks not covered by tests/transport: a TLS handshake that fails (a peer that does
not speak TLS, a peer that hangs up in the middle of the handshake) and a read timeout in the
middle of the body. Each is a ``TransportError`` with its cause chained, never an ``HttpError``;
a read timeout mid-body is not retried (KY may have processed the message).

The rest of the list in issue 9 is covered there: connection refused, DNS failure, untrusted
server certificate, client certificate rejected or missing, connect timeout, read timeout
before the answer, connection reset, HTTP 502/503/504 (and retries, byte-identical), a 200
with an empty body, a body cut short (``tests/transport/test_network.py``,
``test_client.py``, ``test_soap.py``).
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ky_kontanthjaelp._runtime import soap
from ky_kontanthjaelp._runtime.errors import HttpError, TransportError
from ky_kontanthjaelp._runtime.mockserver import server_tls
from ky_kontanthjaelp._runtime.transport import HttpTransport, Retry, Timeouts, send
from lxml import etree
from tls_servers import Pki, RawServer, make_pki

HEADERS = {"Content-Type": soap.CONTENT_TYPE, "SOAPAction": '"urn:test/Ping"'}
RETRY = Retry(retries=2, backoff=0.001)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def transport(pki: Pki) -> Iterator[HttpTransport]:
    client = HttpTransport(cert=pki.client.pair, ca=pki.ca, timeout=Timeouts(connect=2.0, read=0.3))
    yield client
    client.close()


def ping() -> bytes:
    element = etree.Element("{urn:test}Ping")
    element.text = "hej"
    return soap.envelope(element)


class PlainServer:
    """A TCP server that treats each connection with ``behave`` (no TLS at all)."""

    def __init__(self, behave: Callable[[socket.socket], None]) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self.listener.getsockname()[1]}/"
        self.connections = 0
        self.behave = behave
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            with conn:
                try:
                    self.behave(conn)
                except OSError:
                    pass

    def close(self) -> None:
        self.listener.close()


def answers_in_plain_http(conn: socket.socket) -> None:
    conn.recv(4096)  # the ClientHello
    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")


def hangs_up_in_the_handshake(conn: socket.socket) -> None:
    conn.recv(4096)


@pytest.mark.parametrize(
    "behave",
    [answers_in_plain_http, hangs_up_in_the_handshake],
    ids=["peer_speaks_plain_http", "peer_hangs_up"],
)
def test_tls_handshake_failure_is_transport_error(
    behave: Callable[[socket.socket], None], transport: HttpTransport
) -> None:
    server = PlainServer(behave)
    try:
        with pytest.raises(TransportError) as info:
            send(transport, server.url, ping(), HEADERS, Retry())
    finally:
        server.close()
    assert not isinstance(info.value, HttpError)
    assert isinstance(info.value.__cause__, Exception)  # the cause is chained
    assert server.connections == 1


def test_read_timeout_in_the_middle_of_the_body_is_not_retried(
    pki: Pki, transport: HttpTransport
) -> None:
    body = ping()

    def half_then_silence(conn: ssl.SSLSocket, request: bytes) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {len(body)}\r\n\r\n"
        conn.sendall(head.encode() + body[: len(body) // 2])
        time.sleep(1.0)  # longer than the 0.3 s read timeout

    server = RawServer(
        server_tls(pki.server.cert, pki.server.key, client_ca=pki.ca), half_then_silence
    )
    try:
        with pytest.raises(TransportError) as info:
            send(transport, server.url, body, HEADERS, RETRY)
    finally:
        server.close()
    assert not isinstance(info.value, HttpError)
    assert not info.value.retryable
    assert isinstance(info.value.__cause__, Exception)
    assert server.requests == [body]  # sent once: KY may already have processed it


def test_the_listed_cases_have_tests_in_the_transport_suite() -> None:
    """A guard against the other half of the list quietly disappearing."""
    transport = Path(__file__).resolve().parents[1] / "transport"
    text = "".join(p.read_text() for p in transport.glob("test_*.py"))
    for name in (
        "test_connection_refused_is_retryable_transport_error",
        "test_dns_failure_is_transport_error",
        "test_untrusted_server_certificate_is_refused",
        "test_client_certificate_from_another_ca_is_refused",
        "test_client_without_certificate_is_refused",
        "test_connect_timeout_is_transport_error",
        "test_read_timeout_is_not_retried",
        "test_connection_reset_is_transport_error",
        "test_gateway_errors_are_http_errors",
        "test_retry_sends_byte_identical_requests",
        "test_retries_resend_identical_bytes_with_the_same_besked_id",
        "test_body_cut_short_is_transport_error",
        "test_answer_http_errors",
    ):
        assert f"def {name}(" in text, name
