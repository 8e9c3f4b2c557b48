"""Lexical checkers of the XSD built-ins for the generated ``validate`` modules.

Each returns the value (or the text), or ``None`` when the text is not in the type's lexical
space. They follow libxml2 (lxml's ``XMLSchema``, the oracle the SDK is tested against) where
it departs from the XSD 1.0 text: ``xs:date``, ``xs:gYear`` and ``xs:gYearMonth`` allow no
surrounding whitespace; ``xs:dateTime`` only trailing whitespace after an explicit timezone;
``xs:time``, ``xs:duration`` and the other ``g*`` types only leading whitespace; leap years of
negative years count from the signed year. Also: ``digits`` (total and fraction digits of a
decimal, the XSD value-space count), and timeline values with the XSD order for dates, times
and dateTimes with or without timezone.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from decimal import Decimal

from .lexical import LazyPattern, collapse

WHITESPACE = " \t\n\r"  # what XSD strips and collapses
_COLLAPSE = re.compile("[ \t\n\r]+")
_BAD_CHARS = LazyPattern("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# -- whitespace and characters ----------------------------------------------------------------


def bad_char(text: str) -> str | None:
    """The first character XML 1.0 cannot carry, or None."""
    found = _BAD_CHARS.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def is_blank(text: str | None) -> bool:
    return not text or not text.strip(WHITESPACE)


# -- numbers --------------------------------------------------------------------------------

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]*)?|-?INF|NaN")


def lex_integer(text: str) -> int | None:
    s = text.strip(WHITESPACE)
    return int(s) if _INTEGER.fullmatch(s) is not None else None


def lex_decimal(text: str) -> Decimal | None:
    s = text.strip(WHITESPACE)
    return Decimal(s) if _DECIMAL.fullmatch(s) is not None else None


def lex_double(text: str) -> float | None:
    s = text.lstrip(WHITESPACE)
    if s in ("INF", "-INF", "NaN"):  # libxml2: no trailing whitespace after these
        return float(s.replace("INF", "inf"))
    s = s.rstrip(WHITESPACE)
    if _DOUBLE.fullmatch(s) is None or s.lstrip("+-") in ("INF", "NaN"):
        return None
    if s[-1] in "eE+-":  # libxml2 accepts an exponent marker without digits ("1e")
        s = s.rstrip("eE+-")
    return float(s)


def lex_boolean(text: str) -> bool | None:
    s = text.strip(WHITESPACE)
    if s == "true" or s == "1":
        return True
    if s == "false" or s == "0":
        return False
    return None


def digits(value: Decimal) -> tuple[int, int]:
    """(totalDigits, fractionDigits) of a finite decimal value, as XSD counts them.

    Trailing zeros of the fraction and leading zeros are not significant (``12.500`` has 3
    digits); a fraction counts all its digits (``0.01`` has 2).
    """
    _, ds, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if not any(ds):
        return 0, 0
    n = len(ds)
    while exponent < 0 and n > 0 and ds[n - 1] == 0:
        n -= 1
        exponent += 1
    first = 0
    while first < n and ds[first] == 0:
        first += 1
    significant = n - first
    if exponent >= 0:
        return (significant + exponent if significant else 0), 0
    return max(significant, -exponent), -exponent


def digits_ok(value: Decimal, total: int | None, fraction: int | None) -> bool:
    """Fast path: true when ``value`` surely has at most ``total`` digits and ``fraction``
    decimals (most values); when false, `digits` decides."""
    _, ds, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent > 0:
        return False
    if fraction is not None and exponent < -fraction:
        return False
    return total is None or (len(ds) <= total and -exponent <= total)


def decimal_text(value: Decimal) -> str:
    """The lexical form the SDK writes for a decimal (no exponent)."""
    text = str(value)
    return text if "E" not in text else format(value, "f")


def integer_digits(value: int) -> int:
    return len(str(abs(value))) if value else 0


# -- dates and times ------------------------------------------------------------------------
#
# A temporal value is kept as (seconds on a timeline, has timezone). Values with a timezone
# are normalised to UTC; `compare` orders values with and without one as libxml2 does.

_TZ = r"(Z|[+-][0-9]{2}:[0-9]{2})?"
_DATE = re.compile(r"(-?)([0-9]{4,})-([0-9]{2})-([0-9]{2})" + _TZ)
_DATETIME = re.compile(
    r"(-?)([0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?" + _TZ
)
_TIME = re.compile(r"([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?" + _TZ)
_GYEAR = re.compile(r"-?([0-9]{4,})" + _TZ)
_GYEARMONTH = re.compile(r"-?([0-9]{4,})-([0-9]{2})" + _TZ)
_GMONTHDAY = re.compile(r"--([0-9]{2})-([0-9]{2})" + _TZ)
_GDAY = re.compile(r"---([0-9]{2})" + _TZ)
_GMONTH = re.compile(r"--([0-9]{2})" + _TZ)
_DURATION = re.compile(
    r"-?P(?=[0-9T])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?"
    r"(?:T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]*)?S)?)?"
)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_FOURTEEN_HOURS = 14 * 3600  # the largest UTC offset XSD allows

Temporal = tuple[Decimal, bool]


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _year_ok(digits_: str) -> bool:
    return (len(digits_) == 4 or digits_[0] != "0") and int(digits_) != 0


def _day_ok(year: int, month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if month == 2 and _leap(year):
        return day <= 29
    return day <= _DAYS[month - 1]


def _tz_minutes(tz: str | None) -> int | None | bool:
    """Offset in minutes; None for no timezone; False when the timezone is invalid."""
    if tz is None:
        return None
    if tz == "Z":
        return 0
    hours, minutes = int(tz[1:3]), int(tz[4:6])
    if minutes > 59 or hours > 14 or (hours == 14 and minutes != 0):
        return False
    offset = hours * 60 + minutes
    return -offset if tz[0] == "-" else offset


def _days(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 in the proleptic Gregorian calendar (any year)."""
    y = year - (month <= 2)
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _timeline(year: int, month: int, day: int, seconds: Decimal, tz: int | None) -> Temporal:
    total = Decimal(_days(year, month, day) * 86400) + seconds
    if tz is not None:
        total -= tz * 60
    return total, tz is not None


