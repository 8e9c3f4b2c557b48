"""Small contracts, one per XSD or WSDL construct real Serviceplatformen contracts use, each
with a valid message and one targeted invalid change.

Used by tests/emit/test_contract_constructs.py (round trip and validator per construct) and
tests/test_selftest.py (``kygen selftest`` over all of them). Constructs the older construct
tests already cover (xs:all, list/union, simple content, repeated choice, lax xs:any, …; see
tests/emit/test_constructs.py and tests/validate/test_constructs.py) are not repeated here.

A construct's contract is written by `write(name, folder)`; element ``Req`` is the request of
operation ``Send`` unless the construct says otherwise, ``valid`` a valid request and
``invalid`` a list of (old, new, path, code): replacing ``old`` by ``new`` in ``VALID`` must
give exactly one issue, at ``path`` with ``code``, and lxml must reject it too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from contract_builder import TNS, write_contract

XSI = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass(frozen=True)
class Construct:
    body: str  # the schema body of types.xsd (see contract_builder)
    valid: str  # a valid Req document
    invalid: list[tuple[str, str, str, str]]  # (old, new, path, code)
    operations: dict[str, tuple[str, str | None]] = field(
        default_factory=lambda: {"Send": ("Req", "Res")}
    )
    form: str = "qualified"
    extra_ns: dict[str, str] = field(default_factory=dict)
    extra_files: dict[str, str] = field(default_factory=dict)
    writer: Callable[[Construct, Path], Path] | None = None  # a WSDL not from contract_builder


RES = '<xs:element name="Res" type="xs:string"/>'


def _schema(tns: str | None, body: str, extra: str = "", form: str = "qualified") -> str:
    target = f' targetNamespace="{tns}" xmlns:tns="{tns}"' if tns else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"{target}{extra}
           elementFormDefault="{form}">
{body}
</xs:schema>
"""


# -- substitution groups -------------------------------------------------------------------------

SUBSTITUTION = Construct(
    body="""
<xs:complexType name="DyrType"><xs:sequence><xs:element name="Navn" type="xs:string"/></xs:sequence></xs:complexType>
<xs:complexType name="HundType"><xs:complexContent><xs:extension base="tns:DyrType">
  <xs:sequence><xs:element name="Race" type="xs:string"/></xs:sequence>
</xs:extension></xs:complexContent></xs:complexType>
<xs:element name="Dyr" type="tns:DyrType" abstract="true"/>
<xs:element name="Hund" type="tns:HundType" substitutionGroup="tns:Dyr"/>
<xs:element name="Kat" substitutionGroup="tns:Dyr"/>
<xs:element name="Ting" type="xs:string"/>
<xs:element name="Bold" type="xs:string" substitutionGroup="tns:Ting"/>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element ref="tns:Dyr" maxOccurs="unbounded"/>
  <xs:element ref="tns:Ting" minOccurs="0"/>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}"><t:Hund><t:Navn>Fido</t:Navn><t:Race>Puddel</t:Race></t:Hund>
<t:Kat><t:Navn>Mis</t:Navn></t:Kat><t:Bold>rød</t:Bold></t:Req>""",
    invalid=[("<t:Race>Puddel</t:Race>", "", "Req/Hund/Race", "required")],
)

# -- polymorphism: abstract types, xsi:type, substitution groups, nested ----------------------------

POLYMORPHISM = Construct(
    body="""
<xs:complexType name="PartType" abstract="true"><xs:sequence><xs:element name="Navn" type="xs:string"/></xs:sequence>
  <xs:attribute name="id" type="xs:string"/></xs:complexType>
<xs:complexType name="PersonType"><xs:complexContent><xs:extension base="tns:PartType">
  <xs:sequence><xs:element name="Alder" type="xs:int"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="FirmaType"><xs:complexContent><xs:extension base="tns:PartType">
  <xs:sequence><xs:element name="CVR" type="xs:int"/><xs:element name="Ejer" type="tns:PartType" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
  <xs:attribute name="aktiv" type="xs:boolean"/></xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="HoldingType"><xs:complexContent><xs:extension base="tns:FirmaType">
  <xs:sequence><xs:element name="Datter" type="xs:int" maxOccurs="3"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="AdresseType"><xs:sequence><xs:element name="Vej" type="xs:string"/></xs:sequence></xs:complexType>
<xs:complexType name="UdlandType"><xs:complexContent><xs:extension base="tns:AdresseType">
  <xs:sequence><xs:element name="Land" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:element name="Kontor"><xs:complexType><xs:complexContent><xs:extension base="tns:AdresseType">
  <xs:sequence><xs:element name="Etage" type="xs:int"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType></xs:element>
<xs:complexType name="KortAdresseType"><xs:complexContent><xs:restriction base="tns:AdresseType">
  <xs:sequence><xs:element name="Vej" type="xs:string"/></xs:sequence></xs:restriction></xs:complexContent></xs:complexType>
<xs:complexType name="DokumentType"><xs:sequence><xs:element name="Titel" type="xs:string"/></xs:sequence></xs:complexType>
<xs:complexType name="BrevType"><xs:complexContent><xs:extension base="tns:DokumentType">
  <xs:sequence><xs:element name="Modtager" type="tns:PartType"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:element name="Dokument" type="tns:DokumentType" abstract="true"/>
<xs:element name="Brev" type="tns:BrevType" substitutionGroup="tns:Dokument"/>
<xs:element name="Notat" type="tns:DokumentType" substitutionGroup="tns:Dokument"/>
<xs:element name="Part" type="tns:PartType"/>
<xs:element name="Kunde" type="tns:PersonType" substitutionGroup="tns:Part"/>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Deltager" type="tns:PartType" maxOccurs="unbounded"/>
  <xs:element name="Adresse" type="tns:AdresseType" minOccurs="0"/>
  <xs:element ref="tns:Dokument" maxOccurs="unbounded"/>
  <xs:element ref="tns:Part" minOccurs="0"/>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}" xmlns:xsi="{XSI}">
<t:Deltager xsi:type="t:PersonType" id="p1"><t:Navn>Ib</t:Navn><t:Alder>29</t:Alder></t:Deltager>
<t:Deltager xsi:type="t:HoldingType" aktiv="true"><t:Navn>H</t:Navn><t:CVR>12345678</t:CVR>
  <t:Ejer xsi:type="t:FirmaType"><t:Navn>F</t:Navn><t:CVR>1</t:CVR><t:Ejer xsi:type="t:PersonType"><t:Navn>Bo</t:Navn><t:Alder>29</t:Alder></t:Ejer></t:Ejer>
  <t:Datter>2</t:Datter></t:Deltager>
<t:Adresse xsi:type="t:UdlandType"><t:Vej>Rue</t:Vej><t:Land>FR</t:Land></t:Adresse>
<t:Brev><t:Titel>Hej</t:Titel><t:Modtager xsi:type="t:FirmaType"><t:Navn>M</t:Navn><t:CVR>2</t:CVR></t:Modtager></t:Brev>
<t:Notat xsi:type="t:BrevType"><t:Titel>N</t:Titel><t:Modtager xsi:type="t:PersonType"><t:Navn>A</t:Navn><t:Alder>33</t:Alder></t:Modtager></t:Notat>
<t:Kunde><t:Navn>K</t:Navn><t:Alder>29</t:Alder></t:Kunde></t:Req>""",
    invalid=[
        (
            '<t:Deltager xsi:type="t:PersonType" id="p1">',
            '<t:Deltager id="p1">',
            "Req/Deltager[1]",
            "abstract",
        ),
        ('xsi:type="t:UdlandType"', 'xsi:type="t:DokumentType"', "Req/Adresse", "type"),
        ('xsi:type="t:UdlandType"', 'xsi:type="t:Ukendt"', "Req/Adresse", "type"),
        (
            '<t:Ejer xsi:type="t:FirmaType">',
            '<t:Ejer xsi:type="t:PartType">',
            "Req/Deltager[2]/Ejer",
            "abstract",
        ),
        ("<t:Datter>2</t:Datter>", "", "Req/Deltager[2]/Datter", "required"),
        ("<t:Land>FR</t:Land>", "", "Req/Adresse/Land", "required"),
        (
            "<t:Alder>33</t:Alder>",
            "<t:Alder>tre</t:Alder>",
            "Req/Notat/Modtager/Alder",
            "type",
        ),
    ],
)

