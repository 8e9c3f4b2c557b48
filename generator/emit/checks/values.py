"""`ValuePlan`: the checks of one simple type, written once with placeholders and printed for
both sides of the validator (`Check.obj_cond`, `Check.xml_cond`, …)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from generator import ir
from generator.emit.checks.builtins import (
    DATETIME,
    DECIMAL,
    STR_TEST,
    Builtin,
    exact_type,
    isinstance_of,
)
from generator.emit.pycode import NONE, All, Code, Cond, Expr, Uses, conjunction, fstring, literal
from generator.errors import ContractError
from generator.ir import QName
from generator.sdk_runtime.lexical import collapse, replace_ws

PATTERN_SHOWN = 40  # characters of a pattern quoted in a message


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decimal_value(text: str, where: str, location: ir.Location | None) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ContractError.at(f"{where}: {text!r} is not a number", location) from None
    if not value.is_finite():
        raise ContractError.at(f"{where}: {text!r} is not a finite number", location)
    return value


def number_literal(value: Decimal, category: str) -> str:
    """A Python literal comparable with the value's Python type."""
    if category == "double":
        return repr(float(value))
    if value == value.to_integral_value():
        return str(int(value))
    return f'Decimal("{value}")'


def number_uses(value: Decimal, category: str) -> Uses:
    """What `number_literal` of ``value`` uses: ``Decimal`` for a fraction."""
    fraction = category != "double" and value != value.to_integral_value()
    return DECIMAL if fraction else NONE


def cpr_name(name: str) -> bool:
    return "cpr" in name.lower()


_NORMALISE = {"replace": "replace_ws", "collapse": "collapse"}  # whiteSpace → runtime function


def _call(target: str, function: str, argument: str) -> Code:
    """``target = function(argument)``, a call of a runtime function."""
    return Code(f"{target} = {function}({argument})", frozenset({function}))


def _assign(target: str, value: Code) -> Code:
    return Code(f"{target} = {value}", value.uses)


# Built-ins whose lexical space, as libxml2 parses it, refuses trailing whitespace.
_TRAILING_SPACE_REFUSED = frozenset({"duration", "gregorian", "date", "dateTime", "time"})
_BOUND_CODES = frozenset({"minInclusive", "maxInclusive", "minExclusive", "maxExclusive"})


Argument = str | tuple[str]  # code, or a 1-tuple: code with placeholders (``{v}``, …)


@dataclass
class Check:
    """One facet check, written with placeholders that `ValuePlan.names` fills per side:
    ``{v}`` the value, ``{lex}`` the whitespace-normalised lexical form, ``{tv}`` a temporal
    value on the timeline, ``{val}`` the value shown and kept on the issue. A failing value is
    reported by the runtime's ``report`` function ``reporter`` with ``arguments`` (after
    ``issues, path``; placeholders only in 1-tuples), so the wording lives there, once."""

    code: str
    cond: Cond  # true when the value fails the check
    reporter: str
    arguments: tuple[Argument, ...]
    plan: ValuePlan
    uses: Uses = NONE  # of the arguments

    def _cond(self, side: str) -> Cond:
        return self.cond.format(**self.plan.names(side))

    @property
    def obj_cond(self) -> Cond:
        return self._cond("obj")

    @property
    def facet_cond(self) -> Cond:
        return self._cond("facets")

    @property
    def facet_report(self) -> Code:
        """The statement reporting a failing value in ``_facets_<Type>``."""
        names = self.plan.names("facets")
        arguments = ", ".join(
            a if isinstance(a, str) else a[0].format(**names) for a in self.arguments
        )
        call = f"{self.reporter}(issues, path, {arguments}{self.plan.sensitive_argument})"
        return Code(call, self.uses | {self.reporter})

    @property
    def obj_ok(self) -> Cond:
        return self._cond("obj").negate()

    @property
    def xml_cond(self) -> Cond:
        return self._cond("xml")


