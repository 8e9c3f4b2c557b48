"""Check plans for a version's ``validate.py``: every decision about the generated validator.

The generated validator has two entry points that must agree with the XSD (lxml's
``XMLSchema`` is the oracle):

* ``validate(obj)`` walks a model object. One function per class checks each field: presence
  and occurrence, the Python type, then the facets of the field's simple type, inlined as
  straight-line comparisons against module constants (compiled regexes, frozensets of
  enumeration values, bounds as literals).
* ``validate_xml(data)`` walks the parsed document. One function per complex type follows
  the content model as a deterministic automaton (built here, Glushkov construction over the
  particle tree, one state per element particle); one function per simple type checks the
  lexical form (libxml2's whitespace rules), then the same facet checks.

A `ValuePlan` holds the checks of one simple type, written once with placeholders and
printed for both sides (`Check.obj_cond`, `Check.xml_cond`, …). Templates only print.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from generator import ir
from generator.emit import naming, patterns
from generator.emit.pycode import All, Cond, Expr, conjunction, fstring, literal, regex
from generator.emit.views import ClassView, FieldView, VersionView
from generator.errors import ContractError
from generator.ir import QName

XS = ir.XS
MAX_POSITIONS = 2000  # element positions of one content model after unrolling bounded repeats
PATTERN_SHOWN = 40  # characters of a pattern quoted in a message
ENUM_SHOWN = 8  # enumeration values listed in a message

# -- the XSD built-ins ---------------------------------------------------------------------------

_INT_RANGES: dict[str, tuple[int | None, int | None]] = {
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
_NAME_LISTS = {"NMTOKENS": "NMTOKEN", "IDREFS": "IDREF", "ENTITIES": "ENTITY"}
_GREGORIAN = {"gYear", "gYearMonth", "gMonthDay", "gDay", "gMonth"}
_STRING_WS = {"string": "preserve", "normalizedString": "replace"}  # all other strings collapse


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
    if name in _INT_RANGES:
        return Builtin(name, "integer", _is("int"), "int", "lex_integer({text})", "str({v})")
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
        return Builtin(name, "double", _is("float"), "float", "lex_double({text})", None)
    if name == "boolean":
        return Builtin(
            name,
            "boolean",
            _is("bool"),
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
        return Builtin(name, "binary", _isinstance("bytes"), "bytes", lexer, None)
    if name in _GREGORIAN:
        return Builtin(
            name,
            "gregorian",
            _STR,
            "str",
            f'lex_gregorian("{name}", {{text}})',
            None,
        )
    if name == "duration":
        return Builtin(name, "duration", _STR, "str", "lex_duration({text})", None)
    if name in _NAMES:
        kind = name if name in ("Name", "NMTOKEN", "language", "QName") else "NCName"
        kind = "QName" if name == "NOTATION" else kind
        return Builtin(name, "name", _STR, "str", f'lex_name("{kind}", {{text}})', None)
    # string, normalizedString, token, anyURI, anySimpleType and unknown (XSD 1.1) built-ins
    return Builtin(name, "string", _STR, "str", None, None)


def _is(python_type: str) -> All:
    """``type(v) is X``: exactly that type (no subclasses, and not None)."""
    return conjunction(Cond("type(v)", "is", python_type))


def _isinstance(python_type: str) -> All:
    return conjunction(Expr(f"isinstance(v, {python_type})"))


_STR = _isinstance("str")


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _decimal(text: str, where: str, location: ir.Location | None) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise _error(f"{where}: {text!r} is not a number", location) from None
    if not value.is_finite():
        raise _error(f"{where}: {text!r} is not a finite number", location)
    return value


def _number_literal(value: Decimal, category: str) -> str:
    """A Python literal comparable with the value's Python type."""
    if category == "double":
        return repr(float(value))
    if value == value.to_integral_value():
        return str(int(value))
    return f'Decimal("{value}")'


def _error(message: str, location: ir.Location | None) -> ContractError:
    if location is None:
        return ContractError(message)
    return ContractError(message, location.file, location.line)


# -- value checks ------------------------------------------------------------------------------

_BOUND_CODES = frozenset({"minInclusive", "maxInclusive", "minExclusive", "maxExclusive"})


Part = str | tuple[str]  # message text, or a 1-tuple holding an expression with placeholders


@dataclass
class Check:
    """One facet check, written with placeholders that `ValuePlan.names` fills per side:
    ``{v}`` the value, ``{lex}`` the whitespace-normalised lexical form, ``{tv}`` a temporal
    value on the timeline, ``{val}`` the value shown and kept on the issue, ``{show}`` the
    display function (``show_cpr`` for CPR numbers)."""

    code: str
    cond: Cond  # true when the value fails the check
    parts: tuple[Part, ...]
    plan: ValuePlan

    def _cond(self, side: str) -> Cond:
        return self.cond.format(**self.plan.names(side))

    def _message(self, side: str) -> str:
        names = self.plan.names(side)
        return fstring(*[p if isinstance(p, str) else (p[0].format(**names),) for p in self.parts])

    @property
    def obj_cond(self) -> Cond:
        return self._cond("obj")

    @property
    def facet_cond(self) -> Cond:
        return self._cond("facets")

    @property
    def facet_message(self) -> str:
        return self._message("facets")

    @property
    def obj_ok(self) -> Cond:
        return self._cond("obj").negate()

    @property
    def xml_cond(self) -> Cond:
        return self._cond("xml")

    @property
    def obj_message(self) -> str:
        return self._message("obj")

    @property
    def xml_message(self) -> str:
        return self._message("xml")


