"""The real-world corpus: ``kygen selftest`` beside xsdata and zeep, per WSDL, and generation time.

``python -m bench.corpus [CORPUS] [--out docs/compatibility.md]`` walks every WSDL with a SOAP
binding under CORPUS (default ``corpus/``) and records, per WSDL:

- kygen: ``kygen selftest`` of that WSDL (generate, import, samples XSD-valid, round trip,
  validator, client against mock) and the first problem when it fails;
- xsdata: whether ``xsdata generate`` of the WSDL succeeds, and how long it takes;
- zeep: whether ``zeep.Client`` loads the WSDL (with a transport that refuses the network,
  as the generator does);
- the wall time of ``kygen generate --wsdl`` of the WSDL (a subprocess, like xsdata's; the
  best of three runs of each), whenever both tools generate.

Nothing here fetches anything: the machine may have no network, and a contract that needs one
is reported as such. The table goes into the ``<!-- corpus -->`` section of ``--out``.
"""

from __future__ import annotations

import argparse
import importlib
import re
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.competitors import run_timed, xsdata_generate_cmd
from bench.generate import compiled, kygen_wsdl_cmd
from generator import selftest

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- corpus: begin -->", "<!-- corpus: end -->"
REPEATS = 3  # generation times: the best of three runs of each tool


@dataclass
class Row:
    wsdl: str
    kygen: selftest.WsdlResult
    xsdata: str | None  # None: generated; else the first line of why not
    xsdata_s: float | None
    zeep: str | None
    kygen_s: float | None


def _first(text: str, limit: int = 150, last: bool = False) -> str:
    """One line of ``text`` (the first, or the ``last``), short enough for a table cell."""
    lines = [s.strip() for s in text.strip().splitlines() if s.strip() and "=====" not in s]
    line = (lines[-1] if last else lines[0]) if lines else "failed"
    line = line.replace("|", "\\|")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _timed(
    cmd: list[str], repeats: int = 1, env: dict[str, str] | None = None
) -> tuple[float | None, str | None]:
    """The best wall time of ``repeats`` runs of ``cmd``, or why it failed."""
    times = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="kygen-corpus-") as tmp:
            try:
                times.append(run_timed(cmd, Path(tmp), env))
            except RuntimeError as exc:  # run_timed joins the last lines with " | "
                return None, _first(str(exc).replace(" | ", "\n"), last=True)
    return min(times), None


def _zeep(wsdl: Path) -> str | None:
    zeep: Any = importlib.import_module("zeep")
    transport: Any = importlib.import_module("zeep.transports").Transport()
    local = transport.load

    def offline(url: str) -> bytes:
        if "://" in url and not url.startswith("file://"):
            raise OSError(f"needs the network: {url}")
        return bytes(local(url))

    transport.load = offline
    try:
        zeep.Client(str(wsdl), transport=transport)
    except Exception as exc:  # noqa: BLE001 - any failure to load is the result
        return _first(f"{type(exc).__name__}: {exc}")
    return None


def measure(corpus: Path) -> list[Row]:
    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="kygen-corpus-sdk-") as tmp,
        tempfile.TemporaryDirectory(prefix="kygen-corpus-pyc-") as pyc,
    ):
        env = compiled(pyc)  # the best of three runs is always one from compiled modules
        for n, wsdl in enumerate(selftest.wsdl_files(corpus), 1):
            if not selftest.has_soap_binding(wsdl):
                continue
            relative = wsdl.relative_to(corpus).as_posix()
            ours = selftest.check_wsdl(
                wsdl, relative, Path(tmp) / str(n), f"_kygen_corpus_{n}", corpus
            )
            xsdata_s, xsdata = _timed(xsdata_generate_cmd(wsdl, f"corpus{n}"), REPEATS, env)
            kygen_s = None
            if ours.error is None and xsdata is None:
                out = Path(tmp) / "out"
                command = kygen_wsdl_cmd(wsdl, f"corpus{n}", out, corpus)
                kygen_s, _ = _timed(command, REPEATS, env)
            results: list[selftest.WsdlResult | selftest.OperationResult] = [ours]
            for result in [*results, *ours.operations]:  # a file's name is enough in the table
                if result.error:
                    result.error = re.sub(r"(?<= )/\S*/(?=[^/ ]+:\d+: )", "", result.error)
            rows.append(Row(relative, ours, xsdata, xsdata_s, _zeep(wsdl), kygen_s))
            print(f"{relative}: {'pass' if ours.ok else 'FAIL'}", file=sys.stderr)
    return rows


def table(rows: list[Row]) -> list[str]:
    passed = [r for r in rows if r.kygen.ok]
    xsdata_ok = [r for r in rows if r.xsdata is None]
    zeep_ok = [r for r in rows if r.zeep is None]
    ratios = [r.kygen_s / r.xsdata_s for r in rows if r.kygen_s and r.xsdata_s]
    summary = (
        f"{len(rows)} WSDLs with a SOAP binding: kygen selftest passes {len(passed)} "
        f"({100 * len(passed) / len(rows):.0f} %), xsdata generates {len(xsdata_ok)} "
        f"({100 * len(xsdata_ok) / len(rows):.0f} %), zeep loads {len(zeep_ok)} "
        f"({100 * len(zeep_ok) / len(rows):.0f} %)."
    )
    lines = [summary, ""]
    if ratios:
        timing = (
            "Generation time, `kygen generate --wsdl` / `xsdata generate` of the same WSDL, "
            f"over the {len(ratios)} WSDLs both generate: median "
            f"{statistics.median(ratios):.2f}×, worst {max(ratios):.2f}× (best of {REPEATS} "
            "runs each, wall time with interpreter start-up, both from compiled modules)."
        )
        lines += [timing, ""]
    lines += [
        "| WSDL | operations | kygen selftest | xsdata generate | zeep |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        ours = "pass" if r.kygen.ok else f"**fail**: {_first(r.kygen.first_error or '')}"
        xsdata = "ok" if r.xsdata is None else f"fails: {r.xsdata}"
        zeep = "loads" if r.zeep is None else f"fails: {r.zeep}"
        lines.append(f"| `{r.wsdl}` | {len(r.kygen.operations)} | {ours} | {xsdata} | {zeep} |")
    return lines


def write(out: Path, lines: list[str]) -> None:
    text = out.read_text(encoding="utf-8") if out.is_file() else f"{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    out.write_text(head + BEGIN + "\n" + "\n".join(lines) + "\n" + END + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "compatibility.md")
    args = parser.parse_args(argv)
    write(args.out, table(measure(args.corpus.resolve())))


if __name__ == "__main__":
    main()
