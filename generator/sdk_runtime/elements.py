"""Element paths, text, attributes and ``xsi:`` for the generated ``validate`` modules'
element walkers: the checks every element gets whatever its type."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import cast

from lxml import etree

from .issues import Issue, show, spare
from .values import WHITESPACE, lex_boolean
from .xmlparse import qname_value

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSI_NIL = "{" + XSI + "}nil"
XSI_TYPE = "{" + XSI + "}type"
_XSI_PREFIX = "{" + XSI + "}"
_XSI_FREE = frozenset({"{" + XSI + "}schemaLocation", "{" + XSI + "}noNamespaceSchemaLocation"})


# -- element paths --------------------------------------------------------------------------


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def tag_counts(el: etree._Element) -> dict[str, int] | None:
    """How often each child element name occurs; None when none occurs twice (the common
    case, found without a Python loop)."""
    tags = [child.tag for child in el]
    if len(set(tags)) == len(tags):
        return None
    counts: dict[str, int] = {}
    for tag in tags:
        if isinstance(tag, str):
            counts[tag] = counts.get(tag, 0) + 1
    return counts


def child_path(
    prefix: str, name: str, tag: str, counts: dict[str, int] | None, seen: dict[str, int]
) -> str:
    """``prefix + name``, with ``[n]`` when the name occurs more than once among siblings."""
    if counts is not None and counts.get(tag, 0) > 1:
        n = seen[tag] = seen.get(tag, 0) + 1
        return f"{prefix}{name}[{n}]"
    return prefix + name


def owner_path(prefix: str) -> str:
    return prefix[:-1] if prefix.endswith("/") else prefix


def names_text(tags: Sequence[str]) -> str:
    shown = [local(t) for t in tags]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


# -- text, attributes and xsi ---------------------------------------------------------------


def stray_text(el: etree._Element, prefix: str, issues: list[Issue]) -> None:
    """Report character data in element-only content (called when some is present)."""
    texts = [el.text] + [c.tail for c in el]
    text = "".join(t for t in texts if t).strip(WHITESPACE)
    issues.append(
        Issue(
            owner_path(prefix),
            "type",
            f"text {show(text)} is not allowed in {local(str(el.tag))}: it holds elements only",
            text,
        )
    )


def has_stray_text(el: etree._Element) -> bool:
    if el.text is not None and el.text.strip(WHITESPACE):
        return True
    for child in el:
        tail = child.tail
        if tail is not None and tail.strip(WHITESPACE):
            return True
    return False


def _xsi_type_matches(el: etree._Element, value: str, type_name: str) -> bool:
    return qname_value(el, value) == type_name


def xsi_type_of(el: etree._Element, path: str, issues: list[Issue], declared: str) -> str | None:
    """The type ``el`` is checked as (Clark name): its ``xsi:type``, else the ``declared`` one;
    None (reported) when the xsi:type's prefix is not declared."""
    value = el.get(XSI_TYPE)
    if value is None:
        return declared
    name = qname_value(el, value)
    if name is None:
        message = f"xsi:type {show(value)} does not name a type: its prefix is not declared"
        issues.append(Issue(path, "type", message, value))
    return name


def not_derived(path: str, issues: list[Issue], name: str, declared: str) -> None:
    """An xsi:type that names no type derived from the ``declared`` one (nor that type)."""
    message = f"xsi:type {local(name)} is not {local(declared)} nor a type derived from it"
    issues.append(Issue(path, "type", message, name))


def abstract(el: etree._Element, path: str, issues: list[Issue], type_name: str) -> None:
    """An element of the abstract type ``type_name`` (its own, or its xsi:type)."""
    message = (
        f"{local(str(el.tag))} is of the abstract type {local(type_name)}: "
        "xsi:type must name a concrete type derived from it"
    )
    issues.append(Issue(path, "abstract", message))


def xsi_attribute(
    el: etree._Element, name: str, value: str, path: str, issues: list[Issue], type_name: str
) -> bool:
    """Check one ``xsi:`` attribute; True when it is ``xsi:nil="true"``."""
    if name in _XSI_FREE:
        return False
    if name == XSI_NIL:  # on an element that is not nillable: even xsi:nil="false" (cvc-elt.3.1)
        nil = lex_boolean(value)
        if nil is None:
            issues.append(Issue(path + "/@nil", "type", f"xsi:nil {show(value)} is not a boolean"))
            return False
        if not nil and getattr(_nillable, "element", None) is el:
            return False  # a nillable element's xsi:nil="false", accepted by nil_element
        issues.append(
            Issue(path, "nillable", f"{local(str(el.tag))} is not nillable (xsi:nil given)")
        )
        return nil
    if name == XSI_TYPE:
        if not _xsi_type_matches(el, value, type_name):
            issues.append(
                Issue(
                    path,
                    "type",
                    f"xsi:type {show(value)} is not the declared type {local(type_name)}",
                    value,
                )
            )
        return False
    issues.append(
        Issue(path + "/@" + local(name), "type", f"attribute xsi:{local(name)} is unknown")
    )
    return False


