"""No traceback, ever, from a contract (issue 13).

``kygen generate`` is fed malformed and unusual schemas and WSDLs — what real contracts
contain (comments and processing instructions inside an inline schema, ``xs:anyAttribute``
without ``processContents``) and what broken ones do (bad numbers, missing references, a
document that is not a schema at all). Each either generates or exits 2 with one line
``kygen: error: FILE[:LINE]: problem``; no other exception escapes, and no traceback is
printed unless ``--debug``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from contract_builder import write_contract

from generator.cli import main

ERROR = re.compile(r"^kygen: error: [^:\n]+(?::\d+)?: .+$")
REQ = '<xs:element name="Res" type="xs:string"/>'


def _schema(body: str) -> dict[str, str]:
    return {"body": body + REQ}


# name → how the contract differs from a plain one: the request element's schema body
# ("body"), a replacement for the whole WSDL ("wsdl"), or for the whole XSD ("xsd").
CASES: dict[str, dict[str, str]] = {
    "any-attribute-without-process-contents": _schema(
        '<xs:element name="Req"><xs:complexType><xs:sequence/><xs:anyAttribute/>'
        "</xs:complexType></xs:element>"
    ),
    "comment-and-pi-in-inline-schema": {"inline": "<!-- note --><?pi data?>"},
    "max-occurs-not-a-number": _schema(
        '<xs:element name="Req"><xs:complexType><xs:sequence>'
        '<xs:element name="a" type="xs:string" maxOccurs="many"/>'
        "</xs:sequence></xs:complexType></xs:element>"
    ),
    "min-occurs-negative": _schema(
        '<xs:element name="Req"><xs:complexType><xs:sequence>'
        '<xs:element name="a" type="xs:string" minOccurs="-1"/>'
        "</xs:sequence></xs:complexType></xs:element>"
    ),
    "length-facet-not-a-number": _schema(
        '<xs:element name="Req"><xs:simpleType><xs:restriction base="xs:string">'
        '<xs:maxLength value="ten"/></xs:restriction></xs:simpleType></xs:element>'
    ),
    "unknown-type": _schema('<xs:element name="Req" type="tns:Nowhere"/>'),
    "unknown-prefix": _schema('<xs:element name="Req" type="nope:T"/>'),
    "unknown-group": _schema(
        '<xs:element name="Req"><xs:complexType><xs:group ref="tns:G"/></xs:complexType>'
        "</xs:element>"
    ),
    "unknown-attribute-group": _schema(
        '<xs:element name="Req"><xs:complexType><xs:attributeGroup ref="tns:AG"/>'
        "</xs:complexType></xs:element>"
    ),
    "unknown-base": _schema(
        '<xs:element name="Req"><xs:complexType><xs:complexContent>'
        '<xs:extension base="tns:Missing"/></xs:complexContent></xs:complexType></xs:element>'
    ),
    "complex-content-without-derivation": _schema(
        '<xs:element name="Req"><xs:complexType><xs:complexContent/></xs:complexType>'
        "</xs:element>"
    ),
    "simple-type-without-content": _schema('<xs:element name="Req"><xs:simpleType/></xs:element>'),
    "duplicate-element": _schema(
        '<xs:element name="Req" type="xs:string"/><xs:element name="Req" type="xs:int"/>'
    ),
    "recursive-type": _schema(
        '<xs:element name="Req" type="tns:Node"/><xs:complexType name="Node"><xs:sequence>'
        '<xs:element name="child" type="tns:Node" minOccurs="0"/></xs:sequence>'
        "</xs:complexType>"
    ),
    "self-extending-type": _schema(
        '<xs:element name="Req" type="tns:Loop"/><xs:complexType name="Loop">'
        '<xs:complexContent><xs:extension base="tns:Loop"/></xs:complexContent>'
        "</xs:complexType>"
    ),
    "group-containing-itself": _schema(
        '<xs:group name="G"><xs:sequence><xs:group ref="tns:G"/></xs:sequence></xs:group>'
        '<xs:element name="Req"><xs:complexType><xs:group ref="tns:G"/></xs:complexType>'
        "</xs:element>"
    ),
    "attribute-group-containing-itself": _schema(
        '<xs:attributeGroup name="A"><xs:attributeGroup ref="tns:A"/></xs:attributeGroup>'
        '<xs:element name="Req"><xs:complexType><xs:attributeGroup ref="tns:A"/>'
        "</xs:complexType></xs:element>"
    ),
    "simple-type-restricting-itself": _schema(
        '<xs:element name="Req" type="tns:S"/><xs:simpleType name="S">'
        '<xs:restriction base="tns:S"/></xs:simpleType>'
    ),
    "pattern-not-a-regex": _schema(
        '<xs:element name="Req"><xs:simpleType><xs:restriction base="xs:string">'
        '<xs:pattern value="[a-"/></xs:restriction></xs:simpleType></xs:element>'
    ),
    "enumeration-on-int-not-an-int": _schema(
        '<xs:element name="Req"><xs:simpleType><xs:restriction base="xs:int">'
        '<xs:enumeration value="x"/></xs:restriction></xs:simpleType></xs:element>'
    ),
    "element-without-name": _schema('<xs:element type="xs:string"/><xs:element name="Req"/>'),
    "redefine": _schema('<xs:redefine schemaLocation="types.xsd"/><xs:element name="Req"/>'),
    "include-of-itself": _schema(
        '<xs:include schemaLocation="types.xsd"/><xs:element name="Req" type="xs:string"/>'
    ),
    "import-of-missing-file": _schema(
        '<xs:import namespace="urn:x" schemaLocation="missing.xsd"/>'
        '<xs:element name="Req" type="xs:string"/>'
    ),
    "import-of-a-wsdl": _schema(
        '<xs:import namespace="urn:x" schemaLocation="service.wsdl"/>'
        '<xs:element name="Req" type="xs:string"/>'
    ),
    "import-of-unsupported-scheme": _schema(
        '<xs:import namespace="urn:x" schemaLocation="urn:isbn:1234"/>'
        '<xs:element name="Req" type="xs:string"/>'
    ),
    "schema-not-well-formed": {"xsd": "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>"},
    "schema-empty-file": {"xsd": ""},
    "schema-not-a-schema": {"xsd": "<html><body>Not found</body></html>"},
    "schema-binary": {"xsd": "\x00\x01\x02garbage"},
    "schema-with-doctype-entity": {
        "xsd": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">&e;</xs:schema>'
    },
    "wsdl-without-binding": {"wsdl-drop": "<wsdl:binding"},
    "wsdl-rpc-style": {"wsdl-replace": 'style="document"|style="rpc"'},
    "wsdl-part-with-type": {"wsdl-replace": 'element="tns:Req"|type="xs:string"'},
    "wsdl-unknown-message": {"wsdl-replace": 'message="tns:OpIn"|message="tns:Nope"'},
    "wsdl-unknown-port-type": {"wsdl-replace": 'type="tns:FixturePortType"|type="tns:Nope"'},
    "wsdl-not-well-formed": {"wsdl-replace": "</wsdl:definitions>|"},
    "wsdl-address-plain-http": {
        "wsdl-replace": "https://localhost:8443/fixture|http://kombit.dk/sts/placeholder"
    },
}


def _write(folder: Path, case: dict[str, str]) -> Path:
    body = case.get("body", '<xs:element name="Req" type="xs:string"/>' + REQ)
    wsdl = write_contract(folder, body, {"Op": ("Req", "Res")})
    if "xsd" in case:
        (folder / "types.xsd").write_text(case["xsd"], encoding="utf-8")
    text = wsdl.read_text(encoding="utf-8")
    if "inline" in case:
        text = text.replace("<xs:include", case["inline"] + "<xs:include", 1)
    if "wsdl-replace" in case:
        old, new = case["wsdl-replace"].split("|")
        assert old in text
        text = text.replace(old, new)
    if "wsdl-drop" in case:
        start = text.index(case["wsdl-drop"])
        text = text[:start] + text[text.index("</wsdl:binding>") + len("</wsdl:binding>") :]
    wsdl.write_text(text, encoding="utf-8")
    return wsdl


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_contract_never_gives_a_traceback(tmp_path: Path, name: str) -> None:
    wsdl = _write(tmp_path / "c", CASES[name])
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["generate", "--wsdl", str(wsdl), "--package", "p", "--out", str(out)]
    )
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), f"{type(result.exception).__name__}: {result.exception}"
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert (out / "p").is_dir()
    else:
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and ERROR.match(lines[0]), result.output
