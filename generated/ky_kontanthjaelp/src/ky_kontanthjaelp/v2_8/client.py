"""Typed SOAP client for kontanthjaelp 2.8: SF1690 Jobcenter – Kontanthjælp Modtag jobcentersag.

One method per operation, synchronous (``Client``) and asynchronous (``AsyncClient``)::

    client = Client.for_environment(
        "exttest",
        service_agreement_uuid="...", user_system_uuid="...", user_uuid="...",
        cert=("system.pem", "system.key"),
    )
    response = client.aktivitet(request)
    raise_for_kvittering(response)  # or: if not accepted(response): ...

Every request gets the client's InvocationContext unless it carries its own, is validated
against the contract (``validate=False`` to skip) and is sent as a SOAP 1.1 message over mutual
TLS. A kvittering that rejects the message is returned, not raised. Faults and failures raise
the errors of ``ky_kontanthjaelp._runtime.errors``.
"""

from __future__ import annotations

import dataclasses
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from types import TracebackType
from typing import Generic, Literal, Self, TypeVar

from lxml import etree

from .._runtime import soap
from .._runtime.errors import KyError
from .._runtime.logsafe import log_body, log_call
from .._runtime.token import Token
from .._runtime.transport import (
    DEFAULT_TIMEOUTS,
    AsyncHttpxTransport,
    AsyncTransport,
    HttpTransport,
    Reply,
    Retry,
    StrPath,
    Timeouts,
    Transport,
    send,
    send_async,
)
from . import validate, xml
from .models import (
    AktivitetRequest,
    AktivitetResponse,
    ForretningsValideringsKode,
    FravaerRequest,
    FravaerResponse,
    GodtgoerelseRequest,
    GodtgoerelseResponse,
    InvocationContext,
    KontaktforloebRequest,
    KontaktforloebResponse,
    Kvittering,
    MaalgruppeskiftRequest,
    MaalgruppeskiftResponse,
    SanktionsanmodningRequest,
    SanktionsanmodningResponse,
    TilkendegivelseRequest,
    TilkendegivelseResponse,
    VisitationsgruppeRequest,
    VisitationsgruppeResponse,
)

__all__ = [
    "ENDPOINTS",
    "ENTITY_ID",
    "SERVICE_UUID",
    "SIGNED_PARTS",
    "AsyncClient",
    "Client",
    "KvitteringRejectedError",
    "Token",
    "accepted",
    "invocation_context",
    "raise_for_kvittering",
]

SERVICE_UUID = "2b4702a3-2cb9-49ce-b367-807fbbfbe35b"
ENDPOINTS: Mapping[str, str] = {
    "exttest": "https://exttest.serviceplatformen.dk/service/KY/Kontanthjaelp/2",
    "prod": "https://prod.serviceplatformen.dk/service/KY/Kontanthjaelp/2",
}
ENTITY_ID: str | None = "http://ky.serviceplatformen.dk/service/kontanthjaelp/2"
"""The service's EntityId: the audience of the token the token model asks KOMBIT's STS for."""
SIGNED_PARTS: tuple[str, ...] = (
    "Body",
    "{http://www.w3.org/2005/08/addressing}MessageID",
    "{http://www.w3.org/2005/08/addressing}RelatesTo",
    "{http://www.w3.org/2005/08/addressing}Action",
    "{http://www.w3.org/2005/08/addressing}To",
    "{http://www.w3.org/2005/08/addressing}From",
    "{http://www.w3.org/2005/08/addressing}ReplyTo",
    "{urn:liberty:sb:2006-08}Framework",
)
"""What the token-model policy signs (Clark names; empty: the runtime's KOMBIT default)."""
Environment = Literal["exttest", "prod"]

