"""The real KY contracts: 2.7 → 2.8 adds one Tilbudstype, and that is all that matters."""

from __future__ import annotations

from pathlib import Path

from generator.diff import diff
from generator.ir import Contract

CONTRACTS = Path(__file__).parents[2] / "contracts" / "kontanthjaelp"


def _line_of(version: str, marker: str) -> int:
    text = (CONTRACTS / version / "xsd" / "KontanthjaelpServiceTypes.xsd").read_text("utf-8")
    return next(n for n, line in enumerate(text.splitlines(), 1) if marker in line)


def test_2_7_to_2_8_has_exactly_one_non_info_change(ky: tuple[Contract, Contract]) -> None:
    report = diff(*ky)
    relevant = [c for c in report.changes if (c.client, c.service) != ("info", "info")]
    assert len(relevant) == 1, [c.message for c in relevant]
    change = relevant[0]
    assert change.rule == "enumeration-value-added"
    assert change.path == "TilbudstypeType"
    assert (change.old, change.new) == (None, "OpkvalificeringVedAnsaettelse")
    assert change.operations == ("Aktivitet",)
    assert change.direction == "request"
    assert (change.client, change.service) == ("info", "breaking")
    assert "AktivitetType/Tilbudstype" in change.message
    marker = 'simpleType name="TilbudstypeType"'
    assert (
        str(change.old_location) == f"xsd/KontanthjaelpServiceTypes.xsd:{_line_of('2.7', marker)}"
    )
    value = 'enumeration value="OpkvalificeringVedAnsaettelse"'  # the added value's own line
    assert str(change.new_location) == f"xsd/KontanthjaelpServiceTypes.xsd:{_line_of('2.8', value)}"


def test_a_contract_has_no_changes_against_itself(ky: tuple[Contract, Contract]) -> None:
    assert diff(ky[0], ky[0]).changes == ()


def test_2_8_to_2_7_removes_the_value_and_breaks_the_old_client(
    ky: tuple[Contract, Contract],
) -> None:
    (change,) = [c for c in diff(ky[1], ky[0]).changes if c.client != "info" or c.service != "info"]
    assert change.rule == "enumeration-value-removed"
    assert (change.client, change.service) == ("breaking", "info")
