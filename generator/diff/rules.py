"""The rule registry: stable ids, what each rule means, and how it is judged per side.

Sides: ``client`` is a system built on the OLD contract talking to a service on the NEW one
(it sends old requests and reads new responses); ``service`` is a service built on the OLD
contract serving clients on the NEW one (it reads new requests and sends old responses).

A change that narrows what is valid breaks whoever still sends old documents; a change that
widens it breaks whoever still reads with the old contract. Services validate requests
against their schema (a KY on 2.7 rejects an enumeration value it does not know), so any
widening of a request breaks the service; clients may read responses tolerantly, so a
tolerant widening of a response (see `Effect`) is only a warning for the client.

Rule ids are public (waivers and CI configurations name them): add rules, never rename one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.diff.model import (
    CHANGES,
    NARROWS,
    NEUTRAL,
    TOLERANT,
    WIDENS,
    Direction,
    Effect,
    Level,
    Verdict,
    Widening,
    worst,
)

Judge = Callable[[Direction, Effect], Verdict]

# How a response reader (the client) fares with each kind of widening.
READER_LEVEL: dict[Widening, Level] = {"none": "info", "tolerant": "warning", "strict": "breaking"}


def by_direction(direction: Direction, effect: Effect) -> Verdict:
    """The general judgement: who sends and who reads the affected documents."""
    client: list[Level] = []
    service: list[Level] = []
    if direction in ("request", "both"):
        client.append("breaking" if effect.narrows else "info")
        service.append("info" if effect.widens == "none" else "breaking")
    if direction in ("response", "both"):
        client.append(READER_LEVEL[effect.widens])
        service.append("breaking" if effect.narrows else "info")
    return Verdict(worst(*client), worst(*service))


def fixed(client: Level, service: Level) -> Judge:
    """A verdict that does not depend on the documents, e.g. a whole operation."""

    def judge(direction: Direction, effect: Effect) -> Verdict:
        return Verdict(client, service)

    return judge


def meaning_changed(direction: Direction, effect: Effect) -> Verdict:
    """Documents stay valid but are read differently: both sides must look, if used at all."""
    level: Level = "info" if direction == "none" else "warning"
    return Verdict(level, level)


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    effect: Effect  # the usual effect; a finding may state a more precise one
    judge: Judge


RULES: dict[str, Rule] = {}


def register(
    id: str, description: str, effect: Effect = NEUTRAL, judge: Judge = by_direction
) -> None:
    if id in RULES:
        raise ValueError(f"rule {id} registered twice")
    RULES[id] = Rule(id, description, effect, judge)


# -- operations and endpoints (judged per operation, not per document) ---------------------
register(
    "operation-added",
    "The new contract has an operation the old one lacks; an old service cannot answer it.",
    judge=fixed("info", "breaking"),
)
register(
    "operation-removed",
    "An operation is gone; old clients still call it.",
    judge=fixed("breaking", "info"),
)
register("soap-action-changed", "An operation's SOAPAction differs.", CHANGES)
register(
    "operation-message-changed",
    "An operation's input, output or fault element is a different global element.",
    CHANGES,
)
register(
    "fault-added",
    "An operation may return a new fault; old clients still see a SOAP Fault.",
    judge=fixed("warning", "info"),
)
register(
    "fault-removed",
    "An operation no longer declares a fault that old services still return.",
    judge=fixed("info", "warning"),
)
register(
    "endpoint-changed",
    "A service address or manifest endpoint changed; deployments must follow.",
    judge=fixed("warning", "warning"),
)
register(
    "security-policy-changed",
    "The binding's security policy (context or token model, signed parts, algorithms) changed;"
    " every message must be secured the new way.",
    judge=fixed("breaking", "breaking"),
)
register("namespace-changed", "A target namespace or an element's namespace differs.", CHANGES)

# -- content models -----------------------------------------------------------------------
register(
    "element-added-optional",
    "An optional element is added; old readers meet an unknown element.",
    TOLERANT,
)
register(
    "element-added-required",
    "A required element is added; old documents lack it, old readers do not know it.",
    Effect(narrows=True, widens="tolerant"),
)
register("element-removed", "An element is removed; old documents still contain it.", NARROWS)
register("min-occurs-increased", "An element or attribute becomes more required.", NARROWS)
register("min-occurs-decreased", "An element or attribute may now be absent.", WIDENS)
register("max-occurs-increased", "An element may now repeat more often.", WIDENS)
register("max-occurs-decreased", "An element may repeat less often.", NARROWS)
register(
    "type-changed", "An element, attribute or type now has another type or structure.", CHANGES
)
register("order-changed", "Elements of a sequence appear in another order.", CHANGES)
register("choice-branch-added", "A choice has a new alternative.", TOLERANT)
register(
    "choice-branch-removed", "A choice lost an alternative that old documents may use.", NARROWS
)
register(
    "attribute-added-optional",
    "An optional attribute is added; old readers meet an unknown attribute.",
    TOLERANT,
)
register(
    "attribute-added-required",
    "A required attribute is added; old documents lack it.",
    Effect(narrows=True, widens="tolerant"),
)
register("attribute-removed", "An attribute is removed; old documents still carry it.", NARROWS)

# -- values -------------------------------------------------------------------------------
register("enumeration-value-added", "A simple type allows a new enumeration value.", TOLERANT)
register(
    "enumeration-value-removed",
    "A simple type no longer allows an enumeration value.",
    NARROWS,
)
register(
    "facet-tightened", "A facet (length, pattern, bound, digits) admits fewer values.", NARROWS
)
register("facet-loosened", "A facet admits more values.", WIDENS)
register(
    "default-changed",
    "A default value differs, so an absent value now means something else.",
    judge=meaning_changed,
)
register("fixed-changed", "A fixed value is added, removed or differs.", CHANGES)
register("nillable-changed", "An element may (or may no longer) be xsi:nil.", CHANGES)

# -- bookkeeping ----------------------------------------------------------------------------
register("documentation-changed", "xs:documentation or wsdl:documentation text differs.")
register(
    "type-added",
    "A global type is added (a new subtype widens where its base is used).",
)
register(
    "type-removed",
    "A global type is removed (a removed subtype narrows where its base is used).",
)
