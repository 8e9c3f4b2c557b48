"""Read a contract with xsdata's WSDL/XSD parsers and map it into the IR.

xsdata does the XML-Schema reading (its ``DefinitionsParser`` and ``SchemaParser`` give
an object model of every WSDL and XSD document); this module follows imports and
includes, resolves every reference, and maps the result into `generator.ir`. Nothing
after this module sees xsdata objects.

Line numbers: xsdata numbers each parsed element in document order (``index``); the
same order over lxml's tree of the file gives the element, and so its ``sourceline``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lxml import etree
from xsdata.codegen.parsers import DefinitionsParser, SchemaParser
from xsdata.exceptions import ParserError
from xsdata.formats.dataclass.models.generics import AnyElement
from xsdata.models import wsdl, xsd
from xsdata.models.enums import FormType, UseType

from generator import ir, policy
from generator.contracts import ContractSource
from generator.errors import ContractError
from generator.ir import QName, xs

SOAP11 = "http://schemas.xmlsoap.org/wsdl/soap/"
SOAP12 = "http://schemas.xmlsoap.org/wsdl/soap12/"
XSDATA_DIR = Path(xsd.__file__).resolve().parents[1]
UNBOUNDED = sys.maxsize

_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


def read(source: ContractSource) -> ir.Contract:
    """Read the contract at ``source`` into the IR (raises ContractError)."""
    loader = _Loader()
    loader.load_wsdl(_uri(source.entry), referrer=None)
    return _Mapper(loader, source).contract()


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


def _path(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path))


# -- loading: files, documents, line numbers ----------------------------------------------


@dataclass
class _File:
    uri: str
    kind: str  # wsdl | xsd
    root: Any  # the lxml root element
    elements: list[Any]  # lxml elements in document order, for index -> line

    def line(self, index: int) -> int:
        if 0 < index <= len(self.elements):
            return int(self.elements[index - 1].sourceline or 0)
        return 0


@dataclass
class _Schema:
    """One schema document as loaded (embedded ones carry the WSDL as their file)."""

    model: xsd.Schema
    file: _File
    namespace: str  # effective target namespace ('' for none)
    chameleon: bool


@dataclass
class _Loader:
    files: dict[str, _File] = field(default_factory=dict)
    schemas: dict[tuple[str, str, int], _Schema] = field(default_factory=dict)
    definitions: list[tuple[wsdl.Definitions, _File]] = field(default_factory=list)

    def file(self, uri: str, referrer: tuple[_File, int] | None) -> _File:
        if uri in self.files:
            return self.files[uri]
        path = _path(uri)
        try:
            data = path.read_bytes()
        except OSError:
            what = "imported or included file" if referrer else "file"
            file, line = (referrer[0].uri, referrer[1]) if referrer else (uri, None)
            raise ContractError(
                f"{what} '{_display(uri)}' does not exist", _display(file), line
            ) from None
        try:
            root = etree.fromstring(data, _SAFE_PARSER, base_url=uri)
        except etree.XMLSyntaxError as exc:
            raise ContractError(
                f"not well-formed XML: {exc.msg}", _display(uri), exc.lineno
            ) from None
        kind = "wsdl" if etree.QName(root).localname == "definitions" else "xsd"
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        f = _File(uri, kind, root, elements)
        self.files[uri] = f
        return f

    def load_wsdl(self, uri: str, referrer: tuple[_File, int] | None) -> None:
        f = self.file(uri, referrer)
        if any(d[1] is f for d in self.definitions):
            return
        if f.kind != "wsdl":
            self.load_schema(uri, None, referrer)
            return
        model = _parse(DefinitionsParser(location=uri), f, wsdl.Definitions)
        self.definitions.append((model, f))
        if model.types:
            for schema in model.types.schemas:
                self._register(schema, f, schema.target_namespace or "", chameleon=False)
        for imp in model.imports:
            if imp.location:
                self.load_wsdl(imp.location, (f, _line_of(f, "import", "location", imp.location)))

    def load_schema(
        self, uri: str, chameleon_ns: str | None, referrer: tuple[_File, int] | None
    ) -> None:
        f = self.file(uri, referrer)
        if f.kind == "wsdl":
            raise ContractError("a schema import points at a WSDL document", _display(uri))
        key_ns = chameleon_ns or ""
        if any(
            s.file is f and s.namespace in (key_ns, s.model.target_namespace)
            for s in self.schemas.values()
        ):
            return
        model = _parse(SchemaParser(location=uri, target_namespace=chameleon_ns), f, xsd.Schema)
        declared = f.root.get("targetNamespace")
        self._register(
            model,
            f,
            model.target_namespace or "",
            chameleon=declared is None and bool(chameleon_ns),
        )

    def _register(self, model: xsd.Schema, f: _File, namespace: str, chameleon: bool) -> None:
        key = (f.uri, namespace, model.index)
        if key in self.schemas:
            return
        self.schemas[key] = _Schema(model, f, namespace, chameleon)
        for unsupported in (*model.redefines, *model.overrides):
            raise ContractError(
                f"xs:{type(unsupported).__name__.lower()} is not supported",
                _display(f.uri),
                f.line(unsupported.index),
            )
        for inc in model.includes:
            if inc.location:
                self.load_schema(inc.location, namespace or None, (f, f.line(inc.index)))
        for imp in model.imports:
            if imp.location:
                self.load_schema(imp.location, None, (f, f.line(imp.index)))


def _parse(parser: SchemaParser, f: _File, clazz: type[Any]) -> Any:
    try:
        return parser.from_bytes(etree.tostring(f.root.getroottree()), clazz)
    except ParserError as exc:
        raise ContractError(f"cannot read: {exc}", _display(f.uri)) from None


def _line_of(f: _File, localname: str, attr: str, value: str) -> int:
    for e in f.elements:
        if etree.QName(e).localname == localname:
            got = e.get(attr)
            if got is not None and (got == value or value.endswith(got)):
                return int(e.sourceline or 0)
    return 0


def _display(uri: str) -> str:
    """A path as a person would type it: relative to the working folder when inside it."""
    path = _path(uri) if uri.startswith("file:") else Path(uri)
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


# -- mapping into the IR ----------------------------------------------------------------


@dataclass
class _Def:
    """A global definition and where it was found."""

    model: Any
    schema: _Schema


class _Mapper:
    def __init__(self, loader: _Loader, source: ContractSource):
        self.loader = loader
        self.source = source
        local = [_path(u) for u in loader.files if not _path(u).is_relative_to(XSDATA_DIR)]
        self.root = Path(os.path.commonpath([p.parent for p in local]))
        self.tables: dict[str, dict[QName, _Def]] = {
            k: {}
            for k in (
                "element",
                "complexType",
                "simpleType",
                "group",
                "attributeGroup",
                "attribute",
            )
        }
        self.complex: dict[QName, ir.ComplexType] = {}
        self.simple: dict[QName, ir.SimpleType] = {}
        self.elements: dict[QName, ir.Element] = {}
        self.messages: dict[QName, tuple[wsdl.Message, _File]] = {}
        self.port_types: dict[QName, wsdl.PortType] = {}
        self._index_globals()

    # -- tables ------------------------------------------------------------------------

    def _index_globals(self) -> None:
        for schema in self.loader.schemas.values():
            m = schema.model
            for kind, items in (
                ("element", m.elements),
                ("complexType", m.complex_types),
                ("simpleType", m.simple_types),
                ("group", m.groups),
                ("attributeGroup", m.attribute_groups),
                ("attribute", m.attributes),
            ):
                for item in items:
                    name = QName(schema.namespace, item.name or "")
                    table = self.tables[kind]
                    if name in table:
                        first = table[name]
                        if first.schema.file is schema.file and first.model.index == item.index:
                            continue
                        raise ContractError(
                            f"duplicate definition of {kind} '{item.name}' in namespace "
                            f"'{schema.namespace}' (first defined at "
                            f"{self.loc(first.schema, first.model)})",
                            _display(schema.file.uri),
                            schema.file.line(item.index),
                        )
                    table[name] = _Def(item, schema)

    def lookup(self, kind: str, name: QName, schema: _Schema, node: Any) -> _Def:
        found = self.tables[kind].get(name)
        if found is None:
            raise ContractError(
                f"unresolved {kind} reference '{name}'",
                _display(schema.file.uri),
                schema.file.line(node.index),
            )
        return found

    # -- helpers -----------------------------------------------------------------------

    def rel(self, f: _File) -> str:
        path = _path(f.uri)
        if path.is_relative_to(XSDATA_DIR):
            return f"(xsdata)/{path.name}"
        return path.relative_to(self.root).as_posix()

    def loc(self, schema: _Schema, node: Any) -> ir.Location:
        return ir.Location(self.rel(schema.file), schema.file.line(getattr(node, "index", 0)))

    def qname(self, text: str, node: Any, schema: _Schema) -> QName:
        prefix, _, local = text.rpartition(":")
        ns_map = getattr(node, "ns_map", {}) or {}
        if prefix:
            if prefix not in ns_map:
                raise ContractError(
                    f"unknown namespace prefix '{prefix}' in '{text}'",
                    _display(schema.file.uri),
                    schema.file.line(node.index),
                )
            namespace = ns_map[prefix]
        else:
            namespace = ns_map.get(None) or ""
            if not namespace and schema.chameleon:
                namespace = schema.namespace
        return QName(namespace, local)

    def type_ref(self, text: str | None, node: Any, schema: _Schema) -> QName:
        if not text:
            return ir.ANY_TYPE
        name = self.qname(text, node, schema)
        if name.is_builtin:
            return name
        if name not in self.tables["complexType"] and name not in self.tables["simpleType"]:
            raise ContractError(
                f"unresolved type reference '{text}' ({name})",
                _display(schema.file.uri),
                schema.file.line(node.index),
            )
        return name

    # -- the contract ------------------------------------------------------------------

    def contract(self) -> ir.Contract:
        for kind, table in self.tables.items():
            for name, d in table.items():
                if kind == "complexType":
                    self.complex_type(d.model, name, d.schema, anonymous=False)
                elif kind == "simpleType":
                    self.simple_type(d.model, name, d.schema, anonymous=False)
                elif kind == "element":
                    self.global_element(name, d)
        bindings, services, tns = self.services_and_bindings()
        files = sorted(
            {
                ir.SchemaFile(
                    path=self.rel(s.file),
                    kind="wsdl" if s.file.kind == "wsdl" else "xsd",
                    target_namespace=s.namespace or None,
                    version=s.model.version,
                    element_form_default=_form(s.model.element_form_default),
                    attribute_form_default=_form(s.model.attribute_form_default),
                )
                for s in self.loader.schemas.values()
            }
            | {
                ir.SchemaFile(path=self.rel(f), kind="wsdl", target_namespace=d.target_namespace)
                for d, f in self.loader.definitions
            },
            key=lambda s: (s.path, s.target_namespace or "", s.kind),
        )
        return ir.Contract(
            service=self.source.service,
            version=self.source.version,
            entry=self.rel(self.loader.definitions[0][1]),
            target_namespace=tns,
            manifest=self.source.manifest,
            files=tuple(files),
            services=services,
            bindings=bindings,
            elements=tuple(sorted(self.elements.values(), key=lambda e: e.name)),
            complex_types=tuple(sorted(self.complex.values(), key=lambda t: t.name)),
            simple_types=tuple(sorted(self.simple.values(), key=lambda t: t.name)),
        )

    # -- elements ----------------------------------------------------------------------

    def global_element(self, name: QName, d: _Def) -> ir.Element:
        if name in self.elements:
            return self.elements[name]
        e: xsd.Element = d.model
        _reject_xsd11(e, d.schema)
        element = ir.Element(
            name=name,
            type=self.global_type(name, d),
            nillable=bool(e.nillable),
            abstract=bool(e.abstract),
            default=e.default,
            fixed=e.fixed,
            substitution_group=self.head_of(d),
            doc=_doc(e),
            location=self.loc(d.schema, e),
        )
        self.elements[name] = element
        return element

    def head_of(self, d: _Def) -> QName | None:
        group = d.model.substitution_group
        return self.qname(group, d.model, d.schema) if group else None

    def global_type(self, name: QName, d: _Def) -> QName:
        """A global element's type; without one, the type of its substitution group head."""
        e: xsd.Element = d.model
        head = self.head_of(d)
        if not e.type and e.complex_type is None and e.simple_type is None and head is not None:
            return self.global_type(head, self.lookup("element", head, d.schema, e))
        return self.element_type(e, f"@{e.name}", d.schema)

    def element_type(self, e: xsd.Element, owner: str, schema: _Schema) -> QName:
        """The QName of an element's type; an anonymous type is mapped on first sight."""
        if e.complex_type is not None:
            anon = QName(schema.namespace, owner)
            self.complex_type(e.complex_type, anon, schema, anonymous=True)
            return anon
        if e.simple_type is not None:
            anon = QName(schema.namespace, owner)
            self.simple_type(e.simple_type, anon, schema, anonymous=True)
            return anon
        return self.type_ref(e.type, e, schema)

    def substitutes(self, head: QName) -> tuple[QName, ...]:
        """Non-abstract elements that may stand for ``head``, transitively."""
        found: set[QName] = set()
        for name, d in self.tables["element"].items():
            if d.model.substitution_group and self.head_of(d) == head:
                if not d.model.abstract:
                    found.add(name)
                found.update(self.substitutes(name))
        return tuple(sorted(found))

    def particle_element(self, e: xsd.Element, owner: str, schema: _Schema) -> ir.ElementParticle:
        _reject_xsd11(e, schema)
        max_occurs = _max_occurs(e.max_occurs)
        if e.ref:
            ref = self.qname(e.ref, e, schema)
            d = self.lookup("element", ref, schema, e)
            g: xsd.Element = d.model
            return ir.ElementParticle(
                name=ref,
                type=(
                    QName(d.schema.namespace, f"@{g.name}")
                    if g.complex_type is not None or g.simple_type is not None
                    else self.global_type(ref, d)
                ),
                min_occurs=e.min_occurs,
                max_occurs=max_occurs,
                nillable=bool(g.nillable),
                default=g.default,
                fixed=g.fixed,
                ref=True,
                abstract=bool(g.abstract),
                substitutes=self.substitutes(ref),
                doc=_doc(e) or _doc(g),
                location=self.loc(schema, e),
            )
        qualified = e.form == FormType.QUALIFIED
        return ir.ElementParticle(
            name=QName(schema.namespace if qualified else "", e.name or ""),
            type=self.element_type(e, f"{owner}/{e.name}", schema),
            min_occurs=e.min_occurs,
            max_occurs=max_occurs,
            nillable=bool(e.nillable),
            default=e.default,
            fixed=e.fixed,
            doc=_doc(e),
            location=self.loc(schema, e),
        )

    # -- content models ----------------------------------------------------------------

    def model_group(
        self, group: Any, owner: str, schema: _Schema, occurs: Any = None
    ) -> ir.ModelGroup:
        compositor = {xsd.Sequence: "sequence", xsd.Choice: "choice", xsd.All: "all"}[type(group)]
        children: list[Any] = [*group.elements, *group.groups, *group.any]
        children += [*getattr(group, "choices", []), *getattr(group, "sequences", [])]
        particles: list[ir.Particle] = []
        for child in sorted(children, key=lambda c: c.index):
            if isinstance(child, xsd.Element):
                particles.append(self.particle_element(child, owner, schema))
            elif isinstance(child, xsd.Any):
                particles.append(
                    ir.Wildcard(
                        namespace=child.namespace,
                        process_contents=child.process_contents.value,
                        min_occurs=child.min_occurs,
                        max_occurs=_max_occurs(child.max_occurs),
                        location=self.loc(schema, child),
                    )
                )
            elif isinstance(child, xsd.Group):
                particles.append(self.group_ref(child, owner, schema))
            else:
                particles.append(self.model_group(child, owner, schema))
        src = occurs or group
        return ir.ModelGroup(
            compositor=compositor,  # type: ignore[arg-type]
            particles=tuple(particles),
            min_occurs=src.min_occurs,
            max_occurs=_max_occurs(src.max_occurs),
            location=self.loc(schema, group),
        )

    def group_ref(self, ref: xsd.Group, owner: str, schema: _Schema) -> ir.ModelGroup:
        name = self.qname(ref.ref, ref, schema)
        d = self.lookup("group", name, schema, ref)
        inner = d.model.sequence or d.model.choice or d.model.all
        if inner is None:
            return ir.ModelGroup("sequence", (), ref.min_occurs, 1, self.loc(schema, ref))
        return self.model_group(inner, owner, d.schema, occurs=ref)

    def content_particle(self, holder: Any, owner: str, schema: _Schema) -> ir.ModelGroup | None:
        if holder.group is not None:
            return self.group_ref(holder.group, owner, schema)
        for attr in ("sequence", "choice", "all"):
            group = getattr(holder, attr)
            if group is not None:
                return self.model_group(group, owner, schema)
        return None

    # -- attributes --------------------------------------------------------------------

    def attributes(self, holder: Any, owner: str, schema: _Schema) -> tuple[ir.Attribute, ...]:
        result: list[ir.Attribute] = []
        for a in holder.attributes:
            result.append(self.attribute(a, owner, schema))
        for group in holder.attribute_groups:
            name = self.qname(group.ref, group, schema)
            d = self.lookup("attributeGroup", name, schema, group)
            result.extend(self.attributes(d.model, owner, d.schema))
        return tuple(result)

    def attribute(self, a: xsd.Attribute, owner: str, schema: _Schema) -> ir.Attribute:
        use = (a.use or UseType.OPTIONAL).value
        if a.ref:
            ref = self.qname(a.ref, a, schema)
            if ref.namespace == "http://www.w3.org/XML/1998/namespace":
                # xml:lang, xml:space …: always strings; xsdata bundles their schema.
                return ir.Attribute(
                    ref, xs("string"), use, a.default, a.fixed, _doc(a), self.loc(schema, a)  # type: ignore[arg-type]
                )
            d = self.lookup("attribute", ref, schema, a)
            g: xsd.Attribute = d.model
            return ir.Attribute(
                name=ref,
                type=self.attribute_type(g, f"{owner}/@{g.name}", d.schema),
                use=use,  # type: ignore[arg-type]
                default=a.default or g.default,
                fixed=a.fixed or g.fixed,
                doc=_doc(a) or _doc(g),
                location=self.loc(schema, a),
            )
        qualified = a.form == FormType.QUALIFIED
        return ir.Attribute(
            name=QName(schema.namespace if qualified else "", a.name or ""),
            type=self.attribute_type(a, f"{owner}/@{a.name}", schema),
            use=use,  # type: ignore[arg-type]
            default=a.default,
            fixed=a.fixed,
            doc=_doc(a),
            location=self.loc(schema, a),
        )

    def attribute_type(self, a: xsd.Attribute, owner: str, schema: _Schema) -> QName:
        if a.simple_type is not None:
            anon = QName(schema.namespace, owner)
            self.simple_type(a.simple_type, anon, schema, anonymous=True)
            return anon
        return self.type_ref(a.type, a, schema) if a.type else xs("anySimpleType")

    # -- types -------------------------------------------------------------------------

    def complex_type(
        self, ct: xsd.ComplexType, name: QName, schema: _Schema, anonymous: bool
    ) -> None:
        if name in self.complex:
            return
        if ct.assertion or ct.open_content:
            raise ContractError(
                "XSD 1.1 constructs (xs:assert, xs:openContent) are not supported",
                _display(schema.file.uri),
                schema.file.line(ct.index),
            )
        owner = name.name
        doc, location = _doc(ct), self.loc(schema, ct)
        any_attr = _any_attribute(ct.any_attribute)
        if ct.simple_content is not None:
            der = _derivation(ct.simple_content, schema)
            base = self.type_ref(der.base, der, schema)
            value_type = base
            if (
                isinstance(der, xsd.Restriction)
                and (facets := self.facets(der, schema)) != ir.Facets()
            ):
                value_type = QName(schema.namespace, f"{owner}/value")
                self.simple[value_type] = ir.SimpleType(
                    value_type, base, facets=facets, anonymous=True, location=self.loc(schema, der)
                )
            result = ir.ComplexType(
                name=name,
                content="simple",
                attributes=self.attributes(der, owner, schema),
                any_attribute=_any_attribute(der.any_attribute) or any_attr,
                base=base,
                derivation="extension" if isinstance(der, xsd.Extension) else "restriction",
                simple_type=value_type,
                abstract=bool(ct.abstract),
                anonymous=anonymous,
                doc=doc,
                location=location,
            )
        elif ct.complex_content is not None:
            der = _derivation(ct.complex_content, schema)
            base = self.type_ref(der.base, der, schema)
            particle = self.content_particle(der, owner, schema)
            plain = base == ir.ANY_TYPE
            mixed = bool(ct.complex_content.mixed or ct.mixed)
            result = ir.ComplexType(
                name=name,
                content="mixed" if mixed else ("element" if particle or not plain else "empty"),
                particle=particle,
                attributes=self.attributes(der, owner, schema),
                any_attribute=_any_attribute(der.any_attribute) or any_attr,
                base=None if plain else base,
                derivation=(
                    None
                    if plain
                    else ("extension" if isinstance(der, xsd.Extension) else "restriction")
                ),
                abstract=bool(ct.abstract),
                anonymous=anonymous,
                doc=doc,
                location=location,
            )
        else:
            particle = self.content_particle(ct, owner, schema)
            result = ir.ComplexType(
                name=name,
                content="mixed" if ct.mixed else ("element" if particle else "empty"),
                particle=particle,
                attributes=self.attributes(ct, owner, schema),
                any_attribute=any_attr,
                abstract=bool(ct.abstract),
                anonymous=anonymous,
                doc=doc,
                location=location,
            )
        self.complex[name] = result

    def simple_type(
        self, st: xsd.SimpleType, name: QName, schema: _Schema, anonymous: bool
    ) -> None:
        if name in self.simple:
            return
        owner = name.name
        common: dict[str, Any] = {
            "anonymous": anonymous,
            "doc": _doc(st),
            "location": self.loc(schema, st),
        }
        if st.restriction is not None:
            r = st.restriction
            if r.simple_type is not None:
                base = QName(schema.namespace, f"{owner}/base")
                self.simple_type(r.simple_type, base, schema, anonymous=True)
            else:
                base = self.type_ref(r.base, r, schema)
            self.simple[name] = ir.SimpleType(
                name, base, "atomic", self.facets(r, schema), **common
            )
        elif st.list is not None:
            lst = st.list
            if lst.simple_type is not None:
                item = QName(schema.namespace, f"{owner}/item")
                self.simple_type(lst.simple_type, item, schema, anonymous=True)
            else:
                item = self.type_ref(lst.item_type, lst, schema)
            self.simple[name] = ir.SimpleType(
                name, xs("anySimpleType"), "list", item_type=item, **common
            )
        elif st.union is not None:
            u = st.union
            members = [self.type_ref(t, u, schema) for t in (u.member_types or "").split()]
            for i, inner in enumerate(u.simple_types, 1):
                member = QName(schema.namespace, f"{owner}/member{i}")
                self.simple_type(inner, member, schema, anonymous=True)
                members.append(member)
            self.simple[name] = ir.SimpleType(
                name, xs("anySimpleType"), "union", member_types=tuple(members), **common
            )
        else:
            raise ContractError(
                "simpleType without restriction, list or union",
                _display(schema.file.uri),
                schema.file.line(st.index),
            )

    def facets(self, r: xsd.Restriction, schema: _Schema) -> ir.Facets:
        def value(facet: Any) -> Any:
            return None if facet is None else facet.value

        def num(facet: Any) -> int | None:
            return None if facet is None else int(facet.value)

        patterns = [p.value for p in r.patterns]
        return ir.Facets(
            enumeration=tuple(ir.EnumValue(e.value, _doc(e)) for e in r.enumerations),
            patterns=("|".join(patterns),) if len(patterns) > 1 else tuple(patterns),
            length=num(r.length),
            min_length=num(r.min_length),
            max_length=num(r.max_length),
            total_digits=num(r.total_digits),
            fraction_digits=num(r.fraction_digits),
            min_inclusive=value(r.min_inclusive),
            max_inclusive=value(r.max_inclusive),
            min_exclusive=value(r.min_exclusive),
            max_exclusive=value(r.max_exclusive),
            white_space=value(r.white_space),
        )

    # -- WSDL --------------------------------------------------------------------------

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
                _display(self.loader.definitions[0][1].uri),
            )
        # The binding a service port uses comes first; then by name.
        used = {p.binding for s in services for p in s.ports}
        bindings.sort(key=lambda b: (b.name not in used, b.name))
        entry_tns = self.loader.definitions[0][0].target_namespace
        return tuple(bindings), tuple(sorted(services, key=lambda s: s.name)), entry_tns

    def binding(self, name: QName, b: wsdl.Binding, f: _File) -> ir.Binding | None:
        soap = _find_ext(b.extended, "binding")
        if soap is None:
            return None  # not a SOAP binding (e.g. HTTP GET/POST): not what we generate for
        port_type = self.port_types.get(_wsdl_qname(b.type, b))
        if port_type is None:
            raise ContractError(
                f"binding '{b.name}' names unknown portType '{b.type}'",
                _display(f.uri),
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
            security=policy.binding_security(f.root, b.name, self.loader.files, self.root),
        )

    def operation(
        self, bop: wsdl.BindingOperation, port_type: wsdl.PortType, style: str, f: _File
    ) -> ir.Operation:
        line = _wsdl_line(f, "operation", bop.name)
        soap_op = _find_ext(bop.extended, "operation")
        op_style = (soap_op.attributes.get("style") if soap_op else None) or style
        if op_style != "document":
            raise ContractError(
                f"operation '{bop.name}' uses style '{op_style}'; "
                "only document/literal is supported",
                _display(f.uri),
                line,
            )
        pop = next((o for o in port_type.operations if o.name == bop.name), None)
        if pop is None:
            raise ContractError(
                f"binding operation '{bop.name}' is not in portType '{port_type.name}'",
                _display(f.uri),
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
            input=self.message_element(pop.input, bop.name, f, line),
            output=self.message_element(pop.output, bop.name, f, line),
            faults=tuple(sorted(faults, key=lambda x: x.name)),
            style=op_style,
            doc=_wsdl_doc(pop),
            location=ir.Location(self.rel(f), line),
        )

    def message_element(
        self, ref: wsdl.PortTypeMessage | None, op: str, f: _File, line: int
    ) -> QName | None:
        """The element of the (document/literal) message an operation's input/output names."""
        if ref is None or not ref.message:
            return None
        name = _wsdl_qname(ref.message, ref)
        if name not in self.messages:
            raise ContractError(
                f"operation '{op}' names unknown message '{ref.message}'", _display(f.uri), line
            )
        message, mf = self.messages[name]
        if not message.parts:
            return None
        part = message.parts[0]
        where = (_display(mf.uri), _wsdl_line(mf, "message", message.name))
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

    def service(self, name: QName, s: wsdl.Service, f: _File) -> ir.Service:
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
            _wsdl_doc(s),
            ir.Location(self.rel(f), _wsdl_line(f, "service", s.name)),
        )


