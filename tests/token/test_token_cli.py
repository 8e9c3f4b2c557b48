"""``kygen serve-sts`` and ``kygen serve-mock --security token``: a real STS process and a real
token-checking mock process over HTTPS, called by the generated client with ``security=Token``."""

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
from ky_kontanthjaelp._runtime.errors import SoapFault
from ky_kontanthjaelp._runtime.sts import TokenCache
from ky_kontanthjaelp.v2_8.client import Client, Token, accepted
from token_support import CVR, TokenPki

from generator.cli import main
from generator.samples import sample_operation

ROOT = Path(__file__).resolve().parents[2]
GENERATED = str(Path(ky_kontanthjaelp.__file__).resolve().parents[3])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _start(arguments: list[str], expect: str) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    command = [sys.executable, "-m", "generator", *arguments, "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    banner = process.stderr.readline()
    assert expect in banner, banner
    return process, f"https://127.0.0.1:{port}/"


@pytest.fixture
def processes(token_pki: TokenPki) -> Iterator[tuple[str, str, list[subprocess.Popen[str]]]]:
    pki = token_pki
    tls = ["--tls-cert", str(pki.tls.cert_path), "--tls-key", str(pki.tls.key_path)]
    sts, sts_url = _start(
        [
            "serve-sts",
            *tls,
            "--sts-cert",
            str(pki.sts.cert_path),
            "--sts-key",
            str(pki.sts.key_path),
        ],
        "kygen: STS at",
    )
    mock, mock_url = _start(
        ["serve-mock", "kontanthjaelp/2.8", "--generated", GENERATED, *tls]
        + ["--security", "token", "--sts-cert", str(pki.sts.cert_path)]
        + [
            "--service-cert",
            str(pki.service.cert_path),
            "--service-key",
            str(pki.service.key_path),
        ],
        "(token model)",
    )
    started = [sts, mock]
    yield sts_url, mock_url, started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_token_call_through_the_served_sts_and_mock(
    processes: tuple[str, str, list[subprocess.Popen[str]]], token_pki: TokenPki
) -> None:
    sts_url, mock_url, started = processes
    pki = token_pki
    token = Token(
        cvr=CVR,
        cert=pki.system.pair,
        sts_cert=pki.sts.cert_path,
        service_cert=pki.service.cert_path,
        sts=sts_url,
        ca=pki.ca,
        cache=TokenCache(),
    )
    request = sample_operation(v2_8, "Aktivitet")
    request.invocation_context = None
    with Client(mock_url, ca=pki.ca, security=token) as client:
        assert accepted(client.aktivitet(request))
    with Client(mock_url, ca=pki.ca) as unsigned, pytest.raises(SoapFault, match="Security"):
        unsigned.aktivitet(sample_operation(v2_8, "Aktivitet"))
    token.close()
    logs = []
    for process in started:
        process.send_signal(signal.SIGINT)
        logs.append(process.communicate(timeout=10)[1])
        assert process.returncode == 0
    assert "POST" in logs[0] and logs[1].count("POST") == 2
    assert request.faellesdel.cpr_nummer not in logs[1]


def test_security_token_needs_its_certificates(token_pki: TokenPki) -> None:
    result = CliRunner().invoke(
        main, ["serve-mock", "kontanthjaelp/2.8", "--security", "token"], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert "--security token needs --sts-cert, --service-cert and --service-key" in result.output
