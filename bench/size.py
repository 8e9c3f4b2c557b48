"""Generated code size: lines of Python per contract version, beside ``xsdata generate``'s.

``python -m bench.size`` prints the table of ``docs/performance.md`` ("Generated code size"):
for each contract, the lines of a version's modules (``models.py``, ``xml.py``,
``validate.py``, ``client.py``, ``mock.py``, ``__init__.py``; not the shared ``_runtime/``
nor ``schemas/``) and of every ``.py`` file ``xsdata generate`` writes for the same WSDL,
counted like ``wc -l``. xsdata's code is counted as ``xsdata[cli]`` writes it: formatted by
ruff, which it requires (without ruff on the PATH it fails after writing unformatted files:
the counts before issue 12's third session were taken that way). kontanthjaelp is read from
``generated/``; the other contracts (SF1500 Organisation from ``corpus/``, the rest from
``../shared/kombit-contracts``, skipped when absent) are generated into a temporary folder
with ``kygen generate --wsdl``.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.competitors import run_timed, xsdata_generate_cmd
from bench.generate import kygen_wsdl_cmd

ROOT = Path(__file__).resolve().parents[1]
KY_SRC = ROOT / "generated" / "ky_kontanthjaelp" / "src" / "ky_kontanthjaelp"
KY_WSDL = "contracts/kontanthjaelp/{}/wsdl/context/KontanthjaelpService.wsdl"
SHARED = ROOT.parent / "shared" / "kombit-contracts"
SF1500 = "corpus/itk-dev-serviceplatformen/sf1500/Tekniske specifikationer (v6.0 Services)/v6_0_0_0"
MODULES = ("validate.py", "xml.py", "models.py", "client.py", "mock.py", "__init__.py")
#: contract → its WSDL, for the contracts generated here
OTHERS = {
    "SF1500 Organisation": ROOT / SF1500 / "wsdl" / "Organisation.wsdl",
    "SF2900 Distribution": SHARED / "sf2900-distribution/wsdl/context/DistributionService.wsdl",
    "SF1600 Print": SHARED / "sf1600-print/wsdl/context/PrintService.wsdl",
    "SF1520": SHARED
    / "sf1520-cpr-person-base-data-extended/wsdl/context/PersonBaseDataExtendedService.wsdl",
}


@dataclass
class Count:
    label: str
    modules: dict[str, int]
    xsdata: int

    @property
    def ours(self) -> int:
        return sum(self.modules.values())


def lines(path: Path) -> int:
    """Newlines in ``path``, as ``wc -l`` counts."""
    return path.read_bytes().count(b"\n")


def xsdata_lines(wsdl: Path, out: Path) -> int:
    out.mkdir()
    run_timed(xsdata_generate_cmd(wsdl, "gen"), out)  # ruff from this interpreter's folder
    return sum(lines(p) for p in out.rglob("*.py"))


def count(label: str, wsdl: Path, work: Path, version: Path | None = None) -> Count:
    if version is None:
        run_timed(kygen_wsdl_cmd(wsdl, "sizeprobe", work / "kygen"), work)
        (version,) = {p.parent for p in (work / "kygen").rglob("validate.py")}
    modules = {name: lines(version / name) for name in MODULES if (version / name).is_file()}
    return Count(label, modules, xsdata_lines(wsdl, work / "xsdata"))


def table(counts: list[Count]) -> str:
    rows = [
        "| contract | ours | validate.py | xml.py | models.py | xsdata | ours ÷ xsdata |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for c in counts:
        numbers = [c.ours, *(c.modules.get(m, 0) for m in MODULES[:3]), c.xsdata]
        cells = " | ".join(f"{n:,}".replace(",", " ") for n in numbers)
        rows.append(f"| {c.label} | {cells} | {c.ours / c.xsdata:.2f}× |")
    return "\n".join(rows)


def main() -> int:
    counts = []
    for version in ("2.8", "2.7"):
        with tempfile.TemporaryDirectory(prefix="bench-size-") as tmp:
            folder = KY_SRC / f"v{version.replace('.', '_')}"
            wsdl = ROOT / KY_WSDL.format(version)
            counts.append(count(f"kontanthjaelp {version}", wsdl, Path(tmp), folder))
    for label, wsdl in OTHERS.items():
        if not wsdl.is_file():
            print(f"skipped {label}: {wsdl} not found", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory(prefix="bench-size-") as tmp:
            counts.append(count(label, wsdl, Path(tmp)))
    print(table(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
