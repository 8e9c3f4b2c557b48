"""HTTP transport: a small ``Transport`` protocol and its httpx implementation (sync and async).

The transport posts bytes and hands back the status, content type and body; it knows nothing
of SOAP. Mutual TLS comes from an ``ssl.SSLContext`` built from ``cert=(certfile, keyfile)``
and ``ca`` (the trusted roots); certificate and host name verification are always on. One
connection pool per transport, so calls reuse their TLS connections. Network failures become
``TransportError`` with the cause chained; ``retryable`` says whether the request never
reached the server and may be sent again.
"""

from __future__ import annotations

import ipaddress
import os
import random
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeAlias
from urllib.parse import urlsplit

import anyio
import certifi
import httpx

from .errors import TransportError, XmlError
from .logsafe import log
from .xmlparse import MAX_BYTES

StrPath: TypeAlias = "str | os.PathLike[str]"
RETRY_STATUSES = frozenset({502, 503, 504})
USER_AGENT = f"{__name__.split('.', 1)[0]} (httpx {httpx.__version__})"


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: status code, Content-Type header ('' when absent) and the whole body."""

    status: int
    content_type: str
    body: bytes


class Transport(Protocol):
    """What the synchronous client needs: post bytes, get a ``Reply``; raise ``TransportError``."""

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Reply: ...

    def close(self) -> None: ...


class AsyncTransport(Protocol):
    """What the asynchronous client needs."""

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Reply: ...

    async def aclose(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds to wait for a connection (TCP and TLS) and between bytes of the answer."""

    connect: float = 10.0
    read: float = 60.0


DEFAULT_TIMEOUTS = Timeouts()


@dataclass(frozen=True, slots=True)
class Retry:
    """Opt-in retries: ``retries`` extra attempts after a connection failure or a 502/503/504.

    Waits grow exponentially from ``backoff`` seconds (capped at ``max_backoff``), with jitter
    so that many clients do not retry in step. The request is re-sent byte for byte.
    """

    retries: int = 0
    backoff: float = 0.5
    max_backoff: float = 8.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait before attempt ``attempt + 1`` (``attempt`` counts from 1)."""
        ceiling = min(self.max_backoff, self.backoff * 2.0 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)


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
    if cert is not None:
        certfile, keyfile = cert
        context.load_cert_chain(os.fspath(certfile), os.fspath(keyfile), password=key_password)
    return context


def check_endpoint(url: str) -> str:
    """``url`` if it is https, or plain http to this machine (a local mock); else ValueError."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return url
    raise ValueError(f"endpoint must be an https:// URL (plain http only to localhost): {url!r}")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# httpx wraps most network failures; with anyio, TLS alerts can surface as plain ssl.SSLError.
_FAILURES = (httpx.HTTPError, ssl.SSLError)


