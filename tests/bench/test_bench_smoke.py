"""Smoke test of the benchmark harness: ``python -m bench --quick`` runs and writes a complete,
well-formed results file. Benchmarks are not tests: nothing here looks at a speed."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
GROUP_TOOLS = {
    "serialize": ("ours", "xsdata", "zeep", "lxml"),
    "parse": ("ours", "xsdata", "zeep", "lxml"),
    "validate": ("ours", "lxml", "lxml+serialize", "xmlschema"),
}
REAL = "SF1520"  # rows of the real KOMBIT contract may be skipped (corpus absent)
TARGET_IDS = {
    "serialize-xsdata", "serialize-limit", "parse-xsdata", "parse-zeep", "parse-limit",
    "validate-lxml", "validate-xmlschema", "roundtrip-zeep", "generate-xsdata",
}  # fmt: skip


def expected_ids(versions: list[str]) -> set[str]:
    ids = set()
    for version in versions:
        for group, tools in GROUP_TOOLS.items():
            for message in ("small", "typical", "large"):
                ids |= {f"{group}/{version}/{message}/{tool}" for tool in tools}
        for message in ("small", "typical"):
            ids |= {f"roundtrip/{version}/{message}/{tool}" for tool in ("ours", "zeep")}
    ids |= {f"generate/{versions[-1]}/-/{tool}" for tool in ("ours", "cold", "xsdata")}
    for group, tools in GROUP_TOOLS.items():
        ids |= {f"{group}/{REAL}/SF1520 PersonLookupResponse/{tool}" for tool in tools}
    ids |= {f"generate/{REAL}/-/{tool}" for tool in ("ours", "cold", "xsdata")}
    return ids


def positive(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    output = tmp_path_factory.mktemp("bench") / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(output.read_text(encoding="utf-8")), done.stdout


def test_every_measurement_row_is_present(run: tuple[dict[str, Any], str]) -> None:
    results, _ = run
    assert results["quick"] is True
    ids = [row["id"] for row in results["rows"]]
    assert len(ids) == len(set(ids)), "duplicate rows"
    assert set(ids) == expected_ids(results["settings"]["versions"])


def test_rows_are_well_formed(run: tuple[dict[str, Any], str]) -> None:
    results, _ = run
    for row in results["rows"]:
        where = f"{row['id']}: {row.get('reason')}"
        if row["version"] == REAL and row["status"] == "skipped":
            assert row["reason"], where
            continue
        assert row["status"] == "ok", where
        stats = row["stats"]
        assert all(positive(stats[k]) for k in ("median_s", "q1_s", "q3_s", "min_s", "max_s"))
        assert (
            stats["min_s"] <= stats["q1_s"] <= stats["median_s"] <= stats["q3_s"] <= stats["max_s"]
        )
        assert stats["loops"] >= 1 and stats["repeats"] >= 1, where


def test_ratios_targets_memory_and_scaling(run: tuple[dict[str, Any], str]) -> None:
    results, table = run
    for ratio in results["ratios"]:
        assert positive(ratio["ours_over_other"]) and positive(ratio["speedup"])
    assert {t["id"] for t in results["targets"]} == TARGET_IDS
    assert all(isinstance(t["met"], bool) for t in results["targets"])
    assert {m["tool"] for m in results["memory"]} == {"ours", "xsdata", "zeep", "lxml"}
    assert all(m["status"] == "ok" and m["peak_bytes"] >= 0 for m in results["memory"])
    plans = {(s["group"], s["tool"]) for s in results["scaling"]}
    assert plans == {(g, t) for g in ("serialize", "parse") for t in ("ours", "lxml")}
    for entry in results["scaling"]:
        assert entry["status"] == "ok", entry.get("reason")
        assert len(entry["median_s"]) == len(entry["scales"]) == 3
        assert entry["verdict"] in ("linear", "superlinear")
    for key in ("platform", "cpu_count", "python", "lxml"):
        assert results["machine"][key]
    assert "### Targets" in table and "### Scaling" in table
