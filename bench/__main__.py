"""``python -m bench [--quick] [--output bench/results.json] [--update-docs]``.

Measures the generated SDK against xsdata, zeep, xmlschema and bare lxml in one process on
the same messages, prints the tables and writes the results file. Benchmarks are not tests:
nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import generate, memory, messages, real, roundtrip, scaling, startup, suite
from bench.ours import KY_SRC
from bench.report import load_average, machine, markdown, now, update_docs, write_json
from bench.results import Ratio, Row, progress, ratios
from bench.sides import Contract, build
from bench.targets import evaluate
from bench.timing import FULL, QUICK

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = ("2.7", "2.8")
#: What ``--only`` can pick, in the order a full run measures it.
GROUPS = (
    "serialize", "parse", "validate", "roundtrip", "memory", "scaling", "import", "generate",
    "real",
)  # fmt: skip
#: The sides each group measures (a run builds only the ones its groups need).
NEEDS = {
    "serialize": ("ours", "xsdata", "zeep", "lxml"),
    "parse": ("ours", "xsdata", "zeep", "lxml"),
    "validate": ("ours", "lxml", "xmlschema"),
    "roundtrip": ("ours", "zeep"),
    "memory": ("ours", "xsdata", "zeep", "lxml"),
    "scaling": ("ours", "lxml"),
}
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
    parser.add_argument(
        "--only",
        type=_groups,
        default=GROUPS,
        metavar="GROUP,...",
        help=f"measure only these (comma-separated): {', '.join(GROUPS)}",
    )
    return parser.parse_args(argv)


def _groups(text: str) -> tuple[str, ...]:
    picked = tuple(g.strip() for g in text.split(",") if g.strip())
    unknown = [g for g in picked if g not in GROUPS]
    if unknown or not picked:
        raise argparse.ArgumentTypeError(f"pick from {', '.join(GROUPS)}; not {unknown}")
    return picked


def run(
    quick: bool, versions: list[str], sdk: Path = KY_SRC, groups: tuple[str, ...] = GROUPS
) -> dict[str, Any]:
    settings = QUICK if quick else FULL
    items = messages.QUICK_LARGE_ITEMS if quick else messages.LARGE_ITEMS
    rows: list[Row] = []
    peak: list[dict[str, Any]] = []
    scales: list[dict[str, Any]] = []
    imports: list[dict[str, Any]] = []
    xsdata_seed: dict[str, float] = {}
    started = time.perf_counter()
    info = machine()
    tools = {tool for g in groups for tool in NEEDS.get(g, ())}
    newest = versions[-1]
    with tempfile.TemporaryDirectory(prefix="ky-bench-") as tmp:
        work = Path(tmp)
        for version in versions if tools else ():
            contract = ky_contract(version, sdk.resolve())
            progress(f"contract {version}: building {', '.join(sorted(tools))}")
            sides = build(contract, work, tools)
            standard = messages.standard(quick)
            messages.check_valid(standard, contract.schema)
            rows += suite.run(sides, standard, settings, groups)
            if "roundtrip" in groups:
                rows += roundtrip.run(sides, standard[:2], settings)
            if version == newest:
                if not isinstance(sides.xsdata, BaseException):
                    xsdata_seed = {"xsdata": sides.xsdata.generate_s}
                if "memory" in groups:
                    peak = memory.peak_memory(sides, items)
                if "scaling" in groups:
                    scales = scaling.run(sides, settings, quick)
        if "import" in groups:
            progress(f"import time of {newest}")
            imports = startup.run(sdk.resolve(), ky_contract(newest).import_path, newest, quick)
        if "generate" in groups:
            progress(f"generate: kygen vs xsdata for {newest}")
            rows += generate.compare(
                newest,
                lambda out: generate.kygen_cmd(f"kontanthjaelp/{newest}", out),
                ky_contract(newest).wsdl,
                repeats=1 if quick else 5,
                seed=xsdata_seed if quick else None,
            )
        if "real" in groups:
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
            "groups": list(groups),
        },
        "rows": [r.to_dict() for r in rows],
        "ratios": [r.to_dict() for r in found],
        "targets": evaluate(found, scales, imports),
        "memory": peak,
        "scaling": scales,
        "imports": imports,
    }


def merge(previous: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """A partial run (--only) on top of the previous results: its rows, ratios and tables
    replace the ones they measured again, the rest stay, and the targets are re-evaluated."""
    merged = dict(current)
    rows = {r["id"]: r for r in previous["rows"]} | {r["id"]: r for r in current["rows"]}
    merged["rows"] = list(rows.values())

    def key(r: dict[str, Any]) -> tuple[str, ...]:
        return r["group"], r["version"], r["message"], r["other"]

    found = {key(r): r for r in previous["ratios"]} | {key(r): r for r in current["ratios"]}
    merged["ratios"] = list(found.values())
    for part in ("memory", "scaling", "imports"):
        merged[part] = current[part] or previous.get(part, [])
    again = [Ratio(**{k: r[k] for k in ("group", "version", "message", "other", "ours_over_other")})
             for r in merged["ratios"]]  # fmt: skip
    merged["targets"] = evaluate(again, merged["scaling"], merged["imports"])
    merged["merged_onto"] = previous.get("merged_onto") or previous["generated_at"]
    return merged


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args.quick, args.versions, args.sdk, args.only)
    if set(args.only) != set(GROUPS) and not args.quick and args.output.is_file():
        previous = json.loads(args.output.read_text(encoding="utf-8"))
        if not previous.get("quick"):
            results = merge(previous, results)
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
