"""What the comparators report before direction and verdicts are known."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from generator.diff.model import Direction, Effect
from generator.ir import ComplexType, Contract, Location, QName, SimpleType

Where = tuple[Location | None, Location | None]  # (old, new)


@dataclass(frozen=True, order=True)
class Node:
    """A global element or a (named or anonymous) type: the unit reachability works on."""

    kind: Literal["element", "type"]
    name: QName


@dataclass(frozen=True)
class OperationScope:
    name: str
    direction: Direction


@dataclass(frozen=True)
class NamespaceScope:
    namespace: str


@dataclass(frozen=True)
class AllOperations:
    pass


Scope = Node | OperationScope | NamespaceScope | AllOperations


@dataclass(frozen=True)
class Finding:
    rule: str
    path: str
    text: str  # one clause without the final period; the engine may append "used by ..."
    old: str | None
    new: str | None
    scope: Scope
    where: Where
    effect: Effect | None = None  # None: the rule's usual effect


def types_of(contract: Contract) -> dict[QName, ComplexType | SimpleType]:
    types: dict[QName, ComplexType | SimpleType] = {t.name: t for t in contract.simple_types}
    types.update({t.name: t for t in contract.complex_types})
    return types


class Comparison:
    """Two contracts being compared (names of the new one already mapped to the old
    namespaces) and the findings so far."""

    def __init__(
        self, old: Contract, new: Contract, assumed: set[tuple[QName, QName]] | None = None
    ) -> None:
        self.old = old
        self.new = new
        self.findings: list[Finding] = []
        # type pairs currently being proven equivalent; recursive types meet them again
        self.assumed: set[tuple[QName, QName]] = assumed if assumed is not None else set()

    def emit(
        self,
        rule: str,
        path: str,
        text: str,
        old: str | None,
        new: str | None,
        scope: Scope,
        where: Where,
        effect: Effect | None = None,
    ) -> None:
        self.findings.append(Finding(rule, path, text, old, new, scope, where, effect))

    @cached_property
    def _ambiguous(self) -> set[str]:
        names = {e.name for c in (self.old, self.new) for e in c.elements}
        names |= {name for c in (self.old, self.new) for name in types_of(c)}
        counts = Counter(n.name for n in names)
        return {local for local, n in counts.items() if n > 1}

    def label(self, name: QName) -> str:
        """A definition's name in paths: the local name, qualified only where it is ambiguous."""
        if name.is_builtin:
            return f"xs:{name.name}"
        return str(name) if name.name in self._ambiguous else name.name

    def scratch(self) -> Comparison:
        """A comparison of the same contracts whose findings are only inspected."""
        return Comparison(self.old, self.new, self.assumed)
