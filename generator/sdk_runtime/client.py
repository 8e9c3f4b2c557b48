"""The clients every version's ``client.py`` subclasses: configuration, preparing a request,
sending it (with retries), reading the answer, logging the call.

A version's module lists only what is contract-specific: its ``Binding`` (operations, its
``xml`` and ``validate`` modules, where KY's messages keep the BeskedID and the kvittering) and
one typed method per operation, so editors and ``mypy --strict`` see each operation's exact
request and response classes. ``Client`` posts through ``HttpTransport`` (``http.client``),
``AsyncClient`` through httpx; both share everything but the awaiting.
"""

from __future__ import annotations

import dataclasses
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar, cast

from lxml import etree

from . import soap
from .contract import Binding, Ky, Operation
from .errors import KyError, ServiceplatformFaultError, SoapFaultError, XmlError
from .logsafe import log_body, log_call
from .transport import (
    DEFAULT_TIMEOUTS,
    AsyncTransport,
    Reply,
    Retry,
    StrPath,
    Timeouts,
    Transport,
    send,
    send_async,
)

if TYPE_CHECKING:  # the token stack (cryptography, signatures) loads only with a Token
    from .token import Token

_T = TypeVar("_T")  # the transport
_C = TypeVar("_C")  # the InvocationContext class (None: the requests carry none)
_E = TypeVar("_E", bound=str)  # the environment names (a Literal: mypy catches a wrong one)
_K = TypeVar("_K")  # KY's kvittering class
_Resp = TypeVar("_Resp")


# The names every KY contract so far gives the kvittering's fields (a version's own ``KY``
# record is found by XML name); for ``KvitteringRejectedError(kvittering)`` made by hand.
_KY_NAMES = Ky(
    besked_id="faellesdel.besked_id",
    kvittering="kvittering",
    code="forretnings_validerings_kode",
    rejected=frozenset(),
    kvittering_besked_id="besked_id",
    reason="begrundelse",
    errors="fejl_liste",
    error_list="fejl",
    error_code="fejl_kode",
    error_text="fejl_tekst",
)


class KvitteringRejectedError(KyError):
    """KY rejected a message (AFVIST or FEJLET); ``kvittering`` holds its answer."""

    def __init__(self, kvittering: Any, ky: Ky = _KY_NAMES) -> None:
        found = getattr(kvittering, ky.errors)
        errors = getattr(found, ky.error_list) if found else []
        listed = "; ".join(
            f"{getattr(e, ky.error_code)} {getattr(e, ky.error_text)}" for e in errors
        )
        reason = getattr(kvittering, ky.reason)
        besked_id = getattr(kvittering, ky.kvittering_besked_id)
        code = getattr(kvittering, ky.code).value
        super().__init__(
            f"BeskedID {besked_id} {code}"
            + (f": {reason}" if reason else "")
            + (f" [{listed}]" if listed else "")
        )
        self.kvittering = kvittering


class Kvitteringer(Generic[_K]):
    """``accepted`` and ``raise_for_kvittering`` for one version's kvittering class."""

    def __init__(self, cls: type[_K], ky: Ky) -> None:
        self.cls = cls
        self.ky = ky

    def of(self, answer: object) -> _K:
        """The kvittering of a response (or the kvittering itself)."""
        found = answer if isinstance(answer, self.cls) else getattr(answer, self.ky.kvittering)
        return cast(_K, found)

    def accepted(self, answer: object) -> bool:
        return getattr(self.of(answer), self.ky.code) not in self.ky.rejected

    def raise_for(self, answer: object) -> _K:
        kvittering = self.of(answer)
        if getattr(kvittering, self.ky.code) in self.ky.rejected:
            raise KvitteringRejectedError(kvittering, self.ky)
        return kvittering


class OperationFaultError(SoapFaultError):
    """A SOAP Fault whose detail holds one of the operation's fault elements; ``fault`` is that
    element read into its generated class."""

    def __init__(
        self, code: str, string: str, detail: etree._Element | None, fault: object
    ) -> None:
        super().__init__(code, string, detail)
        self.fault = fault


