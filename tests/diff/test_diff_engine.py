"""Engine behaviour the per-rule fixtures do not show, on IR built in Python."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.diff import diff, fingerprint
from generator.diff.model import Change
from generator.ir import (
    Binding,
    ComplexType,
    Contract,
    Element,
    ElementParticle,
    Facets,
    ModelGroup,
    Operation,
    QName,
    SimpleType,
    xs,
)

NS = "urn:engine"


def q(name: str) -> QName:
    return QName(NS, name)


def seq(*elements: tuple[str, QName] | ElementParticle) -> ModelGroup:
    return ModelGroup(
        "sequence",
        tuple(
            e if isinstance(e, ElementParticle) else ElementParticle(q(e[0]), e[1])
            for e in elements
        ),
    )


def contract(
    types: list[ComplexType | SimpleType], elements: list[Element] | None = None
) -> Contract:
    """One operation Op: request element Req (ReqType), response element Resp (RespType)."""
    op = Operation("Op", "urn:engine:Op", q("Req"), q("Resp"))
    return Contract(
        service="engine",
        version=None,
        entry="engine.wsdl",
        target_namespace=NS,
        bindings=(Binding(q("B"), q("PT"), operations=(op,)),),
        elements=tuple(
            sorted(
                [Element(q("Req"), q("ReqType")), Element(q("Resp"), q("RespType"))]
                + (elements or []),
                key=lambda e: e.name,
            )
        ),
        complex_types=tuple(
            sorted((t for t in types if isinstance(t, ComplexType)), key=lambda t: t.name)
        ),
        simple_types=tuple(
            sorted((t for t in types if isinstance(t, SimpleType)), key=lambda t: t.name)
        ),
    )


def only(changes: tuple[Change, ...], rule: str) -> Change:
    found = [c for c in changes if c.rule == rule]
    assert len(found) == 1, [c.message for c in changes]
    return found[0]


def non_info(changes: tuple[Change, ...]) -> list[Change]:
    return [c for c in changes if (c.client, c.service) != ("info", "info")]


# Req → ReqType/Item: ItemType, whose subtype SpecialItemType may appear via xsi:type.
# Req → ReqType/Left: LeftType, Resp → RespType/Right: RightType; both extend CommonType.
BASE: list[ComplexType | SimpleType] = [
    ComplexType(q("ReqType"), particle=seq(("Item", q("ItemType")), ("Left", q("LeftType")))),
    ComplexType(q("RespType"), particle=seq(("Right", q("RightType")))),
    ComplexType(q("ItemType"), particle=seq(("Code", xs("string")))),
    ComplexType(
        q("SpecialItemType"),
        particle=seq(("Extra", xs("string"))),
        base=q("ItemType"),
        derivation="extension",
    ),
    ComplexType(q("CommonType"), particle=seq(("Id", xs("string")))),
    ComplexType(
        q("LeftType"),
        particle=seq(("L", xs("string"))),
        base=q("CommonType"),
        derivation="extension",
    ),
    ComplexType(
        q("RightType"),
        particle=seq(("R", xs("string"))),
        base=q("CommonType"),
        derivation="extension",
    ),
    SimpleType(q("UnusedType"), xs("string"), facets=Facets(max_length=5)),
]


def changed(name: str, **fields: Any) -> list[ComplexType | SimpleType]:
    return [replace(t, **fields) if t.name == q(name) else t for t in BASE]


def test_subtypes_of_a_used_type_are_reached() -> None:
    new = changed("SpecialItemType", particle=seq(("Extra", xs("string")), ("More", xs("int"))))
    change = only(diff(contract(BASE), contract(new)).changes, "element-added-required")
    assert change.path == "SpecialItemType/More"
    assert (change.operations, change.direction) == (("Op",), "request")


def test_a_shared_base_does_not_make_siblings_reachable() -> None:
    new = changed("RightType", particle=seq(("R", xs("string")), ("R2", xs("int"))))
    change = only(diff(contract(BASE), contract(new)).changes, "element-added-required")
    assert change.direction == "response"  # not "both", though LeftType shares CommonType
    assert (change.client, change.service) == ("warning", "breaking")


def test_a_change_in_a_shared_base_reaches_both_directions_once() -> None:
    new = changed("CommonType", particle=seq(("Id", xs("string")), ("Rev", xs("int"))))
    changes = diff(contract(BASE), contract(new)).changes
    assert [c.path for c in changes] == ["CommonType/Rev"]
    assert changes[0].direction == "both"


def test_a_new_subtype_widens_where_its_base_is_used() -> None:
    extra = ComplexType(q("OtherItemType"), base=q("ItemType"), derivation="extension")
    change = only(diff(contract(BASE), contract([*BASE, extra])).changes, "type-added")
    assert (change.direction, change.client, change.service) == ("request", "info", "breaking")


def test_a_subtype_removed_with_its_base_is_only_information() -> None:
    gone = {q("ItemType"), q("SpecialItemType")}
    new = [
        ComplexType(q("ReqType"), particle=seq(("Left", q("LeftType")))),
        *(t for t in BASE if t.name not in gone and t.name != q("ReqType")),
    ]
    changes = diff(contract(BASE), contract(new)).changes
    assert [(c.rule, c.path) for c in non_info(changes)] == [("element-removed", "ReqType/Item")]


def test_a_renamed_type_with_the_same_content_is_only_information() -> None:
    article = ComplexType(q("ArticleType"), particle=seq(("Code", xs("string"))))
    special = ComplexType(
        q("SpecialItemType"),
        particle=seq(("Extra", xs("string"))),
        base=q("ArticleType"),
        derivation="extension",
    )
    req = ComplexType(
        q("ReqType"), particle=seq(("Item", q("ArticleType")), ("Left", q("LeftType")))
    )
    kept = [t for t in BASE if t.name not in (q("ItemType"), special.name, req.name)]
    renamed = [*kept, article, special, req]
    changes = diff(contract(BASE), contract(renamed)).changes
    assert non_info(changes) == []
    (item,) = [c for c in changes if c.path == "ReqType/Item"]
    assert (item.rule, item.old, item.new) == ("type-changed", "ItemType", "ArticleType")
    assert item.message.endswith("which has the same content.")


def test_moving_elements_into_a_new_base_changes_nothing_on_the_wire() -> None:
    old = [
        *BASE,
        ComplexType(q("FlatType"), particle=seq(("A", xs("string")), ("B", xs("string")))),
    ]
    new = [
        *BASE,
        ComplexType(q("HeadType"), particle=seq(("A", xs("string")))),
        ComplexType(
            q("FlatType"),
            particle=seq(("B", xs("string"))),
            base=q("HeadType"),
            derivation="extension",
        ),
    ]
    changes = diff(contract(old), contract(new)).changes
    assert non_info(changes) == []
    assert {c.rule for c in changes} == {"type-changed", "type-added"}


def test_a_sequence_becoming_a_choice_is_one_change() -> None:
    new = changed("ItemType", particle=ModelGroup("choice", seq(("Code", xs("string"))).particles))
    (change,) = diff(contract(BASE), contract(new)).changes
    assert (change.rule, change.path, change.old, change.new) == (
        "type-changed",
        "ItemType",
        "sequence",
        "choice",
    )


def test_a_restricting_type_narrows_and_a_base_type_widens() -> None:
    code = SimpleType(q("CodeType"), xs("string"), facets=Facets(max_length=3))
    narrowed = changed("ItemType", particle=seq(("Code", q("CodeType"))))
    change = only(diff(contract(BASE), contract([*narrowed, code])).changes, "type-changed")
    assert (change.client, change.service) == ("breaking", "info")
    change = only(diff(contract([*narrowed, code]), contract(BASE)).changes, "type-changed")
    assert (change.client, change.service) == ("info", "breaking")
    wider = changed("ItemType", particle=seq(("Code", xs("token"))))
    change = only(diff(contract(BASE), contract(wider)).changes, "type-changed")
    assert (change.client, change.service) == ("breaking", "info")  # token restricts string


def test_a_rewritten_pattern_is_judged_both_ways() -> None:
    old = [*BASE, SimpleType(q("P"), xs("string"), facets=Facets(patterns=("[0-9]{4}",)))]
    new = [*BASE, SimpleType(q("P"), xs("string"), facets=Facets(patterns=("[0-9]{3,4}",)))]
    ct = ComplexType(
        q("ReqType"), particle=seq(("Item", q("ItemType")), ("Left", q("LeftType")), ("P", q("P")))
    )
    old = [ct if t.name == ct.name else t for t in old]
    new = [ct if t.name == ct.name else t for t in new]
    change = only(diff(contract(old), contract(new)).changes, "facet-tightened")
    assert (change.old, change.new) == ("pattern=[0-9]{4}", "pattern=[0-9]{3,4}")
    assert (change.client, change.service) == ("breaking", "breaking")


def test_unused_types_are_information() -> None:
    new = changed("UnusedType", facets=Facets(max_length=2))
    change = only(diff(contract(BASE), contract(new)).changes, "facet-tightened")
    assert (change.operations, change.direction) == ((), "none")
    assert (change.client, change.service) == ("info", "info")


def test_numeric_bounds_compare_as_numbers() -> None:
    old = changed("UnusedType", facets=Facets(max_inclusive="9.5"))
    new = changed("UnusedType", facets=Facets(max_inclusive="10"))
    change = only(diff(contract(old), contract(new)).changes, "facet-loosened")
    assert change.message == "MaxInclusive of UnusedType raised from 9.5 to 10."


def test_fingerprints_are_stable_and_ignore_locations() -> None:
    # pinned: changing the algorithm would orphan every waiver and CI baseline
    assert (
        fingerprint(
            "enumeration-value-added", "TilbudstypeType", None, "OpkvalificeringVedAnsaettelse"
        )
        == "83232e197cd47f5f"
    )


def test_names_in_two_namespaces_are_qualified_in_paths() -> None:
    other = SimpleType(QName("urn:other", "UnusedType"), xs("string"))
    new = [*changed("UnusedType", facets=Facets(max_length=4)), other]
    old = [*BASE, other]
    change = only(diff(contract(old), contract(new)).changes, "facet-tightened")
    assert change.path == "{urn:engine}UnusedType"