def _caused_by_tls(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _error(exc: Exception, url: str, timeouts: Timeouts) -> TransportError:
    """The ``TransportError`` for an httpx failure; retryable when nothing can have been sent."""
    host = urlsplit(url).netloc
    if _caused_by_tls(exc):
        return TransportError(f"TLS failure with {host}: {exc}")
    if isinstance(exc, httpx.ConnectTimeout):
        message = f"no connection to {host} within {timeouts.connect:g} s"
        return TransportError(message, retryable=True)
    if isinstance(exc, httpx.PoolTimeout):
        return TransportError(f"no free connection to {host}", retryable=True)
    if isinstance(exc, httpx.ReadTimeout):
        return TransportError(f"no answer from {host} within {timeouts.read:g} s")
    if isinstance(exc, httpx.ConnectError):
        return TransportError(f"cannot connect to {host}: {exc}", retryable=True)
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        return TransportError(f"connection to {host} broke: {exc}", retryable=True)
    return TransportError(f"HTTP exchange with {host} failed: {exc}")


def _collect(chunks: Iterable[bytes], limit: int) -> bytes:
    data = bytearray()
    for chunk in chunks:
        data += chunk
        if len(data) > limit:
            raise XmlError(f"answer is over the {limit} byte limit")
    return bytes(data)


# httpx writes the headers and the body of a request separately; without TCP_NODELAY, Nagle's
# algorithm holds the body back until the server's delayed ACK, adding up to 40 ms per call.
_SOCKET_OPTIONS = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
_HEADERS = {"Accept": "text/xml", "User-Agent": USER_AGENT}


def _pool(
    cert: tuple[StrPath, StrPath] | None,
    ca: StrPath | None,
    context: ssl.SSLContext | None,
    max_connections: int,
) -> tuple[ssl.SSLContext, httpx.Limits]:
    limits = httpx.Limits(
        max_connections=max_connections, max_keepalive_connections=max_connections
    )
    return context or ssl_context(cert, ca), limits


def _timeout(timeouts: Timeouts) -> httpx.Timeout:
    return httpx.Timeout(
        connect=timeouts.connect, read=timeouts.read, write=timeouts.read, pool=timeouts.connect
    )


def timeouts_of(timeout: float | Timeouts) -> Timeouts:
    """``Timeouts`` from a number (both limits) or a ``Timeouts``."""
    return timeout if isinstance(timeout, Timeouts) else Timeouts(timeout, timeout)


class HttpxTransport:
    """The default synchronous transport: one httpx connection pool with mutual TLS."""

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
        verify, limits = _pool(cert, ca, ssl_context, max_connections)
        pool = httpx.HTTPTransport(verify=verify, limits=limits, socket_options=_SOCKET_OPTIONS)
        self._client = httpx.Client(
            transport=pool, timeout=_timeout(self.timeouts), headers=_HEADERS
        )

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Reply:
        try:
            with self._client.stream("POST", url, content=body, headers=headers) as response:
                data = _collect(response.iter_bytes(), self.max_response_bytes)
                return Reply(response.status_code, response.headers.get("content-type", ""), data)
        except _FAILURES as exc:
            raise _error(exc, url, self.timeouts) from exc

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpxTransport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncHttpxTransport:
    """The default asynchronous transport (asyncio or trio, through anyio)."""

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
        verify, limits = _pool(cert, ca, ssl_context, max_connections)
        pool = httpx.AsyncHTTPTransport(
            verify=verify, limits=limits, socket_options=_SOCKET_OPTIONS
        )
        self._client = httpx.AsyncClient(
            transport=pool, timeout=_timeout(self.timeouts), headers=_HEADERS
        )

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Reply:
        try:
            async with self._client.stream("POST", url, content=body, headers=headers) as response:
                data = bytearray()
                async for chunk in response.aiter_bytes():
                    data += chunk
                    if len(data) > self.max_response_bytes:
                        raise XmlError(f"answer is over the {self.max_response_bytes} byte limit")
                return Reply(
                    response.status_code, response.headers.get("content-type", ""), bytes(data)
                )
        except _FAILURES as exc:
            raise _error(exc, url, self.timeouts) from exc

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> AsyncHttpxTransport:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


def _should_retry(
    retry: Retry, attempt: int, reply: Reply | None, error: TransportError | None
) -> bool:
    if attempt > retry.retries:
        return False
    if error is not None:
        return error.retryable
    return reply is not None and reply.status in RETRY_STATUSES


def send(
    transport: Transport,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    retry: Retry,
    sleep: Callable[[float], None] = time.sleep,
) -> tuple[Reply, int]:
    """Post ``body`` (the same bytes on every attempt); the final reply and the attempt count."""
    attempt = 1
    while True:
        try:
            reply = transport.post(url, body, headers)
        except TransportError as exc:
            if not _should_retry(retry, attempt, None, exc):
                raise
        else:
            if not _should_retry(retry, attempt, reply, None):
                return reply, attempt
        log.debug("attempt %d of %s failed; retrying", attempt, url)
        sleep(retry.delay(attempt))
        attempt += 1


async def send_async(
    transport: AsyncTransport,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    retry: Retry,
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
) -> tuple[Reply, int]:
    """``send`` for an ``AsyncTransport``."""
    attempt = 1
    while True:
        try:
            reply = await transport.post(url, body, headers)
        except TransportError as exc:
            if not _should_retry(retry, attempt, None, exc):
                raise
        else:
            if not _should_retry(retry, attempt, reply, None):
                return reply, attempt
        log.debug("attempt %d of %s failed; retrying", attempt, url)
        await sleep(retry.delay(attempt))
        attempt += 1
