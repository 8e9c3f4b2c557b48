"""Hardened XML parsing and the element paths used in every ``XmlError``.

``parse`` never loads a DTD, never expands entities, never touches the network and refuses
documents that are too big or too deep. Before any tree is built it screens the raw bytes:
the size limit; the encoding (only UTF-8, UTF-16 and ASCII-compatible 8-bit encodings, which
the screen can read; a byte-order mark wins over the HTTP charset, and an encoding
declaration must agree with both); and a DOCTYPE of any kind (so XXE, "billion laughs" and
quadratic blowup never reach the parser). Comments are dropped (their text neighbours are
joined, as XSD reads them); processing instructions are dropped from plain documents and
refused in SOAP envelopes (SOAP 1.1 §3: a SOAP message must not contain them). Everything the
generated readers raise goes through the helpers here, so an error always names the element
path (``AktivitetRequest/Aktivitet/Godtgoerelse[2]/Periode/FraDato``) and is an ``XmlError``.

Limits are process-wide (``configure``) or per call (``parse(data, max_bytes=...)``).
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass, replace

from lxml import etree

from .errors import XmlError

MAX_BYTES = 10 * 1024 * 1024
# libxml2 itself stops at 256 levels unless huge_tree is on (it is not); configure lower only.
MAX_DEPTH = 256
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSI_TYPE = "{" + XSI + "}type"
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


class _RefuseAll(etree.Resolver):
    """Defence in depth: libxml2 is told never to load anything (no DTD, no entities); should
    it ask for an external DTD, entity or file anyway, the answer is a refusal, not the file."""

    def resolve(self, system_url: str | None, public_id: str | None, context: object) -> None:
        raise XmlError(f"an external reference is not allowed: {system_url!r}")


def _parser(keep_pis: bool = False) -> etree.XMLParser:
    """One hardened parser per thread and kind: lxml parser objects must not be shared across
    threads. ``keep_pis`` is only used to find processing instructions in SOAP envelopes.
    ``collect_ids`` keeps its default: turned off, it makes libxml2 load an external DTD
    subset even with ``load_dtd=False``."""
    name = "pi_parser" if keep_pis else "parser"
    parser: etree.XMLParser | None = getattr(_local, name, None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            load_dtd=False,
            dtd_validation=False,
            no_network=True,
            huge_tree=False,
            remove_comments=True,
            remove_pis=not keep_pis,
        )
        parser.resolvers.add(_RefuseAll())
        setattr(_local, name, parser)
    return parser


# -- screening the bytes before any tree is built --------------------------------------------

# (byte-order mark or first bytes, its length, codec, family) in the order of XML 1.0 appendix F
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
# declared encodings (and HTTP charsets) that agree with each family (names compared
# lower-case without - and _); UTF-32 is absent: the screen refuses it
_AGREES = {
    "utf8": frozenset({"utf8"}),
    "utf16le": frozenset({"utf16", "utf16le", "ucs2", "iso10646ucs2"}),
    "utf16be": frozenset({"utf16", "utf16be", "ucs2", "iso10646ucs2"}),
}
# 8-bit encodings that write markup as ASCII does, so the screen reads their bytes as they are
# (UTF-7, EBCDIC, UCS-4 and the like write "<" differently and are refused before parsing)
EIGHT_BIT = frozenset(
    {"utf8", "usascii", "ascii", "latin1", "cp1252"}
    | {f"iso8859{n}" for n in range(1, 17) if n != 12}
    | {f"windows125{n}" for n in range(9)}
)
ACCEPTED = "UTF-8, UTF-16, US-ASCII, ISO-8859-n, windows-125n"
_DECLARATION = re.compile(rb"<\?xml[ \t\r\n][^>]*?\?>")
_ENCODING = re.compile(rb"""[ \t\r\n]encoding[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')""")
# what may precede the root element besides a DOCTYPE: white space, comments, PIs; possessive,
# so a prolog of 10 MB of comments is matched without a backtracking stack (bounded memory)
_MISC = re.compile(
    rb"(?:[ \t\r\n]++|<!--(?:[^-]++|-(?!->))*+-->|<\?(?:[^?]++|\?(?!>))*+\?>)*+", re.DOTALL
)


# the declarations nearly every document starts with (all of one length: `_USUAL_END`)
_USUAL = (
    b'<?xml version="1.0" encoding="UTF-8"?>',
    b"<?xml version='1.0' encoding='UTF-8'?>",
    b'<?xml version="1.0" encoding="utf-8"?>',
    b"<?xml version='1.0' encoding='utf-8'?>",
)
_USUAL_END = len(_USUAL[0])


def _key(name: str) -> str:
    return name.lower().replace("-", "").replace("_", "")


def charset_of(content_type: str) -> str | None:
    """The ``charset`` parameter of an HTTP Content-Type (None when absent)."""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"'):
            return value.strip().strip('"')
    return None


@dataclass(frozen=True, slots=True)
class _Encoding:
    """How a document is encoded: ``view`` is its bytes as 8-bit text (a 16-bit document
    decoded, a byte-order mark skipped), ``codec`` the Python codec of the document, and
    ``transcode`` whether libxml2 must get it as UTF-8 (the encoding came from the HTTP
    charset alone, which libxml2 does not know)."""

    view: bytes
    codec: str
    declaration_end: int
    transcode: bool
    wide: bool

    def text(self) -> str:
        """The document's text (after a byte-order mark), undecodable bytes replaced."""
        return self.view.decode("utf-8" if self.wide else self.codec, "replace")


def _encoding(data: bytes, charset: str | None) -> _Encoding:
    """The encoding of ``data``: its byte-order mark (or 16-bit first bytes), else its
    encoding declaration or the HTTP ``charset`` (which must then agree: readers differ on
    which one wins, so a contradiction is refused), else UTF-8. XmlError for encodings
    outside the accepted set and for contradictions."""
    family, codec, view = None, "utf-8", data
    for start, skip, name_codec, name in _FAMILIES:
        if data.startswith(start):
            family, codec = name, name_codec
            if name not in _AGREES:
                raise XmlError(f"the document is encoded as UTF-32; accepted are {ACCEPTED}")
            view = data[skip:]
            if codec != "utf-8":
                view = view.decode(codec, "replace").encode()
            break
    declaration = _DECLARATION.match(view)
    found = _ENCODING.search(declaration.group()) if declaration else None
    declared = None
    if found is not None:
        declared = (found.group(1) or found.group(2) or b"").decode("ascii", "replace")
    named = [
        (what, value)
        for what, value in (("declares", declared), ("has HTTP charset", charset))
        if value
    ]
    end = declaration.end() if declaration else 0
    if family is not None:  # the byte-order mark wins over the HTTP charset (RFC 7303 §3.3)
        if declared and _key(declared) not in _AGREES[family]:
            raise XmlError(
                f"the document is encoded as {family.upper().replace('UTF', 'UTF-')} "
                f"(byte-order mark or first bytes) but declares encoding {declared!r}"
            )
        return _Encoding(view, codec, end, False, codec != "utf-8")
    if view[:1] not in (b"<", b" ", b"\t", b"\r", b"\n", b""):
        raise XmlError(f"the document's encoding is not recognised; accepted are {ACCEPTED}")
    for what, value in named:
        if _key(value) not in EIGHT_BIT:
            raise XmlError(f"the document {what} encoding {value!r}; accepted are {ACCEPTED}")
    if declared and charset and not {_key(declared), _key(charset)} & {"usascii", "ascii"}:
        if _key(declared) != _key(charset):
            raise XmlError(
                f"the document declares encoding {declared!r} but has HTTP charset {charset!r}"
            )
    chosen = declared or charset or "utf-8"
    try:
        codec = codecs.lookup(chosen).name
    except LookupError:
        raise XmlError(f"unknown encoding {chosen!r}; accepted are {ACCEPTED}") from None
    transcode = not declared and _key(codec) not in ("utf8", "ascii")
    return _Encoding(view, codec, end, transcode, False)


def _screen(data: bytes, charset: str | None = None) -> _Encoding | None:
    """Refuse what must never reach the parser; None when the prolog holds nothing but a
    UTF-8 declaration and white space (so no DOCTYPE can exist), else the document's encoding.
    """
    # Fast path for the usual prolog: an 8-bit document whose first element follows at most a
    # UTF-8 declaration and white space. A DOCTYPE can only come before the root element, so
    # there is none (libxml2 refuses one anywhere later); no regex is needed.
    end = _USUAL_END if data.startswith(_USUAL) else 0
    if (end or data[:1] == b"<") and (charset is None or _key(charset) == "utf8"):
        while data[end : end + 1] in _WHITE:
            end += 1
        if data[end : end + 1] == b"<" and data[end + 1 : end + 2] not in _NOT_NAME:
            return None
    encoding = _encoding(data, charset)
    misc = _MISC.match(encoding.view, encoding.declaration_end)
    if misc is not None and encoding.view.startswith(b"<!DOCTYPE", misc.end()):
        raise XmlError(
            "a DOCTYPE is not allowed (no DTDs, entity declarations or external references)"
        )
    return encoding


# single bytes (slices, so b"" is the end of the data): white space, and what cannot start
# an element name after "<" (the NUL of a 16- or 32-bit encoding leaves for the slow path)
_WHITE = frozenset({b" ", b"\t", b"\r", b"\n"})
_NOT_NAME = frozenset({b"", b"!", b"?", b"/", b"\x00", b" ", b"\t", b"\r", b"\n", b"<", b">"})


def decoded(data: bytes, charset: str | None = None) -> str:
    """``data`` as text for people (logs, error excerpts), decoded as the parser reads it.
    Undecodable bytes become U+FFFD and NULs are dropped, so that no encoding, accepted or
    not, spreads the digits of a CPR number apart where masking cannot see them."""
    try:
        text = _encoding(data, charset).text()
    except XmlError:  # not XML the parser would read (an HTML page, say): the charset, or UTF-8
        try:
            text = data.decode(charset or "utf-8", "replace")
        except LookupError:
            text = data.decode("utf-8", "replace")
    return text.replace("\x00", "")


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
    data: bytes,
    *,
    max_bytes: int | None = None,
    max_depth: int | None = None,
    charset: str | None = None,
) -> etree._Element:
    """The root element of ``data``; XmlError when it is not acceptable XML.

    ``max_bytes`` and ``max_depth`` default to the process-wide limits (`configure`).
    ``charset`` is the HTTP Content-Type's: it names the encoding of a document that declares
    none and must agree with one that does (a byte-order mark wins over it).
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise XmlError(f"expected bytes, got {type(data).__name__}")
    limit = _limits.max_bytes if max_bytes is None else max_bytes
    if len(data) > limit:
        raise XmlError(f"document of {len(data)} bytes is over the {limit} byte limit")
    if not isinstance(data, bytes):
        data = bytes(data)
    encoding = _screen(data, charset)
    if encoding is not None and encoding.transcode:
        try:
            data = data.decode(encoding.codec).encode("utf-8")
        except UnicodeDecodeError as exc:
            raise XmlError(f"not well-formed XML: {exc.reason} for {encoding.codec}") from None
    root = _build(data)  # processing instructions dropped, the text around them joined
    if root.tag in _ENVELOPES and _may_hold_pi(data, encoding):
        # SOAP 1.1 §3: a SOAP message must not hold PIs; parse again keeping them to look
        _refuse_pis(_build(data, keep_pis=True))
    # defence in depth: _screen refuses these first; only its fast path, which proved that
    # the root element follows the declaration, makes the look into the tree unnecessary
    if encoding is not None and root.getroottree().docinfo.doctype:
        raise XmlError("a DOCTYPE is not allowed")
    depth = _limits.max_depth if max_depth is None else max_depth
    if depth < MAX_DEPTH and _deeper_than(root, depth):
        raise XmlError(f"document is nested deeper than {depth} levels")
    return root


def _may_hold_pi(data: bytes, encoding: _Encoding | None) -> bool:
    """True when ``data`` may hold a processing instruction after its XML declaration."""
    if encoding is None:
        return data.find(b"<?", data.find(b"?>") + 2 if data.startswith(b"<?xml") else 0) >= 0
    return encoding.view.find(b"<?", encoding.declaration_end) >= 0


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


def not_nillable(el: etree._Element) -> XmlError:
    """Strict reading: ``xsi:nil`` on an element that is not nillable (XSD: even "false")."""
    return XmlError(f"{local_name(el.tag)} is not nillable (xsi:nil given)", path_of(el))


def conflict(el: etree._Element, names: str) -> XmlError:
    return XmlError(f"elements of more than one choice branch: {names}", path_of(el))


def qname_value(el: etree._Element, value: str) -> str | None:
    """The Clark name the QName ``value`` (an attribute of ``el``) stands for, resolved against
    the namespaces in scope at ``el``; None when its prefix is not declared there."""
    prefix, colon, name = value.strip(" \t\n\r").rpartition(":")
    namespace = el.nsmap.get(prefix) if colon else el.nsmap.get(None)
    if colon and namespace is None:
        return None
    return "{" + namespace + "}" + name if namespace else name


def xsi_type(el: etree._Element, declared: str) -> str:
    """The type of ``el`` (Clark name): its ``xsi:type``, else the ``declared`` one."""
    value = el.get(XSI_TYPE)
    if value is None:
        return declared
    name = qname_value(el, value)
    if name is None:
        raise XmlError(f"xsi:type {value!r}: its prefix is not declared", path_of(el))
    return name


def not_derived(el: etree._Element, name: str, declared: str) -> XmlError:
    """``el``'s xsi:type ``name`` is not a type this SDK reads where ``declared`` is."""
    what = f"{local_name(declared)} or a type derived from it"
    return XmlError(f"xsi:type {local_name(name)} is not {what}", path_of(el))


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


def check_plain_leaf(el: etree._Element) -> None:
    """Strict reading of a simple-typed element that is not nillable: no ``xsi:nil`` (XSD
    forbids it there, even "false") and text only. Called only when the element has children
    or attributes."""
    if el.get(f"{{{XSI}}}nil") is not None:
        raise not_nillable(el)
    check_leaf(el)


def raw(el: etree._Element) -> bytes:
    """An element taken by an ``xs:any`` wildcard: its exclusive canonical form (C14N), which
    carries exactly the namespace declarations it uses, so it can be written back anywhere."""
    return etree.tostring(el, method="c14n", exclusive=True)
