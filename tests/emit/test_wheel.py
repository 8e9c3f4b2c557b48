"""The generated distribution builds a wheel that installs into a fresh virtual environment,
where both contract versions import side by side and round-trip a message."""

from __future__ import annotations

import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest
from emit_support import FRESH, FreshSdk
from wheels import build_wheel, install_alone

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
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True
        ).strip()
    )
    # The wheel is installed alone (no dependencies from an index); lxml comes from this
    # project's environment through a .pth file, as a pre-installed dependency would.
    (site / "_deps.pth").write_text(sysconfig.get_path("platlib") + "\n")
    install_alone(wheel, site)
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
