"""generator/emit/pycode.py: the literals and conditions generated code is written with."""

from __future__ import annotations

import pytest

from generator.emit.pycode import All, Cond, Expr, conjunction, fstring, literal, regex


@pytest.mark.parametrize(
    "text",
    ["plain", 'quote " and \\ backslash', "tab\tnew\nline\r", "Beløb ø", "\x00\u2028", "{x}"],
)
def test_literal_evaluates_to_its_text(text: str) -> None:
    code = literal(text)
    assert code.startswith('"') and eval(code) == text  # noqa: S307
    assert "\n" not in code and "\u2028" not in code


def test_literal_of_none_and_readable_non_ascii() -> None:
    assert literal(None) == "None"
    assert literal("Beløb") == '"Beløb"'


def test_fstring_escapes_text_and_keeps_expressions() -> None:
    code = fstring('a {"b"} ', ("n + 1",), " ø")
    assert eval(code, {"n": 41}) == 'a {"b"} 42 ø'  # noqa: S307


def test_regex_is_raw_when_it_can_be() -> None:
    assert regex(r"[0-9]{4}\d") == r'r"[0-9]{4}\d"'
    for source in ['a"b', "x\\", "[æø]", "\t"]:
        assert eval(regex(source)) == source and regex(source).isascii()  # noqa: S307


@pytest.mark.parametrize(
    ("cond", "negated"),
    [
        (Cond("len(v)", ">", "100"), "len(v) <= 100"),
        (Cond("_RE.fullmatch(v)", "is", "None"), "_RE.fullmatch(v) is not None"),
        (Cond("v", "not in", "_ENUM"), "v in _ENUM"),
        (Cond("v", "<", "0"), "v >= 0"),
        (Cond("compare(tv, B)", "not in", "(0, 1)"), "compare(tv, B) in (0, 1)"),
        (Cond("type(v)", "is", "int"), "type(v) is not int"),
        (Expr("isinstance(v, str)"), "not isinstance(v, str)"),
    ],
)
def test_a_condition_negates_itself(cond: Cond | Expr, negated: str) -> None:
    assert str(cond.negate()) == negated
    assert str(cond.negate().negate()) == str(cond)


def test_a_conjunction_negates_as_a_whole() -> None:
    both = conjunction(Cond("type(v)", "is", "Decimal"), Expr("v.is_finite()"))
    assert str(both) == "type(v) is Decimal and v.is_finite()"
    assert str(both.negate()) == "not (type(v) is Decimal and v.is_finite())"
    assert str(All((Cond("type(v)", "is", "str"),)).negate()) == "type(v) is not str"
    assert both.parts[0].exact_type and not both.parts[1].exact_type


@pytest.mark.parametrize("v", [None, 1, 1.5, "x", b"y"])
def test_negations_evaluate_to_the_opposite(v: object) -> None:
    from decimal import Decimal

    both = conjunction(Cond("type(v)", "is", "int"), Cond("v", ">", "0"))
    for cond in (both, Cond("type(v)", "is", "str"), Expr("isinstance(v, bytes)")):
        scope = {"v": v, "Decimal": Decimal}
        assert eval(str(cond), scope) is not eval(str(cond.negate()), scope)  # noqa: S307