def _astronomical(sign: str, year_digits: str) -> int:
    year = int(year_digits)
    return 1 - year if sign else year  # XSD 1.0 has no year 0: -0001 is 1 BCE


def lex_date(text: str) -> Temporal | None:
    m = _DATE.fullmatch(text)
    if m is None or not _year_ok(m.group(2)):
        return None
    signed = -int(m.group(2)) if m.group(1) else int(m.group(2))
    month, day = int(m.group(3)), int(m.group(4))
    tz = _tz_minutes(m.group(5))
    if tz is False or not _day_ok(signed, month, day):
        return None
    return _timeline(_astronomical(m.group(1), m.group(2)), month, day, Decimal(0), tz)


def _clock(hh: str, mm: str, ss: str, frac: str | None) -> Decimal | None:
    hour, minute, second = int(hh), int(mm), int(ss)
    if hour == 24:
        if minute or second or (frac and frac.strip(".0")):
            return None
    elif hour > 23 or minute > 59 or second > 59:
        return None
    return Decimal(hour * 3600 + minute * 60 + second) + (Decimal("0" + frac) if frac else 0)


def lex_datetime(text: str) -> Temporal | None:
    m = _DATETIME.fullmatch(text)
    if m is None:
        # libxml2 allows trailing whitespace after an explicit timezone, nowhere else
        stripped = text.rstrip(WHITESPACE)
        m = _DATETIME.fullmatch(stripped) if stripped != text else None
        if m is None or m.group(9) is None:
            return None
    if not _year_ok(m.group(2)):
        return None
    signed = -int(m.group(2)) if m.group(1) else int(m.group(2))
    month, day = int(m.group(3)), int(m.group(4))
    seconds = _clock(m.group(5), m.group(6), m.group(7), m.group(8))
    tz = _tz_minutes(m.group(9))
    if seconds is None or tz is False or not _day_ok(signed, month, day):
        return None
    return _timeline(_astronomical(m.group(1), m.group(2)), month, day, seconds, tz)


