"""The XSD built-in types as the generated validator handles them: the Python type test,
the lexer of the XML text and the written form (`builtin_info`), and the integer ranges
(`INTEGER_RANGES`, shared with `generator.samples`)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.emit.pycode import All, Cond, Expr, conjunction

INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-(2**7), 2**7 - 1),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}
_NAMES = {"Name", "NCName", "ID", "IDREF", "ENTITY", "NMTOKEN", "language", "QName", "NOTATION"}
NAME_LISTS = {"NMTOKENS": "NMTOKEN", "IDREFS": "IDREF", "ENTITIES": "ENTITY"}
_GREGORIAN = {"gYear", "gYearMonth", "gMonthDay", "gDay", "gMonth"}
STRING_WHITESPACE = {
    "string": "preserve",
    "normalizedString": "replace",
}  # all other strings collapse


@dataclass(frozen=True)
class Builtin:
    """How the generated code handles values of one XSD built-in type."""

    name: str
    category: str  # string, name, integer, decimal, double, boolean, date, dateTime, time,
    #                gregorian, duration, hex, base64
    python: All  # object-side type test of ``v``
    python_label: str  # for messages
    lexer: str | None  # XML side: code parsing ``{text}`` into the value (None when invalid)
    obj_lex: str | None  # object side: code giving the written lexical form of ``{v}``

    @property
    def label(self) -> str:
        return f"xs:{self.name}"


def builtin_info(name: str) -> Builtin:
    if name in INTEGER_RANGES:
        return Builtin(name, "integer", exact_type("int"), "int", "lex_integer({text})", "str({v})")
    if name == "decimal":
        return Builtin(
            name,
            "decimal",
            conjunction(Expr("isinstance(v, Decimal)"), Expr("v.is_finite()")),
            "a finite Decimal",
            "lex_decimal({text})",
            "decimal_text({v})",
        )
    if name in ("float", "double"):
        return Builtin(name, "double", exact_type("float"), "float", "lex_double({text})", None)
    if name == "boolean":
        return Builtin(
            name,
            "boolean",
            exact_type("bool"),
            "bool",
            "lex_boolean({text})",
            '("true" if {v} else "false")',
        )
    if name == "date":
        return Builtin(
            name,
            "date",
            conjunction(
                Expr("isinstance(v, datetime.date)"), Expr("isinstance(v, datetime.datetime)", True)
            ),
            "datetime.date",
            "lex_date({text})",
            "{v}.isoformat()",
        )
    if name == "dateTime":
        return Builtin(
            name,
            "dateTime",
            conjunction(Expr("isinstance(v, datetime.datetime)"), Expr("datetime_offset_ok(v)")),
            "datetime.datetime (UTC offset in whole minutes, at most 14 hours)",
            "lex_datetime({text})",
            "{v}.isoformat()",
        )
    if name == "time":
        return Builtin(
            name,
            "time",
            conjunction(Expr("isinstance(v, datetime.time)"), Expr("datetime_offset_ok(v)")),
            "datetime.time",
            "lex_time({text})",
            "{v}.isoformat()",
        )
    if name in ("base64Binary", "hexBinary"):
        lexer = "lex_base64({text})" if name == "base64Binary" else "lex_hex({text})"
        return Builtin(name, "binary", isinstance_of("bytes"), "bytes", lexer, None)
    if name in _GREGORIAN:
        return Builtin(
            name,
            "gregorian",
            STR_TEST,
            "str",
            f'lex_gregorian("{name}", {{text}})',
            None,
        )
    if name == "duration":
        return Builtin(name, "duration", STR_TEST, "str", "lex_duration({text})", None)
    if name in _NAMES:
        kind = name if name in ("Name", "NMTOKEN", "language", "QName") else "NCName"
        kind = "QName" if name == "NOTATION" else kind
        return Builtin(name, "name", STR_TEST, "str", f'lex_name("{kind}", {{text}})', None)
    # string, normalizedString, token, anyURI, anySimpleType and unknown (XSD 1.1) built-ins
    return Builtin(name, "string", STR_TEST, "str", None, None)


def exact_type(python_type: str) -> All:
    """``type(v) is X``: exactly that type (no subclasses, and not None)."""
    return conjunction(Cond("type(v)", "is", python_type))


def isinstance_of(python_type: str) -> All:
    return conjunction(Expr(f"isinstance(v, {python_type})"))


STR_TEST = isinstance_of("str")
