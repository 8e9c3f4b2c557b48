"""Date, dateTime, time and duration bounds of facets, on the runtime's timeline.

The generated validator compares values as ``(seconds, has timezone)`` (the runtime's
``Temporal``); a bound is turned into the same pair by the runtime's own lexers, so the
calendar arithmetic exists once (``generator/sdk_runtime/values.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from generator import ir
from generator.errors import ContractError
from generator.sdk_runtime.lexical import collapse
from generator.sdk_runtime.values import (
    Temporal,
    duration_value,
    lex_date,
    lex_datetime,
    lex_duration,
    lex_time,
)

LEXERS: dict[str, Callable[[str], Temporal | None]] = {
    "date": lex_date,
    "dateTime": lex_datetime,
    "time": lex_time,
}


def duration_literal(bound: str, where: str, location: ir.Location | None) -> str:
    """Code of the bound ``bound`` of an xs:duration as a ``Duration``."""
    text = lex_duration(collapse(bound))
    if text is None:
        raise ContractError.at(f"{where}: bound {bound!r} is not a valid xs:duration", location)
    months, days, seconds = duration_value(text)
    return f'({months}, {days}, Decimal("{seconds}"))'


def temporal_literal(cat: str, bound: str, where: str, location: ir.Location | None) -> str:
    """Code of the bound ``bound`` of an xs:``cat`` (date, dateTime, time) as a ``Temporal``."""
    value = LEXERS[cat](bound.strip())
    if value is None:
        raise ContractError.at(f"{where}: bound {bound!r} is not a valid xs:{cat}", location)
    seconds, has_tz = value
    return f'(Decimal("{seconds}"), {has_tz})'
