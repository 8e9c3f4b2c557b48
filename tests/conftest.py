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
