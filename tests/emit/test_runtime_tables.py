"""The runtime's remembered conversions (``DATE_VALUE`` & co.) and lazily compiled patterns
return what the plain conversion and ``re`` return, and keep only what is safe to share."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from generator.sdk_runtime import lexical, values


def test_a_remembered_value_is_the_conversion_of_its_text() -> None:
    table = lexical._Memo(lexical.parse_date, lexical._plain(datetime.date))
    first = table["2024-02-29"]
    assert first == datetime.date(2024, 2, 29) and table["2024-02-29"] is first
    assert lexical.DECIMAL_VALUE["12.50"] == Decimal("12.50")
    assert str(lexical.DECIMAL_VALUE["12.50"]) == "12.50"  # the exponent is kept, by text
    stamp = lexical.DATETIME_VALUE["2024-03-14T09:26:53+01:00"]
    assert stamp == lexical.parse_datetime("2024-03-14T09:26:53+01:00")


def test_what_is_not_a_value_raises_every_time_and_is_not_kept() -> None:
    table = lexical._Memo(lexical.parse_date, lexical._plain(datetime.date))
    for _ in range(2):
        with pytest.raises(ValueError, match="out of range"):
            table["2024-02-30"]
        with pytest.raises(ValueError, match="is not a date"):
            table["2024-2-3"]
    assert not table


def test_only_plain_values_of_short_texts_are_kept_up_to_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = lexical._Memo(lexical.parse_date, lexical._plain(datetime.date))
    zoned = table["2024-08-31+02:00"]
    assert isinstance(zoned, lexical.ZonedDate) and zoned.zone == "+02:00"
    padded = " " * 40 + "2024-08-31"
    assert table[padded] == datetime.date(2024, 8, 31)
    assert not table  # a subclass value and a long text are converted, not remembered
    monkeypatch.setattr(lexical, "_MEMO_MAX", 2)
    for day in range(1, 5):
        assert table[f"2024-01-0{day}"] == datetime.date(2024, 1, day)
    assert len(table) == 2


def test_a_date_text_is_remembered_for_plain_dates_only() -> None:
    table: lexical._Memo[datetime.date, str] = lexical._Memo(
        lexical.DATE_TEXT.convert, lexical.DATE_TEXT.keep
    )
    stamp = datetime.datetime(2024, 1, 2, 3, 4, 5)
    assert table[stamp] == "2024-01-02T03:04:05" and not table  # its own text, not kept
    assert table[datetime.date(2024, 1, 2)] == "2024-01-02"
    assert list(table) == [datetime.date(2024, 1, 2)]


def test_a_lazy_pattern_matches_as_the_compiled_one() -> None:
    source = "[a-z]+[0-9]?"
    lazy, compiled = lexical.LazyPattern(source), re.compile(source)
    assert "fullmatch" not in vars(lazy)  # nothing compiled before the first use
    for text in ("abc1", "abc12", "", "x"):
        found, expected = lazy.fullmatch(text), compiled.fullmatch(text)
        assert (found and found.group()) == (expected and expected.group())
        assert bool(lazy.search(text)) == bool(compiled.search(text))
    assert "fullmatch" in vars(lazy)
    assert values.lex_name("NCName", "a:b") is None and values.lex_name("Name", "a:b") == "a:b"
    assert values.bad_char("ok\x01") == "U+0001"
