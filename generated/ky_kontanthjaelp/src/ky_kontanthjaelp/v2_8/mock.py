"""A local stand-in for KY (kontanthjaelp 2.8): test without Serviceplatformen.

``MockKY()`` is a WSGI application. It routes each request by its ``SOAPAction`` (by the Body's
element when there is none), reads it with the generated reader and validates it with the
generated validators, and answers like KY: a kvittering ACCEPTERET, or AFVIST with a FejlListe
naming every validation issue (code 1014) or a repeated BeskedID (code 4977). A
message that is not a readable SOAP 1.1 request gets a SOAP Fault with a ServiceplatformFault.
Every request is kept in ``received`` (raw bytes, SOAPAction, parsed request, HTTP status).
``ModtagetTidspunkt`` comes from ``clock`` (a fixed instant by default), so answers are
deterministic. ``fail_next(503)`` makes the next request fail, to test retries.

Serve it with ``MockServer`` of ``ky_kontanthjaelp._runtime.mockserver``, or ``kygen serve-mock``.
"""

from __future__ import annotations

import datetime

from .._runtime.contract import Binding, Ky
from .._runtime.mock import MOCK_TIME, KyMock
from . import OPERATIONS, validate, xml
from .models import (
    AktivitetRequest,
    Fejl,
    FejlListe,
    ForretningsValideringsKode,
    FravaerRequest,
    GodtgoerelseRequest,
    KontaktforloebRequest,
    Kvittering,
    MaalgruppeskiftRequest,
    SanktionsanmodningRequest,
    TilkendegivelseRequest,
    VisitationsgruppeRequest,
)

__all__ = ["MOCK_TIME", "MockKY"]

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


class MockKY(KyMock[Request, Kvittering]):
    """The mock service; ``validate=False`` accepts every readable request."""

    binding = Binding(OPERATIONS, xml, validate, ky=KY)

    def _kvittering(
        self, besked_id: str, received: datetime.datetime, errors: list[tuple[str, str]]
    ) -> Kvittering:
        return Kvittering(
            besked_id=besked_id,
            modtaget_tidspunkt=received,
            forretnings_validerings_kode=(
                ForretningsValideringsKode.AFVIST
                if errors
                else ForretningsValideringsKode.ACCEPTERET
            ),
            begrundelse=f"{len(errors)} fejl i beskeden" if errors else None,
            fejl_liste=(
                FejlListe(fejl=[Fejl(fejl_kode=c, fejl_tekst=t) for c, t in errors])
                if errors
                else None
            ),
        )