@dataclass(frozen=True)
class Fixed:
    """A fixed value's checks, true when the value differs: ``obj`` over ``v`` (a model
    field's value), ``xml`` over ``text``; and the message of each side."""

    obj: Code
    xml: Code
    obj_message: str
    xml_message: str


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
    constant_uses: set[str] = field(default_factory=set)  # outside names the constants use
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

    @property
    def sensitive_argument(self) -> str:
        """The trailing argument of a report about a CPR number's value (masked)."""
        return ", True" if self.sensitive else ""

    def enum_message(self, value: str) -> Code:
        """The message of a value outside the enumeration (``value``: code of the value)."""
        listed = ", ".join(self.enum_lexicals)  # every value: the user needs the right spelling
        arguments = f"{value}, {literal(self.label)}, {literal(listed)}{self.sensitive_argument}"
        call = f"not_listed({arguments})"
        return Code(call, frozenset({"not_listed"}))

    def names(self, side: str) -> dict[str, str]:
        if side == "facets":
            return {"v": "v", "lex": "lex", "tv": "v", "val": "val"}
        if side == "obj":
            lex = "v" if (self.is_string and self.whitespace == "preserve") else "lex"
            return {"v": "v", "lex": lex, "tv": "tv", "val": "v"}
        if self.category in ("string", "list", "union"):
            lex = "text" if (self.category == "string" and self.whitespace == "preserve") else "lex"
            return {"v": lex, "lex": lex, "tv": lex, "val": "text"}
        lex = "v" if self.category in ("name", "gregorian", "duration") else "lex"
        return {"v": "v", "lex": lex, "tv": "v", "val": "text"}

    # -- object side -------------------------------------------------------------------------

    @property
    def obj_test(self) -> All:
        """True when ``v`` has the Python type the field must hold."""
        if self.enum_class:
            return isinstance_of(f"m.{self.enum_class}")
        if self.variety != "atomic":
            return STR_TEST
        return self.builtin.python

    @property
    def fast_test(self) -> All:
        """Like `obj_test`, for the hot path only: the exact Python type (``type(v) is``, no
        subclasses), so it may reject a value `obj_test` accepts; the value function then
        decides with `obj_test`."""
        if self.enum_class:
            return exact_type(f"m.{self.enum_class}")
        if self.variety != "atomic":
            return exact_type("str")
        exact = {
            "date": exact_type("datetime.date", DATETIME),
            "decimal": exact_type("Decimal", DECIMAL) + conjunction(Expr("v.is_finite()")),
            "binary": exact_type("bytes"),
        }
        if self.category in exact:
            return exact[self.category]
        if self.builtin.python == STR_TEST:
            return exact_type("str")
        return self.builtin.python

    @property
    def obj_bad(self) -> Cond | Expr:
        """True when ``v`` does not have the Python type the field must hold."""
        return self.obj_test.negate()

    @property
    def obj_function(self) -> str:
        return f"_value_{self.key}"

    @property
    def plain_string(self) -> bool:
        """A ``str`` kept as written (no enumeration class, whitespace preserved): its value
        check is the runtime's `string_value` shape, a row instead of a function."""
        return (
            self.variety == "atomic"
            and self.is_string
            and self.builtin.python == STR_TEST
            and self.whitespace == "preserve"
            and not self.enum_class
            and not self.obj_setup
            and not self.range_cond
        )

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
            accept = exact_type(f"datetime.{kind}", DATETIME) + conjunction(
                Expr("(v.tzinfo is None or v.utcoffset() in OFFSETS)", uses=frozenset({"OFFSETS"}))
            )
        parts: list[Cond | Expr] = list(accept.parts)
        if self.is_string and not self.enum_class and not self.chars_safe:
            parts.append(Expr("v.isprintable()"))
        if self.fast_decimal:
            parts += self.fast_decimal
        else:
            interval = self._interval()
            if interval is not None:
                parts.append(interval)
            if self.digits_ok is not None:
                parts.append(Expr(self.digits_ok.text, uses=self.digits_ok.uses))
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

    def _interval(self) -> Expr | None:
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
        uses: set[str] = set()
        if lows:
            number, inclusive = max(lows, key=lambda b: (b[0], not b[1]))
            text = f"{number_literal(number, cat)} {'<=' if inclusive else '<'} {text}"
            uses |= number_uses(number, cat)
        if highs:
            number, inclusive = min(highs, key=lambda b: (b[0], b[1]))
            text = f"{text} {'<=' if inclusive else '<'} {number_literal(number, cat)}"
            uses |= number_uses(number, cat)
        return None if text == "v" else Expr(text, uses=frozenset(uses))

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
    def obj_setup(self) -> list[Code]:
        lines: list[Code] = []
        if self.is_string and self.whitespace != "preserve" and self.facets_function is None:
            pass  # nothing reads the normalised text
        elif self.is_string and self.whitespace in ("replace", "collapse"):
            lines.append(_call("lex", _NORMALISE[self.whitespace], "v"))
        elif not self.is_string and self.needs_lex_obj:
            written = self.builtin.obj_lex or Code("str({v})")
            lines.append(_assign("lex", written.format(v="v.value" if self.enum_class else "v")))
        if self.temporal:
            fn = {"date": "timeline_date", "dateTime": "timeline_datetime", "time": "timeline_time"}
            lines.append(_call("tv", fn[self.builtin.category], "v"))
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
    def xml_setup(self) -> list[Code]:
        """Lines computing ``lex`` (strings) or ``v`` (parsed types) from ``text``."""
        if self.category == "list":
            return [_call("lex", "collapse", "text")]
        if self.category == "union":  # each member type applies its own whiteSpace
            return [Code("lex = text")]
        if self.category == "string":
            if self.facets_function is None or self.whitespace not in _NORMALISE:
                return []
            return [_call("lex", _NORMALISE[self.whitespace], "text")]
        assert self.builtin.lexer is not None
        if self.category in _TRAILING_SPACE_REFUSED and any(
            c.code in ("pattern", "enumeration") for c in self.checks
        ):
            # libxml2 collapses the text of a type with a pattern or an enumeration before it
            # parses it: "P1D " is then such a duration (date, …), without those facets not
            lexed = self.builtin.lexer.format(text="collapse(text)")
            return [Code(f"v = {lexed}", lexed.uses | {"collapse"})]
        return [_assign("v", self.builtin.lexer.format(text="text"))]

    @property
    def xml_parsed(self) -> bool:
        """``v`` comes from a lexer and may be None (a ``type`` issue)."""
        return self.category not in ("string", "list", "union")

    @property
    def xml_lex_line(self) -> Code | None:
        """For parsed types whose checks use the lexical form."""
        if self.xml_parsed and self.category not in ("name", "gregorian", "duration"):
            if any("{lex}" in c.cond.left for c in self.checks):
                return _call("lex", "collapse", "text")
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
    def digits_ok(self) -> Code | None:
        """True on the fast path where the decimal ``v`` surely fits the digit facets."""
        if self.digits is None:
            return None
        total, fraction = self.digits
        return Code(f"digits_ok(v, {total}, {fraction})", frozenset({"digits_ok"}))

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

    def fixed(self, value: str) -> Fixed:
        """The checks of a fixed value (true when the value differs) and their messages."""
        cat = self.category
        obj_message = fstring(f"the value must be {value!r} (fixed), not ", (f"{self.show}(v)",))
        xml_message = fstring(f"the value must be {value!r} (fixed), not ", (f"{self.show}(text)",))
        collapsed = Code(f"collapse(text) != {literal(value.strip())}", frozenset({"collapse"}))
        if self.enum_class:
            obj = Code(f"v.value != {self._python_literal(value)}")
            xml = Code(f"collapse(text) != {literal(collapse(value))}", frozenset({"collapse"}))
        elif cat in ("integer", "decimal", "double"):
            number = Decimal(value.strip())
            code, uses = number_literal(number, cat), number_uses(number, cat)
            assert self.builtin.lexer is not None
            lexer = self.builtin.lexer.format(text="text")
            obj = Code(f"v != {code}", uses)
            xml = Code(f"{lexer} != {code}", lexer.uses | uses)
        elif cat == "boolean":
            expected = value.strip() in ("true", "1")
            obj = Code(f"v is not {expected}")
            xml = Code(f"lex_boolean(text) is not {expected}", frozenset({"lex_boolean"}))
        elif cat == "string" and self.whitespace in _NORMALISE:
            fn = _NORMALISE[self.whitespace]
            norm = literal(replace_ws(value) if fn == "replace_ws" else collapse(value))
            obj = Code(f"{fn}(v) != {norm}", frozenset({fn}))
            xml = Code(f"{fn}(text) != {norm}", frozenset({fn}))
        elif cat == "string":
            obj, xml = Code(f"v != {literal(value)}"), Code(f"text != {literal(value)}")
        else:
            written = (self.builtin.obj_lex or Code("str({v})")).format(v="v")
            obj = Code(f"{written} != {literal(value.strip())}", written.uses)
            xml = collapsed
        return Fixed(obj, xml, obj_message, xml_message)

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