def attributes(el: etree._Element) -> list[tuple[str, str]]:
    """(Clark name, value) of every attribute of ``el``, in linear time: lxml's ``items()``
    costs time quadratic in the number of attributes (32,000 of them: several seconds)."""
    if len(el.attrib) <= 64:
        return el.items()
    found = cast(list[etree._ElementUnicodeResult], el.xpath("@*"))
    return [(a.attrname or "", a) for a in found]


def other_attributes(
    el: etree._Element,
    known: frozenset[str],
    path: str,
    issues: list[Issue],
    type_name: str,
    any_attribute: bool | tuple[str, frozenset[str]] = False,
) -> bool:
    """Report attributes that are not declared (nor admitted by ``any_attribute``, the
    namespace rule of xs:anyAttribute); True when the element is ``xsi:nil``."""
    nil = False
    for name, value in attributes(el):
        if name in known:
            continue
        if name.startswith(_XSI_PREFIX):
            nil = xsi_attribute(el, name, value, path, issues, type_name) or nil
        elif not _admitted(any_attribute, name) and spare(issues):
            issues.append(
                Issue(
                    f"{path}/@{local(name)}",
                    "type",
                    f"attribute {local(name)} is not allowed on {local(str(el.tag))}",
                    value,
                )
            )
    return nil


def _admitted(rule: bool | tuple[str, frozenset[str]], name: str) -> bool:
    """An undeclared attribute ``name`` (Clark) is admitted by an xs:anyAttribute ``rule``."""
    if isinstance(rule, bool):
        return rule
    kind, namespaces = rule
    namespace = name[1:].partition("}")[0] if name.startswith("{") else ""
    if kind == "any":
        return True
    return (namespace not in namespaces) if kind == "other" else (namespace in namespaces)


# The nillable element whose xsi:nil="false" `nil_element` has just accepted: its content is
# checked next, and that check must not take the attribute for one on a non-nillable element.
_nillable = threading.local()


def nil_element(el: etree._Element, path: str, issues: list[Issue], type_name: str) -> bool:
    """For a nillable element: True when it is ``xsi:nil="true"`` (then it must be empty)."""
    value = el.get(XSI_NIL)
    if value is None or not lex_boolean(value):
        _nillable.element = el if value is not None else None
        return False
    if el.text or any(isinstance(c.tag, str) or c.tail for c in el):
        issues.append(
            Issue(path, "nillable", f'{local(str(el.tag))} has xsi:nil="true" but is not empty')
        )
    for name, other in attributes(el):
        if name != XSI_NIL and name.startswith(_XSI_PREFIX):
            xsi_attribute(el, name, other, path, issues, type_name)
    return True


def leaf_text(el: etree._Element, path: str, issues: list[Issue], type_name: str) -> str | None:
    """The text of a simple-typed element; None when it cannot be checked further.

    Attributes other than ``xsi:`` ones, and child elements, are reported as ``type`` issues.
    """
    if el.attrib and other_attributes(el, frozenset(), path, issues, type_name):
        return None
    return simple_text(el, path, issues)


def leaf(
    el: etree._Element,
    path: str,
    issues: list[Issue],
    type_name: str,
    check: Callable[[str, str, list[Issue]], None],
) -> None:
    """A simple-typed element: its text checked by ``check`` (a generated text checker)."""
    text = leaf_text(el, path, issues, type_name)
    if text is not None:
        check(text, path, issues)


def simple_text(el: etree._Element, path: str, issues: list[Issue]) -> str | None:
    """The text of an element with simple content (attributes are checked by the caller)."""
    if not len(el):
        return el.text or ""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            issues.append(
                Issue(
                    f"{path}/{local(child.tag)}",
                    "type",
                    f"element {local(child.tag)} is not allowed in {local(str(el.tag))}: "
                    "it holds a simple value",
                )
            )
            return None
        parts.append(child.tail or "")
    return "".join(parts)


def accepts(check: Callable[[str, str, list[Issue]], None], text: str) -> bool:
    """True when ``check`` (a generated text checker) finds nothing wrong with ``text``."""
    found: list[Issue] = []
    check(text, "", found)
    return not found


def no_children(el: etree._Element, prefix: str, issues: list[Issue]) -> None:
    """Empty content: report any child element or text."""
    for child in el:
        if isinstance(child.tag, str):
            issues.append(
                Issue(
                    prefix + local(child.tag),
                    "type",
                    f"element {local(child.tag)} is not allowed: {local(str(el.tag))} is empty",
                )
            )
    if el.text or any(c.tail for c in el):  # even whitespace: libxml2 allows none
        text = "".join(t for t in [el.text, *(c.tail for c in el)] if t)
        issues.append(
            Issue(
                owner_path(prefix),
                "type",
                f"text {show(text)} is not allowed: {local(str(el.tag))} is empty",
                text,
            )
        )