@dataclass
class ValuePlan:
    """The checks of one simple type (named, anonymous or built-in)."""

    key: str  # identifier part of the generated function: _text_<key>
    type: QName
    label: str  # the type's name in messages
    builtin: Builtin
    whitespace: str  # XSD whiteSpace: preserve / replace / collapse (strings only matter)
    variety: str = "atomic"
    sensitive: bool = False  # CPR numbers: masked in messages
    enum_class: str | None = None  # models enum the field holds
    enum_lexicals: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    range: tuple[int | None, int | None] | None = None  # built-in integer range (code "type")
    digits: tuple[int | None, int | None] | None = None  # decimal (totalDigits, fractionDigits)
    temporal: bool = False  # order facets on a date/time value
    item: ValuePlan | None = None  # list item type
    members: list[ValuePlan] = field(default_factory=list)  # union member types
    constants: list[tuple[str, str]] = field(default_factory=list)
    needs_lex_obj: bool = False  # an object-side check needs the written lexical form
    chars_safe: bool = False  # a pattern admits only characters XML can carry
    bounds: list[tuple[str, Decimal]] = field(default_factory=list)  # numeric bound facets
    fast_decimal: list[Expr] = field(default_factory=list)  # decimal hot-path conditions

    @property
    def category(self) -> str:
        return self.builtin.category if self.variety == "atomic" else self.variety

    @property
    def is_string(self) -> bool:
        """Held as ``str`` in Python and checked as text (no lexical parsing)."""
        return self.category == "string"

    @property
    def via_text(self) -> bool:
        """The object side checks the ``str`` exactly as the XML text it is written as."""
        return self.category in ("name", "gregorian", "duration", "list", "union")

    @property
    def text_function(self) -> str:
        return f"_text_{self.key}"

    @property
    def show(self) -> str:
        return "show_cpr" if self.sensitive else "show"

    def names(self, side: str) -> dict[str, str]:
        if side == "facets":
            return {"v": "v", "lex": "lex", "tv": "v", "val": "val", "show": self.show}
        if side == "obj":
            lex = "v" if (self.is_string and self.whitespace == "preserve") else "lex"
            return {"v": "v", "lex": lex, "tv": "tv", "val": "v", "show": self.show}
        if self.category in ("string", "list", "union"):
            lex = "text" if (self.category == "string" and self.whitespace == "preserve") else "lex"
            return {"v": lex, "lex": lex, "tv": lex, "val": "text", "show": self.show}
        lex = "v" if self.category in ("name", "gregorian", "duration") else "lex"
        return {"v": "v", "lex": lex, "tv": "v", "val": "text", "show": self.show}

    # -- object side -------------------------------------------------------------------------

    @property
    def obj_test(self) -> All:
        """True when ``v`` has the Python type the field must hold."""
        if self.enum_class:
            return _isinstance(f"m.{self.enum_class}")
        if self.variety != "atomic":
            return _STR
        return self.builtin.python

    @property
    def fast_test(self) -> All:
        """Like `obj_test`, for the hot path only: the exact Python type (``type(v) is``, no
        subclasses), so it may reject a value `obj_test` accepts; the value function then
        decides with `obj_test`."""
        if self.enum_class:
            return _is(f"m.{self.enum_class}")
        if self.variety != "atomic":
            return _is("str")
        exact = {
            "date": _is("datetime.date"),
            "decimal": _is("Decimal") + conjunction(Expr("v.is_finite()")),
            "binary": _is("bytes"),
        }
        if self.category in exact:
            return exact[self.category]
        if self.builtin.python == _STR:
            return _is("str")
        return self.builtin.python

    @property
    def obj_bad(self) -> Cond | Expr:
        """True when ``v`` does not have the Python type the field must hold."""
        return self.obj_test.negate()

    @property
    def obj_function(self) -> str:
        return f"_value_{self.key}"

    @property
    def facets_function(self) -> str | None:
        """``_facets_<key>(v, lex, val, path, issues)``: the facet checks shared by both sides,
        given the value (a timeline value for dates), its normalised lexical form and the
        value to show; None when the type has no facets."""
        return f"_facets_{self.key}" if (self.checks or self.digits) else None

    @property
    def facets_value_type(self) -> str:
        return {
            "integer": "int",
            "decimal": "Decimal",
            "double": "float",
            "boolean": "bool",
            "date": "Temporal",
            "dateTime": "Temporal",
            "time": "Temporal",
            "binary": "bytes",
        }.get(self.category, "str")

    @property
    def obj_facets_call(self) -> str | None:
        if self.facets_function is None:
            return None
        value = "tv" if self.temporal else "v"
        lex = self.names("obj")["lex"] if (self.is_string or self.needs_lex_obj) else '""'
        return f"{self.facets_function}({value}, {lex}, v, path, issues)"

    @property
    def xml_facets_call(self) -> str | None:
        if self.facets_function is None:
            return None
        names = self.names("xml")
        if self.xml_parsed:
            lex = (
                names["lex"]
                if (self.xml_lex_line or self.category in ("name", "gregorian", "duration"))
                else '""'
            )
            return f"{self.facets_function}(v, {lex}, text, path, issues)"
        return f"{self.facets_function}({names['lex']}, {names['lex']}, text, path, issues)"

    @property
    def obj_accept(self) -> All | None:
        """True when ``v`` surely passes every check (the hot path, no call); None when the
        checks need statements (normalised text, timelines): then the function decides."""
        if self.via_text or self.obj_setup:
            return None
        accept = self.fast_test
        if self.builtin.category == "dateTime" or self.builtin.category == "time":
            kind = "datetime" if self.builtin.category == "dateTime" else "time"
            accept = _is(f"datetime.{kind}") + conjunction(
                Expr("(v.tzinfo is None or v.utcoffset() in OFFSETS)")
            )
        parts: list[Cond | Expr] = list(accept.parts)
        if self.is_string and not self.enum_class and not self.chars_safe:
            parts.append(Expr("v.isprintable()"))
        if self.fast_decimal:
            parts += self.fast_decimal
        else:
            interval = self._interval()
            if interval:
                parts.append(Expr(interval))
            if self.digits is not None:
                parts.append(Expr(f"digits_ok(v, {self.digits[0]}, {self.digits[1]})"))
        checks = [c for c in self.obj_checks if c.code not in _BOUND_CODES]
        by_code = {c.code: c for c in checks}
        if (
            "minLength" in by_code
            and "maxLength" in by_code
            and self.category == "string"
            and self.whitespace == "preserve"
        ):
            low, high = by_code["minLength"].cond.right, by_code["maxLength"].cond.right
            parts.append(Expr(f"{low} <= len(v) <= {high}"))
            checks = [c for c in checks if c.code not in ("minLength", "maxLength")]
        parts += [c.obj_ok for c in checks]
        return conjunction(*parts)

    def _interval(self) -> str:
        """``low <= v <= high``: the built-in range and the bound facets, tightest first."""
        lows: list[tuple[Decimal, bool]] = []  # (bound, inclusive)
        highs: list[tuple[Decimal, bool]] = []
        if self.range is not None:
            if self.range[0] is not None:
                lows.append((Decimal(self.range[0]), True))
            if self.range[1] is not None:
                highs.append((Decimal(self.range[1]), True))
        for code, number in self.bounds:
            target = lows if code.startswith("min") else highs
            target.append((number, code.endswith("Inclusive")))
        text = "v"
        cat = self.category
        if lows:
            number, inclusive = max(lows, key=lambda b: (b[0], not b[1]))
            text = f"{_number_literal(number, cat)} {'<=' if inclusive else '<'} {text}"
        if highs:
            number, inclusive = min(highs, key=lambda b: (b[0], b[1]))
            text = f"{text} {'<=' if inclusive else '<'} {_number_literal(number, cat)}"
        return "" if text == "v" else text

    @property
    def obj_reject(self) -> Cond | Expr | None:
        """``not obj_accept``."""
        accept = self.obj_accept
        return None if accept is None else accept.negate()

    @property
    def rejects_none(self) -> bool:
        """`obj_reject` starts with an exact type test, so it is also true for None."""
        accept = self.obj_accept
        return accept is not None and accept.parts[0].exact_type

    @property
    def obj_label(self) -> str:
        if self.enum_class:
            return f"a {self.enum_class} member"
        return "str" if self.variety != "atomic" else self.builtin.python_label

    @property
    def obj_setup(self) -> list[str]:
        lines: list[str] = []
        if self.is_string and self.whitespace != "preserve" and self.facets_function is None:
            pass  # nothing reads the normalised text
        elif self.is_string and self.whitespace == "replace":
            lines.append("lex = replace_ws(v)")
        elif self.is_string and self.whitespace == "collapse":
            lines.append("lex = collapse(v)")
        elif not self.is_string and self.needs_lex_obj:
            written = self.builtin.obj_lex or "str({v})"
            lines.append("lex = " + written.format(v="v.value" if self.enum_class else "v"))
        if self.temporal:
            fn = {"date": "timeline_date", "dateTime": "timeline_datetime", "time": "timeline_time"}
            lines.append(f"tv = {fn[self.builtin.category]}(v)")
        return lines

    @property
    def obj_checks(self) -> list[Check]:
        """The checks that can fail for a value of the right Python type (an enum member
        satisfies its own enumeration)."""
        return [c for c in self.checks if not (self.enum_class and c.code == "enumeration")]

    @property
    def enum_values(self) -> str:
        """Code: the lexical values, to tell a misspelt value from a plain str/int."""
        values = ", ".join(literal(x) for x in self.enum_lexicals)
        return f"({values},)" if len(self.enum_lexicals) == 1 else f"({values})"

    # -- XML side ----------------------------------------------------------------------------

    @property
    def xml_setup(self) -> list[str]:
        """Lines computing ``lex`` (strings) or ``v`` (parsed types) from ``text``."""
        if self.category == "list":
            return ["lex = collapse(text)"]
        if self.category == "union":  # each member type applies its own whiteSpace
            return ["lex = text"]
        if self.category == "string":
            if self.facets_function is None:
                return []
            return {
                "replace": ["lex = replace_ws(text)"],
                "collapse": ["lex = collapse(text)"],
            }.get(self.whitespace, [])
        assert self.builtin.lexer is not None
        lines = [f"v = {self.builtin.lexer.format(text='text')}"]
        return lines

    @property
    def xml_parsed(self) -> bool:
        """``v`` comes from a lexer and may be None (a ``type`` issue)."""
        return self.category not in ("string", "list", "union")

    @property
    def xml_lex_line(self) -> str | None:
        """For parsed types whose checks use the lexical form."""
        if self.xml_parsed and self.category not in ("name", "gregorian", "duration"):
            if any("{lex}" in c.cond.left for c in self.checks):
                return "lex = collapse(text)"
        return None

    @property
    def range_cond(self) -> str | None:
        """Code, true when an integer ``v`` is outside the built-in's range."""
        if self.range is None:
            return None
        low, high = self.range
        if low is not None and high is not None:
            return f"not {low} <= v <= {high}"
        return f"v < {low}" if low is not None else f"v > {high}"

    @property
    def range_text(self) -> str:
        assert self.range is not None
        low, high = self.range
        if low is not None and high is not None:
            return f"{low} to {high}"
        return f"at least {low}" if low is not None else f"at most {high}"

    @property
    def digits_ok(self) -> str | None:
        """Code, true on the fast path where the decimal ``v`` surely fits the digit facets."""
        if self.digits is None:
            return None
        total, fraction = self.digits
        return f"digits_ok(v, {total}, {fraction})"

    def type_message(self, side: str) -> str:
        if side == "obj":
            return fstring(f"expected {self.obj_label}, got ", ("type(v).__name__",))
        shown = "show_cpr(text)" if self.sensitive else "show(text)"
        return fstring((shown,), f" is not a valid {self.builtin.label}")

    @property
    def range_message(self) -> str:
        return fstring(
            (f"{self.show}(v)",),
            f" is out of the range of {self.builtin.label} ({self.range_text})",
        )

    def fixed(self, value: str) -> tuple[str, str, str, str]:
        """A fixed value: (object-side condition over ``v``, XML-side condition over ``text``,
        object-side message, XML-side message); the conditions are true when it differs."""
        cat = self.category
        messages = (
            fstring(f"the value must be {value!r} (fixed), not ", (f"{self.show}(v)",)),
            fstring(f"the value must be {value!r} (fixed), not ", (f"{self.show}(text)",)),
        )
        if self.enum_class:
            return (
                f"v.value != {self._python_literal(value)}",
                f"collapse(text) != {literal(_collapse(value))}",
                *messages,
            )
        if cat in ("integer", "decimal", "double"):
            number = _number_literal(Decimal(value.strip()), cat)
            lexer = self.builtin.lexer.format(text="text")  # type: ignore[union-attr]
            return f"v != {number}", f"{lexer} != {number}", *messages
        if cat == "boolean":
            expected = value.strip() in ("true", "1")
            return f"v is not {expected}", f"lex_boolean(text) is not {expected}", *messages
        if cat == "string":
            norm, fn = {
                "replace": (_replace, "replace_ws"),
                "collapse": (_collapse, "collapse"),
            }.get(self.whitespace, (lambda s: s, ""))
            return (
                f"{fn}(v) != {literal(norm(value))}",
                f"{fn}(text) != {literal(norm(value))}",
                *messages,
            )
        written = (self.builtin.obj_lex or "str({v})").format(v="v")
        return (
            f"{written} != {literal(value.strip())}",
            f"collapse(text) != {literal(value.strip())}",
            *messages,
        )

    @property
    def obj_empty(self) -> bool:
        """Nothing to check once the Python type is right."""
        return not (
            self.category in ("string", "name", "gregorian", "duration", "list", "union")
            or self.via_text
            or self.obj_setup
            or self.range_cond
            or self.digits
            or self.obj_checks
        )

    def _python_literal(self, value: str) -> str:
        if self.builtin.category == "integer":
            return str(int(value.strip()))
        return literal(value)


