"""Fixtures for the token-model tests: a throw-away RSA PKI, and a local STS over real HTTPS on
127.0.0.1 (the mock is started per test)."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from typing import Any

import pytest
from ky_kontanthjaelp._runtime import mockserver
from ky_kontanthjaelp._runtime.mockserver import MockServer
from ky_kontanthjaelp._runtime.token import StsApp
from token_support import Flow, TokenPki, make_token_pki


@pytest.fixture(scope="session")
def token_pki(tmp_path_factory: pytest.TempPathFactory) -> TokenPki:
    return make_token_pki(tmp_path_factory.mktemp("token-pki"))


@pytest.fixture(scope="session")
def tls(token_pki: TokenPki) -> ssl.SSLContext:
    return mockserver.server_tls(token_pki.tls.cert_path, token_pki.tls.key_path)


@pytest.fixture
def flow(token_pki: TokenPki, tls: ssl.SSLContext) -> Iterator[Flow]:
    started: list[MockServer] = []

    def start(app: Any, context: ssl.SSLContext) -> MockServer:
        started.append(MockServer(app, tls=context).start())
        return started[-1]

    sts = StsApp(cert=token_pki.sts.cert, key=token_pki.sts.key)
    yield Flow(token_pki, sts, start(sts, tls).url + "sts", start, tls)
    for server in started:
        server.stop()
