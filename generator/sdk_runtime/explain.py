"""The cold path of ``validate(obj)``: explaining what is wrong with an invalid model object.

A version's ``validate.py`` decides validity with a fast verdict specialised per class
(``_ok_<Class>``). Only when that verdict doubts does ``validate`` explain, walking the
object with `explain` over a per-class table of field rows (`Fields`): one row per field,
in the order of the class, naming the field's element. Each row checks presence,
occurrences and the Python type, and hands a simple value to its type's value check
(``_value_<Type>`` in ``validate.py``), which reports the facets.

Paths: ``prefix`` is the path of the object's elements (its own path and a slash, or the
parent's for a group or a choice branch); ``suffix`` is the index of an element of a repeated
choice's branch (``[2]``) when its class occurs more than once there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from lxml import etree

from .checks import ElementCheck, missing, sequence, type_issue, wild_next, wildcard_child
from .elements import local
from .errors import XmlError
from .issues import Issue
from .xmlparse import parse

ValueCheck = Callable[[Any, str, list[Issue]], None]
Wild = tuple[tuple[str, frozenset[str]], str]  # an xs:any's namespace rule, processContents


def _wrong_type(value: object, path: str, issues: list[Issue], expected: str) -> None:
    """A field holding something else than a list, a choice's branch or bytes (the value
    itself is not kept on the issue)."""
    issues.append(Issue(path, "type", f"expected {expected}, got {type(value).__name__}"))


def _field_path(prefix: str, name: str, suffix: str) -> str:
    """The path of a field named ``name``: an element, ``@attribute`` or "" (the value)."""
    if not name:
        return prefix[:-1]
    if name[0] == "@":
        return prefix + name
    return prefix + name + suffix


def _branch_names(branches: tuple[type, ...]) -> str:
    return " or ".join(b.__name__ for b in branches)


def explain(
    table: Table, cls: type, obj: object, prefix: str, issues: list[Issue], suffix: str = ""
) -> None:
    """Every issue of ``obj`` checked as a ``cls`` (its row table in ``table``)."""
    for row in table[cls]:
        row.explain(table, obj, prefix, issues, suffix)


def _element(table: Table, cls: type, v: object, path: str, issues: list[Issue]) -> None:
    """An element's object ``v``: checked as its own class (a subclass of the field's ``cls``
    is a type derived from the declared one, written with xsi:type), or else as ``cls``."""
    if isinstance(v, cls):
        explain(table, type(v) if type(v) in table else cls, v, path + "/", issues)
    else:
        type_issue(v, path, issues, cls.__name__)


class Abstract(NamedTuple):
    """The first row of an abstract type's class: an instance of it is an issue."""

    type_name: str

    def explain(
        self, table: Table, obj: object, prefix: str, issues: list[Issue], suffix: str
    ) -> None:
        message = (
            f"{type(obj).__name__} is of the abstract type {self.type_name}: use a class "
            "of a type derived from it"
        )
        issues.append(Issue(prefix[:-1], "abstract", message))


class Value(NamedTuple):
    """A simple-typed field: element ``name``, attribute ``@name`` or the value ("")."""

    attr: str
    name: str
    check: ValueCheck
    required: bool = False
    fixed: ValueCheck | None = None

    def explain(
        self, table: Table, obj: object, prefix: str, issues: list[Issue], suffix: str
    ) -> None:
        v = getattr(obj, self.attr)
        path = _field_path(prefix, self.name, suffix)
        if v is None:
            if self.required:
                missing(path, issues)
            return
        self.check(v, path, issues)
        if self.fixed is not None:
            self.fixed(v, path, issues)


class Child(NamedTuple):
    """An element of a complex type (a model class)."""

    attr: str
    name: str
    cls: type
    required: bool = False

    def explain(
        self, table: Table, obj: object, prefix: str, issues: list[Issue], suffix: str
    ) -> None:
        v = getattr(obj, self.attr)
        path = prefix + self.name + suffix
        if v is None:
            if self.required:
                missing(path, issues)
        else:
            _element(table, self.cls, v, path, issues)


class Group(NamedTuple):
    """A model group held as its own class: its elements belong to the parent."""

    attr: str
    cls: type

    def explain(
        self, table: Table, obj: object, prefix: str, issues: list[Issue], suffix: str
    ) -> None:
        v = getattr(obj, self.attr)
        if v is None:
            return
        if isinstance(v, self.cls):
            explain(table, self.cls, v, prefix, issues)
        else:
            type_issue(v, prefix[:-1], issues, self.cls.__name__)


