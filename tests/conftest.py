"""Shared test setup: the generated SDK is importable as ``ky_kontanthjaelp``.

Tests of the generated code import it from ``generated/ky_kontanthjaelp/src`` (what is
committed), so they test what vendors get.
"""

from __future__ import annotations

import sys
from pathlib import Path

GENERATED_SRC = Path(__file__).resolve().parents[1] / "generated" / "ky_kontanthjaelp" / "src"

if str(GENERATED_SRC) not in sys.path:
    sys.path.insert(0, str(GENERATED_SRC))


# -- no CPR number in any log line of any test -----------------------------------------------

import logging  # noqa: E402
from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402
from cpr_scan import CprLeakHandler  # noqa: E402

SDK_LOGGER = "ky_kontanthjaelp"


@pytest.fixture(autouse=True)
def no_cpr_in_logs() -> Iterator[CprLeakHandler]:
    """Every test runs with the SDK's logger at DEBUG (so its DEBUG bodies are produced too)
    and a handler on the root logger that sees every record that propagates; a record holding
    an unmasked CPR number fails the test (issue 9). tests/hardening/test_secrets.py tests the
    scanner."""
    handler = CprLeakHandler()
    root = logging.getLogger()
    sdk_logger = logging.getLogger(SDK_LOGGER)
    level = sdk_logger.level
    root.addHandler(handler)
    sdk_logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        sdk_logger.setLevel(level)
        root.removeHandler(handler)
    if handler.leaks:
        pytest.fail("unmasked CPR number(s) in log records:\n" + "\n".join(handler.leaks[:20]))
