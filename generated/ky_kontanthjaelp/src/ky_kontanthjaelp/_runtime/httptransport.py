"""The transports: ``HttpTransport`` on the standard library's ``http.client`` (the
synchronous client's) and ``AsyncHttpxTransport`` on httpx, with ``ssl_context``.

Mutual TLS comes from an ``ssl.SSLContext`` built from ``cert=(certfile, keyfile)`` and ``ca``
(the trusted roots); certificate and host name verification are always on. Each transport keeps
its connections open between calls (a small pool, shared by threads), so calls reuse their TLS
connections. A client imports this module when it makes its transport (see ``transport``).
"""

from __future__ import annotations

import base64
import functools
import http.client
import os
import re
import select
import socket
import ssl
import threading
import urllib.request
from collections.abc import Mapping
from typing import TypeAlias
from urllib.parse import urlsplit

import certifi

from .errors import TransportError, XmlError
from .transport import (
    DEFAULT_TIMEOUTS,
    USER_AGENT,
    Reply,
    StrPath,
    Timeouts,
    timeouts_of,
)
from .xmlparse import MAX_BYTES


def ssl_context(
    cert: tuple[StrPath, StrPath] | None = None,
    ca: StrPath | None = None,
    *,
    key_password: str | None = None,
) -> ssl.SSLContext:
    """A client context: TLS 1.2+, verification on, trusting ``ca`` (else certifi's roots),
    presenting ``cert=(certfile, keyfile)`` when given. Keys are read from those paths only."""
    context = ssl.create_default_context(cafile=os.fspath(ca) if ca else certifi.where())
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.set_alpn_protocols(["http/1.1"])
    if cert is not None:
        certfile, keyfile = cert
        context.load_cert_chain(os.fspath(certfile), os.fspath(keyfile), password=key_password)
    return context


