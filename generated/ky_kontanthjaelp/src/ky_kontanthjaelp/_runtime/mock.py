"""The mocks every version's ``mock.py`` subclasses: KY's (``KyMock``: answers with a
kvittering) and any other contract's (``ServiceMock``: answers with what a handler returns).

Both read a request with the version's generated reader (an unreadable one gets a Fault at
once) and judge it with the version's ``validate_element``: the verdict of ``validate_xml``
on the received message, not of the object read. The version's module lists only what is
contract-specific: its ``Binding``, how a kvittering is built, typed handler arguments.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

from lxml import etree

from .contract import Binding, Operation
from .issues import Issue
from .mockapp import HISTORY, INVALID_MESSAGE, MockApp, Outcome, Route
from .soap import envelope, fault_envelope

DUPLICATE_ID = "4977"  # KY's code for "ID findes allerede"
REMEMBERED_IDS = 100_000
MOCK_TIME = datetime.datetime(2024, 1, 1, 12, 0, tzinfo=datetime.UTC)

_Req = TypeVar("_Req")
_K = TypeVar("_K")

Handler = Callable[[etree._Element], Outcome]


def _fixed_clock() -> datetime.datetime:
    return MOCK_TIME


def _routes(binding: Binding, handler: Callable[[Operation], Handler]) -> list[Route]:
    return [
        Route(op.name, op.soap_action, op.request.XML_NAME, handler(op))
        for op in binding.operations.values()
        if op.request is not None
    ]


class KyMock(MockApp, Generic[_Req, _K]):
    """KY's mock: a kvittering ACCEPTERET, or AFVIST naming every validation issue or a
    repeated BeskedID; ``validate=False`` accepts every readable request."""

    binding: ClassVar[Binding]

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
        super().__init__(_routes(self.binding, self._handler), history=history)

    def _kvittering(
        self, besked_id: str, received: datetime.datetime, errors: list[tuple[str, str]]
    ) -> _K:
        """The version's kvittering: AFVIST with ``errors`` (code, text), else ACCEPTERET."""
        raise NotImplementedError

    def kvittering_for(self, request: _Req, issues: list[Issue] | None = None) -> _K:
        """KY's answer to ``request``: ACCEPTERET, or AFVIST with the reasons: ``issues``
        (the received message's, as ``validate_xml`` finds them), else the object's."""
        besked_id = self.binding.besked_id(request)
        if issues is None:
            issues = self.binding.validate.validate(request) if self.validate else []
        errors = [(INVALID_MESSAGE, str(issue)) for issue in issues or ()]
        with self._lock:
            duplicate = self.detect_duplicates and besked_id in self._accepted_ids
            if not errors and not duplicate:
                self._accepted_ids[besked_id] = None
                if len(self._accepted_ids) > self.remembered_ids:
                    del self._accepted_ids[next(iter(self._accepted_ids))]
        if duplicate:
            errors.append((DUPLICATE_ID, "ID findes allerede"))
        return self._kvittering(besked_id, self.clock(), errors)

    def _handler(self, operation: Operation) -> Handler:
        binding, request_cls, response_cls = self.binding, operation.request, operation.response
        ky = binding.ky
        if ky is None or response_cls is None:
            raise TypeError(f"{operation.name}: KY's mock needs KY's request/response messages")

        def handle(element: etree._Element) -> Outcome:
            request = binding.xml.from_element(element, request_cls)  # unreadable: a Fault
            issues = binding.validate.validate_element(element) if self.validate else []
            kvittering = self.kvittering_for(request, issues)
            response = response_cls(**{ky.kvittering: kvittering})
            return Outcome(
                request,
                envelope(binding.xml.to_string(response)),
                binding.besked_id(request),
                getattr(kvittering, ky.code).value,
            )

        return handle


class ServiceMock(MockApp):
    """Any other contract's mock: each operation's handler answers (its answer validated
    too); an invalid request gets a SOAP Fault with a ServiceplatformFault listing every issue,
    a request/response operation without a handler a Fault saying so, and a one-way
    operation HTTP 202; ``validate=False`` accepts every readable request and any answer."""

    binding: ClassVar[Binding]

    def __init__(
        self,
        handlers: Mapping[str, Callable[[Any], object] | None],
        *,
        validate: bool = True,
        history: int = HISTORY,
    ) -> None:
        self.validate = validate
        self._handlers = dict(handlers)
        super().__init__(_routes(self.binding, self._handler), history=history)

    def _handler(self, operation: Operation) -> Handler:
        binding, name, request_cls = self.binding, operation.name, operation.request
        respond = self._handlers.get(name)
        answers = operation.response is not None

        def handle(element: etree._Element) -> Outcome:
            request = binding.xml.from_element(element, request_cls)  # unreadable: a Fault
            issues = binding.validate.validate_element(element) if self.validate else []
            if issues:
                errors = [(INVALID_MESSAGE, str(issue)) for issue in issues]
                answer = fault_envelope("soap:Client", "Beskeden er ikke gyldig", errors)
                return Outcome(request, answer, "-", "invalid", 500)
            if respond is None:
                if not answers:
                    return Outcome(request, b"", "-", "accepted", 202)
                text = f"the mock has no handler for {name}"
                return Outcome(request, fault_envelope("soap:Server", text), "-", "no handler", 500)
            response = respond(request)
            if response is None:
                return Outcome(request, b"", "-", "accepted", 202)
            problems = binding.validate.validate(response) if self.validate else []
            if problems:
                text = f"the handler's answer to {name} is invalid: {problems[0]}"
                return Outcome(request, fault_envelope("soap:Server", text), "-", "bad answer", 500)
            return Outcome(request, envelope(binding.xml.to_string(response)), "-", "OK")

        return handle
