"""Hardened XML parsing and the element paths used in every ``XmlError``.

``parse`` never loads a DTD, never expands entities, never touches the network and refuses
documents that are too big or too deep, or that carry a DOCTYPE at all. Everything the
generated readers raise goes through the helpers here, so an error always names the element
path (``AktivitetRequest/Aktivitet/Godtgoerelse[2]/Periode/FraDato``) and is an ``XmlError``.
"""

from __future__ import annotations

import threading

from lxml import etree

from .errors import XmlError

MAX_BYTES = 10 * 1024 * 1024
# libxml2 itself stops at 256 levels unless huge_tree is on (it is not).
MAX_DEPTH = 256
XSI = "http://www.w3.org/2001/XMLSchema-instance"

_local = threading.local()


def _parser() -> etree.XMLParser:
    """One hardened parser per thread: lxml parser objects must not be shared across threads."""
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            load_dtd=False,
            dtd_validation=False,
            no_network=True,
            huge_tree=False,
            collect_ids=False,
            remove_pis=True,
        )
        _local.parser = parser
    return parser


def parse(data: bytes, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> etree._Element:
    """The root element of ``data``; XmlError when it is not acceptable XML."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise XmlError(f"expected bytes, got {type(data).__name__}")
    if len(data) > max_bytes:
        raise XmlError(f"document of {len(data)} bytes is over the {max_bytes} byte limit")
    try:
        root = etree.fromstring(bytes(data), _parser())
    except etree.XMLSyntaxError as exc:
        raise XmlError(f"not well-formed XML: {exc}") from None
    if root.getroottree().docinfo.doctype:
        raise XmlError("a DOCTYPE is not allowed")
    if max_depth < MAX_DEPTH and _depth(root) > max_depth:
        raise XmlError(f"document is nested deeper than {max_depth} levels")
    return root


def _depth(root: etree._Element) -> int:
    deepest = 0
    for el in root.iter():
        depth = 1
        parent = el.getparent()
        while parent is not None:
            depth += 1
            parent = parent.getparent()
        deepest = max(deepest, depth)
    return deepest


def local_name(tag: object) -> str:
    if not isinstance(tag, str):
        return str(tag)
    return tag.rpartition("}")[2]


def path_of(el: etree._Element) -> str:
    """``A/B[2]/C``: local names from the document root; ``[n]`` when a name repeats."""
    parts: list[str] = []
    node: etree._Element | None = el
    while node is not None:
        parent = node.getparent()
        name = local_name(node.tag)
        if parent is not None:
            same = [s for s in parent if s.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        parts.append(name)
        node = parent
    return "/".join(reversed(parts))


def relative(path: str, start: etree._Element) -> str:
    """``path`` made relative to the parent of ``start`` (the element a read began at)."""
    parent = start.getparent()
    if parent is None:
        return path
    prefix = path_of(parent) + "/"
    return path[len(prefix) :] if path.startswith(prefix) else path


# -- errors the generated readers raise -------------------------------------------------------


def bad_value(el: etree._Element | None, exc: Exception, attribute: str | None = None) -> XmlError:
    where = path_of(el) if el is not None else ""
    if attribute is not None:
        where += f"/@{local_name(attribute)}"
    return XmlError(str(exc) or type(exc).__name__, where)


def unknown(el: etree._Element) -> XmlError:
    parent = el.getparent()
    inside = local_name(parent.tag) if parent is not None else "the document"
    tag = el.tag if isinstance(el.tag, str) else local_name(el.tag)
    return XmlError(f"unknown element {tag} in {inside}", path_of(el))


def out_of_order(el: etree._Element) -> XmlError:
    return XmlError(f"element {local_name(el.tag)} is out of order or repeated", path_of(el))


def missing(el: etree._Element, name: str) -> XmlError:
    return XmlError(f"missing required element {name}", path_of(el))


def missing_attribute(el: etree._Element, name: str) -> XmlError:
    return XmlError(f"missing required attribute {local_name(name)}", path_of(el))


def conflict(el: etree._Element, names: str) -> XmlError:
    return XmlError(f"elements of more than one choice branch: {names}", path_of(el))


def check_attributes(el: etree._Element, known: frozenset[str]) -> None:
    """Strict reading: every attribute must be declared (xsi:* are always allowed)."""
    for name in el.keys():
        if name not in known and not name.startswith("{" + XSI + "}"):
            raise XmlError(f"unknown attribute {local_name(name)}", path_of(el))


def check_leaf(el: etree._Element) -> None:
    """Strict reading: a simple-typed element holds text only.

    Called only when the element has children (``len(el)``), so that the common case costs
    one call into lxml. Attributes on simple-typed elements are not looked at while reading
    (XSD validation reports them); complex elements check theirs.
    """
    for child in el:
        if isinstance(child.tag, str):
            raise unknown(child)


def raw(el: etree._Element) -> bytes:
    """An element taken by an ``xs:any`` wildcard: its exclusive canonical form (C14N), which
    carries exactly the namespace declarations it uses, so it can be written back anywhere."""
    return etree.tostring(el, method="c14n", exclusive=True)
