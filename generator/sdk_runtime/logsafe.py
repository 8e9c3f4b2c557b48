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
import traceback

LOGGER_NAME = __name__.split(".", 1)[0]
log = logging.getLogger(LOGGER_NAME)

_CPR_OR_UUID = re.compile(
    r"([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})"
    r"|(?<![0-9])([0-9]{6})-?[0-9]{4}(?![0-9])"
)
EXCERPT_CHARS = 500
LOGGED_BODY_BYTES = 64 * 1024
SUMMARY_KEY = "ky.summary"
"""Where a WSGI app puts a one-line summary of a call for the mock server's log line."""


def _masked(match: re.Match[str]) -> str:
    uuid, birth = match.group(1, 2)
    return uuid or f"{birth}-****"


def mask(text: str) -> str:
    """``text`` with every CPR-like ten-digit number masked as ``DDMMYY-****``."""
    return _CPR_OR_UUID.sub(_masked, text)


def readable(data: bytes, content_type: str = "") -> str:
    """A message body as text, decoded as the parser reads it (UTF-16 too: decoded as UTF-8,
    its digits would be NUL-separated and escape masking)."""
    from .xmlparse import charset_of, decoded  # xmlparse needs errors, which needs this module

    return decoded(data, charset_of(content_type))


def excerpt(data: bytes, limit: int = EXCERPT_CHARS, content_type: str = "") -> str:
    """A bounded, single-line, masked excerpt of a message body for errors and logs."""
    text = " ".join(readable(data[: limit * 4], content_type).split())
    text = mask(text)
    return text if len(text) <= limit else text[:limit] + "…"


class MaskingFilter(logging.Filter):
    """Masks CPR numbers in a record's formatted message and in its exception's traceback
    (which it folds into the message); attach it to your own handlers too."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += "\n" + "".join(traceback.format_exception(record.exc_info[1])).rstrip()
        elif record.exc_text:
            message += "\n" + record.exc_text
        record.msg, record.args = mask(message), None
        record.exc_info, record.exc_text = None, None
        return True


def scrub(exc: BaseException) -> BaseException:
    """``exc`` with CPR numbers masked in its arguments and in those of its causes and
    contexts (what a traceback of it shows: a server's status line can hold anything)."""
    seen: set[int] = set()
    node: BaseException | None = exc
    while node is not None and id(node) not in seen:
        seen.add(id(node))
        try:
            node.args = tuple(mask(a) if isinstance(a, str) else a for a in node.args)
        except (AttributeError, TypeError):  # an exception type with read-only arguments
            pass
        node = node.__cause__ or node.__context__
    return exc


log.addFilter(MaskingFilter())
# the HTTP libraries under the asynchronous transport log status lines and headers at DEBUG
for _name in (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
):
    logging.getLogger(_name).addFilter(MaskingFilter())


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


def log_body(label: str, data: bytes, content_type: str = "") -> None:
    """A message body at DEBUG only, decoded as the parser reads it, masked by the filter;
    at most ``LOGGED_BODY_BYTES`` of it (a hostile 10 MB body must not flood the log)."""
    if log.isEnabledFor(logging.DEBUG):
        text = readable(data[:LOGGED_BODY_BYTES], content_type)
        if len(data) > LOGGED_BODY_BYTES:  # a number cut in two could escape masking: drop it
            text = text.rstrip("0123456789-") + f"… ({len(data)} bytes in all)"
        log.debug("%s: %s", label, text)
