"""What importing the SDK loads: the models, validators, the client and the mock do not pull in
the HTTP server, the HTTP client (``http.client``, ``ssl``) or httpx; ``MockServer`` and the
transports bring them when they are used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GENERATED_SRC = Path(__file__).resolve().parents[2] / "generated" / "ky_kontanthjaelp" / "src"

_PROBE = """
import json, sys
import ky_kontanthjaelp.v2_8, ky_kontanthjaelp.v2_8.mock, ky_kontanthjaelp.v2_8.client
import ky_kontanthjaelp.v2_8.validate
stacks = ("http.server", "httpx", "http.client", "ssl")
loaded = {m: m in sys.modules for m in stacks}
from ky_kontanthjaelp import MockServer
from ky_kontanthjaelp.v2_8 import AsyncClient, Client
Client("https://localhost/x").transport
AsyncClient("https://localhost/x").transport
loaded_after = {m: m in sys.modules for m in stacks}
print(json.dumps([loaded, loaded_after, MockServer.__module__]))
"""


def test_the_http_stacks_are_imported_only_when_used() -> None:
    run = subprocess.run(
        [sys.executable, "-c", _PROBE],
        env={"PYTHONPATH": str(GENERATED_SRC)},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    before, after, module = json.loads(run.stdout)
    assert before == dict.fromkeys(("http.server", "httpx", "http.client", "ssl"), False)
    assert after == dict.fromkeys(("http.server", "httpx", "http.client", "ssl"), True)
    assert module == "ky_kontanthjaelp._runtime.mockserver"