# -- elements of xs:anyType (and without a type): raw XML, attributes included ----------------------

ANY_TYPE = Construct(
    body="""
<xs:element name="Note" type="xs:int"/>
<xs:complexType name="UdvidelseType"><xs:sequence>
  <xs:element name="Navn" type="xs:string"/>
  <xs:element name="Extension" type="xs:anyType" minOccurs="0"/>
</xs:sequence></xs:complexType>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Udvidelse" type="tns:UdvidelseType"/>
  <xs:element name="Data" type="xs:anyType" nillable="true" maxOccurs="unbounded"/>
  <xs:element name="Tom"/>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}" xmlns:x="urn:x"><t:Udvidelse><t:Navn>a</t:Navn>
<t:Extension x:a="1" b="2">tekst<x:Y k="v"><t:Navn>n</t:Navn></x:Y>mere</t:Extension></t:Udvidelse>
<t:Data xmlns:xsi="{XSI}" xsi:nil="true"/><t:Data><t:Note>5</t:Note><t:Note>6</t:Note></t:Data><t:Tom>hvad som helst</t:Tom></t:Req>""",
    invalid=[
        # a child a global declaration names is checked (lax)
        ("<t:Note>6</t:Note>", "<t:Note>seks</t:Note>", "Req/Data[2]/Note[2]", "type"),
        ("<t:Tom>hvad som helst</t:Tom>", "", "Req/Tom", "required"),
    ],
)

# -- order facets on xs:duration (the WCF serialization schema's ``duration``) ------------------

DURATION_FACETS = Construct(
    body=r"""
<xs:simpleType name="duration"><xs:restriction base="xs:duration">
  <xs:pattern value="\-?P(\d*D)?(T(\d*H)?(\d*M)?(\d*(\.\d*)?S)?)?"/>
  <xs:minInclusive value="-P10675199DT2H48M5.4775808S"/>
  <xs:maxInclusive value="P10675199DT2H48M5.4775807S"/>
</xs:restriction></xs:simpleType>
<xs:simpleType name="FristType"><xs:restriction base="xs:duration">
  <xs:minExclusive value="P1M"/><xs:maxInclusive value="P1Y"/>
</xs:restriction></xs:simpleType>
<xs:simpleType name="KortType"><xs:restriction base="xs:duration">
  <xs:minInclusive value="PT0S"/><xs:maxExclusive value="PT36H"/>
</xs:restriction></xs:simpleType>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Timeout" type="tns:duration"/>
  <xs:element name="Frist" type="tns:FristType" maxOccurs="3"/>
  <xs:element name="Pause" type="tns:KortType" minOccurs="0"/>
</xs:sequence><xs:attribute name="ventetid" type="tns:KortType"/></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}" ventetid="PT1H"><t:Timeout>PT30S</t:Timeout><t:Frist>P2M</t:Frist>
<t:Frist>P32D</t:Frist><t:Frist>P1Y</t:Frist><t:Pause>P1DT11H</t:Pause></t:Req>""",
    invalid=[
        # 31 days against a month of 28 to 31 days: indeterminate, which fails the facet
        ("<t:Frist>P32D</t:Frist>", "<t:Frist>P31D</t:Frist>", "Req/Frist[2]", "minExclusive"),
        ("<t:Frist>P1Y</t:Frist>", "<t:Frist>P1Y1D</t:Frist>", "Req/Frist[3]", "maxInclusive"),
        ("<t:Pause>P1DT11H</t:Pause>", "<t:Pause>PT36H</t:Pause>", "Req/Pause", "maxExclusive"),
        ('ventetid="PT1H"', 'ventetid="-PT1S"', "Req/@ventetid", "minInclusive"),
        ("PT30S", "P10675199DT2H48M5.4775808S", "Req/Timeout", "maxInclusive"),
    ],
)

