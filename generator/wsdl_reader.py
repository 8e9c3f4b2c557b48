"""Map a contract's WSDL documents into the IR: services, ports, bindings and operations.

Operations must be document/literal with element parts; the elements they name come from the
schema mapper (`generator.reader`), which runs first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeGuard

from lxml import etree
from xsdata.formats.dataclass.models.generics import AnyElement
from xsdata.models import wsdl

from generator import ir, policy
from generator.errors import ContractError
from generator.ir import QName
from generator.loader import File, Loader, display, line_of, wsdl_doc

SOAP11 = "http://schemas.xmlsoap.org/wsdl/soap/"
SOAP12 = "http://schemas.xmlsoap.org/wsdl/soap12/"


class WsdlMapper:
    def __init__(
        self, loader: Loader, elements: Mapping[QName, ir.Element], rel: Callable[[File], str]
    ):
        self.loader = loader
        self.elements = elements
        self.rel = rel
        self.messages: dict[QName, tuple[wsdl.Message, File]] = {}
        self.port_types: dict[QName, wsdl.PortType] = {}

    def services_and_bindings(
        self,
    ) -> tuple[tuple[ir.Binding, ...], tuple[ir.Service, ...], str | None]:
        bindings: list[ir.Binding] = []
        services: list[ir.Service] = []
        for d, f in self.loader.definitions:
            tns = d.target_namespace or ""
            self.messages.update({QName(tns, m.name): (m, f) for m in d.messages})
            self.port_types.update({QName(tns, p.name): p for p in d.port_types})
        for d, f in self.loader.definitions:
            tns = d.target_namespace or ""
            bindings += [
                b for b in (self.binding(QName(tns, b.name), b, f) for b in d.bindings) if b
            ]
            services += [self.service(QName(tns, s.name), s, f) for s in d.services]
        if not bindings:
            raise ContractError(
                "no SOAP binding found: nothing to generate a client for",
                display(self.loader.definitions[0][1].uri),
            )
        # The binding a service port uses comes first; then by name.
        used = {p.binding for s in services for p in s.ports}
        bindings.sort(key=lambda b: (b.name not in used, b.name))
        entry_tns = self.loader.definitions[0][0].target_namespace
        return tuple(bindings), tuple(sorted(services, key=lambda s: s.name)), entry_tns

    def binding(self, name: QName, b: wsdl.Binding, f: File) -> ir.Binding | None:
        soap = _find_ext(b.extended, "binding")
        if soap is None:
            return None  # not a SOAP binding (e.g. HTTP GET/POST): not what we generate for
        port_type = self.port_types.get(_wsdl_qname(b.type, b))
        if port_type is None:
            raise ContractError(
                f"binding '{b.name}' names unknown portType '{b.type}'",
                display(f.uri),
                _wsdl_line(f, "binding", b.name),
            )
        style = soap.attributes.get("style", "document")
        operations = [self.operation(bop, port_type, style, f) for bop in b.operations]
        return ir.Binding(
            name=name,
            port_type=_wsdl_qname(b.type, b),
            soap_version="1.2" if _ns(soap) == SOAP12 else "1.1",
            operations=tuple(sorted(operations, key=lambda o: o.name)),
            location=ir.Location(self.rel(f), _wsdl_line(f, "binding", b.name)),
            security=policy.binding_security(f.root, b.name, self.loader.files, self.rel),
        )

    def operation(
        self, bop: wsdl.BindingOperation, port_type: wsdl.PortType, style: str, f: File
    ) -> ir.Operation:
        line = _wsdl_line(f, "operation", bop.name)
        soap_op = _find_ext(bop.extended, "operation")
        op_style = (soap_op.attributes.get("style") if soap_op else None) or style
        if op_style != "document":
            raise ContractError(
                f"operation '{bop.name}' uses style '{op_style}'; "
                "only document/literal is supported",
                display(f.uri),
                line,
            )
        pop = next((o for o in port_type.operations if o.name == bop.name), None)
        if pop is None:
            raise ContractError(
                f"binding operation '{bop.name}' is not in portType '{port_type.name}'",
                display(f.uri),
                line,
            )
        faults = [
            ir.Fault(fault.name, el)
            for fault in pop.faults
            if (el := self.message_element(fault, bop.name, f, line)) is not None
        ]
        return ir.Operation(
            name=bop.name,
            soap_action=soap_op.attributes.get("soapAction", "") if soap_op else "",
            input=self.message_element(pop.input, bop.name, f, line, bop.input),
            output=self.message_element(pop.output, bop.name, f, line, bop.output),
            faults=tuple(sorted(faults, key=lambda x: x.name)),
            style=op_style,
            doc=wsdl_doc(pop),
            location=ir.Location(self.rel(f), line),
        )

    def message_element(
        self,
        ref: wsdl.PortTypeMessage | None,
        op: str,
        f: File,
        line: int,
        bound: wsdl.BindingMessage | None = None,
    ) -> QName | None:
        """The element of the (document/literal) message an operation's input/output names:
        of the part the binding puts in the SOAP body (``bound``)."""
        if ref is None or not ref.message:
            return None
        name = _wsdl_qname(ref.message, ref)
        if name not in self.messages:
            raise ContractError(
                f"operation '{op}' names unknown message '{ref.message}'", display(f.uri), line
            )
        message, mf = self.messages[name]
        if not message.parts:
            return None
        part = _body_part(message, name, bound)
        where = (display(mf.uri), _wsdl_line(mf, "message", message.name))
        if not part.element:
            raise ContractError(
                f"message '{message.name}' part '{part.name}' uses type=; "
                "only document/literal element parts are supported",
                *where,
            )
        element = _wsdl_qname(part.element, part)
        if element not in self.elements:
            raise ContractError(
                f"message '{message.name}' part '{part.name}' names missing element "
                f"'{part.element}' ({element})",
                *where,
            )
        return element

    def service(self, name: QName, s: wsdl.Service, f: File) -> ir.Service:
        ports = []
        for p in s.ports:
            address = _find_ext(p.extended, "address")
            ports.append(
                ir.Port(
                    name=p.name,
                    binding=_wsdl_qname(p.binding, p),
                    address=address.attributes.get("location") if address else None,
                    location=ir.Location(self.rel(f), _wsdl_line(f, "port", p.name)),
                )
            )
        return ir.Service(
            name,
            tuple(sorted(ports, key=lambda p: p.name)),
            wsdl_doc(s),
            ir.Location(self.rel(f), _wsdl_line(f, "service", s.name)),
        )


def _body_part(message: wsdl.Message, name: QName, bound: wsdl.BindingMessage | None) -> wsdl.Part:
    """The part of ``message`` in the SOAP body: the one ``soap:body parts=`` names, else the
    first that no ``soap:header`` of the same input/output takes (SF1500 puts a RequestHeader
    part first and binds it as a header)."""
    extensions = list(bound.extended) if bound is not None else []
    body = next((x for x in extensions if _is_soap(x, "body")), None)
    named = (body.attributes.get("parts") or "").split() if body is not None else []
    if named:
        return next((p for p in message.parts if p.name in named), message.parts[0])
    # xsdata gives an extension's QName attributes in Clark notation
    headers = {
        x.attributes.get("part")
        for x in extensions
        if _is_soap(x, "header") and x.attributes.get("message") == str(name)
    }
    return next((p for p in message.parts if p.name not in headers), message.parts[0])


def _is_soap(x: object, local: str) -> TypeGuard[AnyElement]:
    """``x`` is the SOAP 1.1/1.2 extensibility element ``local``."""
    if not isinstance(x, AnyElement) or not x.qname:
        return False
    q = etree.QName(x.qname)
    return q.localname == local and q.namespace in (SOAP11, SOAP12)


def _ns(x: AnyElement) -> str:
    return etree.QName(x.qname or "").namespace or ""


def _find_ext(items: Iterable[object], local: str) -> AnyElement | None:
    """The SOAP 1.1/1.2 extensibility element ``local`` among a WSDL element's children."""
    return next((x for x in items if _is_soap(x, local)), None)


def _wsdl_qname(text: str, node: Any) -> QName:
    prefix, _, local = text.rpartition(":")
    ns_map = getattr(node, "ns_map", {}) or {}
    return QName(ns_map.get(prefix or None) or "", local)


def _wsdl_line(f: File, localname: str, name: str) -> int:
    return line_of(f, localname, "name", name)
