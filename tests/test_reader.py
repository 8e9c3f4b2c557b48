"""The reader: every IR feature on a small fixture contract per construct."""

from __future__ import annotations

from pathlib import Path

import pytest
from contract_builder import TNS, write_contract

from generator import ir
from generator.contracts import from_wsdl
from generator.errors import ContractError
from generator.ir import QName, xs
from generator.reader import read


def q(name: str) -> QName:
    return QName(TNS, name)


def load(tmp_path: Path, body: str, ops: dict[str, tuple[str, str | None]] | None = None, **kw):
    wsdl = write_contract(tmp_path, body, ops or {"Op": ("Req", "Res")}, **kw)
    return read(from_wsdl(wsdl))


REQ_RES = """
    <xs:element name="Req" type="tns:ReqType"/>
    <xs:element name="Res" type="xs:string"/>
"""


def test_operations_bindings_services(tmp_path: Path) -> None:
    c = load(
        tmp_path,
        REQ_RES + '<xs:complexType name="ReqType"><xs:sequence/></xs:complexType>',
        {"Op": ("Req", "Res"), "OneWay": ("Req", None)},
    )
    assert [o.name for o in c.operations] == ["OneWay", "Op"]
    op = c.operations[1]
    assert op.soap_action == f"{TNS}/Op"
    assert (op.input, op.output, op.style) == (q("Req"), q("Res"), "document")
    assert c.operations[0].output is None
    assert c.bindings[0].soap_version == "1.1"
    assert c.address() == "https://localhost:8443/fixture"
    assert c.services[0].ports[0].binding == q("FixtureBinding")
    assert c.operations[1].location is not None and c.operations[1].location.file == "service.wsdl"
    assert {f.path for f in c.files} == {"service.wsdl", "types.xsd"}


@pytest.mark.parametrize("bind", ['parts="request" ', ""])
def test_the_body_is_the_part_the_binding_puts_there(tmp_path: Path, bind: str) -> None:
    """SF1500 v6: each message has a RequestHeader part first, bound as a soap:header, and the
    input in ``soap:body parts="request"``; the body element is that part's, not the first
    part's (with or without ``parts=``, a part a soap:header takes is not the body)."""
    body = REQ_RES + '<xs:complexType name="ReqType"><xs:sequence/></xs:complexType>'
    body += '<xs:element name="Header" type="xs:string"/>'
    wsdl = write_contract(tmp_path, body, {"Op": ("Req", "Res")})
    text = wsdl.read_text(encoding="utf-8")
    text = text.replace(
        '<wsdl:message name="OpIn"><wsdl:part name="request"',
        '<wsdl:message name="OpIn"><wsdl:part name="header" element="tns:Header"/>'
        '<wsdl:part name="request"',
    ).replace(
        '<wsdl:input><soap:body use="literal"/></wsdl:input>',
        '<wsdl:input><soap:header message="tns:OpIn" part="header" use="literal"/>'
        f'<soap:body {bind}use="literal"/></wsdl:input>',
    )
    assert text.count('part="header"') == 1
    wsdl.write_text(text, encoding="utf-8")
    assert read(from_wsdl(wsdl)).operations[0].input == q("Req")


def test_sequence_choice_all_nesting_and_occurs(tmp_path: Path) -> None:
    c = load(
        tmp_path,
        REQ_RES + """
    <xs:complexType name="ReqType">
        <xs:sequence>
            <xs:element name="A" type="xs:string" minOccurs="0"/>
            <xs:choice maxOccurs="unbounded">
                <xs:element name="B" type="xs:int"/>
                <xs:sequence><xs:element name="C" type="xs:date"/><xs:element name="D" type="xs:boolean" maxOccurs="3"/></xs:sequence>
            </xs:choice>
            <xs:element name="E" type="tns:AllType"/>
        </xs:sequence>
    </xs:complexType>
    <xs:complexType name="AllType">
        <xs:all><xs:element name="X" type="xs:string"/><xs:element name="Y" type="xs:string" minOccurs="0"/></xs:all>
    </xs:complexType>""",
    )
    seq = c.type(q("ReqType")).particle  # type: ignore[union-attr]
    assert seq.compositor == "sequence"
    a, choice, e = seq.particles
    assert (a.name, a.min_occurs, a.max_occurs) == (q("A"), 0, 1)
    assert choice.compositor == "choice" and choice.max_occurs is None
    b, inner = choice.particles
    assert b.type == xs("int") and inner.compositor == "sequence"
    assert [p.name.name for p in inner.particles] == ["C", "D"]
    assert inner.particles[1].max_occurs == 3
    all_group = c.type(q("AllType")).particle  # type: ignore[union-attr]
    assert all_group.compositor == "all"
    assert [p.min_occurs for p in all_group.particles] == [1, 0]
    assert e.type == q("AllType")