# -- complex type extension and restriction, several levels ---------------------------------------

DERIVATION = Construct(
    body="""
<xs:simpleType name="Kort"><xs:restriction base="xs:string"><xs:maxLength value="5"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Kortere"><xs:restriction base="tns:Kort"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
<xs:complexType name="A">
  <xs:sequence><xs:element name="Id" type="xs:string"/><xs:element name="Note" type="xs:string" minOccurs="0"/></xs:sequence>
  <xs:attribute name="v" type="xs:int"/>
</xs:complexType>
<xs:complexType name="B"><xs:complexContent><xs:extension base="tns:A">
  <xs:sequence><xs:element name="Navn" type="xs:string"/></xs:sequence><xs:attribute name="w" type="xs:string"/>
</xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="C"><xs:complexContent><xs:extension base="tns:B">
  <xs:sequence><xs:element name="Alder" type="xs:int" minOccurs="0"/></xs:sequence>
</xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="R"><xs:complexContent><xs:restriction base="tns:A">
  <xs:sequence><xs:element name="Id" type="tns:Kort"/></xs:sequence>
  <xs:attribute name="v" type="xs:int" use="required"/>
</xs:restriction></xs:complexContent></xs:complexType>
<xs:complexType name="R2"><xs:complexContent><xs:restriction base="tns:R">
  <xs:sequence><xs:element name="Id" type="tns:Kortere"/></xs:sequence>
  <xs:attribute name="v" type="xs:int" use="required"/>
</xs:restriction></xs:complexContent></xs:complexType>
<xs:complexType name="Beloeb"><xs:simpleContent><xs:extension base="xs:decimal">
  <xs:attribute name="valuta" type="xs:string" use="required"/>
</xs:extension></xs:simpleContent></xs:complexType>
<xs:complexType name="LilleBeloeb"><xs:simpleContent><xs:restriction base="tns:Beloeb">
  <xs:maxInclusive value="100"/>
</xs:restriction></xs:simpleContent></xs:complexType>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Tre" type="tns:C"/>
  <xs:element name="To" type="tns:R2"/>
  <xs:element name="Penge" type="tns:LilleBeloeb"/>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}"><t:Tre v="1" w="x"><t:Id>a</t:Id><t:Note>n</t:Note><t:Navn>b</t:Navn><t:Alder>3</t:Alder></t:Tre>
<t:To v="2"><t:Id>abc</t:Id></t:To><t:Penge valuta="DKK">99.50</t:Penge></t:Req>""",
    invalid=[
        ("<t:Id>abc</t:Id>", "<t:Id>abcd</t:Id>", "Req/To/Id", "maxLength"),
        ('<t:To v="2">', "<t:To>", "Req/To/@v", "required"),
        (">99.50<", ">100.50<", "Req/Penge", "maxInclusive"),
        ("<t:Navn>b</t:Navn>", "", "Req/Tre/Navn", "required"),
    ],
)

# -- choices nested in sequences, sequences in choices --------------------------------------------

CHOICES = Construct(
    body="""
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Start" type="xs:string"/>
  <xs:choice>
    <xs:element name="CPR" type="xs:string"/>
    <xs:sequence>
      <xs:element name="Navn" type="xs:string"/>
      <xs:choice><xs:element name="Foedt" type="xs:date"/><xs:element name="Alder" type="xs:int"/></xs:choice>
    </xs:sequence>
  </xs:choice>
  <xs:element name="Slut" type="xs:string"/>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}"><t:Start>a</t:Start><t:Navn>Ib</t:Navn><t:Alder>40</t:Alder><t:Slut>z</t:Slut></t:Req>""",
    invalid=[
        ("<t:Alder>40</t:Alder>", "<t:Alder>fyrre</t:Alder>", "Req/Alder", "type"),
    ],
)

# -- xs:anyAttribute (and an attribute default) ----------------------------------------------------

WILDCARDS = Construct(
    body="""
<xs:complexType name="UdvidbarType">
  <xs:sequence>
    <xs:element name="Tekst" type="xs:string"/>
    <xs:any namespace="##other" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence>
  <xs:attribute name="sprog" type="xs:language" default="da"/>
  <xs:anyAttribute namespace="##other" processContents="lax"/>
</xs:complexType>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Felt" type="tns:UdvidbarType" maxOccurs="2"/>
</xs:sequence><xs:attribute name="id" type="xs:int" use="required"/><xs:anyAttribute namespace="##any" processContents="skip"/>
</xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}" xmlns:x="urn:x" id="1" x:spor="abc" andet="2">
<t:Felt x:a="1" sprog="en"><t:Tekst>hej</t:Tekst><x:Noget k="v">data<x:Mere/></x:Noget><x:Andet/></t:Felt>
<t:Felt><t:Tekst>hej</t:Tekst></t:Felt></t:Req>""",
    invalid=[
        # a no-namespace attribute is not ##other
        ('x:a="1"', 'a="1"', "Req/Felt[1]/@a", "type"),
    ],
)

# -- repeated one-particle groups (WS-Trust's RequestSecurityTokenType) -----------------------------

ONE_PARTICLE_GROUPS = Construct(
    body="""
<xs:complexType name="TokenType">
  <xs:choice minOccurs="0" maxOccurs="unbounded">
    <xs:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
  </xs:choice>
</xs:complexType>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Token" type="tns:TokenType"/>
  <xs:sequence minOccurs="0" maxOccurs="3"><xs:element name="Kode" type="xs:int"/></xs:sequence>
  <xs:choice minOccurs="0"><xs:element name="Par" type="xs:int" minOccurs="2" maxOccurs="2"/></xs:choice>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}" xmlns:x="urn:x"><t:Token><x:A>1</x:A><x:B/><t:C>3</t:C></t:Token>
<t:Kode>1</t:Kode><t:Kode>2</t:Kode><t:Par>1</t:Par><t:Par>2</t:Par></t:Req>""",
    invalid=[
        ("<t:Kode>2</t:Kode>", "<t:Kode>to</t:Kode>", "Req/Kode[2]", "type"),
        # (Par{2}){0..1} allows 0 or 2, never 1: this group must not be collapsed to Par{0..2}
        ("<t:Par>2</t:Par>", "", "Req/Par", "required"),
    ],
)

