"""Fixtures for the transport tests: a throw-away PKI and HTTPS servers on 127.0.0.1.

Certificates are made per test session with trustme (nothing is committed): a test CA that
signs the server certificate (localhost, 127.0.0.1) and a client certificate, and a second,
untrusted CA that signs an impostor client and an impostor server.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator

import pytest
from ky_kontanthjaelp._runtime import mockserver
from tls_servers import Pki, RawServer, make_pki


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def server_tls(pki: Pki) -> ssl.SSLContext:
    """The mock's TLS context: server certificate, client certificates required."""
    return mockserver.server_tls(pki.server.cert, pki.server.key, client_ca=pki.ca)


@pytest.fixture
def raw_server(server_tls: ssl.SSLContext) -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []

    def start(behave: Callable[[ssl.SSLSocket, bytes], None]) -> RawServer:
        servers.append(RawServer(server_tls, behave))
        return servers[-1]

    yield start
    for server in servers:
        server.close()