def test_simple_types_and_every_facet(tmp_path: Path) -> None:
    c = load(
        tmp_path,
        REQ_RES + """
    <xs:complexType name="ReqType"><xs:sequence/></xs:complexType>
    <xs:simpleType name="Code">
        <xs:annotation><xs:documentation>Koder.</xs:documentation></xs:annotation>
        <xs:restriction base="xs:string">
            <xs:enumeration value="A"><xs:annotation><xs:documentation>Første</xs:documentation></xs:annotation></xs:enumeration>
            <xs:enumeration value="B"/>
        </xs:restriction>
    </xs:simpleType>
    <xs:simpleType name="Str">
        <xs:restriction base="xs:string">
            <xs:pattern value="[0-9]{3}"/><xs:pattern value="X"/>
            <xs:minLength value="1"/><xs:maxLength value="3"/><xs:whiteSpace value="collapse"/>
        </xs:restriction>
    </xs:simpleType>
    <xs:simpleType name="Str2"><xs:restriction base="tns:Str"><xs:pattern value="1.*"/><xs:length value="3"/></xs:restriction></xs:simpleType>
    <xs:simpleType name="Amount">
        <xs:restriction base="xs:decimal">
            <xs:totalDigits value="9"/><xs:fractionDigits value="2"/>
            <xs:minInclusive value="0"/><xs:maxInclusive value="1000.00"/>
        </xs:restriction>
    </xs:simpleType>
    <xs:simpleType name="Open"><xs:restriction base="xs:int"><xs:minExclusive value="0"/><xs:maxExclusive value="60"/></xs:restriction></xs:simpleType>
    <xs:simpleType name="Codes"><xs:list itemType="tns:Code"/></xs:simpleType>
    <xs:simpleType name="CodeOrInt"><xs:union memberTypes="tns:Code xs:int"><xs:simpleType><xs:restriction base="xs:date"/></xs:simpleType></xs:union></xs:simpleType>
    """,
    )
    code = c.type(q("Code"))
    assert isinstance(code, ir.SimpleType) and code.doc == "Koder."
    assert code.facets.enumeration == (ir.EnumValue("A", "Første"), ir.EnumValue("B", None))
    s = c.type(q("Str"))
    assert s.facets.patterns == ("[0-9]{3}|X",)  # type: ignore[union-attr]
    assert (s.facets.min_length, s.facets.max_length, s.facets.white_space) == (1, 3, "collapse")  # type: ignore[union-attr]
    eff = c.facets(q("Str2"))
    assert eff.patterns == ("[0-9]{3}|X", "1.*") and eff.length == 3 and eff.max_length == 3
    assert c.builtin(q("Str2")) == xs("string")
    amount = c.type(q("Amount")).facets  # type: ignore[union-attr]
    assert (amount.total_digits, amount.fraction_digits) == (9, 2)
    assert (amount.min_inclusive, amount.max_inclusive) == ("0", "1000.00")
    assert (c.facets(q("Open")).min_exclusive, c.facets(q("Open")).max_exclusive) == ("0", "60")
    codes = c.type(q("Codes"))
    assert codes.variety == "list" and codes.item_type == q("Code")  # type: ignore[union-attr]
    union = c.type(q("CodeOrInt"))
    assert union.variety == "union"  # type: ignore[union-attr]
    assert union.member_types == (q("Code"), xs("int"), q("CodeOrInt/member1"))  # type: ignore[union-attr]
    assert c.type(q("CodeOrInt/member1")).anonymous  # type: ignore[union-attr]


def test_elements_nillable_default_fixed_documentation(tmp_path: Path) -> None:
    c = load(
        tmp_path,
        REQ_RES + """
    <xs:complexType name="ReqType">
        <xs:annotation><xs:documentation>Anmodning.
            Anden linje.</xs:documentation></xs:annotation>
        <xs:sequence>
            <xs:element name="N" type="xs:string" nillable="true"/>
            <xs:element name="D" type="xs:string" default="x"/>
            <xs:element name="F" type="xs:string" fixed="y"><xs:annotation><xs:documentation>Fast værdi.</xs:documentation></xs:annotation></xs:element>
        </xs:sequence>
    </xs:complexType>""",
    )
    ct = c.type(q("ReqType"))
    assert ct.doc == "Anmodning.\nAnden linje."  # type: ignore[union-attr]
    n, d, f = ct.particle.particles  # type: ignore[union-attr]
    assert n.nillable and not d.nillable
    assert (d.default, f.fixed, f.doc) == ("x", "y", "Fast værdi.")