# -- repeated groups: sequences and choices of several elements (XML Signature's SPKIData) ----------

REPEATED_GROUPS = Construct(
    body="""
<xs:complexType name="SPKIType">
  <xs:sequence maxOccurs="unbounded">
    <xs:element name="Sexp" type="xs:base64Binary"/>
    <xs:any namespace="##other" processContents="lax" minOccurs="0"/>
  </xs:sequence>
</xs:complexType>
<xs:complexType name="ParType">
  <xs:sequence maxOccurs="unbounded">
    <xs:element name="P" type="xs:int" minOccurs="0"/>
    <xs:element name="Q" type="xs:string" minOccurs="0" maxOccurs="2"/>
  </xs:sequence>
</xs:complexType>
<xs:group name="Par"><xs:sequence>
  <xs:element name="Navn" type="xs:string"/><xs:element name="Alder" type="xs:int" minOccurs="0"/>
</xs:sequence></xs:group>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Start" type="xs:string"/>
  <xs:sequence maxOccurs="3">
    <xs:element name="Kode" type="xs:int"/>
    <xs:element name="Tekst" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence>
  <xs:choice maxOccurs="unbounded">
    <xs:group ref="tns:Par"/>
    <xs:sequence><xs:element name="Id" type="xs:int"/><xs:element name="Note" type="xs:string" minOccurs="0"/></xs:sequence>
    <xs:element name="Ekstra" type="xs:string"/>
  </xs:choice>
  <xs:element name="SPKI" type="tns:SPKIType" minOccurs="0"/>
  <xs:element name="Slut" type="xs:string"/>
  <xs:element name="Par" type="tns:ParType" minOccurs="0"/>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}" xmlns:o="urn:o"><t:Start>a</t:Start>
<t:Kode>1</t:Kode><t:Tekst>x</t:Tekst><t:Tekst>y</t:Tekst><t:Kode>2</t:Kode>
<t:Navn>n</t:Navn><t:Id>3</t:Id><t:Ekstra>e</t:Ekstra><t:Navn>m</t:Navn><t:Alder>4</t:Alder>
<t:SPKI><t:Sexp>AAAA</t:Sexp><o:x/><t:Sexp>AAAA</t:Sexp></t:SPKI><t:Slut>z</t:Slut>
<t:Par><t:Q>a</t:Q><t:Q>b</t:Q><t:Q>c</t:Q><t:P>1</t:P><t:P>2</t:P><t:Q>d</t:Q></t:Par></t:Req>""",
    invalid=[
        ("<t:Kode>2</t:Kode>", "<t:Kode>to</t:Kode>", "Req/Kode[2]", "type"),
        (
            "<t:Kode>2</t:Kode>",
            "<t:Kode>2</t:Kode><t:Kode>3</t:Kode><t:Kode>4</t:Kode>",
            "Req/Kode[4]",
            "maxOccurs",
        ),
        ("<t:Id>3</t:Id>", "<t:Note>3</t:Note>", "Req/Id", "required"),
        ("<t:Sexp>AAAA</t:Sexp><o:x/>", "<o:x/>", "Req/SPKI/x", "type"),
        ("<t:P>2</t:P>", "<t:P>to</t:P>", "Req/Par/P[2]", "type"),
    ],
)

# -- mixed content: text between elements ---------------------------------------------------------

MIXED = Construct(
    body="""
<xs:complexType name="LinkType"><xs:simpleContent><xs:extension base="xs:anyURI">
  <xs:attribute name="titel" type="xs:string"/>
</xs:extension></xs:simpleContent></xs:complexType>
<xs:complexType name="TekstType" mixed="true">
  <xs:sequence>
    <xs:element name="Fed" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element name="Link" type="tns:LinkType" minOccurs="0"/>
    <xs:any namespace="##other" processContents="lax" minOccurs="0"/>
  </xs:sequence>
  <xs:attribute name="sprog" type="xs:language"/>
</xs:complexType>
<xs:complexType name="NoteType" mixed="true">
  <xs:choice><xs:element name="Kode" type="xs:int"/><xs:element name="Ingen" type="xs:string"/></xs:choice>
</xs:complexType>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Tekst" type="tns:TekstType" maxOccurs="2"/>
  <xs:element name="Note" type="tns:NoteType"/>
  <xs:element name="Fri" minOccurs="0"><xs:complexType mixed="true"/></xs:element>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}" xmlns:o="urn:o"><t:Tekst sprog="da">Hej <t:Fed>med</t:Fed> dig,
<t:Fed>og</t:Fed><t:Link titel="x">http://x</t:Link> <o:smil>:)</o:smil>&amp; farvel</t:Tekst>
<t:Tekst/><t:Note>kode <t:Kode>7</t:Kode>.</t:Note><t:Fri>bare tekst &lt;3</t:Fri></t:Req>""",
    invalid=[
        ("<t:Kode>7</t:Kode>", "<t:Kode>syv</t:Kode>", "Req/Note/Kode", "type"),
        ("<t:Kode>7</t:Kode>", "", "Req/Note", "choice"),
        (
            '<t:Link titel="x">http://x</t:Link> <o:smil>:)</o:smil>',
            '<o:smil>:)</o:smil><t:Link titel="x">http://x</t:Link>',
            "Req/Tekst[1]/Link",
            "type",
        ),
        ("bare tekst &lt;3", "<t:Fed>x</t:Fed>", "Req/Fri/Fed", "type"),
    ],
)

# -- W3C XML Signature (bundled): repeated groups and mixed content in a real schema ---------------