def lex_time(text: str) -> Temporal | None:
    m = _TIME.fullmatch(text.lstrip(WHITESPACE))
    if m is None:
        return None
    seconds = _clock(m.group(1), m.group(2), m.group(3), m.group(4))
    tz = _tz_minutes(m.group(5))
    if seconds is None or tz is False:
        return None
    return _timeline(1972, 12, 31, seconds, tz)


def lex_gregorian(kind: str, text: str) -> str | None:
    """gYear, gYearMonth, gMonthDay, gDay, gMonth: the text when valid (no order facets)."""
    s = text if kind in ("gYear", "gYearMonth") else text.lstrip(WHITESPACE)
    pattern = {
        "gYear": _GYEAR,
        "gYearMonth": _GYEARMONTH,
        "gMonthDay": _GMONTHDAY,
        "gDay": _GDAY,
        "gMonth": _GMONTH,
    }[kind]
    m = pattern.fullmatch(s)
    if m is None or _tz_minutes(m.group(pattern.groups)) is False:
        return None
    if kind in ("gYear", "gYearMonth") and not _year_ok(m.group(1)):
        return None
    if kind == "gYearMonth" and not 1 <= int(m.group(2)) <= 12:
        return None
    if kind == "gMonthDay" and not _day_ok(2000, int(m.group(1)), int(m.group(2))):
        return None
    if kind == "gDay" and not 1 <= int(m.group(1)) <= 31:
        return None
    if kind == "gMonth" and not 1 <= int(m.group(1)) <= 12:
        return None
    return s


def lex_duration(text: str) -> str | None:
    s = text.lstrip(WHITESPACE)
    return s if _DURATION.fullmatch(s) is not None else None


def timeline_date(value: datetime.date) -> Temporal:
    """A ``datetime.date`` on the timeline (no timezone)."""
    return _timeline(value.year, value.month, value.day, Decimal(0), None)


def _seconds(value: datetime.datetime | datetime.time) -> tuple[Decimal, int | None]:
    seconds = Decimal(value.hour * 3600 + value.minute * 60 + value.second)
    if value.microsecond:
        seconds += Decimal(value.microsecond) / 1000000
    offset = value.utcoffset()
    return seconds, None if offset is None else int(offset.total_seconds()) // 60


def timeline_datetime(value: datetime.datetime) -> Temporal:
    """A ``datetime.datetime`` on the timeline (aware values normalised to UTC)."""
    seconds, tz = _seconds(value)
    return _timeline(value.year, value.month, value.day, seconds, tz)


def timeline_time(value: datetime.time) -> Temporal:
    seconds, tz = _seconds(value)
    return _timeline(1972, 12, 31, seconds, tz)


Duration = tuple[int, int, Decimal]
"""An xs:duration as libxml2 holds it: months, days, seconds (under a day), one sign."""

_DURATION_PARTS = re.compile(
    r"(-?)P(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)D)?"
    r"(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:\.[0-9]*)?)S)?)?"
)
# Days before month n of a year at least (counted from February) and at most (from July).
_DAYS_MIN = (0, 28, 59, 89, 120, 150, 181, 212, 242, 273, 303, 334)
_DAYS_MAX = (0, 31, 62, 92, 123, 153, 184, 215, 245, 276, 306, 337)


def duration_value(text: str) -> Duration:
    """The value of a valid xs:duration lexical form (see `lex_duration`)."""
    m = _DURATION_PARTS.fullmatch(text)
    assert m is not None, text
    sign = -1 if m.group(1) else 1
    years, months, days, hours, minutes = (int(g or 0) for g in m.groups()[1:6])
    whole_days, seconds = divmod(hours * 3600 + minutes * 60 + Decimal(m.group(7) or 0), 86400)
    return sign * (12 * years + months), sign * (days + int(whole_days)), sign * seconds


