"""One fixture pair per rule id: exactly that change, with its path, verdicts and location;
and pairs that differ only in form (order, prefixes, files) give no change at all."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.diff import RULES, diff
from generator.ir import Contract

FIXTURES = Path(__file__).parent / "fixtures"
ReadPair = Callable[[str], tuple[Contract, Contract]]

SAME = ["same-reordered", "same-prefixes", "same-moved-file"]
RULE_DIRS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name not in SAME)


def test_every_rule_has_exactly_one_fixture() -> None:
    assert RULE_DIRS == sorted(RULES)


@pytest.mark.parametrize("rule", RULE_DIRS)
def test_rule_fixture(rule: str, read_pair: ReadPair) -> None:
    expect = tomllib.loads((FIXTURES / rule / "expect.toml").read_text(encoding="utf-8"))
    changes = diff(*read_pair(rule)).changes
    assert [c.rule for c in changes] == [rule], [c.message for c in changes]
    change = changes[0]
    assert change.path == expect["path"]
    assert (change.client, change.service) == (expect["client"], expect["service"])
    assert change.direction == expect["direction"]
    assert list(change.operations) == expect["operations"]
    assert (change.old, change.new) == (expect.get("old"), expect.get("new"))
    located = (
        str(change.old_location) if change.old_location else None,
        str(change.new_location) if change.new_location else None,
    )
    assert located == (expect.get("old_location"), expect.get("new_location"))
    assert change.message.endswith(".") and change.message[0].isupper()


@pytest.mark.parametrize("name", SAME)
def test_form_only_changes_are_no_changes(name: str, read_pair: ReadPair) -> None:
    old, new = read_pair(name)
    assert diff(old, new).changes == ()
