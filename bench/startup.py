"""Start-up: how long importing the generated SDK takes, in a fresh interpreter each time.

Each sample is one subprocess of this interpreter that times ``import`` with
``time.perf_counter`` (interpreter start-up itself is not counted). The ``.pyc`` files exist,
as after installation: a first, untimed run writes them into a temporary cache folder
(``PYTHONPYCACHEPREFIX``; ``PYTHONDONTWRITEBYTECODE`` is lifted for these runs, or every
sample would compile the generated modules from source). The median of the samples is
reported, and one ``-X importtime`` run names the modules that cost the most of their own
time.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.results import progress

#: What is imported, by label: the issue's aim is for the first (a program that calls the
#: service, runs the mock in its tests and validates).
SETS = {
    "client + mock + validate": ("client", "mock", "validate"),
    "xml (parse and serialize only)": ("xml",),
}
SAMPLES, QUICK_SAMPLES = 11, 3
#: Modules named in the breakdown.
TOP = 8


def _code(src: Path, modules: list[str]) -> str:
    imports = "; ".join(f"import {m}" for m in modules)
    return (
        f"import sys, time; sys.path.insert(0, {str(src)!r}); t = time.perf_counter(); "
        f"{imports}; print(time.perf_counter() - t)"
    )


def _run(args: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    done = subprocess.run(args, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
    return done


def _top_modules(src: Path, modules: list[str], cache: Path) -> list[dict[str, Any]]:
    """The modules with the largest own import time in one ``-X importtime`` run."""
    done = _run([sys.executable, "-X", "importtime", "-c", _code(src, modules)], cache)
    found: list[tuple[float, str]] = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            found.append((int(parts[0]) / 1e6, parts[2].strip()))
    return [{"module": m, "self_s": s} for s, m in sorted(found, reverse=True)[:TOP]]


def run(src: Path, import_path: str, version: str, quick: bool) -> list[dict[str, Any]]:
    """One entry per set of modules: the samples' median and quartiles, and the top modules."""
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-pyc-") as cache:
        for label, names in SETS.items():
            modules = [f"{import_path}.{name}" for name in names]
            out.append(_measure(label, modules, src, version, quick, Path(cache)))
    return out


def _measure(
    label: str, modules: list[str], src: Path, version: str, quick: bool, cache: Path
) -> dict[str, Any]:
    entry: dict[str, Any] = {"what": label, "version": version, "modules": modules, "status": "ok"}
    try:
        code = _code(src, modules)
        _run([sys.executable, "-c", code], cache)  # writes the .pyc files
        samples = [
            float(_run([sys.executable, "-c", code], cache).stdout)
            for _ in range(QUICK_SAMPLES if quick else SAMPLES)
        ]
        q1, median, q3 = statistics.quantiles(samples, n=4, method="inclusive")
        entry.update(median_s=median, q1_s=q1, q3_s=q3, samples=len(samples))
        entry["top"] = _top_modules(src, modules, cache)
    except Exception as exc:
        entry.update(status="error", reason=f"{type(exc).__name__}: {exc}")
    progress(f"  import/{label:<32} {entry.get('median_s', entry.get('reason'))}")
    return entry
