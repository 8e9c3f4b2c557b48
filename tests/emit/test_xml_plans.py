"""The writer and reader plans of ``xml.py`` (generator/emit/xmlwrite.py, xmlread.py), on their
own: what code each plans for small schemas. The round-trip tests run that code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from contract_builder import TNS, write_contract
from lxml import etree

from generator import contracts, reader, selftest
from generator.emit.versions import build_version_view
from generator.emit.views import VersionView
from generator.emit.xmlbase import XML_NAMESPACE, Function, all_namespaces, prefix_map
from generator.emit.xmlcode import XmlModule
from generator.emit.xmlread import ReaderPlan
from generator.emit.xmlwrite import CHUNK, WriterPlan

BODY = """
<xs:element name="Req">
  <xs:complexType>
    <xs:sequence>
      <xs:element name="Navn" type="xs:string"/>
      <xs:element name="Beloeb" type="xs:decimal"/>
      <xs:element name="Note" type="xs:string" minOccurs="0"/>
      <xs:element name="Linje" type="tns:Linje" minOccurs="0" maxOccurs="unbounded"/>
      <xs:choice>
        <xs:element name="Dag" type="xs:date"/>
        <xs:element name="Antal" type="xs:int"/>
      </xs:choice>
    </xs:sequence>
  </xs:complexType>
</xs:element>
<xs:complexType name="Linje">
  <xs:sequence><xs:element name="Tekst" type="xs:string"/></xs:sequence>
</xs:complexType>
"""


def view(tmp_path: Path) -> VersionView:
    wsdl = write_contract(tmp_path, BODY, {"Op": ("Req", None)})
    contract = reader.read(contracts.from_wsdl(wsdl))
    return build_version_view(contract, package="p", module=None, schema_entries={})


def named(functions: list[Function], prefix: str) -> Function:
    return next(f for f in functions if f.signature.startswith(prefix))


def test_root_writer_inlines_once_occurring_children_in_one_string(tmp_path: Path) -> None:
    v = view(tmp_path)
    root = named(WriterPlan(v).functions(), "_root_Req(")
    body = root.body
    ns = v.namespaces[TNS]
    # one join: the start tag declares the namespace, required leaves are inlined into
    # string literals, one per element (Python concatenates them when it compiles), the list's
    # items go in between as they are
    last = root.lines[-1]
    assert last.startswith('return "".join(["') and f'<{ns}:Req xmlns:{ns}=\\"{TNS}\\">"' in last
    assert "*linje_parts" in last
    navn, beloeb = (
        f'f"<{ns}:Navn>{{navn}}</{ns}:Navn>"',
        f'f"<{ns}:Beloeb>{{beloeb}}</{ns}:Beloeb>"',
    )
    assert f"{navn} {beloeb}" in last
    assert "_write_" not in body  # every child occurs once or is a list item: all inlined
    # one batched test over the block's strings decides whether any needs escaping
    assert 't = navn + (note or "")' in body and "navn = escape_text(navn)" in body
    assert "beloeb.lstrip(DECIMAL_CHARS)" in body  # the decimal's str() checked, not formatted
    # an optional element is written only when present; list items in a loop in place
    assert "is None else" in body and f'"<{ns}:Linje>" f"<{ns}:Tekst>' in body
    # locals are named after their fields
    assert "for linje_item in o.linje:" in body and "choice_xml" in last
    # ... joined CHUNK items at a time, so that they are freed as the loop goes
    assert f"if len(linje_chunk) == {CHUNK}:" in body and "linje_chunk.clear()" in body
    # the choice is written in place, one isinstance test per branch
    assert body.count("isinstance(") == 2 and "raise TypeError" in body


def test_utf8_mode_only_changes_how_strings_are_escaped(tmp_path: Path) -> None:
    v = view(tmp_path)
    plain = named(WriterPlan(v).functions(), "_root_Req(").body
    utf8 = named(WriterPlan(v, utf8=True).functions(), "_root_Req(").body
    assert "isascii()" in utf8 and "isascii()" not in plain
    assert utf8.replace("escape_text_utf8", "escape_text") != plain  # the extra batch


def test_reader_enforces_order_and_required_elements(tmp_path: Path) -> None:
    v = view(tmp_path)
    plan = ReaderPlan(v)
    functions = plan.functions()
    req = next(c for c in v.classes if c.xml_name == f"{{{TNS}}}Req")
    name = plan.reader_of(req)
    body = named(functions, f"{name}(").body
    constants = dict(plan.clark.tag_rows)  # precomputed Clark tags, as module constants
    ns = next(name for name, code in constants.items() if code == f'"{{{TNS}}}"')
    for local in ("Navn", "Beloeb", "Note", "Linje", "Dag", "Antal"):
        assert constants[f"_T_{local}"] == f'{ns} + "{local}"'
        assert f"tag == _T_{local}:" in body
    assert "out_of_order(" in body  # a position counter enforces the sequence
    assert 'missing(el, "Navn")' in body and 'missing(el, "Note")' not in body
    assert "conflict(" in body  # both branches of the choice
    assert "navn: str | None = None" in body and "return Req(navn=navn," in body  # named locals


def test_prefixes_put_the_contract_namespace_first() -> None:
    assert prefix_map({"urn:b", "urn:a", "urn:own"}, "urn:own") == {
        "urn:own": "ns1",
        "urn:a": "ns2",
        "urn:b": "ns3",
    }


def test_namespaces_of_every_class_are_collected(tmp_path: Path) -> None:
    assert all_namespaces(view(tmp_path).classes) == {TNS}


def test_imports_are_the_names_the_plans_used(tmp_path: Path) -> None:
    xml = XmlModule(view(tmp_path))
    assert xml.lexical_imports == [
        "DATE_TEXT",
        "DATE_VALUE",
        "DECIMAL_CHARS",
        "DECIMAL_VALUE",
        "decimal_text",
        "escape_text",
        "parse_int",
    ]
    assert xml.parse_imports == [
        "bad_value",
        "check_attributes",
        "check_plain_leaf",
        "conflict",
        "missing",
        "not_nillable",
        "out_of_order",
        "unknown",
    ]
    assert xml.model_imports == ["Linje", "Req", "ReqAntal", "ReqDag"]
    assert xml.type_imports == ["import datetime", "from decimal import Decimal"]


def test_a_local_never_hides_a_name_the_writer_reads(tmp_path: Path) -> None:
    body = BODY.replace('name="Navn"', 'name="escape_text"').replace('name="Note"', 'name="t"')
    wsdl = write_contract(tmp_path, body, {"Op": ("Req", None)})
    contract = reader.read(contracts.from_wsdl(wsdl))
    v = build_version_view(contract, package="p", module=None, schema_entries={})
    lines = named(WriterPlan(v).functions(), "_root_Req(").lines
    assert "escape_text_2 = o.escape_text" in lines and "t_2 = o.t" in lines
    assert "    escape_text_2 = escape_text(escape_text_2)" in lines  # the helper is still there


LANG_BODY = """
<xs:import namespace="http://www.w3.org/XML/1998/namespace"
           schemaLocation="http://www.w3.org/2001/xml.xsd"/>
