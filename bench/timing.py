"""timeit-style timing: calibrate a batch size, warm up, time repeated batches, summarise.

Each measurement is a callable run ``loops`` times per batch; a batch is sized so that it
lasts at least ``min_batch_s``. One warm-up batch is thrown away, then ``repeats`` batches are
timed with the settings' clock: CPU time of this thread by default (``time.thread_time``),
which other processes on a shared machine disturb far less than wall time; wall time where
waiting is part of the cost (round trips, subprocesses). The garbage collector stays enabled
(unlike ``timeit``), as it is in a real program, but runs before every batch so that one batch
does not pay for the garbage of the previous one.
"""

from __future__ import annotations

import dataclasses
import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class Settings:
    """How long and how often to time one measurement."""

    min_batch_s: float
    repeats: int
    max_loops: int = 1_000_000
    #: time.thread_time (CPU time of this thread) for CPU-bound work: on a shared machine it
    #: does not count the time other processes hold the CPU; wall time where waiting counts.
    clock: Callable[[], float] = time.thread_time

    def wall(self) -> Settings:
        """The same settings, timed in wall-clock time (round trips, subprocesses)."""
        return dataclasses.replace(self, clock=time.perf_counter)


FULL = Settings(min_batch_s=0.2, repeats=7)
QUICK = Settings(min_batch_s=0.002, repeats=3, max_loops=50)


@dataclass(frozen=True, slots=True)
class Stats:
    """Seconds per call: median over batches, the quartiles and the extremes."""

    median_s: float
    q1_s: float
    q3_s: float
    min_s: float
    max_s: float
    loops: int
    repeats: int

    @property
    def iqr_pct(self) -> float:
        """Interquartile range as a percentage of the median (the spread we report)."""
        return 100.0 * (self.q3_s - self.q1_s) / self.median_s if self.median_s else 0.0


def _batch(func: Callable[[], object], loops: int, clock: Callable[[], float]) -> float:
    gc.collect()
    start = clock()
    for _ in range(loops):
        func()
    return clock() - start


def calibrate(func: Callable[[], object], settings: Settings) -> int:
    """The number of calls per batch that makes a batch last at least ``min_batch_s``."""
    loops = 1
    while True:
        elapsed = _batch(func, loops, settings.clock)
        if elapsed >= settings.min_batch_s or loops >= settings.max_loops:
            return loops
        if elapsed <= 0:
            loops *= 10
        else:
            # aim 20% over the minimum, but never grow by more than 100x per step
            loops = min(loops * 100, int(loops * settings.min_batch_s * 1.2 / elapsed) + 1)
        loops = min(loops, settings.max_loops)


def quartiles(values: list[float]) -> tuple[float, float, float]:
    """First quartile, median and third quartile (inclusive method; fine for n >= 2)."""
    if len(values) == 1:
        return values[0], values[0], values[0]
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q2, q3


def measure(func: Callable[[], object], settings: Settings) -> Stats:
    """Calibrate (which doubles as warm-up), run one more warm-up batch, time the repeats.

    Everything alive before the measurement is frozen out of the collector's reach for its
    duration, so the collection before each batch costs the same for every tool instead of
    scaling with how many schemas and classes the process has loaded.
    """
    gc.collect()
    gc.freeze()
    try:
        loops = calibrate(func, settings)
        _batch(func, loops, settings.clock)
        per_call = [_batch(func, loops, settings.clock) / loops for _ in range(settings.repeats)]
    finally:
        gc.unfreeze()
    q1, median, q3 = quartiles(per_call)
    return Stats(
        median_s=median,
        q1_s=q1,
        q3_s=q3,
        min_s=min(per_call),
        max_s=max(per_call),
        loops=loops,
        repeats=settings.repeats,
    )


def measure_interleaved(
    funcs: dict[K, Callable[[], object]], settings: Settings
) -> dict[K, Stats | BaseException]:
    """Like ``measure`` for several callables whose *ratios* matter: after calibrating each,
    the timed batches go round-robin (a, b, c, a, b, c, ...), so a change in the load of a
    shared machine during the run hits every callable alike instead of one of them.

    A callable that raises is reported as its exception; the others are still measured.
    """
    gc.collect()
    gc.freeze()
    out: dict[K, Stats | BaseException] = {}
    try:
        loops: dict[K, int] = {}
        for key, func in funcs.items():
            try:
                loops[key] = calibrate(func, settings)
                _batch(func, loops[key], settings.clock)
            except Exception as exc:
                out[key] = exc
        samples: dict[K, list[float]] = {key: [] for key in loops}
        for _ in range(settings.repeats):
            for key in list(samples):
                try:
                    elapsed = _batch(funcs[key], loops[key], settings.clock)
                    samples[key].append(elapsed / loops[key])
                except Exception as exc:
                    out[key] = exc
                    del samples[key]
        for key, per_call in samples.items():
            q1, median, q3 = quartiles(per_call)
            out[key] = Stats(
                median_s=median,
                q1_s=q1,
                q3_s=q3,
                min_s=min(per_call),
                max_s=max(per_call),
                loops=loops[key],
                repeats=settings.repeats,
            )
    finally:
        gc.unfreeze()
    return {key: out[key] for key in funcs}
