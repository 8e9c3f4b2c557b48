"""``kygen serve-mock``: the generated mock served over mutual TLS, one line a request, Ctrl-C."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import ky_kontanthjaelp
import pytest
from click.testing import CliRunner
from ky_kontanthjaelp import v2_8
from ky_kontanthjaelp._runtime.errors import TransportError
from ky_kontanthjaelp.v2_8.client import Client, accepted
from tls_servers import Pki

from generator.cli import main
from generator.samples import sample_operation

ROOT = Path(__file__).resolve().parents[2]
GENERATED = str(Path(ky_kontanthjaelp.__file__).resolve().parents[3])  # the SDK under test


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture
def serving(pki: Pki) -> Iterator[tuple[subprocess.Popen[str], str]]:
    port = free_port()
    command = [sys.executable, "-m", "generator", "serve-mock", "kontanthjaelp/2.8"]
    command += ["--generated", GENERATED]
    command += ["--port", str(port), "--tls-cert", str(pki.server.cert)]
    command += ["--tls-key", str(pki.server.key), "--client-ca", str(pki.ca)]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    banner = process.stderr.readline()
    assert "client certificate required" in banner, banner
    yield process, f"https://127.0.0.1:{port}/"
    if process.poll() is None:
        process.kill()
        process.wait()


def test_serve_mock_answers_over_mutual_tls_and_stops_on_ctrl_c(
    serving: tuple[subprocess.Popen[str], str], pki: Pki
) -> None:
    process, url = serving
    request = sample_operation(v2_8, "Aktivitet")
    with Client(url, cert=pki.client.pair, ca=pki.ca, validate=False) as client:
        assert accepted(client.aktivitet(request))
    with Client(url, ca=pki.ca, validate=False) as anonymous, pytest.raises(TransportError):
        anonymous.aktivitet(request)
    process.send_signal(signal.SIGINT)
    _, log = process.communicate(timeout=10)
    assert process.returncode == 0
    lines = log.splitlines()
    answered = [line for line in lines if "POST" in line]
    assert len(answered) == 1
    assert f"Aktivitet BeskedID={request.faellesdel.besked_id} -> ACCEPTERET" in answered[0]
    assert any("TLS handshake failed" in line for line in lines)
    assert lines[-1] == "kygen: stopped"
    assert request.faellesdel.cpr_nummer not in log


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--tls-cert", "{cert}"], "--tls-cert and --tls-key go together"),
        (["--client-ca", "{ca}"], "--client-ca needs --tls-cert"),
        (["--tls-cert", "{ca}", "--tls-key", "{ca}"], "cannot load the TLS certificate"),
    ],
    ids=["cert_without_key", "client_ca_without_tls", "bad_key"],
)
def test_serve_mock_usage_errors(options: list[str], message: str, pki: Pki) -> None:
    filled = [o.format(cert=pki.server.cert, ca=pki.ca) for o in options]
    arguments = ["serve-mock", "kontanthjaelp/2.8", "--generated", GENERATED, *filled]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2
    assert message in result.output


def test_serve_mock_needs_a_generated_sdk(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["serve-mock", "kontanthjaelp/2.8", "--generated", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "run 'kygen generate' first" in result.output
