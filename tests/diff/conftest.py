"""Shared helpers for the diff tests: fixture contracts and the real KY contracts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator import contracts, reader
from generator.ir import Contract

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
CONTRACTS = HERE.parent.parent / "contracts"


def _read_fixture(folder: Path) -> Contract:
    """A fixture side (old/ or new/): a bare WSDL, read through the real reader."""
    return reader.read(contracts.from_wsdl(folder / "service.wsdl", service="fixture"))


def _read_pair(name: str) -> tuple[Contract, Contract]:
    return _read_fixture(FIXTURES / name / "old"), _read_fixture(FIXTURES / name / "new")


@pytest.fixture
def read_pair() -> Callable[[str], tuple[Contract, Contract]]:
    """Read tests/diff/fixtures/<name>/{old,new}/service.wsdl."""
    return _read_pair


@pytest.fixture(scope="session")
def ky() -> tuple[Contract, Contract]:
    """kontanthjaelp 2.7 and 2.8 from this repository's contracts/."""
    return (
        reader.read(contracts.resolve("kontanthjaelp/2.7", CONTRACTS)),
        reader.read(contracts.resolve("kontanthjaelp/2.8", CONTRACTS)),
    )