<xs:element name="Req">
  <xs:complexType>
    <xs:sequence><xs:element name="Tekst" type="xs:string"/></xs:sequence>
    <xs:attribute ref="xml:lang"/>
  </xs:complexType>
</xs:element>
"""


def test_xml_namespace_attributes_keep_the_reserved_prefix(tmp_path: Path) -> None:
    """xml:lang is written with the prefix ``xml``, which no document may declare (binding
    the XML namespace to another prefix is an error); lxml's XMLSchema accepts the result."""
    wsdl = write_contract(tmp_path / "c", LANG_BODY, {"Op": ("Req", None)})
    with selftest.imported_sdk(wsdl, tmp_path / "sdk", "kyt_xml_lang") as (module, v):
        assert v.namespaces[XML_NAMESPACE] == "xml"
        obj = module.models.Req(tekst="hej", lang="da")
        data = module.to_xml(obj)
        root = etree.fromstring(data)
        assert root.get(f"{{{XML_NAMESPACE}}}lang") == "da"
        assert b'xml:lang="da"' in data and XML_NAMESPACE.encode() not in data
        assert module.validate.validate_with_xsd(data) == []
        assert module.from_xml(data) == obj
        # imported, xml:lang has its declared type (xs:language or ""): both judges refuse this
        bad = module.models.Req(tekst="hej", lang="ikke et sprog")
        assert module.validate.validate_with_xsd(module.to_xml(bad)) != []
        assert [i.path for i in module.validate.validate(bad)] == ["Req/@lang"]


