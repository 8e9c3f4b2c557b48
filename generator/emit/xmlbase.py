"""What the writer and reader plans of ``xml.py`` share: the `Function` they produce, the
names of generated functions, xsi:nil, and the namespaces (and prefixes) a document uses."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from types import ModuleType

from generator.emit.pycode import Function as Function  # the plans' product, shared
from generator.emit.views import ClassView, FieldView
from generator.ir import XML_NAMESPACE

XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
XSI_DECLARATION = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
NIL_ATTRIBUTE = XSI_DECLARATION + ' xsi:nil="true"'


def nil_field(f: FieldView) -> bool:
    """An element that must be there but may be nil: None in the model is xsi:nil="true".

    (An optional nillable element's None is its absence; xsi:nil reads as None.)
    """
    return f.kind == "element" and f.nillable and not f.optional


def annotation_names(f: FieldView) -> set[str]:
    """What an annotation of field ``f``'s value names from outside the module: model classes
    and enums, ``datetime`` or ``Decimal``."""
    names = {b.name for b in f.branches}
    if f.cls is not None:
        names.add(f.cls.name)
    if f.poly is not None:
        names.add(f.poly.declared.name)
    if f.enum is not None:
        names.add(f.enum.name)
    elif f.lexical is not None:
        names.update(f.lexical.python_uses)
    return names


def writer_name(cls: ClassView) -> str:
    return f"_write_{cls.name}"


def attrs_name(cls: ClassView) -> str:
    return f"_attrs_{cls.name}"


def reader_name(cls: ClassView) -> str:
    return f"_read_{cls.name}"


def root_writer_name(cls: ClassView) -> str:
    return f"_root_{cls.name}"


def choice_writer(owner: ClassView, f: FieldView) -> str:
    return f"_choice_{owner.name}_{f.name}"


def typed_writer(owner: ClassView, f: FieldView) -> str:
    """The writer of a `Poly` field's element, with ``xsi:type`` for a derived class."""
    return f"_typed_{owner.name}_{f.name}"


def typed_reader(cls: ClassView) -> str:
    """The reader of an element of ``cls``'s type or, by ``xsi:type``, a type derived from it."""
    return f"_typed_{cls.name}"


def members_name(enum: str) -> str:
    """The module-level `Members` table readers look enumeration values up in."""
    return f"_{enum.upper()}"


def walk_fields(fields: list[FieldView], items: bool = False) -> Iterator[FieldView]:
    """Fields and, for choices and groups, the fields inside them, depth first; inside the
    items of a grouped field (which have readers of their own) only when ``items``."""
    for f in fields:
        yield f
        if f.grouped and not items:
            continue
        if f.kind == "group" and f.cls is not None:
            yield from walk_fields(f.cls.fields, items)
        for branch in f.branches:
            yield from walk_fields(branch.fields, items)


def _closure(cls: ClassView) -> Iterator[ClassView]:
    seen: set[int] = set()
    todo = [cls]
    while todo:
        c = todo.pop()
        if id(c) in seen:
            continue
        seen.add(id(c))
        yield c
        for f in c.fields:
            todo += [*([f.cls] if f.cls else []), *f.branches]
            todo += f.poly.derived if f.poly else []


def namespaces_used(cls: ClassView) -> set[str]:
    """Namespaces of every element and attribute name a document rooted at ``cls`` can hold."""
    found: set[str] = set()
    if cls.xml_name and cls.xml_name.startswith("{"):
        found.add(cls.xml_name[1:].partition("}")[0])
    for c in _closure(cls):
        for f in c.fields:
            if f.xml_name and f.xml_name.startswith("{"):
                found.add(f.xml_name[1:].partition("}")[0])
            for d in f.poly.derived if f.poly else []:
                assert d.type_name is not None
                found.add(d.type_name.namespace)  # xsi:type="prefix:Name"
    return found


def prefix_map(namespaces: set[str], first: str | None) -> dict[str, str]:
    """``ns1``, ``ns2``, … : the contract's own namespace first, then the others sorted; the
    XML namespace (``xml:lang``) always has its reserved prefix ``xml``, never declared."""
    ordered = sorted(namespaces - {XML_NAMESPACE}, key=lambda ns: (ns != first, ns))
    prefixes = {ns: f"ns{i}" for i, ns in enumerate(ordered, 1)}
    if XML_NAMESPACE in namespaces:
        prefixes[XML_NAMESPACE] = "xml"
    return prefixes


def declared(namespaces: set[str]) -> set[str]:
    """The namespaces of ``namespaces`` a document declares (all but the XML namespace)."""
    return namespaces - {XML_NAMESPACE}


def all_namespaces(classes: list[ClassView]) -> set[str]:
    found: set[str] = set()
    for cls in classes:
        found |= namespaces_used(cls)
    return found


def defined_in(module: ModuleType) -> frozenset[str]:
    """The public names ``module`` defines itself (not those it imports)."""
    return frozenset(
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not inspect.ismodule(value)
        and getattr(value, "__module__", module.__name__) == module.__name__
    )
