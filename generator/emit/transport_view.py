"""What the client and mock templates need beyond the version view: where things sit in the
messages, as Python names.

Serviceplatformen requests carry an optional ``InvocationContext`` and KY's requests a
``Faellesdel`` with the ``BeskedID``; KY answers with a ``Kvittering`` whose
``ForretningsValideringsKode`` says whether the message was accepted. These are found by their
XML names in the generated classes, so the templates never guess a Python name.
"""

from __future__ import annotations

from generator.emit.views import (
    ClassView,
    ContextView,
    EnumView,
    FieldView,
    GenericOperation,
    GenericTransportView,
    KvitteringView,
    TransportView,
    VersionView,
)
from generator.errors import ContractError

REJECTED = ("AFVIST", "FEJLET")  # the kvittering codes that reject a message
ACCEPTED = "ACCEPTERET"


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


# -- any other contract: a plain typed client and a mock answering with handlers --------------


_MOCK_OPTIONS = frozenset({"self", "validate", "history"})  # the mock's own keyword arguments
# the clients' own attributes and methods, which an operation's method must not replace
_CLIENT_NAMES = frozenset(
    {
        "aclose",
        "allow_insecure_http",
        "binding",
        "close",
        "endpoint",
        "for_environment",
        "invocation_context",
        "retry",
        "transport",
        "validate",
    }
)


def attach(v: VersionView) -> None:
    """Give ``v`` its transport view: KY's when its requests carry KY's Faellesdel and its
    responses a Kvittering (the KY client and mock), else the generic one."""
    try:
        v.transport = build(v)
    except ContractError:
        v.generic_transport = build_generic(v)


def _context(v: VersionView, requests: list[ClassView]) -> ContextView | None:
    """The InvocationContext every request carries (as an optional element), if they all do."""
    found: set[tuple[str, str]] = set()
    for request in requests:
        field = next((f for f in request.fields if f.local_name == "InvocationContext"), None)
        if field is None or field.cls is None or field.kind != "element" or field.repeated:
            return None
        found.add((field.name, field.cls.name))
    if len(found) != 1:
        return None
    name, cls_name = found.pop()
    cls = v.class_named(cls_name)
    try:
        return ContextView(
            field=name,
            cls=cls.name,
            service_agreement=_field(cls, "ServiceAgreementUUID").name,
            user_system=_field(cls, "UserSystemUUID").name,
            user=_field(cls, "UserUUID").name,
            service=_field(cls, "ServiceUUID").name,
        )
    except ContractError:
        return None


def build_generic(v: VersionView) -> GenericTransportView:
    """The generic transport view of ``v``; ContractError when an operation has no request
    element (nothing to send)."""
    operations = []
    for op in v.operations:
        if op.request is None or (op.output is not None and op.response is None):
            raise ContractError(f"operation {op.name}: a message element has no generated class")
        method = op.method
        operations.append(
            GenericOperation(
                name=op.name,
                method=method + "_" if method in _CLIENT_NAMES else method,
                handler=method + "_" if method in _MOCK_OPTIONS else method,
                request=op.request,
                response=op.response,
                doc=op.doc,
            )
        )
    requests = sorted({op.request for op in operations})
    return GenericTransportView(
        operations=operations, context=_context(v, [v.class_named(r) for r in requests])
    )
