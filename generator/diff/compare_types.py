"""Global types and elements, old against new, matched by qualified name.

Declared content is compared (own particle, own facets), so a change to a base or a named
simple type is found once, where it is written. Where a type's base itself changed, the
effective content is compared instead, so moving elements into a new base changes nothing.
"""

from __future__ import annotations

from dataclasses import replace

from generator.diff.compare_content import compare_content
from generator.diff.compare_facets import compare_facets
from generator.diff.findings import Comparison, Node, Scope, Where, types_of
from generator.diff.model import CHANGES, NARROWS, NEUTRAL, TOLERANT, WIDENS, Effect
from generator.diff.rules import RULES
from generator.diff.text import normalized, quoted
from generator.ir import (
    XS,
    AnyAttribute,
    Attribute,
    ComplexType,
    Contract,
    Element,
    ElementParticle,
    EnumValue,
    Facets,
    Particle,
    QName,
    SimpleType,
)

# XSD built-in derivations (XML Schema Part 2, §3.3), child → base, for type-changed.
BUILTIN_BASES = {
    "normalizedString": "string",
    "token": "normalizedString",
    "language": "token",
    "Name": "token",
    "NMTOKEN": "token",
    "NCName": "Name",
    "ID": "NCName",
    "IDREF": "NCName",
    "ENTITY": "NCName",
    "integer": "decimal",
    "nonPositiveInteger": "integer",
    "negativeInteger": "nonPositiveInteger",
    "long": "integer",
    "int": "long",
    "short": "int",
    "byte": "short",
    "nonNegativeInteger": "integer",
    "unsignedLong": "nonNegativeInteger",
    "unsignedInt": "unsignedLong",
    "unsignedShort": "unsignedInt",
    "unsignedByte": "unsignedShort",
    "positiveInteger": "nonNegativeInteger",
}

Declaration = Element | ElementParticle | Attribute


def compare_schema(ctx: Comparison) -> None:
    _types(ctx)
    _elements(ctx)


# -- global definitions ----------------------------------------------------------------------


def _types(ctx: Comparison) -> None:
    old, new = types_of(ctx.old), types_of(ctx.new)
    for name in sorted(old.keys() | new.keys()):
        a, b = old.get(name), new.get(name)
        path, scope = ctx.label(name), Node("type", name)
        if a is None or b is None:
            _type_added_or_removed(ctx, path, scope, a, b)
        elif isinstance(a, SimpleType) and isinstance(b, SimpleType):
            compare_simple(ctx, path, scope, a, b)
        elif isinstance(a, ComplexType) and isinstance(b, ComplexType):
            compare_complex(ctx, path, scope, a, b, effective=False)
        else:
            ctx.emit(
                "type-changed",
                path,
                f"{path} changed from a {_kind(a)} type to a {_kind(b)} type",
                _kind(a),
                _kind(b),
                scope,
                (a.location, b.location),
            )


def _kind(t: SimpleType | ComplexType) -> str:
    return "simple" if isinstance(t, SimpleType) else "complex"


def _type_added_or_removed(
    ctx: Comparison,
    path: str,
    scope: Scope,
    a: SimpleType | ComplexType | None,
    b: SimpleType | ComplexType | None,
) -> None:
    """Anonymous types come and go with their element, which is reported instead. A complex
    type derived from a type both contracts have is a new (or lost) xsi:type substitute."""
    if a is not None and not a.anonymous:
        subtype = isinstance(a, ComplexType) and _exists(ctx.new, a.base)
        ctx.emit(
            "type-removed",
            path,
            f"Type {path} removed",
            path,
            None,
            scope,
            (a.location, None),
            NARROWS if subtype else None,
        )
    if b is not None and not b.anonymous:
        subtype = isinstance(b, ComplexType) and _exists(ctx.old, b.base)
        ctx.emit(
            "type-added",
            path,
            f"Type {path} added",
            None,
            path,
            scope,
            (None, b.location),
            WIDENS if subtype else None,
        )


def _exists(contract: Contract, name: QName | None) -> bool:
    return name is not None and name in types_of(contract)