def test_attributes_groups_simple_content_and_derivation(tmp_path: Path) -> None:
    c = load(
        tmp_path,
        REQ_RES + """
    <xs:attributeGroup name="Common"><xs:attribute name="lang" type="xs:language" default="da"/></xs:attributeGroup>
    <xs:complexType name="Base">
        <xs:sequence><xs:element name="A" type="xs:string"/></xs:sequence>
        <xs:attribute name="id" type="xs:ID" use="required"/>
    </xs:complexType>
    <xs:complexType name="ReqType">
        <xs:complexContent><xs:extension base="tns:Base">
            <xs:sequence><xs:element name="B" type="tns:Amount"/></xs:sequence>
            <xs:attribute name="kind" type="xs:string" fixed="K"/>
            <xs:attributeGroup ref="tns:Common"/>
            <xs:anyAttribute namespace="##other" processContents="lax"/>
        </xs:extension></xs:complexContent>
    </xs:complexType>
    <xs:complexType name="Amount">
        <xs:simpleContent><xs:extension base="xs:decimal"><xs:attribute name="currency" type="xs:string"/></xs:extension></xs:simpleContent>
    </xs:complexType>
    <xs:complexType name="SmallAmount">
        <xs:simpleContent><xs:restriction base="tns:Amount"><xs:maxInclusive value="10"/></xs:restriction></xs:simpleContent>
    </xs:complexType>""",
    )
    req = c.type(q("ReqType"))
    assert isinstance(req, ir.ComplexType)
    assert (req.base, req.derivation) == (q("Base"), "extension")
    assert [a.name.name for a in req.attributes] == ["kind", "lang"]
    assert req.attributes[0].fixed == "K" and req.attributes[1].default == "da"
    assert req.any_attribute == ir.AnyAttribute("##other", "lax")
    effective = c.content(req)
    assert [p.particles[0].name.name for p in effective] == ["A", "B"]  # type: ignore[union-attr]
    assert [a.name.name for a in c.attributes_of(req)] == ["id", "kind", "lang"]
    assert c.attributes_of(req)[0].use == "required"
    amount = c.type(q("Amount"))
    assert amount.content == "simple" and amount.simple_type == xs("decimal")  # type: ignore[union-attr]
    small = c.type(q("SmallAmount"))
    assert small.derivation == "restriction"  # type: ignore[union-attr]
    assert c.facets(q("SmallAmount")).max_inclusive == "10"
    assert c.builtin(q("SmallAmount")) == xs("decimal")
    assert c.subtypes(q("Base")) == (req,)


def test_anonymous_types_groups_wildcards_substitution(tmp_path: Path) -> None:
    c = load(
        tmp_path,
        """
    <xs:element name="Req">
        <xs:complexType><xs:sequence>
            <xs:element name="Kind"><xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="x"/></xs:restriction></xs:simpleType></xs:element>
            <xs:group ref="tns:Pair" minOccurs="0"/>
            <xs:element ref="tns:Head" maxOccurs="unbounded"/>
            <xs:any namespace="##other" processContents="lax" minOccurs="0"/>
        </xs:sequence></xs:complexType>
    </xs:element>
    <xs:element name="Res" type="xs:string"/>
    <xs:group name="Pair"><xs:sequence><xs:element name="P1" type="xs:string"/><xs:element name="P2" type="xs:string"/></xs:sequence></xs:group>
    <xs:element name="Head" type="xs:string" abstract="true"/>
    <xs:element name="Sub1" substitutionGroup="tns:Head"/>
    <xs:element name="Sub2" type="xs:string" substitutionGroup="tns:Head"/>""",
    )
    req = c.element(q("Req"))
    assert req.type == q("@Req")
    anon = c.type(q("@Req"))
    assert isinstance(anon, ir.ComplexType) and anon.anonymous
    kind, pair, head, wildcard = anon.particle.particles  # type: ignore[union-attr]
    assert kind.type == q("@Req/Kind") and c.type(q("@Req/Kind")).anonymous  # type: ignore[union-attr]
    assert pair.compositor == "sequence" and pair.min_occurs == 0
    assert [p.name.name for p in pair.particles] == ["P1", "P2"]
    assert head.ref and head.abstract and head.substitutes == (q("Sub1"), q("Sub2"))
    assert c.element(q("Sub1")).type == xs("string")  # inherits the head's type
    assert isinstance(wildcard, ir.Wildcard)
    assert (wildcard.namespace, wildcard.process_contents, wildcard.min_occurs) == (
        "##other",
        "lax",
        0,
    )