DS = "http://www.w3.org/2000/09/xmldsig#"
XML_SIGNATURE = Construct(
    body=f"""
<xs:import namespace="{DS}"
  schemaLocation="http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd"/>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Tekst" type="xs:string"/>
  <xs:element ref="ds:KeyInfo" minOccurs="0"/>
  <xs:element ref="ds:Signature" minOccurs="0"/>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    extra_ns={"ds": DS},
    valid=f"""<t:Req xmlns:t="{TNS}" xmlns:ds="{DS}"><t:Tekst>hej</t:Tekst>
<ds:KeyInfo><ds:KeyName>nøgle</ds:KeyName><ds:X509Data><ds:X509IssuerSerial>
<ds:X509IssuerName>CN=Test</ds:X509IssuerName><ds:X509SerialNumber>42</ds:X509SerialNumber>
</ds:X509IssuerSerial><ds:X509SubjectName>CN=Test</ds:X509SubjectName>
<ds:X509Certificate>AAAA</ds:X509Certificate></ds:X509Data>
<ds:SPKIData><ds:SPKISexp>AAAA</ds:SPKISexp><ds:SPKISexp>BBBB</ds:SPKISexp></ds:SPKIData>
<ds:PGPData><ds:PGPKeyID>AAAA</ds:PGPKeyID><ds:PGPKeyPacket>AAAA</ds:PGPKeyPacket></ds:PGPData>
</ds:KeyInfo><ds:Signature Id="sig"><ds:SignedInfo>
<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
<ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#hmac-sha1"><ds:HMACOutputLength>128</ds:HMACOutputLength></ds:SignatureMethod>
<ds:Reference URI="#body"><ds:Transforms>
<ds:Transform Algorithm="http://www.w3.org/TR/1999/REC-xpath-19991116">x<ds:XPath>//t:Tekst</ds:XPath>y</ds:Transform>
</ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>
<ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo>
<ds:SignatureValue>AAAA</ds:SignatureValue><ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue>
<ds:Modulus>AAAA</ds:Modulus><ds:Exponent>AQAB</ds:Exponent></ds:RSAKeyValue></ds:KeyValue>
</ds:KeyInfo></ds:Signature></t:Req>""",
    invalid=[
        (
            "<ds:X509SerialNumber>42<",
            "<ds:X509SerialNumber>x<",
            "Req/KeyInfo/X509Data/X509IssuerSerial/X509SerialNumber",
            "type",
        ),
        (
            "<ds:SPKISexp>BBBB</ds:SPKISexp>",
            "<ds:PGPKeyID>BBBB</ds:PGPKeyID>",
            "Req/KeyInfo/SPKIData/PGPKeyID",
            "type",
        ),
        (
            "<ds:XPath>//t:Tekst</ds:XPath>",
            "<ds:XPath>a</ds:XPath><ds:KeyName>b</ds:KeyName>",
            "Req/Signature/SignedInfo/Reference/Transforms/Transform/KeyName",
            "type",
        ),
        (
            "<ds:HMACOutputLength>128<",
            "<ds:HMACOutputLength>x<",
            "Req/Signature/SignedInfo/SignatureMethod/HMACOutputLength",
            "type",
        ),
    ],
)

# -- XML Encryption and WS-Notification (bundled): mixed content in two more standards -------------

XENC = "http://www.w3.org/2001/04/xmlenc#"
WSNT = "http://docs.oasis-open.org/wsn/b-2"
XML_ENCRYPTION = Construct(
    body=f"""
<xs:import namespace="{XENC}"
  schemaLocation="http://www.w3.org/TR/2002/REC-xmlenc-core-20021210/xenc-schema.xsd"/>
<xs:import namespace="{WSNT}" schemaLocation="http://docs.oasis-open.org/wsn/b-2.xsd"/>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element ref="xenc:EncryptedKey"/>
  <xs:element ref="wsnt:MessageContent" minOccurs="0"/>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    extra_ns={"xenc": XENC, "wsnt": WSNT},
    valid=f"""<t:Req xmlns:t="{TNS}" xmlns:xenc="{XENC}" xmlns:ds="{DS}" xmlns:wsnt="{WSNT}">
<xenc:EncryptedKey Recipient="modtager"><xenc:EncryptionMethod
Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p">nøgle: <xenc:KeySize>256</xenc:KeySize>
<xenc:OAEPparams>AAAA</xenc:OAEPparams><ds:DigestMethod
Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/></xenc:EncryptionMethod>
<ds:KeyInfo><ds:KeyName>k</ds:KeyName></ds:KeyInfo>
<xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData>
<xenc:ReferenceList><xenc:DataReference URI="#a"/><xenc:KeyReference URI="#b"/></xenc:ReferenceList>
<xenc:CarriedKeyName>navn</xenc:CarriedKeyName></xenc:EncryptedKey>
<wsnt:MessageContent Dialect="http://www.w3.org/TR/1999/REC-xpath-19991116">//t:Res</wsnt:MessageContent>
</t:Req>""",
    invalid=[
        (
            "<xenc:KeySize>256<",
            "<xenc:KeySize>stor<",
            "Req/EncryptedKey/EncryptionMethod/KeySize",
            "type",
        ),
        ("<xenc:CipherValue>AAAA</xenc:CipherValue>", "", "Req/EncryptedKey/CipherData", "choice"),
        (
            'Dialect="http://www.w3.org/TR/1999/REC-xpath-19991116"',
            "",
            "Req/MessageContent/@Dialect",
            "required",
        ),
    ],
)

# -- nillable elements (xsi:nil) -------------------------------------------------------------------

NILLABLE = Construct(
    body="""
<xs:complexType name="PersonType"><xs:sequence><xs:element name="Navn" type="xs:string"/></xs:sequence>
  <xs:attribute name="id" type="xs:string"/></xs:complexType>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Dato" type="xs:date" nillable="true"/>
  <xs:element name="Tal" type="xs:int" nillable="true" minOccurs="0"/>
  <xs:element name="Tekst" type="xs:string" nillable="true" maxOccurs="3"/>
  <xs:element name="Person" type="tns:PersonType" nillable="true" minOccurs="0"/>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}" xmlns:xsi="{XSI}"><t:Dato xsi:nil="true"/><t:Tal xsi:nil="1"/>
<t:Tekst>a</t:Tekst><t:Tekst xsi:nil="true"/><t:Person xsi:nil="true"/></t:Req>""",
    invalid=[
        (
            '<t:Dato xsi:nil="true"/>',
            '<t:Dato xsi:nil="true">2024-01-01</t:Dato>',
            "Req/Dato",
            "nillable",
        ),
    ],
)

