"""Constructs the KY contracts do not use, on a small contract: the validator still agrees
with lxml's XMLSchema (mutations and targeted cases), on objects too, and its code is clean.

Covered: bounded repetition (counted), xs:all (optional group), attributes (required, fixed,
default), simple content, complex extension, nillable, fixed and default elements, list and
union types (and a restriction of a list), token/normalizedString whitespace, date and
dateTime bounds with and without timezone, a pattern on a decimal, double bounds,
totalDigits on an integer, character class subtraction, \\i\\c, an int enumeration,
binary, gYear, duration, language, anyURI, time, a repeated choice and a lax xs:any.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree
from xml_mutations import mutations

from generator import contracts, reader
from generator.emit import render

BODY = r"""
<xs:simpleType name="IntList"><xs:list itemType="xs:int"/></xs:simpleType>
<xs:simpleType name="ShortIntList"><xs:restriction base="tns:IntList"><xs:minLength value="1"/><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
<xs:simpleType name="NoneWord"><xs:restriction base="xs:string"><xs:enumeration value="none"/></xs:restriction></xs:simpleType>
<xs:simpleType name="IntOrNone"><xs:union memberTypes="xs:int tns:NoneWord"/></xs:simpleType>
<xs:simpleType name="Code"><xs:restriction base="xs:token"><xs:maxLength value="5"/><xs:pattern value="[A-Z ]+"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Line"><xs:restriction base="xs:normalizedString"><xs:maxLength value="6"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Since2000"><xs:restriction base="xs:date"><xs:minInclusive value="2000-01-01"/><xs:maxExclusive value="2100-01-01"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Stamp"><xs:restriction base="xs:dateTime"><xs:minInclusive value="2020-01-01T00:00:00Z"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Amount"><xs:restriction base="xs:decimal"><xs:pattern value="[0-9]+\.[0-9]{2}"/><xs:maxExclusive value="100"/><xs:minExclusive value="-1"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Ratio"><xs:restriction base="xs:double"><xs:minInclusive value="0"/><xs:maxInclusive value="1"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Small"><xs:restriction base="xs:unsignedByte"><xs:totalDigits value="2"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Vowelless"><xs:restriction base="xs:string"><xs:pattern value="[a-z-[aeiou]]+"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Ident"><xs:restriction base="xs:string"><xs:pattern value="\i\c*"/><xs:pattern value=".{1,4}"/></xs:restriction></xs:simpleType>
<xs:simpleType name="Level"><xs:restriction base="xs:int"><xs:enumeration value="1"/><xs:enumeration value="2"/></xs:restriction></xs:simpleType>
<xs:complexType name="Money"><xs:simpleContent><xs:extension base="tns:Amount"><xs:attribute name="currency" type="tns:Code" use="required"/><xs:attribute name="kind" type="xs:string" fixed="net"/></xs:extension></xs:simpleContent></xs:complexType>
<xs:complexType name="Flag"><xs:attribute name="on" type="xs:boolean" default="true"/></xs:complexType>
<xs:complexType name="Base"><xs:sequence><xs:element name="Id" type="xs:NCName"/></xs:sequence></xs:complexType>
<xs:complexType name="Derived"><xs:complexContent><xs:extension base="tns:Base"><xs:sequence><xs:element name="Extra" type="xs:string" minOccurs="0"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
<xs:complexType name="Props"><xs:all minOccurs="0"><xs:element name="A" type="xs:string"/><xs:element name="B" type="xs:int" minOccurs="0"/></xs:all></xs:complexType>
<xs:element name="Req">
  <xs:complexType><xs:sequence>
    <xs:element name="Pair" type="xs:string" minOccurs="2" maxOccurs="3"/>
    <xs:element name="Props" type="tns:Props"/>
    <xs:element name="Nums" type="tns:ShortIntList" minOccurs="0"/>
    <xs:element name="Maybe" type="tns:IntOrNone" minOccurs="0"/>
    <xs:element name="Code" type="tns:Code" minOccurs="0"/>
    <xs:element name="Line" type="tns:Line" minOccurs="0"/>
    <xs:element name="Day" type="tns:Since2000" minOccurs="0"/>
    <xs:element name="At" type="tns:Stamp" minOccurs="0"/>
    <xs:element name="Price" type="tns:Money" minOccurs="0"/>
    <xs:element name="Ratio" type="tns:Ratio" minOccurs="0"/>
    <xs:element name="Small" type="tns:Small" minOccurs="0"/>
    <xs:element name="Vowelless" type="tns:Vowelless" minOccurs="0"/>
    <xs:element name="Ident" type="tns:Ident" minOccurs="0"/>
    <xs:element name="Level" type="tns:Level" minOccurs="0"/>
    <xs:element name="Flag" type="tns:Flag" minOccurs="0"/>
    <xs:element name="Thing" type="tns:Derived" minOccurs="0"/>
    <xs:element name="Note" type="xs:string" nillable="true" minOccurs="0"/>
    <xs:element name="Mode" type="xs:string" fixed="A" minOccurs="0"/>
    <xs:element name="Count" type="xs:long" default="7" minOccurs="0"/>
    <xs:element name="Hex" type="xs:hexBinary" minOccurs="0"/>
    <xs:element name="Blob" type="xs:base64Binary" minOccurs="0"/>
    <xs:element name="Year" type="xs:gYear" minOccurs="0"/>
    <xs:element name="Span" type="xs:duration" minOccurs="0"/>
    <xs:element name="Lang" type="xs:language" minOccurs="0"/>
    <xs:element name="Link" type="xs:anyURI" minOccurs="0"/>
    <xs:element name="Yes" type="xs:boolean" minOccurs="0"/>
    <xs:element name="When" type="xs:time" minOccurs="0"/>
    <xs:choice minOccurs="0" maxOccurs="unbounded">
      <xs:element name="X" type="xs:int"/>
      <xs:element name="Y" type="xs:string"/>
    </xs:choice>
    <xs:any namespace="##other" processContents="lax" minOccurs="0"/>
  </xs:sequence>
  <xs:attribute name="version" type="xs:string" use="required"/>
  </xs:complexType>
