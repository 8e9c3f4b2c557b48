"""The content-model automaton (generator/emit/checks/automaton.py): Glushkov construction,
unrolled bounded repeats, counters, and UPA violations as contract errors."""

from __future__ import annotations

import pytest

from generator import ir
from generator.emit.checks.automaton import Automaton, automaton
from generator.errors import ContractError


def element(name: str, low: int = 1, high: int | None = 1) -> ir.ElementParticle:
    return ir.ElementParticle(ir.QName("urn:t", name), ir.xs("string"), low, high)


def group(
    compositor: str, *particles: ir.Particle, low: int = 1, high: int | None = 1
) -> ir.ModelGroup:
    return ir.ModelGroup(compositor, particles, low, high)  # type: ignore[arg-type]


def run(auto: Automaton, names: list[str]) -> bool:
    state = 0
    for name in names:
        nxt = auto.table[state].get(f"{{urn:t}}{name}")
        if nxt is None:
            return False
        state = nxt
    return state in auto.finals


def test_automaton_accepts_exactly_the_language() -> None:
    model = (
        group(
            "sequence",
            element("A"),
            group("choice", group("sequence", element("B"), element("C", 0)), element("D")),
            element("E", 0, None),
        ),
    )
    auto = automaton(model, "T", None)
    assert (
        run(auto, ["A", "B"])
        and run(auto, ["A", "B", "C", "E", "E"])
        and run(auto, ["A", "D", "E"])
    )
    assert not run(auto, ["A"]) and not run(auto, ["A", "B", "D"]) and not run(auto, ["A", "C"])
    assert auto.exclusive["{urn:t}D"] == {"{urn:t}B", "{urn:t}C"}


def test_bounded_group_repetition_is_unrolled() -> None:
    auto = automaton((group("sequence", element("A"), element("B", 0), low=2, high=3),), "T", None)
    assert run(auto, ["A", "A"]) and run(auto, ["A", "B", "A", "B", "A"])
    assert not run(auto, ["A"]) and not run(auto, ["A", "A", "A", "A"])


def test_counted_elements_keep_one_state() -> None:
    auto = automaton((group("sequence", element("P", 2, 5)),), "T", None)
    assert len(auto.positions) == 1
    assert auto.counters == {1: (2, 5)}


def test_ambiguous_content_model_is_a_contract_error() -> None:
    model = (group("sequence", element("A", 0), element("A")),)
    with pytest.raises(ContractError, match="ambiguous"):
        automaton(model, "T", ir.Location("x.xsd", 7))
