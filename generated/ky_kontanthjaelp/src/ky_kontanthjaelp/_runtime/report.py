"""Issues about a simple value, worded once: the reporting half of every facet check.

A version's ``validate.py`` tests each facet inline (the hot path: one comparison); only a
value that fails calls one of these to say so. ``val`` is the value as given (shown masked
when ``sensitive``: a CPR number), ``label`` the simple type's name.
"""

from __future__ import annotations

from .issues import Issue, show, show_cpr

_SIZE = {
    "length": "requires exactly",
    "minLength": "requires at least",
    "maxLength": "allows at most",
}
_BOUND = {
    "minInclusive": "is below the minimum",
    "maxInclusive": "is above the maximum",
    "minExclusive": "must be greater than",
    "maxExclusive": "must be less than",
}


def _shown(val: object, sensitive: bool) -> str:
    return show_cpr(val) if sensitive else show(val)


def size_issue(
    issues: list[Issue],
    path: str,
    code: str,
    val: object,
    size: int,
    unit: str,
    label: str,
    limit: int,
    sensitive: bool = False,
) -> None:
    """A length, minLength or maxLength facet: ``size`` characters, bytes or items."""
    message = f"{_shown(val, sensitive)} has {size} {unit}; {label} {_SIZE[code]} {limit}"
    issues.append(Issue(path, code, message, val, sensitive))


def digits_issue(
    issues: list[Issue],
    path: str,
    code: str,
    val: object,
    count: int,
    label: str,
    limit: int,
    sensitive: bool = False,
) -> None:
    """A totalDigits or fractionDigits facet: ``count`` digits (or decimals)."""
    noun = "decimals" if code == "fractionDigits" else "digits"
    message = f"{_shown(val, sensitive)} has {count} {noun}; {label} allows at most {limit}"
    issues.append(Issue(path, code, message, val, sensitive))


def bound_issue(
    issues: list[Issue],
    path: str,
    code: str,
    val: object,
    bound: str,
    label: str,
    sensitive: bool = False,
) -> None:
    """A minInclusive, maxInclusive, minExclusive or maxExclusive facet."""
    message = f"{_shown(val, sensitive)} {_BOUND[code]} {bound} of {label}"
    issues.append(Issue(path, code, message, val, sensitive))


def pattern_issue(
    issues: list[Issue], path: str, val: object, pattern: str, label: str, sensitive: bool = False
) -> None:
    """A pattern facet (``pattern``: its beginning, as the schema writes it)."""
    message = f"{_shown(val, sensitive)} does not match the pattern {pattern} of {label}"
    issues.append(Issue(path, "pattern", message, val, sensitive))


def not_listed(val: object, label: str, listed: str, sensitive: bool = False) -> str:
    """The message of an enumeration facet: every value, so the user finds the spelling."""
    return f"{_shown(val, sensitive)} is not one of the values of {label}: {listed}"


def enumeration_issue(
    issues: list[Issue], path: str, val: object, label: str, listed: str, sensitive: bool = False
) -> None:
    issues.append(
        Issue(path, "enumeration", not_listed(val, label, listed, sensitive), val, sensitive)
    )
