"""XSD built-in types → Python annotation, and the runtime functions that read and write them.

`Lexical.read` and `Lexical.write` are code templates: ``{}`` is replaced by the expression of
the text (when reading) or of the value (when writing). The functions they call live in the
SDK's ``_runtime/lexical.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.ir import QName

# Whitespace handling when reading (XSD's whiteSpace facet of the built-in).
_PRESERVE = {"string"}
_REPLACE = {"normalizedString"}

_STRINGS = {
    "string", "normalizedString", "token", "language", "Name", "NCName", "ID", "IDREF",
    "IDREFS", "ENTITY", "ENTITIES", "NMTOKEN", "NMTOKENS", "anyURI", "QName", "NOTATION",
    "duration", "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay", "anySimpleType", "anyType",
}  # fmt: skip

_INTEGERS = {
    "integer": "parse_integer",
    "long": "parse_long",
    "int": "parse_int",
    "short": "parse_short",
    "byte": "parse_byte",
    "nonNegativeInteger": "parse_non_negative_integer",
    "positiveInteger": "parse_positive_integer",
    "nonPositiveInteger": "parse_non_positive_integer",
    "negativeInteger": "parse_negative_integer",
    "unsignedLong": "parse_unsigned_long",
    "unsignedInt": "parse_unsigned_int",
    "unsignedShort": "parse_unsigned_short",
    "unsignedByte": "parse_unsigned_byte",
}


@dataclass(frozen=True)
class Lexical:
    """How one built-in type is annotated, read and written in generated code."""

    python: str  # annotation: "str", "int", "Decimal", "datetime.date", …
    read: str  # "parse_int({})"; "{}" for text kept as is
    write: str  # "format_decimal({})"; "{}" for a str value
    escape: bool = False  # the written text may hold markup characters

    def read_code(self, text: str) -> str:
        return self.read.format(text)

    def write_code(self, value: str) -> str:
        return self.write.format(value)


def is_string(builtin: QName) -> bool:
    return builtin.name in _STRINGS


def is_integer(builtin: QName) -> bool:
    return builtin.name in _INTEGERS


def lexical(builtin: QName) -> Lexical:
    """The mapping of an XSD built-in (by local name; all live in the XSD namespace)."""
    name = builtin.name
    if name in _STRINGS:
        if name in _PRESERVE:
            return Lexical("str", "{}", "{}", escape=True)
        if name in _REPLACE:
            return Lexical("str", "replace_ws({})", "{}", escape=True)
        return Lexical("str", "collapse({})", "{}", escape=True)
    if name in _INTEGERS:
        return Lexical("int", f"{_INTEGERS[name]}({{}})", "str({})")
    simple = {
        "boolean": ("bool", "parse_bool", "format_bool"),
        "decimal": ("Decimal", "parse_decimal", "format_decimal"),
        "float": ("float", "parse_double", "format_double"),
        "double": ("float", "parse_double", "format_double"),
        "date": ("datetime.date", "parse_date", "DATE_TEXT[{}]"),
        "dateTime": ("datetime.datetime", "parse_datetime", ""),
        "time": ("datetime.time", "parse_time", ""),
        "base64Binary": ("bytes", "parse_base64", "format_base64"),
        "hexBinary": ("bytes", "parse_hex", "format_hex"),
    }
    if name in simple:
        python, reader, writer = simple[name]
        # Times are written with isoformat() directly: it is XSD's lexical form; dates through
        # the runtime's DATE_TEXT table (a lookup, no call).
        if "{}" not in writer:
            writer = f"{writer}({{}})" if writer else "{}.isoformat()"
        return Lexical(python, f"{reader}({{}})", writer)
    # An unknown built-in (XSD 1.1 types such as dateTimeStamp): keep the text.
    return Lexical("str", "collapse({})", "{}", escape=True)
