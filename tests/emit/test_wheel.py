"""The generated distribution builds a wheel that installs into a fresh virtual environment,
where both contract versions import side by side and round-trip a message."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from emit_support import FRESH, FreshSdk
from wheels import build_wheel, clean_venv

PROBE = f"""
import {FRESH}.v2_7 as a, {FRESH}.v2_8 as b
assert a.CONTRACT_VERSION == "2.7" and b.CONTRACT_VERSION == "2.8"
assert a.AktivitetRequest is not b.AktivitetRequest
from {FRESH} import KyError, XmlError
assert issubclass(XmlError, KyError)
for m in (a, b):
    data = m.to_xml(m.from_xml(m.to_xml(m.from_xml(DATA[m.CONTRACT_VERSION]))))
    assert data == DATA[m.CONTRACT_VERSION]
    assert m.schemas.xml_schema().validate(__import__("lxml.etree").etree.fromstring(data))
print("ok", a.__file__)
"""


@pytest.mark.slow
def test_wheel_installs_and_both_versions_import(fresh_sdk: FreshSdk, tmp_path: Path) -> None:
    wheel = build_wheel(fresh_sdk.out / FRESH, tmp_path / "dist", FRESH)
    python, site = clean_venv(tmp_path / "venv", wheel)
    data = {
        version: module.to_xml(
            __import__("generator.samples", fromlist=["x"]).sample_operation(module, "Aktivitet")
        )
        for version, module in fresh_sdk.versions.items()
    }
    result = subprocess.run(
        [str(python), "-c", f"DATA = {data!r}\n{PROBE}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert str(site) in result.stdout