class Choice(NamedTuple):
    """An xs:choice that occurs at most once: one class per branch."""

    attr: str
    branches: tuple[type, ...]
    alternatives: str  # the first element of each branch: "A, B or C"
    required: bool = False

    def explain(
        self, table: Table, obj: object, prefix: str, issues: list[Issue], suffix: str
    ) -> None:
        v = getattr(obj, self.attr)
        if v is None:
            if self.required:
                issues.append(
                    Issue(prefix[:-1], "choice", f"one of {self.alternatives} is required")
                )
            return
        for branch in self.branches:
            if isinstance(v, branch):
                explain(table, branch, v, prefix, issues)
                return
        _wrong_type(v, prefix[:-1], issues, _branch_names(self.branches))


def _raw(
    v: bytes, prefix: str, issues: list[Issue], wild: Wild | None, element: ElementCheck | None
) -> None:
    """An element held as bytes by an xs:any (``wild``: its namespace rule and
    processContents; none for any element, skipped): allowed by the namespaces, and valid
    when the contract declares it (strict: it must), as ``validate_xml`` checks it."""
    if wild is None or element is None:
        return
    try:
        el = parse(v)
    except XmlError:
        _wrong_type(v, prefix[:-1], issues, "bytes of an XML element")
        return
    tag = str(el.tag)
    path = prefix + local(tag)
    if wild_next(((wild[0], 0, wild[1]),), tag)[0] is None:
        issues.append(Issue(path, "type", f"element {tag} is not allowed here (xs:any)"))
        return
    wildcard_child(el, path, wild[1], issues, element)


class Anything(NamedTuple):
    """An xs:any element that occurs at most once, held as bytes."""

    attr: str
    required: bool = False
    wild: Wild | None = None
    element: ElementCheck | None = None

    def explain(
        self, table: Table, obj: object, prefix: str, issues: list[Issue], suffix: str
    ) -> None:
        v = getattr(obj, self.attr)
        if v is None:
            if self.required:
                issues.append(Issue(prefix[:-1], "required", "an element (xs:any) is required"))
        elif not isinstance(v, bytes):
            _wrong_type(v, prefix[:-1], issues, "bytes (an XML element)")
        else:
            _raw(v, prefix, issues, self.wild, self.element)


def _shown(name: str) -> str:
    """How a message names a field: its element, or the value of a simple content."""
    return name.lstrip("@") or "the value"


def _items(
    obj: object, attr: str, name: str, low: int, high: int | None, prefix: str, issues: list[Issue]
) -> list[tuple[str, Any]]:
    """The items of a repeated element's field with their paths, its occurrences checked;
    none when the field holds no list."""
    items = getattr(obj, attr)
    if not isinstance(items, list):
        _wrong_type(items, prefix + name, issues, "a list")
        return []
    n = len(items)
    shown = _shown(name)
    if low > 0 and n < low:
        message = f"{shown} must occur at least {low} time(s), found {n}"
        issues.append(Issue(prefix + name, "required", message))
    if high is not None and n > high:
        message = f"{shown} may occur at most {high} time(s), found {n}"
        issues.append(Issue(f"{prefix}{name}[{high + 1}]", "maxOccurs", message))
    if n == 1:
        return [(prefix + name, items[0])]
    return [(f"{prefix}{name}[{i}]", v) for i, v in enumerate(items, 1)]


class Values(NamedTuple):
    """A repeated simple-typed element."""

    attr: str
    name: str
    check: ValueCheck
    low: int
    high: int | None
    nillable: bool = False

    def explain(
        self, table: Table, obj: object, prefix: str, issues: list[Issue], suffix: str
    ) -> None:
        for path, v in _items(obj, self.attr, self.name, self.low, self.high, prefix, issues):
            if v is not None:
                self.check(v, path, issues)
            elif not self.nillable:
                issues.append(Issue(path, "type", f"{_shown(self.name)} items cannot be None"))


class Children(NamedTuple):
    """A repeated element of a complex type."""

    attr: str
    name: str
    cls: type
    low: int
    high: int | None
    nillable: bool = False

    def explain(
        self, table: Table, obj: object, prefix: str, issues: list[Issue], suffix: str
    ) -> None:
        for path, v in _items(obj, self.attr, self.name, self.low, self.high, prefix, issues):
            if v is None and self.nillable:
                continue  # xsi:nil
            _element(table, self.cls, v, path, issues)


