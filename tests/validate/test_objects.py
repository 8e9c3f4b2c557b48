"""``validate(obj)``: model objects, checked without XML; the same paths and codes as the XML.

The central property: for every field of every sample message, values that break a facet
give the same (path, code) issues on the object as on its XML (``to_xml`` then
``validate_xml``), and the verdict agrees with lxml's XMLSchema.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import enum
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import strategies
from hypothesis import HealthCheck, given, settings
from lxml import etree
from validate_support import Version

from generator import samples


def all_samples(v: Version) -> Iterator[Any]:
    for op in v.package.OPERATIONS.values():
        for response in (False, True):
            for branch in (0, 1):
                yield samples.sample_operation(v.package, op.name, response=response, branch=branch)


def test_samples_are_valid_objects(version: Version) -> None:
    for obj in all_samples(version):
        assert version.validate.validate(obj) == []
        assert version.validate.check(obj) is obj


def test_generated_instances_are_valid_objects(version: Version) -> None:
    roots = [op.request for op in version.package.OPERATIONS.values()]

    @settings(max_examples=15, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(strategies.strategy(version.package, "AktivitetRequest"))
    def check(obj: Any) -> None:
        assert version.validate.validate(obj) == []
        assert version.validate.validate_xml(version.package.to_xml(obj)) == []

    check()
    assert roots


# -- the same issues on the object and on its XML -------------------------------------------------


def simple_fields(obj: Any, trail: str = "") -> Iterator[tuple[Any, str, Any, str]]:
    """(owner object, field name, value, trail) for every simple value held by ``obj``."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if dataclasses.is_dataclass(item):
                yield from simple_fields(item, f"{trail}/{f.name}")
            elif item is not None and not isinstance(item, (list, bytes)):
                if not isinstance(value, list):
                    yield obj, f.name, item, f"{trail}/{f.name}"


def violations(value: Any) -> list[Any]:
    """Values of the same Python type that may break the field's facets (or may not)."""
    if isinstance(value, enum.Enum):
        return []
    if isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time)):
        return []
    if isinstance(value, str):
        return ["", value + "x", value[:-1], " " + value, value * 40, value.upper() + "!"]
    if isinstance(value, int):
        return [value + 1, value - 1, -1, 0, 10001, 2**31, value * 1000]
    if isinstance(value, Decimal):
        return [
            value + Decimal("0.001"),
            Decimal("-0.01"),
            Decimal("1000.01"),
            Decimal("1234567890.5"),
            Decimal("12.340"),
            Decimal("0.1"),
            Decimal("1E+2"),
        ]
    return []


def test_object_issues_equal_xml_issues(version: Version) -> None:
    compared = 0
    invalid = 0
    for original in all_samples(version):
        obj = copy.deepcopy(original)
        for owner, name, value, trail in list(simple_fields(obj)):
            for bad in violations(value):
                setattr(owner, name, bad)
                from_object = {(i.path, i.code) for i in version.validate.validate(obj)}
                data = version.package.to_xml(obj)
                from_xml = {(i.path, i.code) for i in version.validate.validate_xml(data)}
                oracle = version.schema.validate(etree.fromstring(data))
                assert from_object == from_xml, (trail, bad)
                assert oracle == (not from_object), (trail, bad)
                compared += 1
                invalid += not oracle
            setattr(owner, name, value)
    assert compared > 500 and invalid > 200


def full_check(v: Version, obj: Any) -> list[Any]:
    """The issues of the explaining ``_check_`` functions, without the fast verdict."""
    check, prefix, _ = v.validate._CHECKS[type(obj)]
    issues: list[Any] = []
    check(obj, prefix, issues)
    return issues


def test_fast_verdict_passes_only_objects_without_issues(version: Version) -> None:
    """``_ok_X`` (the hot path of ``validate``) is True on every valid sample and never on an
    object the ``_check_`` functions find an issue in; str/date/Decimal subclasses, which the
    fast path does not accept, still get the full check's verdict."""

    class Text(str):
        pass

    class Day(datetime.date):
        pass

    class Number(Decimal):
        pass

    for original in all_samples(version):
        ok = version.validate._CHECKS[type(original)][2]
        assert ok(original), type(original).__name__
        obj = copy.deepcopy(original)
        for owner, name, value, trail in list(simple_fields(obj)):
            others = violations(value)
            if type(value) is str:
                others.append(Text(value))
            elif type(value) is datetime.date:
                others.append(Day(value.year, value.month, value.day))
            elif type(value) is Decimal:
                others.append(Number(value))
            for bad in others:
                setattr(owner, name, bad)
                issues = full_check(version, obj)
                assert not (ok(obj) and issues), (trail, bad)
                assert version.validate.validate(obj) == issues, (trail, bad)
            setattr(owner, name, value)


# -- what only objects can get wrong ------------------------------------------------------------


def aktivitet(v: Version) -> Any:
    return samples.sample_operation(v.package, "Aktivitet")


