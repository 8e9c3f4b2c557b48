"""Serve a WSGI app on loopback in a background thread, with HTTP/1.1 keep-alive.

``wsgiref`` answers one request per connection (HTTP/1.0), which would make every round trip
pay a TCP handshake and hide connection reuse. This small bridge speaks HTTP/1.1 so both
clients (http.client for ours, requests for zeep) reuse their connection, as they would in
production. Plain HTTP: the benchmark measures the SOAP stack, not TLS.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _handler(app: WsgiApp) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # headers and body leave in one send; without TCP_NODELAY a second small write
        # waits for the client's delayed ACK (40 ms on Linux) and every call would show it
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
            pass

        def do_POST(self) -> None:  # noqa: N802 - http.server naming
            self._serve()

        def do_GET(self) -> None:  # noqa: N802
            self._serve()

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            path, _, query = self.path.partition("?")
            environ: dict[str, Any] = {
                "REQUEST_METHOD": self.command,
                "PATH_INFO": path,
                "QUERY_STRING": query,
                "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                "CONTENT_LENGTH": str(length),
                "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": str(self.server.server_port),  # type: ignore[attr-defined]
                "SERVER_PROTOCOL": self.request_version,
                "wsgi.version": (1, 0),
                "wsgi.url_scheme": "http",
                "wsgi.input": io.BytesIO(body),
                "wsgi.errors": sys.stderr,
                "wsgi.multithread": True,
                "wsgi.multiprocess": False,
                "wsgi.run_once": False,
            }
            for key, value in self.headers.items():
                environ["HTTP_" + key.upper().replace("-", "_")] = value
            status_line: list[str] = []
            headers: list[tuple[str, str]] = []

            def start_response(
                status: str, response_headers: list[tuple[str, str]], *_: Any
            ) -> Callable[[bytes], None]:
                status_line[:] = [status]
                headers[:] = response_headers
                return lambda data: None

            try:
                result = app(environ, start_response)
                try:
                    payload = b"".join(result)
                finally:
                    close = getattr(result, "close", None)
                    if close is not None:
                        close()
            except Exception as exc:  # answer, so the client sees an error, not a hang-up
                status_line[:] = ["500 Internal Server Error"]
                headers[:] = [("Content-Type", "text/plain; charset=utf-8")]
                payload = f"mock failed: {type(exc).__name__}: {exc}".encode()
            code, _, reason = status_line[0].partition(" ")
            head = [f"{self.protocol_version} {code} {reason}"]
            head += [f"{k}: {v}" for k, v in headers if k.lower() != "content-length"]
            head.append(f"Content-Length: {len(payload)}")
            self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + payload)

    return Handler


@contextmanager
def serving(app: WsgiApp) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (a free port) while the block runs; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(app))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="bench-mock", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
