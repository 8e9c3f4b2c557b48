"""Mutations of valid XML messages, driven by the IR, for the validator's differential test.

``mutations(contract, data)`` takes a valid message and yields ``(kind, description, bytes)``
for documents that differ from it in one targeted way: each enumeration value turned into a
near miss, patterns broken by one character, lengths and digit counts one past (and at) each
bound, numeric bounds crossed by the smallest step, required elements removed, elements
repeated past maxOccurs, siblings reordered, unknown elements inserted, both branches of a
choice present, empty and whitespace-padded values, impossible dates, garbage in typed fields,
stray attributes, text and ``xsi:nil``, and ``xsi:type`` set to the declared type, to each type
derived from it, to an unrelated type and to a name with an undeclared prefix, or removed. Every target comes from the contract (the facets and
occurrences of the element actually found at that place), so the mutations hit real rules.

Whether a mutated document is valid is not decided here: the test asks lxml's XMLSchema
(the oracle) and the generated validator, and they must agree.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from generator import ir
from generator.ir import QName

XSI = "http://www.w3.org/2001/XMLSchema-instance"

KINDS = (
    "enumeration",
    "pattern",
    "length",
    "digits",
    "bounds",
    "required_removed",
    "optional_removed",
    "max_occurs",
    "reorder",
    "unknown_element",
    "choice_both",
    "empty_string",
    "whitespace",
    "invalid_date",
    "type",
    "attribute",
    "nil",
    "mixed_text",
    "xsi_type",
)
"""Every kind of mutation; the differential test asserts each one is exercised."""

CONTROLS = frozenset({"optional_removed"})
"""Kinds that only produce valid documents (the validator must not over-report)."""


@dataclass(frozen=True)
class Leaf:
    """A simple-typed element found in the document, with what the contract says of it."""

    path: tuple[int, ...]  # child indexes from the root
    type: QName
    builtin: str
    facets: ir.Facets


@dataclass(frozen=True)
class Node:
    """A complex-typed element found in the document: ``type`` is the type it has (its
    ``xsi:type`` or the declared one), ``declared`` the one its declaration names."""

    path: tuple[int, ...]
    type: ir.ComplexType
    declared: QName


class Annotator:
    """Finds, for every element of a document, its declaration in the contract."""

    def __init__(self, contract: ir.Contract) -> None:
        self.contract = contract
        self._children: dict[QName, dict[str, ir.ElementParticle]] = {}

    def children(self, ct: ir.ComplexType) -> dict[str, ir.ElementParticle]:
        """Clark name → particle of every element the content model of ``ct`` mentions."""
        found = self._children.get(ct.name)
        if found is None:
            found = {}
            for p in self.contract.content(ct):
                self._collect(p, found)
            self._children[ct.name] = found
        return found

    def _collect(self, p: ir.Particle, found: dict[str, ir.ElementParticle]) -> None:
        if isinstance(p, ir.ElementParticle):
            found.setdefault(str(p.name), p)
        elif isinstance(p, ir.ModelGroup):
            for q in p.particles:
                self._collect(q, found)

    def walk(self, root: etree._Element) -> tuple[list[Node], list[Leaf]]:
        element = self.contract.element(QName(*_split(root.tag)))
        nodes: list[Node] = []
        leaves: list[Leaf] = []
        self._walk(root, (), element.type, nodes, leaves)
        return nodes, leaves

    def _walk(
        self,
        el: etree._Element,
        path: tuple[int, ...],
        type_name: QName,
        nodes: list[Node],
        leaves: list[Leaf],
    ) -> None:
        declared = type_name
        xsi_type = _xsi_type(el)
        if xsi_type is not None and not xsi_type.is_builtin:
            type_name = xsi_type
        t = self.contract.type(type_name)
        if isinstance(t, ir.ComplexType) and t.content == "element":
            nodes.append(Node(path, t, declared))
            known = self.children(t)
            for i, child in enumerate(el):
                if not isinstance(child.tag, str):
                    continue
                p = known.get(child.tag)
                if p is not None:
                    self._walk(child, (*path, i), p.type, nodes, leaves)
        else:
            builtin = self.contract.builtin(type_name).name
            leaves.append(Leaf(path, type_name, builtin, self.contract.facets(type_name)))


def _xsi_type(el: etree._Element) -> QName | None:
    value = el.get(f"{{{XSI}}}type")
    if value is None:
        return None
    prefix, _, local = value.rpartition(":")
    return QName(el.nsmap.get(prefix or None) or "", local)


def _split(tag: str) -> tuple[str, str]:
    ns, _, local = tag[1:].partition("}")
    return ns, local


def _find(root: etree._Element, path: tuple[int, ...]) -> etree._Element:
    el = root
    for i in path:
        el = el[i]
    return el


class Mutator:
    """All mutations of one valid document."""

    def __init__(self, contract: ir.Contract, data: bytes) -> None:
        self.contract = contract
        self.root = etree.fromstring(data)
        self.annotator = Annotator(contract)
        self.nodes, self.leaves = self.annotator.walk(self.root)

    def _doc(self, change: Callable[[etree._Element], None]) -> bytes:
        root = copy.deepcopy(self.root)
        change(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def _text(self, leaf: Leaf, text: str) -> bytes:
        def change(root: etree._Element) -> None:
            el = _find(root, leaf.path)
            el.text = text

        return self._doc(change)

    # -- all mutations -----------------------------------------------------------------------

    def all(self) -> Iterator[tuple[str, str, bytes]]:
        for leaf in self.leaves:
            value = _find(self.root, leaf.path).text or ""
            name = etree.QName(_find(self.root, leaf.path)).localname
            for kind, text in self.values(leaf, value):
                yield kind, f"{name}={text!r}", self._text(leaf, text)
        yield from self.structure()

    # -- values ------------------------------------------------------------------------------

    def values(self, leaf: Leaf, value: str) -> Iterator[tuple[str, str]]:
        f, b = leaf.facets, leaf.builtin
        yield "empty_string", ""
        for padded in (f" {value}", f"{value} ", f"\n\t{value}\r\n"):
            yield "whitespace", padded
        if f.enumeration:
            values = [e.value for e in f.enumeration]
            for i, e in enumerate(values):
                for miss in _near_misses(e, i, b):
                    if miss not in values:
                        yield "enumeration", miss
                yield "enumeration", e  # every member is valid
        for _ in f.patterns:
            yield from (("pattern", t) for t in _broken(value))
        if "cpr" in leaf.type.name.lower() and len(value) == 10:
            for t in (
                "3201901234",
                "0013901234",
                "3104901234",
                "2902901234",
                "0000000000",
                "1502871234",
            ):
                yield "pattern", t
        for bound in (f.length, f.min_length, f.max_length):
            if bound is not None:
                for n in (bound - 1, bound, bound + 1):
                    if n >= 0:
                        yield "length", _string_of(n, value)
        if b == "decimal" or b in _INTEGERS:
            yield from (("digits", t) for t in _digit_cases(f, b))
            yield from (("bounds", t) for t in _bound_cases(f, b))
            for garbage in _NUMBER_GARBAGE[b == "decimal"]:
                yield "type", garbage
        if b in ("date", "dateTime"):
            yield from (("invalid_date", t) for t in _DATES[b])
        if b == "duration":
            bounds = (f.min_inclusive, f.max_inclusive, f.min_exclusive, f.max_exclusive)
            for t in (*_DURATIONS, *(x.strip() for x in bounds if x)):
                yield "bounds", t
            for t in ("P", "PT", "1D", "P1.5D", "P-1D", "PT1H1H"):
                yield "type", t
        if b == "boolean":
            for t in ("TRUE", "yes", "1", "0", "false", " true ", "2"):
                yield "type", t
        if b == "string" and not f.patterns and not f.enumeration:
            yield "type", value + "\u00e6\u00f8\u00e5 <&> \u20ac"  # any text is a string

    # -- structure ---------------------------------------------------------------------------

    def structure(self) -> Iterator[tuple[str, str, bytes]]:
        for node in self.nodes:
            el = _find(self.root, node.path)
            owner = etree.QName(el).localname
            particles = self.annotator.children(node.type)
            kids = [(i, c) for i, c in enumerate(el) if isinstance(c.tag, str)]
            ns = etree.QName(el).namespace or ""
            for i, child in kids:
                p = particles.get(child.tag)
                if p is None:
                    continue
                name = etree.QName(child).localname
                kind = "required_removed" if p.min_occurs > 0 else "optional_removed"
                yield kind, f"{owner}: remove {name}", self._doc(_remove(node.path, i))
                yield "max_occurs", f"{owner}: repeat {name}", self._doc(_repeat(node.path, i, 1))
                if p.max_occurs not in (None, 1):
                    yield "max_occurs", f"{owner}: {name} x{p.max_occurs + 1}", self._doc(
                        _repeat(node.path, i, p.max_occurs)
                    )
            for (i, a), (j, b) in zip(kids, kids[1:], strict=False):
                if a.tag != b.tag:
                    yield "reorder", f"{owner}: swap {a.tag} {b.tag}", self._doc(
                        _swap(node.path, i, j)
                    )
            if len(kids) > 2:
                i, j = kids[0][0], kids[-1][0]
                yield "reorder", f"{owner}: swap first and last", self._doc(_swap(node.path, i, j))
            positions = sorted({0, len(el) // 2, len(el)})
            for pos in positions:
                yield "unknown_element", f"{owner}: unknown at {pos}", self._doc(
                    _insert(node.path, pos, f"{{{ns}}}Ukendt", "x")
                )
            yield "unknown_element", f"{owner}: foreign element", self._doc(
                _insert(node.path, len(el), "{urn:ukendt}Ekstra", "x")
            )
            if kids:
                yield "unknown_element", f"{owner}: misspelt", self._doc(
                    _insert(node.path, 0, kids[0][1].tag + "x", "x")
                )
            for description, change in self._choices(node, el):
                yield "choice_both", f"{owner}: {description}", self._doc(change)
            yield "attribute", f"{owner}: unknown attribute", self._doc(
                _attribute(node.path, "ukendt", "1")
            )
            yield "attribute", f"{owner}: xsi:schemaLocation", self._doc(
                _attribute(node.path, f"{{{XSI}}}schemaLocation", "urn:x x.xsd")
            )
            yield "nil", f"{owner}: xsi:nil", self._doc(
                _attribute(node.path, f"{{{XSI}}}nil", "true")
            )
            for description, value in self._xsi_types(node, el):
                yield "xsi_type", f"{owner}: {description}", self._doc(
                    _attribute(node.path, f"{{{XSI}}}type", value)
                )
            if el.get(f"{{{XSI}}}type") is not None:
                yield "xsi_type", f"{owner}: no xsi:type", self._doc(_no_xsi_type(node.path))
            yield "mixed_text", f"{owner}: text", self._doc(_mixed(node.path, "tekst"))
            yield "mixed_text", f"{owner}: comment", self._doc(_comment(node.path))
            yield "mixed_text", f"{owner}: whitespace", self._doc(_mixed(node.path, "\n  "))
        for leaf in self.leaves[:12]:
            name = etree.QName(_find(self.root, leaf.path)).localname
            yield "unknown_element", f"{name}: child element", self._doc(
                _insert(leaf.path, 0, "{urn:ukendt}Barn", "x")
            )
            yield "attribute", f"{name}: attribute", self._doc(_attribute(leaf.path, "ukendt", "1"))
            yield "nil", f"{name}: xsi:nil", self._doc(
                _attribute(leaf.path, f"{{{XSI}}}nil", "true")
            )
            yield "mixed_text", f"{name}: comment", self._doc(_comment(leaf.path))

    def _xsi_types(self, node: Node, el: etree._Element) -> Iterator[tuple[str, str]]:
        """(description, xsi:type value) for the declared type, every named type derived from
        it, an unrelated named type, and an undeclared prefix."""
        prefixes = {ns: p for p, ns in el.nsmap.items() if p}
        declared = self.contract.type(node.declared)
        related = [declared] if isinstance(declared, ir.ComplexType) else []
        related += self.contract.subtypes(node.declared)
        unrelated = [t for t in self.contract.complex_types if t not in related and not t.anonymous]
        for t in [*related, *unrelated[:1]]:
            if not t.anonymous and t.name.namespace in prefixes:
                yield f"xsi:type {t.name.name}", f"{prefixes[t.name.namespace]}:{t.name.name}"
        yield "xsi:type with an undeclared prefix", f"ukendt:{node.declared.name}"

    def _choices(
        self, node: Node, el: etree._Element
    ) -> Iterator[tuple[str, Callable[[etree._Element], None]]]:
        """Documents where elements of two branches of one choice are present."""
        for group in _choices_of(self.contract.content(node.type)):
            branches = [_element_names(q) for q in group.particles]
            present = {c.tag for c in el if isinstance(c.tag, str)}
            for i, names in enumerate(branches):
                if not names & present:
                    continue
                for j, other in enumerate(branches):
                    if j == i or not other:
                        continue
                    for tag in sorted(other):
                        last = max(k for k, c in enumerate(el) if c.tag in names)
                        first = min(k for k, c in enumerate(el) if c.tag in names)
                        text = _sample_text(self.contract, self.annotator.children(node.type)[tag])
                        yield f"add {tag} after", _insert(node.path, last + 1, tag, text)
                        yield f"add {tag} before", _insert(node.path, first, tag, text)


# -- values -----------------------------------------------------------------------------------

_INTEGERS = {
    "integer", "long", "int", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte",
}  # fmt: skip
_RANGES = {
    "int": (-(2**31), 2**31 - 1),
    "long": (-(2**63), 2**63 - 1),
    "short": (-(2**15), 2**15 - 1),
}
_NUMBER_GARBAGE = {
    True: ("1e2", ".", "+.5", "1,5", "-", "1.2.3", "0x1A", "\u0663", "NaN", "INF"),
    False: ("1.0", "+5", "-0", "0x1", "\u0663", "1e2", " 7 ", "007", "--1", "1 2"),
}
_DATES = {
    "date": (
        "2021-02-30", "2021-02-29", "2020-02-29", "1900-02-29", "2000-02-29", "2021-04-31",
        "2021-13-01", "2021-00-10", "2021-01-00", "2021-1-01", "0000-01-01", "2021-01-01Z",
        "2021-01-01+14:00", "2021-01-01+14:30", "2021-01-01-05:00", "21-01-01", "2021-01-01T00:00:00",
        "10000-01-01", "-0001-01-01",
    ),
    "dateTime": (
        "2021-02-30T10:00:00", "2021-01-01T24:00:00", "2021-01-01T24:00:01", "2021-01-01T23:59:60",
        "2021-01-01T10:00", "2021-01-01T10:00:00.123+01:00", "2021-01-01 10:00:00",
        "2021-01-01T10:00:00.", "2021-01-01T10:60:00", "2021-01-01T25:00:00", "2021-01-01",
        "2021-02-29T10:00:00Z", "2020-02-29T10:00:00Z", "2021-01-01T10:00:00+15:00",
    ),
}  # fmt: skip


_DURATIONS = (
    "P0D", "PT0S", "-PT1S", "P1M", "P28D", "P29D", "P30D", "P31D", "P32D", "P1Y", "P365D",
    "P366D", "P367D", "P1Y1D", "P11M30D", "P13M", "PT35H59M59.9S", "PT36H", "P1DT12H",
    "P10675199DT2H48M5.4775807S", "P10675199DT2H48M5.4775808S", "-P10675199DT2H48M5.4775808S",
    "-P10675199DT2H48M5.4775809S",
)  # fmt: skip
"""Durations around the order facets of tests/construct_fixtures.py and libxml2's month."""


