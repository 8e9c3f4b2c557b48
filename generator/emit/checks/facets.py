"""`ValuePlanner`: every simple type a version uses, with its facets, as a `ValuePlan`."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator import ir
from generator.emit import naming, patterns
from generator.emit.checks.builtins import (
    DECIMAL,
    INTEGER_RANGES,
    NAME_LISTS,
    STRING_WHITESPACE,
    builtin_info,
)
from generator.emit.checks.temporal import duration_literal, temporal_literal
from generator.emit.checks.values import (
    PATTERN_SHOWN,
    Argument,
    Check,
    ValuePlan,
    cpr_name,
    decimal_value,
    number_literal,
    number_uses,
    shorten,
)
from generator.emit.pycode import NONE, Cond, Expr, Uses, literal, regex
from generator.emit.views import VersionView
from generator.errors import ContractError
from generator.ir import QName
from generator.sdk_runtime.lexical import collapse, replace_ws

VAL: Argument = ("{val}",)  # the value shown and kept on an issue


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
        sensitive = sensitive or any(cpr_name(n.name) for n in self._chain(type_name))
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
        if sensitive and not any(cpr_name(n.name) for n in self._chain(type_name)):
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
                    raise ContractError.at(
                        f"list type '{type_name.name}' has no item type", location
                    )
                plan.item = self.plan(root.item_type, sensitive=sensitive)
            else:
                plan.members = [self.plan(m, sensitive=sensitive) for m in root.member_types]
            self._facets(plan, c.facets(type_name), location)
            return plan
        builtin_name = c.builtin(type_name).name
        facets = c.facets(type_name)
        if builtin_name in NAME_LISTS:  # NMTOKENS, IDREFS, ENTITIES: lists of a name type
            plan = ValuePlan(
                key, type_name, label, builtin_info("string"), "collapse", "list", sensitive
            )
            plan.item = self.plan(ir.xs(NAME_LISTS[builtin_name]), sensitive=sensitive)
            self._facets(plan, facets, location)
            return plan
        builtin = builtin_info(builtin_name)
        whitespace = "collapse"
        if builtin.category == "string":
            whitespace = facets.white_space or STRING_WHITESPACE.get(builtin_name, "collapse")
        plan = ValuePlan(key, type_name, label, builtin, whitespace, "atomic", sensitive)
        if builtin.category == "integer" and INTEGER_RANGES[builtin_name] != (None, None):
            plan.range = INTEGER_RANGES[builtin_name]
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
            name = self._const(plan, "DLO", f'Decimal("{number}")', DECIMAL)
            text = f"{name} {'<=' if inclusive else '<'} {text}"
        if highs:
            number, inclusive = min(highs, key=lambda b: (b[0], b[1]))
            name = self._const(plan, "DHI", f'Decimal("{number}")', DECIMAL)
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

    def _const(self, plan: ValuePlan, what: str, code: str, uses: Uses = NONE) -> str:
        name = f"_{what}_{plan.key}"
        plan.constants.append((name, code))
        plan.constant_uses.update(uses)
        return name

    def _regex(self, plan: ValuePlan, what: str, source: str) -> str:
        """The constant of a compiled pattern: one per distinct regex."""
        if source not in self.regexes:
            self.regexes[source] = self._const(
                plan, what, f"re.compile({regex(source)})", frozenset({"re"})
            )
        return self.regexes[source]

    def _facets(self, plan: ValuePlan, facets: ir.Facets, location: ir.Location | None) -> None:
        cat = plan.category
        where = f"simple type '{plan.type.name}'"
        label = literal(plan.label)

        def add(
            code: str, cond: Cond, reporter: str, *arguments: Argument, uses: Uses = NONE
        ) -> None:
            plan.checks.append(Check(code, cond, reporter, arguments, plan, uses))

        # length family: characters of a string, octets of binary, items of a list
        size, unit = {"binary": ("len({v})", "bytes"), "list": ("len(lex.split())", "items")}.get(
            cat, ("len({lex})", "characters")
        )
        lengths = (facets.length, facets.min_length, facets.max_length)
        if cat not in ("string", "name", "binary", "list", "gregorian", "duration"):
            if any(x is not None for x in lengths):
                raise ContractError.at(
                    f"{where}: length facets do not apply to {plan.builtin.label}", location
                )
        for code, limit, op in (
            ("length", facets.length, "!="),
            ("minLength", facets.min_length, "<"),
            ("maxLength", facets.max_length, ">"),
        ):
            if limit is not None:
                cond = Cond(size, op, str(limit))
                add(
                    code,
                    cond,
                    "size_issue",
                    literal(code),
                    VAL,
                    (size,),
                    literal(unit),
                    label,
                    str(limit),
                )

        sources = patterns.translate_all(facets.patterns, plan.type, location)
        for i, source in enumerate(sources):
            if patterns.excludes_bad_chars(source):
                plan.chars_safe = True
            what = f"RE{i + 1}" if len(sources) > 1 else "RE"
            name = self._regex(plan, what, source)
            shown = literal(shorten(facets.patterns[i], PATTERN_SHOWN))
            cond = Cond(f"{name}.fullmatch({{lex}})", "is", "None")
            add("pattern", cond, "pattern_issue", VAL, shown, label)
            if cat not in ("string", "list", "union", "name", "gregorian", "duration"):
                plan.needs_lex_obj = True

        if facets.enumeration:
            self._enumeration(plan, [e.value for e in facets.enumeration], where, location)

        if facets.total_digits is not None or facets.fraction_digits is not None:
            if cat == "decimal":
                plan.digits = (facets.total_digits, facets.fraction_digits)
            elif cat == "integer":
                if facets.total_digits is not None:
                    most, counted = str(facets.total_digits), "integer_digits({v})"
                    uses = frozenset({"integer_digits"})
                    cond = Cond(counted, ">", most, uses)
                    arguments: tuple[Argument, ...] = (
                        '"totalDigits"',
                        VAL,
                        (counted,),
                        label,
                        most,
                    )
                    add("totalDigits", cond, "digits_issue", *arguments, uses=uses)
            else:
                raise ContractError.at(
                    f"{where}: digit facets do not apply to {plan.builtin.label}", location
                )

        bounds = (
            ("minInclusive", facets.min_inclusive, "<", "(0, 1)"),
            ("maxInclusive", facets.max_inclusive, ">", "(-1, 0)"),
            ("minExclusive", facets.min_exclusive, "<=", "(1,)"),
            ("maxExclusive", facets.max_exclusive, ">=", "(-1,)"),
        )
        for code, bound, op, allowed in bounds:
            if bound is None:
                continue
            report = ("bound_issue", literal(code), VAL, literal(bound.strip()), label)
            if cat in ("integer", "decimal", "double"):
                number = decimal_value(bound, where, location)
                value = number_literal(number, cat)
                cond = Cond("{v}", op, value, number_uses(number, cat))
                add(code, cond, *report)
                plan.bounds.append((code, number))
            elif cat in ("date", "dateTime", "time"):
                plan.temporal = True
                name = self._const(
                    plan, code.upper(), temporal_literal(cat, bound, where, location), DECIMAL
                )
                cond = Cond(f"compare({{tv}}, {name})", "not in", allowed, frozenset({"compare"}))
                add(code, cond, *report)
            elif cat == "duration":
                literal_code = duration_literal(bound, where, location)
                name = self._const(plan, code.upper(), literal_code, DECIMAL)
                uses = frozenset({"duration_compare", "duration_value"})
                cond = Cond(
                    f"duration_compare(duration_value({{v}}), {name})", "not in", allowed, uses
                )
                add(code, cond, *report)
            else:
                raise ContractError.at(
                    f"{where}: xs:{code} on {plan.builtin.label} is not supported", location
                )

    def _enumeration(
        self, plan: ValuePlan, values: list[str], where: str, location: ir.Location | None
    ) -> None:
        cat = plan.category
        plan.enum_lexicals = list(dict.fromkeys(values))
        listed = ", ".join(plan.enum_lexicals)  # every value: the user needs the right spelling
        report: tuple[Argument, ...] = (VAL, literal(plan.label), literal(listed))
        if cat in ("string", "name", "list", "union", "gregorian", "duration"):
            norm = {"replace": replace_ws, "collapse": collapse}.get(plan.whitespace, lambda s: s)
            if cat != "string":
                norm = collapse
            code = (
                "frozenset({"
                + ", ".join(literal(x) for x in sorted({norm(x) for x in values}))
                + "})"
            )
            cond = Cond("{lex}", "not in", self._const(plan, "ENUM", code))
        elif cat in ("integer", "decimal", "double"):
            numbers = [decimal_value(x, where, location) for x in values]
            literals = sorted({number_literal(n, cat) for n in numbers})
            uses = frozenset().union(*(number_uses(n, cat) for n in numbers))
            cond = Cond(
                "{v}",
                "not in",
                self._const(plan, "ENUM", "frozenset({" + ", ".join(literals) + "})", uses),
            )
        elif cat == "boolean":
            members = sorted({x.strip() in ("true", "1") for x in values})
            cond = Cond(
                "{v}",
                "not in",
                self._const(plan, "ENUM", "frozenset({" + ", ".join(map(str, members)) + "})"),
            )
        else:
            raise ContractError.at(
                f"{where}: an enumeration of {plan.builtin.label} is not supported", location
            )
        plan.checks.append(Check("enumeration", cond, "enumeration_issue", report, plan))