class ValuePlanner:
    """Builds one `ValuePlan` per simple type used by the version, with unique keys."""

    def __init__(self, view: VersionView) -> None:
        self.view = view
        self.contract = view.contract
        self.plans: dict[tuple[QName, bool], ValuePlan] = {}
        self.keys = naming.Allocator()
        self.regexes: dict[str, str] = {}  # regex source → constant

    def plan(self, type_name: QName, *, sensitive: bool = False) -> ValuePlan:
        """The plan of a simple type; ``sensitive`` (a CPR field) gets its own masked plan."""
        sensitive = sensitive or any(_cpr_name(n.name) for n in self._chain(type_name))
        found = self.plans.get((type_name, sensitive))
        if found is None:
            found = self._build(type_name, sensitive)
            self.plans[(type_name, sensitive)] = found
        return found

    def _chain(self, type_name: QName) -> Iterator[QName]:
        name = type_name
        seen: set[QName] = set()
        while not name.is_builtin and name not in seen:
            seen.add(name)
            yield name
            t = self.contract.type(name)
            if not isinstance(t, ir.SimpleType) or t.variety != "atomic":
                return
            name = t.base

    def all(self) -> list[ValuePlan]:
        return sorted(self.plans.values(), key=lambda p: p.key)

    def _key(self, type_name: QName, sensitive: bool) -> str:
        if type_name.is_builtin:
            base = f"xs_{type_name.name}"
            return self.keys.claim(base + ("_cpr" if sensitive else ""))
        leaf = naming.pascal(type_name.name.replace("/", "_").replace("@", ""))
        ns = naming.namespace_word(type_name.namespace)
        if sensitive and not any(_cpr_name(n.name) for n in self._chain(type_name)):
            leaf += "Cpr"
        return self.keys.claim(leaf, ns + leaf)

    def _build(self, type_name: QName, sensitive: bool) -> ValuePlan:
        c = self.contract
        st = c.type(type_name)
        key = self._key(type_name, sensitive)
        location = st.location if isinstance(st, ir.SimpleType) else None
        label = f"xs:{type_name.name}" if type_name.is_builtin else type_name.name
        if isinstance(st, ir.SimpleType) and st.anonymous:
            label = "the type of " + type_name.name.rsplit("/", 1)[-1].lstrip("@")
        root = self._variety_root(type_name)
        if root is not None:  # a list or union type, or a restriction of one
            plan = ValuePlan(
                key, type_name, label, builtin_info("string"), "collapse", root.variety, sensitive
            )
            if root.variety == "list":
                if root.item_type is None:
                    raise _error(f"list type '{type_name.name}' has no item type", location)
                plan.item = self.plan(root.item_type, sensitive=sensitive)
            else:
                plan.members = [self.plan(m, sensitive=sensitive) for m in root.member_types]
            self._facets(plan, c.facets(type_name), location)
            return plan
        builtin_name = c.builtin(type_name).name
        facets = c.facets(type_name)
        if builtin_name in _NAME_LISTS:  # NMTOKENS, IDREFS, ENTITIES: lists of a name type
            plan = ValuePlan(
                key, type_name, label, builtin_info("string"), "collapse", "list", sensitive
            )
            plan.item = self.plan(ir.xs(_NAME_LISTS[builtin_name]), sensitive=sensitive)
            self._facets(plan, facets, location)
            return plan
        builtin = builtin_info(builtin_name)
        whitespace = "collapse"
        if builtin.category == "string":
            whitespace = facets.white_space or _STRING_WS.get(builtin_name, "collapse")
        plan = ValuePlan(key, type_name, label, builtin, whitespace, "atomic", sensitive)
        if builtin.category == "integer" and _INT_RANGES[builtin_name] != (None, None):
            plan.range = _INT_RANGES[builtin_name]
        enum = self._enum(type_name)
        if enum is not None:
            plan.enum_class = enum
        self._facets(plan, facets, location)
        if plan.category == "decimal" and not plan.enum_class:
            self._fast_decimal(plan)
        return plan

    def _fast_decimal(self, plan: ValuePlan) -> None:
        """The hot-path conditions of a decimal: bounds against ``Decimal`` constants (cheaper
        than against ``int`` literals) and the digit facets without ``as_tuple``: with at most
        ``f`` decimals (``10**f`` divisible by the reduced denominator) and ``|v| < 10**(t-f)``
        the value has at most ``t`` digits. Sufficient only: ``digits`` decides the rest."""
        total, fraction = plan.digits if plan.digits is not None else (None, None)
        if plan.digits is not None and (
            fraction is None or (total is not None and total < fraction)
        ):
            return  # the generic digits_ok fast path
        lows = [(n, c.endswith("Inclusive")) for c, n in plan.bounds if c.startswith("min")]
        highs = [(n, c.endswith("Inclusive")) for c, n in plan.bounds if c.startswith("max")]
        if total is not None and fraction is not None:
            limit = Decimal(10) ** (total - fraction)
            lows.append((-limit, False))
            highs.append((limit, False))
        parts = []
        text = "v"
        if lows:
            number, inclusive = max(lows, key=lambda b: (b[0], not b[1]))
            name = self._const(plan, "DLO", f'Decimal("{number}")')
            text = f"{name} {'<=' if inclusive else '<'} {text}"
        if highs:
            number, inclusive = min(highs, key=lambda b: (b[0], b[1]))
            name = self._const(plan, "DHI", f'Decimal("{number}")')
            text = f"{text} {'<=' if inclusive else '<'} {name}"
        if text != "v":
            parts.append(Expr(text))
        if fraction is not None:
            parts.append(Expr(f"{10**fraction} % v.as_integer_ratio()[1] == 0"))
        plan.fast_decimal = parts

    def _variety_root(self, type_name: QName) -> ir.SimpleType | None:
        """The list or union type ``type_name`` is (or restricts), else None."""
        name = type_name
        seen: set[QName] = set()
        while not name.is_builtin and name not in seen:
            seen.add(name)
            t = self.contract.type(name)
            if not isinstance(t, ir.SimpleType):
                return None
            if t.variety != "atomic":
                return t
            name = t.base
        return None

    def _enum(self, type_name: QName) -> str | None:
        """The models enum of the nearest type in the derivation chain that has one."""
        for name in self._chain(type_name):
            enum = self.view.enum_for_type(name)
            if enum is not None:
                return enum.name
            t = self.contract.type(name)
            if isinstance(t, ir.SimpleType) and t.facets.enumeration:
                return None  # enumerated, but not as a Python enum (e.g. decimals)
        return None

    # -- facets -----------------------------------------------------------------------------

    def _const(self, plan: ValuePlan, what: str, code: str) -> str:
        name = f"_{what}_{plan.key}"
        plan.constants.append((name, code))
        return name

    def _regex(self, plan: ValuePlan, what: str, source: str) -> str:
        """The constant of a compiled pattern: one per distinct regex."""
        if source not in self.regexes:
            self.regexes[source] = self._const(plan, what, f"re.compile({regex(source)})")
        return self.regexes[source]

    def _facets(self, plan: ValuePlan, facets: ir.Facets, location: ir.Location | None) -> None:
        cat = plan.category
        where = f"simple type '{plan.type.name}'"
        show: tuple[str] = ("{show}({val})",)
        label = plan.label

        def add(code: str, cond: Cond, *parts: Part) -> None:
            plan.checks.append(Check(code, cond, parts, plan))

        # length family: characters of a string, octets of binary, items of a list
        size, unit = {"binary": ("len({v})", "bytes"), "list": ("len(lex.split())", "items")}.get(
            cat, ("len({lex})", "characters")
        )
        lengths = (facets.length, facets.min_length, facets.max_length)
        if cat not in ("string", "name", "binary", "list", "gregorian", "duration"):
            if any(x is not None for x in lengths):
                raise _error(
                    f"{where}: length facets do not apply to {plan.builtin.label}", location
                )
        if facets.length is not None:
            add(
                "length",
                Cond(size, "!=", str(facets.length)),
                show,
                " has ",
                (size,),
                f" {unit}; {label} requires exactly {facets.length}",
            )
        if facets.min_length is not None:
            add(
                "minLength",
                Cond(size, "<", str(facets.min_length)),
                show,
                " has ",
                (size,),
                f" {unit}; {label} requires at least {facets.min_length}",
            )
        if facets.max_length is not None:
            add(
                "maxLength",
                Cond(size, ">", str(facets.max_length)),
                show,
                " has ",
                (size,),
                f" {unit}; {label} allows at most {facets.max_length}",
            )

        sources = patterns.translate_all(facets.patterns, plan.type, location)
        for i, source in enumerate(sources):
            if patterns.excludes_bad_chars(source):
                plan.chars_safe = True
            what = f"RE{i + 1}" if len(sources) > 1 else "RE"
            name = self._regex(plan, what, source)
            shown = _shorten(facets.patterns[i], PATTERN_SHOWN)
            add(
                "pattern",
                Cond(f"{name}.fullmatch({{lex}})", "is", "None"),
                show,
                f" does not match the pattern {shown} of {label}",
            )
            if cat not in ("string", "list", "union", "name", "gregorian", "duration"):
                plan.needs_lex_obj = True

        if facets.enumeration:
            self._enumeration(plan, [e.value for e in facets.enumeration], where, location)

        if facets.total_digits is not None or facets.fraction_digits is not None:
            if cat == "decimal":
                plan.digits = (facets.total_digits, facets.fraction_digits)
            elif cat == "integer":
                if facets.total_digits is not None:
                    add(
                        "totalDigits",
                        Cond("integer_digits({v})", ">", str(facets.total_digits)),
                        show,
                        " has ",
                        ("integer_digits({v})",),
                        f" digits; {label} allows at most {facets.total_digits}",
                    )
            else:
                raise _error(
                    f"{where}: digit facets do not apply to {plan.builtin.label}", location
                )

        bounds = (
            ("minInclusive", facets.min_inclusive, "<", "is below the minimum", "(0, 1)"),
            ("maxInclusive", facets.max_inclusive, ">", "is above the maximum", "(-1, 0)"),
            ("minExclusive", facets.min_exclusive, "<=", "must be greater than", "(1,)"),
            ("maxExclusive", facets.max_exclusive, ">=", "must be less than", "(-1,)"),
        )
        for code, bound, op, words, allowed in bounds:
            if bound is None:
                continue
            if cat in ("integer", "decimal", "double"):
                number = _decimal(bound, where, location)
                value = _number_literal(number, cat)
                add(code, Cond("{v}", op, value), show, f" {words} {bound.strip()} of {label}")
                plan.bounds.append((code, number))
            elif cat in ("date", "dateTime", "time"):
                plan.temporal = True
                name = self._const(
                    plan, code.upper(), _temporal_literal(cat, bound, where, location)
                )
                add(
                    code,
                    Cond(f"compare({{tv}}, {name})", "not in", allowed),
                    show,
                    f" {words} {bound.strip()} of {label}",
                )
            else:
                raise _error(
                    f"{where}: xs:{code} on {plan.builtin.label} is not supported", location
                )

    def _enumeration(
        self, plan: ValuePlan, values: list[str], where: str, location: ir.Location | None
    ) -> None:
        cat = plan.category
        plan.enum_lexicals = list(dict.fromkeys(values))
        listed = ", ".join(_shorten(x, 30) for x in plan.enum_lexicals[:ENUM_SHOWN])
        if len(plan.enum_lexicals) > ENUM_SHOWN:
            listed += f" (and {len(plan.enum_lexicals) - ENUM_SHOWN} more)"
        parts: tuple[Part, ...] = (
            ("{show}({val})",),
            f" is not one of the values of {plan.label}: {listed}",
        )
        if cat in ("string", "name", "list", "union", "gregorian", "duration"):
            norm = {"replace": _replace, "collapse": _collapse}.get(plan.whitespace, lambda s: s)
            if cat != "string":
                norm = _collapse
            code = (
                "frozenset({"
                + ", ".join(literal(x) for x in sorted({norm(x) for x in values}))
                + "})"
            )
            cond = Cond("{lex}", "not in", self._const(plan, "ENUM", code))
        elif cat in ("integer", "decimal", "double"):
            literals = sorted({_number_literal(_decimal(x, where, location), cat) for x in values})
            cond = Cond(
                "{v}",
                "not in",
                self._const(plan, "ENUM", "frozenset({" + ", ".join(literals) + "})"),
            )
        elif cat == "boolean":
            members = sorted({x.strip() in ("true", "1") for x in values})
            cond = Cond(
                "{v}",
                "not in",
                self._const(plan, "ENUM", "frozenset({" + ", ".join(map(str, members)) + "})"),
            )
        else:
            raise _error(
                f"{where}: an enumeration of {plan.builtin.label} is not supported", location
            )
        plan.checks.append(Check("enumeration", cond, parts, plan))


