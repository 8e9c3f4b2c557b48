"""XSD built-in types → Python annotation, and the runtime functions that read and write them.

`Lexical.read` and `Lexical.write` are code templates: ``{}`` is replaced by the expression of
the text (when reading) or of the value (when writing). The names they use from the SDK's
``_runtime/lexical.py`` are recorded beside them (`Lexical.uses`), and so are the modules the
annotation needs, so a generated module imports what its plan used.
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
    read_uses: tuple[str, ...] = ()  # runtime names ``read`` calls
    write_uses: tuple[str, ...] = ()  # runtime names ``write`` uses
    python_uses: tuple[str, ...] = ()  # what the annotation names: "datetime", "Decimal"

    def read_code(self, text: str) -> str:
        return self.read.format(text)

    def write_code(self, value: str) -> str:
        return self.write.format(value)


def is_string(builtin: QName) -> bool:
    return builtin.name in _STRINGS


def is_integer(builtin: QName) -> bool:
    return builtin.name in _INTEGERS


#: Built-ins read through a runtime table that remembers values by text (lexical.py).
_REMEMBERED = {"date": "DATE_VALUE", "dateTime": "DATETIME_VALUE", "decimal": "DECIMAL_VALUE"}


def lexical(builtin: QName) -> Lexical:
    """The mapping of an XSD built-in (by local name; all live in the XSD namespace)."""
    name = builtin.name
    if name in _STRINGS:
        if name in _PRESERVE:
            return Lexical("str", "{}", "{}", escape=True)
        if name in _REPLACE:
            return Lexical("str", "replace_ws({})", "{}", True, ("replace_ws",))
        return Lexical("str", "collapse({})", "{}", True, ("collapse",))
    if name in _INTEGERS:
        return Lexical("int", f"{_INTEGERS[name]}({{}})", "str({})", False, (_INTEGERS[name],))
    # (annotation, the module it names, reader, writer, writer's runtime name). Times are
    # written with isoformat() directly: it is XSD's lexical form; dates through the runtime's
    # DATE_TEXT table (a lookup, no call).
    simple = {
        "boolean": ("bool", None, "parse_bool", "format_bool({})", "format_bool"),
        "decimal": ("Decimal", "Decimal", "parse_decimal", "format_decimal({})", "format_decimal"),
        "float": ("float", None, "parse_double", "format_double({})", "format_double"),
        "double": ("float", None, "parse_double", "format_double({})", "format_double"),
        "date": ("datetime.date", "datetime", "parse_date", "DATE_TEXT[{}]", "DATE_TEXT"),
        "dateTime": ("datetime.datetime", "datetime", "parse_datetime", "{}.isoformat()", None),
        "time": ("datetime.time", "datetime", "parse_time", "{}.isoformat()", None),
        "base64Binary": ("bytes", None, "parse_base64", "format_base64({})", "format_base64"),
        "hexBinary": ("bytes", None, "parse_hex", "format_hex({})", "format_hex"),
    }
    if name in simple:
        python, module, reader, writer, writer_name = simple[name]
        # dates, dateTimes and decimals through the runtime's tables of values by text
        table = _REMEMBERED.get(name)
        return Lexical(
            python,
            f"{table}[{{}}]" if table else f"{reader}({{}})",
            writer,
            read_uses=(table or reader,),
            write_uses=(writer_name,) if writer_name else (),
            python_uses=(module,) if module else (),
        )
    # An unknown built-in (XSD 1.1 types such as dateTimeStamp): keep the text.
    return Lexical("str", "collapse({})", "{}", True, ("collapse",))
