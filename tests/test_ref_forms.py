"""REF means the same in every command (issue 15, item 5): a WSDL file anywhere on disk works
for `validate` and `serve-mock` too, as the README promises (its SDK is generated on the fly)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from ky_kontanthjaelp import v2_8
from ky_kontanthjaelp.v2_8.client import Client, accepted

from generator.cli import main
from generator.samples import sample_operation

ROOT = Path(__file__).resolve().parents[1]
WSDL = ROOT / "contracts/kontanthjaelp/2.8/wsdl/context/KontanthjaelpService.wsdl"


def test_validate_takes_a_wsdl(tmp_path: Path) -> None:
    runner = CliRunner()
    sample = runner.invoke(main, ["sample", str(WSDL), "Aktivitet"])
    assert sample.exit_code == 0, sample.output
    good = tmp_path / "good.xml"
    good.write_bytes(sample.stdout_bytes)
    bad = tmp_path / "bad.xml"
    bad.write_bytes(sample.stdout_bytes.replace(b"<ns1:Kommunekode>101<", b"<ns1:Kommunekode>1<"))
    result = runner.invoke(main, ["validate", str(WSDL), str(good), str(bad)])
    assert result.exit_code == 1, result.output
    assert f"{bad}: AktivitetRequest/Faellesdel/Kommunekode: " in result.output
    assert f"{good}:" not in result.output.replace(f"{good}: ok", "")


def test_serve_mock_takes_a_wsdl() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "generator", "serve-mock", str(WSDL), "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        banner = process.stderr.readline()
        assert f"mock of {WSDL} at http://127.0.0.1:{port}/" in banner, banner
        with Client(f"http://127.0.0.1:{port}/") as client:
            assert accepted(client.aktivitet(sample_operation(v2_8, "Aktivitet")))
    finally:
        process.kill()
        process.wait()
