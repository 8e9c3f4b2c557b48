"""Logging without personal data: CPR numbers are masked in every line, excerpt and message.

All SDK logging goes through one logger named after the distribution package. A filter on it
masks anything that looks like a CPR number (``0101901234`` or ``010190-1234`` becomes
``010190-****``) in the formatted message, so even DEBUG bodies are masked. UUIDs (BeskedID)
are left whole, although some contain ten digits in a row.
"""

from __future__ import annotations

import logging
import re
import time

LOGGER_NAME = __name__.split(".", 1)[0]
log = logging.getLogger(LOGGER_NAME)

_CPR_OR_UUID = re.compile(
    r"([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})"
    r"|(?<![0-9])([0-9]{6})-?[0-9]{4}(?![0-9])"
)
EXCERPT_CHARS = 500


def _masked(match: re.Match[str]) -> str:
    uuid, birth = match.group(1, 2)
    return uuid or f"{birth}-****"


def mask(text: str) -> str:
    """``text`` with every CPR-like ten-digit number masked as ``DDMMYY-****``."""
    return _CPR_OR_UUID.sub(_masked, text)


def excerpt(data: bytes, limit: int = EXCERPT_CHARS) -> str:
    """A bounded, single-line, masked excerpt of a message body for errors and logs."""
    text = " ".join(data[: limit * 4].decode("utf-8", "replace").split())
    text = mask(text)
    return text if len(text) <= limit else text[:limit] + "…"


class MaskingFilter(logging.Filter):
    """Masks CPR numbers in a record's formatted message; attach it to your own handlers too."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = mask(record.getMessage()), None
        return True


log.addFilter(MaskingFilter())


def log_call(operation: str, besked_id: object, started: float, result: str, attempts: int) -> None:
    """The one INFO line per call: operation, BeskedID, duration, result code (and retries)."""
    if log.isEnabledFor(logging.INFO):
        millis = (time.perf_counter() - started) * 1000
        retried = f" after {attempts} attempts" if attempts > 1 else ""
        log.info(
            "%s BeskedID=%s %.1f ms -> %s%s",
            operation,
            besked_id,
            millis,
            result,
            retried,
            extra={
                "ky_operation": operation,
                "ky_besked_id": str(besked_id),
                "ky_duration_ms": round(millis, 1),
                "ky_result": result,
                "ky_attempts": attempts,
            },
        )


def log_body(label: str, data: bytes) -> None:
    """A message body at DEBUG only, masked by the logger's filter."""
    if log.isEnabledFor(logging.DEBUG):
        log.debug("%s: %s", label, data.decode("utf-8", "replace"))