# -- recursive types -------------------------------------------------------------------------------

RECURSIVE = Construct(
    body="""
<xs:complexType name="NodeType"><xs:sequence>
  <xs:element name="Navn" type="xs:string"/>
  <xs:element name="Barn" type="tns:NodeType" minOccurs="0" maxOccurs="unbounded"/>
  <xs:element name="Gren" type="tns:GrenType" minOccurs="0"/>
</xs:sequence></xs:complexType>
<xs:complexType name="GrenType"><xs:choice>
  <xs:element name="Blad" type="xs:string"/>
  <xs:element name="Node" type="tns:NodeType"/>
</xs:choice></xs:complexType>
<xs:element name="Req" type="tns:NodeType"/>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}"><t:Navn>rod</t:Navn><t:Barn><t:Navn>a</t:Navn>
<t:Barn><t:Navn>a1</t:Navn></t:Barn></t:Barn><t:Barn><t:Navn>b</t:Navn><t:Gren><t:Node><t:Navn>c</t:Navn>
<t:Gren><t:Blad>d</t:Blad></t:Gren></t:Node></t:Gren></t:Barn></t:Req>""",
    invalid=[
        ("<t:Blad>d</t:Blad>", "", "Req/Barn[2]/Gren/Node/Gren", "choice"),
    ],
)

# -- elementFormDefault unqualified (with a qualified override) ------------------------------------

UNQUALIFIED = Construct(
    form="unqualified",
    body="""
<xs:complexType name="AdresseType"><xs:sequence>
  <xs:element name="Vej" type="xs:string"/>
  <xs:element name="Nr" type="xs:positiveInteger"/>
  <xs:element name="Land" type="xs:string" form="qualified" minOccurs="0"/>
</xs:sequence><xs:attribute name="type" type="xs:string" form="qualified"/></xs:complexType>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Adresse" type="tns:AdresseType" maxOccurs="2"/>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}"><Adresse t:type="bolig"><Vej>Amagerbrogade</Vej><Nr>1</Nr><t:Land>DK</t:Land></Adresse></t:Req>""",
    invalid=[("<Nr>1</Nr>", "<Nr>0</Nr>", "Req/Adresse/Nr", "type")],  # outside the built-in range
)

# -- the same local name in several namespaces (several FejlType) -----------------------------------

_FEJL = """<xs:complexType name="FejlType"><xs:sequence>
  <xs:element name="FejlKode" type="{code}"/><xs:element name="FejlTekst" type="xs:string" minOccurs="0"/>
</xs:sequence></xs:complexType>
<xs:element name="Fejl" type="tns:FejlType"/>
"""


def _fejl_file(tns: str, code: str) -> str:
    return _schema(tns, _FEJL.format(code=code))


NAMESPACES = Construct(
    extra_ns={"a": "urn:test:a", "b": "urn:test:b"},
    extra_files={
        "a.xsd": _fejl_file("urn:test:a", "xs:int"),
        "b.xsd": _schema(
            "urn:test:b",
            """<xs:simpleType name="KodeType"><xs:restriction base="xs:string"><xs:pattern value="[A-Z]{3}"/></xs:restriction></xs:simpleType>
"""
            + _FEJL.format(code="tns:KodeType"),
        ),
    },
    body="""
<xs:import namespace="urn:test:a" schemaLocation="a.xsd"/>
<xs:import namespace="urn:test:b" schemaLocation="b.xsd"/>
"""
    + _FEJL.format(code="xs:string")
    + """
<!-- an anyURI whose own pattern rules out the sample subset of anyURI (gematik HomeCommunityIdType) -->
<xs:simpleType name="OidType"><xs:restriction base="xs:anyURI">
  <xs:pattern value="urn:oid:(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*"/>
</xs:restriction></xs:simpleType>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element ref="tns:Fejl"/><xs:element ref="a:Fejl"/><xs:element ref="b:Fejl" maxOccurs="2"/>
  <xs:element name="FejlType" type="a:FejlType" minOccurs="0"/>
  <xs:element name="Faellesskab" type="tns:OidType" minOccurs="0"/>
</xs:sequence></xs:complexType></xs:element>
"""
    + RES,
    valid=f"""<t:Req xmlns:t="{TNS}" xmlns:a="urn:test:a" xmlns:b="urn:test:b">
<t:Fejl><t:FejlKode>x</t:FejlKode></t:Fejl><a:Fejl><a:FejlKode>12</a:FejlKode></a:Fejl>
<b:Fejl><b:FejlKode>ABC</b:FejlKode><b:FejlTekst>t</b:FejlTekst></b:Fejl><t:FejlType><a:FejlKode>1</a:FejlKode></t:FejlType></t:Req>""",
    invalid=[
        (
            "<b:FejlKode>ABC</b:FejlKode>",
            "<b:FejlKode>AB</b:FejlKode>",
            "Req/Fejl/FejlKode",
            "pattern",
        )
    ],
)

# -- Danish letters in element, type, attribute and enumeration names -------------------------------

DANISH = Construct(
    body="""
<xs:simpleType name="ÅrsagType"><xs:restriction base="xs:string">
  <xs:enumeration value="Sygdom"/><xs:enumeration value="Fødsel"/><xs:enumeration value="Ærinde"/><xs:enumeration value="Øvrigt"/>
</xs:restriction></xs:simpleType>
<xs:complexType name="FraværType"><xs:sequence>
  <xs:element name="Årsag" type="tns:ÅrsagType"/>
  <xs:element name="Bemærkning" type="xs:string" minOccurs="0"/>
</xs:sequence><xs:attribute name="første" type="xs:boolean"/></xs:complexType>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Fravær" type="tns:FraværType" maxOccurs="unbounded"/>
  <xs:element name="Størrelse" type="xs:int" minOccurs="0"/>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}"><t:Fravær første="true"><t:Årsag>Fødsel</t:Årsag><t:Bemærkning>æøå ÆØÅ</t:Bemærkning></t:Fravær>
<t:Fravær><t:Årsag>Øvrigt</t:Årsag></t:Fravær><t:Størrelse>3</t:Størrelse></t:Req>""",
    invalid=[
        (
            "<t:Årsag>Øvrigt</t:Årsag>",
            "<t:Årsag>Ovrigt</t:Årsag>",
            "Req/Fravær[2]/Årsag",
            "enumeration",
        )
    ],
)

