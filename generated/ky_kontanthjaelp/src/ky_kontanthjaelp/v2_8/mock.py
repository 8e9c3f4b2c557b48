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
from collections.abc import Callable

from lxml import etree

from .._runtime import soap
from .._runtime.issues import Issue
from .._runtime.mockapp import HISTORY, MockApp, Outcome, Route
from . import validate, xml
from .models import (
    AktivitetRequest,
    AktivitetResponse,
    Fejl,
    FejlListe,
    ForretningsValideringsKode,
    FravaerRequest,
    FravaerResponse,
    GodtgoerelseRequest,
    GodtgoerelseResponse,
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

__all__ = ["MOCK_TIME", "MockKY"]

MOCK_TIME = datetime.datetime(2024, 1, 1, 12, 0, tzinfo=datetime.UTC)
REMEMBERED_IDS = 100_000

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


def _fixed_clock() -> datetime.datetime:
    return MOCK_TIME


class MockKY(MockApp):
    """The mock service; ``validate=False`` accepts every readable request."""

    def __init__(
        self,
        *,
        clock: Callable[[], datetime.datetime] = _fixed_clock,
        validate: bool = True,
        detect_duplicates: bool = True,
        history: int = HISTORY,
        remembered_ids: int = REMEMBERED_IDS,
    ) -> None:
        """``history``: how many requests ``received`` keeps; ``remembered_ids``: how many
        accepted BeskedIDs duplicate detection remembers (the oldest are forgotten)."""
        self.clock = clock
        self.validate = validate
        self.detect_duplicates = detect_duplicates
        self.remembered_ids = remembered_ids
        self._accepted_ids: dict[str, None] = {}  # insertion-ordered: the oldest first
        super().__init__(
            [
                Route(
                    "Aktivitet",
                    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Aktivitet",
                    AktivitetRequest.XML_NAME,
                    self._handler(AktivitetRequest, lambda k: AktivitetResponse(kvittering=k)),
                ),
                Route(
                    "Fravaer",
                    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Fravaer",
                    FravaerRequest.XML_NAME,
                    self._handler(FravaerRequest, lambda k: FravaerResponse(kvittering=k)),
                ),
                Route(
                    "Godtgoerelse",
                    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Godtgoerelse",
                    GodtgoerelseRequest.XML_NAME,
                    self._handler(
                        GodtgoerelseRequest, lambda k: GodtgoerelseResponse(kvittering=k)
                    ),
                ),
                Route(
                    "Kontaktforloeb",
                    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Kontaktforloeb",
                    KontaktforloebRequest.XML_NAME,
                    self._handler(
                        KontaktforloebRequest, lambda k: KontaktforloebResponse(kvittering=k)
                    ),
                ),
                Route(
                    "Maalgruppeskift",
                    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Maalgruppeskift",
                    MaalgruppeskiftRequest.XML_NAME,
                    self._handler(
                        MaalgruppeskiftRequest, lambda k: MaalgruppeskiftResponse(kvittering=k)
                    ),
                ),
                Route(
                    "Sanktionsanmodning",
                    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Sanktionsanmodning",
                    SanktionsanmodningRequest.XML_NAME,
                    self._handler(
                        SanktionsanmodningRequest,
                        lambda k: SanktionsanmodningResponse(kvittering=k),
                    ),
                ),
                Route(
                    "Tilkendegivelse",
                    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Tilkendegivelse",
                    TilkendegivelseRequest.XML_NAME,
                    self._handler(
                        TilkendegivelseRequest, lambda k: TilkendegivelseResponse(kvittering=k)
                    ),
                ),
                Route(
                    "Visitationsgruppe",
                    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/Visitationsgruppe",
                    VisitationsgruppeRequest.XML_NAME,
                    self._handler(
                        VisitationsgruppeRequest, lambda k: VisitationsgruppeResponse(kvittering=k)
                    ),
                ),
            ],
            history=history,
        )

    def kvittering_for(self, request: Request, issues: list[Issue] | None = None) -> Kvittering:
        """KY's answer to ``request``: ACCEPTERET, or AFVIST with the reasons: ``issues``
        (the received message's, as ``validate_xml`` finds them), else the object's."""
        besked_id = request.faellesdel.besked_id
        if issues is None:
            issues = validate.validate(request) if self.validate else []
        errors = [Fejl(fejl_kode="1014", fejl_tekst=str(issue)) for issue in issues]
        with self._lock:
            duplicate = self.detect_duplicates and besked_id in self._accepted_ids
            if not errors and not duplicate:
                self._accepted_ids[besked_id] = None
                if len(self._accepted_ids) > self.remembered_ids:
                    del self._accepted_ids[next(iter(self._accepted_ids))]
        if duplicate:
            errors.append(Fejl(fejl_kode="4977", fejl_tekst="ID findes allerede"))
        return Kvittering(
            besked_id=besked_id,
            modtaget_tidspunkt=self.clock(),
            forretnings_validerings_kode=(
                ForretningsValideringsKode.AFVIST
                if errors
                else ForretningsValideringsKode.ACCEPTERET
            ),
            begrundelse=f"{len(errors)} fejl i beskeden" if errors else None,
            fejl_liste=FejlListe(fejl=errors) if errors else None,
        )

    def _handler(
        self, request_cls: type[Request], respond: Callable[[Kvittering], object]
    ) -> Callable[[etree._Element], Outcome]:
        def handle(element: etree._Element) -> Outcome:
            request = xml.from_element(element, request_cls)  # unreadable: a Fault, at once
            # the verdict of validate_xml on the received message, not of the object read
            issues = validate.validate_element(element) if self.validate else []
            kvittering = self.kvittering_for(request, issues)
            return Outcome(
                request,
                soap.envelope(xml.to_string(respond(kvittering))),
                request.faellesdel.besked_id,
                kvittering.forretnings_validerings_kode.value,
            )

        return handle
