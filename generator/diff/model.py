"""The change model shared by the engine, the rules and the renderers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.ir import Contract, Location

Level = Literal["breaking", "warning", "info"]
Side = Literal["client", "service"]
Direction = Literal["request", "response", "both", "none"]
Widening = Literal["none", "tolerant", "strict"]
SideChoice = Literal["client", "service", "both"]
FailOn = Literal["breaking", "warning", "info", "never"]

LEVELS: tuple[Level, ...] = ("breaking", "warning", "info")  # worst first
SIDES: tuple[Side, ...] = ("client", "service")
_RANK: dict[Level, int] = {"info": 0, "warning": 1, "breaking": 2}


def rank(level: Level) -> int:
    """Higher is worse: info 0, warning 1, breaking 2."""
    return _RANK[level]


def worst(*levels: Level) -> Level:
    return max(levels, key=rank) if levels else "info"


@dataclass(frozen=True)
class Effect:
    """What a change does to the set of valid documents.

    ``narrows``: some documents valid under the old contract are invalid under the new one.
    ``widens``: some documents valid under the new contract were invalid under the old one;
    ``tolerant`` when the only novelty is something a tolerant reader can skip or map to
    "unknown" (an added optional element, attribute, enumeration value or choice branch).
    """

    narrows: bool = False
    widens: Widening = "none"


NEUTRAL = Effect()
NARROWS = Effect(narrows=True)
WIDENS = Effect(widens="strict")
TOLERANT = Effect(widens="tolerant")
CHANGES = Effect(narrows=True, widens="strict")


@dataclass(frozen=True)
class Verdict:
    client: Level
    service: Level


@dataclass(frozen=True)
class Change:
    """One difference between two contracts, judged for both sides."""

    rule: str
    path: str
    message: str
    old: str | None
    new: str | None
    operations: tuple[str, ...]
    direction: Direction
    client: Level
    service: Level
    old_location: Location | None
    new_location: Location | None
    fingerprint: str
    waiver: str | None = None  # the waiver's reason, when waived

    @property
    def waived(self) -> bool:
        return self.waiver is not None

    def level(self, side: SideChoice) -> Level:
        if side == "both":
            return worst(self.client, self.service)
        return self.client if side == "client" else self.service


@dataclass(frozen=True)
class ContractInfo:
    """Which contract a report side describes."""

    service: str
    version: str | None
    entry: str
    target_namespace: str | None

    @classmethod
    def of(cls, contract: Contract) -> ContractInfo:
        return cls(contract.service, contract.version, contract.entry, contract.target_namespace)

    @property
    def label(self) -> str:
        return f"{self.service} {self.version}" if self.version else self.entry


@dataclass(frozen=True)
class Report:
    old: ContractInfo
    new: ContractInfo
    changes: tuple[Change, ...]

    @property
    def title(self) -> str:
        if self.old.service == self.new.service and self.old.version and self.new.version:
            return f"{self.old.service} {self.old.version} → {self.new.version}"
        return f"{self.old.label} → {self.new.label}"

    def summary(self) -> dict[Side, dict[Level, int]]:
        """Unwaived changes per side and level (waived ones are accepted, so not counted)."""
        counts: dict[Side, dict[Level, int]] = {s: {lv: 0 for lv in LEVELS} for s in SIDES}
        for change in self.changes:
            if not change.waived:
                for side in SIDES:
                    counts[side][change.level(side)] += 1
        return counts

    def fails(self, side: SideChoice, fail_on: FailOn) -> bool:
        """Whether an unwaived change on ``side`` is at or above ``fail_on``."""
        if fail_on == "never":
            return False
        return any(not c.waived and rank(c.level(side)) >= rank(fail_on) for c in self.changes)


@dataclass(frozen=True)
class RenderOptions:
    """What the CI formats need beyond the report: which side and threshold fail the run
    (junit failures, annotation levels) and where each contract's files are on disk."""

    side: SideChoice = "both"
    fail_on: FailOn = "never"
    old_root: str = ""
    new_root: str = ""