def test_paths_index_repeated_elements(version: Version) -> None:
    obj = aktivitet(version)
    second = copy.deepcopy(obj.aktivitet.godtgoerelse[0])
    obj.aktivitet.godtgoerelse.append(second)
    second.choice.antal_kilometer = Decimal("12.34")
    second.periode.fra_dato = None
    issues = version.validate.validate(obj)
    assert [(i.path, i.code) for i in issues] == [
        ("AktivitetRequest/Aktivitet/Godtgoerelse[2]/Periode/FraDato", "required"),
        ("AktivitetRequest/Aktivitet/Godtgoerelse[2]/AntalKilometer", "fractionDigits"),
    ]
    assert "12.34" in issues[1].message and "AntalKilometerType" in issues[1].message


def test_every_issue_is_reported(version: Version) -> None:
    obj = aktivitet(version)
    obj.faellesdel.kommunekode = "1O1"
    obj.faellesdel.afsendende_system = ""
    obj.faellesdel.besked_id = "not-a-uuid"
    obj.aktivitet.timer_pr_uge = 60
    obj.aktivitet.ansvarlig_myndighed = None
    codes = [(i.path.rpartition("/")[2], i.code) for i in version.validate.validate(obj)]
    assert codes == [
        ("BeskedID", "pattern"),
        ("AfsendendeSystem", "minLength"),
        ("Kommunekode", "pattern"),
        ("TimerPrUge", "maxInclusive"),
        ("AnsvarligMyndighed", "required"),
    ]


def test_wrong_python_types_are_type_issues(version: Version) -> None:
    obj = aktivitet(version)
    obj.faellesdel.handling = "Opret"  # the plain value, not the enum member
    obj.aktivitet.tilbudstype = "Ukendt"
    obj.aktivitet.timer_pr_uge = "37"
    obj.aktivitet.startdato = datetime.datetime(2024, 3, 1, 12, 0)
    obj.aktivitet.godtgoerelse[0].choice.kilometersats = 3.51
    obj.aktivitet.godtgoerelse[0].periode = "2024"
    obj.aktivitet.arbejdsgiver = []
    obj.faellesdel.afsendt_tidspunkt = datetime.datetime(
        2024, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=15))
    )
    issues = {i.path.rpartition("/")[2]: i for i in version.validate.validate(obj)}
    assert {name: i.code for name, i in issues.items()} == {
        "Handling": "type",
        "Tilbudstype": "enumeration",
        "TimerPrUge": "type",
        "Startdato": "type",
        "Kilometersats": "type",
        "Periode": "type",
        "Arbejdsgiver": "type",
        "AfsendtTidspunkt": "type",
    }
    assert "Handling member" in issues["Handling"].message


def test_choice_and_lists(version: Version) -> None:
    obj = aktivitet(version)
    obj.aktivitet.godtgoerelse[0].choice = None
    obj.aktivitet.godtgoerelse.append("x")
    assert [(i.path, i.code) for i in version.validate.validate(obj)] == [
        ("AktivitetRequest/Aktivitet/Godtgoerelse[1]", "choice"),
        ("AktivitetRequest/Aktivitet/Godtgoerelse[2]", "type"),
    ]
    obj.aktivitet.godtgoerelse = None
    assert [(i.path, i.code) for i in version.validate.validate(obj)] == [
        ("AktivitetRequest/Aktivitet/Godtgoerelse", "type")
    ]


def test_cpr_numbers_are_masked(version: Version) -> None:
    obj = aktivitet(version)
    obj.faellesdel.cpr_nummer = "3202871234"
    (issue,) = version.validate.validate(obj)
    assert issue.code == "pattern" and issue.value == "3202871234"
    for shown in (issue.message, str(issue), repr(issue), str(issue.as_dict())):
        assert "3202871234" not in shown
        assert "320287-****" in shown
    obj.faellesdel.cpr_nummer = "150287123"  # nine digits: still a CPR field
    (issue,) = version.validate.validate(obj)
    assert "150287123" not in issue.message + repr(issue)
    (xml_issue,) = version.validate.validate_xml(version.package.to_xml(obj))
    assert "150287123" not in xml_issue.message + repr(xml_issue)


def test_check_raises_validation_error_with_the_issues(version: Version) -> None:
    errors = pytest.importorskip("ky_kontanthjaelp._runtime.errors")
    obj = aktivitet(version)
    obj.faellesdel.kommunekode = "1234"
    with pytest.raises(errors.ValidationError) as info:
        version.validate.check(obj)
    assert [i.code for i in info.value.issues] == ["pattern"]
    assert isinstance(info.value, errors.KyError)
    assert "Kommunekode" in str(info.value)


def test_nested_objects_validate_from_their_own_fields(version: Version) -> None:
    periode = aktivitet(version).aktivitet.godtgoerelse[0].periode
    periode.til_dato = None
    assert [(i.path, i.code) for i in version.validate.validate(periode)] == [
        ("TilDato", "required")
    ]


def test_not_a_model_object(version: Version) -> None:
    with pytest.raises(TypeError):
        version.validate.validate({"Aktivitet": 1})
