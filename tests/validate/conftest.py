"""Fixtures of the validator tests; the helpers live in tests/validate_support.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from validate_support import VERSIONS, Version, load_version, write_construct_sdk


@pytest.fixture(scope="module", params=VERSIONS)
def version(request: pytest.FixtureRequest) -> Version:
    """One committed version package (2.7, then 2.8) with its contract and oracle."""
    return load_version(request.param)


@pytest.fixture
def construct_sdk(tmp_path: Path) -> Callable[[str, str], ModuleType]:
    """``construct_sdk(xsd_body, package)``: a small contract's SDK with its validator."""

    def make(body: str, package: str) -> ModuleType:
        return write_construct_sdk(body, tmp_path, package)

    return make