def _replace(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def _collapse(text: str) -> str:
    return re.sub("[ \t\n\r]+", " ", text).strip(" ")


def _cpr_name(name: str) -> bool:
    return "cpr" in name.lower()


# -- temporal bounds (the same arithmetic as the runtime's checks module) ----------------------

_TZ = r"(Z|[+-][0-9]{2}:[0-9]{2})?"
_TEMPORAL = {
    "date": re.compile(r"(-?)([0-9]{4,})-([0-9]{2})-([0-9]{2})()()()()" + _TZ),
    "dateTime": re.compile(
        r"(-?)([0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?" + _TZ
    ),
    "time": re.compile(r"()()()()([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?" + _TZ),
}


def _days(year: int, month: int, day: int) -> int:
    y = year - (month <= 2)
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def temporal_value(cat: str, text: str) -> tuple[Decimal, bool] | None:
    """A date/dateTime/time literal on the runtime's timeline: (seconds, has timezone)."""
    m = _TEMPORAL[cat].fullmatch(text)
    if m is None:
        return None
    sign, year_s, month_s, day_s, hh, mm, ss, frac, tz = m.groups()
    if cat == "time":
        year, month, day = 1972, 12, 31
    else:
        year = int(year_s)
        if year == 0:
            return None
        year = 1 - year if sign else year
        month, day = int(month_s), int(day_s)
    seconds = Decimal(0)
    if hh:
        seconds = Decimal(int(hh) * 3600 + int(mm) * 60 + int(ss)) + (
            Decimal("0" + frac) if frac else 0
        )
    total = Decimal(_days(year, month, day) * 86400) + seconds
    if tz is not None:
        offset = (
            0 if tz == "Z" else (int(tz[1:3]) * 60 + int(tz[4:6])) * (-1 if tz[0] == "-" else 1)
        )
        total -= offset * 60
    return total, tz is not None


def _temporal_literal(cat: str, bound: str, where: str, location: ir.Location | None) -> str:
    value = temporal_value(cat, bound.strip())
    if value is None:
        raise _error(f"{where}: bound {bound!r} is not a valid xs:{cat}", location)
    seconds, has_tz = value
    return f'(Decimal("{seconds}"), {has_tz})'


# -- content models ----------------------------------------------------------------------------


@dataclass
class Position:
    number: int
    particle: ir.ElementParticle | ir.Wildcard
    choices: tuple[tuple[int, int], ...]  # (choice id, branch) of enclosing once-only choices
    counted: tuple[int, int | None] | None = None

    @property
    def tag(self) -> str | None:
        return str(self.particle.name) if isinstance(self.particle, ir.ElementParticle) else None


@dataclass
class Automaton:
    """Deterministic automaton of a sequence/choice content model; state 0 is the start and
    state ``n`` is "just read position ``n``"."""

    positions: list[Position]
    table: list[dict[str, int]]
    finals: set[int]
    wildcards: dict[int, list[tuple[ir.Wildcard, int]]]  # state → (wildcard, next state)
    exclusive: dict[str, set[str]]
    counters: dict[int, tuple[int, int | None]]


class _Glushkov:
    def __init__(self, owner: str, location: ir.Location | None) -> None:
        self.owner = owner
        self.location = location
        self.positions: list[Position] = []
        self.follow: dict[int, set[int]] = {}
        self.choice_ids = 0

    def _new(
        self, p: ir.ElementParticle | ir.Wildcard, choices: tuple[tuple[int, int], ...]
    ) -> int:
        n = len(self.positions) + 1
        if n > MAX_POSITIONS:
            raise _error(
                f"the content model of {self.owner} is too large to validate", self.location
            )
        self.positions.append(Position(n, p, choices))
        self.follow[n] = set()
        return n

    def _loop(self, last: set[int], first: set[int], counted_ok: bool = False) -> None:
        for x in last:
            for y in first:
                if x == y and not counted_ok and self.positions[x - 1].counted is not None:
                    raise _error(
                        f"the content model of {self.owner} repeats an element with bounded "
                        "maxOccurs inside a repeated group; not supported by the validator",
                        self.location,
                    )
                self.follow[x].add(y)

    def build(
        self, p: ir.Particle, choices: tuple[tuple[int, int], ...] = ()
    ) -> tuple[bool, set[int], set[int]]:
        if isinstance(p, (ir.ElementParticle, ir.Wildcard)):
            n = self._new(p, choices)
            low, high = p.min_occurs, p.max_occurs
            if high == 1:
                return low == 0, {n}, {n}
            if high is None and low <= 1:
                self.follow[n].add(n)
                return low == 0, {n}, {n}
            self.positions[n - 1].counted = (low, high)
            self.follow[n].add(n)
            return low == 0, {n}, {n}
        if p.compositor == "all":
            raise _error(
                f"xs:all nested in another model group in {self.owner}", p.location or self.location
            )
        low, high = p.min_occurs, p.max_occurs
        if (low, high) == (1, 1):
            return self._group(p, choices)
        if high == 1:
            nullable, first, last = self._group(p, choices)
            return True, first, last
        if high is None and low <= 1:
            nullable, first, last = self._group(p, choices)
            self._loop(last, first)
            return nullable or low == 0, first, last
        # bounded repetition of a group: unroll (a{2,3} = a a (a)?; a{2,} = a a a*)
        parts: list[tuple[bool, set[int], set[int]]] = [self._group(p, choices) for _ in range(low)]
        if high is None:
            n, f, l_ = self._group(p, choices)
            self._loop(l_, f)
            parts.append((True, f, l_))
        else:
            tail: tuple[bool, set[int], set[int]] | None = None
            for _ in range(high - low):
                n, f, l_ = self._group(p, choices)
                if tail is not None:
                    n, f, l_ = self._concat((n, f, l_), tail)
                tail = (True, f, l_)
            if tail is not None:
                parts.append(tail)
        result: tuple[bool, set[int], set[int]] = (True, set(), set())
        for part in parts:
            result = self._concat(result, part)
        return result

    def _concat(
        self, a: tuple[bool, set[int], set[int]], b: tuple[bool, set[int], set[int]]
    ) -> tuple[bool, set[int], set[int]]:
        na, fa, la = a
        nb, fb, lb = b
        for x in la:
            self.follow[x] |= fb
        return na and nb, fa | (fb if na else set()), lb | (la if nb else set())

    def _group(
        self, p: ir.ModelGroup, choices: tuple[tuple[int, int], ...]
    ) -> tuple[bool, set[int], set[int]]:
        if p.compositor == "choice":
            self.choice_ids += 1
            cid = self.choice_ids
            nullable = False
            first: set[int] = set()
            last: set[int] = set()
            if not p.particles:
                return False, set(), set()  # an empty choice matches nothing
            for i, q in enumerate(p.particles):
                inner = choices + ((cid, i),) if p.max_occurs == 1 else choices
                n, f, l_ = self.build(q, inner)
                nullable, first, last = nullable or n, first | f, last | l_
            return nullable, first, last
        result: tuple[bool, set[int], set[int]] = (True, set(), set())
        for q in p.particles:
            result = self._concat(result, self.build(q, choices))
        return result


def automaton(
    particles: tuple[ir.Particle, ...], owner: str, location: ir.Location | None
) -> Automaton:
    g = _Glushkov(owner, location)
    root: tuple[bool, set[int], set[int]] = (True, set(), set())
    for p in particles:
        root = g._concat(root, g.build(p))
    nullable, first, last = root
    table: list[dict[str, int]] = []
    wildcards: dict[int, list[tuple[ir.Wildcard, int]]] = {}
    for state in range(len(g.positions) + 1):
        row: dict[str, int] = {}
        targets = first if state == 0 else g.follow[state]
        for target in sorted(targets):
            pos = g.positions[target - 1]
            if pos.tag is None:
                assert isinstance(pos.particle, ir.Wildcard)
                wildcards.setdefault(state, []).append((pos.particle, target))
                continue
            if pos.tag in row and row[pos.tag] != target:
                raise _error(
                    f"the content model of {owner} is ambiguous for element "
                    f"{pos.particle.name.name} (XSD's Unique Particle Attribution)",  # type: ignore[union-attr]
                    pos.particle.location or location,
                )
            row[pos.tag] = target
        table.append(row)
    finals = set(last) | ({0} if nullable else set())
    exclusive: dict[str, set[str]] = {}
    for a in g.positions:
        for b in g.positions:
            if a.tag is None or b.tag is None or a.tag == b.tag:
                continue
            branch_a = dict(a.choices)
            if any(cid in branch_a and branch_a[cid] != br for cid, br in b.choices):
                exclusive.setdefault(a.tag, set()).add(b.tag)
    counters = {p.number: p.counted for p in g.positions if p.counted is not None}
    return Automaton(g.positions, table, finals, wildcards, exclusive, counters)


# -- object side: one check function per class -------------------------------------------------


def ok_function(check: str) -> str:
    """The fast verdict's function of the check function ``check``: ``_check_X`` → ``_ok_X``."""
    return check.replace("_check_", "_ok_", 1)


@dataclass
class ObjField:
    """How ``validate(obj)`` checks one field of a class."""

    view: FieldView
    kind: str  # simple, complex, choice, group, any
    local: str  # the element local name ("@name" for an attribute, "" for the value)
    value: ValuePlan | None = None
    check: str | None = None  # check function of a complex/group field
    cls: str | None = None  # models class for the isinstance test
    branches: list[tuple[str, str]] = field(default_factory=list)  # (class, check function)
    alternatives: str = ""  # "AntalKilometer or MaanedligtBeloeb"
    fixed: tuple[str, str, str, str] | None = None

    @property
    def attr(self) -> str:
        return self.view.name

    @property
    def ok(self) -> str:
        """The fast verdict of a complex or group field's class."""
        assert self.check is not None
        return ok_function(self.check)

    @property
    def ok_branches(self) -> list[tuple[str, str]]:
        """(class, fast verdict function) of each choice branch."""
        return [(cls, ok_function(check)) for cls, check in self.branches]

    @property
    def path(self) -> str:
        """Code: the path of this (non-repeated) field."""
        if self.view.kind == "value":
            return "prefix[:-1]"
        if self.view.kind == "attribute":
            return f'prefix + "@{self.local}"'
        return f'prefix + "{self.local}" + suffix' if self.suffixed else f'prefix + "{self.local}"'

    @property
    def child_prefix(self) -> str:
        """Code: the path prefix of a complex field's own children."""
        if self.suffixed:
            return f'prefix + "{self.local}" + suffix + "/"'
        return f'prefix + "{self.local}/"'

    @property
    def item_path(self) -> str:
        """Code: the path of item ``i`` of a repeated field (``n`` items)."""
        return f'(f"{{prefix}}{self.local}[{{i}}]" if n > 1 else prefix + "{self.local}")'

    suffixed: bool = False  # element of a repeated-choice branch: the path gets the index

    @property
    def required(self) -> bool:
        """The field must hold a value (None is a missing element; for a nillable element
        that must be there, None is xsi:nil)."""
        return not self.view.repeated and self.view.min_occurs >= 1 and not self.view.nillable

    @property
    def repeated(self) -> bool:
        return self.view.repeated

    @property
    def min_occurs(self) -> int:
        return self.view.min_occurs

    @property
    def max_occurs(self) -> int | None:
        return self.view.max_occurs

    @property
    def name(self) -> str:
        return self.local.lstrip("@") or "the value"


@dataclass
class ObjClass:
    view: ClassView
    function: str
    fields: list[ObjField]
    suffix_param: bool = False  # a branch of a repeated choice

    @property
    def name(self) -> str:
        return self.view.name

    @property
    def ok_function(self) -> str:
        return ok_function(self.function)

    @property
    def uses_items(self) -> bool:
        return any(f.repeated for f in self.fields)


# -- XML side: one walker per complex type -------------------------------------------------------


@dataclass
class XmlAttribute:
    const: str
    local: str
    value: ValuePlan
    required: bool
    fixed: tuple[str, str, str, str] | None = None


@dataclass
class XmlChild:
    """How a walker validates one kind of child element (dispatched by its tag)."""

    const: str
    tag: str
    local: str
    kind: str  # simple, complex
    value: ValuePlan | None = None
    walker: str | None = None
    nillable: bool = False
    default: str | None = None
    fixed: tuple[str, str, str, str] | None = None
    fixed_text: str | None = None
    type_const: str = ""


@dataclass
class Walker:
    name: str  # the function
    type_const: str  # Clark name of the type (for xsi:type)
    mode: str  # automaton, all, empty, simple
    attributes: list[XmlAttribute]
    known_const: str  # frozenset of declared attribute names
    any_attribute: bool
    children: list[XmlChild] = field(default_factory=list)
    any_attribute_rule: str = "True"  # code: xs:anyAttribute's namespace constraint
    value: ValuePlan | None = None
    # automaton
    table_const: str = ""
    finals_const: str = ""
    exclusive_const: str = ""
    counters_const: str | None = None
    wild_const: str | None = None
    # xs:all
    all_const: str = ""
    required_const: str = ""  # tuple of (tag, local name) of the required members
    all_optional: bool = False
    type_label: str = ""


@dataclass
class Root:
    const: str
    local: str
    child: XmlChild


class ValidationModule:
    """Everything ``templates/sdk/version/validate.py.j2`` prints for one version."""

    def __init__(self, view: VersionView) -> None:
        self.view = view
        self.contract = view.contract
        self.values = ValuePlanner(view)
        self.tags: dict[str, str] = {}  # Clark name → constant
        self.type_names: dict[QName, str] = {}
        self.tag_names = naming.Allocator()
        self.constants: list[tuple[str, str]] = []
        self._walkers: dict[QName, Walker] = {}
        self.walker_names = naming.Allocator()
        self.objects = self._objects()
        self.roots = self._roots()
        self.walkers = sorted(self._walkers.values(), key=lambda w: w.name)

    # -- shared ----------------------------------------------------------------------------------

    def tag(self, clark: str) -> str:
        const = self.tags.get(clark)
        if const is None:
            local = clark.rpartition("}")[2]
            const = self.tag_names.claim(f"_T_{naming.pascal(local)}")
            self.tags[clark] = const
        return const

    @property
    def tag_constants(self) -> list[tuple[str, str]]:
        """Namespace constants (``_NS1``) first, then one constant per element name."""
        namespaces = sorted({t[1:].partition("}")[0] for t in self.tags if t.startswith("{")})
        ns_const = {ns: f"_NS{i}" for i, ns in enumerate(namespaces, 1)}
        rows = [(c, literal("{" + ns + "}")) for ns, c in ns_const.items()]
        for clark, const in sorted(self.tags.items(), key=lambda item: item[1]):
            if clark.startswith("{"):
                ns, _, name = clark[1:].partition("}")
                rows.append((const, f"{ns_const[ns]} + {literal(name)}"))
            else:
                rows.append((const, literal(clark)))
        return rows

    @property
    def value_plans(self) -> list[ValuePlan]:
        return self.values.all()

    @property
    def value_constants(self) -> list[tuple[str, str]]:
        return [c for p in self.value_plans for c in p.constants]

    def runtime_imports(self, body: str) -> list[str]:
        """The names ``body`` (the rendered module) uses from the runtime's checks module, in
        the order ruff's isort wants (classes, then functions)."""
        words = set(re.findall(r"\w+", body))  # a class is used wherever its name stands
        calls = set(re.findall(r"(?<![\w.])(\w+)\(", body))  # a function where it is called
        used = {n for n in _RUNTIME_NAMES if n in (words if n[0].isupper() else calls)}
        used |= {"local", "message_element", "xsd_issues"}  # the public API's own helpers
        return sorted(used, key=lambda n: (not n[0].isupper(), n))

    @property
    def models(self) -> list[str]:
        return sorted({c.name for c in self.view.classes} | {e.name for e in self.view.enums})

    # -- object side -----------------------------------------------------------------------------

    def check_function(self, cls: ClassView) -> str:
        if cls.kind == "element" and cls.base:
            return self.check_function(self.view.class_named(cls.base))
        return f"_check_{cls.name}"

    def _objects(self) -> list[ObjClass]:
        suffixed = {
            b.name
            for c in self.view.classes
            for f in c.fields
            if f.kind == "choice" and f.repeated
            for b in f.branches
        }
        result = []
        for cls in self.view.classes:
            if cls.kind == "element" and cls.base:
                continue
            fields = [self._obj_field(f, cls.name in suffixed) for f in cls.fields]
            result.append(ObjClass(cls, self.check_function(cls), fields, cls.name in suffixed))
        return result

    def _obj_field(self, f: FieldView, suffixed: bool) -> ObjField:
        local = f.local_name if f.kind != "attribute" else "@" + f.local_name
        if f.kind in ("element", "attribute", "value") and f.cls is None:
            assert f.type is not None
            plan = self.values.plan(f.type, sensitive=_cpr_name(f.local_name))
            fixed = plan.fixed(f.fixed) if f.fixed is not None else None
            return ObjField(f, "simple", local, value=plan, fixed=fixed, suffixed=suffixed)
        if f.kind == "element":
            assert f.cls is not None
            return ObjField(
                f,
                "complex",
                local,
                check=self.check_function(f.cls),
                cls=f.cls.name,
                suffixed=suffixed,
            )
        if f.kind == "group":
            assert f.cls is not None
            return ObjField(f, "group", local, check=self.check_function(f.cls), cls=f.cls.name)
        if f.kind == "choice":
            branches = [(b.name, self.check_function(b)) for b in f.branches]
            names = [n for b in f.branches for n in [_first_element(b)] if n]
            alternatives = " or ".join(
                [", ".join(names[:-1]), names[-1]] if len(names) > 1 else names
            )
            return ObjField(f, "choice", local, branches=branches, alternatives=alternatives)
        return ObjField(f, "any", local or "any")

    @property
    def dispatch(self) -> list[tuple[str, str, str, str]]:
        """(class, check function, path prefix, fast verdict function) for every model class."""
        rows = []
        for cls in self.view.classes:
            prefix = ""
            if cls.kind == "element" and cls.xml_name:
                prefix = cls.xml_name.rpartition("}")[2] + "/"
            check = self.check_function(cls)
            rows.append((cls.name, check, prefix, ok_function(check)))
        return rows

    # -- XML side --------------------------------------------------------------------------------

    def walker(self, type_name: QName) -> Walker:
        found = self._walkers.get(type_name)
        if found is not None:
            return found
        ct = self.contract.type(type_name)
        assert isinstance(ct, ir.ComplexType)
        cls = self.view.class_for_type(type_name)
        base = cls.name if cls is not None else naming.pascal(type_name.name.replace("/", "_"))
        name = self.walker_names.claim(f"_walk_{base}")
        type_const = self._type_const(type_name)
        walker = Walker(name, type_const, "empty", [], "", False, type_label=type_name.name)
        self._walkers[type_name] = walker  # before children: types may be recursive
        attributes = []
        for a in self.contract.attributes_of(ct):
            plan = self.values.plan(a.type, sensitive=_cpr_name(a.name.name))
            fixed = plan.fixed(a.fixed) if a.fixed is not None else None
            attributes.append(
                XmlAttribute(self.tag(str(a.name)), a.name.name, plan, a.use == "required", fixed)
            )
        walker.attributes = attributes
        if attributes:
            known = "frozenset({" + ", ".join(a.const for a in attributes) + "})"
            walker.known_const = self._constant(f"_ATTRS_{base}", known, "frozenset[str]")
        else:
            walker.known_const = "_NO_ATTRIBUTES"
        any_attribute = self.contract.any_attribute_of(ct)
        walker.any_attribute = any_attribute is not None
        if any_attribute is not None:
            wildcard = ir.Wildcard(namespace=any_attribute.namespace)
            walker.any_attribute_rule = _wild_rule(wildcard, type_name.namespace)
        owner = f"complex type '{type_name.name}'"
        if ct.content == "simple":
            assert ct.simple_type is not None
            walker.mode = "simple"
            walker.value = self.values.plan(ct.simple_type)
            return walker
        if ct.content == "mixed":
            raise _error(f"{owner}: mixed content is not supported by the validator", ct.location)
        particles = self.contract.content(ct)
        if (
            len(particles) == 1
            and isinstance(particles[0], ir.ModelGroup)
            and particles[0].compositor == "all"
        ):
            group = particles[0]
            walker.mode = "all"
            members = [p for p in group.particles if isinstance(p, ir.ElementParticle)]
            if len(members) != len(group.particles):
                raise _error(f"{owner}: xs:all may only hold elements", group.location)
            walker.children = [self._child(p) for p in members]
            walker.all_const = self._constant(
                f"_ALL_{base}",
                "frozenset({" + ", ".join(c.const for c in walker.children) + "})",
                "frozenset[str]",
            )
            required = [
                f"({c.const}, {literal(c.local)})"
                for c, p in zip(walker.children, members, strict=True)
                if p.min_occurs > 0
            ]
            walker.required_const = self._constant(
                f"_REQUIRED_{base}",
                "(" + ", ".join(required) + ("," if len(required) == 1 else "") + ")",
                "tuple[tuple[str, str], ...]",
            )
            walker.all_optional = group.min_occurs == 0
            return walker
        auto = automaton(particles, owner, ct.location)
        if not auto.positions:
            walker.mode = "empty"
            return walker
        walker.mode = "automaton"
        rows = []
        for row in auto.table:
            rows.append("{" + ", ".join(f"{self.tag(t)}: {n}" for t, n in row.items()) + "}")
        walker.table_const = self._constant(
            f"_TABLE_{base}", "(\n" + ",\n".join(rows) + ",\n)", "tuple[dict[str, int], ...]"
        )
        walker.finals_const = self._constant(
            f"_FINAL_{base}",
            "frozenset({" + ", ".join(map(str, sorted(auto.finals))) + "})",
            "frozenset[int]",
        )
        exclusive = ", ".join(
            f"{self.tag(t)}: frozenset({{{', '.join(self.tag(o) for o in sorted(others))}}})"
            for t, others in sorted(auto.exclusive.items())
        )
        walker.exclusive_const = self._constant(
            f"_EXCLUSIVE_{base}", "{" + exclusive + "}", "dict[str, frozenset[str]]"
        )
        if auto.counters:
            counters = ", ".join(
                f"{n}: ({low}, {high}, {literal(auto.positions[n - 1].particle.name.name)})"  # type: ignore[union-attr]
                for n, (low, high) in sorted(auto.counters.items())
            )
            walker.counters_const = self._constant(
                f"_COUNTED_{base}", "{" + counters + "}", "dict[int, tuple[int, int | None, str]]"
            )
        if auto.wildcards:
            rules = []
            for state, wilds in sorted(auto.wildcards.items()):
                items = ", ".join(
                    f"({_wild_rule(w, type_name.namespace)}, {n}, {literal(w.process_contents)})"
                    for w, n in wilds
                )
                rules.append(f"{state}: ({items},)")
            walker.wild_const = self._constant(
                f"_WILD_{base}", "{" + ", ".join(rules) + "}", "dict[int, tuple[Wildcard, ...]]"
            )
        seen: dict[str, XmlChild] = {}
        for pos in auto.positions:
            if isinstance(pos.particle, ir.ElementParticle) and pos.tag not in seen:
                seen[pos.tag] = self._child(pos.particle)  # type: ignore[index]
        walker.children = list(seen.values())
        return walker

    def _constant(self, name: str, code: str, annotation: str) -> str:
        self.constants.append((f"{name}: {annotation}", code))
        return name

    def _type_const(self, type_name: QName) -> str:
        """A constant holding the Clark name of a type (for xsi:type); '""' when anonymous."""
        if "/" in type_name.name:
            return '""'
        const = self.type_names.get(type_name)
        if const is None:
            const = self.tag_names.claim(f"_TYPE_{naming.pascal(type_name.name)}")
            self.type_names[type_name] = const
        return const

    @property
    def type_constants(self) -> list[tuple[str, str]]:
        return sorted((c, literal(str(t))) for t, c in self.type_names.items())

    def _child(self, p: ir.ElementParticle | ir.Element) -> XmlChild:
        clark = str(p.name)
        local = p.name.name
        t = self.contract.type(p.type)
        child = XmlChild(
            self.tag(clark),
            clark,
            local,
            "simple",
            nillable=p.nillable,
            type_const=self._type_const(p.type),
        )
        if isinstance(t, ir.ComplexType):
            child.kind = "complex"
            child.walker = self.walker(p.type).name
            if p.fixed is not None or p.default is not None:
                raise _error(
                    f"element '{local}': a fixed/default value on complex content", p.location
                )
            return child
        child.value = self.values.plan(p.type, sensitive=_cpr_name(local))
        child.default = p.default if p.fixed is None else p.fixed
        if p.fixed is not None:
            child.fixed = child.value.fixed(p.fixed)
        return child

    def _roots(self) -> list[Root]:
        roots = []
        for e in self.contract.elements:
            if e.abstract:
                continue
            child = self._child(e)
            roots.append(Root(child.const, e.name.name, child))
        return sorted(roots, key=lambda r: r.child.tag)


_RUNTIME_NAMES = (
    "OFFSETS",
    "Temporal",
    "Wildcard",
    "accepts",
    "all_group",
    "bad_char",
    "chars_issue",
    "collapse",
    "compare",
    "datetime_offset_ok",
    "decimal_text",
    "digits",
    "digits_ok",
    "enum_issue",
    "integer_digits",
    "leaf",
    "leaf_text",
    "lex_base64",
    "lex_boolean",
    "lex_date",
    "lex_datetime",
    "lex_decimal",
    "lex_double",
    "lex_duration",
    "lex_gregorian",
    "lex_hex",
    "lex_integer",
    "lex_name",
    "lex_time",
    "missing",
    "nil_element",
    "no_children",
    "other_attributes",
    "replace_ws",
    "sequence",
    "simple_text",
    "timeline_date",
    "timeline_datetime",
    "timeline_time",
    "type_issue",
)


def _first_element(cls: ClassView) -> str:
    for f in cls.fields:
        if f.kind == "element":
            return f.local_name
        if f.cls is not None:
            inner = _first_element(f.cls)
            if inner:
                return inner
    return ""


def _wild_rule(w: ir.Wildcard, target_namespace: str) -> str:
    """Code for a wildcard's namespace constraint: (kind, namespaces)."""
    ns = w.namespace.split()
    if ns == ["##any"]:
        return '("any", frozenset())'
    if ns == ["##other"]:
        return f'("other", frozenset({{{literal(target_namespace)}, ""}}))'
    listed = sorted(
        {target_namespace if x == "##targetNamespace" else "" if x == "##local" else x for x in ns}
    )
    return '("list", frozenset({' + ", ".join(literal(x) for x in listed) + "}))"


def build(view: VersionView) -> ValidationModule:
    """The validate module's plan for one version (raises ContractError on what it cannot
    check faithfully)."""
    return ValidationModule(view)