</xs:element>
<xs:element name="Res" type="xs:string"/>
"""

T = "urn:test:fixture"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
VALID = f"""<t:Req xmlns:t="{T}" xmlns:o="urn:other" xmlns:xsi="{XSI}" version="1">
<t:Pair>a</t:Pair><t:Pair>b</t:Pair>
<t:Props><t:B>3</t:B><t:A>x</t:A></t:Props>
<t:Nums>1 2 3</t:Nums><t:Maybe>none</t:Maybe><t:Code> AB  C </t:Code><t:Line>ab\tc</t:Line>
<t:Day>2000-01-01</t:Day><t:At>2020-01-01T00:00:00Z</t:At>
<t:Price currency="DKK">99.99</t:Price><t:Ratio>0.5</t:Ratio><t:Small>99</t:Small>
<t:Vowelless>bcd</t:Vowelless><t:Ident>_a1</t:Ident><t:Level>2</t:Level><t:Flag on="false"/>
<t:Thing><t:Id>x1</t:Id><t:Extra>e</t:Extra></t:Thing><t:Note xsi:nil="true"/>
<t:Mode>A</t:Mode><t:Count/><t:Hex>0FA0</t:Hex><t:Blob>AAAA</t:Blob><t:Year>2021</t:Year>
<t:Span>P1DT2H</t:Span><t:Lang>da-DK</t:Lang><t:Link>http://x</t:Link><t:Yes>1</t:Yes>
<t:When>10:00:00</t:When><t:X>1</t:X><t:Y>y</t:Y><t:X>2</t:X><o:Extra>z</o:Extra>
</t:Req>"""

REPLACEMENTS = [
    # (old, new): one targeted change each; lxml decides validity
    ("<t:Pair>b</t:Pair>", ""),
    ("<t:Pair>b</t:Pair>", "<t:Pair>b</t:Pair><t:Pair>c</t:Pair>"),
    ("<t:Pair>b</t:Pair>", "<t:Pair>b</t:Pair><t:Pair>c</t:Pair><t:Pair>d</t:Pair>"),
    ("<t:Props><t:B>3</t:B><t:A>x</t:A></t:Props>", "<t:Props/>"),
    ("<t:Props><t:B>3</t:B><t:A>x</t:A></t:Props>", "<t:Props><t:B>3</t:B></t:Props>"),
    ("<t:A>x</t:A>", "<t:A>x</t:A><t:A>y</t:A>"),
    ("<t:Nums>1 2 3</t:Nums>", "<t:Nums>1 2 3 4</t:Nums>"),
    ("<t:Nums>1 2 3</t:Nums>", "<t:Nums> 1\n2 </t:Nums>"),
    ("<t:Nums>1 2 3</t:Nums>", "<t:Nums>1 x</t:Nums>"),
    ("<t:Nums>1 2 3</t:Nums>", "<t:Nums></t:Nums>"),
    ("<t:Maybe>none</t:Maybe>", "<t:Maybe> 42 </t:Maybe>"),
    ("<t:Maybe>none</t:Maybe>", "<t:Maybe>None</t:Maybe>"),
    ("<t:Code> AB  C </t:Code>", "<t:Code>ABCDEF</t:Code>"),
    ("<t:Code> AB  C </t:Code>", "<t:Code>  ABCDE  </t:Code>"),
    ("<t:Code> AB  C </t:Code>", "<t:Code>ab</t:Code>"),
    ("<t:Line>ab\tc</t:Line>", "<t:Line>ab\tcdef</t:Line>"),
    ("<t:Day>2000-01-01</t:Day>", "<t:Day>1999-12-31</t:Day>"),
    ("<t:Day>2000-01-01</t:Day>", "<t:Day>2100-01-01</t:Day>"),
    ("<t:Day>2000-01-01</t:Day>", "<t:Day>2000-01-01Z</t:Day>"),
    ("<t:Day>2000-01-01</t:Day>", "<t:Day>2000-01-01+14:00</t:Day>"),
    ("<t:Day>2000-01-01</t:Day>", "<t:Day>2099-12-31-14:00</t:Day>"),
    ("<t:At>2020-01-01T00:00:00Z</t:At>", "<t:At>2019-12-31T23:59:59Z</t:At>"),
    ("<t:At>2020-01-01T00:00:00Z</t:At>", "<t:At>2020-01-01T00:00:00</t:At>"),
    ("<t:At>2020-01-01T00:00:00Z</t:At>", "<t:At>2020-01-01T14:00:00</t:At>"),
    ("<t:At>2020-01-01T00:00:00Z</t:At>", "<t:At>2020-01-01T14:00:01</t:At>"),
    ("<t:At>2020-01-01T00:00:00Z</t:At>", "<t:At>2020-01-01T01:00:00+01:00</t:At>"),
    ("<t:At>2020-01-01T00:00:00Z</t:At>", "<t:At>2020-01-01T00:59:59+01:00</t:At>"),
    ('currency="DKK">99.99<', 'currency="DKK">99.9<'),
    ('currency="DKK">99.99<', 'currency="DKK">100.00<'),
    ('currency="DKK">99.99<', 'currency="DKK">-1.00<'),
    ('currency="DKK">99.99<', 'currency="DKK">-0.99<'),
    ('currency="DKK">99.99<', 'currency="DKK"> 99.99 <'),
    ('currency="DKK"', ""),
    ('currency="DKK"', 'currency="DKK" kind="net"'),
    ('currency="DKK"', 'currency="DKK" kind="gross"'),
    ('currency="DKK"', 'currency="DK K D"'),
    ('currency="DKK"', 'currency="DKK" rate="1"'),
    ("<t:Ratio>0.5</t:Ratio>", "<t:Ratio>1.0000001</t:Ratio>"),
    ("<t:Ratio>0.5</t:Ratio>", "<t:Ratio>-0</t:Ratio>"),
    ("<t:Ratio>0.5</t:Ratio>", "<t:Ratio>1e0</t:Ratio>"),
    ("<t:Small>99</t:Small>", "<t:Small>100</t:Small>"),
    ("<t:Small>99</t:Small>", "<t:Small>0099</t:Small>"),
    ("<t:Small>99</t:Small>", "<t:Small>-1</t:Small>"),
    ("<t:Vowelless>bcd</t:Vowelless>", "<t:Vowelless>bad</t:Vowelless>"),
    ("<t:Ident>_a1</t:Ident>", "<t:Ident>1a</t:Ident>"),
    ("<t:Ident>_a1</t:Ident>", "<t:Ident>abcde</t:Ident>"),
    ("<t:Level>2</t:Level>", "<t:Level>3</t:Level>"),
    ("<t:Level>2</t:Level>", "<t:Level> +02 </t:Level>"),
    ('<t:Flag on="false"/>', '<t:Flag on="maybe"/>'),
    ('<t:Flag on="false"/>', "<t:Flag>x</t:Flag>"),
    ('<t:Flag on="false"/>', "<t:Flag><!-- c --></t:Flag>"),
    ("<t:Id>x1</t:Id>", ""),
    ("<t:Id>x1</t:Id>", "<t:Id>1x</t:Id>"),
    ("<t:Extra>e</t:Extra>", "<t:Extra>e</t:Extra><t:Extra>f</t:Extra>"),
    ('<t:Note xsi:nil="true"/>', '<t:Note xsi:nil="true">x</t:Note>'),
    ('<t:Note xsi:nil="true"/>', '<t:Note xsi:nil="false"/>'),
    ('<t:Note xsi:nil="true"/>', '<t:Note xsi:nil="maybe"/>'),
    ("<t:Mode>A</t:Mode>", "<t:Mode>B</t:Mode>"),
    ("<t:Mode>A</t:Mode>", "<t:Mode/>"),
    ("<t:Mode>A</t:Mode>", "<t:Mode> A</t:Mode>"),
    ("<t:Count/>", "<t:Count>x</t:Count>"),
    ("<t:Count/>", "<t:Count>9223372036854775808</t:Count>"),
    ("<t:Hex>0FA0</t:Hex>", "<t:Hex>0FA</t:Hex>"),
    ("<t:Blob>AAAA</t:Blob>", "<t:Blob>AAA</t:Blob>"),
    ("<t:Year>2021</t:Year>", "<t:Year>21</t:Year>"),
    ("<t:Span>P1DT2H</t:Span>", "<t:Span>P1DT</t:Span>"),
    ("<t:Lang>da-DK</t:Lang>", "<t:Lang>dansk-sprog</t:Lang>"),
    ("<t:Yes>1</t:Yes>", "<t:Yes>ja</t:Yes>"),
    ("<t:When>10:00:00</t:When>", "<t:When>10:00</t:When>"),
    ("<t:X>1</t:X><t:Y>y</t:Y><t:X>2</t:X>", ""),
    ("<t:X>1</t:X><t:Y>y</t:Y><t:X>2</t:X>", "<t:X>a</t:X>"),
    ("<o:Extra>z</o:Extra>", "<o:Extra>z</o:Extra><o:Extra>z</o:Extra>"),
    ("<o:Extra>z</o:Extra>", "<t:Mode>A</t:Mode>"),
    ("<o:Extra>z</o:Extra>", "<Extra>z</Extra>"),
    ('version="1"', ""),
    ('version="1"', 'version="1" xsi:type="t:Other"'),
    ('version="1"', 'version="1" xsi:schemaLocation="urn:x x.xsd"'),
]


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    from validate_support import write_construct_sdk

    return write_construct_sdk(BODY, tmp_path_factory.mktemp("constructs"), "kyt_constructs")


@pytest.fixture(scope="module")
def schema(sdk: ModuleType) -> etree.XMLSchema:
    folder = Path(sdk.__file__).parents[2] / "contract"
    return etree.XMLSchema(etree.parse(str(folder / "types.xsd")))


def verdicts(
    sdk: ModuleType, schema: etree.XMLSchema, document: bytes
) -> tuple[bool, list[object]]:
    return schema.validate(etree.fromstring(document)), sdk.validate.validate_xml(document)


def test_the_valid_document_is_valid(sdk: ModuleType, schema: etree.XMLSchema) -> None:
    assert verdicts(sdk, schema, VALID.encode()) == (True, [])
    assert sdk.validate.validate_with_xsd(VALID.encode()) == []


@pytest.mark.parametrize(("old", "new"), REPLACEMENTS)
def test_targeted_changes_agree(
    sdk: ModuleType, schema: etree.XMLSchema, old: str, new: str
) -> None:
    assert old in VALID
    oracle, issues = verdicts(sdk, schema, VALID.replace(old, new, 1).encode())
    assert oracle == (not issues), (schema.error_log.last_error, issues)


def test_mutations_agree(sdk: ModuleType, schema: etree.XMLSchema) -> None:
    contract = reader.read(
        contracts.from_wsdl(Path(sdk.__file__).parents[2] / "contract" / "service.wsdl")
    )
    total = 0
    for kind, description, document in mutations(contract, VALID.encode()):
        oracle, issues = verdicts(sdk, schema, document)
        assert oracle == (not issues), (kind, description, issues)
        total += 1
    assert total > 400


def test_counted_repetition_reports_the_right_rule(sdk: ModuleType) -> None:
    one = VALID.replace("<t:Pair>b</t:Pair>", "").encode()
    assert [(i.path, i.code) for i in sdk.validate.validate_xml(one)] == [("Req/Pair", "required")]
    four = VALID.replace("<t:Pair>b</t:Pair>", "<t:Pair>b</t:Pair>" * 3).encode()
    assert [(i.path, i.code) for i in sdk.validate.validate_xml(four)] == [
        ("Req/Pair[4]", "maxOccurs")
    ]


def test_attribute_and_temporal_paths(sdk: ModuleType) -> None:
    document = VALID.replace('currency="DKK"', 'currency="dkk" kind="gross"')
    document = document.replace(
        "<t:At>2020-01-01T00:00:00Z</t:At>", "<t:At>2019-12-31T23:00:00</t:At>"
    )
    assert [(i.path, i.code) for i in sdk.validate.validate_xml(document.encode())] == [
        ("Req/At", "minInclusive"),
        ("Req/Price/@currency", "pattern"),
        ("Req/Price/@kind", "fixed"),
    ]


def test_objects_of_the_constructs(sdk: ModuleType) -> None:
    # (from_xml does not apply the default of an empty <Count/>: given explicitly here)
    obj = sdk.from_xml(VALID.replace("<t:Count/>", "<t:Count>7</t:Count>").encode())
    assert sdk.validate.validate(obj) == []
    obj.pair = ["a"]
    obj.code = "TOO LONG"
    obj.small = 100
    assert [(i.path, i.code) for i in sdk.validate.validate(obj)] == [
        ("Req/Pair", "required"),
        ("Req/Code", "maxLength"),
        ("Req/Small", "totalDigits"),
    ]
    obj.pair = ["a", "b", "c", "d"]
    obj.code = "AB"
    obj.small = 5
    assert [(i.path, i.code) for i in sdk.validate.validate(obj)] == [("Req/Pair[4]", "maxOccurs")]


def test_generated_code_is_black_ruff_and_mypy_clean(sdk: ModuleType, tmp_path: Path) -> None:
    package = Path(sdk.__file__).parent
    for name in ("validate.py", "_runtime/checks.py", "_runtime/issues.py"):
        source = (package / name).read_text(encoding="utf-8")
        (package / name).write_text(render.format_python(source, name), encoding="utf-8")
    files = [str(package / "validate.py"), str(package / "_runtime" / "checks.py")]
    config = (
        Path(__file__).resolve().parents[2] / "generated" / "ky_kontanthjaelp" / "pyproject.toml"
    )
    _assert_ruff_and_mypy_clean(files, config, package.parent, tmp_path)


def test_committed_validators_are_ruff_and_mypy_clean(tmp_path: Path) -> None:
    src = Path(__file__).resolve().parents[2] / "generated" / "ky_kontanthjaelp" / "src"
    files = [str(p) for p in sorted(src.glob("ky_kontanthjaelp/v*/validate.py"))]
    files += [str(src / "ky_kontanthjaelp" / "_runtime" / n) for n in ("checks.py", "issues.py")]
    _assert_ruff_and_mypy_clean(files, src.parent / "pyproject.toml", src, tmp_path)


def _assert_ruff_and_mypy_clean(files: list[str], config: Path, cwd: Path, cache: Path) -> None:
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--config", str(config), *files],
        capture_output=True, text=True,
    )  # fmt: skip
    assert ruff.returncode == 0, ruff.stdout
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(cache),
         *files],
        capture_output=True, text=True, cwd=cwd,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout
