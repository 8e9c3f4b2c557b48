"""Date, dateTime and time bounds of facets, on the runtime's timeline.

The generated validator compares values as ``(seconds, has timezone)`` (the runtime's
``Temporal``); a bound is turned into the same pair by the runtime's own lexers, so the
calendar arithmetic exists once (``generator/sdk_runtime/values.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from generator import ir
from generator.errors import ContractError
from generator.sdk_runtime.values import Temporal, lex_date, lex_datetime, lex_time

LEXERS: dict[str, Callable[[str], Temporal | None]] = {
    "date": lex_date,
    "dateTime": lex_datetime,
    "time": lex_time,
}


def temporal_literal(cat: str, bound: str, where: str, location: ir.Location | None) -> str:
    """Code of the bound ``bound`` of an xs:``cat`` (date, dateTime, time) as a ``Temporal``."""
    value = LEXERS[cat](bound.strip())
    if value is None:
        raise ContractError.at(f"{where}: bound {bound!r} is not a valid xs:{cat}", location)
    seconds, has_tz = value
    return f'(Decimal("{seconds}"), {has_tz})'
