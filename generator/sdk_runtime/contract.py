"""What a version package says about its operations (``OPERATIONS``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Operation:
    """One SOAP operation: its name, Python method name, SOAPAction and message classes."""

    name: str
    method: str
    soap_action: str
    request: type[Any] | None
    response: type[Any] | None
    faults: tuple[type[Any], ...] = ()