# -- small helpers ---------------------------------------------------------------------------


def _derivation(content: xsd.SimpleContent, schema: _Schema) -> xsd.Extension | xsd.Restriction:
    der = content.extension or content.restriction
    if der is None:
        raise ContractError(
            "simpleContent/complexContent without extension or restriction",
            _display(schema.file.uri),
            schema.file.line(content.index),
        )
    return der


def _max_occurs(value: str | int) -> int | None:
    """xsdata reads maxOccurs="unbounded" as sys.maxsize; the IR says None."""
    number = int(value)
    return None if number >= UNBOUNDED else number


def _form(form: Any) -> str:
    return form.value if isinstance(form, FormType) else str(form or "unqualified")


def _any_attribute(a: xsd.AnyAttribute | None) -> ir.AnyAttribute | None:
    if a is None:
        return None
    return ir.AnyAttribute(
        a.namespace, a.process_contents.value if a.process_contents else "strict"
    )


def _reject_xsd11(e: xsd.Element, schema: _Schema) -> None:
    if e.alternatives:
        raise ContractError(
            "XSD 1.1 xs:alternative is not supported",
            _display(schema.file.uri),
            schema.file.line(e.index),
        )


def _ns(x: AnyElement) -> str:
    return etree.QName(x.qname or "").namespace or ""