def _caused_by_tls(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _error(exc: Exception, url: str, timeouts: Timeouts) -> TransportError:
    """The ``TransportError`` for an httpx failure; retryable when nothing can have been sent."""
    import httpx  # only the asynchronous transport, which imported it already

    host = urlsplit(url).netloc
    if _caused_by_tls(exc):
        return TransportError(f"TLS failure with {host}: {exc}")
    if isinstance(exc, httpx.ConnectTimeout):
        return _connect_timeout(host, timeouts)
    if isinstance(exc, httpx.PoolTimeout):
        return _no_free_connection(host)
    if isinstance(exc, httpx.ReadTimeout):
        return _read_timeout(host, timeouts)
    if isinstance(exc, httpx.ConnectError):
        return TransportError(f"cannot connect to {host}: {exc}", retryable=True)
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return _broke(host, exc)
    return TransportError(f"HTTP exchange with {host} failed: {exc}")


def _connect_timeout(host: str, timeouts: Timeouts) -> TransportError:
    return TransportError(f"no connection to {host} within {timeouts.connect:g} s", retryable=True)


def _no_free_connection(host: str) -> TransportError:
    return TransportError(f"no free connection to {host}", retryable=True)


def _read_timeout(host: str, timeouts: Timeouts) -> TransportError:
    return TransportError(f"no answer from {host} within {timeouts.read:g} s")


def _broke(host: str, exc: Exception, answered: bool = False) -> TransportError:
    """A broken connection: retryable only when no byte of the answer had come back."""
    what = str(exc) or type(exc).__name__
    if answered:
        return TransportError(f"connection to {host} broke during the answer: {what}")
    return TransportError(f"connection to {host} broke: {what}", retryable=True)


def _over_limit(limit: int) -> XmlError:
    return XmlError(f"answer is over the {limit} byte limit")


# Without TCP_NODELAY, Nagle's algorithm holds back a second small write (httpx sends the
# headers and the body of a request separately) until the server's delayed ACK: up to 40 ms.
_SOCKET_OPTIONS = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
_HEADERS = {"Accept": "text/xml", "User-Agent": USER_AGENT}
_HTTP_HEADERS = {**_HEADERS, "Accept-Encoding": "identity"}
_CHUNK = 65536


def _context(
    cert: tuple[StrPath, StrPath] | None, ca: StrPath | None, context: ssl.SSLContext | None
) -> ssl.SSLContext:
    return context or ssl_context(cert, ca)


_Origin: TypeAlias = tuple[str, str, int]


def _dropped(sock: socket.socket) -> bool:
    """Whether an idle kept-alive connection is unusable: the server has closed it (or sent
    something nobody asked for). Checked before a request is sent on a reused connection."""
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    try:
        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            return bool(poller.poll(0))
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return True


def _read_body(response: http.client.HTTPResponse, limit: int) -> bytes:
    """The whole body, at most ``limit`` bytes; ``IncompleteRead`` when it is cut short."""
    if response.length is not None:  # Content-Length
        if response.length > limit:
            raise _over_limit(limit)
        return response.read()
    data = bytearray()
    while chunk := response.read(_CHUNK):  # chunked, or until the server closes
        data += chunk
        if len(data) > limit:
            raise _over_limit(limit)
    return bytes(data)


def _answered(response: http.client.HTTPResponse, exc: Exception) -> bool:
    """Whether bytes of an answer had come back when ``exc`` struck: a status line was read,
    or a garbled one (a server that closes before answering raises ``RemoteDisconnected``)."""
    if isinstance(response.status, int):  # 'UNKNOWN' until the status line was read
        return True
    return isinstance(exc, http.client.HTTPException) and not isinstance(
        exc, http.client.RemoteDisconnected
    )


def _https_proxy(host: str) -> tuple[str, int, dict[str, str]] | None:
    """The CONNECT proxy for ``host``: the standard library's reading of the proxy settings
    (``HTTPS_PROXY`` or ``ALL_PROXY``, unless ``NO_PROXY`` exempts the host)."""
    proxies = urllib.request.getproxies()
    proxy = proxies.get("https") or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(host):
        return None
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    if not parts.hostname:
        return None
    headers = {}
    if parts.username is not None:
        secret = f"{parts.username}:{parts.password or ''}".encode()
        headers["Proxy-Authorization"] = f"Basic {base64.b64encode(secret).decode()}"
    return parts.hostname, parts.port or 80, headers


_UNSAFE = re.compile("[\\r\\n\\0]")
_UNSAFE_TARGET = re.compile("[\\x00-\\x20\\x7f]")
_OWN_HEADERS = frozenset({"host", "content-length", "connection", "transfer-encoding"})


def _head(target: str, host: str, headers: Mapping[str, str], length: int) -> bytes:
    """The request line and headers of a POST of ``length`` bytes (HTTP/1.1, kept alive)."""
    return (
        _head_start(target, host, tuple(headers.items())) + b"Content-Length: %d\r\n\r\n" % length
    )


@functools.lru_cache(maxsize=256)
def _head_start(target: str, host: str, headers: tuple[tuple[str, str], ...]) -> bytes:
    """All of ``_head`` but the Content-Length: the same for every call of an operation."""
    lines = [f"POST {target} HTTP/1.1", f"Host: {host}"]
    given = set()
    for name, value in headers:
        lowered = name.lower()
        if lowered not in _OWN_HEADERS:
            lines.append(f"{name}: {value}")
            given.add(lowered)
    lines.extend(f"{k}: {v}" for k, v in _HTTP_HEADERS.items() if k.lower() not in given)
    if _UNSAFE_TARGET.search(target) or _UNSAFE.search("".join(lines)):
        raise ValueError(f"control character in the request target or a header: {lines!r}")
    lines.append("")
    return "\r\n".join(lines).encode("latin-1")


@functools.lru_cache(maxsize=64)
def _address(url: str) -> tuple[_Origin, str, str]:
    """Where ``url`` is: its origin, ``host[:port]`` as written (for Host and errors) and the
    request target; kept, as a client posts to the same URL every time."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise TransportError(f"not an http(s) URL: {url!r}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise TransportError(f"bad port in {url!r}") from exc
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    return (parts.scheme, parts.hostname, port), parts.netloc.rpartition("@")[2], target


class HttpTransport:
    """The default synchronous transport, on the standard library's ``http.client``.

    Connections (mutual TLS from ``ssl_context``, TCP_NODELAY) stay open between calls and are
    shared by threads: at most ``max_connections`` requests are in flight at once, each on a
    connection of its own. A kept-alive connection the server has closed while it was idle is
    replaced before the request is sent; once bytes of a request may have reached the server, a
    failure is a ``TransportError`` and the request is sent again only by ``send``'s retries.
    ``timeouts.connect`` bounds the TCP connect and the TLS handshake, ``timeouts.read`` every
    wait for the server afterwards (between bytes of the answer, too). An ``https`` endpoint is
    reached through the CONNECT proxy in ``HTTPS_PROXY`` unless ``NO_PROXY`` exempts it.
    """

    def __init__(
        self,
        *,
        cert: tuple[StrPath, StrPath] | None = None,
        ca: StrPath | None = None,
        timeout: float | Timeouts = DEFAULT_TIMEOUTS,
        ssl_context: ssl.SSLContext | None = None,
        max_connections: int = 10,
        max_response_bytes: int = MAX_BYTES,
    ) -> None:
        self.timeouts = timeouts_of(timeout)
        self.max_response_bytes = max_response_bytes
        self.max_connections = max_connections
        self._context = _context(cert, ca, ssl_context)
        self._slots = threading.BoundedSemaphore(max_connections)
        self._lock = threading.Lock()
        self._idle: dict[_Origin, list[http.client.HTTPConnection]] = {}
        self._idle_count = 0
        self._closed = False

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Reply:
        origin, host, target = _address(url)
        if not self._slots.acquire(timeout=self.timeouts.connect):
            raise _no_free_connection(host)
        try:
            connection = self._checkout(origin)
            try:
                reply = self._exchange(connection, host, target, body, headers)
            except BaseException:
                connection.close()
                raise
            self._checkin(origin, connection)
            return reply
        finally:
            self._slots.release()

    def _exchange(
        self,
        connection: http.client.HTTPConnection,
        host: str,
        target: str,
        body: bytes,
        headers: Mapping[str, str],
    ) -> Reply:
        request = _head(target, host, headers, len(body)) + body
        if connection.sock is None:
            self._connect(connection, host)
        sock = connection.sock
        try:
            sock.sendall(request)  # one send: headers and body in the same segments
        except TimeoutError as exc:
            raise TransportError(f"HTTP exchange with {host} failed: {exc}") from exc
        except OSError as exc:
            raise self._failure(exc, host) from exc
        response = http.client.HTTPResponse(sock, method="POST")
        try:
            response.begin()
            content_type = response.getheader("Content-Type") or ""
            data = _read_body(response, self.max_response_bytes)
        except TimeoutError as exc:
            raise _read_timeout(host, self.timeouts) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise self._failure(exc, host, answered=_answered(response, exc)) from exc
        finally:
            response.close()  # its buffered reader; the socket stays open
        if response.will_close:
            connection.close()
        return Reply(response.status, content_type, data)

    def _connect(self, connection: http.client.HTTPConnection, host: str) -> None:
        """TCP, the proxy's CONNECT and the TLS handshake, within ``timeouts.connect``."""
        try:
            connection.connect()
            sock = connection.sock
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(self.timeouts.read)
        except ssl.SSLError as exc:
            connection.close()
            raise TransportError(f"TLS failure with {host}: {exc}") from exc
        except TimeoutError as exc:
            connection.close()
            raise _connect_timeout(host, self.timeouts) from exc
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            raise TransportError(f"cannot connect to {host}: {exc}", retryable=True) from exc

    @staticmethod
    def _failure(exc: Exception, host: str, answered: bool = False) -> TransportError:
        """After the connection was made: a TLS alert (e.g. the client certificate refused) or
        a broken connection (reset, closed, a body cut short, a garbled answer)."""
        if isinstance(exc, ssl.SSLError):
            return TransportError(f"TLS failure with {host}: {exc}")
        return _broke(host, exc, answered)

    def _checkout(self, origin: _Origin) -> http.client.HTTPConnection:
        with self._lock:
            if self._closed:
                raise TransportError("the transport is closed")
            idle = self._idle.get(origin)
            connection = idle.pop() if idle else None
            if connection is not None:
                self._idle_count -= 1
        if connection is None:
            return self._connection(origin)
        if connection.sock is not None and _dropped(connection.sock):
            connection.close()  # closed by the server while idle: nothing was sent on it
        return connection

    def _checkin(self, origin: _Origin, connection: http.client.HTTPConnection) -> None:
        if connection.sock is None:  # the server said Connection: close
            return
        with self._lock:
            if not self._closed and self._idle_count < self.max_connections:
                self._idle.setdefault(origin, []).append(connection)
                self._idle_count += 1
                return
        connection.close()

    def _connection(self, origin: _Origin) -> http.client.HTTPConnection:
        scheme, host, port = origin
        if scheme == "http":
            return http.client.HTTPConnection(host, port, timeout=self.timeouts.connect)
        proxy = _https_proxy(host)
        if proxy is None:
            return http.client.HTTPSConnection(
                host, port, timeout=self.timeouts.connect, context=self._context
            )
        proxy_host, proxy_port, proxy_headers = proxy
        connection = http.client.HTTPSConnection(
            proxy_host, proxy_port, timeout=self.timeouts.connect, context=self._context
        )
        connection.set_tunnel(host, port, headers=proxy_headers)
        return connection

    def close(self) -> None:
        """Close the idle connections; connections in use close when their call ends."""
        with self._lock:
            self._closed = True
            idle = [c for connections in self._idle.values() for c in connections]
            self._idle.clear()
            self._idle_count = 0
        for connection in idle:
            connection.close()

    def __enter__(self) -> HttpTransport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncHttpxTransport:
    """The default asynchronous transport (asyncio or trio, through anyio). httpx is imported
    when the first one is made: it is most of the SDK's import time (~0.1 s), which a program
    using only the synchronous ``Client`` or the mock should not pay."""

    def __init__(
        self,
        *,
        cert: tuple[StrPath, StrPath] | None = None,
        ca: StrPath | None = None,
        timeout: float | Timeouts = DEFAULT_TIMEOUTS,
        ssl_context: ssl.SSLContext | None = None,
        max_connections: int = 10,
        max_response_bytes: int = MAX_BYTES,
    ) -> None:
        import httpx  # see the class docstring

        self.timeouts = timeouts_of(timeout)
        self.max_response_bytes = max_response_bytes
        # httpx wraps most network failures; with anyio, TLS alerts can surface as plain
        # ssl.SSLError
        self._failures = (httpx.HTTPError, ssl.SSLError)
        verify = _context(cert, ca, ssl_context)
        limits = httpx.Limits(
            max_connections=max_connections, max_keepalive_connections=max_connections
        )
        pool = httpx.AsyncHTTPTransport(
            verify=verify, limits=limits, socket_options=_SOCKET_OPTIONS
        )
        timeouts = httpx.Timeout(
            connect=self.timeouts.connect,
            read=self.timeouts.read,
            write=self.timeouts.read,
            pool=self.timeouts.connect,
        )
        self._client = httpx.AsyncClient(transport=pool, timeout=timeouts, headers=_HEADERS)

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Reply:
        answered = False
        try:
            async with self._client.stream("POST", url, content=body, headers=headers) as response:
                answered = True
                data = bytearray()
                async for chunk in response.aiter_bytes():
                    data += chunk
                    if len(data) > self.max_response_bytes:
                        raise _over_limit(self.max_response_bytes)
                return Reply(
                    response.status_code, response.headers.get("content-type", ""), bytes(data)
                )
        except self._failures as exc:
            error = _error(exc, url, self.timeouts)
            if answered and error.retryable:  # the answer had begun: KY has the message
                error = _broke(urlsplit(url).netloc, exc, answered=True)
            raise error from exc

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> AsyncHttpxTransport:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
