"""Which operations reach each definition (and in which direction), and who uses each type."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Literal

from generator.diff.findings import Node
from generator.ir import ComplexType, Contract, ElementParticle, ModelGroup, QName, SimpleType

Flow = Literal["request", "response"]


def element_particles(group: ModelGroup | None) -> Iterator[ElementParticle]:
    if group is None:
        return
    for p in group.particles:
        if isinstance(p, ElementParticle):
            yield p
        elif isinstance(p, ModelGroup):
            yield from element_particles(p)


class Usage:
    """Reachability from every operation's messages through one contract.

    Edges: element → its type and its substitution group members; complex type → base,
    simple content type, element types, attribute types and (for xsi:type) derived types;
    simple type → base, list item type, union member types. A type reached only as the base
    of another type does not open its own subtypes: xsi:type substitutes the declared type,
    so siblings of a used type are not reachable through their common base.
    """

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self._members: dict[QName, list[QName]] = defaultdict(list)
        for e in contract.elements:
            if e.substitution_group is not None:
                self._members[e.substitution_group].append(e.name)
        self._derived: dict[QName, list[QName]] = defaultdict(list)
        for ct in contract.complex_types:
            if ct.base is not None:
                self._derived[ct.base].append(ct.name)
        self.reached: dict[Node, dict[str, set[Flow]]] = defaultdict(lambda: defaultdict(set))
        for op in contract.operations:
            roots: list[tuple[QName | None, Flow]] = [
                (op.input, "request"),
                (op.output, "response"),
            ]
            roots += [(f.element, "response") for f in op.faults]
            for root, flow in roots:
                if root is not None:
                    for node in self._closure(Node("element", root)):
                        self.reached[node][op.name].add(flow)
        self._users = self._index_users()

    def _closure(self, start: Node) -> set[Node]:
        full: set[Node] = set()
        as_base: set[Node] = set()
        todo: list[tuple[Node, bool]] = [(start, True)]
        while todo:
            node, with_subtypes = todo.pop()
            if node in full or (not with_subtypes and node in as_base):
                continue
            (full if with_subtypes else as_base).add(node)
            todo.extend(self._edges(node, with_subtypes))
        return full | as_base

    def _edges(self, node: Node, with_subtypes: bool) -> Iterator[tuple[Node, bool]]:
        if node.kind == "element":
            element = self.contract.element(node.name)
            if not element.type.is_builtin:
                yield Node("type", element.type), True
            for member in self._members.get(node.name, ()):
                yield Node("element", member), True
            return
        t = self.contract.type(node.name)
        if isinstance(t, SimpleType):
            for name in (t.base, t.item_type, *t.member_types):
                if name is not None and not name.is_builtin:
                    yield Node("type", name), True
        elif isinstance(t, ComplexType):
            if t.base is not None and not t.base.is_builtin:
                yield Node("type", t.base), False
            if t.simple_type is not None and not t.simple_type.is_builtin:
                yield Node("type", t.simple_type), True
            for p in element_particles(t.particle):
                if p.ref:
                    yield Node("element", p.name), True
                elif not p.type.is_builtin:
                    yield Node("type", p.type), True
                for member in p.substitutes:
                    yield Node("element", member), True
            for a in t.attributes:
                if not a.type.is_builtin:
                    yield Node("type", a.type), True
            if with_subtypes:
                for sub in self._derived.get(t.name, ()):
                    yield Node("type", sub), True

    def _index_users(self) -> dict[QName, set[str]]:
        """Paths of the elements and attributes whose type is, or derives from, each type."""
        users: dict[QName, set[str]] = defaultdict(set)

        def add(path: str, type_name: QName) -> None:
            seen: set[QName] = set()
            name: QName | None = type_name
            while name is not None and not name.is_builtin and name not in seen:
                seen.add(name)
                users[name].add(path)
                t = self.contract.type(name)
                name = t.base if t is not None else None

        for e in self.contract.elements:
            add(e.name.name, e.type)
        for ct in self.contract.complex_types:
            for p in element_particles(ct.particle):
                if not p.ref:
                    add(f"{ct.name.name}/{p.name.name}", p.type)
            for a in ct.attributes:
                add(f"{ct.name.name}/@{a.name.name}", a.type)
        return users

    def users(self, type_name: QName) -> set[str]:
        return self._users.get(type_name, set())