def test_element_form_and_cross_namespace_refs(tmp_path: Path) -> None:
    other = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:other" xmlns:o="urn:other">
    <xs:element name="Ctx" type="o:CtxType"/>
    <xs:complexType name="CtxType"><xs:sequence><xs:element name="Local" type="xs:string"/></xs:sequence></xs:complexType>
    <xs:complexType name="FejlType"><xs:sequence/></xs:complexType>
</xs:schema>"""
    c = load(
        tmp_path,
        """
    <xs:import namespace="urn:other" schemaLocation="other.xsd"/>
    <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element ref="o:Ctx" minOccurs="0"/>
        <xs:element name="Q" type="xs:string"/>
        <xs:element name="U" type="xs:string" form="unqualified"/>
    </xs:sequence></xs:complexType></xs:element>
    <xs:element name="Res" type="tns:FejlType"/>
    <xs:complexType name="FejlType"><xs:sequence/></xs:complexType>""",
        extra_ns={"o": "urn:other"},
        extra_files={"other.xsd": other},
    )
    ctx, qual, unqual = c.type(q("@Req")).particle.particles  # type: ignore[union-attr]
    assert ctx.name == QName("urn:other", "Ctx") and ctx.ref and ctx.min_occurs == 0
    assert qual.name == q("Q") and unqual.name == QName("", "U")
    local = c.type(QName("urn:other", "CtxType")).particle.particles[0]  # type: ignore[union-attr]
    assert local.name == QName("", "Local")  # other.xsd has elementFormDefault unqualified
    assert {t.name for t in c.complex_types if t.name.name == "FejlType"} == {
        q("FejlType"),
        QName("urn:other", "FejlType"),
    }
    forms = {f.path: f.element_form_default for f in c.files if f.kind == "xsd"}
    assert forms == {"types.xsd": "qualified", "other.xsd": "unqualified"}


def test_include_chain_chameleon_and_wsdl_import(tmp_path: Path) -> None:
    chameleon = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
    <xs:include schemaLocation="deeper/last.xsd"/>
    <xs:complexType name="ReqType"><xs:sequence><xs:element name="V" type="Value"/></xs:sequence></xs:complexType>
</xs:schema>"""
    last = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
    <xs:simpleType name="Value"><xs:restriction base="xs:string"><xs:maxLength value="5"/></xs:restriction></xs:simpleType>