def _near_misses(value: str, index: int, builtin: str) -> list[str]:
    if builtin in _INTEGERS or builtin == "decimal":
        n = int(Decimal(value))
        return [str(n + 1), str(n - 1), f"{value}.5", f"0{value}"]
    variants = [
        value.lower(),
        value.upper(),
        value[:-1],
        value + "x",
        value[0].swapcase() + value[1:],
    ]
    return [v for v in variants if v != value][: 2 + index % 2]


def _broken(value: str) -> list[str]:
    if not value:
        return ["x"]
    mid = len(value) // 2
    replacement = "x" if not value[mid].isalpha() else "9" if value[mid].isalpha() else "x"
    return [
        value[:mid] + replacement + value[mid + 1 :],  # one character replaced
        value[:-1],  # one character short
        value + value[-1],  # one character long
        value[:mid] + "-" + value[mid:],  # one character inserted
        "Z" + value[1:],  # first character replaced
        value[:-1] + "/",  # last character replaced
    ]


def _string_of(n: int, value: str) -> str:
    base = (value or "Aa") * (n // max(len(value), 1) + 2)
    return base[:n]


def _digit_cases(f: ir.Facets, builtin: str) -> list[str]:
    cases: list[str] = []
    total, fraction = f.total_digits, f.fraction_digits
    if total is not None:
        int_digits = total - (fraction or 0)
        cases += ["9" * total, "1" * (total + 1), "1" * max(int_digits, 1), "1" * (int_digits + 1)]
        if fraction:
            cases += [
                "1" * int_digits + "." + "1" * fraction,  # exactly at the bound
                "1" * int_digits + "." + "1" * (fraction + 1),
                "1" * (int_digits + 1) + "." + "1" * fraction,
                "0." + "0" * (total - 1) + "1",  # leading fraction zeros count
                "0." + "0" * total + "1",
                "000" + "1" * int_digits,  # leading zeros do not count
            ]
    if fraction is not None:
        cases += [
            "1." + "1" * fraction,
            "1." + "1" * (fraction + 1),
            "1." + "1" * fraction + "000",  # trailing zeros do not count
            "0." + "0" * fraction + "1",
        ]
    return cases


def _bound_cases(f: ir.Facets, builtin: str) -> list[str]:
    step = Decimal(1) if builtin in _INTEGERS else Decimal(1).scaleb(-(f.fraction_digits or 2))
    cases: list[str] = []
    for bound in (f.min_inclusive, f.max_inclusive, f.min_exclusive, f.max_exclusive):
        if bound is None:
            continue
        b = Decimal(bound)
        cases += [str(b - step), str(b), str(b + step)]
        if builtin == "decimal":
            cases += [
                str(b) + "000",
                f"{b:f}".rstrip("0").rstrip(".") or "0",
                str(-b) if b else "-0.00",
            ]
    low, high = _RANGES.get(builtin, (None, None))
    if low is not None and high is not None:
        cases += [str(high), str(high + 1), str(low), str(low - 1)]
    return cases


def _sample_text(contract: ir.Contract, p: ir.ElementParticle) -> str:
    t = contract.type(p.type)
    facets = contract.facets(p.type)
    if facets.enumeration:
        return facets.enumeration[0].value
    builtin = contract.builtin(p.type).name
    if isinstance(t, ir.ComplexType):
        return ""
    return {"decimal": "1.5", "date": "2024-01-01", "dateTime": "2024-01-01T10:00:00"}.get(
        builtin, "1"
    )


# -- structure --------------------------------------------------------------------------------


def _choices_of(particles: tuple[ir.Particle, ...]) -> Iterator[ir.ModelGroup]:
    for p in particles:
        if isinstance(p, ir.ModelGroup):
            if p.compositor == "choice":
                yield p
            yield from _choices_of(p.particles)


def _element_names(p: ir.Particle) -> set[str]:
    if isinstance(p, ir.ElementParticle):
        return {str(p.name)}
    if isinstance(p, ir.ModelGroup):
        names: set[str] = set()
        for q in p.particles:
            names |= _element_names(q)
        return names
    return set()


def _remove(path: tuple[int, ...], index: int) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        el = _find(root, path)
        el.remove(el[index])

    return change


def _repeat(path: tuple[int, ...], index: int, copies: int) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        el = _find(root, path)
        for _ in range(copies):
            el.insert(index + 1, copy.deepcopy(el[index]))

    return change


def _swap(path: tuple[int, ...], i: int, j: int) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        el = _find(root, path)
        a, b = copy.deepcopy(el[i]), copy.deepcopy(el[j])
        el[i], el[j] = b, a

    return change


def _insert(
    path: tuple[int, ...], index: int, tag: str, text: str
) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        el = _find(root, path)
        new = etree.Element(tag)
        new.text = text
        el.insert(index, new)

    return change


def _attribute(path: tuple[int, ...], name: str, value: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        _find(root, path).set(name, value)

    return change


def _no_xsi_type(path: tuple[int, ...]) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        del _find(root, path).attrib[f"{{{XSI}}}type"]

    return change


def _mixed(path: tuple[int, ...], text: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        el = _find(root, path)
        if len(el):
            el[0].tail = (el[0].tail or "") + text
        else:
            el.text = (el.text or "") + text

    return change


def _comment(path: tuple[int, ...]) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        el = _find(root, path)
        el.insert(0, etree.Comment(" kommentar "))

    return change


def mutations(contract: ir.Contract, data: bytes) -> Iterator[tuple[str, str, bytes]]:
    """(kind, description, document) for every mutation of the valid message ``data``."""
    yield from Mutator(contract, data).all()
