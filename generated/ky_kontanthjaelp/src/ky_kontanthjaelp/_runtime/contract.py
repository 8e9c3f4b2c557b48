"""What a version package says about its operations (``OPERATIONS``), and what its client and
mock are built from (``Binding``): the contract-specific part; the plumbing is shared."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from types import ModuleType
from typing import Any

from .soap import CONTENT_TYPE


@dataclass(frozen=True, slots=True)
class Operation:
    """One SOAP operation: its name, Python method name, SOAPAction and message classes."""

    name: str
    method: str
    soap_action: str
    request: type[Any] | None
    response: type[Any] | None
    faults: tuple[type[Any], ...] = ()

    @property
    def headers(self) -> dict[str, str]:
        """The HTTP headers of a request to this operation."""
        return {"Content-Type": CONTENT_TYPE, "SOAPAction": f'"{self.soap_action}"'}


@dataclass(frozen=True, slots=True)
class Ky:
    """Where KY's messages keep what the client and mock read and write: attribute paths into
    the generated classes (``"faellesdel.besked_id"``), found by the generator by XML name."""

    besked_id: str  # in a request
    kvittering: str  # a response's field holding it
    code: str  # in the kvittering: ForretningsValideringsKode
    rejected: frozenset[object]  # the codes that reject a message (AFVIST, FEJLET)
    kvittering_besked_id: str
    reason: str
    errors: str  # the kvittering's FejlListe
    error_list: str  # the list of Fejl within it
    error_code: str
    error_text: str


def _dash(_obj: object) -> str:
    return "-"


def _ok(_obj: object) -> str:
    return "OK"


@dataclass(frozen=True, slots=True)
class Binding:
    """One contract version as its client and mock see it: operations by name, its ``xml``
    and ``validate`` modules, and (for KY's messages) ``ky``; the rest for the client."""

    operations: Mapping[str, Operation]
    xml: ModuleType
    validate: ModuleType
    ky: Ky | None = None
    context: str | None = None  # the requests' InvocationContext field
    endpoints: Mapping[str, str] = field(default_factory=dict)
    entity_id: str | None = None
    signed_parts: tuple[str, ...] = ()
    make_context: Callable[[str, str, str], Any] | None = None  # ``invocation_context``
    # per operation name: the request headers (made once, not per call)
    headers: dict[str, dict[str, str]] = field(init=False)
    besked_id: Callable[[Any], Any] = field(init=False)  # what the call log shows
    result: Callable[[Any], Any] = field(init=False)  # a response's outcome, for the log

    def __post_init__(self) -> None:
        headers = {name: op.headers for name, op in self.operations.items()}
        object.__setattr__(self, "headers", headers)
        ky = self.ky
        besked_id = attrgetter(ky.besked_id) if ky else _dash
        result = attrgetter(f"{ky.kvittering}.{ky.code}.value") if ky else _ok
        object.__setattr__(self, "besked_id", besked_id)
        object.__setattr__(self, "result", result)