</xs:schema>"""
    wsdl = write_contract(
        tmp_path / "inner",
        REQ_RES + '<xs:include schemaLocation="cham.xsd"/>',
        {"Op": ("Req", "Res")},
        extra_files={"cham.xsd": chameleon, "deeper/last.xsd": last},
    )
    outer = tmp_path / "outer.wsdl"
    outer.write_text(
        '<?xml version="1.0"?><wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" '
        'targetNamespace="urn:outer"><wsdl:import namespace="urn:test:fixture" '
        f'location="{wsdl.relative_to(tmp_path).as_posix()}"/></wsdl:definitions>',
        encoding="utf-8",
    )
    c = read(from_wsdl(outer))
    v = c.type(q("ReqType")).particle.particles[0]  # type: ignore[union-attr]
    assert v.type == q("Value")  # chameleon: no-namespace name resolved into the includer's
    assert c.facets(q("Value")).max_length == 5
    assert c.type(q("Value")).location == ir.Location("inner/deeper/last.xsd", 3)  # type: ignore[union-attr]
    assert [o.name for o in c.operations] == ["Op"]
    assert c.entry == "outer.wsdl"


def test_locations_point_at_lines(tmp_path: Path) -> None:
    c = load(
        tmp_path,
        REQ_RES + '\n\n<xs:complexType name="ReqType">\n<xs:sequence>\n'
        '<xs:element name="A" type="xs:string"/>\n</xs:sequence></xs:complexType>',
    )
    text = (tmp_path / "types.xsd").read_text().splitlines()
    ct = c.type(q("ReqType"))
    assert 'name="ReqType"' in text[ct.location.line - 1]  # type: ignore[union-attr]
    a = ct.particle.particles[0]  # type: ignore[union-attr]
    assert 'name="A"' in text[a.location.line - 1]


def test_json_dump_is_deterministic_and_complete(tmp_path: Path) -> None:
    body = REQ_RES + '<xs:complexType name="ReqType"><xs:sequence/></xs:complexType>'
    one = ir.to_json(load(tmp_path / "a", body))
    two = ir.to_json(load(tmp_path / "b", body))
    assert one == two
    assert '"soap_action": "urn:test:fixture/Op"' in one


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "extra", "message", "line_text"),
    [
        (
            '<xs:element name="Req" type="tns:Missing"/><xs:element name="Res" type="xs:string"/>',
            {},
            "unresolved type reference 'tns:Missing'",
            'type="tns:Missing"',
        ),
        (
            '<xs:element name="Req"><xs:complexType><xs:sequence><xs:element ref="tns:Nope"/></xs:sequence>'
            '</xs:complexType></xs:element><xs:element name="Res" type="xs:string"/>',
            {},
            "unresolved element reference",
            'ref="tns:Nope"',
        ),
        (
            '<xs:element name="Req" type="xs:string"/>\n<xs:element name="Res" type="xs:string"/>\n'
            '<xs:element name="Req" type="xs:int"/>',
            {},
            "duplicate definition of element 'Req'",
            'type="xs:int"',
        ),
        (
            '<xs:include schemaLocation="gone.xsd"/><xs:element name="Req" type="xs:string"/>',
            {},
            "gone.xsd' does not exist",
            "gone.xsd",
        ),
        (
            '<xs:element name="Req" type="xs:string"/><xs:element name="Res" type="xs:string"/>'
            '<xs:group name="G"><xs:sequence><xs:group ref="tns:Missing"/></xs:sequence></xs:group>'
            '<xs:complexType name="T"><xs:group ref="tns:G"/></xs:complexType>',
            {},
            "unresolved group reference",
            'ref="tns:Missing"',
        ),
        (
            '<xs:element name="Req" type="bad:T"/><xs:element name="Res" type="xs:string"/>',
            {},
            "unknown namespace prefix 'bad'",
            'type="bad:T"',
        ),
    ],
    ids=[
        "unresolved-type",
        "unresolved-element",
        "duplicate",
        "missing-include",
        "unresolved-group",
        "unknown-prefix",
    ],
)
def test_bad_contracts_name_file_and_line(
    tmp_path: Path, body: str, extra: dict[str, str], message: str, line_text: str
) -> None:
    wsdl = write_contract(tmp_path, body, {"Op": ("Req", "Res")}, extra_files=extra)
    with pytest.raises(ContractError) as info:
        read(from_wsdl(wsdl))
    err = info.value
    assert message in err.message
    assert err.file is not None and err.line
    lines = Path(err.file).read_text().splitlines()
    assert line_text in lines[err.line - 1]


def test_malformed_xml_names_file_and_line(tmp_path: Path) -> None:
    wsdl = write_contract(
        tmp_path, '<xs:element name="Req" type="xs:string">\n<oops>', {"Op": ("Req", "Req")}
    )
    with pytest.raises(ContractError) as info:
        read(from_wsdl(wsdl))
    assert "not well-formed XML" in info.value.message
    assert info.value.file and info.value.file.endswith("types.xsd") and info.value.line


def test_message_part_naming_missing_element(tmp_path: Path) -> None:
    wsdl = write_contract(
        tmp_path, '<xs:element name="Req" type="xs:string"/>', {"Op": ("Req", "Gone")}
    )
    with pytest.raises(ContractError, match="names missing element 'tns:Gone'") as info:
        read(from_wsdl(wsdl))
    assert info.value.file and info.value.file.endswith("service.wsdl") and info.value.line


def test_rpc_style_is_rejected_as_unsupported(tmp_path: Path) -> None:
    wsdl = write_contract(
        tmp_path, REQ_RES + '<xs:complexType name="ReqType"/>', {"Op": ("Req", "Res")}
    )
    wsdl.write_text(wsdl.read_text().replace('style="document"', 'style="rpc"'))
    with pytest.raises(ContractError, match="only document/literal is supported"):
        read(from_wsdl(wsdl))
