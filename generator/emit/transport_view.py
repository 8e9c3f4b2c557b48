"""What the client and mock templates need beyond the version view: where things sit in the
messages, as Python names.

Serviceplatformen requests carry an optional ``InvocationContext`` and KY's requests a
``Faellesdel`` with the ``BeskedID``; KY answers with a ``Kvittering`` whose
``ForretningsValideringsKode`` says whether the message was accepted. These are found by their
XML names in the generated classes, so the templates never guess a Python name.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.emit.views import ClassView, EnumView, FieldView, VersionView
from generator.errors import ContractError

REJECTED = ("AFVIST", "FEJLET")  # the kvittering codes that reject a message
ACCEPTED = "ACCEPTERET"
DUPLICATE_CODE = "4977"  # KY: "ID findes allerede"
INVALID_CODE = "1014"  # KY: "beskeden er ikke gyldig"


@dataclass(frozen=True)
class ContextView:
    """The InvocationContext: its request field, class and the fields ``for_environment`` sets."""

    field: str
    cls: str
    service_agreement: str
    user_system: str
    user: str
    service: str


@dataclass(frozen=True)
class KvitteringView:
    """The kvittering in every response and the names to read and build one."""

    field: str  # the response classes' field holding it
    cls: str
    besked_id: str
    received_at: str
    code: str
    code_enum: str
    accepted: str  # enum member names
    afvist: str
    rejected: tuple[str, ...]
    reason: str
    errors: str
    error_list_cls: str
    error_list_field: str
    error_cls: str
    error_code: str
    error_text: str


@dataclass(frozen=True)
class TransportView:
    """Names for ``client.py`` and ``mock.py`` of one version."""

    header: str  # the requests' Faellesdel field
    besked_id: str  # BeskedID within it
    context: ContextView
    kvittering: KvitteringView
    duplicate_code: str = DUPLICATE_CODE
    invalid_code: str = INVALID_CODE


def _field(cls: ClassView, local_name: str) -> FieldView:
    for f in cls.fields:
        if f.local_name == local_name:
            return f
    raise ContractError(f"class {cls.name} has no element {local_name}, which the client needs")


def _cls(f: FieldView) -> ClassView:
    if f.cls is None:
        raise ContractError(f"element {f.local_name} is expected to have complex content")
    return f.cls


def _enum(f: FieldView) -> EnumView:
    if f.enum is None:
        raise ContractError(f"element {f.local_name} is expected to be an enumeration")
    return f.enum


def _member(enum: EnumView, lexical: str) -> str:
    for member in enum.members:
        if member.lexical == lexical:
            return member.name
    raise ContractError(f"enumeration {enum.name} has no value {lexical}")


def _one(names: set[str], what: str) -> str:
    if len(names) != 1:
        raise ContractError(f"operations disagree on {what}: {', '.join(sorted(names))}")
    return names.pop()


def build(v: VersionView) -> TransportView:
    """The transport view of ``v``; ContractError when a message lacks what KY's have."""
    requests = [v.class_named(op.request) for op in v.operations if op.request]
    responses = [v.class_named(op.response) for op in v.operations if op.response]
    if not requests or len(responses) != len(requests):
        raise ContractError("every operation needs a request and a response element")
    header = {_field(r, "Faellesdel").name for r in requests}
    header_cls = _cls(_field(requests[0], "Faellesdel"))
    context_field = _field(requests[0], "InvocationContext")
    context_cls = _cls(context_field)
    kvittering_field = _field(responses[0], "Kvittering")
    kvittering = _cls(kvittering_field)
    code = _field(kvittering, "ForretningsValideringsKode")
    code_enum = _enum(code)
    errors = _field(kvittering, "FejlListe")
    error_list = _cls(errors)
    error = _field(error_list, "Fejl")
    error_cls = _cls(error)
    _one({_field(r, "InvocationContext").name for r in requests}, "the InvocationContext field")
    _one({_cls(_field(r, "Kvittering")).name for r in responses}, "the kvittering class")
    return TransportView(
        header=_one(header, "the Faellesdel field"),
        besked_id=_field(header_cls, "BeskedID").name,
        context=ContextView(
            field=context_field.name,
            cls=context_cls.name,
            service_agreement=_field(context_cls, "ServiceAgreementUUID").name,
            user_system=_field(context_cls, "UserSystemUUID").name,
            user=_field(context_cls, "UserUUID").name,
            service=_field(context_cls, "ServiceUUID").name,
        ),
        kvittering=KvitteringView(
            field=_one({_field(r, "Kvittering").name for r in responses}, "the kvittering field"),
            cls=kvittering.name,
            besked_id=_field(kvittering, "BeskedID").name,
            received_at=_field(kvittering, "ModtagetTidspunkt").name,
            code=code.name,
            code_enum=code_enum.name,
            accepted=_member(code_enum, ACCEPTED),
            afvist=_member(code_enum, REJECTED[0]),
            rejected=tuple(_member(code_enum, name) for name in REJECTED),
            reason=_field(kvittering, "Begrundelse").name,
            errors=errors.name,
            error_list_cls=error_list.name,
            error_list_field=error.name,
            error_cls=error_cls.name,
            error_code=_field(error_cls, "FejlKode").name,
            error_text=_field(error_cls, "FejlTekst").name,
        ),
    )
