"""The rule registry and the side/level judgement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.diff import RULES
from generator.diff.model import CHANGES, NARROWS, NEUTRAL, TOLERANT, WIDENS, Direction, Effect
from generator.diff.rules import by_direction

ROOT = Path(__file__).parents[2]

# The vocabulary of issue 6, plus issue 14's security-policy-changed; ids are public and never
# renamed.
VOCABULARY = """
operation-added operation-removed soap-action-changed operation-message-changed fault-added
fault-removed namespace-changed element-added-optional element-added-required element-removed
min-occurs-increased min-occurs-decreased max-occurs-increased max-occurs-decreased type-changed
order-changed choice-branch-added choice-branch-removed enumeration-value-added
enumeration-value-removed facet-tightened facet-loosened default-changed fixed-changed
nillable-changed attribute-added-optional attribute-added-required attribute-removed
documentation-changed type-added type-removed endpoint-changed security-policy-changed
""".split()


def test_registry_is_the_issue_vocabulary() -> None:
    assert sorted(RULES) == sorted(VOCABULARY)
    assert all(rule.id == key and rule.description.endswith(".") for key, rule in RULES.items())


def test_docs_and_schema_name_every_rule() -> None:
    docs = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    assert all(f"`{rule}`" in docs for rule in RULES)
    schema = json.loads((ROOT / "docs" / "diff-report.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["change"]["properties"]["rule"]["enum"] == sorted(RULES)


@pytest.mark.parametrize(
    ("direction", "effect", "client", "service"),
    [
        # the issue's example: an enumeration value added in a request
        ("request", TOLERANT, "info", "breaking"),
        ("request", NARROWS, "breaking", "info"),
        ("request", WIDENS, "info", "breaking"),
        ("request", CHANGES, "breaking", "breaking"),
        ("response", TOLERANT, "warning", "info"),
        ("response", NARROWS, "info", "breaking"),
        ("response", WIDENS, "breaking", "info"),
        ("response", Effect(narrows=True, widens="tolerant"), "warning", "breaking"),
        ("both", TOLERANT, "warning", "breaking"),
        ("both", NARROWS, "breaking", "breaking"),
        ("none", CHANGES, "info", "info"),
        ("request", NEUTRAL, "info", "info"),
    ],
)
def test_by_direction(direction: Direction, effect: Effect, client: str, service: str) -> None:
    verdict = by_direction(direction, effect)
    assert (verdict.client, verdict.service) == (client, service)


def test_enumeration_value_added_in_a_request_breaks_only_the_old_service() -> None:
    rule = RULES["enumeration-value-added"]
    verdict = rule.judge("request", rule.effect)
    assert (verdict.client, verdict.service) == ("info", "breaking")


@pytest.mark.parametrize(
    ("rule", "client", "service"),
    [
        ("operation-added", "info", "breaking"),
        ("operation-removed", "breaking", "info"),
        ("fault-added", "warning", "info"),
        ("fault-removed", "info", "warning"),
        ("endpoint-changed", "warning", "warning"),
    ],
)
def test_whole_operation_rules_ignore_documents(rule: str, client: str, service: str) -> None:
    verdict = RULES[rule].judge("both", RULES[rule].effect)
    assert (verdict.client, verdict.service) == (client, service)


def test_default_changed_matters_only_where_used() -> None:
    judge = RULES["default-changed"].judge
    assert judge("request", NEUTRAL).client == "warning"
    assert judge("none", NEUTRAL).service == "info"
