"""Hardened XML parsing and the element paths used in every ``XmlError``.

``parse`` never loads a DTD, never expands entities, never touches the network and refuses
documents that are too big or too deep. Before any tree is built it screens the raw bytes:
the size limit, a byte-order mark or a 16/32-bit encoding that contradicts the encoding
declaration, and a DOCTYPE of any kind (so XXE, "billion laughs" and quadratic blowup never
reach the parser). Comments are dropped (their text neighbours are joined, as XSD reads
them); processing instructions are dropped from plain documents and refused in SOAP
envelopes (SOAP 1.1 §3: a SOAP message must not contain them). Everything the generated
readers raise goes through the helpers here, so an error always names the element path
(``AktivitetRequest/Aktivitet/Godtgoerelse[2]/Periode/FraDato``) and is an ``XmlError``.

Limits are process-wide (``configure``) or per call (``parse(data, max_bytes=...)``).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace

from lxml import etree

from .errors import XmlError

MAX_BYTES = 10 * 1024 * 1024
# libxml2 itself stops at 256 levels unless huge_tree is on (it is not); configure lower only.
MAX_DEPTH = 256
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_ENVELOPES = frozenset(
    {
        "{http://schemas.xmlsoap.org/soap/envelope/}Envelope",
        "{http://www.w3.org/2003/05/soap-envelope}Envelope",
    }
)


@dataclass(frozen=True, slots=True)
class Limits:
    """What ``parse`` accepts: at most ``max_bytes`` bytes, nested at most ``max_depth`` deep."""

    max_bytes: int = MAX_BYTES
    max_depth: int = MAX_DEPTH


_limits = Limits()


def limits() -> Limits:
    """The process-wide limits in force."""
    return _limits


def configure(*, max_bytes: int | None = None, max_depth: int | None = None) -> Limits:
    """Change the process-wide limits (every ``from_xml``, ``validate_xml``, client answer and
    mock request); returns the previous ones, so a test can put them back. ``max_depth``
    above 256 is not possible: libxml2 refuses deeper documents whatever is set here."""
    global _limits
    previous = _limits
    if max_bytes is not None and max_bytes < 1:
        raise ValueError("max_bytes must be positive")
    if max_depth is not None and not 1 <= max_depth <= MAX_DEPTH:
        raise ValueError(f"max_depth must be between 1 and {MAX_DEPTH}")
    _limits = replace(
        previous,
        max_bytes=previous.max_bytes if max_bytes is None else max_bytes,
        max_depth=previous.max_depth if max_depth is None else max_depth,
    )
    return previous


_local = threading.local()


def _parser(keep_pis: bool = False) -> etree.XMLParser:
    """One hardened parser per thread and kind: lxml parser objects must not be shared across
    threads. ``keep_pis`` is only used to find processing instructions in SOAP envelopes."""
    name = "pi_parser" if keep_pis else "parser"
    parser: etree.XMLParser | None = getattr(_local, name, None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            load_dtd=False,
            dtd_validation=False,
            no_network=True,
            huge_tree=False,
            collect_ids=False,
            remove_comments=True,
            remove_pis=not keep_pis,
        )
        setattr(_local, name, parser)
    return parser


# -- screening the bytes before any tree is built --------------------------------------------

# (byte-order mark or first bytes, codec, family) in the order of XML 1.0 appendix F
_FAMILIES: tuple[tuple[bytes, int, str, str], ...] = (
    (b"\x00\x00\xfe\xff", 4, "utf-32-be", "utf32be"),
    (b"\xff\xfe\x00\x00", 4, "utf-32-le", "utf32le"),
    (b"\xef\xbb\xbf", 3, "utf-8", "utf8"),
    (b"\xfe\xff", 2, "utf-16-be", "utf16be"),
    (b"\xff\xfe", 2, "utf-16-le", "utf16le"),
    (b"\x00\x00\x00<", 0, "utf-32-be", "utf32be"),
    (b"<\x00\x00\x00", 0, "utf-32-le", "utf32le"),
    (b"\x00<\x00?", 0, "utf-16-be", "utf16be"),
    (b"<\x00?\x00", 0, "utf-16-le", "utf16le"),
)
# declared encodings that agree with each family (names compared lower-case without - and _)
_AGREES = {
    "utf8": frozenset({"utf8"}),
    "utf16le": frozenset({"utf16", "utf16le", "ucs2", "iso10646ucs2"}),
    "utf16be": frozenset({"utf16", "utf16be", "ucs2", "iso10646ucs2"}),
    "utf32le": frozenset({"utf32", "utf32le", "ucs4", "iso10646ucs4"}),
    "utf32be": frozenset({"utf32", "utf32be", "ucs4", "iso10646ucs4"}),
}
_DECLARATION = re.compile(rb"<\?xml[ \t\r\n][^>]*?\?>")
_ENCODING = re.compile(rb"""[ \t\r\n]encoding[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')""")
# what may precede the root element besides a DOCTYPE: white space, comments, PIs
_MISC = re.compile(rb"(?:[ \t\r\n]+|<!--.*?-->|<\?.*?\?>)*", re.DOTALL)


# the declarations nearly every document starts with (all of one length: `_USUAL_END`)
_USUAL = (
    b'<?xml version="1.0" encoding="UTF-8"?>',
    b"<?xml version='1.0' encoding='UTF-8'?>",
    b'<?xml version="1.0" encoding="utf-8"?>',
    b"<?xml version='1.0' encoding='utf-8'?>",
)
_USUAL_END = len(_USUAL[0])


def _screen(data: bytes) -> bool:
    """Refuse what must never reach the parser; True when the prolog holds nothing but an
    XML declaration and white space (so no DOCTYPE can exist), False when it may hold more.

    Works on the bytes as they are for 8-bit encodings; a 16- or 32-bit document is decoded
    for the look (libxml2 still decodes it for the parse).
    """
    # Fast path for the usual prolog: an 8-bit document whose first element follows at most a
    # UTF-8 declaration and white space. A DOCTYPE can only come before the root element, so
    # there is none (libxml2 refuses one anywhere later); no regex is needed.
    end = _USUAL_END if data.startswith(_USUAL) else 0
    if end or data[:1] == b"<":
        while data[end : end + 1] in _WHITE:
            end += 1
        if data[end : end + 1] == b"<" and data[end + 1 : end + 2] not in _NOT_NAME:
            return True
    _screen_prolog(data)
    return False


# single bytes (slices, so b"" is the end of the data): white space, and what cannot start
# an element name after "<" (the NUL of a 16- or 32-bit encoding leaves for the slow path)
_WHITE = frozenset({b" ", b"\t", b"\r", b"\n"})
_NOT_NAME = frozenset({b"", b"!", b"?", b"/", b"\x00", b" ", b"\t", b"\r", b"\n", b"<", b">"})


def _view(data: bytes) -> tuple[bytes, str | None, re.Match[bytes] | None]:
    """``data`` as 8-bit bytes (a 16- or 32-bit document decoded, a byte-order mark
    skipped), the encoding family its first bytes show (None: 8-bit without a mark) and its
    XML declaration."""
    view = data
    family = None
    usual = data[:1] == b"<" and data[1:2] != b"\x00"  # 8-bit, no byte-order mark
    for start, skip, codec, name in () if usual else _FAMILIES:
        if data.startswith(start):
            family = name
            if codec != "utf-8":
                view = data[skip:].decode(codec, "replace").encode("utf-8")
            else:
                view = data[skip:]
            break
    return view, family, _DECLARATION.match(view)


def _screen_prolog(data: bytes) -> None:
    """`_screen` for every other prolog: the encoding and a DOCTYPE after comments or PIs."""
    view, family, declaration = _view(data)
    end = declaration.end() if declaration else 0
    if family is not None:
        found = _ENCODING.search(declaration.group()) if declaration else None
        if found is not None:
            declared = (found.group(1) or found.group(2) or b"").decode("ascii", "replace")
            key = declared.lower().replace("-", "").replace("_", "")
            if key not in _AGREES[family]:
                raise XmlError(
                    f"the document is encoded as {family.upper().replace('UTF', 'UTF-')} "
                    f"(byte-order mark or first bytes) but declares encoding {declared!r}"
                )
    misc = _MISC.match(view, end)
    if misc is not None and view.startswith(b"<!DOCTYPE", misc.end()):
        raise XmlError(
            "a DOCTYPE is not allowed (no DTDs, entity declarations or external references)"
        )


def _may_hold_pi(data: bytes) -> bool:
    """True when ``data`` may hold a processing instruction after its XML declaration."""
    view, _, declaration = _view(data)
    return view.find(b"<?", declaration.end() if declaration else 0) >= 0


def _build(data: bytes, keep_pis: bool = False) -> etree._Element:
    """The one place a tree is built (tests watch it to prove what is refused before)."""
    try:
        return etree.fromstring(data, _parser(keep_pis))
    except etree.XMLSyntaxError as exc:
        text = exc.msg or str(exc)
        if "Excessive depth" in text:
            raise XmlError(f"document is nested deeper than {MAX_DEPTH} levels") from None
        raise XmlError(f"not well-formed XML: {text}") from None


def parse(
    data: bytes, *, max_bytes: int | None = None, max_depth: int | None = None
) -> etree._Element:
    """The root element of ``data``; XmlError when it is not acceptable XML.

    ``max_bytes`` and ``max_depth`` default to the process-wide limits (`configure`).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise XmlError(f"expected bytes, got {type(data).__name__}")
    limit = _limits.max_bytes if max_bytes is None else max_bytes
    if len(data) > limit:
        raise XmlError(f"document of {len(data)} bytes is over the {limit} byte limit")
    if not isinstance(data, bytes):
        data = bytes(data)
    plain_prolog = _screen(data)
    root = _build(data)  # processing instructions dropped, the text around them joined
    if root.tag in _ENVELOPES and _may_hold_pi(data):
        # SOAP 1.1 §3: a SOAP message must not hold PIs; parse again keeping them to look
        _refuse_pis(_build(data, keep_pis=True))
    # defence in depth: _screen refuses these first; only its fast path, which proved that
    # the root element follows the declaration, makes the look into the tree unnecessary
    if not plain_prolog and root.getroottree().docinfo.doctype:
        raise XmlError("a DOCTYPE is not allowed")
    depth = _limits.max_depth if max_depth is None else max_depth
    if depth < MAX_DEPTH and _deeper_than(root, depth):
        raise XmlError(f"document is nested deeper than {depth} levels")
    return root


def _refuse_pis(root: etree._Element) -> None:
    """Refuse the processing instructions of a SOAP envelope parsed with PIs kept."""
    pis = [
        *root.itersiblings(etree.ProcessingInstruction, preceding=True),
        *root.iter(etree.ProcessingInstruction),
        *root.itersiblings(etree.ProcessingInstruction),
    ]
    if pis:
        pi = pis[0]
        parent = pi.getparent()
        where = path_of(parent) if parent is not None else ""
        target = pi.target if isinstance(pi, etree._ProcessingInstruction) else "?"
        raise XmlError(
            f"processing instruction <?{target}?> is not allowed in a SOAP message", where
        )


def _deeper_than(root: etree._Element, depth: int) -> bool:
    """True when some element lies more than ``depth`` levels down (one pass, level by level)."""
    level = [root]
    for _ in range(depth):
        level = [child for el in level for child in el]
        if not level:
            return False
    return True


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
