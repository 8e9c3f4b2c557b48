"""The SOAP 1.1 layer: envelopes built and read strictly, faults and HTTP answers typed."""

from __future__ import annotations

import pytest
from ky_kontanthjaelp._runtime import soap
from ky_kontanthjaelp._runtime.errors import (
    HttpError,
    ServiceplatformFaultError,
    SoapFaultError,
    XmlError,
)
from lxml import etree

NS = "urn:test"
ENV_OPEN = b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">'


def ping(text: str = "hej") -> etree._Element:
    element = etree.Element(f"{{{NS}}}Ping", nsmap={"t": NS})
    etree.SubElement(element, f"{{{NS}}}Text").text = text
    return element


def wrap(inner: bytes) -> bytes:
    return ENV_OPEN + inner + b"</s:Envelope>"


def test_envelope_round_trip() -> None:
    element = ping()
    data = soap.envelope(element)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope')
    assert element.getparent() is None  # the caller's element is not moved into the envelope
    read = soap.body_element(data)
    assert read.tag == f"{{{NS}}}Ping"
    assert read.findtext(f"{{{NS}}}Text") == "hej"


def test_envelope_of_text_is_the_envelope_of_the_element() -> None:
    text = etree.tostring(ping("blåbærgrød & <co>"), encoding="unicode")
    assert soap.envelope(text) == soap.envelope(ping("blåbærgrød & <co>"))
    assert soap.body_element(soap.envelope(text)).findtext(f"{{{NS}}}Text") == "blåbærgrød & <co>"
    with pytest.raises(XmlError, match="cannot write the SOAP envelope"):
        soap.envelope("<t:Ping xmlns:t='urn:test'>\ud800</t:Ping>")


def test_envelope_with_header_is_read() -> None:
    data = wrap(b"<s:Header/><s:Body><t:Ping xmlns:t='urn:test'/></s:Body>")
    assert soap.body_element(data).tag == f"{{{NS}}}Ping"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not well-formed"),
        (b"<s:Envelope", "not well-formed"),
        (
            b'<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>',
            "SOAP 1.2",
        ),
        (b"<Ping/>", "expected a SOAP 1.1 Envelope"),
        (wrap(b"<s:Body><a/></s:Body><s:Body><a/></s:Body>"), "holds Body, Body"),
        (wrap(b"<s:Body><a/><b/></s:Body>"), "holds 2"),
        (wrap(b"<s:Body/>"), "holds 0"),
        (wrap(b"<s:Body><a/></s:Body><s:Header/>"), "holds Body, Header"),
        (b'<!DOCTYPE x [<!ENTITY e "boom">]>' + wrap(b"<s:Body><a>&e;</a></s:Body>"), "DOCTYPE"),
    ],
    ids=[
        "empty",
        "truncated",
        "soap12",
        "not_an_envelope",
        "two_bodies",
        "two_body_elements",
        "empty_body",
        "header_after_body",
        "doctype_entity",
    ],
)
def test_bad_envelopes_raise_xml_error(data: bytes, message: str) -> None:
    with pytest.raises(XmlError, match=message):
        soap.body_element(data)


def test_external_entity_is_not_resolved(tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.txt"
    secret.write_text("0101901234")
    data = f'<!DOCTYPE a [<!ENTITY x SYSTEM "file://{secret}">]>'.encode() + wrap(
        b"<s:Body><a>&x;</a></s:Body>"
    )
    with pytest.raises(XmlError) as info:
        soap.body_element(data)
    assert "0101901234" not in str(info.value)


def test_oversized_message_is_refused() -> None:
    with pytest.raises(XmlError, match="over the 10485760 byte limit"):
        soap.body_element(soap.envelope(ping("x" * 10 * 1024 * 1024)))


def test_serviceplatform_fault_carries_error_list() -> None:
    data = soap.fault_envelope(
        "soap:Client", "Beskeden er ikke gyldig", [("1014", "første"), ("4575", "anden")]
    )
    with pytest.raises(ServiceplatformFaultError) as info:
        soap.body_element(data)
    fault = info.value
    assert fault.code == "soap:Client"
    assert fault.string == "Beskeden er ikke gyldig"
    assert fault.errors == [("1014", "første"), ("4575", "anden")]


def test_plain_fault_is_soap_fault() -> None:
    data = wrap(
        b"<s:Body><s:Fault><faultcode>s:Server</faultcode>"
        b"<faultstring>boom</faultstring></s:Fault></s:Body>"
    )
    with pytest.raises(SoapFaultError) as info:
        soap.body_element(data)
    assert type(info.value) is SoapFaultError
    assert (info.value.code, info.value.string, info.value.detail) == ("s:Server", "boom", None)


def test_answer_accepts_200_text_xml() -> None:
    element = soap.answer(200, "text/xml;charset=UTF-8", soap.envelope(ping()))
    assert element.tag == f"{{{NS}}}Ping"


def test_answer_500_with_fault_raises_the_fault() -> None:
    data = soap.fault_envelope("soap:Server", "nede", [("5000", "KY svarer ikke")])
    with pytest.raises(ServiceplatformFaultError, match="KY svarer ikke"):
        soap.answer(500, "text/xml; charset=utf-8", data)


@pytest.mark.parametrize(
    ("status", "content_type", "data", "message"),
    [
        (500, "text/html", b"<html><body>Internal error</body></html>", "HTTP 500"),
        (500, "text/xml", b"<broken", "HTTP 500"),
        (404, "text/plain", b"not here", "HTTP 404"),
        (200, "text/xml", b"", "empty body"),
        (200, "text/html", soap.envelope(ping()), "not text/xml"),
        (200, "application/soap+xml", soap.envelope(ping()), "not text/xml"),
    ],
    ids=["html_500", "garbage_500", "404", "empty_200", "html_200", "soap12_content_type"],
)
def test_answer_http_errors(status: int, content_type: str, data: bytes, message: str) -> None:
    with pytest.raises(HttpError, match=message) as info:
        soap.answer(status, content_type, data)
    assert info.value.status == status
    assert len(info.value.excerpt) <= 501


def test_answer_truncated_xml_is_xml_error() -> None:
    data = soap.envelope(ping())
    with pytest.raises(XmlError, match="not well-formed"):
        soap.answer(200, "text/xml", data[: len(data) // 2])


def test_http_error_excerpt_is_bounded_and_masked() -> None:
    page = b"<html>" + b"CPR 0101901234 " * 1000 + b"</html>"
    with pytest.raises(HttpError) as info:
        soap.answer(500, "text/html", page)
    assert info.value.excerpt.startswith("<html>CPR 010190-**** CPR 010190-****")
    assert len(info.value.excerpt) <= 501
    assert "0101901234" not in info.value.excerpt + str(info.value) + repr(info.value)
