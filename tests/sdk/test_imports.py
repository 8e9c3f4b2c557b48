"""What importing the SDK loads: the models, validators and the mock do not pull in the HTTP
server or httpx; ``MockServer`` and the async transport bring them when they are used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GENERATED_SRC = Path(__file__).resolve().parents[2] / "generated" / "ky_kontanthjaelp" / "src"

_PROBE = """
import json, sys
import ky_kontanthjaelp.v2_8, ky_kontanthjaelp.v2_8.mock, ky_kontanthjaelp.v2_8.client
loaded = {m: m in sys.modules for m in ("http.server", "httpx")}
from ky_kontanthjaelp import MockServer
from ky_kontanthjaelp.v2_8 import AsyncClient
AsyncClient("https://localhost/x").transport
loaded_after = {m: m in sys.modules for m in ("http.server", "httpx")}
print(json.dumps([loaded, loaded_after, MockServer.__module__]))
"""


def test_the_http_server_and_httpx_are_imported_only_when_used() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE],
        env={"PYTHONPATH": str(GENERATED_SRC)},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    before, after, module = json.loads(run.stdout)
    assert before == {"http.server": False, "httpx": False}
    assert after == {"http.server": True, "httpx": True}
    assert module == "ky_kontanthjaelp._runtime.mockserver"
