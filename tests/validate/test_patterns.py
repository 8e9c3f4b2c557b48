"""XSD regular expressions → Python (generator/emit/patterns.py), checked against libxml2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from generator import contracts, reader
from generator.emit import patterns, pycode
from generator.errors import ContractError
from generator.ir import Location, QName

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
CPR = (
    "((((0[1-9]|1[0-9]|2[0-9]|3[0-1])(01|03|05|07|08|10|12))|((0[1-9]|1[0-9]|2[0-9]|30)"
    "(04|06|09|11))|((0[1-9]|1[0-9]|2[0-9])(02)))[0-9]{6})|0000000000"
)


def oracle(pattern: str) -> etree.XMLSchema:
    """A schema whose element ``v`` has exactly this pattern: libxml2 decides."""
    escaped = pattern.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return etree.XMLSchema(
        etree.XML(
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="v">'
            '<xs:simpleType><xs:restriction base="xs:string">'
            f'<xs:pattern value="{escaped}"/></xs:restriction></xs:simpleType></xs:element>'
            "</xs:schema>"
        )
    )


def libxml2_accepts(schema: etree.XMLSchema, value: str) -> bool:
    el = etree.Element("v")
    el.text = value
    return schema.validate(el)


CASES = [
    # (XSD pattern, values) — every value is judged by libxml2 and by the translation
    (r"\d{3}", ["123", "12", "1234", "12a", "\u0661\u0662\u0663", "", " 123"]),
    (r"[0-9]{3}", ["123", "\u0661\u0662\u0663", "12"]),
    (r"\i\c*", ["abc", "_a.b-c", "a:b", "1abc", "-a", "", "æøå", "a b"]),
    (r"[a-z-[aeiou]]+", ["bcd", "xyz", "abc", "e", "", "BCD", "b-d"]),
    (r"[\p{L}-[\p{Lu}]]+", ["abc", "æøå", "Abc", "ÆØÅ"]),
    (r"[-][1]|[0-9]{1,8}", ["-1", "12345678", "123456789", "-2", "", "1"]),
    (r"a|b", ["a", "b", "ab", ""]),
    (r"^a$", ["^a$", "a"]),  # no anchors in XSD: ^ and $ are ordinary characters
    (r"\s*x\S", ["x1", " \tx1", "x ", "xx", "\u00a0x1", "\u2003x1", "x\u00a0"]),
    (r".", ["a", "\n", "\r", "ab", ""]),
    (r"[^abc]", ["d", "a", "\n"]),
    (r"\w+", ["abc_", "abc", "a-b", "æ1", "a+b", "5€", "a$", "a.b", "a\u0301"]),
    (r"\W", ["_", "-", "+", "a", " ", "."]),
    (r"\d+\D", ["12a", "123", "\u0661a", "1_"]),
    (r"[\w-]+", ["a-b", "a_b", "+"]),
    (r"\p{Lu}\P{Lu}*", ["Abc", "abc", "ABC", "Æble"]),
    (r"\p{IsBasicLatin}+", ["abc", "æ"]),
    (r"(ab){2}", ["abab", "ab", "ababab"]),
    (r"[a-f0-9]{8}-[a-f0-9]{4}", ["deadbeef-0123", "DEADBEEF-0123", "deadbeef0123"]),
    (
        CPR,
        ["0101901234", "3101901234", "3201901234", "3104901234", "2902901234", "3002901234",
         "0000000000", "010190123", "01019012345", "010190-1234"],
    ),  # fmt: skip
]


@pytest.mark.parametrize(("pattern", "values"), CASES, ids=[c[0][:30] for c in CASES])
def test_translation_agrees_with_libxml2(pattern: str, values: list[str]) -> None:
    compiled = re.compile(patterns.translate(pattern))
    schema = oracle(pattern)
    for value in values:
        assert (compiled.fullmatch(value) is not None) == libxml2_accepts(schema, value), value


def test_anchoring_is_implicit_and_whole() -> None:
    source = patterns.translate("a|b")
    assert source == "(?:a|b)"
    assert re.fullmatch(source, "ab") is None
    assert re.fullmatch(source, "a\n") is None  # no $-before-newline loophole


def test_character_class_subtraction_is_expanded() -> None:
    assert patterns.translate("[a-z-[aeiou]]") == "(?:[b-df-hj-np-tv-z])"


def test_name_escapes_become_explicit_classes() -> None:
    source = patterns.translate(r"\i\c*")
    assert "\\i" not in source and "\\c" not in source
    assert re.fullmatch(source, "xs:element") is not None


@pytest.mark.parametrize("bad", ["[", r"(a)\1", "x*?", r"\p{IsNoSuchBlock}", "a{2,1}", "[a-"])
def test_untranslatable_pattern_is_an_error(bad: str) -> None:
    with pytest.raises(patterns.PatternError):
        patterns.translate(bad)


def test_untranslatable_pattern_names_type_file_and_line() -> None:
    with pytest.raises(ContractError) as info:
        patterns.translate_all(
            ["[0-9]{3}", r"(a)\1"], QName("urn:x", "KodeType"), Location("xsd/Types.xsd", 42)
        )
    message = str(info.value)
    assert "xsd/Types.xsd:42" in message
    assert "KodeType" in message and r"(a)\1" in message


def test_every_contract_pattern_translates() -> None:
    for source in contracts.discover(CONTRACTS):
        contract = reader.read(source)
        for simple in contract.simple_types:
            for p in patterns.translate_all(simple.facets.patterns, simple.name, simple.location):
                re.compile(p)


def test_cpr_pattern_from_the_contract() -> None:
    source = contracts.resolve("kontanthjaelp/2.8", CONTRACTS)
    contract = reader.read(source)
    cpr = next(st for st in contract.simple_types if st.name.name == "CPRnummerType")
    assert cpr.facets.patterns == (CPR,)
    compiled = re.compile(patterns.translate(cpr.facets.patterns[0]))
    assert compiled.fullmatch("1502871234")
    assert compiled.fullmatch("0000000000")
    assert not compiled.fullmatch("3102871234")  # 31 February
    assert not compiled.fullmatch("150287-1234")


def test_literal_is_readable_when_possible() -> None:
    assert pycode.regex(r"(?:\d{3})") == r'r"(?:\d{3})"'
    assert eval(pycode.regex("(?:[\u00e6\u00f8])")) == "(?:[\u00e6\u00f8])"  # noqa: S307
    assert pycode.regex("(?:[\u00e6\u00f8])").isascii()


@pytest.mark.parametrize(("pattern", "values"), CASES, ids=[c[0][:30] for c in CASES])
def test_possessive_rewrite_keeps_the_language(pattern: str, values: list[str]) -> None:
    plain = re.compile(patterns.translate(pattern))
    fast = re.compile(patterns.possessive(patterns.translate(pattern)))
    for value in values:
        assert (plain.fullmatch(value) is None) == (fast.fullmatch(value) is None), value


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_possessive_rewrite_on_generated_strings(data: st.DataObject) -> None:
    pattern = data.draw(
        st.sampled_from([c[0] for c in CASES] + [r"(ab|a){2}b", r"a{2}a{0,2}", r"[0-9]{3}[0-9]?"])
    )
    source = patterns.translate(pattern)
    plain, fast = re.compile(source), re.compile(patterns.possessive(source))
    text = data.draw(st.one_of(st.from_regex(plain, fullmatch=True), st.text(max_size=12)))
    assert (plain.fullmatch(text) is None) == (fast.fullmatch(text) is None)


def test_possessive_only_on_exact_single_character_repeats() -> None:
    assert (
        patterns.possessive("(?:[0-9]{8}-a{2}(ab){2}x{2,3}\\.{2})")
        == "(?:[0-9]{8}+-a{2}+(ab){2}x{2,3}\\.{2}+)"
    )


@pytest.mark.parametrize(
    ("pattern", "safe"),
    [("[0-9]{3}", True), (CPR, True), ("[a-f0-9]{8}-[a-f0-9]{4}", True), (".{1,4}", False),
     ("[^a]", False), (r"\d+", True), (r"\S+", False), ("[a-z-[aeiou]]+", True), (r"\i\c*", True)],
)  # fmt: skip
def test_patterns_that_exclude_characters_xml_cannot_carry(pattern: str, safe: bool) -> None:
    assert patterns.excludes_bad_chars(patterns.translate(pattern)) is safe
