"""Operations, faults and endpoints, old against new."""

from __future__ import annotations

from generator.diff.findings import AllOperations, Comparison, OperationScope
from generator.diff.model import Direction
from generator.diff.text import normalized
from generator.ir import Contract, Location, Operation, QName


def compare_wsdl(ctx: Comparison) -> None:
    old = {op.name: op for op in ctx.old.operations}
    new = {op.name: op for op in ctx.new.operations}
    for name in sorted(old.keys() | new.keys()):
        a, b = old.get(name), new.get(name)
        if b is None and a is not None:
            ctx.emit(
                "operation-removed",
                name,
                f"Operation {name} removed",
                name,
                None,
                OperationScope(name, "both"),
                (a.location, _binding_location(ctx.new)),
            )
        elif a is None and b is not None:
            ctx.emit(
                "operation-added",
                name,
                f"Operation {name} added",
                None,
                name,
                OperationScope(name, "both"),
                (_binding_location(ctx.old), b.location),
            )
        elif a is not None and b is not None:
            _operation(ctx, a, b)
    _endpoints(ctx)


def _binding_location(contract: Contract) -> Location | None:
    return contract.bindings[0].location if contract.bindings else None


def _operation(ctx: Comparison, a: Operation, b: Operation) -> None:
    name, where = a.name, (a.location, b.location)
    if a.soap_action != b.soap_action:
        ctx.emit(
            "soap-action-changed",
            name,
            f"SOAPAction of {name} changed from '{a.soap_action}' to '{b.soap_action}'",
            a.soap_action,
            b.soap_action,
            OperationScope(name, "request"),
            where,
        )
    messages: tuple[tuple[str, Direction, QName | None, QName | None], ...] = (
        ("input", "request", a.input, b.input),
        ("output", "response", a.output, b.output),
    )
    for what, direction, x, y in messages:
        if x != y:
            ctx.emit(
                "operation-message-changed",
                f"{name}/{what}",
                f"The {what} of {name} changed from {_element(ctx, x)} to {_element(ctx, y)}",
                _element(ctx, x),
                _element(ctx, y),
                OperationScope(name, direction),
                where,
            )
    old = {f.name: f.element for f in a.faults}
    new = {f.name: f.element for f in b.faults}
    for fault in sorted(old.keys() | new.keys()):
        path, scope = f"{name}/{fault}", OperationScope(name, "response")
        if fault not in new:
            ctx.emit(
                "fault-removed",
                path,
                f"Fault {fault} removed from {name}",
                fault,
                None,
                scope,
                where,
            )
        elif fault not in old:
            ctx.emit(
                "fault-added", path, f"Fault {fault} added to {name}", None, fault, scope, where
            )
        elif old[fault] != new[fault]:
            ctx.emit(
                "operation-message-changed",
                path,
                f"Fault {fault} of {name} changed from {_element(ctx, old[fault])} to "
                f"{_element(ctx, new[fault])}",
                _element(ctx, old[fault]),
                _element(ctx, new[fault]),
                scope,
                where,
            )
    if normalized(a.doc) != normalized(b.doc):
        ctx.emit(
            "documentation-changed",
            name,
            f"Documentation of operation {name} changed",
            normalized(a.doc),
            normalized(b.doc),
            OperationScope(name, "none"),
            where,
        )


def _element(ctx: Comparison, name: QName | None) -> str:
    return "no element" if name is None else ctx.label(name)


def _endpoints(ctx: Comparison) -> None:
    """Port addresses in the WSDL and endpoints in contract.toml."""
    old = _addresses(ctx.old)
    new = _addresses(ctx.new)
    for key in sorted(old.keys() | new.keys()):
        (a, a_loc), (b, b_loc) = old.get(key, (None, None)), new.get(key, (None, None))
        if a != b:
            ctx.emit(
                "endpoint-changed",
                key,
                f"Endpoint {key} changed from {a or 'none'} to {b or 'none'}",
                a,
                b,
                AllOperations(),
                (a_loc, b_loc),
            )


def _addresses(contract: Contract) -> dict[str, tuple[str | None, Location | None]]:
    found: dict[str, tuple[str | None, Location | None]] = {}
    for service in contract.services:
        for port in service.ports:
            found[f"{service.name.name}/{port.name}"] = (port.address, port.location)
    if contract.manifest is not None:
        for name, url in contract.manifest.endpoints:
            found[f"contract.toml/{name}"] = (url, None)
    return found
