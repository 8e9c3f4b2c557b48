"""The check plans (generator/emit/validation.py and generator/emit/checks/): decisions made
in Python, per type."""

from __future__ import annotations

from pathlib import Path

import pytest
from contract_builder import write_contract

from generator import contracts, reader
from generator.emit import validation
from generator.emit.checks.values import ValuePlan
from generator.emit.versions import build_version_view
from generator.errors import ContractError
from generator.sdk_runtime.values import lex_date

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"


@pytest.fixture(scope="module")
def plan() -> validation.ValidationModule:
    contract = reader.read(contracts.resolve("kontanthjaelp/2.8", CONTRACTS))
    view = build_version_view(
        contract, package="ky_kontanthjaelp", module="v2_8", schema_entries={}
    )
    return validation.build(view)


def value(plan: validation.ValidationModule, name: str) -> ValuePlan:
    return next(p for p in plan.value_plans if p.type.name == name)


def test_facets_become_constants_and_straight_comparisons(
    plan: validation.ValidationModule,
) -> None:
    beloeb = value(plan, "MaanedligtBeloebType")
    assert beloeb.digits == (9, 2)
    assert [c.code for c in beloeb.checks] == ["minInclusive", "maxInclusive"]
    assert str(beloeb.obj_accept) == (
        "type(v) is Decimal and v.is_finite()"
        " and _DLO_MaanedligtBeloebType <= v <= _DHI_MaanedligtBeloebType"
        " and 100 % v.as_integer_ratio()[1] == 0"
    )
    assert ("_DHI_MaanedligtBeloebType", 'Decimal("1000.00")') in beloeb.constants
    timer = value(plan, "TimerPrUgeType")
    assert str(timer.obj_accept) == "type(v) is int and 0 <= v <= 59"  # inside xs:int's own range
    uuid = value(plan, "UUIDType")
    assert (
        "_RE_UUIDType",
        're.compile(r"(?:[0-9a-f]{8}+-[0-9a-f]{4}+-[0-9a-f]{4}+-[0-9a-f]{4}+-[0-9a-f]{12}+)")',
    ) in uuid.constants
    handling = value(plan, "HandlingType")
    assert handling.enum_class == "Handling"
    assert str(handling.obj_accept) == "type(v) is m.Handling"
    assert str(handling.obj_reject) == "type(v) is not m.Handling" and handling.rejects_none
    assert any(name == "_ENUM_HandlingType" for name, _ in handling.constants)


def test_cpr_fields_are_sensitive(plan: validation.ValidationModule) -> None:
    assert value(plan, "CPRnummerType").sensitive
    assert not value(plan, "CVRnummerType").sensitive
    cpr = value(plan, "CPRnummerType")
    assert str(cpr.checks[0].facet_report).endswith(", True)")  # reported masked
    assert cpr.enum_message("v").text.endswith(", True)") or not cpr.enum_lexicals


def test_content_models_are_deterministic_automata(plan: validation.ValidationModule) -> None:
    godtgoerelse = next(w for w in plan.walkers if w.name == "_walk_Godtgoerelse")
    assert godtgoerelse.mode == "automaton"
    tables = dict(plan.constants)
    table = tables[f"{godtgoerelse.table_const}: tuple[dict[str, int], ...]"]
    assert "_T_AntalKilometer: 5, _T_MaanedligtBeloeb: 7" in table.replace("\n", " ")
    exclusive = tables[f"{godtgoerelse.exclusive_const}: dict[str, frozenset[str]]"]
    assert "_T_MaanedligtBeloeb: frozenset({_T_AntalKilometer, _T_Kilometersats})" in exclusive
    invocation = next(w for w in plan.walkers if w.name == "_walk_InvocationContext")
    assert invocation.mode == "all"


def test_checks_are_conditions_negated_as_data(plan: validation.ValidationModule) -> None:
    uuid = value(plan, "UUIDType")
    pattern = next(c for c in uuid.checks if c.code == "pattern")
    assert str(pattern.obj_cond) == "_RE_UUIDType.fullmatch(v) is None"
    assert str(pattern.obj_ok) == "_RE_UUIDType.fullmatch(v) is not None"
    assert str(value(plan, "TimerPrUgeType").obj_bad) == "type(v) is not int"


def construct(tmp_path: Path, body: str) -> validation.ValidationModule:
    wsdl = write_contract(tmp_path, body, {"Op": ("Req", None)})
    contract = reader.read(contracts.from_wsdl(wsdl))
    return validation.build(
        build_version_view(contract, package="p", module=None, schema_entries={})
    )


def test_untranslatable_pattern_fails_generation_with_file_and_line(tmp_path: Path) -> None:
    body = (
        '<xs:simpleType name="Odd"><xs:restriction base="xs:string">'
        '<xs:pattern value="\\p{IsNoSuchBlock}+"/></xs:restriction></xs:simpleType>'
        '<xs:element name="Req" type="tns:Odd"/>'
    )
    with pytest.raises(ContractError) as info:
        construct(tmp_path, body)
    assert "types.xsd:" in str(info.value) and "'Odd'" in str(info.value)


def test_plans_are_deterministic(plan: validation.ValidationModule) -> None:
    contract = reader.read(contracts.resolve("kontanthjaelp/2.8", CONTRACTS))
    view = build_version_view(
        contract, package="ky_kontanthjaelp", module="v2_8", schema_entries={}
    )
    again = validation.build(view)
    assert again.constants == plan.constants
    assert [p.key for p in again.value_plans] == [p.key for p in plan.value_plans]


def test_date_bounds_are_the_runtimes_own_timeline_values(tmp_path: Path) -> None:
    body = (
        '<xs:simpleType name="Dag"><xs:restriction base="xs:date">'
        '<xs:minInclusive value="2020-02-29"/><xs:maxExclusive value="2031-01-01+02:00"/>'
        '</xs:restriction></xs:simpleType><xs:element name="Req" type="tns:Dag"/>'
    )
    dag = next(p for p in construct(tmp_path, body).value_plans if p.type.name == "Dag")
    constants = dict(dag.constants)
    for code, text in (("MININCLUSIVE", "2020-02-29"), ("MAXEXCLUSIVE", "2031-01-01+02:00")):
        value = lex_date(text)
        assert value is not None
        seconds, has_tz = value
        assert constants[f"_{code}_Dag"] == f'(Decimal("{seconds}"), {has_tz})'


def test_an_impossible_date_bound_is_a_contract_error(tmp_path: Path) -> None:
    body = (
        '<xs:simpleType name="Dag"><xs:restriction base="xs:date">'
        '<xs:minInclusive value="2021-02-29"/></xs:restriction></xs:simpleType>'
        '<xs:element name="Req" type="tns:Dag"/>'
    )
    with pytest.raises(ContractError, match="not a valid xs:date"):
        construct(tmp_path, body)
