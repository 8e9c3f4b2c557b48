"""The emitter beyond KY's contracts: XSD constructs real Serviceplatformen contracts use.

Each fixture is a small contract (tests/contract_builder.py); the emitter's own templates
are rendered for it (``core_sdk``), and samples and random valid instances must round-trip
through XML that lxml's XMLSchema accepts.
"""

from __future__ import annotations

import dataclasses
import enum
import typing
from pathlib import Path
from typing import Any

import pytest
from contract_builder import TNS, write_contract
from hypothesis import HealthCheck, given, settings
from lxml import etree
from strategies import strategy

from generator.samples import sample

CONSTRUCTS = """
<xs:simpleType name="KodeType">
  <xs:restriction base="xs:token">
    <xs:enumeration value="A"/><xs:enumeration value="B-2"/><xs:enumeration value="c d"/>
  </xs:restriction>
</xs:simpleType>
<xs:simpleType name="NiveauType">
  <xs:restriction base="xs:int"><xs:enumeration value="1"/><xs:enumeration value="2"/><xs:enumeration value="90"/></xs:restriction>
</xs:simpleType>
<xs:simpleType name="BeloebType">
  <xs:restriction base="xs:decimal">
    <xs:totalDigits value="7"/><xs:fractionDigits value="2"/><xs:minExclusive value="0"/><xs:maxInclusive value="10000"/>
  </xs:restriction>
</xs:simpleType>
<xs:simpleType name="ListeType"><xs:list itemType="xs:int"/></xs:simpleType>
<xs:simpleType name="UnionType"><xs:union memberTypes="xs:date xs:int"/></xs:simpleType>
<xs:complexType name="MaengdeType">
  <xs:simpleContent>
    <xs:extension base="tns:BeloebType">
      <xs:attribute name="enhed" type="tns:KodeType" use="required"/>
      <xs:attribute name="note" type="xs:string"/>
    </xs:extension>
  </xs:simpleContent>
</xs:complexType>
<xs:complexType name="PersonType">
  <xs:sequence>
    <xs:element name="Navn" type="xs:string"/>
    <xs:element name="Alder" type="xs:long" minOccurs="0"/>
  </xs:sequence>
  <xs:attribute name="id" type="xs:ID" use="required"/>
</xs:complexType>
<xs:complexType name="AlleType">
  <xs:all>
    <xs:element name="X" type="xs:string"/>
    <xs:element name="Y" type="xs:boolean" minOccurs="0"/>
  </xs:all>
</xs:complexType>
<xs:element name="Besked">
  <xs:complexType>
    <xs:sequence>
      <xs:element name="Kode" type="tns:KodeType"/>
      <xs:element name="Niveau" type="tns:NiveauType" maxOccurs="3"/>
      <xs:element name="Maengde" type="tns:MaengdeType" minOccurs="0"/>
      <xs:element name="Liste" type="tns:ListeType" minOccurs="0"/>
      <xs:element name="Union" type="tns:UnionType" minOccurs="0"/>
      <xs:element name="Data" type="xs:base64Binary" minOccurs="0"/>
      <xs:element name="Tid" type="xs:time" minOccurs="0"/>
      <xs:element name="Alle" type="tns:AlleType" minOccurs="0"/>
      <xs:choice minOccurs="0">
        <xs:element name="Person" type="tns:PersonType"/>
        <xs:sequence>
          <xs:element name="Fornavn" type="xs:string" minOccurs="0"/>
          <xs:element name="Efternavn" type="xs:string" minOccurs="0"/>
        </xs:sequence>
      </xs:choice>
      <xs:choice maxOccurs="unbounded">
        <xs:element name="Tal" type="xs:int"/>
        <xs:element name="Tekst" type="xs:normalizedString"/>
        <xs:choice>
          <xs:element name="Dato" type="xs:date"/>
        </xs:choice>
      </xs:choice>
      <xs:sequence minOccurs="0">
        <xs:element name="Fra" type="xs:date"/>
        <xs:element name="Til" type="xs:date" minOccurs="0"/>
      </xs:sequence>
      <xs:sequence minOccurs="0">
        <xs:element name="Valgfri" type="xs:string" minOccurs="0"/>
      </xs:sequence>
      <xs:any namespace="##other" processContents="lax" minOccurs="0"/>
    </xs:sequence>
    <xs:attribute name="version" type="xs:string" fixed="1.0"/>
  </xs:complexType>
</xs:element>
<xs:element name="Svar" type="tns:PersonType"/>
"""

COLLISIONS = """
<xs:import namespace="urn:test:other" schemaLocation="other.xsd"/>
<xs:complexType name="AdresseType">
  <xs:sequence><xs:element name="Vej" type="xs:string"/></xs:sequence>
</xs:complexType>
<xs:complexType name="PeriodeType">
  <xs:sequence><xs:element name="Fra" type="xs:date"/></xs:sequence>
</xs:complexType>
<xs:element name="Periode" type="xs:string"/>
<xs:element name="Fravær">
  <xs:complexType>
    <xs:sequence>
      <xs:element name="Adresse" type="tns:AdresseType"/>
      <xs:element ref="o:Adresse"/>
      <xs:element name="class" type="xs:string"/>
      <xs:element name="field" type="xs:string"/>
      <xs:element name="Årsag" type="tns:PeriodeType"/>
      <xs:element ref="tns:Periode"/>
    </xs:sequence>
  </xs:complexType>
</xs:element>
"""

