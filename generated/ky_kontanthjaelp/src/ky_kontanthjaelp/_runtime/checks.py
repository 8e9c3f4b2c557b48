"""Helpers for the generated ``validate`` modules: lexical spaces, digits, content diagnosis.

The generated code makes every facet decision itself, specialised per type; this module only
holds what is the same for every contract:

* lexical checkers for the XSD built-ins, returning the value or ``None`` when the text is
  not in the lexical space. They follow libxml2 (lxml's ``XMLSchema``, the oracle the SDK is
  tested against) where it departs from the XSD 1.0 text: ``xs:date``, ``xs:gYear`` and
  ``xs:gYearMonth`` allow no surrounding whitespace; ``xs:dateTime`` only trailing
  whitespace after an explicit timezone; ``xs:time``, ``xs:duration`` and the other ``g*``
  types only leading whitespace; leap years of negative years count from the signed year;
* ``digits``: total and fraction digits of a decimal value (the XSD value-space count);
* timeline values and the XSD order for dates, times and dateTimes with or without timezone;
* the diagnosis of a content-model mismatch (missing, out of order, repeated, both choice
  branches, unknown element), only ever called once something is already wrong;
* text, attribute and ``xsi:`` checks shared by every element walker, and the SOAP envelope.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal

from lxml import etree

from .issues import Issue, mask_cpr, show, show_cpr
from .lexical import collapse as collapse  # re-exported: the validators import it from here
from .lexical import replace_ws as replace_ws
from .logsafe import mask

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSI_NIL = "{" + XSI + "}nil"
XSI_TYPE = "{" + XSI + "}type"
_XSI_PREFIX = "{" + XSI + "}"
_XSI_FREE = frozenset({"{" + XSI + "}schemaLocation", "{" + XSI + "}noNamespaceSchemaLocation"})
SOAP11_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_ENV = "http://www.w3.org/2003/05/soap-envelope"

_WS = " \t\n\r"
_COLLAPSE = re.compile("[ \t\n\r]+")
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# -- whitespace and characters ----------------------------------------------------------------


def bad_char(text: str) -> str | None:
    """The first character XML 1.0 cannot carry, or None."""
    found = _BAD_CHARS.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def is_blank(text: str | None) -> bool:
    return not text or not text.strip(_WS)


# -- numbers --------------------------------------------------------------------------------

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]*)?|-?INF|NaN")


def lex_integer(text: str) -> int | None:
    s = text.strip(_WS)
    return int(s) if _INTEGER.fullmatch(s) is not None else None


def lex_decimal(text: str) -> Decimal | None:
    s = text.strip(_WS)
    return Decimal(s) if _DECIMAL.fullmatch(s) is not None else None


def lex_double(text: str) -> float | None:
    s = text.lstrip(_WS)
    if s in ("INF", "-INF", "NaN"):  # libxml2: no trailing whitespace after these
        return float(s.replace("INF", "inf"))
    s = s.rstrip(_WS)
    if _DOUBLE.fullmatch(s) is None or s.lstrip("+-") in ("INF", "NaN"):
        return None
    if s[-1] in "eE+-":  # libxml2 accepts an exponent marker without digits ("1e")
        s = s.rstrip("eE+-")
    return float(s)


def lex_boolean(text: str) -> bool | None:
    s = text.strip(_WS)
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
        stripped = text.rstrip(_WS)
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
    m = _TIME.fullmatch(text.lstrip(_WS))
    if m is None:
        return None
    seconds = _clock(m.group(1), m.group(2), m.group(3), m.group(4))
    tz = _tz_minutes(m.group(5))
    if seconds is None or tz is False:
        return None
    return _timeline(1972, 12, 31, seconds, tz)


def lex_gregorian(kind: str, text: str) -> str | None:
    """gYear, gYearMonth, gMonthDay, gDay, gMonth: the text when valid (no order facets)."""
    s = text if kind in ("gYear", "gYearMonth") else text.lstrip(_WS)
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
    s = text.lstrip(_WS)
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
_NAME = re.compile(f"[{_START}][{_CHAR}]*")
_NCNAME = re.compile(f"[{_START.replace(':', '')}][{_CHAR.replace(':', '')}]*")
_NMTOKEN = re.compile(f"[{_CHAR}]+")
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
    s = text.strip(_WS)
    return bytes.fromhex(s) if _HEX.fullmatch(s) is not None else None


def lex_base64(text: str) -> bytes | None:
    s = _COLLAPSE.sub("", text)
    try:
        return base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return None


# -- element paths --------------------------------------------------------------------------


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def tag_counts(el: etree._Element) -> dict[str, int] | None:
    """How often each child element name occurs; None when none occurs twice (the common
    case, found without a Python loop)."""
    tags = [child.tag for child in el]
    if len(set(tags)) == len(tags):
        return None
    counts: dict[str, int] = {}
    for tag in tags:
        if isinstance(tag, str):
            counts[tag] = counts.get(tag, 0) + 1
    return counts


def child_path(
    prefix: str, name: str, tag: str, counts: dict[str, int] | None, seen: dict[str, int]
) -> str:
    """``prefix + name``, with ``[n]`` when the name occurs more than once among siblings."""
    if counts is not None and counts.get(tag, 0) > 1:
        n = seen[tag] = seen.get(tag, 0) + 1
        return f"{prefix}{name}[{n}]"
    return prefix + name


def _owner(prefix: str) -> str:
    return prefix[:-1] if prefix.endswith("/") else prefix


def _names(tags: Sequence[str]) -> str:
    shown = [local(t) for t in tags]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


# -- text, attributes and xsi ---------------------------------------------------------------


def stray_text(el: etree._Element, prefix: str, issues: list[Issue]) -> None:
    """Report character data in element-only content (called when some is present)."""
    texts = [el.text] + [c.tail for c in el]
    text = "".join(t for t in texts if t).strip(_WS)
    issues.append(
        Issue(
            _owner(prefix),
            "type",
            f"text {show(text)} is not allowed in {local(str(el.tag))}: it holds elements only",
            text,
        )
    )


def has_stray_text(el: etree._Element) -> bool:
    if el.text is not None and el.text.strip(_WS):
        return True
    for child in el:
        tail = child.tail
        if tail is not None and tail.strip(_WS):
            return True
    return False


def _xsi_type_matches(el: etree._Element, value: str, type_name: str) -> bool:
    prefix, colon, name = collapse(value).rpartition(":")
    namespace = el.nsmap.get(prefix or None) if (colon or None in el.nsmap) else None
    return ("{" + namespace + "}" + name if namespace else name) == type_name


def xsi_attribute(
    el: etree._Element, name: str, value: str, path: str, issues: list[Issue], type_name: str
) -> bool:
    """Check one ``xsi:`` attribute; True when it is ``xsi:nil="true"``."""
    if name in _XSI_FREE:
        return False
    if name == XSI_NIL:
        nil = lex_boolean(value)
        if nil is None:
            issues.append(Issue(path + "/@nil", "type", f"xsi:nil {show(value)} is not a boolean"))
            return False
        if nil:
            issues.append(
                Issue(path, "nillable", f"{local(str(el.tag))} is not nillable (xsi:nil given)")
            )
        return nil
    if name == XSI_TYPE:
        if not _xsi_type_matches(el, value, type_name):
            issues.append(
                Issue(
                    path,
                    "type",
                    f"xsi:type {show(value)} is not the declared type {local(type_name)}",
                    value,
                )
            )
        return False
    issues.append(
        Issue(path + "/@" + local(name), "type", f"attribute xsi:{local(name)} is unknown")
    )
    return False


def other_attributes(
    el: etree._Element,
    known: frozenset[str],
    path: str,
    issues: list[Issue],
    type_name: str,
    any_attribute: bool | tuple[str, frozenset[str]] = False,
) -> bool:
    """Report attributes that are not declared (nor admitted by ``any_attribute``, the
    namespace rule of xs:anyAttribute); True when the element is ``xsi:nil``."""
    nil = False
    for name, value in el.attrib.items():
        if name in known:
            continue
        if name.startswith(_XSI_PREFIX):
            nil = xsi_attribute(el, name, value, path, issues, type_name) or nil
        elif not _admitted(any_attribute, name):
            issues.append(
                Issue(
                    f"{path}/@{local(name)}",
                    "type",
                    f"attribute {local(name)} is not allowed on {local(str(el.tag))}",
                    value,
                )
            )
    return nil


def _admitted(rule: bool | tuple[str, frozenset[str]], name: str) -> bool:
    """An undeclared attribute ``name`` (Clark) is admitted by an xs:anyAttribute ``rule``."""
    if isinstance(rule, bool):
        return rule
    kind, namespaces = rule
    namespace = name[1:].partition("}")[0] if name.startswith("{") else ""
    if kind == "any":
        return True
    return (namespace not in namespaces) if kind == "other" else (namespace in namespaces)


def nil_element(el: etree._Element, path: str, issues: list[Issue], type_name: str) -> bool:
    """For a nillable element: True when it is ``xsi:nil="true"`` (then it must be empty)."""
    value = el.get(XSI_NIL)
    if value is None or not lex_boolean(value):
        return False
    if el.text or any(isinstance(c.tag, str) or c.tail for c in el):
        issues.append(
            Issue(path, "nillable", f'{local(str(el.tag))} has xsi:nil="true" but is not empty')
        )
    for name, other in el.attrib.items():
        if name != XSI_NIL and name.startswith(_XSI_PREFIX):
            xsi_attribute(el, name, other, path, issues, type_name)
    return True


def leaf_text(el: etree._Element, path: str, issues: list[Issue], type_name: str) -> str | None:
    """The text of a simple-typed element; None when it cannot be checked further.

    Attributes other than ``xsi:`` ones, and child elements, are reported as ``type`` issues.
    """
    if el.attrib and other_attributes(el, frozenset(), path, issues, type_name):
        return None
    if not len(el):
        return el.text or ""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            issues.append(
                Issue(
                    f"{path}/{local(child.tag)}",
                    "type",
                    f"element {local(child.tag)} is not allowed in {local(str(el.tag))}: "
                    "it holds a simple value",
                )
            )
            return None
        parts.append(child.tail or "")
    return "".join(parts)


def leaf(
    el: etree._Element,
    path: str,
    issues: list[Issue],
    type_name: str,
    check: Callable[[str, str, list[Issue]], None],
) -> None:
    """A simple-typed element: its text checked by ``check`` (a generated text checker)."""
    text = leaf_text(el, path, issues, type_name)
    if text is not None:
        check(text, path, issues)


def simple_text(el: etree._Element, path: str, issues: list[Issue]) -> str | None:
    """The text of an element with simple content (attributes are checked by the caller)."""
    if not len(el):
        return el.text or ""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            issues.append(
                Issue(
                    f"{path}/{local(child.tag)}",
                    "type",
                    f"element {local(child.tag)} is not allowed in {local(str(el.tag))}: "
                    "it holds a simple value",
                )
            )
            return None
        parts.append(child.tail or "")
    return "".join(parts)


def accepts(check: Callable[[str, str, list[Issue]], None], text: str) -> bool:
    """True when ``check`` (a generated text checker) finds nothing wrong with ``text``."""
    found: list[Issue] = []
    check(text, "", found)
    return not found


def no_children(el: etree._Element, prefix: str, issues: list[Issue]) -> None:
    """Empty content: report any child element or text."""
    for child in el:
        if isinstance(child.tag, str):
            issues.append(
                Issue(
                    prefix + local(child.tag),
                    "type",
                    f"element {local(child.tag)} is not allowed: {local(str(el.tag))} is empty",
                )
            )
    if el.text or any(c.tail for c in el):  # even whitespace: libxml2 allows none
        text = "".join(t for t in [el.text, *(c.tail for c in el)] if t)
        issues.append(
            Issue(
                _owner(prefix),
                "type",
                f"text {show(text)} is not allowed: {local(str(el.tag))} is empty",
                text,
            )
        )


# -- content models -------------------------------------------------------------------------
#
# A content model is a deterministic automaton: ``table[state]`` maps a child's Clark name to
# the next state; state 0 is the start. The generated walkers follow it; these functions only
# explain a mismatch and choose a state to continue from, so every issue in the element is
# reported rather than only the first.

Table = Sequence[Mapping[str, int]]


def _accepts(table: Table, state: int, goal: str | frozenset[int]) -> bool:
    """``state`` accepts the child ``goal`` (a name) or is one of the states ``goal``."""
    return goal in table[state] if isinstance(goal, str) else state in goal


def _shortest(table: Table, start: int, goal: str | frozenset[int]) -> tuple[list[str], int | None]:
    """First names on the shortest paths from ``start`` to a state accepting ``goal`` (a
    name), or to a final state (``goal`` a frozenset of states); and the state reached."""
    layer: dict[int, set[str]] = {}
    for name, nxt in table[start].items():
        layer.setdefault(nxt, set()).add(name)
    visited = {start}
    while layer:
        hits = sorted(state for state in layer if _accepts(table, state, goal))
        if hits:
            firsts: set[str] = set()
            for state in hits:
                firsts |= layer[state]
            reached = table[hits[0]][goal] if isinstance(goal, str) else hits[0]
            return sorted(firsts), reached
        visited |= set(layer)
        following: dict[int, set[str]] = {}
        for state, firsts in layer.items():
            for nxt in table[state].values():
                if nxt not in visited:
                    following.setdefault(nxt, set()).update(firsts)
        layer = following
    return [], None


def unexpected(
    el: etree._Element,
    child: etree._Element,
    state: int,
    table: Table,
    exclusive: Mapping[str, frozenset[str]],
    prefix: str,
    path: str,
    issues: list[Issue],
) -> int:
    """Explain why ``child`` cannot come next; return the state to continue from."""
    tag = str(child.tag)
    name = local(tag)
    owner = local(str(el.tag))
    known = set().union(*(row.keys() for row in table))
    if tag not in known:
        allowed = sorted(table[state])
        hint = f"; expected {_names(allowed)}" if allowed else ""
        issues.append(Issue(path, "type", f"element {tag} is not allowed in {owner}{hint}"))
        return state
    siblings = [c for c in el if isinstance(c.tag, str)]
    position = siblings.index(child)
    missing, reached = _shortest(table, state, tag)
    if missing and reached is not None:
        later = {str(c.tag) for c in siblings[position + 1 :]}
        if len(missing) == 1 and missing[0] in later:
            issues.append(
                Issue(
                    path, "type", f"{name} is out of order: {local(missing[0])} must come before it"
                )
            )
        elif len(missing) == 1:
            issues.append(
                Issue(
                    prefix + local(missing[0]),
                    "required",
                    f"{local(missing[0])} is required (before {name})",
                )
            )
        else:
            issues.append(
                Issue(
                    _owner(prefix), "choice", f"one of {_names(missing)} is required before {name}"
                )
            )
        return reached
    before = {str(c.tag) for c in siblings[:position]}
    rivals = sorted(exclusive.get(tag, frozenset()) & before)
    if rivals:
        issues.append(
            Issue(
                path,
                "choice",
                f"{name} cannot be combined with {', '.join(local(r) for r in rivals)}: "
                f"they are alternatives of a choice in {owner}",
            )
        )
    elif tag in before:
        issues.append(Issue(path, "maxOccurs", f"{name} occurs more often than {owner} allows"))
    else:
        allowed = sorted(table[state])
        hint = f"; expected {_names(allowed)}" if allowed else f"; nothing may follow in {owner}"
        issues.append(Issue(path, "type", f"{name} is out of order{hint}"))
    return state


def incomplete(
    el: etree._Element,
    state: int,
    table: Table,
    finals: frozenset[int],
    prefix: str,
    issues: list[Issue],
) -> None:
    """The content ended in a non-final state: report what is missing."""
    missing, _ = _shortest(table, state, finals)
    if len(missing) == 1:
        issues.append(
            Issue(prefix + local(missing[0]), "required", f"{local(missing[0])} is required")
        )
    elif missing:
        issues.append(Issue(_owner(prefix), "choice", f"one of {_names(missing)} is required"))


Wildcard = tuple[tuple[str, frozenset[str]], int, str]


def wild_next(rules: Sequence[Wildcard], tag: str) -> tuple[int | None, str | None]:
    """(next state, processContents) of the first wildcard accepting ``tag``, else (None, None)."""
    namespace = tag[1:].partition("}")[0] if tag.startswith("{") else ""
    for (kind, namespaces), state, process in rules:
        if kind == "any":
            ok = True
        elif kind == "other":
            ok = namespace not in namespaces
        else:
            ok = namespace in namespaces
        if ok:
            return state, process
    return None, None


def wildcard_child(
    child: etree._Element,
    path: str,
    process: str,
    issues: list[Issue],
    element: Callable[[etree._Element, str, list[Issue]], bool],
) -> None:
    """An element matched by xs:any: validated when declared (strict requires a declaration)."""
    if process == "skip":
        return
    if not element(child, path, issues) and process == "strict":
        issues.append(
            Issue(
                path,
                "type",
                f"element {child.tag!s} has no declaration in this contract (strict xs:any)",
            )
        )


Counted = Mapping[int, tuple[int, int | None, str]]
ElementCheck = Callable[[etree._Element, str, list[Issue]], bool]


def sequence(
    el: etree._Element,
    prefix: str,
    issues: list[Issue],
    table: Table,
    finals: frozenset[int],
    exclusive: Mapping[str, frozenset[str]],
    counted: Counted | None = None,
    wild: Mapping[int, Sequence[Wildcard]] | None = None,
    element: ElementCheck | None = None,
) -> Iterator[tuple[etree._Element, str, str]]:
    """Follow a sequence/choice content model over the children of ``el``.

    Yields (child, Clark name, path) for every child element, for the caller to check by
    name; reports text in element-only content, misplaced, missing, repeated and unknown
    elements on the way (continuing after each), and checks wildcard matches itself.
    """
    text = el.text
    stray = text is not None and text.strip(_WS) != ""
    counts = tag_counts(el)
    seen: dict[str, int] = {}
    state = 0
    count = 0
    for child in el:
        tail = child.tail
        if tail is not None and not stray and tail.strip(_WS):
            stray = True
        tag = child.tag
        if not isinstance(tag, str):
            continue
        path = child_path(prefix, tag.rpartition("}")[2], tag, counts, seen)
        nxt = table[state].get(tag)
        process = None
        if nxt is None and wild is not None and state in wild:
            nxt, process = wild_next(wild[state], tag)
        if nxt is None:
            state = unexpected(el, child, state, table, exclusive, prefix, path, issues)
        elif counted is not None and nxt == state and state in counted:
            count += 1
            maximum = counted[state][1]
            if maximum is not None and count > maximum:
                too_many(path, local(tag), maximum, issues)
        else:
            if counted is not None and state in counted and count < counted[state][0]:
                too_few(counted[state][2], count, counted[state][0], prefix, issues)
            state, count = nxt, 1
        if process is not None:
            if element is not None:
                wildcard_child(child, path, process, issues, element)
            continue
        yield child, tag, path
    if stray:
        stray_text(el, prefix, issues)
    if state not in finals:
        incomplete(el, state, table, finals, prefix, issues)
    elif counted is not None and state in counted and count < counted[state][0]:
        too_few(counted[state][2], count, counted[state][0], prefix, issues)


def all_group(
    el: etree._Element,
    prefix: str,
    issues: list[Issue],
    members: frozenset[str],
    required: Sequence[tuple[str, str]],
    optional: bool = False,
) -> Iterator[tuple[etree._Element, str, str]]:
    """Like `sequence`, for an xs:all group: any order, each member at most once."""
    if has_stray_text(el):
        stray_text(el, prefix, issues)
    counts = tag_counts(el)
    seen: dict[str, int] = {}
    present: set[str] = set()
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        path = child_path(prefix, local(tag), tag, counts, seen)
        if tag not in members:
            issues.append(
                Issue(path, "type", f"element {tag} is not allowed in {local(str(el.tag))}")
            )
            continue
        if tag in present:
            issues.append(Issue(path, "maxOccurs", f"{local(tag)} may occur only once"))
        present.add(tag)
        yield child, tag, path
    if present or not optional:
        for tag, name in required:
            if tag not in present:
                issues.append(Issue(prefix + name, "required", f"{name} is required"))


def missing(path: str, issues: list[Issue]) -> None:
    """A required element (or attribute) that is absent: None in a required model field."""
    name = path.rpartition("/")[2]
    issues.append(Issue(path, "required", f"{name} is required"))


def type_issue(
    value: object, path: str, issues: list[Issue], expected: str, sensitive: bool = False
) -> None:
    """A model field holding a value of the wrong Python type."""
    issues.append(
        Issue(path, "type", f"expected {expected}, got {type(value).__name__}", value, sensitive)
    )


def enum_issue(
    value: object,
    path: str,
    issues: list[Issue],
    enum: str,
    values: Sequence[object],
    message: str,
    sensitive: bool = False,
) -> None:
    """An enum field holding something else: a plain value of the enumeration (write the
    member instead), or a value outside it (``message``)."""
    if isinstance(value, (str, int)) and value in values:
        shown = show_cpr(value) if sensitive else show(value)
        issues.append(
            Issue(
                path,
                "type",
                f"expected a {enum} member, got {type(value).__name__} {shown}",
                value,
                sensitive,
            )
        )
    else:
        issues.append(Issue(path, "enumeration", message, value, sensitive))


def chars_issue(value: str, path: str, issues: list[Issue], sensitive: bool = False) -> None:
    """Report a character XML 1.0 cannot carry (called when ``value`` is not printable)."""
    bad = bad_char(value)
    if bad is not None:
        shown = show_cpr(value) if sensitive else show(value)
        issues.append(
            Issue(
                path, "type", f"{shown} holds {bad}, which XML 1.0 cannot carry", value, sensitive
            )
        )


def too_few(name: str, count: int, minimum: int, prefix: str, issues: list[Issue]) -> None:
    issues.append(
        Issue(
            prefix + name,
            "required",
            f"{name} occurs {count} time(s); at least {minimum} are required",
        )
    )


def too_many(path: str, name: str, maximum: int, issues: list[Issue]) -> None:
    issues.append(Issue(path, "maxOccurs", f"{name} may occur at most {maximum} time(s)"))


# -- lxml's XMLSchema ------------------------------------------------------------------------

_FACET = re.compile(r"\[facet '([A-Za-z]+)'\]")
_STEP = re.compile(r"(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)(\[\d+\])?")
_QUOTED = re.compile(r"'([^'{}\[\]()|]*[0-9][^'{}\[\]()|]*)'")


def _xsd_path(path: str | None) -> str:
    steps = []
    for step in (path or "").strip("/").split("/"):
        m = _STEP.fullmatch(step)
        steps.append(m.group(1) + (m.group(2) or "") if m else step)
    return "/".join(s for s in steps if s)


def _xsd_code(message: str) -> str:
    m = _FACET.search(message)
    if m is not None:
        return m.group(1)
    if "Missing child element" in message:
        return "required"
    if "is not nillable" in message or "xsi:nil" in message:
        return "nillable"
    if "fixed value" in message:
        return "fixed"
    return "type"


def xsd_issues(log: etree._ListErrorLog) -> list[Issue]:
    """libxml2's schema errors as issues (paths in the SDK's form, CPR values masked)."""
    issues: list[Issue] = []
    for error in log:
        path = _xsd_path(error.path)
        message = error.message
        if "cpr" in path.rpartition("/")[2].lower():
            message = _QUOTED.sub(lambda q: "'" + mask_cpr(q.group(1)) + "'", message)
        issues.append(Issue(path, _xsd_code(message), mask(message)))
    return issues


# -- documents ------------------------------------------------------------------------------


def message_element(root: etree._Element, issues: list[Issue]) -> etree._Element | None:
    """The message inside a SOAP 1.1 envelope (the Body's only element), or ``root`` itself.

    The envelope must hold an optional Header and one Body, in that order; a SOAP 1.2
    envelope is an issue (the service speaks SOAP 1.1).
    """
    if root.tag == "{" + SOAP12_ENV + "}Envelope":
        issues.append(
            Issue("Envelope", "type", "a SOAP 1.2 envelope; this service speaks SOAP 1.1")
        )
        return None
    if root.tag != "{" + SOAP11_ENV + "}Envelope":
        return root
    parts = [c for c in root if isinstance(c.tag, str)]
    tags = [c.tag for c in parts]
    if tags not in (
        ["{" + SOAP11_ENV + "}Body"],
        ["{" + SOAP11_ENV + "}Header", "{" + SOAP11_ENV + "}Body"],
    ):
        if "{" + SOAP11_ENV + "}Body" not in tags:
            issues.append(Issue("Envelope", "required", "the SOAP envelope has no Body"))
        else:
            names = ", ".join(local(str(t)) for t in tags)
            issues.append(
                Issue(
                    "Envelope",
                    "type",
                    f"the SOAP envelope must hold [Header,] Body; it holds {names}",
                )
            )
        return None
    body = parts[-1]
    elements = [c for c in body if isinstance(c.tag, str)]
    if len(elements) != 1:
        issues.append(
            Issue(
                "Envelope/Body",
                "type",
                f"the SOAP Body holds {len(elements)} elements; exactly one message is expected",
            )
        )
        return None
    return elements[0]
