"""Fixtures of the emitter tests; the helpers live in tests/emit_support.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from emit_support import FreshSdk, generate_fresh, write_core_sdk


@pytest.fixture(scope="session")
def fresh_sdk(tmp_path_factory: pytest.TempPathFactory) -> FreshSdk:
    """The project's contracts, generated once per session and imported (both versions)."""
    return generate_fresh(tmp_path_factory.mktemp("fresh"))


@pytest.fixture
def core_sdk(tmp_path: Path) -> Callable[..., ModuleType]:
    """``core_sdk(wsdl, package[, contract_folder])``: the emitter's code for a bare WSDL,
    imported."""

    def make(wsdl: Path, package: str, contract_folder: Path | None = None) -> ModuleType:
        return write_core_sdk(wsdl, tmp_path / "sdk", package, contract_folder)

    return make