def _elements(ctx: Comparison) -> None:
    """Message elements come and go with operations, which are reported instead."""
    old = {e.name: e for e in ctx.old.elements}
    new = {e.name: e for e in ctx.new.elements}
    roots = _message_elements(ctx.old) | _message_elements(ctx.new)
    for name in sorted(old.keys() | new.keys()):
        a, b = old.get(name), new.get(name)
        path, scope = ctx.label(name), Node("element", name)
        if a is not None and b is not None:
            compare_declaration(ctx, path, scope, a, b, (a.location, b.location))
        elif name in roots:
            continue
        elif b is None and a is not None:
            ctx.emit(
                "element-removed",
                path,
                f"Global element {path} removed",
                path,
                None,
                scope,
                (a.location, None),
                NARROWS if a.substitution_group else NEUTRAL,
            )
        elif b is not None:
            ctx.emit(
                "element-added-optional",
                path,
                f"Global element {path} added",
                None,
                path,
                scope,
                (None, b.location),
                TOLERANT if b.substitution_group else NEUTRAL,
            )


def _message_elements(contract: Contract) -> set[QName]:
    names: set[QName] = set()
    for op in contract.operations:
        names.update(n for n in (op.input, op.output) if n is not None)
        names.update(f.element for f in op.faults)
    return names


# -- simple types -----------------------------------------------------------------------------


def compare_simple(ctx: Comparison, path: str, scope: Scope, a: SimpleType, b: SimpleType) -> None:
    where: Where = (a.location, b.location)
    _documentation(ctx, path, scope, a.doc, b.doc, where)
    if a.variety != b.variety:
        ctx.emit(
            "type-changed",
            path,
            f"{path} changed from a {a.variety} to a {b.variety} type",
            a.variety,
            b.variety,
            scope,
            where,
        )
        return
    if a.variety == "union":
        _union(ctx, path, scope, a.member_types, b.member_types, where)
    elif a.variety == "list" and a.item_type is not None and b.item_type is not None:
        compare_type_ref(ctx, path, scope, a.item_type, b.item_type, where, "item type")
    if a.base == b.base:
        compare_facets(ctx, path, scope, a.facets, b.facets, where)
    elif ctx.old.builtin(a.name) != ctx.new.builtin(b.name):
        compare_type_ref(ctx, path, scope, a.base, b.base, where, "base type")
    else:
        ctx.emit(
            "type-changed",
            path,
            f"Base type of {path} changed from {ctx.label(a.base)} to {ctx.label(b.base)}",
            ctx.label(a.base),
            ctx.label(b.base),
            scope,
            where,
            NEUTRAL,
        )
        compare_facets(ctx, path, scope, ctx.old.facets(a.name), ctx.new.facets(b.name), where)


def _union(
    ctx: Comparison,
    path: str,
    scope: Scope,
    old: tuple[QName, ...],
    new: tuple[QName, ...],
    where: Where,
) -> None:
    added = [m for m in new if m not in old]
    removed = [m for m in old if m not in new]
    if not added and not removed:
        return
    ctx.emit(
        "type-changed",
        path,
        f"Member types of union {path} changed",
        " | ".join(ctx.label(m) for m in old),
        " | ".join(ctx.label(m) for m in new),
        scope,
        where,
        Effect(narrows=bool(removed), widens="strict" if added else "none"),
    )


# -- complex types ----------------------------------------------------------------------------


def compare_complex(
    ctx: Comparison, path: str, scope: Scope, a: ComplexType, b: ComplexType, effective: bool
) -> None:
    """``effective``: compare inherited content too (the two types have different bases)."""
    where: Where = (a.location, b.location)
    _documentation(ctx, path, scope, a.doc, b.doc, where)
    if a.content != b.content:
        ctx.emit(
            "type-changed",
            path,
            f"Content of {path} changed from {a.content} to {b.content}",
            a.content,
            b.content,
            scope,
            where,
        )
        return
    if not effective and (a.base, a.derivation) != (b.base, b.derivation):
        ctx.emit(
            "type-changed",
            path,
            f"Base type of {path} changed from {_base(ctx, a)} to {_base(ctx, b)}",
            _base(ctx, a),
            _base(ctx, b),
            scope,
            where,
            NEUTRAL,
        )
        effective = True
    if a.simple_type is not None and b.simple_type is not None:
        compare_type_ref(ctx, path, scope, a.simple_type, b.simple_type, where, "value type")
    compare_content(
        ctx,
        path,
        scope,
        _particles(ctx.old, a, effective),
        _particles(ctx.new, b, effective),
        where,
        compare_declaration,
    )
    if effective:
        old_attrs, new_attrs = ctx.old.attributes_of(a), ctx.new.attributes_of(b)
        old_any, new_any = ctx.old.any_attribute_of(a), ctx.new.any_attribute_of(b)
    else:
        old_attrs, new_attrs = a.attributes, b.attributes
        old_any, new_any = a.any_attribute, b.any_attribute
    _attributes(ctx, path, scope, old_attrs, new_attrs, where)
    _any_attribute(ctx, path, scope, old_any, new_any, where)


