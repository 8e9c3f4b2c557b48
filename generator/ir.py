"""The intermediate model (IR): what a contract says, as plain frozen data.

Every stage after the reader (emit, diff, samples, mock) reads only these classes.
The IR is deterministic: collections are sorted by qualified name, there are no ids,
and `to_json` gives the same bytes for the same contract on every machine.

Anonymous types are registered like named ones, under a synthetic name that is not a
valid NCName (it contains '/'), e.g. ``AktivitetType/Tilbudstype``; ``anonymous`` marks
them. Content models are stored as declared (own particle and attributes, plus the
base type); `Contract.content` and `Contract.attributes_of` give the effective view.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

XS = "http://www.w3.org/2001/XMLSchema"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"  # bound to ``xml`` by XML itself
XSI = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass(frozen=True, order=True)
class QName:
    """A namespace-qualified name; printed in Clark notation ``{ns}local``."""

    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{{{self.namespace}}}{self.name}" if self.namespace else self.name

    @property
    def is_builtin(self) -> bool:
        return self.namespace == XS


def xs(name: str) -> QName:
    return QName(XS, name)


ANY_TYPE = xs("anyType")
ANY_SIMPLE_TYPE = xs("anySimpleType")


@dataclass(frozen=True, order=True)
class Location:
    """Where a definition is written: a path relative to the contract root, and a line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class EnumValue:
    value: str
    doc: str | None = None
    # Where the value is written (a change report points at it); not part of its meaning.
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Facets:
    """The facets written in one restriction step (not inherited ones).

    ``patterns`` holds one entry per derivation step; alternatives written in the same
    step are already joined with ``|`` (XSD ORs them within a step, ANDs across steps).
    """

    enumeration: tuple[EnumValue, ...] = ()
    patterns: tuple[str, ...] = ()
    length: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    total_digits: int | None = None
    fraction_digits: int | None = None
    min_inclusive: str | None = None
    max_inclusive: str | None = None
    min_exclusive: str | None = None
    max_exclusive: str | None = None
    white_space: str | None = None

    def merged_over(self, base: Facets) -> Facets:
        """These facets applied on top of the effective facets of the base type."""
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            mine = getattr(self, f.name)
            if f.name == "patterns":
                changes["patterns"] = base.patterns + mine
            elif mine in (None, ()):
                changes[f.name] = getattr(base, f.name)
            else:
                changes[f.name] = mine
        return Facets(**changes)

    @property
    def is_empty(self) -> bool:
        return self == Facets()


@dataclass(frozen=True)
class SimpleType:
    name: QName
    base: QName
    variety: Literal["atomic", "list", "union"] = "atomic"
    facets: Facets = field(default_factory=Facets)
    item_type: QName | None = None
    member_types: tuple[QName, ...] = ()
    anonymous: bool = False
    doc: str | None = None
    location: Location | None = None


@dataclass(frozen=True)
class ElementParticle:
    """An element inside a content model (local, or a ``ref`` to a global element)."""

    name: QName
    type: QName
    min_occurs: int = 1
    max_occurs: int | None = 1
    nillable: bool = False
    default: str | None = None
    fixed: str | None = None
    ref: bool = False
    abstract: bool = False
    substitutes: tuple[QName, ...] = ()
    doc: str | None = None
    location: Location | None = None
    kind: Literal["element"] = "element"


@dataclass(frozen=True)
class Wildcard:
    """``xs:any``: content kept as raw XML."""

    namespace: str = "##any"
    process_contents: str = "strict"
    min_occurs: int = 1
    max_occurs: int | None = 1
    location: Location | None = None
    kind: Literal["any"] = "any"


@dataclass(frozen=True)
class ModelGroup:
    compositor: Literal["sequence", "choice", "all"]
    particles: tuple[Particle, ...] = ()
    min_occurs: int = 1
    max_occurs: int | None = 1
    location: Location | None = None
    kind: Literal["group"] = "group"


Particle = ElementParticle | Wildcard | ModelGroup


@dataclass(frozen=True)
class Attribute:
    name: QName
    type: QName
    use: Literal["optional", "required", "prohibited"] = "optional"
    default: str | None = None
    fixed: str | None = None
    doc: str | None = None
    location: Location | None = None


@dataclass(frozen=True)
class AnyAttribute:
    namespace: str = "##any"
    process_contents: str = "strict"


