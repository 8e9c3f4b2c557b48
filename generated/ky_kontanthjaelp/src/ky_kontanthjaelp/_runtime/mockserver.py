"""A small HTTPS server for the mock (stdlib only): wsgiref, threads, keep-alive, mutual TLS.

``MockServer(app, tls=server_tls(cert, key, client_ca))`` serves a WSGI app on a background
thread (``with MockServer(...) as server: server.url``) or in the foreground
(``serve_forever()``). With a ``client_ca`` every client must present a certificate issued by
it, as on Serviceplatformen. Each request is logged on one line. The TLS handshake runs in the
connection's own thread, so a slow or failing client does not hold up the others.
"""

from __future__ import annotations

import io
import os
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from socketserver import ThreadingMixIn
from types import TracebackType
from typing import IO, Any, cast
from wsgiref.headers import Headers
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer
from wsgiref.types import WSGIApplication

from .logsafe import SUMMARY_KEY, log

IDLE_SECONDS = 30.0


def server_tls(
    cert: str | os.PathLike[str],
    key: str | os.PathLike[str],
    client_ca: str | os.PathLike[str] | None = None,
) -> ssl.SSLContext:
    """A server context (TLS 1.2+); with ``client_ca``, client certificates are required."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(os.fspath(cert), os.fspath(key))
    if client_ca is not None:
        context.load_verify_locations(os.fspath(client_ca))
        context.verify_mode = ssl.CERT_REQUIRED
    return context


class _Body:
    """``wsgi.input``: the request body, never more than its Content-Length. ``left`` says
    how much the app did not read; the connection is then closed, because those bytes would
    otherwise be read as the next request (a smuggled one)."""

    def __init__(self, stream: io.BufferedIOBase, length: int) -> None:
        self._stream = stream
        self.left = length

    def read(self, size: int | None = -1) -> bytes:
        return self._take(self._stream.read, size)

    def readline(self, size: int | None = -1) -> bytes:
        return self._take(self._stream.readline, size)

    def _take(self, read: Callable[[int], bytes], size: int | None) -> bytes:
        wanted = self.left if size is None or size < 0 else min(size, self.left)
        data = read(wanted) if wanted > 0 else b""
        self.left -= len(data)
        return data

    def readlines(self, hint: int = -1) -> list[bytes]:
        return list(iter(self.readline, b""))

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")


def _length(value: str | None) -> int | None:
    """A Content-Length header's value as a number; None when absent or not a number."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and value.isascii() else None


class _Handler(ServerHandler):
    http_version = "1.1"
    environ: dict[str, Any]
    headers: Headers
    body: _Body
    request_handler: _RequestHandler

    def cleanup_headers(self) -> None:
        super().cleanup_headers()
        if self.body.left or self.request_handler.close_connection:
            self.request_handler.close_connection = True
            self.headers["Connection"] = "close"

    def log_exception(self, exc_info: Any) -> None:
        # not wsgiref's traceback on stderr: through the SDK's logger, which masks CPR numbers
        log.error("mock application failed", exc_info=exc_info)


class _RequestHandler(WSGIRequestHandler):
    """wsgiref's handler, answering several requests per connection (HTTP/1.1 keep-alive)."""

    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS
    server: MockServer
    raw_requestline: bytes
    wsgi: _Handler | None = None

    def handle(self) -> None:
        self.close_connection = True
        while True:
            self.wsgi = None
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline or len(self.raw_requestline) > 65536:
                return
            if not self.parse_request():
                return
            environ = self.get_environ()
            length = _length(environ.get("CONTENT_LENGTH"))
            if length is None or "transfer-encoding" in (k.lower() for k in self.headers):
                # a body without a usable length cannot be skipped: answer, then close
                self.close_connection = True
                if length is not None:
                    del environ["CONTENT_LENGTH"]  # chunked framing is not served
                length = 0
            body = _Body(self.rfile, length)
            environ["wsgi.input"] = body
            self.wsgi = _Handler(
                body, cast(IO[bytes], self.wfile), self.get_stderr(), environ, multithread=True
            )
            self.wsgi.body = body
            self.wsgi.request_handler = self
            self.wsgi.run(self.server.app)
            if self.close_connection:
                return

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        summary = self.wsgi.environ.get(SUMMARY_KEY, "") if self.wsgi else ""
        log.info(
            "mock %s %r %s %s %s", self.client_address[0], self.requestline, code, size, summary
        )

    def log_message(self, format: str, *args: Any) -> None:
        log.warning("mock %s %s", self.client_address[0], format % args)


class MockServer(ThreadingMixIn, WSGIServer):
    """A threaded WSGI server on ``host:port`` (port 0: any free port), HTTPS with ``tls``."""

    daemon_threads = True
    block_on_close = False

    def __init__(
        self,
        app: WSGIApplication,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.tls = tls
        self._thread: threading.Thread | None = None
        super().__init__((host, port), _RequestHandler)
        self.app = app

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up in DNS; a mock has no use for it.
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()[:2]
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]
        self.setup_environ()

    @property
    def url(self) -> str:
        """The base URL, e.g. ``https://127.0.0.1:50123/``."""
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{self.server_name}:{self.server_port}/"

    def finish_request(self, request: Any, client_address: Any) -> None:
        # Headers and body go out in separate writes; without this, Nagle's algorithm and the
        # client's delayed ACK add 40 ms to every answer on a kept-alive connection.
        request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.tls is None:
            super().finish_request(request, client_address)
            return
        request.settimeout(IDLE_SECONDS)
        try:
            connection = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            log.warning("mock %s TLS handshake failed: %s", client_address[0], exc)
            return
        try:
            super().finish_request(connection, client_address)
        finally:
            connection.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.warning("mock %s connection failed", client_address[0], exc_info=True)

    def start(self) -> MockServer:
        """Serve on a background thread until ``stop()``."""
        self._thread = threading.Thread(
            target=self.serve_forever, args=(0.05,), name="ky-mock", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