def _base(ctx: Comparison, t: ComplexType) -> str:
    return f"{t.derivation} of {ctx.label(t.base)}" if t.base is not None else "none"


def _particles(contract: Contract, t: ComplexType, effective: bool) -> tuple[Particle, ...]:
    if effective:
        return contract.content(t)
    return (t.particle,) if t.particle is not None else ()


def _attributes(
    ctx: Comparison,
    owner: str,
    scope: Scope,
    old: tuple[Attribute, ...],
    new: tuple[Attribute, ...],
    where: Where,
) -> None:
    a = {x.name.name: x for x in old if x.use != "prohibited"}
    b = {x.name.name: x for x in new if x.use != "prohibited"}
    for name in sorted(a.keys() | b.keys()):
        x, y = a.get(name), b.get(name)
        path = f"{owner}/@{name}"
        if y is None and x is not None:
            required = x.use == "required"
            ctx.emit(
                "attribute-removed",
                path,
                f"{'Required' if required else 'Optional'} attribute {path} removed",
                name,
                None,
                scope,
                (x.location or where[0], where[1]),
                CHANGES if required else NARROWS,
            )
        elif x is None and y is not None:
            required = y.use == "required"
            ctx.emit(
                "attribute-added-required" if required else "attribute-added-optional",
                path,
                f"{'Required' if required else 'Optional'} attribute {path} added",
                None,
                name,
                scope,
                (where[0], y.location or where[1]),
            )
        elif x is not None and y is not None:
            at: Where = (x.location or where[0], y.location or where[1])
            if x.use != y.use:
                rule = "min-occurs-increased" if y.use == "required" else "min-occurs-decreased"
                ctx.emit(
                    rule,
                    path,
                    f"Attribute {path} changed from {x.use} to {y.use}",
                    x.use,
                    y.use,
                    scope,
                    at,
                )
            compare_declaration(ctx, path, scope, x, y, at)


def _any_attribute(
    ctx: Comparison,
    owner: str,
    scope: Scope,
    a: AnyAttribute | None,
    b: AnyAttribute | None,
    where: Where,
) -> None:
    path = f"{owner}/@*"
    if a is None and b is not None:
        ctx.emit(
            "attribute-added-optional",
            path,
            f"Attribute wildcard added to {owner}",
            None,
            b.namespace,
            scope,
            where,
        )
    elif a is not None and b is None:
        ctx.emit(
            "attribute-removed",
            path,
            f"Attribute wildcard removed from {owner}",
            a.namespace,
            None,
            scope,
            where,
        )
    elif a is not None and b is not None and a != b:
        old, new = f"{a.namespace} {a.process_contents}", f"{b.namespace} {b.process_contents}"
        ctx.emit(
            "type-changed",
            path,
            f"Attribute wildcard of {owner} now accepts {new}",
            old,
            new,
            scope,
            where,
        )


# -- declarations (global elements, local elements, attributes) ---------------------------------


def compare_declaration(
    ctx: Comparison, path: str, scope: Scope, a: Declaration, b: Declaration, where: Where
) -> None:
    if a.name.namespace != b.name.namespace:
        ctx.emit(
            "namespace-changed",
            path,
            f"Namespace of {path} changed from {a.name.namespace or '(none)'} to "
            f"{b.name.namespace or '(none)'}",
            a.name.namespace,
            b.name.namespace,
            scope,
            where,
        )
    if isinstance(a, ElementParticle) and isinstance(b, ElementParticle) and a.ref and b.ref:
        return  # both refer to the same global element, which is compared on its own
    compare_type_ref(ctx, path, scope, a.type, b.type, where, "type")
    if not isinstance(a, Attribute) and not isinstance(b, Attribute) and a.nillable != b.nillable:
        ctx.emit(
            "nillable-changed",
            path,
            f"{path} {'may now' if b.nillable else 'may no longer'} be nil",
            str(a.nillable).lower(),
            str(b.nillable).lower(),
            scope,
            where,
            WIDENS if b.nillable else NARROWS,
        )
    if a.default != b.default:
        ctx.emit(
            "default-changed",
            path,
            f"Default of {path} changed from {_value(a.default)} to {_value(b.default)}",
            a.default,
            b.default,
            scope,
            where,
        )
    if a.fixed != b.fixed:
        effect = NARROWS if a.fixed is None else WIDENS if b.fixed is None else None
        ctx.emit(
            "fixed-changed",
            path,
            f"Fixed value of {path} changed from {_value(a.fixed)} to {_value(b.fixed)}",
            a.fixed,
            b.fixed,
            scope,
            where,
            effect,
        )
    _documentation(ctx, path, scope, a.doc, b.doc, where)