@dataclass(frozen=True)
class ComplexType:
    """A complex type as declared.

    ``content``: ``empty``, ``element`` (a particle), ``simple`` (a text value of
    ``simple_type`` plus attributes) or ``mixed``.
    """

    name: QName
    content: Literal["empty", "element", "simple", "mixed"] = "element"
    particle: ModelGroup | None = None
    attributes: tuple[Attribute, ...] = ()
    any_attribute: AnyAttribute | None = None
    base: QName | None = None
    derivation: Literal["extension", "restriction"] | None = None
    simple_type: QName | None = None
    abstract: bool = False
    anonymous: bool = False
    doc: str | None = None
    location: Location | None = None


@dataclass(frozen=True)
class Element:
    """A global element declaration."""

    name: QName
    type: QName
    nillable: bool = False
    abstract: bool = False
    default: str | None = None
    fixed: str | None = None
    substitution_group: QName | None = None
    doc: str | None = None
    location: Location | None = None


@dataclass(frozen=True)
class Fault:
    name: str
    element: QName


@dataclass(frozen=True)
class Operation:
    name: str
    soap_action: str
    input: QName | None
    output: QName | None
    faults: tuple[Fault, ...] = ()
    style: str = "document"
    doc: str | None = None
    location: Location | None = None


@dataclass(frozen=True)
class Security:
    """A binding's security model, as its WS-SecurityPolicy states it.

    ``context``: mutual TLS (a TransportBinding requiring a client certificate) and an
    InvocationContext in the message. ``token`` (OIO-IDWS): an AsymmetricBinding, where each
    message carries a SAML holder-of-key token and a signature over ``signed_parts``: ``Body``
    and the headers, in Clark notation, in the order the policy lists them. ``certificate``: an
    AsymmetricBinding with X.509 tokens only (KOMBIT's STS: messages signed with the system
    certificate).
    """

    model: Literal["context", "token", "certificate"]
    policy: str
    signed_parts: tuple[str, ...] = ()
    include_timestamp: bool = False
    algorithm_suite: str | None = None
    location: Location | None = None


@dataclass(frozen=True)
class Binding:
    name: QName
    port_type: QName
    soap_version: Literal["1.1", "1.2"] = "1.1"
    operations: tuple[Operation, ...] = ()
    location: Location | None = None
    security: Security | None = None


@dataclass(frozen=True)
class Port:
    name: str
    binding: QName
    address: str | None = None
    location: Location | None = None


@dataclass(frozen=True)
class Service:
    name: QName
    ports: tuple[Port, ...] = ()
    doc: str | None = None
    location: Location | None = None


