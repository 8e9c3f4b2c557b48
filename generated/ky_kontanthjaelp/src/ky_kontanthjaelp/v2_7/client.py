"""Typed SOAP client for kontanthjaelp 2.7: SF1690 Jobcenter – Kontanthjælp Modtag jobcentersag.

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

from typing import TYPE_CHECKING, Literal

from .._runtime.client import (
    AsyncClientBase,
    ClientBase,
    Kvitteringer,
    KvitteringRejectedError,
)
from .._runtime.contract import Binding, Ky
from .._runtime.lazy import lazy_exports
from . import ENDPOINTS, ENTITY_ID, OPERATIONS, SERVICE_UUID, validate, xml
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

if TYPE_CHECKING:
    from .._runtime.token import Token


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
"""The environments this contract names (``ENDPOINTS``): ``for_environment``'s first argument."""

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
KY = Ky(
    besked_id="faellesdel.besked_id",
    kvittering="kvittering",
    code="forretnings_validerings_kode",
    rejected=frozenset([ForretningsValideringsKode.AFVIST, ForretningsValideringsKode.FEJLET]),
    kvittering_besked_id="besked_id",
    reason="begrundelse",
    errors="fejl_liste",
    error_list="fejl",
    error_code="fejl_kode",
    error_text="fejl_tekst",
)
"""Where this version's messages keep the BeskedID and the kvittering (attribute paths)."""


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


_KVITTERINGER = Kvitteringer(Kvittering, KY)


def accepted(answer: Response | Kvittering) -> bool:
    """False when KY's kvittering rejects the message (AFVIST or FEJLET)."""
    return _KVITTERINGER.accepted(answer)


def raise_for_kvittering(answer: Response | Kvittering) -> Kvittering:
    """The kvittering; ``KvitteringRejectedError`` when it rejects the message."""
    return _KVITTERINGER.raise_for(answer)


_BINDING = Binding(
    OPERATIONS,
    xml,
    validate,
    ky=KY,
    context="invocation_context",
    endpoints=ENDPOINTS,
    entity_id=ENTITY_ID,
    signed_parts=SIGNED_PARTS,
    make_context=invocation_context,
)


class Client(ClientBase[InvocationContext, Environment]):
    """Synchronous client; one connection pool, closed by ``close()`` or ``with``."""

    binding = _BINDING

    def aktivitet(self, request: AktivitetRequest) -> AktivitetResponse:
        """Operation Aktivitet."""
        return self._call("Aktivitet", request, AktivitetResponse)

    def fravaer(self, request: FravaerRequest) -> FravaerResponse:
        """Operation Fravaer."""
        return self._call("Fravaer", request, FravaerResponse)

    def godtgoerelse(self, request: GodtgoerelseRequest) -> GodtgoerelseResponse:
        """Operation Godtgoerelse."""
        return self._call("Godtgoerelse", request, GodtgoerelseResponse)

    def kontaktforloeb(self, request: KontaktforloebRequest) -> KontaktforloebResponse:
        """Operation Kontaktforloeb."""
        return self._call("Kontaktforloeb", request, KontaktforloebResponse)

    def maalgruppeskift(self, request: MaalgruppeskiftRequest) -> MaalgruppeskiftResponse:
        """Operation Maalgruppeskift."""
        return self._call("Maalgruppeskift", request, MaalgruppeskiftResponse)

    def sanktionsanmodning(self, request: SanktionsanmodningRequest) -> SanktionsanmodningResponse:
        """Operation Sanktionsanmodning."""
        return self._call("Sanktionsanmodning", request, SanktionsanmodningResponse)

    def tilkendegivelse(self, request: TilkendegivelseRequest) -> TilkendegivelseResponse:
        """Operation Tilkendegivelse."""
        return self._call("Tilkendegivelse", request, TilkendegivelseResponse)

    def visitationsgruppe(self, request: VisitationsgruppeRequest) -> VisitationsgruppeResponse:
        """Operation Visitationsgruppe."""
        return self._call("Visitationsgruppe", request, VisitationsgruppeResponse)


class AsyncClient(AsyncClientBase[InvocationContext, Environment]):
    """Asynchronous client (asyncio or trio); close with ``await aclose()`` or ``async with``."""

    binding = _BINDING

    async def aktivitet(self, request: AktivitetRequest) -> AktivitetResponse:
        """Operation Aktivitet."""
        return await self._call("Aktivitet", request, AktivitetResponse)

    async def fravaer(self, request: FravaerRequest) -> FravaerResponse:
        """Operation Fravaer."""
        return await self._call("Fravaer", request, FravaerResponse)

    async def godtgoerelse(self, request: GodtgoerelseRequest) -> GodtgoerelseResponse:
        """Operation Godtgoerelse."""
        return await self._call("Godtgoerelse", request, GodtgoerelseResponse)

    async def kontaktforloeb(self, request: KontaktforloebRequest) -> KontaktforloebResponse:
        """Operation Kontaktforloeb."""
        return await self._call("Kontaktforloeb", request, KontaktforloebResponse)

    async def maalgruppeskift(self, request: MaalgruppeskiftRequest) -> MaalgruppeskiftResponse:
        """Operation Maalgruppeskift."""
        return await self._call("Maalgruppeskift", request, MaalgruppeskiftResponse)

    async def sanktionsanmodning(
        self, request: SanktionsanmodningRequest
    ) -> SanktionsanmodningResponse:
        """Operation Sanktionsanmodning."""
        return await self._call("Sanktionsanmodning", request, SanktionsanmodningResponse)

    async def tilkendegivelse(self, request: TilkendegivelseRequest) -> TilkendegivelseResponse:
        """Operation Tilkendegivelse."""
        return await self._call("Tilkendegivelse", request, TilkendegivelseResponse)

    async def visitationsgruppe(
        self, request: VisitationsgruppeRequest
    ) -> VisitationsgruppeResponse:
        """Operation Visitationsgruppe."""
        return await self._call("Visitationsgruppe", request, VisitationsgruppeResponse)


__getattr__ = lazy_exports(
    {
        "Token": ".._runtime.token",
    },
    __package__,
    globals(),
)
"""``Token``, imported when first asked for: the context model never loads the token stack."""