def _value(v: str | None) -> str:
    return "none" if v is None else quoted(v)


def _documentation(
    ctx: Comparison, path: str, scope: Scope, a: str | None, b: str | None, where: Where
) -> None:
    if normalized(a) != normalized(b):
        ctx.emit(
            "documentation-changed",
            path,
            f"Documentation of {path} changed",
            normalized(a),
            normalized(b),
            scope,
            where,
        )


# -- type references --------------------------------------------------------------------------


def compare_type_ref(
    ctx: Comparison, path: str, scope: Scope, a: QName, b: QName, where: Where, what: str
) -> None:
    """A declaration now names another type: judge it by how the two types relate."""
    if a == b:
        return
    if equivalent(ctx, a, b):
        effect, how = NEUTRAL, ", which has the same content"
    elif _simple(ctx.old, a) and _simple(ctx.new, b) and a in _ancestors(ctx.new, b):
        effect, how = NARROWS, f", a restriction of {ctx.label(a)}"
    elif _simple(ctx.old, a) and _simple(ctx.new, b) and b in _ancestors(ctx.old, a):
        effect, how = WIDENS, f", which {ctx.label(a)} restricted"
    else:
        effect, how = CHANGES, ""
    ctx.emit(
        "type-changed",
        path,
        f"{what.capitalize()} of {path} changed from {ctx.label(a)} to {ctx.label(b)}{how}",
        ctx.label(a),
        ctx.label(b),
        scope,
        where,
        effect,
    )


def _simple(contract: Contract, name: QName) -> bool:
    if name.is_builtin:
        return name.name not in ("anyType",)
    return isinstance(contract.type(name), SimpleType)


def _ancestors(contract: Contract, name: QName) -> list[QName]:
    chain: list[QName] = []
    current: QName | None = name
    while current is not None and current not in chain:
        chain.append(current)
        if current.is_builtin:
            base = BUILTIN_BASES.get(current.name)
            current = QName(XS, base) if base else None
        else:
            t = contract.type(current)
            current = t.base if isinstance(t, SimpleType) and t.variety == "atomic" else None
    return chain[1:]


def equivalent(ctx: Comparison, a: QName, b: QName) -> bool:
    """Whether old type ``a`` and new type ``b`` accept the same documents (docs aside)."""
    if a == b or (a, b) in ctx.assumed:
        return True
    if _simple(ctx.old, a) and _simple(ctx.new, b):
        return _simple_equivalent(ctx, a, b)
    ta, tb = ctx.old.type(a), ctx.new.type(b)
    if not (isinstance(ta, ComplexType) and isinstance(tb, ComplexType)):
        return False
    ctx.assumed.add((a, b))  # recursive types: assume equal while proving it
    try:
        scratch = ctx.scratch()
        compare_complex(scratch, ctx.label(a), Node("type", a), ta, tb, effective=True)
    finally:
        ctx.assumed.discard((a, b))
    return all((f.effect or RULES[f.rule].effect) == NEUTRAL for f in scratch.findings)


def _simple_equivalent(ctx: Comparison, a: QName, b: QName) -> bool:
    ta, tb = ctx.old.type(a), ctx.new.type(b)
    va = ta.variety if isinstance(ta, SimpleType) else "atomic"
    vb = tb.variety if isinstance(tb, SimpleType) else "atomic"
    if va != vb:
        return False
    if isinstance(ta, SimpleType) and isinstance(tb, SimpleType):
        if va == "list" and ta.item_type and tb.item_type:
            return equivalent(ctx, ta.item_type, tb.item_type)
        if va == "union":
            return len(ta.member_types) == len(tb.member_types) and all(
                equivalent(ctx, x, y) for x, y in zip(ta.member_types, tb.member_types, strict=True)
            )
    return ctx.old.builtin(a) == ctx.new.builtin(b) and _values_of(ctx.old.facets(a)) == _values_of(
        ctx.new.facets(b)
    )


def _values_of(f: Facets) -> Facets:
    """Facets without the documentation of enumeration values."""
    return replace(f, enumeration=tuple(EnumValue(e.value) for e in f.enumeration))
