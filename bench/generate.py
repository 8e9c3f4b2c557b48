"""Generation time: ``kygen generate`` of one contract version vs ``xsdata generate`` of its WSDL.

Both run as subprocesses of this interpreter (so both pay interpreter start-up and imports, from
compiled ``.pyc`` files as after installation), alternately, into fresh temporary folders; each
sample is one complete run. kygen runs twice
per round: with its template cache filled by an untimed first run (``ours``, what every run
after the first on a machine sees) and with an empty one (``cold``).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.competitors import run_timed, xsdata_generate_cmd
from bench.results import Row, progress, record, short
from bench.timing import Stats, quartiles

ROOT = Path(__file__).resolve().parents[1]


def kygen_cmd(ref: str, out: Path) -> list[str]:
    """``kygen generate`` of one contract version (a REF under contracts/) into ``out``."""
    return [
        sys.executable, "-m", "generator", "generate",
        "--contracts", str(ROOT / "contracts"), "--out", str(out), ref,
    ]  # fmt: skip


def kygen_wsdl_cmd(wsdl: Path, package: str, out: Path, folder: Path | None = None) -> list[str]:
    """``kygen generate`` of a bare WSDL (any Serviceplatformen contract) into ``out``; its
    imports stay inside ``folder`` (default: the WSDL's folder)."""
    where = ["--contract-folder", str(folder.resolve())] if folder else []
    return [
        sys.executable, "-m", "generator", "generate",
        "--wsdl", str(wsdl.resolve()), "--package", package, "--out", str(out), *where,
    ]  # fmt: skip


def compiled(pyc: str) -> dict[str, str]:
    """The environment that runs both tools from compiled modules, as installed ones do: where
    PYTHONDONTWRITEBYTECODE is set (as on the machine of these figures), every kygen run would
    compile the generator's own modules anew (~0.4 s) while xsdata's come compiled. The first
    run of each tool fills the ``.pyc`` files in the folder ``pyc``."""
    return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": pyc}


def _stats(samples: list[float]) -> Stats:
    q1, median, q3 = quartiles(samples)
    return Stats(median, q1, q3, min(samples), max(samples), loops=1, repeats=len(samples))


def compare(
    version: str,
    ours: Callable[[Path], list[str]],
    wsdl: Path,
    repeats: int,
    seed: dict[str, float] | None = None,
) -> list[Row]:
    """Time ``ours(out_dir)`` and xsdata generate of ``wsdl``, alternately, until each has
    ``repeats`` samples; ``seed`` holds samples already taken in this run (--quick reuses the
    generations it needed anyway instead of repeating them)."""
    tools = ("ours", "cold", "xsdata")
    samples: dict[str, list[float]] = {tool: [] for tool in tools}
    for tool, value in (seed or {}).items():
        samples[tool].append(value)
    errors: dict[str, BaseException] = {}
    with (
        tempfile.TemporaryDirectory(prefix="bench-gen-cache-") as warm_cache,
        tempfile.TemporaryDirectory(prefix="bench-gen-pyc-") as pyc,
    ):
        env_compiled = compiled(pyc)
        warm = {"XDG_CACHE_HOME": warm_cache, **env_compiled}
        with tempfile.TemporaryDirectory(prefix="bench-gen-prime-") as tmp:
            # fill the template and .pyc caches
            run_timed(ours(Path(tmp) / "out"), Path(tmp), warm)
            run_timed(xsdata_generate_cmd(wsdl, "prime"), Path(tmp), env_compiled)
        for n in range(repeats):
            for tool in tools:
                if tool in errors or len(samples[tool]) >= repeats:
                    continue
                with tempfile.TemporaryDirectory(prefix=f"bench-gen-{tool}-") as tmp:
                    cwd = Path(tmp)
                    if tool == "xsdata":
                        cmd, env = xsdata_generate_cmd(wsdl, f"gen{n}"), env_compiled
                    else:  # "cold": a template cache folder of its own, empty
                        cmd = ours(cwd / "out")
                        cold = {"XDG_CACHE_HOME": str(cwd / "cache"), **env_compiled}
                        env = warm if tool == "ours" else cold
                    try:
                        samples[tool].append(run_timed(cmd, cwd, env))
                    except Exception as exc:
                        errors[tool] = exc
    rows = []
    for tool in tools:
        row = Row("generate", version, "-", tool)
        if tool in errors:
            record(row, error=errors[tool])
        else:
            record(row, _stats(samples[tool]))
            row.notes.append(f"mean {statistics.fmean(samples[tool]):.3f} s")
        progress(f"  {row.id:<42} {short(row)}")
        rows.append(row)
    return rows