Request = (
    AktivitetRequest
    | FravaerRequest
    | GodtgoerelseRequest
    | KontaktforloebRequest
    | MaalgruppeskiftRequest
    | SanktionsanmodningRequest
    | TilkendegivelseRequest
    | VisitationsgruppeRequest
)
Response = (
    AktivitetResponse
    | FravaerResponse
    | GodtgoerelseResponse
    | KontaktforloebResponse
    | MaalgruppeskiftResponse
    | SanktionsanmodningResponse
    | TilkendegivelseResponse
    | VisitationsgruppeResponse
)
_Req = TypeVar(
    "_Req",
    AktivitetRequest,
    FravaerRequest,
    GodtgoerelseRequest,
    KontaktforloebRequest,
    MaalgruppeskiftRequest,
    SanktionsanmodningRequest,
    TilkendegivelseRequest,
    VisitationsgruppeRequest,
)
_Resp = TypeVar(
    "_Resp",
    AktivitetResponse,
    FravaerResponse,
    GodtgoerelseResponse,
    KontaktforloebResponse,
    MaalgruppeskiftResponse,
    SanktionsanmodningResponse,
    TilkendegivelseResponse,
    VisitationsgruppeResponse,
)
_T = TypeVar("_T")

REJECTED = frozenset([ForretningsValideringsKode.AFVIST, ForretningsValideringsKode.FEJLET])


@dataclasses.dataclass(frozen=True, slots=True)
class _Operation:
    name: str
    headers: Mapping[str, str]


def _operation(name: str, soap_action: str) -> _Operation:
    return _Operation(name, {"Content-Type": soap.CONTENT_TYPE, "SOAPAction": f'"{soap_action}"'})


_AKTIVITET = _operation(
    "Aktivitet", "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Aktivitet"
)
_FRAVAER = _operation(
    "Fravaer", "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Fravaer"
)
_GODTGOERELSE = _operation(
    "Godtgoerelse", "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Godtgoerelse"
)
_KONTAKTFORLOEB = _operation(
    "Kontaktforloeb",
    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Kontaktforloeb",
)
_MAALGRUPPESKIFT = _operation(
    "Maalgruppeskift",
    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Maalgruppeskift",
)
_SANKTIONSANMODNING = _operation(
    "Sanktionsanmodning",
    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Sanktionsanmodning",
)
_TILKENDEGIVELSE = _operation(
    "Tilkendegivelse",
    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Tilkendegivelse",
)
_VISITATIONSGRUPPE = _operation(
    "Visitationsgruppe",
    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Visitationsgruppe",
)


def invocation_context(
    service_agreement_uuid: str, user_system_uuid: str, user_uuid: str
) -> InvocationContext:
    """The InvocationContext for calls to this service under a service agreement."""
    return InvocationContext(
        service_agreement_uuid=service_agreement_uuid,
        user_system_uuid=user_system_uuid,
        user_uuid=user_uuid,
        service_uuid=SERVICE_UUID,
    )


class KvitteringRejectedError(KyError):
    """KY rejected a message (AFVIST or FEJLET); ``kvittering`` holds its answer."""

    def __init__(self, kvittering: Kvittering) -> None:
        errors = kvittering.fejl_liste.fejl if kvittering.fejl_liste else []
        listed = "; ".join(f"{e.fejl_kode} {e.fejl_tekst}" for e in errors)
        reason = f": {kvittering.begrundelse}" if kvittering.begrundelse else ""
        code = kvittering.forretnings_validerings_kode.value
        super().__init__(
            f"BeskedID {kvittering.besked_id} {code}{reason}" + (f" [{listed}]" if listed else "")
        )
        self.kvittering = kvittering


def _kvittering(answer: Response | Kvittering) -> Kvittering:
    return answer if isinstance(answer, Kvittering) else answer.kvittering


def accepted(answer: Response | Kvittering) -> bool:
    """False when KY's kvittering rejects the message (AFVIST or FEJLET)."""
    return _kvittering(answer).forretnings_validerings_kode not in REJECTED


def raise_for_kvittering(answer: Response | Kvittering) -> Kvittering:
    """The kvittering; ``KvitteringRejectedError`` when it rejects the message."""
    kvittering = _kvittering(answer)
    if kvittering.forretnings_validerings_kode in REJECTED:
        raise KvitteringRejectedError(kvittering)
    return kvittering


