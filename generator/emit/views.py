"""The views templates are rendered from: what a version's generated code contains, decided.

Built from the IR by `generator.emit.classes` and `generator.emit.versions`; documented in
docs/generated-code.md. Views are plain dataclasses (class and field views point at each
other, so they are built in two steps); templates and other generator modules only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generator import ir
from generator.emit.naming import isort_key
from generator.emit.pycode import literal
from generator.emit.typemap import Lexical

# What KY's client module defines besides the clients, re-exported by the version package.
CLIENT_HELPERS = (
    "KvitteringRejectedError",
    "accepted",
    "invocation_context",
    "raise_for_kvittering",
)

FieldKind = Literal["element", "attribute", "value", "choice", "group", "any", "mixed"]


@dataclass(eq=False)
class EnumMember:
    name: str
    value: str | int  # the Python value of the member
    lexical: str  # the XML text
    doc: str | None = None


@dataclass(eq=False)
class EnumView:
    name: str
    type: ir.QName
    kind: Literal["str", "int"]
    members: list[EnumMember]
    builtin: ir.QName
    doc: str | None = None

    @property
    def needs_escape(self) -> bool:
        """Some value holds a character that must be escaped in XML."""
        return any(set(m.lexical) & set("&<>\"'\t\n\r") for m in self.members)


@dataclass(eq=False)
class FieldView:
    name: str
    kind: FieldKind
    local_name: str
    annotation: str
    python_type: str
    xml_name: str | None = None
    type: ir.QName | None = None
    builtin: ir.QName | None = None
    facets: ir.Facets = field(default_factory=ir.Facets)
    lexical: Lexical | None = None
    enum: EnumView | None = None
    cls: ClassView | None = None
    branches: list[ClassView] = field(default_factory=list)
    wildcard: ir.Wildcard | None = None
    min_occurs: int = 1
    max_occurs: int | None = 1
    nillable: bool = False
    default: str | None = None
    fixed: str | None = None
    ref: bool = False
    doc: str | None = None
    poly: Poly | None = None  # the declared type has derived types (xsi:type)
    raw_nillable: bool = False  # an element of xs:anyType that is nillable (xsi:nil in its bytes)

    @property
    def repeated(self) -> bool:
        return self.max_occurs is None or self.max_occurs > 1

    @property
    def optional(self) -> bool:
        return not self.repeated and self.min_occurs == 0

    @property
    def grouped(self) -> bool:
        """A list of items that may each hold several elements: a repeated sequence, or a
        repeated choice with a branch that is not one element. Readers split the children
        into items by the content model."""
        if not self.repeated or self.kind not in ("group", "choice"):
            return False
        return self.kind == "group" or any(
            len(b.fields) != 1 or b.fields[0].kind != "element" or b.fields[0].repeated
            for b in self.branches
        )

    @property
    def is_attribute(self) -> bool:
        return self.kind == "attribute"

    @property
    def default_code(self) -> str | None:
        """The dataclass default, as code; None for a required field."""
        if self.repeated:
            return "field(default_factory=list)"
        return "None" if self.optional else None


@dataclass(eq=False)
class Poly:
    """An element field whose declared type has types derived from it by extension: it holds
    instances of the declared type's class or of their classes (its subclasses), written with
    ``xsi:type`` and read by it."""

    declared: ClassView  # the declared type's class: the field's annotation
    derived: list[ClassView]  # the derived types' classes, most derived first
    abstract: bool  # the declared type is abstract: an instance of it is invalid
    # a type derived by restriction (somewhere on its way) → the class it is read as: that of
    # the nearest type it restricts that the field holds (a restriction's content is valid for
    # its base); written back without its xsi:type
    restricted: list[tuple[ir.QName, ClassView]] = field(default_factory=list)


@dataclass(eq=False)
class ClassView:
    name: str
    kind: Literal["element", "type", "branch", "group"]
    xml_name: str | None = None
    type_name: ir.QName | None = None
    # an element class whose type is shared: the type's class, whose fields it has
    base: str | None = None
    # a type derived by extension: the base type's class, its Python superclass; the first
    # ``inherited`` fields are that class's
    parent: str | None = None
    inherited: int = 0  # and ``other_attributes`` too when the parent has it
    abstract: bool = False
    content: Literal["element", "simple", "empty", "mixed"] = "element"
    compositor: Literal["sequence", "all"] = "sequence"
    fields: list[FieldView] = field(default_factory=list)
    doc: str | None = None
    location: ir.Location | None = None
    any_attribute: bool = False
    other_attributes: str | None = None  # xs:anyAttribute: the dict field (Clark name → value)
    other_inherited: bool = False  # ``other_attributes`` is the parent's field

    @property
    def attributes(self) -> list[FieldView]:
        return [f for f in self.fields if f.kind == "attribute"]

    @property
    def superclass(self) -> str | None:
        return self.base or self.parent

    @property
    def own_fields(self) -> list[FieldView]:
        """The fields ``models.py`` declares in this class (not inherited)."""
        return [] if self.base else self.fields[self.inherited :]

    @property
    def own_other_attributes(self) -> str | None:
        """The xs:anyAttribute field ``models.py`` declares in this class (not inherited)."""
        return None if self.base or self.other_inherited else self.other_attributes

    @property
    def children(self) -> list[FieldView]:
        """The fields that are content (elements, choices, groups, wildcards, the value)."""
        return [f for f in self.fields if f.kind != "attribute"]

    @property
    def value(self) -> FieldView | None:
        return next((f for f in self.fields if f.kind == "value"), None)


@dataclass(eq=False)
class OperationView:
    name: str
    method: str
    soap_action: str
    request: str | None
    response: str | None
    input: str | None
    output: str | None
    faults: list[tuple[str, str, str]]
    doc: str | None = None


# -- what the client and mock templates need (built by generator.emit.transport_view) --------

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


@dataclass(frozen=True)
class GenericOperation:
    """One operation for the generic client and mock."""

    name: str
    method: str  # the client's method name
    handler: str  # the mock's keyword argument for this operation's handler
    request: str
    response: str | None  # None: a one-way operation
    doc: str | None


@dataclass(frozen=True)
class GenericTransportView:
    """Names for ``client.py`` and ``mock.py`` of a contract not shaped like KY's messages."""

    operations: list[GenericOperation]
    context: ContextView | None  # every request carries Serviceplatformen's InvocationContext


