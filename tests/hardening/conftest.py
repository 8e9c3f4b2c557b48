"""Fixtures of the hardening tests: the committed SDK per version, hostile-input contexts and
a watch on the one place the hardened parser builds a tree."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from hardening.hostile import SECRET, Context, Sdk, listening_socket, load, was_contacted
from ky_kontanthjaelp._runtime import xmlparse

VERSIONS = ("2.7", "2.8")


@pytest.fixture(scope="session", params=VERSIONS, ids=[f"v{v}" for v in VERSIONS])
def sdk(request: pytest.FixtureRequest) -> Sdk:
    return load(request.param)


@pytest.fixture(scope="session")
def marker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(SECRET)
    return path


@pytest.fixture(scope="session")
def trap() -> Iterator[socket.socket]:
    """A listening socket hostile documents point at: nothing may ever connect to it."""
    server = listening_socket()
    yield server
    server.close()


@pytest.fixture
def ctx(sdk: Sdk, marker: Path, trap: socket.socket) -> Iterator[Context]:
    host, port = trap.getsockname()
    yield Context(sdk, marker, f"http://{host}:{port}/evil.dtd")
    assert not was_contacted(trap), "a hostile document made the SDK open a network connection"


class TreeWatch:
    """Records the documents the hardened parser builds a tree of (``xmlparse._build``)."""

    def __init__(self) -> None:
        self.inputs: list[bytes] = []

    def built_from(self, data: bytes) -> int:
        """How many trees were built of ``data``."""
        return sum(1 for seen in self.inputs if seen == data)


@pytest.fixture
def trees(monkeypatch: pytest.MonkeyPatch) -> TreeWatch:
    watch = TreeWatch()
    build = xmlparse._build

    def counting(data: bytes, keep_pis: bool = False) -> object:
        watch.inputs.append(data)
        return build(data, keep_pis)

    monkeypatch.setattr(xmlparse, "_build", counting)
    return watch
