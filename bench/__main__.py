"""``python -m bench [--quick] [--output bench/results.json] [--update-docs]``.

Measures the generated SDK against xsdata, zeep, xmlschema and bare lxml in one process on
the same messages, prints the tables and writes the results file. Benchmarks are not tests:
nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import extras, generate, messages, real, roundtrip, suite
from bench.ours import KY_SRC
from bench.report import load_average, machine, markdown, now, update_docs, write_json
from bench.results import Row, progress, ratios
from bench.sides import Contract, build
from bench.targets import evaluate
from bench.timing import FULL, QUICK

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = ("2.7", "2.8")
LATEST = VERSIONS[-1]
DOCS = ROOT / "docs" / "performance.md"


def ky_contract(version: str, sdk: Path = KY_SRC) -> Contract:
    folder = ROOT / "contracts" / "kontanthjaelp" / version
    return Contract(
        label=version,
        wsdl=folder / "wsdl" / "context" / "KontanthjaelpService.wsdl",
        schema=folder / "KontanthjaelpServiceMsg.xsd",
        import_path="ky_kontanthjaelp.v" + version.replace(".", "_"),
        src=sdk,
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[2])
    parser.add_argument("--quick", action="store_true", help="smoke run: seconds, not results")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument(
        "--update-docs",
        action="store_true",
        help=f"rewrite the results section of {DOCS.relative_to(ROOT)}",
    )
    parser.add_argument(
        "--sdk",
        type=Path,
        default=KY_SRC,
        help="the src/ folder holding ky_kontanthjaelp (default: generated/ky_kontanthjaelp/src)",
    )
    parser.add_argument(
        "--versions", nargs="+", default=list(VERSIONS), choices=VERSIONS, metavar="VERSION"
    )
    return parser.parse_args(argv)


def run(quick: bool, versions: list[str], sdk: Path = KY_SRC) -> dict[str, Any]:
    settings = QUICK if quick else FULL
    items = messages.QUICK_LARGE_ITEMS if quick else messages.LARGE_ITEMS
    rows: list[Row] = []
    memory: list[dict[str, Any]] = []
    scaling: list[dict[str, Any]] = []
    xsdata_seed: dict[str, float] = {}
    started = time.perf_counter()
    info = machine()
    with tempfile.TemporaryDirectory(prefix="ky-bench-") as tmp:
        work = Path(tmp)
        for version in versions:
            contract = ky_contract(version, sdk.resolve())
            progress(f"contract {version}: building every side")
            sides = build(contract, work)
            standard = messages.standard(quick)
            messages.check_valid(standard, contract.schema)
            rows += suite.run(sides, standard, settings)
            rows += roundtrip.run(sides, standard[:2], settings)
            if version == versions[-1]:
                if not isinstance(sides.xsdata, BaseException):
                    xsdata_seed = {"xsdata": sides.xsdata.generate_s}
                memory = extras.peak_memory(sides, items)
                scaling = extras.scaling(sides, items, settings)
        newest = versions[-1]
        progress(f"generate: kygen vs xsdata for {newest}")
        rows += generate.compare(
            newest,
            lambda out: generate.kygen_cmd(f"kontanthjaelp/{newest}", out),
            ky_contract(newest).wsdl,
            repeats=1 if quick else 5,
            seed=xsdata_seed if quick else None,
        )
        progress("a real KOMBIT contract")
        rows += real.run(work, settings, quick)
    found = ratios(rows)
    info["load_average_at_end"] = load_average()
    return {
        "schema": 1,
        "generated_at": now(),
        "quick": quick,
        "duration_s": round(time.perf_counter() - started, 1),
        "machine": info,
        "settings": {
            "min_batch_s": settings.min_batch_s,
            "repeats": settings.repeats,
            "large_items": items,
            "versions": versions,
            "sdk": str(sdk),
        },
        "rows": [r.to_dict() for r in rows],
        "ratios": [r.to_dict() for r in found],
        "targets": evaluate(found),
        "memory": memory,
        "scaling": scaling,
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args.quick, args.versions, args.sdk)
    write_json(results, args.output)
    section = markdown(results)
    print(section)
    if args.update_docs:
        update_docs(DOCS, section)
        progress(f"updated {DOCS.relative_to(ROOT)}")
    progress(f"wrote {args.output} in {results['duration_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
