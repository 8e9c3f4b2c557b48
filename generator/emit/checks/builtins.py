"""The XSD built-in types as the generated validator handles them: the Python type test,
the lexer of the XML text and the written form (`builtin_info`), and the integer ranges
(`INTEGER_RANGES`, shared with `generator.samples`)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.emit.pycode import All, Code, Cond, Expr, conjunction

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
    lexer: Code | None  # XML side: parsing ``{text}`` into the value (None when invalid)
    obj_lex: Code | None  # object side: the written lexical form of ``{v}``

    @property
    def label(self) -> str:
        return f"xs:{self.name}"


DECIMAL = frozenset({"Decimal"})
DATETIME = frozenset({"datetime"})
OFFSET_OK = Expr("datetime_offset_ok(v)", uses=frozenset({"datetime_offset_ok"}))


def _lexer(function: str, *arguments: str) -> Code:
    """A call of the runtime's lexer ``function`` on ``{text}`` (after ``arguments``)."""
    return Code(f"{function}({', '.join([*arguments, '{text}'])})", frozenset({function}))


def builtin_info(name: str) -> Builtin:
    if name in INTEGER_RANGES:
        return Builtin(
            name, "integer", exact_type("int"), "int", _lexer("lex_integer"), Code("str({v})")
        )
    if name == "decimal":
        return Builtin(
            name,
            "decimal",
            conjunction(Expr("isinstance(v, Decimal)", uses=DECIMAL), Expr("v.is_finite()")),
            "a finite Decimal",
            _lexer("lex_decimal"),
            Code("decimal_text({v})", frozenset({"decimal_text"})),
        )
    if name in ("float", "double"):
        return Builtin(name, "double", exact_type("float"), "float", _lexer("lex_double"), None)
    if name == "boolean":
        return Builtin(
            name,
            "boolean",
            exact_type("bool"),
            "bool",
            _lexer("lex_boolean"),
            Code('("true" if {v} else "false")'),
        )
    if name == "date":
        return Builtin(
            name,
            "date",
            conjunction(
                Expr("isinstance(v, datetime.date)", uses=DATETIME),
                Expr("isinstance(v, datetime.datetime)", True, DATETIME),
            ),
            "datetime.date",
            _lexer("lex_date"),
            Code("{v}.isoformat()"),
        )
    if name == "dateTime":
        return Builtin(
            name,
            "dateTime",
            conjunction(Expr("isinstance(v, datetime.datetime)", uses=DATETIME), OFFSET_OK),
            "datetime.datetime (UTC offset in whole minutes, at most 14 hours)",
            _lexer("lex_datetime"),
            Code("{v}.isoformat()"),
        )
    if name == "time":
        return Builtin(
            name,
            "time",
            conjunction(Expr("isinstance(v, datetime.time)", uses=DATETIME), OFFSET_OK),
            "datetime.time",
            _lexer("lex_time"),
            Code("{v}.isoformat()"),
        )
    if name in ("base64Binary", "hexBinary"):
        lexer = _lexer("lex_base64") if name == "base64Binary" else _lexer("lex_hex")
        return Builtin(name, "binary", isinstance_of("bytes"), "bytes", lexer, None)
    if name in _GREGORIAN:
        return Builtin(
            name,
            "gregorian",
            STR_TEST,
            "str",
            _lexer("lex_gregorian", f'"{name}"'),
            None,
        )
    if name == "duration":
        return Builtin(name, "duration", STR_TEST, "str", _lexer("lex_duration"), None)
    if name in _NAMES:
        kind = name if name in ("Name", "NMTOKEN", "language", "QName") else "NCName"
        kind = "QName" if name == "NOTATION" else kind
        return Builtin(name, "name", STR_TEST, "str", _lexer("lex_name", f'"{kind}"'), None)
    # string, normalizedString, token, anyURI, anySimpleType and unknown (XSD 1.1) built-ins
    return Builtin(name, "string", STR_TEST, "str", None, None)


def exact_type(python_type: str, uses: frozenset[str] = frozenset()) -> All:
    """``type(v) is X``: exactly that type (no subclasses, and not None)."""
    return conjunction(Cond("type(v)", "is", python_type, uses))


def isinstance_of(python_type: str) -> All:
    return conjunction(Expr(f"isinstance(v, {python_type})"))


STR_TEST = isinstance_of("str")
