"""Facets of one simple type, old against new: enumeration values, patterns, bounds."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from generator.diff.findings import Comparison, Scope, Where
from generator.diff.model import CHANGES, Effect
from generator.diff.text import normalized, quoted
from generator.ir import Facets

# Facets where a larger value admits fewer documents, and where a smaller one does.
LOWER_BOUNDS = {
    "min_length": "minLength",
    "min_inclusive": "minInclusive",
    "min_exclusive": "minExclusive",
}
UPPER_BOUNDS = {
    "max_length": "maxLength",
    "max_inclusive": "maxInclusive",
    "max_exclusive": "maxExclusive",
    "total_digits": "totalDigits",
    "fraction_digits": "fractionDigits",
}
# Stronger whitespace normalisation makes more lexical forms acceptable.
WHITE_SPACE = ("preserve", "replace", "collapse")


def compare_facets(
    ctx: Comparison, path: str, scope: Scope, old: Facets, new: Facets, where: Where
) -> None:
    _enumeration(ctx, path, scope, old, new, where)
    _patterns(ctx, path, scope, old.patterns, new.patterns, where)
    _exact(ctx, path, scope, "length", old.length, new.length, where)
    for field, xsd_name in {**LOWER_BOUNDS, **UPPER_BOUNDS}.items():
        a, b = getattr(old, field), getattr(new, field)
        if a != b:
            upper = field in UPPER_BOUNDS
            _bound(ctx, path, scope, xsd_name, a, b, upper, where)
    if old.white_space != new.white_space:
        a_ws, b_ws = old.white_space or "preserve", new.white_space or "preserve"
        looser = WHITE_SPACE.index(b_ws) > WHITE_SPACE.index(a_ws)
        ctx.emit(
            "facet-loosened" if looser else "facet-tightened",
            path,
            f"whiteSpace of {path} changed from {a_ws} to {b_ws}",
            f"whiteSpace={a_ws}",
            f"whiteSpace={b_ws}",
            scope,
            where,
        )


def _enumeration(
    ctx: Comparison, path: str, scope: Scope, old: Facets, new: Facets, where: Where
) -> None:
    a = {e.value: e.doc for e in old.enumeration}
    b = {e.value: e.doc for e in new.enumeration}
    at = {e.value: e.location for e in (*old.enumeration, *new.enumeration)}
    if not a and b:
        ctx.emit(
            "facet-tightened",
            path,
            f"{path} is now limited to {len(b)} enumeration value(s)",
            None,
            "enumeration=" + "|".join(b),
            scope,
            where,
        )
        return
    if a and not b:
        ctx.emit(
            "facet-loosened",
            path,
            f"{path} is no longer limited to enumeration values",
            "enumeration=" + "|".join(a),
            None,
            scope,
            where,
        )
        return
    for value in (v for v in b if v not in a):
        ctx.emit(
            "enumeration-value-added",
            path,
            f"Enumeration value {quoted(value)} added to {path}",
            None,
            value,
            scope,
            (where[0], at[value] or where[1]),
        )
    for value in (v for v in a if v not in b):
        ctx.emit(
            "enumeration-value-removed",
            path,
            f"Enumeration value {quoted(value)} removed from {path}",
            value,
            None,
            scope,
            (at[value] or where[0], where[1]),
        )
    for value in (v for v in a if v in b and normalized(a[v]) != normalized(b[v])):
        ctx.emit(
            "documentation-changed",
            f"{path}/{value}",
            f"Documentation of enumeration value {quoted(value)} of {path} changed",
            normalized(a[value]),
            normalized(b[value]),
            scope,
            where,
        )


def _patterns(
    ctx: Comparison,
    path: str,
    scope: Scope,
    old: tuple[str, ...],
    new: tuple[str, ...],
    where: Where,
) -> None:
    removed = [p for p in old if p not in new]
    added = [p for p in new if p not in old]
    if len(removed) == 1 and len(added) == 1:
        # Regular languages are not compared: a rewritten pattern counts as both.
        ctx.emit(
            "facet-tightened",
            path,
            f"pattern of {path} changed from {quoted(removed[0])} to {quoted(added[0])}",
            f"pattern={removed[0]}",
            f"pattern={added[0]}",
            scope,
            where,
            CHANGES,
        )
        return
    for p in added:
        ctx.emit(
            "facet-tightened",
            path,
            f"pattern {quoted(p)} added to {path}",
            None,
            f"pattern={p}",
            scope,
            where,
        )
    for p in removed:
        ctx.emit(
            "facet-loosened",
            path,
            f"pattern {quoted(p)} removed from {path}",
            f"pattern={p}",
            None,
            scope,
            where,
        )


def _exact(
    ctx: Comparison, path: str, scope: Scope, name: str, a: int | None, b: int | None, where: Where
) -> None:
    if a == b:
        return
    if a is None:
        rule, effect, text = "facet-tightened", None, f"{name} {b} added to {path}"
    elif b is None:
        rule, effect, text = "facet-loosened", None, f"{name} {a} removed from {path}"
    else:
        rule, effect = "facet-tightened", CHANGES
        text = f"{name} of {path} changed from {a} to {b}"
    ctx.emit(
        rule,
        path,
        text,
        None if a is None else f"{name}={a}",
        None if b is None else f"{name}={b}",
        scope,
        where,
        effect,
    )


def _bound(
    ctx: Comparison,
    path: str,
    scope: Scope,
    name: str,
    a: object,
    b: object,
    upper: bool,
    where: Where,
) -> None:
    effect: Effect | None = None
    if a is None:
        tighter, text = True, f"{name} {b} added to {path}"
    elif b is None:
        tighter, text = False, f"{name} {a} removed from {path}"
    else:
        order = _order(str(a), str(b))
        verb = {-1: "raised", 1: "lowered", 0: "changed"}[order]
        text = f"{name} of {path} {verb} from {a} to {b}"
        tighter = order == (1 if upper else -1)
        if order == 0:
            effect = CHANGES  # values we cannot order (e.g. mixed time zones): assume both
    ctx.emit(
        "facet-tightened" if tighter or effect else "facet-loosened",
        path,
        text,
        None if a is None else f"{name}={a}",
        None if b is None else f"{name}={b}",
        scope,
        where,
        effect,
    )


def _order(a: str, b: str) -> int:
    """-1 when b is larger than a, 1 when smaller, 0 when they cannot be ordered."""
    try:
        x, y = Decimal(a), Decimal(b)
    except InvalidOperation:
        # ISO dates and times of one shape order as text
        if len(a) != len(b):
            return 0
        return -1 if b > a else 1
    return -1 if y > x else 1