# -- a very long enumeration ----------------------------------------------------------------------

LONG_ENUM_VALUES = [f"K{n:03d}" for n in range(500)]
LONG_ENUM = Construct(
    body='<xs:simpleType name="KodeType"><xs:restriction base="xs:string">'
    + "".join(f'<xs:enumeration value="{v}"/>' for v in LONG_ENUM_VALUES)
    + """</xs:restriction></xs:simpleType>
<xs:simpleType name="TalKodeType"><xs:restriction base="xs:int">"""
    + "".join(f'<xs:enumeration value="{n}"/>' for n in range(0, 1000, 2))
    + """</xs:restriction></xs:simpleType>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Kode" type="tns:KodeType" maxOccurs="unbounded"/>
  <xs:element name="TalKode" type="tns:TalKodeType" minOccurs="0"/>
</xs:sequence></xs:complexType></xs:element>
"""
    + RES,
    valid=f"""<t:Req xmlns:t="{TNS}"><t:Kode>K000</t:Kode><t:Kode>K499</t:Kode><t:TalKode>998</t:TalKode></t:Req>""",
    invalid=[
        ("<t:Kode>K499</t:Kode>", "<t:Kode>K500</t:Kode>", "Req/Kode[2]", "enumeration"),
        ("<t:TalKode>998</t:TalKode>", "<t:TalKode>997</t:TalKode>", "Req/TalKode", "enumeration"),
    ],
)

# -- xs:include chains and chameleon includes ------------------------------------------------------

INCLUDES = Construct(
    extra_files={
        "common/a.xsd": _schema(
            TNS,
            """<xs:include schemaLocation="b.xsd"/>
<xs:complexType name="PeriodeType"><xs:sequence>
  <xs:element name="Fra" type="tns:DatoType"/><xs:element name="Til" type="tns:DatoType" minOccurs="0"/>
</xs:sequence></xs:complexType>""",
        ),
        # b.xsd has no targetNamespace: a chameleon, it takes the includer's namespace
        "common/b.xsd": _schema(
            None,
            """<xs:include schemaLocation="../chameleon/c.xsd"/>
<xs:simpleType name="DatoType"><xs:restriction base="xs:date"><xs:minInclusive value="2000-01-01"/></xs:restriction></xs:simpleType>""",
        ),
        "chameleon/c.xsd": _schema(
            None,
            """<xs:simpleType name="KodeType"><xs:restriction base="xs:string"><xs:length value="4"/></xs:restriction></xs:simpleType>
<xs:complexType name="SagType"><xs:sequence><xs:element name="Kode" type="KodeType"/></xs:sequence></xs:complexType>""",
        ),
    },
    body="""
<xs:include schemaLocation="common/a.xsd"/>
<xs:element name="Req"><xs:complexType><xs:sequence>
  <xs:element name="Periode" type="tns:PeriodeType"/>
  <xs:element name="Sag" type="tns:SagType"/>
</xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}"><t:Periode><t:Fra>2024-01-01</t:Fra></t:Periode><t:Sag><t:Kode>AB12</t:Kode></t:Sag></t:Req>""",
    invalid=[
        (
            "<t:Fra>2024-01-01</t:Fra>",
            "<t:Fra>1999-12-31</t:Fra>",
            "Req/Periode/Fra",
            "minInclusive",
        ),
        ("<t:Kode>AB12</t:Kode>", "<t:Kode>AB1</t:Kode>", "Req/Sag/Kode", "length"),
    ],
)

# -- WSDLs importing other WSDLs -------------------------------------------------------------------

_MESSAGES_WSDL = f"""<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="{TNS}" targetNamespace="{TNS}">
  <wsdl:types><xs:schema targetNamespace="{TNS}"><xs:include schemaLocation="../types.xsd"/></xs:schema></wsdl:types>
  <wsdl:message name="SendIn"><wsdl:part name="request" element="tns:Req"/></wsdl:message>
  <wsdl:message name="SendOut"><wsdl:part name="response" element="tns:Res"/></wsdl:message>
  <wsdl:message name="Fault"><wsdl:part name="fault" element="tns:Fejl"/></wsdl:message>
</wsdl:definitions>
"""

_PORT_WSDL = f"""<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="{TNS}"
    xmlns:p="urn:test:port" targetNamespace="urn:test:port">
  <wsdl:import namespace="{TNS}" location="messages.wsdl"/>
  <wsdl:portType name="Port"><wsdl:operation name="Send">
    <wsdl:input message="tns:SendIn"/><wsdl:output message="tns:SendOut"/><wsdl:fault name="Fejl" message="tns:Fault"/>
  </wsdl:operation></wsdl:portType>
</wsdl:definitions>
"""

_SERVICE_WSDL = """<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:p="urn:test:port" xmlns:s="urn:test:service" targetNamespace="urn:test:service" name="Importer">
  <wsdl:import namespace="urn:test:port" location="parts/port.wsdl"/>
  <wsdl:binding name="Binding" type="p:Port">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>
    <wsdl:operation name="Send"><soap:operation soapAction="urn:test:Send"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="Fejl"><soap:fault name="Fejl" use="literal"/></wsdl:fault>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Importer"><wsdl:port name="P" binding="s:Binding">
    <soap:address location="https://localhost:8443/importer"/>
  </wsdl:port></wsdl:service>
</wsdl:definitions>
"""


def _write_imports(construct: Construct, folder: Path) -> Path:
    write_contract(folder, construct.body, {})
    (folder / "service.wsdl").unlink()
    (folder / "parts").mkdir(exist_ok=True)
    (folder / "parts" / "messages.wsdl").write_text(_MESSAGES_WSDL, encoding="utf-8")
    (folder / "parts" / "port.wsdl").write_text(_PORT_WSDL, encoding="utf-8")
    (folder / "importer.wsdl").write_text(_SERVICE_WSDL, encoding="utf-8")
    return folder / "importer.wsdl"