@dataclass(eq=False)
class VersionView:
    package: str
    module: str | None
    version: str | None
    service: str
    title: str
    service_uuid: str | None
    entity_id: str | None
    endpoints: dict[str, str]
    operations: list[OperationView]
    classes: list[ClassView]
    enums: list[EnumView]
    roots: dict[str, str]
    namespaces: dict[str, str]
    schema_entries: dict[str, str]
    contract: ir.Contract
    soap_version: str = "1.1"
    # names the client and mock templates need, set by ``generator.emit.transport_view.attach``:
    # KY's (``transport``) or, for any other document/literal contract, ``generic_transport``
    transport: TransportView | None = None
    generic_transport: GenericTransportView | None = None

    @property
    def token_signed_parts(self) -> tuple[str, ...]:
        """The parts the token-model policy signs ((): none known, the runtime's default)."""
        policy = self.contract.token_policy
        return policy.signed_parts if policy is not None else ()

    @property
    def import_path(self) -> str:
        return f"{self.package}.{self.module}" if self.module else self.package

    @property
    def runtime(self) -> str:
        """Relative import of the SDK runtime from a module of this version."""
        return ".._runtime" if self.module else "._runtime"

    @property
    def public_models(self) -> list[str]:
        """Every class and enum name of ``models.py``, sorted (as ruff's isort sorts imports)."""
        return sorted([c.name for c in self.classes] + [e.name for e in self.enums], key=isort_key)

    @property
    def model_imports(self) -> list[str]:
        """The import lines ``models.py`` needs, in isort order."""
        annotations = " ".join(f.annotation for c in self.classes for f in c.fields)
        lines = []
        if "datetime." in annotations:
            lines.append("import datetime")
        if self.classes:
            factory = "list[" in annotations or any(c.other_attributes for c in self.classes)
            lines.append("from dataclasses import dataclass" + (", field" if factory else ""))
        if "Decimal" in annotations:
            lines.append("from decimal import Decimal")
        kinds = sorted({"IntEnum" if e.kind == "int" else "StrEnum" for e in self.enums})
        if kinds:
            lines.append(f"from enum import {', '.join(kinds)}")
        if any(c.xml_name for c in self.classes):
            lines.append("from typing import ClassVar")
        return lines

    @property
    def ky_shaped(self) -> bool:
        """Requests carry KY's Faellesdel and responses its Kvittering: ``client.py`` and
        ``mock.py`` are KY's (``transport``); otherwise the generic ones (``generic_transport``)."""
        return self.transport is not None

    @property
    def lazy_exports(self) -> dict[str, str]:
        """What ``__init__`` re-exports on first use, name → module: the client and the mock
        load the HTTP stack, which a user of only the models and validators does not need."""
        if not self.operations:
            return {}
        mock = "MockKY" if self.ky_shaped else "MockService"
        exports = {"AsyncClient": ".client", "Client": ".client", mock: ".mock"}
        if self.ky_shaped:  # the kvittering helpers belong with the models a vendor imports
            exports |= dict.fromkeys(CLIENT_HELPERS, ".client")
        return exports

    @property
    def environment_type(self) -> str:
        """The type of ``for_environment``'s name: the Literal of the contract's environments."""
        if not self.endpoints:
            return "str"
        return f"Literal[{', '.join(literal(name) for name in self.endpoints)}]"

    @property
    def client_lazy_exports(self) -> dict[str, str]:
        """What ``client.py`` re-exports on first use: ``Token`` loads the token stack
        (cryptography, XML signature and encryption), which the context model never needs."""
        return {"Token": f"{self.runtime}.token"}

    def class_named(self, name: str) -> ClassView:
        return next(c for c in self.classes if c.name == name)

    def class_for_type(self, qname: ir.QName) -> ClassView | None:
        return next((c for c in self.classes if c.type_name == qname and c.base is None), None)

    def enum_for_type(self, qname: ir.QName) -> EnumView | None:
        return next((e for e in self.enums if e.type == qname), None)

    def root_class(self, clark: str) -> ClassView:
        return self.class_named(self.roots[clark])


@dataclass(eq=False)
class SdkView:
    package: str
    distribution: str
    service: str
    title: str
    versions: list[VersionView]

    @property
    def lazy_exports(self) -> dict[str, str]:
        """What the package re-exports on first use: ``MockServer`` loads ``http.server``."""
        return {"MockServer": "._runtime.mockserver"}

    @property
    def latest(self) -> VersionView:
        return self.versions[-1]

    @property
    def sdk_version(self) -> str:
        """The distribution's version: the newest contract version (``2.8`` → ``2.8.0``), or
        its newest release in contract.toml's ``[releases]`` (``2.8.1``, a generator fix)."""
        manifest = self.latest.contract.manifest if self.versions else None
        if manifest is not None and manifest.releases:
            return manifest.releases[-1][0]
        version = self.latest.version if self.versions else None
        if version and all(part.isdigit() for part in version.split(".")):
            return version + ".0" * max(0, 3 - len(version.split(".")))
        return "0.1.0"
