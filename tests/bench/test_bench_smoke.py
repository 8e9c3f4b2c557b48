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

from bench import __main__ as bench_main
from bench import startup

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
    "serialize-scaled", "serialize-linear", "import",
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
    assert [s["group"] for s in results["scaling"]] == ["serialize", "parse", "validate"]
    for entry in results["scaling"]:
        assert entry["status"] == "ok", entry.get("reason")
        assert set(entry["tools"]) == {"ours", "lxml"}
        for tool in entry["tools"].values():
            assert len(tool["median_s"]) == len(tool["per_item_s"]) == len(entry["items"]) == 3
            assert all(positive(t) for t in tool["median_s"])
            assert tool["verdict"] in ("linear", "superlinear")
        assert all(positive(r) for r in entry["ours_over_lxml"])
    assert [i["what"] for i in results["imports"]] == list(startup.SETS)
    for entry in results["imports"]:
        assert entry["status"] == "ok", entry.get("reason")
        assert positive(entry["median_s"]) and entry["top"]
    for key in ("platform", "cpu_count", "python", "lxml"):
        assert results["machine"][key]
    for title in ("### Targets", "### Scaling", "### Import time"):
        assert title in table


def test_only_measures_the_groups_it_names(tmp_path: Path) -> None:
    """--only parse,import measures just those; --update-docs of such a run keeps the other
    rows of the previous results file (they are from an earlier run, and the text says so)."""
    output = tmp_path / "results.json"
    previous = {
        "generated_at": "2026-01-01T00:00:00Z",
        "quick": False,
        "rows": [{"id": "generate/2.8/-/ours", "group": "generate"}],
        "ratios": [],
        "memory": [{"tool": "ours"}],
        "scaling": [],
        "imports": [],
    }
    output.write_text(json.dumps(previous), encoding="utf-8")
    args = ["--quick", "--only", "parse,import", "--versions", "2.8", "--output", str(output)]
    done = subprocess.run(
        [sys.executable, "-m", "bench", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(output.read_text(encoding="utf-8"))
    assert {row["group"] for row in results["rows"]} == {"parse"}
    assert {row["tool"] for row in results["rows"]} == {"ours", "xsdata", "zeep", "lxml"}
    assert results["imports"] and not results["scaling"] and not results["memory"]
    assert results["settings"]["groups"] == ["parse", "import"]
    assert "merged_onto" not in results  # a --quick run is never merged into results


def test_a_partial_run_is_merged_onto_the_previous_results() -> None:
    previous = {
        "generated_at": "2026-01-01T00:00:00Z",
        "rows": [{"id": "a", "group": "parse"}, {"id": "b", "group": "generate"}],
        "ratios": [
            {"group": "generate", "version": "2.8", "message": "-", "other": "xsdata",
             "ours_over_other": 0.9},
        ],
        "memory": [{"tool": "ours"}],
        "scaling": [],
        "imports": [{"status": "ok", "what": "x", "version": "2.8", "median_s": 0.5}],
    }  # fmt: skip
    current = {
        "generated_at": "2026-02-02T00:00:00Z",
        "rows": [{"id": "a", "group": "parse", "new": True}],
        "ratios": [],
        "memory": [],
        "scaling": [],
        "imports": [],
    }
    merged = bench_main.merge(previous, current)
    assert merged["rows"] == [{"id": "a", "group": "parse", "new": True}, previous["rows"][1]]
    assert merged["memory"] == previous["memory"]
    assert merged["merged_onto"] == "2026-01-01T00:00:00Z"
    verdicts = {t["id"]: t["met"] for t in merged["targets"]}
    assert verdicts["generate-xsdata"] is True and verdicts["import"] is False
