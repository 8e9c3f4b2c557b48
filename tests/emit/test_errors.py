"""Reading bad XML raises XmlError naming the element path, never KeyError/AttributeError;
strict=False tolerates unknown elements and attributes; writing refuses what XML cannot hold."""

from __future__ import annotations

import decimal
from typing import Any

import pytest
from emit_support import FreshSdk
from lxml import etree

from generator.samples import sample_operation

TNS = "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/"


@pytest.fixture
def v28(fresh_sdk: FreshSdk) -> Any:
    return fresh_sdk.versions["2.8"]


@pytest.fixture
def request_obj(v28: Any) -> Any:
    """An AktivitetRequest with two Godtgoerelser, one per choice branch."""
    obj = sample_operation(v28, "Aktivitet")
    other = sample_operation(v28, "Aktivitet", branch=1)
    obj.aktivitet.godtgoerelse = [obj.aktivitet.godtgoerelse[0], other.aktivitet.godtgoerelse[0]]
    return obj


def _edit(data: bytes, path: str, change: Any) -> bytes:
    root = etree.fromstring(data)
    found = root.xpath(path, namespaces={"k": TNS})
    assert found, path
    change(found[0])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.fixture
def xml_error(v28: Any) -> type[Exception]:
    import importlib

    return importlib.import_module(v28.__name__.rpartition(".")[0] + "._runtime.errors").XmlError  # type: ignore[no-any-return]


def test_bad_value_names_the_path(v28: Any, request_obj: Any, xml_error: type[Exception]) -> None:
    data = _edit(
        v28.to_xml(request_obj),
        "//k:Godtgoerelse[2]/k:Periode/k:FraDato",
        lambda e: setattr(e, "text", "2024-13-01"),
    )
    with pytest.raises(xml_error) as info:
        v28.from_xml(data)
    assert info.value.path == "AktivitetRequest/Aktivitet/Godtgoerelse[2]/Periode/FraDato"  # type: ignore[attr-defined]
    assert "month" in info.value.message  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("//k:TimerPrUge", "37.5"),
        ("//k:TimerPrUge", "٣"),
        ("//k:TimerPrUge", "99999999999"),
        ("//k:AntalKilometer", "1e3"),
        ("//k:AntalKilometer", "NaN"),
        ("//k:Startdato", "20240301"),
        ("//k:AfsendtTidspunkt", "2024-02-15 09:30:00"),
        ("//k:AfsendtTidspunkt", "2024-02-15T09:30"),
        ("//k:Handling", "Opdater"),
        ("//k:Tilbudstype", ""),
    ],
)
def test_lexically_bad_values_are_xml_errors(
    v28: Any, request_obj: Any, xml_error: type[Exception], path: str, text: str
) -> None:
    data = _edit(v28.to_xml(request_obj), path, lambda e: setattr(e, "text", text))
    with pytest.raises(xml_error) as info:
        v28.from_xml(data)
    assert info.value.path.startswith("AktivitetRequest/")  # type: ignore[attr-defined]


def test_unknown_element_strict_and_tolerant(
    v28: Any, request_obj: Any, xml_error: type[Exception]
) -> None:
    def add(e: Any) -> None:
        extra = etree.SubElement(e, f"{{{TNS}}}NytFelt")
        extra.text = "fra en nyere version"
        etree.SubElement(extra, "Indre").text = "x"

    data = _edit(v28.to_xml(request_obj), "//k:Faellesdel", add)
    with pytest.raises(xml_error) as info:
        v28.from_xml(data)
    assert info.value.path == "AktivitetRequest/Faellesdel/NytFelt"  # type: ignore[attr-defined]
    assert v28.from_xml(data, strict=False) == request_obj


def test_unknown_attribute_strict_and_tolerant(
    v28: Any, request_obj: Any, xml_error: type[Exception]
) -> None:
    data = _edit(v28.to_xml(request_obj), "//k:Periode", lambda e: e.set("ekstra", "1"))
    with pytest.raises(xml_error) as info:
        v28.from_xml(data)
    assert info.value.path == "AktivitetRequest/Aktivitet/Godtgoerelse[1]/Periode"  # type: ignore[attr-defined]
    assert v28.from_xml(data, strict=False) == request_obj


def test_child_element_inside_a_simple_value(
    v28: Any, request_obj: Any, xml_error: type[Exception]
) -> None:
    data = _edit(v28.to_xml(request_obj), "//k:CPRnummer", lambda e: etree.SubElement(e, "x"))
    with pytest.raises(xml_error) as info:
        v28.from_xml(data)
    assert info.value.path == "AktivitetRequest/Faellesdel/CPRnummer/x"  # type: ignore[attr-defined]


def test_missing_out_of_order_and_two_branches(
    v28: Any, request_obj: Any, xml_error: type[Exception]
) -> None:
    data = v28.to_xml(request_obj)
    missing = _edit(data, "//k:CPRnummer", lambda e: e.getparent().remove(e))
    with pytest.raises(xml_error, match="missing required element CPRnummer") as info:
        v28.from_xml(missing)
    assert info.value.path == "AktivitetRequest/Faellesdel"  # type: ignore[attr-defined]

    def swap(e: Any) -> None:
        e.addnext(e.getprevious())

    swapped = _edit(data, "//k:Kommunekode", swap)
    with pytest.raises(xml_error, match="out of order"):
        v28.from_xml(swapped)

    # MaanedligtBeloeb (branch 2) followed by Kilometersats (branch 1): orderly, but two branches.
    mixed = _edit(
        data,
        "//k:Godtgoerelse[1]/k:AntalKilometer",
        lambda e: setattr(e, "tag", f"{{{TNS}}}MaanedligtBeloeb"),
    )
    with pytest.raises(xml_error, match="more than one choice branch") as info:
        v28.from_xml(mixed)
    assert info.value.path == "AktivitetRequest/Aktivitet/Godtgoerelse[1]"  # type: ignore[attr-defined]


