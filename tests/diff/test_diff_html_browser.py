"""The HTML report in a real headless browser: the DOM after the filter script has run."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from generator.diff import diff, render
from generator.ir import Contract

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium not installed (apt-get install chromium; .ci/run installs it)",
)


def dump_dom(page: Path, fragment: str, profile: Path) -> lxml.html.HtmlElement:
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return lxml.html.fromstring(result.stdout)


def test_the_change_table_is_shown_and_filters_by_side_and_level(
    ky: tuple[Contract, Contract], tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    page.write_bytes(render(diff(*ky), "html"))

    dom = dump_dom(page, "", tmp_path / "profile")
    rows = dom.xpath("//table[@class='changes']/tbody/tr")
    assert len(rows) == 1 and rows[0].get("hidden") is None
    cells = [c.text_content() for c in rows[0].xpath("td")]
    assert cells[:4] == ["info", "breaking", "enumeration-value-added", "TilbudstypeType"]
    assert dom.xpath("string(//output[@id='shown'])") == "1 of 1 changes shown"  # set by JS

    dom = dump_dom(page, "#side=client&level=breaking", tmp_path / "profile")
    (row,) = dom.xpath("//tr[@data-rule='enumeration-value-added']")
    assert row.get("hidden") is not None
    assert dom.xpath("//section[@data-operation='Aktivitet']/@hidden")
    assert dom.xpath("string(//output[@id='shown'])") == "0 of 1 changes shown"

    dom = dump_dom(page, "#side=service&level=breaking", tmp_path / "profile")
    assert dom.xpath("string(//output[@id='shown'])") == "1 of 1 changes shown"