class _Client(ABC, Generic[_T]):
    """What both clients share: configuration, preparing requests and reading answers."""

    def __init__(
        self,
        endpoint: str,
        *,
        invocation_context: InvocationContext | None = None,
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

        ``cert=(certfile, keyfile)`` is the system certificate for mutual TLS and ``ca`` the
        trusted roots (PEM; default: certifi's). ``timeout`` is seconds to connect and to wait
        for the answer, or ``Timeouts(connect=..., read=...)``. ``retries`` re-sends the same
        bytes after connection failures and HTTP 502/503/504, waiting ``backoff`` seconds and
        doubling. ``transport`` replaces the default ``HttpTransport`` (then ``cert``, ``ca``
        and ``timeout`` are its business). ``security=Token(...)`` calls the service with the
        token model (OIO-IDWS: an STS token and signed messages) instead of the context model.
        """
        self.endpoint = endpoint
        self.allow_insecure_http = allow_insecure_http
        self.invocation_context = invocation_context
        self.retry = Retry(retries, backoff)
        self.validate = validate
        made = transport if transport is not None else self._transport(cert, ca, timeout)
        self.transport: _T = made if security is None else self._secured(made, security)

    @abstractmethod
    def _transport(
        self, cert: tuple[StrPath, StrPath] | None, ca: StrPath | None, timeout: float | Timeouts
    ) -> _T:
        """The default transport, made when none is given."""

    @abstractmethod
    def _secured(self, transport: _T, security: Token) -> _T:
        """``transport`` signing requests and checking answers for the token model."""

    @classmethod
    def for_environment(
        cls,
        environment: Environment,
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
        """A client for Serviceplatformen's ``environment``: the context model (the three UUIDs
        of this service's InvocationContext and ``cert`` for mutual TLS), or the token model
        with ``security=Token(...)`` (KOMBIT's STS for ``environment`` unless it names one)."""
        context = None
        if service_agreement_uuid and user_system_uuid and user_uuid:
            context = invocation_context(service_agreement_uuid, user_system_uuid, user_uuid)
        elif security is None:
            raise ValueError("the context model needs the three UUIDs (or give security=Token)")
        return cls(
            ENDPOINTS[environment],
            invocation_context=context,
            cert=cert,
            ca=ca,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            validate=validate,
            security=security.for_environment(environment) if security else None,
        )

    def _prepare(self, request: _Req) -> bytes:
        if request.invocation_context is None and self.invocation_context is not None:
            request = dataclasses.replace(request, invocation_context=self.invocation_context)
        if self.validate:
            validate.check(request)
        body = soap.envelope(xml.to_string(request))
        log_body("request", body)
        return body

    @staticmethod
    def _read(reply: Reply, response_cls: type[_Resp]) -> _Resp:
        log_body(f"response (HTTP {reply.status})", reply.body, reply.content_type)
        element: etree._Element = soap.answer(reply.status, reply.content_type, reply.body)
        return xml.from_element(element, response_cls)


class Client(_Client[Transport]):
    """Synchronous client; one connection pool, closed by ``close()`` or ``with``."""

    def _transport(
        self, cert: tuple[StrPath, StrPath] | None, ca: StrPath | None, timeout: float | Timeouts
    ) -> Transport:
        return HttpTransport(cert=cert, ca=ca, timeout=timeout)

    def _secured(self, transport: Transport, security: Token) -> Transport:
        return security.secure(transport, ENTITY_ID, SIGNED_PARTS)

    def _call(self, operation: _Operation, request: _Req, response_cls: type[_Resp]) -> _Resp:
        started, result, attempts = time.perf_counter(), "error", 0
        try:
            body = self._prepare(request)
            reply, attempts = send(
                self.transport,
                self.endpoint,
                body,
                operation.headers,
                self.retry,
                allow_insecure_http=self.allow_insecure_http,
            )
            response = self._read(reply, response_cls)
            result = response.kvittering.forretnings_validerings_kode.value
            return response
        except KyError as exc:
            result = type(exc).__name__
            raise
        finally:
            log_call(operation.name, request.faellesdel.besked_id, started, result, attempts)

    def aktivitet(self, request: AktivitetRequest) -> AktivitetResponse:
        """Operation Aktivitet."""
        return self._call(_AKTIVITET, request, AktivitetResponse)

    def fravaer(self, request: FravaerRequest) -> FravaerResponse:
        """Operation Fravaer."""
        return self._call(_FRAVAER, request, FravaerResponse)

    def godtgoerelse(self, request: GodtgoerelseRequest) -> GodtgoerelseResponse:
        """Operation Godtgoerelse."""
        return self._call(_GODTGOERELSE, request, GodtgoerelseResponse)

    def kontaktforloeb(self, request: KontaktforloebRequest) -> KontaktforloebResponse:
        """Operation Kontaktforloeb."""
        return self._call(_KONTAKTFORLOEB, request, KontaktforloebResponse)

    def maalgruppeskift(self, request: MaalgruppeskiftRequest) -> MaalgruppeskiftResponse:
        """Operation Maalgruppeskift."""
        return self._call(_MAALGRUPPESKIFT, request, MaalgruppeskiftResponse)

    def sanktionsanmodning(self, request: SanktionsanmodningRequest) -> SanktionsanmodningResponse:
        """Operation Sanktionsanmodning."""
        return self._call(_SANKTIONSANMODNING, request, SanktionsanmodningResponse)

    def tilkendegivelse(self, request: TilkendegivelseRequest) -> TilkendegivelseResponse:
        """Operation Tilkendegivelse."""
        return self._call(_TILKENDEGIVELSE, request, TilkendegivelseResponse)

    def visitationsgruppe(self, request: VisitationsgruppeRequest) -> VisitationsgruppeResponse:
        """Operation Visitationsgruppe."""
        return self._call(_VISITATIONSGRUPPE, request, VisitationsgruppeResponse)

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


class AsyncClient(_Client[AsyncTransport]):
    """Asynchronous client (asyncio or trio); close with ``await aclose()`` or ``async with``."""

    def _transport(
        self, cert: tuple[StrPath, StrPath] | None, ca: StrPath | None, timeout: float | Timeouts
    ) -> AsyncTransport:
        return AsyncHttpxTransport(cert=cert, ca=ca, timeout=timeout)

    def _secured(self, transport: AsyncTransport, security: Token) -> AsyncTransport:
        return security.secure_async(transport, ENTITY_ID, SIGNED_PARTS)

    async def _call(self, operation: _Operation, request: _Req, response_cls: type[_Resp]) -> _Resp:
        started, result, attempts = time.perf_counter(), "error", 0
        try:
            body = self._prepare(request)
            reply, attempts = await send_async(
                self.transport,
                self.endpoint,
                body,
                operation.headers,
                self.retry,
                allow_insecure_http=self.allow_insecure_http,
            )
            response = self._read(reply, response_cls)
            result = response.kvittering.forretnings_validerings_kode.value
            return response
        except KyError as exc:
            result = type(exc).__name__
            raise
        finally:
            log_call(operation.name, request.faellesdel.besked_id, started, result, attempts)

    async def aktivitet(self, request: AktivitetRequest) -> AktivitetResponse:
        """Operation Aktivitet."""
        return await self._call(_AKTIVITET, request, AktivitetResponse)

    async def fravaer(self, request: FravaerRequest) -> FravaerResponse:
        """Operation Fravaer."""
        return await self._call(_FRAVAER, request, FravaerResponse)

    async def godtgoerelse(self, request: GodtgoerelseRequest) -> GodtgoerelseResponse:
        """Operation Godtgoerelse."""
        return await self._call(_GODTGOERELSE, request, GodtgoerelseResponse)

    async def kontaktforloeb(self, request: KontaktforloebRequest) -> KontaktforloebResponse:
        """Operation Kontaktforloeb."""
        return await self._call(_KONTAKTFORLOEB, request, KontaktforloebResponse)

    async def maalgruppeskift(self, request: MaalgruppeskiftRequest) -> MaalgruppeskiftResponse:
        """Operation Maalgruppeskift."""
        return await self._call(_MAALGRUPPESKIFT, request, MaalgruppeskiftResponse)

    async def sanktionsanmodning(
        self, request: SanktionsanmodningRequest
    ) -> SanktionsanmodningResponse:
        """Operation Sanktionsanmodning."""
        return await self._call(_SANKTIONSANMODNING, request, SanktionsanmodningResponse)

    async def tilkendegivelse(self, request: TilkendegivelseRequest) -> TilkendegivelseResponse:
        """Operation Tilkendegivelse."""
        return await self._call(_TILKENDEGIVELSE, request, TilkendegivelseResponse)

    async def visitationsgruppe(
        self, request: VisitationsgruppeRequest
    ) -> VisitationsgruppeResponse:
        """Operation Visitationsgruppe."""
        return await self._call(_VISITATIONSGRUPPE, request, VisitationsgruppeResponse)

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