def test_wrong_root(v28: Any, request_obj: Any, xml_error: type[Exception]) -> None:
    answer = v28.to_xml(sample_operation(v28, "Aktivitet", response=True))
    with pytest.raises(xml_error, match="expected AktivitetRequest") as info:
        v28.from_xml(answer, v28.AktivitetRequest)
    assert info.value.path == "AktivitetResponse"  # type: ignore[attr-defined]
    with pytest.raises(xml_error, match="unexpected root element"):
        v28.from_xml(b"<Aktivitet/>")
    assert type(v28.from_xml(answer)) is v28.AktivitetResponse


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "x">]><r>&a;</r>',
        b'<!DOCTYPE r SYSTEM "http://example.com/r.dtd"><r/>',
        b'<!DOCTYPE r [<!ENTITY a SYSTEM "file:///etc/passwd">]><r>&a;</r>',
        b"<r><unclosed></r>",
        b"",
    ],
)
def test_hardened_parser(v28: Any, xml_error: type[Exception], data: bytes) -> None:
    with pytest.raises(xml_error):
        v28.from_xml(data)


def test_size_limit_and_type(v28: Any, xml_error: type[Exception]) -> None:
    import importlib

    xmlparse = importlib.import_module(v28.__name__.rpartition(".")[0] + "._runtime.xmlparse")
    with pytest.raises(xml_error, match="byte limit"):
        xmlparse.parse(b"<r>" + b"x" * 100 + b"</r>", max_bytes=50)
    with pytest.raises(xml_error, match="expected bytes"):
        v28.from_xml("<r/>")
    deep = b"<a>" * 20 + b"</a>" * 20
    with pytest.raises(xml_error, match="deeper"):
        xmlparse.parse(deep, max_depth=10)


def test_every_damage_is_an_xml_error(
    v28: Any, request_obj: Any, xml_error: type[Exception]
) -> None:
    """Remove each element, or give it a nonsense value: the result parses or is an XmlError."""
    data = v28.to_xml(request_obj)
    count = len(list(etree.fromstring(data).iter()))
    for index in range(1, count):
        for damage in ("remove", "text"):
            root = etree.fromstring(data)
            element = list(root.iter())[index]
            if damage == "remove":
                element.getparent().remove(element)
            else:
                element.text = "\u00e6\u00f8\u00e5?"
            try:
                v28.from_xml(etree.tostring(root))
            except xml_error as exc:
                assert exc.path.startswith("AktivitetRequest")  # type: ignore[attr-defined]


def test_writing_refuses_what_xml_cannot_hold(
    v28: Any, request_obj: Any, xml_error: type[Exception]
) -> None:
    request_obj.faellesdel.sagsbehandler = "Mette\x07Hansen"
    with pytest.raises(xml_error, match="U\\+0007"):
        v28.to_xml(request_obj)
    request_obj.faellesdel.sagsbehandler = "Mette"
    request_obj.aktivitet.godtgoerelse[0].choice.antal_kilometer = decimal.Decimal("NaN")
    with pytest.raises(xml_error, match="cannot write AktivitetRequest"):
        v28.to_xml(request_obj)
    with pytest.raises(xml_error, match="not a root element class"):
        v28.to_xml(request_obj.faellesdel)
    request_obj.aktivitet.godtgoerelse[0].choice = None
    with pytest.raises(xml_error, match="must be GodtgoerelseAntalKilometer or"):
        v28.to_xml(request_obj)


@pytest.mark.parametrize("value", ["<x/>", "a<b1", "12 & 13", "abc", "1.5E+3x", float("nan")])
def test_a_decimal_field_never_writes_what_is_no_decimal(
    v28: Any, request_obj: Any, xml_error: type[Exception], value: object
) -> None:
    """Untyped data (say, from JSON) in a Decimal field is refused, never written as markup."""
    request_obj.aktivitet.godtgoerelse[0].choice.antal_kilometer = value
    with pytest.raises(xml_error, match="cannot be written as xs:decimal"):
        v28.to_xml(request_obj)


@pytest.mark.parametrize(
    ("value", "written"),
    [(decimal.Decimal("1E+3"), b"1000"), (decimal.Decimal("-0.50"), b"-0.50"), (12, b"12")],
)
def test_decimals_are_written_as_xs_decimal(
    v28: Any, request_obj: Any, value: object, written: bytes
) -> None:
    request_obj.aktivitet.godtgoerelse[0].choice.antal_kilometer = value
    data = v28.to_xml(request_obj)
    assert b"<ns1:AntalKilometer>" + written + b"</ns1:AntalKilometer>" in data


def test_markup_in_values_is_escaped(v28: Any, request_obj: Any) -> None:
    request_obj.faellesdel.sagsbehandler = 'A & B <c> "d" \r\n\tslut]]>'
    data = v28.to_xml(request_obj)
    assert b"A &amp; B &lt;c&gt;" in data
    assert v28.from_xml(data) == request_obj
