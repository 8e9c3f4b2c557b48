"""The targets of issue 8, checked against the ratios of the typical message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bench.results import Ratio


@dataclass(frozen=True, slots=True)
class Target:
    """``ours ÷ other <= limit`` for one group (a speedup target ``N×`` is ``limit = 1/N``)."""

    id: str
    text: str
    group: str
    other: str
    limit: float
    strict: bool = False  # ``<`` instead of ``<=``

    def met(self, ours_over_other: float) -> bool:
        if self.strict:
            return ours_over_other < self.limit
        return ours_over_other <= self.limit


TARGETS: tuple[Target, ...] = (
    Target(
        "serialize-xsdata", "serialize >= 30x faster than xsdata", "serialize", "xsdata", 1 / 30
    ),
    Target("serialize-limit", "serialize <= 1x lxml tostring", "serialize", "lxml", 1.0),
    Target("parse-xsdata", "parse >= 8x faster than xsdata", "parse", "xsdata", 1 / 8),
    Target("parse-zeep", "parse >= 15x faster than zeep", "parse", "zeep", 1 / 15),
    Target("parse-limit", "parse within 2.5x of lxml fromstring", "parse", "lxml", 2.5),
    Target(
        "validate-lxml",
        "validate faster than XMLSchema.validate (parsed tree)",
        "validate",
        "lxml",
        1.0,
        strict=True,
    ),
    Target(
        "validate-xmlschema",
        "validate >= 100x faster than xmlschema",
        "validate",
        "xmlschema",
        1 / 100,
    ),
    Target("roundtrip-zeep", "client round trip >= 3x zeep", "roundtrip", "zeep", 1 / 3),
    Target("generate-xsdata", "generate no slower than xsdata generate", "generate", "xsdata", 1.0),
)

#: The message the targets are stated for ("-" for generation, which has no message).
TARGET_MESSAGE = "typical"


def evaluate(ratios: list[Ratio]) -> list[dict[str, Any]]:
    """One entry per target and version: the measured ratio and whether the target is met."""
    out: list[dict[str, Any]] = []
    for target in TARGETS:
        found = [
            r
            for r in ratios
            if r.group == target.group
            and r.other == target.other
            and r.message in (TARGET_MESSAGE, "-")
        ]
        versions = sorted({r.version for r in found}) or ["-"]
        for version in versions:
            match = next((r for r in found if r.version == version), None)
            out.append(
                {
                    "id": target.id,
                    "text": target.text,
                    "version": version,
                    "other": target.other,
                    "ours_over_other": match.ours_over_other if match else None,
                    "speedup": match.speedup if match else None,
                    "limit": target.limit,
                    "met": target.met(match.ours_over_other) if match else None,
                }
            )
    return out
