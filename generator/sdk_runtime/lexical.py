"""XSD lexical forms ↔ Python values, for the generated ``xml`` modules.

Readers take the element or attribute text as lxml gives it and return the Python value, or
raise ``ValueError`` with a short message (the generated code adds the element path).
They accept exactly the XSD 1.0 lexical space: ``int("٣")``, ``Decimal("1E3")`` or
``date.fromisoformat("20200101")`` would accept more, so each is guarded. Whitespace is
collapsed as XSD does for every non-string type.

Writers return the canonical-enough lexical form: ``true``/``false``, decimals without
exponent, dates and times in ISO 8601 (``isoformat()``, which is XSD's form).
``escape_text``/``escape_attr`` make strings safe for element content and double-quoted
attribute values and reject characters XML 1.0 cannot carry.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import Enum
from typing import Any, Self, TypeVar

_XML_SPACE = " \t\n\r"
K = TypeVar("K")
V = TypeVar("V")


class LazyPattern:
    """A regular expression compiled at its first use, for the few whose compilation is slow
    (large Unicode classes: 5-15 ms each, most of an SDK's import time) and rarely needed.

    The first call compiles and puts the pattern's own bound methods into the instance
    ``__dict__``, where they shadow these methods: later calls cost what a compiled
    pattern's do. Two threads compiling at once both store the same result.
    """

    def __init__(self, source: str) -> None:
        self.source = source

    def _compile(self) -> re.Pattern[str]:
        pattern = re.compile(self.source)
        self.__dict__.update(fullmatch=pattern.fullmatch, search=pattern.search)
        return pattern

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self._compile().fullmatch(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self._compile().search(text)


# -- strings -------------------------------------------------------------------------------

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_COLLAPSE = re.compile("[ \t\n\r]+")


def escape_text(value: str) -> str:
    """``value`` as element content."""
    # Fast path: nearly every value has no markup character and only printable characters.
    if "&" not in value and "<" not in value and ">" not in value and value.isprintable():
        return value
    _check_chars(value)
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def escape_attr(value: str) -> str:
    """``value`` inside a double-quoted attribute (tab and newlines kept as references)."""
    if "&" not in value and "<" not in value and '"' not in value and value.isprintable():
        return value
    _check_chars(value)
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


def utf8_chars(text: str) -> str:
    """``text`` as the characters of its UTF-8 bytes (each below U+0100), so that
    ``utf8_chars(text).encode("latin-1") == text.encode()``; ASCII text is returned as is.
    Writers of a contract whose tags are all ASCII build the document this way: the final
    latin-1 encode is a copy, where UTF-8 encoding walks every character."""
    return text if text.isascii() else text.encode().decode("latin-1")


def utf8_chars_of(data: bytes) -> str:
    """UTF-8 ``data`` (kept xs:any content) as the characters of its bytes (see
    `utf8_chars`); UnicodeDecodeError unless it is UTF-8, as ``data.decode()``."""
    data.decode()
    return data.decode("latin-1")


def escape_text_utf8(value: str) -> str:
    """`escape_text` of ``value`` as the characters of its UTF-8 bytes (see `utf8_chars`)."""
    return utf8_chars(escape_text(value))


def escape_attr_utf8(value: str) -> str:
    """`escape_attr` of ``value`` as the characters of its UTF-8 bytes (see `utf8_chars`)."""
    return utf8_chars(escape_attr(value))


_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"


def format_other_attributes(attributes: Mapping[str, str]) -> str:
    """Attributes kept for xs:anyAttribute (Clark name → value) as XML, each namespace
    declared on the element itself (prefixes ``a1``, ``a2``, …)."""
    out: list[str] = []
    prefixes: dict[str, str] = {}
    for name, value in attributes.items():
        if name.startswith("{"):
            namespace, _, local = name[1:].partition("}")
            prefix = "xml" if namespace == _XML_NAMESPACE else prefixes.get(namespace)
            if prefix is None:
                prefix = prefixes[namespace] = f"a{len(prefixes) + 1}"
                out.append(f' xmlns:{prefix}="{escape_attr(namespace)}"')
            out.append(f' {prefix}:{local}="{escape_attr(value)}"')
        else:
            out.append(f' {name}="{escape_attr(value)}"')
    return "".join(out)


def _check_chars(value: str) -> None:
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        raise ValueError(f"character U+{ord(bad.group()):04X} cannot be written in XML 1.0")


def replace_ws(text: str) -> str:
    """xs:normalizedString: tab, newline and carriage return become spaces."""
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def collapse(text: str) -> str:
    """xs:token and its derivations: runs of whitespace become one space, ends trimmed."""
    if " " not in text and "\t" not in text and "\n" not in text and "\r" not in text:
        return text
    return _COLLAPSE.sub(" ", text).strip(" ")


# -- booleans --------------------------------------------------------------------------------


def parse_bool(text: str) -> bool:
    if text == "true" or text == "1":
        return True
    if text == "false" or text == "0":
        return False
    stripped = text.strip(_XML_SPACE)
    if stripped != text:
        return parse_bool(stripped)
    raise ValueError(f"{text!r} is not a boolean (true, false, 1 or 0)")


def format_bool(value: bool) -> str:
    return "true" if value else "false"


# -- integers --------------------------------------------------------------------------------

_INTEGER = re.compile(r"[+-]?[0-9]+")


def parse_integer(text: str) -> int:
    """xs:integer: any size."""
    if text.isdigit() and text.isascii():
        return int(text)
    stripped = text.strip(_XML_SPACE)
    if _INTEGER.fullmatch(stripped) is None:
        raise ValueError(f"{text!r} is not an integer")
    return int(stripped)


def _ranged(name: str, low: int | None, high: int | None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        # the fast path of parse_integer, without its call
        value = int(text) if text.isdigit() and text.isascii() else parse_integer(text)
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(f"{text!r} is out of the range of xs:{name}")
        return value

    parse.__name__ = f"parse_{name}"
    return parse


parse_long = _ranged("long", -(2**63), 2**63 - 1)
parse_int = _ranged("int", -(2**31), 2**31 - 1)
parse_short = _ranged("short", -(2**15), 2**15 - 1)
parse_byte = _ranged("byte", -(2**7), 2**7 - 1)
parse_non_negative_integer = _ranged("nonNegativeInteger", 0, None)
parse_positive_integer = _ranged("positiveInteger", 1, None)
parse_non_positive_integer = _ranged("nonPositiveInteger", None, 0)
parse_negative_integer = _ranged("negativeInteger", None, -1)
parse_unsigned_long = _ranged("unsignedLong", 0, 2**64 - 1)
parse_unsigned_int = _ranged("unsignedInt", 0, 2**32 - 1)
parse_unsigned_short = _ranged("unsignedShort", 0, 2**16 - 1)
parse_unsigned_byte = _ranged("unsignedByte", 0, 2**8 - 1)


# -- decimal and floating point --------------------------------------------------------------

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_PLAIN_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")  # what str() of a finite Decimal writes
DECIMAL_CHARS = "0123456789.-"
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN")


def parse_decimal(text: str) -> Decimal:
    # Fast path: ASCII digits with at most one point (no sign, no white space): what the
    # regex below accepts, without the regex ("." alone and "" leave isdigit() False).
    if text.replace(".", "", 1).isdigit() and text.isascii():
        return Decimal(text)
    stripped = text.strip(_XML_SPACE)
    if _DECIMAL.fullmatch(stripped) is None:
        raise ValueError(f"{text!r} is not a decimal (digits, one optional point, no exponent)")
    return Decimal(stripped)


def format_decimal(value: Decimal) -> str:
    return decimal_text(str(value))


def decimal_text(text: str) -> str:
    """``str()`` of a decimal made xs:decimal, or ValueError: the one place a decimal's text
    is checked before it is written.

    Writers put ``str(value)`` in place and run one check over all of a class's decimals
    (``DECIMAL_CHARS`` only); this is the slow path, for an exponent, Infinity or NaN, and for
    a value that is no Decimal at all (a str would otherwise be written as it is).
    """
    if _PLAIN_DECIMAL.fullmatch(text):
        return text
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise ValueError(f"{text!r} cannot be written as xs:decimal") from None
    if not value.is_finite():
        raise ValueError(f"{value} cannot be written as xs:decimal")
    return format(value, "f")


def parse_double(text: str) -> float:
    stripped = text.strip(_XML_SPACE)
    if _DOUBLE.fullmatch(stripped) is None:
        raise ValueError(f"{text!r} is not a floating-point number")
    return float(stripped.replace("INF", "inf"))


def format_double(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    return repr(value)


# -- dates and times -------------------------------------------------------------------------

_TZ = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_DATE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(" + _TZ + ")?")
_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:" + _TIME + r"|24:00:00(?:\.0+)?)(" + _TZ + ")?"
)
_TIME_RE = re.compile(r"(?:" + _TIME + r"|24:00:00(?:\.0+)?)(" + _TZ + ")?")


class ZonedDate(datetime.date):
    """An xs:date with its time zone (``2024-08-31+02:00``, ``2024-08-31Z``): a
    ``datetime.date`` that keeps the zone as written (``zone``), so that it is written back
    as read. XSD orders dates of different zones only partly: a zoned date is not equal to
    the plain date of the same day (nor to one of another zone)."""

    zone: str

    def __new__(cls, year: int, month: int, day: int, zone: str) -> Self:
        self = super().__new__(cls, year, month, day)
        self.zone = zone
        return self

    def isoformat(self) -> str:
        return super().isoformat() + self.zone

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"ZonedDate({self.year}, {self.month}, {self.day}, {self.zone!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ZonedDate):
            return self.zone == other.zone and super().__eq__(other)
        return False if isinstance(other, datetime.date) else NotImplemented

    def __hash__(self) -> int:
        return hash((self.year, self.month, self.day, self.zone))

    def __reduce__(self) -> tuple[type[ZonedDate], tuple[int, int, int, str]]:
        return ZonedDate, (self.year, self.month, self.day, self.zone)


def parse_date(text: str) -> datetime.date:
    """xs:date; with a time zone, a `ZonedDate` that keeps it."""
    # Fast path: exactly YYYY-MM-DD (fromisoformat then checks the digits and the calendar).
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii() and text[0] != "+":
        return datetime.date.fromisoformat(text)
    match = _DATE.fullmatch(text) or _DATE.fullmatch(text.strip(_XML_SPACE))
    if match is None:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD)")
    day = datetime.date.fromisoformat(match.group(1))
    if match.group(2) is None:
        return day
    return ZonedDate(day.year, day.month, day.day, match.group(2))


# Conversions that repeat (today, period boundaries, rates: within a message and between
# messages) are remembered, up to a bound: writers and readers subscript a table in place, a
# lookup where a call would check and build (``date.isoformat()`` formats through printf).
_MEMO_MAX, _MEMO_TEXT_MAX = 4096, 40


class _Memo(dict[K, V]):
    """``TABLE[key]`` is ``convert(key)``, remembered when ``keep(key, value)``. A key that
    does not convert raises as the conversion does, every time."""

    def __init__(self, convert: Callable[[K], V], keep: Callable[[K, V], bool]) -> None:
        super().__init__()
        self.convert, self.keep = convert, keep

    def __missing__(self, key: K) -> V:
        value = self.convert(key)
        if len(self) < _MEMO_MAX and self.keep(key, value):
            self[key] = value
        return value


def _plain(kept: type) -> Callable[[str, object], bool]:
    """Keep values of exactly ``kept`` (immutable, no subclass such as ``ZonedDate``) read
    from texts of a sane length."""
    return lambda text, value: type(value) is kept and len(text) <= _MEMO_TEXT_MAX


# A date's text; a subclass (a datetime: another text) is formatted by its own isoformat.
DATE_TEXT: _Memo[datetime.date, str] = _Memo(
    lambda value: value.isoformat(), lambda value, _: type(value) is datetime.date
)


def format_date(value: datetime.date) -> str:
    return DATE_TEXT[value]


def parse_datetime(text: str) -> datetime.datetime:
    """xs:dateTime, naive or with its timezone; 24:00:00 is midnight of the next day."""
    if _DATETIME.fullmatch(text) is None:
        stripped = text.strip(_XML_SPACE)
        if stripped == text or _DATETIME.fullmatch(stripped) is None:
            raise ValueError(f"{text!r} is not a dateTime (YYYY-MM-DDThh:mm:ss[.s][zone])")
        text = stripped
    if text[11:13] == "24":
        start = datetime.datetime.fromisoformat(text[:11] + "00" + text[13:])
        return start + datetime.timedelta(days=1)
    return datetime.datetime.fromisoformat(text)


# Readers look values up by their text.
DATE_VALUE = _Memo(parse_date, _plain(datetime.date))
DATETIME_VALUE = _Memo(parse_datetime, _plain(datetime.datetime))
DECIMAL_VALUE = _Memo(parse_decimal, _plain(Decimal))


def parse_time(text: str) -> datetime.time:
    stripped = text.strip(_XML_SPACE)
    if _TIME_RE.fullmatch(stripped) is None:
        raise ValueError(f"{text!r} is not a time (hh:mm:ss[.s][zone])")
    if stripped.startswith("24"):
        stripped = "00" + stripped[2:]
    return datetime.time.fromisoformat(stripped)


class Members(dict[Any, Any]):
    """Value → member of an enum, for readers: a dict lookup instead of ``Enum(value)``, which
    costs several times more. An unknown value raises ValueError as ``Enum(value)`` would."""

    def __init__(self, enum: type[Enum]) -> None:
        super().__init__((m.value, m) for m in enum)
        self.name = enum.__name__

    def __missing__(self, value: object) -> Any:
        known = ", ".join(str(v) for v in self)
        raise ValueError(f"{value!r} is not a valid {self.name} (one of {known})")


# -- binary ----------------------------------------------------------------------------------


def parse_base64(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except binascii.Error:
        raise ValueError("not valid base64") from None


def format_base64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def parse_hex(text: str) -> bytes:
    stripped = text.strip(_XML_SPACE)
    if " " in stripped:
        raise ValueError(f"{text!r} is not hexBinary")
    try:
        return bytes.fromhex(stripped)
    except ValueError:
        raise ValueError(f"{text!r} is not hexBinary") from None


def format_hex(value: bytes) -> str:
    return value.hex().upper()
