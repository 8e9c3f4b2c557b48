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

from .errors import HttpError, ServiceplatformFault, SoapFault, XmlError
from .logsafe import excerpt
from .xmlparse import parse

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SPF = "http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/"
CONTENT_TYPE = "text/xml; charset=utf-8"

ENVELOPE = "{http://schemas.xmlsoap.org/soap/envelope/}Envelope"
HEADER = "{http://schemas.xmlsoap.org/soap/envelope/}Header"
BODY = "{http://schemas.xmlsoap.org/soap/envelope/}Body"
FAULT = "{http://schemas.xmlsoap.org/soap/envelope/}Fault"
SOAP12_ENVELOPE = "{http://www.w3.org/2003/05/soap-envelope}Envelope"
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


def body_element(data: bytes) -> etree._Element:
    """The one element in the Body of the SOAP 1.1 envelope ``data``; a Fault is raised."""
    root = parse(data)
    if root.tag == SOAP12_ENVELOPE:
        raise XmlError("a SOAP 1.2 envelope; this service speaks SOAP 1.1", "Envelope")
    if root.tag != ENVELOPE:
        raise XmlError(f"expected a SOAP 1.1 Envelope, got {_name(root.tag)}", _name(root.tag))
    parts = [child for child in root if isinstance(child.tag, str)]
    if [p.tag for p in parts] not in ([BODY], [HEADER, BODY]):
        names = ", ".join(_name(p.tag) for p in parts) or "nothing"
        raise XmlError(f"Envelope must hold [Header,] Body; it holds {names}", "Envelope")
    body = parts[-1]
    content = [child for child in body if isinstance(child.tag, str)]
    if len(content) != 1:
        raise XmlError(f"Body must hold one element; it holds {len(content)}", "Envelope/Body")
    if content[0].tag == FAULT:
        raise fault(content[0])
    return content[0]


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

    A SOAP Fault is raised whatever the status (SOAP 1.1 sends them with 500). Anything else
    that is not a 200 with a ``text/xml`` SOAP 1.1 envelope is an ``HttpError`` or ``XmlError``.
    """
    media = content_type.split(";", 1)[0].strip().lower()
    if status != 200:
        if media == "text/xml" and data:
            try:
                body_element(data)
            except SoapFault:
                raise
            except XmlError:
                pass
        raise HttpError(status, excerpt(data), f"HTTP {status} without a SOAP Fault")
    if not data:
        raise HttpError(status, "", "HTTP 200 with an empty body")
    if media != "text/xml":
        raise HttpError(
            status, excerpt(data), f"HTTP 200 with Content-Type {content_type!r}, not text/xml"
        )
    return body_element(data)