def _typed(exc: SoapFaultError, operation: Operation, xml: Any) -> SoapFaultError:
    """``exc`` as an ``OperationFaultError`` when its detail is one of the operation's faults."""
    if isinstance(exc, ServiceplatformFaultError) or exc.detail is None or not operation.faults:
        return exc
    by_tag = {cls.XML_NAME: cls for cls in operation.faults}
    for child in exc.detail:
        cls = by_tag.get(child.tag) if isinstance(child.tag, str) else None
        if cls is not None:
            try:
                fault = xml.from_element(child, cls, strict=False)
            except XmlError:
                return exc
            return OperationFaultError(exc.code, exc.string, exc.detail, fault)
    return exc


class _Call:
    """One call as the log sees it: started, attempts, outcome; logged when it ends."""

    __slots__ = ("attempts", "binding", "name", "request", "result", "started")

    def __init__(self, binding: Binding, name: str, request: object) -> None:
        self.binding, self.name, self.request = binding, name, request
        self.started, self.result, self.attempts = time.perf_counter(), "error", 0

    def __enter__(self) -> _Call:
        return self

    def done(self, response: object) -> object:
        """``response``, its outcome noted for the log."""
        self.result = "OK" if response is None else str(self.binding.result(response))
        return response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if isinstance(exc, KyError):
            self.result = type(exc).__name__
        try:
            besked_id = self.binding.besked_id(self.request)
        except AttributeError:  # a request without its Faellesdel: the validator's to report
            besked_id = "-"
        log_call(self.name, besked_id, self.started, self.result, self.attempts)


class _Client(Generic[_T, _C, _E]):
    """What both clients share: configuration, preparing requests and reading answers."""

    binding: ClassVar[Binding]

    def __init__(
        self,
        endpoint: str,
        *,
        invocation_context: _C | None = None,
        cert: tuple[StrPath, StrPath] | None = None,
        ca: StrPath | None = None,
        timeout: float | Timeouts = DEFAULT_TIMEOUTS,
        retries: int = 0,
        backoff: float = 0.5,
        validate: bool = True,
        transport: _T | None = None,
        allow_insecure_http: bool = False,
        security: Token | None = None,
    ) -> None:
        """Calls go to ``endpoint`` (https, or http to localhost for a local mock; other plain
        http only with ``allow_insecure_http=True``, refused when a call is made).

        ``invocation_context`` goes into every request that carries none. ``cert=(certfile,
        keyfile)`` is the system certificate for mutual TLS and ``ca`` the trusted roots (PEM;
        default: certifi's). ``timeout`` is seconds to connect and to wait for the answer, or
        ``Timeouts(connect=..., read=...)``. ``retries`` re-sends the same bytes after
        connection failures and HTTP 502/503/504, waiting ``backoff`` seconds and doubling.
        ``transport`` replaces the default transport (then ``cert``, ``ca`` and ``timeout``
        are its business). ``security=Token(...)`` calls the service with the token model
        (OIO-IDWS: an STS token and signed messages) instead of the context model.
        """
        if invocation_context is not None and self.binding.context is None:
            raise TypeError("this contract's requests carry no InvocationContext")
        self.endpoint = endpoint
        self.allow_insecure_http = allow_insecure_http
        self.invocation_context = invocation_context
        self.retry = Retry(retries, backoff)
        self.validate = validate
        made = transport if transport is not None else self._transport(cert, ca, timeout)
        self.transport: _T = made if security is None else self._secured(made, security)

    def _transport(
        self, cert: tuple[StrPath, StrPath] | None, ca: StrPath | None, timeout: float | Timeouts
    ) -> _T:
        """The default transport, made when none is given."""
        raise NotImplementedError

    def _secured(self, transport: _T, security: Token) -> _T:
        """``transport`` signing requests and checking answers for the token model."""
        raise NotImplementedError

    @classmethod
    def for_environment(
        cls,
        environment: _E,
        *,
        service_agreement_uuid: str | None = None,
        user_system_uuid: str | None = None,
        user_uuid: str | None = None,
        cert: tuple[StrPath, StrPath] | None = None,
        ca: StrPath | None = None,
        timeout: float | Timeouts = DEFAULT_TIMEOUTS,
        retries: int = 0,
        backoff: float = 0.5,
        validate: bool = True,
        security: Token | None = None,
    ) -> Self:
        """A client for Serviceplatformen's ``environment`` (a name in ``ENDPOINTS``): the
        context model (the three UUIDs of this service's InvocationContext and ``cert`` for
        mutual TLS), or the token model with ``security=Token(...)`` (KOMBIT's STS for
        ``environment`` unless it names one)."""
        endpoints = cls.binding.endpoints
        if environment not in endpoints:
            known = ", ".join(endpoints) or "none"
            raise ValueError(f"unknown environment {environment!r} (this contract names {known})")
        make = cls.binding.make_context
        context = None
        if service_agreement_uuid and user_system_uuid and user_uuid and make is not None:
            context = make(service_agreement_uuid, user_system_uuid, user_uuid)
        elif security is None and (
            make is not None or service_agreement_uuid or user_system_uuid or user_uuid
        ):
            raise ValueError("the context model needs the three UUIDs (or give security=Token)")
        return cls(
            endpoints[environment],
            invocation_context=context,
            cert=cert,
            ca=ca,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            validate=validate,
            security=security.for_environment(environment) if security else None,
        )

    def _prepare(self, request: Any) -> bytes:
        field = self.binding.context
        if field is not None and self.invocation_context is not None:
            if getattr(request, field) is None:
                request = dataclasses.replace(request, **{field: self.invocation_context})
        if self.validate:
            self.binding.validate.check(request)
        body = soap.envelope(self.binding.xml.to_string(request))
        log_body("request", body)
        return body

    def _read(self, reply: Reply, name: str, response_cls: type[_Resp] | None) -> _Resp | None:
        """The answer read into ``response_cls``; for a one-way operation (None) an empty
        200/202 or any SOAP answer that is not a Fault."""
        log_body(f"response (HTTP {reply.status})", reply.body, reply.content_type)
        if response_cls is None and reply.status in (200, 202) and not reply.body.strip():
            return None
        try:
            element = soap.answer(reply.status, reply.content_type, reply.body)
        except SoapFaultError as exc:
            raise _typed(exc, self.binding.operations[name], self.binding.xml) from None
        if response_cls is None:
            return None
        return cast(_Resp, self.binding.xml.from_element(element, response_cls))