@dataclass(frozen=True)
class SchemaFile:
    """One contract file (WSDL or XSD) and its schema-level settings."""

    path: str
    kind: Literal["wsdl", "xsd"]
    target_namespace: str | None = None
    version: str | None = None
    element_form_default: str = "unqualified"
    attribute_form_default: str = "unqualified"
    # Where a file from outside the contract folder was read: "(bundled)/NAME" for a bundled
    # W3C/OASIS schema, the local path for one the user mapped (--schema-map, --catalog).
    source: str | None = None
    # (namespace, location as written, path of its file) for each import whose written
    # location does not lead to that path (remote URLs, bundled and mapped schemas).
    locations: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Manifest:
    """The contract.toml of a contract version (absent for a bare WSDL)."""

    service: str
    title: str
    integration_version: str
    service_version: str
    web_service: str
    entry_wsdl: str
    message_xsd: str
    service_uuid: str
    entity_id: str
    endpoints: tuple[tuple[str, str], ...] = ()
    valid_from: str | None = None
    releases: tuple[tuple[str, str], ...] = ()  # SDK releases beyond X.Y.0: (X.Y.N, note)
    token_entry_wsdl: str | None = None  # the token-model (OIO-IDWS) variant, if any
    token_endpoints: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Contract:
    service: str
    version: str | None
    entry: str
    target_namespace: str | None
    manifest: Manifest | None = None
    files: tuple[SchemaFile, ...] = ()
    services: tuple[Service, ...] = ()
    bindings: tuple[Binding, ...] = ()
    elements: tuple[Element, ...] = ()
    complex_types: tuple[ComplexType, ...] = ()
    simple_types: tuple[SimpleType, ...] = ()
    # The security of the manifest's token variant (wsdl/token/), when it has one.
    token_security: Security | None = None

    # -- lookups ------------------------------------------------------------------

    @cached_property
    def _elements(self) -> dict[QName, Element]:
        return {e.name: e for e in self.elements}

    @cached_property
    def _types(self) -> dict[QName, ComplexType | SimpleType]:
        types: dict[QName, ComplexType | SimpleType] = {t.name: t for t in self.simple_types}
        types.update({t.name: t for t in self.complex_types})
        return types

    def element(self, name: QName) -> Element:
        return self._elements[name]

    def type(self, name: QName) -> ComplexType | SimpleType | None:
        """The named or anonymous type; None for an XSD built-in."""
        if name.is_builtin:
            return None
        return self._types[name]

    @property
    def token_policy(self) -> Security | None:
        """The token-model policy a client signs by: the token variant's, or the binding's own
        when the contract itself is a token variant."""
        own = self.bindings[0].security if self.bindings else None
        return self.token_security or (own if own is not None and own.model == "token" else None)

    @property
    def operations(self) -> tuple[Operation, ...]:
        """The operations of the first SOAP binding (the one the SDK is built for)."""
        return self.bindings[0].operations if self.bindings else ()

    def address(self) -> str | None:
        for service in self.services:
            for port in service.ports:
                if port.address:
                    return port.address
        return None

    # -- effective views ------------------------------------------------------------

    def builtin(self, name: QName) -> QName:
        """The XSD built-in type a simple type (or simple content) derives from."""
        seen: set[QName] = set()
        while not name.is_builtin:
            if name in seen:
                raise ValueError(f"circular derivation at {name}")
            seen.add(name)
            t = self.type(name)
            if isinstance(t, SimpleType):
                name = t.base if t.variety == "atomic" else xs("anySimpleType")
            elif isinstance(t, ComplexType):
                name = t.simple_type or ANY_TYPE
            else:  # pragma: no cover - type() raises for unknown names
                raise KeyError(name)
        return name

    def facets(self, name: QName) -> Facets:
        """The effective facets of a simple type: its own over its bases'."""
        t = self.type(name)
        if isinstance(t, SimpleType):
            if t.variety != "atomic":
                return t.facets
            return t.facets.merged_over(self.facets(t.base))
        if isinstance(t, ComplexType) and t.simple_type is not None:
            return self.facets(t.simple_type)
        return Facets()

    def content(self, ct: ComplexType) -> tuple[Particle, ...]:
        """The effective top-level particles: an extension appends to its base."""
        own: tuple[Particle, ...] = (ct.particle,) if ct.particle is not None else ()
        if ct.derivation == "extension" and ct.base is not None:
            base = self.type(ct.base)
            if isinstance(base, ComplexType):
                return self.content(base) + own
        return own

    def attributes_of(self, ct: ComplexType) -> tuple[Attribute, ...]:
        """Effective attributes: inherited ones first, overridden by name, prohibited dropped."""
        inherited: tuple[Attribute, ...] = ()
        if ct.base is not None:
            base = self.type(ct.base)
            if isinstance(base, ComplexType):
                inherited = self.attributes_of(base)
        merged = {a.name: a for a in inherited}
        for a in ct.attributes:
            merged[a.name] = a
        return tuple(a for a in merged.values() if a.use != "prohibited")

    def any_attribute_of(self, ct: ComplexType) -> AnyAttribute | None:
        if ct.any_attribute is not None or ct.base is None:
            return ct.any_attribute
        base = self.type(ct.base)
        return self.any_attribute_of(base) if isinstance(base, ComplexType) else None

    def subtypes(self, name: QName) -> tuple[ComplexType, ...]:
        """Complex types derived (directly or not) from ``name``, for xsi:type."""
        return tuple(ct for ct in self.complex_types if ct.name != name and self._derives(ct, name))

    def _derives(self, ct: ComplexType, name: QName) -> bool:
        while ct.base is not None:
            if ct.base == name:
                return True
            base = self.type(ct.base)
            if not isinstance(base, ComplexType):
                return False
            ct = base
        return False


# -- JSON ----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, QName):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def to_json(contract: Contract) -> str:
    """The IR as indented JSON; identical bytes for identical contracts."""
    return json.dumps(_plain(contract), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
