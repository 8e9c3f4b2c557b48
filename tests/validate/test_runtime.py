"""The SDK runtime the validators share: ``Issue`` (masked output) and ``checks`` (lexical
spaces, digits, timelines), each lexical checker compared with libxml2 value by value."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from ky_kontanthjaelp._runtime import checks
from ky_kontanthjaelp._runtime.issues import CODES, Issue, mask_cpr, show, show_cpr
from lxml import etree

# -- Issue ------------------------------------------------------------------------------------


def test_issue_is_a_frozen_dataclass_with_the_four_fields() -> None:
    issue = Issue("A/B", "pattern", "'x' does not match", "x")
    assert [f.name for f in dataclasses.fields(issue)][:4] == ["path", "code", "message", "value"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        issue.path = "C"  # type: ignore[misc]
    assert issue == Issue("A/B", "pattern", "'x' does not match", "x", sensitive=True)


def test_codes_are_the_xsd_rules() -> None:
    assert CODES == {
        "required", "maxOccurs", "enumeration", "pattern", "length", "minLength", "maxLength",
        "totalDigits", "fractionDigits", "minInclusive", "maxInclusive", "minExclusive",
        "maxExclusive", "choice", "abstract", "nillable", "fixed", "type",
        "more",  # not a rule: the count of issues past IssueList's limit (issue 17, item 9)
    }  # fmt: skip


def test_str_and_repr_mask_cpr_numbers_but_value_is_kept() -> None:
    issue = Issue("R/Faellesdel/CPRnummer", "pattern", "'3201901234' is wrong", "3201901234")
    assert issue.value == "3201901234"
    assert "3201901234" not in str(issue) and "320190-****" in str(issue)
    assert "3201901234" not in repr(issue) and "320190-****" in repr(issue)
    assert str(issue) == "R/Faellesdel/CPRnummer: pattern: '320190-****' is wrong"


def test_sensitive_values_are_masked_even_when_not_ten_digits() -> None:
    issue = Issue("R/CPRnummer", "pattern", "'150287-****' is wrong", "150287123", sensitive=True)
    assert "150287123" not in repr(issue)
    assert issue.shown_value == "150287-****"
    assert issue.as_dict() == {
        "path": "R/CPRnummer",
        "code": "pattern",
        "message": "'150287-****' is wrong",
        "value": "150287-****",
    }


def test_uuids_stay_readable() -> None:
    uuid = "bb787d2c-a52a-5411-9468-f48203464935"
    assert uuid in repr(Issue("R/BeskedID", "pattern", f"{uuid!r} is wrong", uuid))


def test_show_helpers() -> None:
    assert show("abc") == "'abc'"
    assert show("0101901234") == "'010190-****'"
    assert show(Decimal("1.50")) == "1.50"
    assert show(datetime.date(2021, 2, 3)) == "2021-02-03"
    assert show("x" * 100).endswith("…'")
    assert show_cpr("1502871234") == "'150287-****'"
    assert mask_cpr("12") == "****"


# -- lexical spaces, compared with libxml2 ------------------------------------------------------

LEXERS = {
    "int": checks.lex_integer,
    "decimal": checks.lex_decimal,
    "double": checks.lex_double,
    "boolean": checks.lex_boolean,
    "date": checks.lex_date,
    "dateTime": checks.lex_datetime,
    "time": checks.lex_time,
    "duration": checks.lex_duration,
    "hexBinary": checks.lex_hex,
    "base64Binary": checks.lex_base64,
    "gYear": lambda t: checks.lex_gregorian("gYear", t),
    "gYearMonth": lambda t: checks.lex_gregorian("gYearMonth", t),
    "gMonthDay": lambda t: checks.lex_gregorian("gMonthDay", t),
    "gDay": lambda t: checks.lex_gregorian("gDay", t),
    "gMonth": lambda t: checks.lex_gregorian("gMonth", t),
    "NCName": lambda t: checks.lex_name("NCName", t),
    "Name": lambda t: checks.lex_name("Name", t),
    "NMTOKEN": lambda t: checks.lex_name("NMTOKEN", t),
    "language": lambda t: checks.lex_name("language", t),
}
SPACES = ("", " ", "\n", "\t ")
VALUES = {
    "int": ["5", "+5", "-0", "007", "1.0", "", "0x1", "\u0663", "2147483647", "1 2", "--1"],
    "decimal": ["1.50", "+.5", "-.5", "1.", ".", "1e2", "+", "00012.340", "1,5", "\u0661"],
    "double": ["1e5", "1E+5", ".5e1", "INF", "-INF", "+INF", "NaN", "+NaN", "1e", "inf", "1."],
    "boolean": ["true", "false", "1", "0", "TRUE", "01", "yes"],
    "date": [
        "2021-02-28", "2021-02-29", "2020-02-29", "1900-02-29", "2000-02-29", "2021-04-31",
        "2021-13-01", "0000-01-01", "-0001-01-01", "-0004-02-29", "-0001-02-29", "10000-01-01",
        "01000-01-01", "2021-01-01Z", "2021-01-01+14:00", "2021-01-01+14:01", "2021-01-01-13:59",
        "2021-1-01", "2021-01-01T00:00:00",
    ],
    "dateTime": [
        "2021-01-01T10:00:00", "2021-01-01T24:00:00", "2021-01-01T24:00:00.000",
        "2021-01-01T24:00:01", "2021-01-01T23:59:60", "2021-01-01T10:00", "2021-01-01T10:00:00.",
        "2021-01-01T10:00:00.5Z", "2021-01-01T10:00:00+01:00", "2021-02-30T10:00:00",
        "2021-01-01T10:60:00",
    ],
    "time": ["10:00:00", "24:00:00", "23:59:60", "10:00:00Z", "10:00:00.123+05:30", "1:00:00"],
    "duration": ["P1D", "PT", "P", "P1.5D", "PT1.5S", "-P1Y", "P1Y2M3DT4H5M6.7S", "PT1.S", "P-1D"],
    "hexBinary": ["0f", "0F0A", "ABC", "", "0 F", "zz"],
    "base64Binary": ["AAAA", "AA==", "A A A A", "AAA", "AA=A", ""],
    "gYear": ["2021", "0000", "02021", "-0001", "2021Z"],
    "gYearMonth": ["2021-01", "2021-13", "2021-1"],
    "gMonthDay": ["--02-29", "--02-30", "--13-01", "--01-01Z"],
    "gDay": ["---01", "---31", "---32", "---00"],
    "gMonth": ["--01", "--12", "--13", "--01--"],
    "NCName": ["abc", "a:b", "_x", "1a", "a.b-c", "æøå"],
    "Name": ["a:b", ":x", "1a", "a b"],
    "NMTOKEN": ["1a", "a:b", "a b", ".-"],
    "language": ["da", "da-DK", "toolongtag", "d@", "en-a1b2c3d4"],
}  # fmt: skip


@pytest.fixture(scope="module")
def builtin_schema() -> etree.XMLSchema:
    elements = "".join(
        f'<xs:element name="{t}" type="xs:{t}" minOccurs="0"/>'
        for t in [*VALUES, "int"]
        if t != "int"
    )
    return etree.XMLSchema(
        etree.XML(
            '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="r">'
            f'<xs:complexType><xs:all><xs:element name="int" type="xs:int" minOccurs="0"/>'
            f"{elements}</xs:all></xs:complexType></xs:element></xs:schema>"
        )
    )


@pytest.mark.parametrize("builtin", sorted(VALUES))
def test_lexer_agrees_with_libxml2(builtin: str, builtin_schema: etree.XMLSchema) -> None:
    lexer = LEXERS[builtin]
    for value in VALUES[builtin]:
        for before in SPACES:
            for after in SPACES:
                text = before + value + after
                root = etree.Element("r")
                etree.SubElement(root, builtin).text = text
                expected = builtin_schema.validate(root)
                got = lexer(text) is not None
                if builtin == "int" and got:
                    got = -(2**31) <= checks.lex_integer(text) <= 2**31 - 1  # type: ignore[operator]
                assert got == expected, (builtin, text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12.500", (3, 1)),
        ("0.01", (2, 2)),
        ("0.001", (3, 3)),
        ("00.10", (1, 1)),
        ("1234.0", (4, 0)),
        ("100", (3, 0)),
        ("1E+1", (2, 0)),
        ("0.0", (0, 0)),
        ("-0.00", (0, 0)),
        ("999.99", (5, 2)),
    ],
)
def test_digits_count_like_xsd(value: str, expected: tuple[int, int]) -> None:
    assert checks.digits(Decimal(value)) == expected


@pytest.mark.parametrize("value", ["1.5", "12.50", "0.01", "1234567.89", "1E+3", "0.000", "-3"])
@pytest.mark.parametrize(("total", "fraction"), [(9, 2), (4, 2), (3, None), (None, 1), (2, 0)])
def test_digits_ok_fast_path_never_accepts_what_digits_rejects(
    value: str, total: int | None, fraction: int | None
) -> None:
    d = Decimal(value)
    t, f = checks.digits(d)
    exact = (total is None or t <= total) and (fraction is None or f <= fraction)
    if checks.digits_ok(d, total, fraction):
        assert exact


def test_timeline_order_with_and_without_timezones() -> None:
    utc = checks.lex_datetime("2021-01-01T12:00:00Z")
    plus = checks.lex_datetime("2021-01-01T13:00:00+01:00")
    local = checks.lex_datetime("2021-01-01T12:00:00")
    far = checks.lex_datetime("2021-01-02T03:00:00")
    assert utc is not None and plus is not None and local is not None and far is not None
    assert checks.compare(utc, plus) == 0
    assert checks.compare(utc, local) is None  # libxml2: only equality is indeterminate
    assert checks.compare(plus, far) == -1
    assert checks.compare(utc, checks.lex_datetime("2021-01-01T12:00:01")) == -1
    assert checks.compare(utc, far) == -1
    assert checks.compare(far, utc) == 1
    as_python = checks.timeline_datetime(
        datetime.datetime(2021, 1, 1, 13, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    )
    assert checks.compare(as_python, utc) == 0
    assert checks.timeline_date(datetime.date(2021, 1, 1)) == checks.lex_date("2021-01-01")


DURATIONS = [
    f"{sign}P{body}"
    for sign in ("", "-")
    for body in (
        "0D", "1M", "2M", "12M", "13M", "1Y", "4Y", "100Y", "28D", "29D", "30D", "31D", "32D",
        "59D", "60D", "62D", "365D", "366D", "367D", "1461D", "1Y1D", "11M30D", "1MT1S",
        "T24H", "T23H59M59.5S", "T86400S", "T1440M", "1DT12H", "1Y6MT36H", "2Y1461DT24H60M1S",
        "4Y12M367DT23H1S", "6M365DT1440M86400S", "1Y6MT23H1M59.5S", "10675199DT2H48M5.4775808S",
    )
]  # fmt: skip
ORDER_FACETS = {
    "minInclusive": (0, 1),
    "maxInclusive": (-1, 0),
    "minExclusive": (1,),
    "maxExclusive": (-1,),
}


@pytest.mark.parametrize("bound", DURATIONS[::3])
def test_duration_order_facets_agree_with_libxml2(bound: str) -> None:
    """An order facet on xs:duration holds exactly when libxml2 says so: months of 28 to 31
    days, years of 365 or 366, an indeterminate comparison failing every facet."""
    for facet, allowed in ORDER_FACETS.items():
        schema = etree.XMLSchema(
            etree.fromstring(
                '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="d">'
                f'<xs:simpleType><xs:restriction base="xs:duration"><xs:{facet} value="{bound}"/>'
                "</xs:restriction></xs:simpleType></xs:element></xs:schema>"
            )
        )
        for value in DURATIONS:
            order = checks.duration_compare(
                checks.duration_value(value), checks.duration_value(bound)
            )
            oracle = schema.validate(etree.fromstring(f"<d>{value}</d>"))
            assert (order in allowed) == oracle, (facet, bound, value, order)


def test_duration_order_examples() -> None:
    day, month = checks.duration_value("P1D"), checks.duration_value("P1M")
    assert checks.duration_compare(checks.duration_value("P31D"), month) is None  # 28..31 days
    assert checks.duration_compare(checks.duration_value("P32D"), month) == 1
    assert checks.duration_compare(checks.duration_value("PT24H"), day) == 0
    assert checks.duration_value("-P1DT25H") == (0, -2, -3600)


def test_offsets_python_can_hold_but_xml_cannot_write() -> None:
    tz = datetime.timezone
    assert checks.datetime_offset_ok(datetime.datetime(2021, 1, 1, tzinfo=tz.utc))
    assert not checks.datetime_offset_ok(
        datetime.datetime(2021, 1, 1, tzinfo=tz(datetime.timedelta(hours=15)))
    )
    assert not checks.datetime_offset_ok(
        datetime.datetime(2021, 1, 1, tzinfo=tz(datetime.timedelta(seconds=30)))
    )


def test_bad_characters() -> None:
    assert checks.bad_char("abc\tæ") is None
    assert checks.bad_char("a\x01") == "U+0001"
    assert checks.bad_char("\ufffe") == "U+FFFE"


def test_string_value_checks_type_characters_then_the_facets() -> None:
    """The value check of a plain string type: a wrong type stops it (the facets never see
    a non-str), a character XML cannot carry is reported and the facets still run, each with
    the value as value, text and what to show; a CPR number's value is masked."""
    seen: list[tuple[str, str, object]] = []

    def facets(v: str, lex: str, val: object, path: str, issues: list[Issue]) -> None:
        seen.append((v, lex, val))

    check = checks.string_value(facets)
    issues: list[Issue] = []
    check(5, "A/B", issues)
    assert [(i.path, i.code, i.message) for i in issues] == [
        ("A/B", "type", "expected str, got int")
    ]
    assert seen == []
    issues.clear()
    check("a\x00b", "A/B", issues)
    assert [i.code for i in issues] == ["type"] and "XML 1.0 cannot carry" in issues[0].message
    assert seen == [("a\x00b", "a\x00b", "a\x00b")]
    issues.clear()
    checks.string_value(sensitive=True)("010203\x001234", "C", issues)
    assert issues[0].sensitive and "1234" not in issues[0].message  # the serial masked
    checks.string_value()("fine", "C", issues := [])
    assert issues == []
