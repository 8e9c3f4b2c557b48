"""HTTP transport: a small ``Transport`` protocol, its reply and settings, and ``send``, which
posts through any transport with opt-in retries.

The transport posts bytes and hands back the status, content type and body; it knows nothing
of SOAP. The implementations (``HttpTransport`` on the standard library's ``http.client``,
``AsyncHttpxTransport`` on httpx, ``ssl_context``) live in ``httptransport``: they load
``http.client``, ``ssl`` and ``socket``, which a program that only builds, writes and validates
messages should not pay for at import. They are importable from here too, on first use.
Network failures become ``TransportError`` with the cause chained (CPR numbers masked in the
whole chain); ``retryable`` says whether the request may be sent again: only when the
connection failed before any byte of an answer came back. A read timeout, and any failure once
the answer has begun (a body cut short, a garbled answer), are never retryable: KY may have
processed the message.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeAlias
from urllib.parse import urlsplit

from .errors import TransportError
from .lazy import lazy_exports
from .logsafe import log, scrub

if TYPE_CHECKING:  # re-exported, imported on first use
    from .httptransport import AsyncHttpxTransport as AsyncHttpxTransport
    from .httptransport import HttpTransport as HttpTransport
    from .httptransport import ssl_context as ssl_context

__getattr__ = lazy_exports(
    dict.fromkeys(("AsyncHttpxTransport", "HttpTransport", "ssl_context"), ".httptransport"),
    __package__,
    globals(),
)

StrPath: TypeAlias = "str | os.PathLike[str]"
RETRY_STATUSES = frozenset({502, 503, 504})
USER_AGENT = f"{__name__.split('.', 1)[0]} (Python {sys.version_info[0]}.{sys.version_info[1]})"


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
        import random  # only when a call is retried

        ceiling = min(self.max_backoff, self.backoff * 2.0 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)


def check_endpoint(url: str, allow_insecure_http: bool = False) -> str:
    """``url`` if it is https, or plain http to this machine (a local mock) or with
    ``allow_insecure_http``; else ValueError. Clients check when a call is made, so a WSDL's
    placeholder address never stops a client (or its mock) from being built."""
    if _endpoint_ok(url, allow_insecure_http):
        return url
    raise ValueError(
        f"endpoint must be an https:// URL (plain http only to localhost, or with "
        f"allow_insecure_http=True for a service that really is plain HTTP): {url!r}"
    )


@functools.lru_cache(maxsize=64)
def _endpoint_ok(url: str, allow_insecure_http: bool) -> bool:
    """``check_endpoint``'s verdict, a pure function of its arguments: kept, as a client
    calls the same endpoint every time (parsing it was ~5 % of a call's CPU)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    if parts.scheme == "http" and parts.hostname:
        return allow_insecure_http or _is_loopback(parts.hostname)
    return False


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    import ipaddress  # only for a plain http endpoint

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def timeouts_of(timeout: float | Timeouts) -> Timeouts:
    """``Timeouts`` from a number (both limits) or a ``Timeouts``."""
    return timeout if isinstance(timeout, Timeouts) else Timeouts(timeout, timeout)


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
    allow_insecure_http: bool = False,
) -> tuple[Reply, int]:
    """Post ``body`` (the same bytes on every attempt); the final reply and the attempt count."""
    check_endpoint(url, allow_insecure_http)
    attempt = 1
    while True:
        try:
            reply = transport.post(url, body, headers)
        except TransportError as exc:
            if not _should_retry(retry, attempt, None, exc):
                scrub(exc)
                raise
        else:
            if not _should_retry(retry, attempt, reply, None):
                return reply, attempt
        log.debug("attempt %d of %s failed; retrying", attempt, url)
        sleep(retry.delay(attempt))
        attempt += 1


async def _anyio_sleep(seconds: float) -> None:
    import anyio  # as httpx: only for the asynchronous client

    await anyio.sleep(seconds)


async def send_async(
    transport: AsyncTransport,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    retry: Retry,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    allow_insecure_http: bool = False,
) -> tuple[Reply, int]:
    """``send`` for an ``AsyncTransport``."""
    check_endpoint(url, allow_insecure_http)
    attempt = 1
    while True:
        try:
            reply = await transport.post(url, body, headers)
        except TransportError as exc:
            if not _should_retry(retry, attempt, None, exc):
                scrub(exc)
                raise
        else:
            if not _should_retry(retry, attempt, reply, None):
                return reply, attempt
        log.debug("attempt %d of %s failed; retrying", attempt, url)
        await (sleep or _anyio_sleep)(retry.delay(attempt))
        attempt += 1
