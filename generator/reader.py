"""Map a loaded contract (`generator.loader`) into the IR.

xsdata does the XML-Schema reading (its document models of every WSDL and XSD); this module
resolves every reference in the schemas and maps them into `generator.ir`, and
`generator.wsdl_reader` maps the WSDL parts. Nothing after the reader sees xsdata objects.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from xsdata.models import xsd
from xsdata.models.enums import FormType, ProcessType, UseType

from generator import ir, policy
from generator.contracts import ContractSource
from generator.errors import ContractError
from generator.ir import XML_NAMESPACE, QName, xs
from generator.loader import File, Layout, Loader, Schema, display, doc_text
from generator.locations import Resolver
from generator.wsdl_reader import WsdlMapper

UNBOUNDED = sys.maxsize


def read(source: ContractSource) -> ir.Contract:
    """Read the contract at ``source`` into the IR (raises ContractError)."""
    loader = Loader(Resolver(source.folder, source.schemas))
    loader.load(source.entry)
    return _Mapper(loader, source).contract()


# -- mapping into the IR ----------------------------------------------------------------


@dataclass
class _Def:
    """A global definition and where it was found."""

    model: Any
    schema: Schema


class _Mapper:
    def __init__(self, loader: Loader, source: ContractSource):
        self.loader = loader
        self.source = source
        self.layout = Layout.of(loader)
        self.open_groups: set[tuple[str, QName]] = set()
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
                            display(schema.file.uri),
                            schema.file.line(item.index),
                        )
                    table[name] = _Def(item, schema)

    def lookup(self, kind: str, name: QName, schema: Schema, node: Any) -> _Def:
        found = self.tables[kind].get(name)
        if found is None:
            raise ContractError(
                f"unresolved {kind} reference '{name}'",
                display(schema.file.uri),
                schema.file.line(node.index),
            )
        return found

    # -- helpers -----------------------------------------------------------------------

    def rel(self, f: File) -> str:
        return self.layout.paths[f.uri]

    def loc(self, schema: Schema, node: Any) -> ir.Location:
        return ir.Location(self.rel(schema.file), schema.file.line(getattr(node, "index", 0)))

    def qname(self, text: str, node: Any, schema: Schema) -> QName:
        prefix, _, local = text.rpartition(":")
        ns_map = getattr(node, "ns_map", {}) or {}
        if prefix:
            if prefix not in ns_map:
                raise ContractError(
                    f"unknown namespace prefix '{prefix}' in '{text}'",
                    display(schema.file.uri),
                    schema.file.line(node.index),
                )
            namespace = ns_map[prefix]
        else:
            namespace = ns_map.get(None) or ""
            if not namespace and schema.chameleon:
                namespace = schema.namespace
        return QName(namespace, local)

    def type_ref(self, text: str | None, node: Any, schema: Schema) -> QName:
        if not text:
            return ir.ANY_TYPE
        name = self.qname(text, node, schema)
        if name.is_builtin:
            return name
        if name not in self.tables["complexType"] and name not in self.tables["simpleType"]:
            raise ContractError(
                f"unresolved type reference '{text}' ({name})",
                display(schema.file.uri),
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
        self.check_derivations()
        bindings, services, tns = WsdlMapper(
            self.loader, self.elements, self.rel
        ).services_and_bindings()
        files = sorted(
            {
                ir.SchemaFile(
                    path=self.rel(s.file),
                    kind="wsdl" if s.file.kind == "wsdl" else "xsd",
                    target_namespace=s.namespace or None,
                    version=s.model.version,
                    element_form_default=_form(s.model.element_form_default),
                    attribute_form_default=_form(s.model.attribute_form_default),
                    source=self.layout.sources.get(s.file.uri),
                    locations=self.layout.locations(self.loader, s.file.uri),
                )
                for s in self.loader.schemas.values()
            }
            | {
                ir.SchemaFile(
                    path=self.rel(f),
                    kind="wsdl",
                    target_namespace=d.target_namespace,
                    locations=self.layout.locations(self.loader, f.uri),
                )
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
            token_security=policy.variant_security(self.source),
        )

    def check_derivations(self) -> None:
        """A type derived (in any number of steps) from itself is an error, not a hang."""
        types: dict[QName, ir.ComplexType | ir.SimpleType] = {**self.simple, **self.complex}
        for start, t in types.items():
            seen = {start}
            base = t.base
            while base is not None and base in types:
                if base in seen:
                    where = t.location or ir.Location(self.rel(self.loader.definitions[0][1]), 0)
                    raise ContractError(
                        f"type '{start.name}' is derived from itself",
                        display(str(self.layout.root / where.file)),
                        where.line,
                    )
                seen.add(base)
                base = types[base].base

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
            doc=doc_text(e),
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

    def element_type(self, e: xsd.Element, owner: str, schema: Schema) -> QName:
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

    def particle_element(self, e: xsd.Element, owner: str, schema: Schema) -> ir.ElementParticle:
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
                doc=doc_text(e) or doc_text(g),
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
            doc=doc_text(e),
            location=self.loc(schema, e),
        )

    # -- content models ----------------------------------------------------------------

    def model_group(
        self, group: Any, owner: str, schema: Schema, occurs: Any = None
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

    def group_ref(self, ref: xsd.Group, owner: str, schema: Schema) -> ir.ModelGroup:
        name = self.qname(ref.ref, ref, schema)
        d = self.lookup("group", name, schema, ref)
        inner = d.model.sequence or d.model.choice or d.model.all
        if inner is None:
            return ir.ModelGroup("sequence", (), ref.min_occurs, 1, self.loc(schema, ref))
        with self.expanding(name, "group", schema, ref):
            return self.model_group(inner, owner, d.schema, occurs=ref)

    @contextmanager
    def expanding(self, name: QName, kind: str, schema: Schema, node: Any) -> Iterator[None]:
        """Expand group ``name`` in place; a group that contains itself is an error."""
        if (kind, name) in self.open_groups:
            raise ContractError(
                f"{kind} '{name.name}' contains itself",
                display(schema.file.uri),
                schema.file.line(node.index),
            )
        self.open_groups.add((kind, name))
        try:
            yield
        finally:
            self.open_groups.discard((kind, name))

    def content_particle(self, holder: Any, owner: str, schema: Schema) -> ir.ModelGroup | None:
        if holder.group is not None:
            return self.group_ref(holder.group, owner, schema)
        for attr in ("sequence", "choice", "all"):
            group = getattr(holder, attr)
            if group is not None:
                return self.model_group(group, owner, schema)
        return None

    # -- attributes --------------------------------------------------------------------

    def attributes(self, holder: Any, owner: str, schema: Schema) -> tuple[ir.Attribute, ...]:
        result: list[ir.Attribute] = []
        for a in holder.attributes:
            result.append(self.attribute(a, owner, schema))
        for group in holder.attribute_groups:
            name = self.qname(group.ref, group, schema)
            d = self.lookup("attributeGroup", name, schema, group)
            with self.expanding(name, "attributeGroup", schema, group):
                result.extend(self.attributes(d.model, owner, d.schema))
        return tuple(result)

    def attribute(self, a: xsd.Attribute, owner: str, schema: Schema) -> ir.Attribute:
        use = (a.use or UseType.OPTIONAL).value
        if a.ref:
            ref = self.qname(a.ref, a, schema)
            if ref.namespace == XML_NAMESPACE and ref not in self.tables["attribute"]:
                # xml:lang, xml:space … used without importing their schema (xsdata bundles
                # it); imported, they have their declared types (xs:language, an enumeration)
                return ir.Attribute(
                    ref, xs("string"), use, a.default, a.fixed, doc_text(a), self.loc(schema, a)  # type: ignore[arg-type]
                )
            d = self.lookup("attribute", ref, schema, a)
            g: xsd.Attribute = d.model
            return ir.Attribute(
                name=ref,
                type=self.attribute_type(g, f"{owner}/@{g.name}", d.schema),
                use=use,  # type: ignore[arg-type]
                default=a.default or g.default,
                fixed=a.fixed or g.fixed,
                doc=doc_text(a) or doc_text(g),
                location=self.loc(schema, a),
            )
        qualified = a.form == FormType.QUALIFIED
        return ir.Attribute(
            name=QName(schema.namespace if qualified else "", a.name or ""),
            type=self.attribute_type(a, f"{owner}/@{a.name}", schema),
            use=use,  # type: ignore[arg-type]
            default=a.default,
            fixed=a.fixed,
            doc=doc_text(a),
            location=self.loc(schema, a),
        )

    def attribute_type(self, a: xsd.Attribute, owner: str, schema: Schema) -> QName:
        if a.simple_type is not None:
            anon = QName(schema.namespace, owner)
            self.simple_type(a.simple_type, anon, schema, anonymous=True)
            return anon
        return self.type_ref(a.type, a, schema) if a.type else xs("anySimpleType")

    # -- types -------------------------------------------------------------------------

    def complex_type(
        self, ct: xsd.ComplexType, name: QName, schema: Schema, anonymous: bool
    ) -> None:
        if name in self.complex:
            return
        if ct.assertion or ct.open_content:
            raise ContractError(
                "XSD 1.1 constructs (xs:assert, xs:openContent) are not supported",
                display(schema.file.uri),
                schema.file.line(ct.index),
            )
        owner = name.name
        doc, location = doc_text(ct), self.loc(schema, ct)
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

    def simple_type(self, st: xsd.SimpleType, name: QName, schema: Schema, anonymous: bool) -> None:
        if name in self.simple:
            return
        owner = name.name
        common: dict[str, Any] = {
            "anonymous": anonymous,
            "doc": doc_text(st),
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
                display(schema.file.uri),
                schema.file.line(st.index),
            )

    def facets(self, r: xsd.Restriction, schema: Schema) -> ir.Facets:
        def value(facet: Any) -> Any:
            return None if facet is None else facet.value

        def num(facet: Any) -> int | None:
            if facet is None:
                return None
            try:
                return int(facet.value)
            except (TypeError, ValueError):
                raise ContractError(
                    f"facet value '{facet.value}' is not a number",
                    display(schema.file.uri),
                    schema.file.line(facet.index),
                ) from None

        patterns = [p.value for p in r.patterns]
        return ir.Facets(
            enumeration=tuple(
                ir.EnumValue(e.value, doc_text(e), self.loc(schema, e)) for e in r.enumerations
            ),
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


# -- small helpers ---------------------------------------------------------------------------


def _derivation(content: xsd.SimpleContent, schema: Schema) -> xsd.Extension | xsd.Restriction:
    der = content.extension or content.restriction
    if der is None:
        raise ContractError(
            "simpleContent/complexContent without extension or restriction",
            display(schema.file.uri),
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
    # xsdata leaves an absent processContents as the plain string "strict", not the enum.
    return ir.AnyAttribute(a.namespace, ProcessType(a.process_contents or "strict").value)


def _reject_xsd11(e: xsd.Element, schema: Schema) -> None:
    if e.alternatives:
        raise ContractError(
            "XSD 1.1 xs:alternative is not supported",
            display(schema.file.uri),
            schema.file.line(e.index),
        )
