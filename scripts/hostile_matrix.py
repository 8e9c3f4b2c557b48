"""Run the hostile-input matrix once and write its figures into docs/security.md.

    .venv/bin/python scripts/hostile_matrix.py          # prints and writes the table
    .venv/bin/python scripts/hostile_matrix.py --print  # prints only

The cases are those of ``tests/hardening/matrix.py`` (the test run asserts their budgets);
this script records what they measured: outcome, time and peak memory per entry point.
"""

from __future__ import annotations

import argparse

import figures

figures.import_paths()

from hardening.hostile import load  # noqa: E402
from hardening.matrix import (  # noqa: E402
    ENTRIES,
    MEMORY_BUDGET,
    TIME_BUDGET,
    Measured,
    run_all,
)


def table(rows: list[Measured]) -> str:
    entries = [e.name for e in ENTRIES]
    cases = list(dict.fromkeys(r.case for r in rows))
    cell = {(r.case, r.entry): r for r in rows}
    lines = [
        "| input (size) | " + " | ".join(f"`{e}`" for e in entries) + " |",
        "|---|" + "---|" * len(entries),
    ]
    for case in cases:
        size = max(cell[case, e].size for e in entries) / 1024 / 1024
        shown = [
            f"{cell[case, e].outcome}: {cell[case, e].cpu * 1000:.0f} ms "
            f"({cell[case, e].seconds * 1000:.0f}), {cell[case, e].peak_mb:.0f} MB"
            for e in entries
        ]
        lines.append(f"| `{case}` ({size:.1f} MB) | " + " | ".join(shown) + " |")
    slowest = max(rows, key=lambda r: r.cpu)
    largest = max(rows, key=lambda r: r.peak_mb)
    lines += [
        "",
        "Each cell: outcome, CPU time of the process (wall-clock time in brackets), peak "
        "resident memory above the start of the case; the fastest of up to three runs. "
        f"Budgets asserted in CI: {TIME_BUDGET:g} s of CPU and {MEMORY_BUDGET} MB. Slowest: "
        f"`{slowest.entry}` on `{slowest.case}`, {slowest.cpu * 1000:.0f} ms of CPU; most "
        f"memory: `{largest.entry}` on `{largest.case}`, "
        f"{largest.peak_mb:.0f} MB. Measured with {figures.machine()}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", action="store_true", help="print only, do not write")
    options = parser.parse_args()
    text = table(list(run_all(load("2.8"))))
    print(text)
    if not options.print:
        figures.write("matrix", text)


if __name__ == "__main__":
    main()
