"""Pattern translations are kept between runs: a second generation reads them from the cache
folder instead of importing elementpath, and gets the same regex."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.emit import patterns

PATTERNS = [r"[0-9]{8}", r"\d{3}-\w+", r"[A-Z]{2}\p{Lu}?"]
PROBE = f"""
import sys
from generator.emit.patterns import translate
print([translate(p) for p in {PATTERNS!r}])
print("elementpath" in sys.modules)
"""


def run(cache: Path) -> tuple[str, str]:
    env = {"XDG_CACHE_HOME": str(cache), "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    translations, imported = done.stdout.splitlines()
    return translations, imported


def test_a_second_run_translates_from_the_cache(tmp_path: Path) -> None:
    first, imported_first = run(tmp_path)
    [file] = (tmp_path / "ky-codegen").glob("patterns-*.json")
    assert imported_first == "True" and len(json.loads(file.read_text())) == len(PATTERNS)
    second, imported_second = run(tmp_path)
    assert (second, imported_second) == (first, "False")


def test_a_damaged_cache_is_translated_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "patterns.json"
    file.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(patterns, "_cache_file", lambda: file)
    patterns._known.cache_clear()
    try:
        assert patterns.translate(r"[0-9]{3}") == "(?:[0-9]{3})"
        assert list(json.loads(file.read_text(encoding="utf-8"))) == ["[0-9]{3}"]  # rewritten
    finally:
        patterns._known.cache_clear()