def duration_compare(x: Duration, y: Duration) -> int | None:
    """-1, 0 or 1; None when indeterminate (a month is 28 to 31 days long).

    libxml2's order (``xmlSchemaCompareDurations``), which is what an order facet on a
    duration means to lxml: XSD 1.0's four reference dateTimes, with a year of 365 or 366
    days and a month of 28 to 31. An indeterminate comparison fails every order facet.
    """
    months = x[0] - y[0]
    seconds = x[2] - y[2]
    carry = int(seconds / 86400)
    seconds -= carry * 86400
    days = x[1] - y[1] + carry
    if months == 0:
        if days == 0:
            return (seconds > 0) - (seconds < 0)
        return -1 if days < 0 else 1
    if months > 0:
        if days >= 0 and seconds >= 0:
            return 1
        invert, months, days = 1, months, -days
    elif days <= 0 and seconds <= 0:
        return -1
    else:
        invert, months = -1, -months
    years, months = divmod(months, 12)
    most = 365 * years + (years + 3) // 4 if years else 0
    least = most - 1 if years else 0
    least += _DAYS_MIN[months]
    most += _DAYS_MAX[months]
    if most == least == days:
        return 0
    if most < days:
        return -invert
    if least > days:
        return invert
    return None


def compare(a: Temporal, b: Temporal) -> int | None:
    """-1, 0 or 1; None when indeterminate.

    As libxml2 orders them: when only one value has a timezone, the other is taken as UTC
    and only equality is indeterminate (XSD 1.0 itself would widen that to ±14 hours).
    """
    (x, x_tz), (y, y_tz) = a, b
    if x_tz == y_tz:
        return (x > y) - (x < y)
    return None if x == y else (x > y) - (x < y)


OFFSETS = frozenset(datetime.timedelta(minutes=m) for m in range(-14 * 60, 14 * 60 + 1))
"""Every UTC offset XSD can write (whole minutes within ±14:00)."""


def datetime_offset_ok(value: datetime.datetime | datetime.time) -> bool:
    """A Python datetime/time whose UTC offset XSD can write: whole minutes within ±14:00."""
    offset = value.utcoffset()
    if offset is None:
        return True
    seconds = offset.total_seconds()
    return seconds % 60 == 0 and abs(seconds) <= _FOURTEEN_HOURS


# -- names and binary -----------------------------------------------------------------------

_START = (
    ":A-Z_a-z\xc0-\xd6\xd8-\xf6\xf8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHAR = _START + "\\-.0-9\xb7\u0300-\u036f\u203f\u2040"
_NAME = LazyPattern(f"[{_START}][{_CHAR}]*")
_NCNAME = LazyPattern(f"[{_START.replace(':', '')}][{_CHAR.replace(':', '')}]*")
_NMTOKEN = LazyPattern(f"[{_CHAR}]+")
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*")
_HEX = re.compile(r"(?:[0-9a-fA-F]{2})*")


def lex_name(kind: str, text: str) -> str | None:
    """Name, NCName (ID, IDREF, ENTITY), NMTOKEN, language and QName, after collapsing."""
    s = collapse(text)
    if kind == "QName":
        prefix, colon, local = s.partition(":")
        ok = _NCNAME.fullmatch(local if colon else prefix) is not None and (
            not colon or _NCNAME.fullmatch(prefix) is not None
        )
    elif kind == "Name":
        ok = _NAME.fullmatch(s) is not None
    elif kind == "NMTOKEN":
        ok = _NMTOKEN.fullmatch(s) is not None
    elif kind == "language":
        ok = _LANGUAGE.fullmatch(s) is not None
    else:
        ok = _NCNAME.fullmatch(s) is not None
    return s if ok else None


def lex_hex(text: str) -> bytes | None:
    s = text.strip(WHITESPACE)
    return bytes.fromhex(s) if _HEX.fullmatch(s) is not None else None


def lex_base64(text: str) -> bytes | None:
    s = _COLLAPSE.sub("", text)
    try:
        return base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return None