OTHER = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:o="urn:test:other"
           targetNamespace="urn:test:other" elementFormDefault="unqualified">
  <xs:complexType name="AdresseType">
    <xs:sequence><xs:element name="Linje" type="xs:string" maxOccurs="2"/></xs:sequence>
  </xs:complexType>
  <xs:element name="Adresse" type="o:AdresseType"/>
</xs:schema>
"""

QUICK = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


def _round_trip(module: Any, obj: object) -> None:
    data = module.to_xml(obj)
    document = etree.fromstring(data)
    schema = module.schemas.xml_schema(etree.QName(document).namespace)
    assert schema.validate(document), (schema.error_log, data)
    assert module.from_xml(data) == obj
    assert module.to_xml(module.from_xml(data)) == data


@pytest.fixture
def constructs(tmp_path: Path, core_sdk: Any) -> Any:
    wsdl = write_contract(
        tmp_path / "c", CONSTRUCTS, {"Send": ("Besked", "Svar")}, form="qualified"
    )
    return core_sdk(wsdl, "constructs_sdk")


@pytest.fixture
def collisions(tmp_path: Path, core_sdk: Any) -> Any:
    wsdl = write_contract(
        tmp_path / "k",
        COLLISIONS,
        {"Meld": ("Fravær", None)},
        extra_ns={"o": "urn:test:other"},
        extra_files={"other.xsd": OTHER},
    )
    return core_sdk(wsdl, "collisions_sdk")


@pytest.mark.parametrize("branch", [0, 1, 2])
def test_construct_samples_round_trip(constructs: Any, branch: int) -> None:
    _round_trip(constructs, sample(constructs, "Besked", branch=branch))
    _round_trip(constructs, sample(constructs, "Svar", branch=branch))


@pytest.mark.parametrize("element", ["Besked", "Svar"])
def test_construct_random_instances_round_trip(constructs: Any, element: str) -> None:
    @QUICK
    @given(strategy(constructs, element))
    def check(obj: Any) -> None:
        _round_trip(constructs, obj)

    check()


def test_construct_shapes(constructs: Any) -> None:
    m = constructs
    hints = typing.get_type_hints(m.Besked, vars(m.models))
    assert issubclass(m.Kode, enum.StrEnum) and m.Kode("c d").name == "C_D"
    assert issubclass(m.Niveau, enum.IntEnum) and m.Niveau.V90 == 90
    assert hints["niveau"] == list[m.Niveau]
    assert hints["liste"] == str | None  # list and union types keep their lexical form
    assert hints["data"] == bytes | None
    # The optional choice: a union of one class per branch, or None.
    branches = typing.get_args(hints["choice"])
    assert {b.__name__ for b in branches} == {"BeskedPerson", "BeskedFornavn", "NoneType"}
    # The repeated choice: a list of its (flattened) branches, in document order.
    (item,) = typing.get_args(hints["choice_2"])
    assert {b.__name__ for b in typing.get_args(item)} == {"BeskedTal", "BeskedTekst", "BeskedDato"}
    # An optional sequence with a required member is a group: all of it, or none.
    assert [f.name for f in dataclasses.fields(m.BeskedFraGroup)] == ["fra", "til"]
    assert "valgfri" in hints  # an optional sequence of optional elements is flattened
    assert [f.name for f in dataclasses.fields(m.Maengde)] == ["enhed", "note", "value"]
    assert m.Besked.XML_NAME == f"{{{TNS}}}Besked"


def test_repeated_choice_keeps_document_order(constructs: Any) -> None:
    m = constructs
    obj = sample(m, "Besked")
    obj.choice_2 = [m.BeskedTekst(tekst="aaa"), m.BeskedTal(tal=4242), m.BeskedTekst(tekst="bbb")]
    data = m.to_xml(obj)
    assert data.index(b">aaa<") < data.index(b">4242<") < data.index(b">bbb<")
    _round_trip(m, obj)


def test_all_accepts_any_order(constructs: Any) -> None:
    m = constructs
    obj = sample(m, "Besked")
    data = m.to_xml(obj)
    root = etree.fromstring(data)
    alle = root.find(f"{{{TNS}}}Alle")
    alle.append(alle[0])  # Y before X
    assert m.from_xml(etree.tostring(root)) == obj


def test_names_are_collision_free(collisions: Any) -> None:
    m = collisions
    fields = [f.name for f in dataclasses.fields(m.Fravaer)]
    assert fields == ["adresse", "adresse_2", "class_", "field_", "aarsag", "periode"]
    hints = typing.get_type_hints(m.Fravaer, vars(m.models))
    assert hints["adresse"] is m.Adresse and hints["adresse_2"] is m.OtherAdresse
    assert hints["aarsag"] is m.Periode  # element Periode is simple: no class claims the name
    assert hints["periode"] is str
    obj = sample(m, "Fravær")
    data = m.to_xml(obj)
    assert "<ns1:Fravær".encode() in data and b"<Linje>" in data  # unqualified local elements
    _round_trip(m, obj)
