"""Helpers for the generated ``validate`` modules: content diagnosis, issues, documents.

The generated code makes every facet decision itself, specialised per type; this module only
holds what is the same for every contract:

* the diagnosis of a content-model mismatch (missing, out of order, repeated, both choice
  branches, unknown element), only ever called once something is already wrong;
* the issues of a model field with a wrong value, and lxml's XMLSchema errors as issues;
* the message element of a document or SOAP envelope.

The lexical checkers of the XSD built-ins (``values``) and the checks every element gets
(``elements``: paths, text, attributes, ``xsi:``) are re-exported, so a validator imports all
its helpers from this one module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence

from lxml import etree

from .elements import (
    XSI,
    XSI_NIL,
    XSI_TYPE,
    abstract,
    accepts,
    child_path,
    has_stray_text,
    leaf,
    leaf_text,
    local,
    names_text,
    nil_element,
    no_children,
    not_derived,
    other_attributes,
    owner_path,
    simple_text,
    stray_text,
    tag_counts,
    xsi_attribute,
    xsi_type_of,
)
from .errors import XmlError
from .issues import Issue, mask_cpr, show, show_cpr, spare
from .lexical import collapse, replace_ws
from .logsafe import mask
from .values import (
    OFFSETS,
    WHITESPACE,
    Temporal,
    bad_char,
    compare,
    datetime_offset_ok,
    decimal_text,
    digits,
    digits_ok,
    duration_compare,
    duration_value,
    integer_digits,
    is_blank,
    lex_base64,
    lex_boolean,
    lex_date,
    lex_datetime,
    lex_decimal,
    lex_double,
    lex_duration,
    lex_gregorian,
    lex_hex,
    lex_integer,
    lex_name,
    lex_time,
    timeline_date,
    timeline_datetime,
    timeline_time,
)
from .xmlparse import parse

# the module's API, with what it re-exports from values and elements
__all__ = [
    "OFFSETS",
    "SOAP11_ENV",
    "SOAP12_ENV",
    "XSI",
    "XSI_NIL",
    "XSI_TYPE",
    "Counted",
    "ElementCheck",
    "Table",
    "Temporal",
    "Wildcard",
    "abstract",
    "accepts",
    "anything",
    "all_group",
    "bad_char",
    "chars_issue",
    "child_path",
    "collapse",
    "compare",
    "datetime_offset_ok",
    "decimal_text",
    "digits",
    "digits_ok",
    "duration_compare",
    "duration_value",
    "enum_issue",
    "has_stray_text",
    "incomplete",
    "integer_digits",
    "is_blank",
    "leaf",
    "leaf_text",
    "lex_base64",
    "lex_boolean",
    "lex_date",
    "lex_datetime",
    "lex_decimal",
    "lex_double",
    "lex_duration",
    "lex_gregorian",
    "lex_hex",
    "lex_integer",
    "lex_name",
    "lex_time",
    "local",
    "message_element",
    "missing",
    "nil_element",
    "no_children",
    "not_derived",
    "other_attributes",
    "raw_element",
    "replace_ws",
    "sequence",
    "simple_text",
    "stray_text",
    "string_value",
    "tag_counts",
    "timeline_date",
    "timeline_datetime",
    "timeline_time",
    "too_few",
    "too_many",
    "type_issue",
    "unexpected",
    "wild_next",
    "wildcard_child",
    "xsd_issues",
    "xsi_attribute",
    "xsi_type_of",
]

ANY_TYPE = "{http://www.w3.org/2001/XMLSchema}anyType"
SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"


# -- content models -------------------------------------------------------------------------
#
# A content model is a deterministic automaton: ``table[state]`` maps a child's Clark name to
# the next state; state 0 is the start. The generated walkers follow it; these functions only
# explain a mismatch and choose a state to continue from, so every issue in the element is
# reported rather than only the first.

Table = Sequence[Mapping[str, int]]


def _accepts(table: Table, state: int, goal: str | frozenset[int]) -> bool:
    """``state`` accepts the child ``goal`` (a name) or is one of the states ``goal``."""
    return goal in table[state] if isinstance(goal, str) else state in goal


def _shortest(table: Table, start: int, goal: str | frozenset[int]) -> tuple[list[str], int | None]:
    """First names on the shortest paths from ``start`` to a state accepting ``goal`` (a
    name), or to a final state (``goal`` a frozenset of states); and the state reached."""
    layer: dict[int, set[str]] = {}
    for name, nxt in table[start].items():
        layer.setdefault(nxt, set()).add(name)
    visited = {start}
    while layer:
        hits = sorted(state for state in layer if _accepts(table, state, goal))
        if hits:
            firsts: set[str] = set()
            for state in hits:
                firsts |= layer[state]
            reached = table[hits[0]][goal] if isinstance(goal, str) else hits[0]
            return sorted(firsts), reached
        visited |= set(layer)
        following: dict[int, set[str]] = {}
        for state, firsts in layer.items():
            for nxt in table[state].values():
                if nxt not in visited:
                    following.setdefault(nxt, set()).update(firsts)
        layer = following
    return [], None


class _Order:
    """Where each child element name of ``el`` first and last occurs (positions among the
    element children), and every name ``table`` knows: found in one pass, when the first
    child is out of place, so explaining each misplaced child costs no pass of its own."""

    def __init__(self, el: etree._Element, table: Table) -> None:
        self.first: dict[str, int] = {}
        self.last: dict[str, int] = {}
        tags = [c.tag for c in el if isinstance(c.tag, str)]
        for position, tag in enumerate(tags):
            self.first.setdefault(str(tag), position)
            self.last[str(tag)] = position
        self.known: set[str] = set().union(*(row.keys() for row in table))


def unexpected(
    el: etree._Element,
    child: etree._Element,
    state: int,
    table: Table,
    exclusive: Mapping[str, frozenset[str]],
    prefix: str,
    path: str,
    issues: list[Issue],
    order: _Order,
    position: int,
) -> int:
    """Explain why ``child`` (the element child at ``position``) cannot come next; return the
    state to continue from."""
    tag = str(child.tag)
    name = local(tag)
    owner = local(str(el.tag))
    if tag not in order.known:
        if spare(issues):
            allowed = sorted(table[state])
            hint = f"; expected {names_text(allowed)}" if allowed else ""
            issues.append(Issue(path, "type", f"element {tag} is not allowed in {owner}{hint}"))
        return state
    missing, reached = _shortest(table, state, tag)
    if missing and reached is not None:
        if len(missing) == 1 and order.last.get(missing[0], -1) > position:
            issues.append(
                Issue(
                    path, "type", f"{name} is out of order: {local(missing[0])} must come before it"
                )
            )
        elif len(missing) == 1:
            issues.append(
                Issue(
                    prefix + local(missing[0]),
                    "required",
                    f"{local(missing[0])} is required (before {name})",
                )
            )
        else:
            issues.append(
                Issue(
                    owner_path(prefix),
                    "choice",
                    f"one of {names_text(missing)} is required before {name}",
                )
            )
        return reached
    rivals = sorted(r for r in exclusive.get(tag, ()) if order.first.get(r, position) < position)
    if rivals:
        issues.append(
            Issue(
                path,
                "choice",
                f"{name} cannot be combined with {', '.join(local(r) for r in rivals)}: "
                f"they are alternatives of a choice in {owner}",
            )
        )
    elif order.first[tag] < position:
        issues.append(Issue(path, "maxOccurs", f"{name} occurs more often than {owner} allows"))
    else:
        allowed = sorted(table[state])
        hint = (
            f"; expected {names_text(allowed)}" if allowed else f"; nothing may follow in {owner}"
        )
        issues.append(Issue(path, "type", f"{name} is out of order{hint}"))
    return state


def incomplete(
    el: etree._Element,
    state: int,
    table: Table,
    finals: frozenset[int],
    prefix: str,
    issues: list[Issue],
) -> None:
    """The content ended in a non-final state: report what is missing."""
    missing, _ = _shortest(table, state, finals)
    if len(missing) == 1:
        issues.append(
            Issue(prefix + local(missing[0]), "required", f"{local(missing[0])} is required")
        )
    elif missing:
        issues.append(
            Issue(owner_path(prefix), "choice", f"one of {names_text(missing)} is required")
        )


Wildcard = tuple[tuple[str, frozenset[str]], int, str]


def wild_next(rules: Sequence[Wildcard], tag: str) -> tuple[int | None, str | None]:
    """(next state, processContents) of the first wildcard accepting ``tag``, else (None, None)."""
    namespace = tag[1:].partition("}")[0] if tag.startswith("{") else ""
    for (kind, namespaces), state, process in rules:
        if kind == "any":
            ok = True
        elif kind == "other":
            ok = namespace not in namespaces
        else:
            ok = namespace in namespaces
        if ok:
            return state, process
    return None, None


def anything(
    el: etree._Element,
    path: str,
    issues: list[Issue],
    element: Callable[[etree._Element, str, list[Issue]], bool],
) -> None:
    """An element of xs:anyType: any attributes (``xsi:`` ones checked) and any content; a
    child element that a global declaration of the contract names is checked by it (lax)."""
    for name, value in el.items():
        if name.startswith("{" + XSI + "}"):
            xsi_attribute(el, name, value, path, issues, ANY_TYPE)
    counts = tag_counts(el)
    seen: dict[str, int] = {}
    for child in el:
        if isinstance(child.tag, str):
            element(
                child, child_path(path + "/", local(child.tag), child.tag, counts, seen), issues
            )


def raw_element(
    v: object,
    path: str,
    issues: list[Issue],
    tag: str,
    nillable: bool,
    element: Callable[[etree._Element, str, list[Issue]], bool],
) -> None:
    """A model's raw XML of an element of xs:anyType (``tag``): one well-formed element of
    that name, checked as `anything` (or nil, when ``nillable``)."""
    if not isinstance(v, bytes):
        type_issue(v, path, issues, "bytes (an XML element)")
        return
    try:
        el = parse(v)
    except XmlError as exc:
        issues.append(Issue(path, "type", f"not an XML element: {exc.message}"))
        return
    if el.tag != tag:
        issues.append(Issue(path, "type", f"the element is {local(str(el.tag))}, not {local(tag)}"))
    elif not (nillable and nil_element(el, path, issues, ANY_TYPE)):
        anything(el, path, issues, element)


def wildcard_child(
    child: etree._Element,
    path: str,
    process: str,
    issues: list[Issue],
    element: Callable[[etree._Element, str, list[Issue]], bool],
) -> None:
    """An element matched by xs:any: validated when declared (strict requires a declaration)."""
    if process == "skip":
        return
    if not element(child, path, issues) and process == "strict":
        issues.append(
            Issue(
                path,
                "type",
                f"element {child.tag!s} has no declaration in this contract (strict xs:any)",
            )
        )


Counted = Mapping[int, tuple[int, int | None, str]]
ElementCheck = Callable[[etree._Element, str, list[Issue]], bool]


def sequence(
    el: etree._Element,
    prefix: str,
    issues: list[Issue],
    table: Table,
    finals: frozenset[int],
    exclusive: Mapping[str, frozenset[str]],
    counted: Counted | None = None,
    wild: Mapping[int, Sequence[Wildcard]] | None = None,
    element: ElementCheck | None = None,
    mixed: bool = False,
) -> Iterator[tuple[etree._Element, str, str]]:
    """Follow a sequence/choice content model over the children of ``el``.

    Yields (child, Clark name, path) for every child element, for the caller to check by
    name; reports text in element-only content (not ``mixed``), misplaced, missing, repeated
    and unknown elements on the way (continuing after each), and checks wildcard matches
    itself.
    """
    text = el.text
    stray = not mixed and text is not None and text.strip(WHITESPACE) != ""
    counts = tag_counts(el)
    seen: dict[str, int] = {}
    state = 0
    count = 0
    position = -1
    order: _Order | None = None
    for child in el:
        tail = child.tail
        if tail is not None and not stray and not mixed and tail.strip(WHITESPACE):
            stray = True
        tag = child.tag
        if not isinstance(tag, str):
            continue
        position += 1
        path = child_path(prefix, tag.rpartition("}")[2], tag, counts, seen)
        nxt = table[state].get(tag)
        process = None
        if nxt is None and wild is not None and state in wild:
            nxt, process = wild_next(wild[state], tag)
        if nxt is None:
            order = order or _Order(el, table)
            state = unexpected(
                el, child, state, table, exclusive, prefix, path, issues, order, position
            )
        elif counted is not None and nxt == state and state in counted:
            count += 1
            maximum = counted[state][1]
            if maximum is not None and count > maximum:
                too_many(path, local(tag), maximum, issues)
        else:
            if counted is not None and state in counted and count < counted[state][0]:
                too_few(counted[state][2], count, counted[state][0], prefix, issues)
            state, count = nxt, 1
        if process is not None:
            if element is not None:
                wildcard_child(child, path, process, issues, element)
            continue
        yield child, tag, path
    if stray:
        stray_text(el, prefix, issues)
    if state not in finals:
        incomplete(el, state, table, finals, prefix, issues)
    elif counted is not None and state in counted and count < counted[state][0]:
        too_few(counted[state][2], count, counted[state][0], prefix, issues)


def all_group(
    el: etree._Element,
    prefix: str,
    issues: list[Issue],
    members: frozenset[str],
    required: Sequence[tuple[str, str]],
    optional: bool = False,
) -> Iterator[tuple[etree._Element, str, str]]:
    """Like `sequence`, for an xs:all group: any order, each member at most once."""
    if has_stray_text(el):
        stray_text(el, prefix, issues)
    counts = tag_counts(el)
    seen: dict[str, int] = {}
    present: set[str] = set()
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        path = child_path(prefix, local(tag), tag, counts, seen)
        if tag not in members:
            issues.append(
                Issue(path, "type", f"element {tag} is not allowed in {local(str(el.tag))}")
            )
            continue
        if tag in present:
            issues.append(Issue(path, "maxOccurs", f"{local(tag)} may occur only once"))
        present.add(tag)
        yield child, tag, path
    if present or not optional:
        for tag, name in required:
            if tag not in present:
                issues.append(Issue(prefix + name, "required", f"{name} is required"))


def missing(path: str, issues: list[Issue]) -> None:
    """A required element (or attribute) that is absent: None in a required model field."""
    name = path.rpartition("/")[2]
    issues.append(Issue(path, "required", f"{name} is required"))


def type_issue(
    value: object, path: str, issues: list[Issue], expected: str, sensitive: bool = False
) -> None:
    """A model field holding a value of the wrong Python type."""
    issues.append(
        Issue(path, "type", f"expected {expected}, got {type(value).__name__}", value, sensitive)
    )


def enum_issue(
    value: object,
    path: str,
    issues: list[Issue],
    enum: str,
    values: Sequence[object],
    message: str,
    sensitive: bool = False,
) -> None:
    """An enum field holding something else: a plain value of the enumeration (write the
    member instead), or a value outside it (``message``)."""
    if isinstance(value, (str, int)) and value in values:
        shown = show_cpr(value) if sensitive else show(value)
        issues.append(
            Issue(
                path,
                "type",
                f"expected a {enum} member, got {type(value).__name__} {shown}",
                value,
                sensitive,
            )
        )
    else:
        issues.append(Issue(path, "enumeration", message, value, sensitive))


def chars_issue(value: str, path: str, issues: list[Issue], sensitive: bool = False) -> None:
    """Report a character XML 1.0 cannot carry (called when ``value`` is not printable)."""
    bad = bad_char(value)
    if bad is not None:
        shown = show_cpr(value) if sensitive else show(value)
        issues.append(
            Issue(
                path, "type", f"{shown} holds {bad}, which XML 1.0 cannot carry", value, sensitive
            )
        )


Facets = Callable[[str, str, object, str, list[Issue]], None]


def string_value(
    facets: Facets | None = None, sensitive: bool = False
) -> Callable[[object, str, list[Issue]], None]:
    """The check of a model field's value of a string type that keeps its whitespace: a
    ``str``, of characters XML 1.0 can carry, then ``facets`` (the type's ``_facets_``
    function, given the value as value, text and what to show). One shape for every such type,
    so a validator holds a line per type instead of a function; it runs when the fast verdict
    doubts (explaining), not on the hot path."""

    def check(v: object, path: str, issues: list[Issue]) -> None:
        if not isinstance(v, str):
            type_issue(v, path, issues, "str", sensitive)
            return
        if not v.isprintable():
            chars_issue(v, path, issues, sensitive)
        if facets is not None:
            facets(v, v, v, path, issues)

    return check


def too_few(name: str, count: int, minimum: int, prefix: str, issues: list[Issue]) -> None:
    issues.append(
        Issue(
            prefix + name,
            "required",
            f"{name} occurs {count} time(s); at least {minimum} are required",
        )
    )


def too_many(path: str, name: str, maximum: int, issues: list[Issue]) -> None:
    issues.append(Issue(path, "maxOccurs", f"{name} may occur at most {maximum} time(s)"))


# -- lxml's XMLSchema ------------------------------------------------------------------------

_FACET = re.compile(r"\[facet '([A-Za-z]+)'\]")
_STEP = re.compile(r"(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)(\[\d+\])?")
_QUOTED = re.compile(r"'([^'{}\[\]()|]*[0-9][^'{}\[\]()|]*)'")


def _xsd_path(path: str | None) -> str:
    steps = []
    for step in (path or "").strip("/").split("/"):
        m = _STEP.fullmatch(step)
        steps.append(m.group(1) + (m.group(2) or "") if m else step)
    return "/".join(s for s in steps if s)


def _xsd_code(message: str) -> str:
    m = _FACET.search(message)
    if m is not None:
        return m.group(1)
    if "Missing child element" in message:
        return "required"
    if "is not nillable" in message or "xsi:nil" in message:
        return "nillable"
    if "is abstract" in message:
        return "abstract"
    if "fixed value" in message:
        return "fixed"
    return "type"


def xsd_issues(log: etree._ListErrorLog) -> list[Issue]:
    """libxml2's schema errors as issues (paths in the SDK's form, CPR values masked)."""
    issues: list[Issue] = []
    for error in log:
        path = _xsd_path(error.path)
        message = error.message
        if "cpr" in path.rpartition("/")[2].lower():
            message = _QUOTED.sub(lambda q: "'" + mask_cpr(q.group(1)) + "'", message)
        issues.append(Issue(path, _xsd_code(message), mask(message)))
    return issues


# -- documents ------------------------------------------------------------------------------


def message_element(root: etree._Element, issues: list[Issue]) -> etree._Element | None:
    """The message inside a SOAP 1.1 envelope (the Body's only element), or ``root`` itself.

    The envelope must hold an optional Header and one Body, in that order; a SOAP 1.2
    envelope is an issue (the service speaks SOAP 1.1).
    """
    if root.tag == "{" + SOAP12_ENV + "}Envelope":
        issues.append(
            Issue("Envelope", "type", "a SOAP 1.2 envelope; this service speaks SOAP 1.1")
        )
        return None
    if root.tag != "{" + SOAP11_ENV + "}Envelope":
        return root
    parts = [c for c in root if isinstance(c.tag, str)]
    tags = [c.tag for c in parts]
    if tags not in (
        ["{" + SOAP11_ENV + "}Body"],
        ["{" + SOAP11_ENV + "}Header", "{" + SOAP11_ENV + "}Body"],
    ):
        if "{" + SOAP11_ENV + "}Body" not in tags:
            issues.append(Issue("Envelope", "required", "the SOAP envelope has no Body"))
        else:
            names = ", ".join(local(str(t)) for t in tags)
            issues.append(
                Issue(
                    "Envelope",
                    "type",
                    f"the SOAP envelope must hold [Header,] Body; it holds {names}",
                )
            )
        return None
    body = parts[-1]
    elements = [c for c in body if isinstance(c.tag, str)]
    if len(elements) != 1:
        issues.append(
            Issue(
                "Envelope/Body",
                "type",
                f"the SOAP Body holds {len(elements)} elements; exactly one message is expected",
            )
        )
        return None
    return elements[0]
