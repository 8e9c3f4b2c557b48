"""The version-independent part of the mock of KY: a WSGI app that routes SOAP 1.1 requests.

A route is chosen by the ``SOAPAction`` header, or by the Body's element when the header is
absent or empty. A message that is not a readable SOAP 1.1 envelope for one of the routes is
answered with a SOAP Fault carrying a ServiceplatformFault (HTTP 500), as Serviceplatformen
does for transport and schema errors. Every request is recorded, raw bytes included.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from wsgiref.types import StartResponse, WSGIEnvironment

from lxml import etree

from .errors import SoapFault, XmlError
from .mockserver import SUMMARY_KEY
from .soap import CONTENT_TYPE, body_element, fault_envelope
from .xmlparse import MAX_BYTES

INVALID_MESSAGE = "1014"  # KY's code for "beskeden er ikke gyldig"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a route made of a request: the parsed object, the answer, its result code and the
    HTTP status it is sent with (500 for a Fault, 202 for a one-way operation's empty answer)."""

    request: object
    envelope: bytes
    besked_id: str
    result: str
    status: int = 200


@dataclass(frozen=True, slots=True)
class Route:
    """One operation: its SOAPAction, the Clark name of its request element, its handler."""

    operation: str
    soap_action: str
    element: str
    handle: Callable[[etree._Element], Outcome]


@dataclass(frozen=True, slots=True)
class Received:
    """One request as the mock received it, and the HTTP status it answered."""

    body: bytes
    soap_action: str | None
    content_type: str
    operation: str | None
    request: object | None
    status: int


class MockApp:
    """A WSGI application serving ``routes``; thread-safe; ``received`` lists every request."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self.routes = list(routes)
        self._by_action = {route.soap_action: route for route in self.routes}
        self._by_element = {route.element: route for route in self.routes}
        self._lock = threading.Lock()
        self._failures: list[int] = []
        self.received: list[Received] = []

    def fail_next(self, status: int = 503, times: int = 1) -> None:
        """Answer the next ``times`` requests with HTTP ``status`` (recording them as usual)."""
        with self._lock:
            self._failures.extend([status] * times)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        if environ["REQUEST_METHOD"] != "POST":
            return _plain(start_response, 405, "only POST is served", [("Allow", "POST")])
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > MAX_BYTES:
            return _plain(start_response, 413, "message too large", [("Connection", "close")])
        body: bytes = environ["wsgi.input"].read(length)
        action = (environ.get("HTTP_SOAPACTION") or "").strip().strip('"') or None
        content_type = environ.get("CONTENT_TYPE") or ""
        with self._lock:
            failure = self._failures.pop(0) if self._failures else None
        if failure is not None:
            self._record(Received(body, action, content_type, None, None, failure))
            return _plain(start_response, failure, "injected failure", [])
        if content_type.split(";", 1)[0].strip().lower() != "text/xml":
            self._record(Received(body, action, content_type, None, None, 415))
            return _plain(start_response, 415, "SOAP 1.1 needs Content-Type text/xml", [])
        route, outcome, status, payload = self._answer(action, body)
        operation = route.operation if route else None
        request = outcome.request if outcome else None
        self._record(Received(body, action, content_type, operation, request, status))
        if outcome is not None:
            environ[SUMMARY_KEY] = f"{operation} BeskedID={outcome.besked_id} -> {outcome.result}"
        else:
            environ[SUMMARY_KEY] = f"{operation or '?'} -> Fault"
        start_response(
            f"{status} {HTTPStatus(status).phrase}",
            [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(payload)))],
        )
        return [payload]

    def _record(self, received: Received) -> None:
        with self._lock:
            self.received.append(received)

    def _answer(
        self, action: str | None, body: bytes
    ) -> tuple[Route | None, Outcome | None, int, bytes]:
        try:
            element = body_element(body)
        except (XmlError, SoapFault) as exc:
            return None, None, 500, _fault(f"not a SOAP 1.1 request: {exc}")
        tag = str(element.tag)
        route = self._by_action.get(action) if action else self._by_element.get(tag)
        if route is None:
            what = f"SOAPAction {action!r}" if action else f"element {tag}"
            return None, None, 500, _fault(f"no operation for {what}")
        if tag != route.element:
            message = f"SOAPAction {action!r} expects {route.element}, the Body holds {tag}"
            return route, None, 500, _fault(message)
        try:
            outcome = route.handle(element)
        except XmlError as exc:
            return route, None, 500, _fault(f"{route.operation}: {exc}")
        return route, outcome, outcome.status, outcome.envelope


def _fault(text: str) -> bytes:
    return fault_envelope("soap:Client", "Beskeden er ikke gyldig", [(INVALID_MESSAGE, text)])


def _plain(
    start_response: StartResponse, status: int, text: str, headers: list[tuple[str, str]]
) -> list[bytes]:
    data = text.encode()
    start_response(
        f"{status} {HTTPStatus(status).phrase}",
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))]
        + headers,
    )
    return [data]