def _find_ext(items: Iterable[object], local: str) -> AnyElement | None:
    """The SOAP 1.1/1.2 extensibility element ``local`` among a WSDL element's children."""
    for x in items:
        if isinstance(x, AnyElement) and x.qname:
            q = etree.QName(x.qname)
            if q.localname == local and q.namespace in (SOAP11, SOAP12):
                return x
    return None


def _wsdl_qname(text: str, node: Any) -> QName:
    prefix, _, local = text.rpartition(":")
    ns_map = getattr(node, "ns_map", {}) or {}
    return QName(ns_map.get(prefix or None) or "", local)


def _wsdl_line(f: _File, localname: str, name: str) -> int:
    return _line_of(f, localname, "name", name)


def _wsdl_doc(node: Any) -> str | None:
    doc = getattr(node, "documentation", None)
    return _clean(_texts(doc.elements)) if doc is not None else None


def _texts(content: Iterable[object]) -> Iterator[str]:
    for item in content:
        if isinstance(item, str):
            yield item
        elif isinstance(item, AnyElement):
            if item.text:
                yield item.text
            yield from _texts(item.children)
            if item.tail:
                yield item.tail


def _clean(parts: Iterable[str]) -> str | None:
    lines = [" ".join(line.split()) for line in "".join(parts).splitlines()]
    text = "\n".join(lines).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text or None


def _doc(node: Any) -> str | None:
    docs = [
        _clean(_texts(d.content))
        for a in getattr(node, "annotations", [])
        for d in a.documentations
    ]
    joined = "\n\n".join(d for d in docs if d)
    return joined or None
