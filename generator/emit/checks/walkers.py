"""What ``validate_xml`` checks, per complex type (`Walker`), attribute and child element."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import ir
from generator.emit.checks.values import Fixed, ValuePlan
from generator.emit.pycode import literal


@dataclass
class XmlAttribute:
    const: str
    local: str
    value: ValuePlan
    required: bool
    fixed: Fixed | None = None


@dataclass
class XmlChild:
    """How a walker validates one kind of child element (dispatched by its tag)."""

    const: str
    tag: str
    local: str
    kind: str  # simple, complex, anything (xs:anyType)
    value: ValuePlan | None = None
    walker: str | None = None
    nillable: bool = False
    default: str | None = None
    fixed: Fixed | None = None
    type_const: str = ""


@dataclass
class Walker:
    name: str  # the function
    type_const: str  # Clark name of the type (for xsi:type)
    mode: str  # automaton, all, empty, simple
    attributes: list[XmlAttribute]
    known_const: str  # frozenset of declared attribute names
    any_attribute: bool
    children: list[XmlChild] = field(default_factory=list)
    any_attribute_rule: str = "True"  # code: xs:anyAttribute's namespace constraint
    value: ValuePlan | None = None
    # automaton
    table_const: str = ""
    finals_const: str = ""
    exclusive_const: str = ""
    counters_const: str | None = None
    wild_const: str | None = None
    # xs:all
    all_const: str = ""
    required_const: str = ""  # tuple of (tag, local name) of the required members
    all_optional: bool = False
    type_label: str = ""
    mixed: bool = False  # text may stand between the children
    nullable: bool = False  # the content model accepts no child element at all


@dataclass
class Typed:
    """An element whose declared type is abstract or has derived types: checked as the type
    its ``xsi:type`` names (``types``: type constant → walker, None for an abstract one)."""

    name: str  # the function
    declared: str  # the declared type's constant
    types: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass
class Root:
    const: str
    local: str
    child: XmlChild


def wild_rule(w: ir.Wildcard, target_namespace: str) -> str:
    """Code for a wildcard's namespace constraint: (kind, namespaces)."""
    ns = w.namespace.split()
    if ns == ["##any"]:
        return '("any", frozenset())'
    if ns == ["##other"]:
        return f'("other", frozenset({{{literal(target_namespace)}, ""}}))'
    listed = sorted(
        {target_namespace if x == "##targetNamespace" else "" if x == "##local" else x for x in ns}
    )
    return '("list", frozenset({' + ", ".join(literal(x) for x in listed) + "}))"