class Anythings(NamedTuple):
    """A repeated xs:any element, each held as bytes."""

    attr: str
    name: str
    low: int
    high: int | None
    wild: Wild | None = None
    element: ElementCheck | None = None

    def explain(
        self, table: Table, obj: object, prefix: str, issues: list[Issue], suffix: str
    ) -> None:
        for path, v in _items(obj, self.attr, self.name, self.low, self.high, prefix, issues):
            if not isinstance(v, bytes):
                _wrong_type(v, path, issues, "bytes (an XML element)")
            else:
                _raw(v, prefix, issues, self.wild, self.element)


class Choices(NamedTuple):
    """A repeated xs:choice: a list of branch objects. An element of a branch whose class
    occurs more than once gets its index (``suffix``) in its path."""

    attr: str
    name: str
    branches: tuple[type, ...]
    alternatives: str
    low: int
    high: int | None

    def explain(
        self, table: Table, obj: object, prefix: str, issues: list[Issue], suffix: str
    ) -> None:
        items = getattr(obj, self.attr)
        if not isinstance(items, list):
            _wrong_type(items, prefix + self.name, issues, "a list")
            return
        n = len(items)
        if self.low > 0 and n < self.low:
            message = (
                f"one of {self.alternatives} must occur at least {self.low} time(s), found {n}"
            )
            issues.append(Issue(prefix[:-1], "choice", message))
        if self.high is not None and n > self.high:
            message = (
                f"the choice of {self.alternatives} may occur at most {self.high} time(s), "
                f"found {n}"
            )
            issues.append(Issue(prefix[:-1], "maxOccurs", message))
        counts: dict[type, int] = {}
        for v in items:
            counts[type(v)] = counts.get(type(v), 0) + 1
        seen: dict[type, int] = {}
        for v in items:
            j = seen[type(v)] = seen.get(type(v), 0) + 1
            index = f"[{j}]" if counts[type(v)] > 1 else ""
            branch = next((b for b in self.branches if isinstance(v, b)), None)
            if branch is None:
                _wrong_type(v, prefix[:-1], issues, _branch_names(self.branches))
            else:
                explain(table, branch, v, prefix, issues, index)


_HELD = "{urn:ky-codegen:explain}n"  # a stand-in element's index into the branch objects


class Mixed(NamedTuple):
    """Mixed content: text (str), elements (an object of a branch class each; ``tags``: their
    Clark names) and wildcard elements (bytes), in document order. The elements' order is
    checked as ``validate_xml`` checks it, by the content model's automaton (``model``: the
    arguments of `sequence`) run over an element holding a stand-in per branch object and
    the wildcard elements themselves (checked through ``element``, as declared)."""

    attr: str
    branches: tuple[type, ...]
    tags: tuple[str, ...]
    model: tuple[Any, ...]
    element: ElementCheck | None = None

    def explain(
        self, table: Table, obj: object, prefix: str, issues: list[Issue], suffix: str
    ) -> None:
        items = getattr(obj, self.attr)
        if not isinstance(items, list):
            _wrong_type(items, prefix[:-1], issues, "a list")
            return
        content = etree.Element("content")
        held: list[tuple[type, object]] = []
        for v in items:
            if isinstance(v, str):
                continue
            if isinstance(v, bytes):
                try:
                    content.append(parse(v))
                except XmlError:
                    _wrong_type(v, prefix[:-1], issues, "bytes of an XML element")
                continue
            n = next((n for n, b in enumerate(self.branches) if isinstance(v, b)), None)
            if n is None:
                expected = " or ".join(["str", *(b.__name__ for b in self.branches), "bytes"])
                _wrong_type(v, prefix[:-1], issues, expected)
                continue
            etree.SubElement(content, self.tags[n], {_HELD: str(len(held))})
            held.append((self.branches[n], v))
        states, finals, exclusive, counted, wild = self.model
        checked = sequence(
            content, prefix, issues, states, finals, exclusive, counted, wild, self.element
        )
        for child, tag, path in checked:
            at = child.get(_HELD)
            if at is not None:
                branch, v = held[int(at)]
                explain(table, branch, v, prefix, issues, path[len(prefix) + len(local(tag)) :])
            elif tag in self.tags:  # raw XML where the model declares this element's class
                _wrong_type(child, path, issues, self.branches[self.tags.index(tag)].__name__)


Row = (
    Abstract
    | Value
    | Child
    | Group
    | Choice
    | Anything
    | Values
    | Children
    | Anythings
    | Choices
    | Mixed
)
Fields = tuple[Row, ...]
Table = Mapping[type, Fields]
