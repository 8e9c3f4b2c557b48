"""SOAP 1.1 over HTTP: build an envelope around a body, read an answer back.

Reading is strict: one Envelope in the SOAP 1.1 namespace, at most one Header, exactly one Body
with exactly one element child, parsed by the hardened parser (``xmlparse``: no DTD, no
entities, no network, size-bounded; processing instructions are dropped). A Fault becomes
``SoapFault``, or ``ServiceplatformFault`` with its (ErrorCode, ErrorText) list when the detail
is Serviceplatformen's.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from .errors import HttpError, MustUnderstandError, ServiceplatformFault, SoapFault, XmlError
from .logsafe import excerpt
from .xmlparse import charset_of, parse

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SPF = "http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/"
CONTENT_TYPE = "text/xml; charset=utf-8"

ENVELOPE = "{http://schemas.xmlsoap.org/soap/envelope/}Envelope"
HEADER = "{http://schemas.xmlsoap.org/soap/envelope/}Header"
BODY = "{http://schemas.xmlsoap.org/soap/envelope/}Body"
FAULT = "{http://schemas.xmlsoap.org/soap/envelope/}Fault"
SOAP12_ENVELOPE = "{http://www.w3.org/2003/05/soap-envelope}Envelope"
_MUST_UNDERSTAND = "{http://schemas.xmlsoap.org/soap/envelope/}mustUnderstand"
_ACTOR = "{http://schemas.xmlsoap.org/soap/envelope/}actor"
_NEXT = "http://schemas.xmlsoap.org/soap/actor/next"
_SPF_FAULT = "{http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/}ServiceplatformFault"
_SPF_LIST = "{http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/}ErrorList"
_SPF_ERROR = "{http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/}Error"
_SPF_CODE = "{http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/}ErrorCode"
_SPF_TEXT = "{http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/}ErrorText"

_ENVELOPE_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope xmlns:soap="{SOAP11}"><soap:Body>'
)
_ENVELOPE_TAIL = "</soap:Body></soap:Envelope>"


def envelope(body: etree._Element | str) -> bytes:
    """A SOAP 1.1 envelope (UTF-8, with declaration) whose Body holds ``body``: an element, or
    the text of one as a generated ``to_string`` writes it (the client's and the mock's way:
    no tree is built just to be written out again). An element is left where it is."""
    text = (
        body if isinstance(body, str) else etree.tostring(body, encoding="unicode", with_tail=False)
    )
    try:
        return (_ENVELOPE_HEAD + text + _ENVELOPE_TAIL).encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate in a string given by hand
        raise XmlError(f"cannot write the SOAP envelope: {exc.reason}") from None


def fault_envelope(code: str, string: str, errors: Sequence[tuple[str, str]] = ()) -> bytes:
    """A SOAP 1.1 Fault; with ``errors``, its detail is a Serviceplatformen fault."""
    root = etree.Element(ENVELOPE, nsmap={"soap": SOAP11})
    fault = etree.SubElement(etree.SubElement(root, BODY), FAULT)
    etree.SubElement(fault, "faultcode").text = code
    etree.SubElement(fault, "faultstring").text = string
    if errors:
        spf = etree.SubElement(etree.SubElement(fault, "detail"), _SPF_FAULT, nsmap={"spf": SPF})
        error_list = etree.SubElement(spf, _SPF_LIST)
        for error_code, error_text in errors:
            error = etree.SubElement(error_list, _SPF_ERROR)
            etree.SubElement(error, _SPF_CODE).text = error_code
            etree.SubElement(error, _SPF_TEXT).text = error_text
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _name(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else str(tag)


def body_element(
    data: bytes, charset: str | None = None, understood: frozenset[str] = frozenset()
) -> etree._Element:
    """The one element in the Body of the SOAP 1.1 envelope ``data``; a Fault is raised.

    ``charset`` is the HTTP Content-Type's (see ``xmlparse.parse``). A header entry for this
    recipient with ``mustUnderstand="1"`` whose Clark name is not in ``understood`` is a
    ``MustUnderstandError`` (SOAP 1.1 §4.2.3): the message must not be processed.
    """
    root = parse(data, charset=charset)
    if root.tag == SOAP12_ENVELOPE:
        raise XmlError("a SOAP 1.2 envelope; this service speaks SOAP 1.1", "Envelope")
    if root.tag != ENVELOPE:
        raise XmlError(f"expected a SOAP 1.1 Envelope, got {_name(root.tag)}", _name(root.tag))
    parts = [child for child in root if isinstance(child.tag, str)]
    if [p.tag for p in parts] not in ([BODY], [HEADER, BODY]):
        names = ", ".join(_name(p.tag) for p in parts) or "nothing"
        raise XmlError(f"Envelope must hold [Header,] Body; it holds {names}", "Envelope")
    if len(parts) == 2:
        _check_understood(parts[0], understood)
    body = parts[-1]
    content = [child for child in body if isinstance(child.tag, str)]
    if len(content) != 1:
        raise XmlError(f"Body must hold one element; it holds {len(content)}", "Envelope/Body")
    if content[0].tag == FAULT:
        raise fault(content[0])
    return content[0]


def _check_understood(header: etree._Element, understood: frozenset[str]) -> None:
    """Refuse header entries addressed to us (no actor, or the next one) that must be
    understood and are not."""
    for entry in header:
        if not isinstance(entry.tag, str) or entry.tag in understood:
            continue
        if entry.get(_MUST_UNDERSTAND, "0").strip() not in ("1", "true"):
            continue
        if entry.get(_ACTOR, _NEXT) == _NEXT:
            raise MustUnderstandError(str(entry.tag))


def fault(element: etree._Element) -> SoapFault:
    """The exception for a SOAP 1.1 Fault element."""
    code = element.findtext("faultcode") or ""
    string = element.findtext("faultstring") or ""
    detail = element.find("detail")
    spf = detail.find(_SPF_FAULT) if detail is not None else None
    if spf is None:
        return SoapFault(code, string, detail)
    errors = [
        (e.findtext(_SPF_CODE) or "", e.findtext(_SPF_TEXT) or "")
        for e in spf.iterfind(f"{_SPF_LIST}/{_SPF_ERROR}")
    ]
    return ServiceplatformFault(code, string, detail, errors)


def answer(status: int, content_type: str, data: bytes) -> etree._Element:
    """The response element of an HTTP answer, or the typed error it amounts to.

    A SOAP Fault is raised whatever the status and Content-Type (SOAP 1.1 sends them with 500;
    a proxy or server may label one ``text/html``). Anything else that is not a 200 with a
    ``text/xml`` SOAP 1.1 envelope is an ``HttpError`` or ``XmlError``.
    """
    media = content_type.split(";", 1)[0].strip().lower()
    charset = charset_of(content_type)
    if status == 200 and media == "text/xml" and data:
        return body_element(data, charset)
    if data:
        try:
            body_element(data, charset)
        except SoapFault:
            raise
        except XmlError:
            pass
    shown = excerpt(data, content_type=content_type)
    if status != 200:
        raise HttpError(status, shown, f"HTTP {status} without a SOAP Fault")
    if not data:
        raise HttpError(status, "", "HTTP 200 with an empty body")
    raise HttpError(status, shown, f"HTTP 200 with Content-Type {content_type!r}, not text/xml")