WSDL_IMPORTS = Construct(
    body="""
<xs:element name="Req"><xs:complexType><xs:sequence><xs:element name="Tal" type="xs:int" maxOccurs="2"/></xs:sequence></xs:complexType></xs:element>
<xs:element name="Fejl"><xs:complexType><xs:sequence><xs:element name="Kode" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}"><t:Tal>1</t:Tal></t:Req>""",
    invalid=[("<t:Tal>1</t:Tal>", "<t:Tal>1</t:Tal>" * 3, "Req/Tal[3]", "maxOccurs")],
    writer=_write_imports,
)

# -- several operations sharing a message element --------------------------------------------------

SHARED_MESSAGES = Construct(
    operations={
        "Opret": ("Req", "Res"),
        "Ret": ("Req", "Res"),
        "Slet": ("Req", "Kvittering"),
        "Send": ("Besked", None),  # one-way
        "Validate": ("Besked", "Kvittering"),  # a method name the client uses itself
    },
    body="""
<xs:element name="Req"><xs:complexType><xs:sequence><xs:element name="Id" type="xs:string"/>
  <xs:element name="Antal" type="xs:nonNegativeInteger" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>
<xs:element name="Besked" type="xs:string"/>
<xs:element name="Kvittering"><xs:complexType><xs:sequence><xs:element name="OK" type="xs:boolean"/></xs:sequence></xs:complexType></xs:element>
""" + RES,
    valid=f"""<t:Req xmlns:t="{TNS}"><t:Id>a</t:Id><t:Antal>2</t:Antal></t:Req>""",
    invalid=[("<t:Antal>2</t:Antal>", "<t:Antal>-2</t:Antal>", "Req/Antal", "type")],
)

# -- Serviceplatformen's InvocationContext in every request (the generic client fills it in) ------

INVCTX = "http://serviceplatformen.dk/xml/schemas/InvocationContext/1/"
INVOCATION_CONTEXT = Construct(
    extra_ns={"ctx": INVCTX},
    extra_files={
        "sp/InvocationContext_1.xsd": _schema(
            INVCTX,
            """<xs:element name="InvocationContext"><xs:complexType><xs:all>
  <xs:element name="ServiceAgreementUUID" type="tns:UUIDtype"/>
  <xs:element name="UserSystemUUID" type="tns:UUIDtype"/>
  <xs:element name="UserUUID" type="tns:UUIDtype"/>
  <xs:element name="OnBehalfOfUser" type="xs:string" minOccurs="0"/>
  <xs:element name="ServiceUUID" type="tns:UUIDtype"/>
</xs:all></xs:complexType></xs:element>
<xs:simpleType name="UUIDtype"><xs:restriction base="xs:string">
  <xs:pattern value="[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/>
</xs:restriction></xs:simpleType>""",
        )
    },
    operations={"Opslag": ("OpslagRequest", "OpslagResponse")},
    body="""
<xs:import namespace="http://serviceplatformen.dk/xml/schemas/InvocationContext/1/" schemaLocation="sp/InvocationContext_1.xsd"/>
<xs:element name="OpslagRequest"><xs:complexType><xs:sequence>
  <xs:element ref="ctx:InvocationContext" minOccurs="0"/>
  <xs:element name="PNR" type="xs:string"/>
</xs:sequence></xs:complexType></xs:element>
<xs:element name="OpslagResponse"><xs:complexType><xs:sequence>
  <xs:element name="Navn" type="xs:string"/>
</xs:sequence></xs:complexType></xs:element>
""",
    valid=f"""<t:OpslagRequest xmlns:t="{TNS}" xmlns:c="{INVCTX}"><c:InvocationContext>
<c:UserUUID>00000000-0000-0000-0000-000000000003</c:UserUUID>
<c:ServiceAgreementUUID>00000000-0000-0000-0000-000000000001</c:ServiceAgreementUUID>
<c:UserSystemUUID>00000000-0000-0000-0000-000000000002</c:UserSystemUUID>
<c:ServiceUUID>00000000-0000-0000-0000-000000000004</c:ServiceUUID>
</c:InvocationContext><t:PNR>0101901234</t:PNR></t:OpslagRequest>""",
    invalid=[
        (
            "<c:ServiceUUID>00000000-0000-0000-0000-000000000004</c:ServiceUUID>",
            "",
            "OpslagRequest/InvocationContext/ServiceUUID",
            "required",
        )
    ],
)

CONSTRUCTS: dict[str, Construct] = {
    "substitution": SUBSTITUTION,
    "polymorphism": POLYMORPHISM,
    "duration_facets": DURATION_FACETS,
    "any_type": ANY_TYPE,
    "derivation": DERIVATION,
    "choices": CHOICES,
    "wildcards": WILDCARDS,
    "one_particle_groups": ONE_PARTICLE_GROUPS,
    "repeated_groups": REPEATED_GROUPS,
    "mixed": MIXED,
    "xml_signature": XML_SIGNATURE,
    "xml_encryption": XML_ENCRYPTION,
    "nillable": NILLABLE,
    "recursive": RECURSIVE,
    "unqualified": UNQUALIFIED,
    "namespaces": NAMESPACES,
    "danish": DANISH,
    "long_enum": LONG_ENUM,
    "includes": INCLUDES,
    "wsdl_imports": WSDL_IMPORTS,
    "shared_messages": SHARED_MESSAGES,
    "invocation_context": INVOCATION_CONTEXT,
}


def write(name: str, folder: Path) -> Path:
    """Write construct ``name``'s contract into ``folder``; returns its WSDL."""
    construct = CONSTRUCTS[name]
    if construct.writer is not None:
        return construct.writer(construct, folder)
    return write_contract(
        folder,
        construct.body,
        construct.operations,
        form=construct.form,
        extra_ns=construct.extra_ns,
        extra_files=construct.extra_files,
    )


def write_corpus(folder: Path) -> dict[str, Path]:
    """Every construct's contract, one folder each, under ``folder``."""
    return {name: write(name, folder / name) for name in CONSTRUCTS}