class ClientBase(_Client[Transport, _C, _E]):
    """Synchronous client; one connection pool, closed by ``close()`` or ``with``."""

    def _transport(
        self, cert: tuple[StrPath, StrPath] | None, ca: StrPath | None, timeout: float | Timeouts
    ) -> Transport:
        from .httptransport import HttpTransport  # http.client and ssl: on the first client

        return HttpTransport(cert=cert, ca=ca, timeout=timeout)

    def _secured(self, transport: Transport, security: Token) -> Transport:
        return security.secure(transport, self.binding.entity_id, self.binding.signed_parts)

    def _call(self, name: str, request: object, response_cls: type[_Resp]) -> _Resp:
        return cast(_Resp, self._exchange(name, request, response_cls))

    def _send(self, name: str, request: object) -> None:
        """A one-way operation."""
        self._exchange(name, request, None)

    def _exchange(self, name: str, request: object, response_cls: type[_Resp] | None) -> object:
        with _Call(self.binding, name, request) as call:
            reply, call.attempts = send(
                self.transport,
                self.endpoint,
                self._prepare(request),
                self.binding.headers[name],
                self.retry,
                allow_insecure_http=self.allow_insecure_http,
            )
            return call.done(self._read(reply, name, response_cls))

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClientBase(_Client[AsyncTransport, _C, _E]):
    """Asynchronous client (asyncio or trio); close with ``await aclose()`` or ``async with``."""

    def _transport(
        self, cert: tuple[StrPath, StrPath] | None, ca: StrPath | None, timeout: float | Timeouts
    ) -> AsyncTransport:
        from .httptransport import AsyncHttpxTransport  # see ClientBase._transport

        return AsyncHttpxTransport(cert=cert, ca=ca, timeout=timeout)

    def _secured(self, transport: AsyncTransport, security: Token) -> AsyncTransport:
        return security.secure_async(transport, self.binding.entity_id, self.binding.signed_parts)

    async def _call(self, name: str, request: object, response_cls: type[_Resp]) -> _Resp:
        return cast(_Resp, await self._exchange(name, request, response_cls))

    async def _send(self, name: str, request: object) -> None:
        """A one-way operation."""
        await self._exchange(name, request, None)

    async def _exchange(
        self, name: str, request: object, response_cls: type[_Resp] | None
    ) -> object:
        with _Call(self.binding, name, request) as call:
            reply, call.attempts = await send_async(
                self.transport,
                self.endpoint,
                self._prepare(request),
                self.binding.headers[name],
                self.retry,
                allow_insecure_http=self.allow_insecure_http,
            )
            return call.done(self._read(reply, name, response_cls))

    async def aclose(self) -> None:
        await self.transport.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
