"""The version-independent part of the mock of KY: a WSGI app that routes SOAP 1.1 requests.

A route is chosen by the ``SOAPAction`` header, or by the Body's element when the header is
absent or empty. A message that is not a readable SOAP 1.1 envelope for one of the routes is
answered with a SOAP Fault carrying a ServiceplatformFault (HTTP 500), as Serviceplatformen
does for transport and schema errors; a header it must understand and does not gets a
``soap:MustUnderstand`` Fault (SOAP 1.1 §4.2.3). A request needs a valid ``Content-Length``
(411 without, 400 when it is not a number, 413 over the size limit): the mock never reads to
the end of the connection. The last ``history`` requests are recorded, raw bytes included.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Protocol
from wsgiref.types import StartResponse, WSGIEnvironment

from lxml import etree

from .errors import MustUnderstandError, SecurityError, SoapFaultError, XmlError
from .logsafe import SUMMARY_KEY
from .soap import CONTENT_TYPE, body_element, fault_envelope
from .xmlparse import MAX_BYTES, charset_of

INVALID_MESSAGE = "1014"  # KY's code for "beskeden er ikke gyldig"
HISTORY = 1000  # requests kept in ``received`` by default


class Guard(Protocol):
    """Checks a request before it is answered, and signs the answer (the token model)."""

    def check(self, body: bytes) -> tuple[Any, bytes]: ...

    def sign(self, envelope: bytes, checked: Any) -> bytes: ...


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
    """A WSGI application serving ``routes``; thread-safe; ``received`` lists the last
    ``history`` requests (oldest first), so memory stays bounded under any load."""

    def __init__(self, routes: Iterable[Route], *, history: int = HISTORY) -> None:
        if history < 0:
            raise ValueError("history must not be negative")
        self.routes = list(routes)
        self.history = history
        self._by_action = {route.soap_action: route for route in self.routes}
        self._by_element = {route.element: route for route in self.routes}
        self._lock = threading.Lock()
        self._failures: list[int] = []
        self.received: list[Received] = []
        self.security: Guard | None = None  # the token model's checks (token.TokenGuard)

    def fail_next(self, status: int = 503, times: int = 1) -> None:
        """Answer the next ``times`` requests with HTTP ``status`` (recording them as usual)."""
        with self._lock:
            self._failures.extend([status] * times)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        if environ["REQUEST_METHOD"] != "POST":
            return _plain(start_response, 405, "only POST is served", [("Allow", "POST")])
        declared = (environ.get("CONTENT_LENGTH") or "").strip()
        if not declared:
            return _plain(start_response, 411, "a Content-Length is required", [])
        if not declared.isdigit() or not declared.isascii():
            return _plain(start_response, 400, "Content-Length is not a number", [])
        length = int(declared)
        if length > MAX_BYTES:
            return _plain(start_response, 413, "message too large", [])
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
        route, outcome, status, payload = self._guarded(action, body, charset_of(content_type))
        operation = route.operation if route else None
        request = outcome.request if outcome else None
        self._record(Received(body, action, content_type, operation, request, status))
        if outcome is not None:
            environ[SUMMARY_KEY] = f"{operation} BeskedID={outcome.besked_id} -> {outcome.result}"
        else:
            environ[SUMMARY_KEY] = f"{operation or '?'} -> Fault"
        start_response(
            _status_line(status),
            [("Content-Type", CONTENT_TYPE), ("Content-Length", str(len(payload)))],
        )
        return [payload]

    def _record(self, received: Received) -> None:
        with self._lock:
            self.received.append(received)
            if len(self.received) > self.history:
                del self.received[: len(self.received) - self.history]

    def _guarded(
        self, action: str | None, body: bytes, charset: str | None
    ) -> tuple[Route | None, Outcome | None, int, bytes]:
        """``_answer`` behind the token model's checks, when the mock has them: a request that
        fails one is answered with a Fault naming it; the others are answered without the
        headers the checks consumed, and the answer is signed."""
        if self.security is None:
            return self._answer(action, body, charset)
        try:
            checked, inner = self.security.check(body)
        except (SecurityError, XmlError) as exc:
            text = f"security check failed: {exc}"
            return None, None, 500, fault_envelope("wsse:InvalidSecurity", text)
        route, outcome, status, payload = self._answer(action, inner, charset)
        return route, outcome, status, self.security.sign(payload, checked)

    def _answer(
        self, action: str | None, body: bytes, charset: str | None
    ) -> tuple[Route | None, Outcome | None, int, bytes]:
        try:
            element = body_element(body, charset)
        except MustUnderstandError as exc:
            return None, None, 500, fault_envelope("soap:MustUnderstand", exc.message)
        except (XmlError, SoapFaultError) as exc:
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


@functools.lru_cache(maxsize=32)
def _status_line(status: int) -> str:
    """``200 OK``: looking the phrase up in ``HTTPStatus`` took longer than the routing."""
    return f"{status} {HTTPStatus(status).phrase}"


def _fault(text: str) -> bytes:
    return fault_envelope("soap:Client", "Beskeden er ikke gyldig", [(INVALID_MESSAGE, text)])


def _plain(
    start_response: StartResponse, status: int, text: str, headers: list[tuple[str, str]]
) -> list[bytes]:
    data = text.encode()
    start_response(
        _status_line(status),
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))]
        + headers,
    )
    return [data]