SHARED_BODY = """
<xs:element name="Req">
  <xs:complexType>
    <xs:sequence>
      <xs:element name="A" type="tns:Stor"/>
      <xs:element name="B" type="tns:Stor" minOccurs="0"/>
      <xs:element name="C" type="tns:Stor" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="D" type="tns:Lille" maxOccurs="unbounded"/>
      <xs:element name="E" type="tns:Lille" minOccurs="0"/>
    </xs:sequence>
  </xs:complexType>
</xs:element>
<xs:complexType name="Stor">
  <xs:sequence>{fields}</xs:sequence>
</xs:complexType>
<xs:complexType name="Lille">
  <xs:sequence><xs:element name="Tekst" type="xs:string"/></xs:sequence>
</xs:complexType>
""".replace("{fields}", "".join(f'<xs:element name="F{n}" type="xs:string"/>' for n in range(60)))


def test_a_class_held_in_several_places_is_written_by_its_own_writer(tmp_path: Path) -> None:
    """Inlining copies a class's content into every place that holds it: a class held in
    several places is written by one writer function, except as a list's items while the
    copies stay small (Lille, one field); a large one (Stor, 60 fields in three places) never.
    The document is the same (lxml's XMLSchema accepts it, it reads back equal)."""
    wsdl = write_contract(tmp_path / "c", SHARED_BODY, {"Op": ("Req", None)})
    contract = reader.read(contracts.from_wsdl(wsdl))
    v = build_version_view(contract, package="p", module=None, schema_entries={})
    functions = WriterPlan(v).functions()
    body = named(functions, "_root_Req(").body
    assert body.count("_write_Stor(") == 3 and "f59" not in body
    assert "for d_item in o.d:" in body and "tekst = d_item.tekst" in body  # items: inlined
    assert body.count("_write_Lille(") == 1  # E
    assert [f.signature for f in functions if "_write_" in f.signature] == [
        "_write_Lille(o: Lille) -> str",
        "_write_Stor(o: Stor) -> str",
    ]
    with selftest.imported_sdk(wsdl, tmp_path / "sdk", "kyt_shared") as (module, _):
        m = module.models
        stor = m.Stor(**{f"f{n}": f"v{n}" for n in range(60)})
        for e in (None, m.Lille(tekst="z&")):
            obj = m.Req(a=stor, b=None, c=[stor, stor], d=[m.Lille(tekst="x<y")], e=e)
            data = module.to_xml(obj)
            assert module.validate.validate_with_xsd(data) == []
            assert module.from_xml(data) == obj


TYPED_ELEMENTS = """
<xs:complexType name="Adresse">
  <xs:sequence>
    <xs:element name="Vej" type="xs:string"/>
    <xs:element name="Nummer" type="xs:int" minOccurs="0"/>
  </xs:sequence>
</xs:complexType>
<xs:element name="Hjem" type="tns:Adresse"/>
<xs:element name="Arbejde" type="tns:Adresse"/>
"""


def test_element_classes_of_one_type_read_through_the_types_reader(tmp_path: Path) -> None:
    """Two global elements of one named type: one reader holds the type's code and builds the
    class it is given; each element's reader is a call of it, so reading gives back the
    element's own class."""
    wsdl = write_contract(tmp_path / "c", TYPED_ELEMENTS, {"Op": ("Hjem", "Arbejde")})
    contract = reader.read(contracts.from_wsdl(wsdl))
    v = build_version_view(contract, package="p", module=None, schema_entries={})
    functions = ReaderPlan(v).functions()
    shared = named(functions, "_read_Adresse(")
    assert shared.signature.endswith("make: Callable[..., T]) -> T")
    assert shared.lines[-1].startswith("return make(vej=vej")
    for name in ("Hjem", "Arbejde"):
        assert named(functions, f"_read_{name}(").lines == [f"return _read_Adresse(el, s, {name})"]
    with selftest.imported_sdk(wsdl, tmp_path / "sdk", "kyt_typed") as (module, _):
        m = module.models
        for cls in (m.Hjem, m.Arbejde):
            obj = cls(vej="Bredgade", nummer=3)
            back = module.from_xml(module.to_xml(obj))
            assert type(back) is cls and back == obj
        # the element's path in errors, as from a reader of its own
        data = re.sub(rb"<[^<]*Vej>x</[^<]*Vej>", b"", module.to_xml(m.Hjem(vej="x", nummer=1)))
        with pytest.raises(module.xml.XmlError, match="Hjem.*Vej"):
            module.from_xml(data)
