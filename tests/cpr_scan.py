"""Find unmasked CPR numbers in text: the check behind the suite-wide log scan (conftest.py).

A CPR number is ten digits ``DDMMYYSSSS``, optionally written ``DDMMYY-SSSS``, whose first
four digits are a day (01-31) and a month (01-12), not part of a longer number. UUIDs are
taken out first: some hold ten digits in a row and are not personal data (BeskedID).
The masked form the SDK prints, ``DDMMYY-****``, is not a CPR number.
"""

from __future__ import annotations

import logging
import re

_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
CPR = re.compile(
    r"(?<![0-9])(?:0[1-9]|[12][0-9]|3[01])(?:0[1-9]|1[0-2])[0-9]{2}-?[0-9]{4}(?![0-9])"
)


def unmasked_cprs(text: str) -> list[str]:
    """Every CPR-shaped number in ``text`` (UUIDs excepted)."""
    return CPR.findall(_UUID.sub("<uuid>", text))


def masked(number: str) -> str:
    """How a finding is reported: never the number itself (the report is a log too)."""
    return number[:6] + "-****"


def record_text(record: logging.LogRecord) -> str:
    """What a handler would write for ``record``: the message and any exception text."""
    parts = [record.getMessage()]
    if record.exc_info and record.exc_info[1] is not None:
        parts.append(repr(record.exc_info[1]))
        parts.append(str(record.exc_info[1]))
    if record.exc_text:
        parts.append(record.exc_text)
    return "\n".join(parts)


class CprLeakHandler(logging.Handler):
    """Collects the records holding an unmasked CPR number (as ``logger: masked finding``)."""

    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.leaks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            found = unmasked_cprs(record_text(record))
        except Exception:  # noqa: BLE001 - a record that cannot be formatted is not our concern
            return
        if found:
            shown = ", ".join(masked(n) for n in found)
            self.leaks.append(f"{record.name} ({record.levelname}): {shown}")
