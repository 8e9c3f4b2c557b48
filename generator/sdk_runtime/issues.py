"""Validation issues: one frozen ``Issue`` per contract violation, shared by every version.

``path`` names the element from the root, with 1-based indexes where a name repeats among its
siblings (``AktivitetRequest/Aktivitet/Godtgoerelse[2]/Periode/FraDato``; ``@name`` for an
attribute). ``code`` is the XSD facet or rule that is broken (one of `CODES`). ``message`` is
a sentence naming the value and the rule; it never holds an unmasked CPR number. ``value`` is
the offending value as given (the Python value, or the XML text); ``str()``, ``repr()`` and
``as_dict()`` show it masked, so issues can be logged as they are.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

from .logsafe import mask

CODES = frozenset(
    {
        "required",
        "maxOccurs",
        "enumeration",
        "pattern",
        "length",
        "minLength",
        "maxLength",
        "totalDigits",
        "fractionDigits",
        "minInclusive",
        "maxInclusive",
        "minExclusive",
        "maxExclusive",
        "choice",
        "abstract",
        "nillable",
        "fixed",
        "type",
        "more",
    }
)
MAX_ISSUES = 1000  # issues an XML validation keeps; the rest are counted (`IssueList`)

_SHOWN = 60  # characters of a value quoted in a message


@dataclass(frozen=True, slots=True, repr=False)
class Issue:
    """One contract violation: where (``path``), which rule (``code``), what (``message``)."""

    path: str
    code: str
    message: str
    value: object = None
    sensitive: bool = dataclasses.field(default=False, compare=False)
    """The value is a CPR number (or meant to be one): shown as ``DDMMYY-****`` only."""

    @property
    def shown_value(self) -> str | None:
        """The value as it may be printed or logged (CPR numbers masked), None when absent."""
        if self.value is None:
            return None
        if self.sensitive:
            return mask_cpr(self.value)
        return mask(str(self.value))

    def __str__(self) -> str:
        text = f"{self.code}: {mask(self.message)}"
        return f"{self.path}: {text}" if self.path else text

    def __repr__(self) -> str:
        shown = self.shown_value
        return (
            f"Issue(path={self.path!r}, code={self.code!r}, message={mask(self.message)!r}, "
            f"value={shown!r})"
        )

    def as_dict(self) -> dict[str, str | None]:
        """JSON-ready, masked: ``path``, ``code``, ``message``, ``value``."""
        return {
            "path": self.path,
            "code": self.code,
            "message": mask(self.message),
            "value": self.shown_value,
        }


class IssueList(list[Issue]):
    """The issues of one validation: the first ``limit`` are kept, the rest only counted, in a
    last issue (code ``more``: "… and N more issues"). A hostile message of 10 MB holds
    hundreds of thousands of problems; keeping them all would take gigabytes."""

    def __init__(self, limit: int = MAX_ISSUES) -> None:
        super().__init__()
        self.limit = limit
        self.more = 0

    def append(self, issue: Issue) -> None:
        if len(self) < self.limit:
            super().append(issue)
        else:
            self._count(1)

    def extend(self, issues: Iterable[Issue]) -> None:
        if isinstance(issues, IssueList) and issues.more:
            kept = issues[:-1]  # its summary is counted, not kept
            for issue in kept:
                self.append(issue)
            self._count(issues.more)
        else:
            for issue in issues:
                self.append(issue)

    def __iadd__(self, issues: Iterable[Issue]) -> Self:  # type: ignore[override,misc]
        self.extend(issues)
        return self

    def _count(self, n: int) -> None:
        counted = self.more
        self.more += n
        message = f"… and {self.more} more issue(s), not listed"
        if counted:  # the summary is this list's own: updated in place, not made anew
            object.__setattr__(self[-1], "message", message)
        else:
            super().append(Issue("", "more", message))


def spare(issues: list[Issue]) -> bool:
    """Whether ``issues`` keeps one more issue; when it is a full `IssueList`, the issue is
    counted instead and False returned, so a hot loop need not build it."""
    if isinstance(issues, IssueList) and len(issues) >= issues.limit:
        issues._count(1)
        return False
    return True


def mask_cpr(value: object) -> str:
    """A CPR-typed value for display: the birth date part only, ``010190-****``."""
    text = str(value)
    return f"{text[:6]}-****" if len(text) > 6 else "****"


def show(value: object) -> str:
    """A value quoted for a message: strings in quotes (shortened), ten-digit runs masked."""
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, str):
        text = value if len(value) <= _SHOWN else value[:_SHOWN] + "…"
        return mask(repr(text))
    if isinstance(value, (bytes, bytearray)):
        return f"{len(value)} bytes"
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return mask(str(value))


def show_cpr(value: object) -> str:
    """A CPR-typed value quoted for a message, masked."""
    return repr(mask_cpr(value))
