"""Every side of one contract version, built once: ours, xsdata, zeep, lxml and xmlschema.

A side that cannot be built (the SDK not generated yet, a tool missing) is kept as the Skip or
error that explains why, so each of its rows says so instead of the run failing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from bench.competitors import LxmlLimit, Skip, XmlschemaSide, XsdataSide, ZeepSide
from bench.ours import OursSide

T = TypeVar("T")
#: Every side there is.
TOOLS = ("ours", "xsdata", "zeep", "lxml", "xmlschema")


@dataclass(slots=True)
class Contract:
    """One contract version: where its WSDL and message schema are, and its SDK's import path."""

    label: str  # "2.8", or a short name for a real contract
    wsdl: Path
    schema: Path
    import_path: str
    src: Path | None = None


@dataclass(slots=True)
class Sides:
    contract: Contract
    ours: OursSide | BaseException
    xsdata: XsdataSide | BaseException
    zeep: ZeepSide | BaseException
    lxml: LxmlLimit | BaseException
    xmlschema: XmlschemaSide | BaseException
    objects: dict[tuple[str, str], object | BaseException] = field(default_factory=dict)

    def obj(self, tool: str, qname: str, data: bytes) -> Any:
        """The tool's object for a message (parsed from its bytes once; errors re-raised)."""
        key = (tool, qname + str(hash(data)))
        if key not in self.objects:
            side = get(getattr(self, tool))
            try:
                self.objects[key] = side.load(qname, data)
            except Exception as exc:
                self.objects[key] = exc
        value = self.objects[key]
        if isinstance(value, BaseException):
            raise value
        return value


def get(side: T | BaseException) -> T:
    """The side, or raise what stopped it from being built."""
    if isinstance(side, BaseException):
        raise side
    return side


def _try(make: Callable[[], T]) -> T | BaseException:
    try:
        return make()
    except Exception as exc:  # recorded per row
        return exc if isinstance(exc, Skip) else RuntimeError(f"{type(exc).__name__}: {exc}")


def build(contract: Contract, workdir: Path, tools: Collection[str] = TOOLS) -> Sides:
    """Every side named in ``tools``; the others stay unbuilt (a Skip saying so)."""
    # xsdata writes package names in lower case
    package = "bench_xsdata_" + "".join(c if c.isalnum() else "_" for c in contract.label.lower())
    src = contract.src

    def side(tool: str, make: Callable[[], T]) -> T | BaseException:
        return _try(make) if tool in tools else Skip(f"{tool} is not part of this run (--only)")

    return Sides(
        contract=contract,
        ours=side(
            "ours",
            lambda: OursSide(contract.import_path, src) if src else OursSide(contract.import_path),
        ),
        xsdata=side("xsdata", lambda: XsdataSide(contract.wsdl, package, workdir / package)),
        zeep=side("zeep", lambda: ZeepSide(contract.wsdl)),
        lxml=side("lxml", lambda: LxmlLimit(contract.schema)),
        xmlschema=side("xmlschema", lambda: XmlschemaSide(contract.schema)),
    )
