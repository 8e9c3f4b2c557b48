"""Optional: the SDKs generated for the real KOMBIT contracts (../shared/kombit-contracts)
pass ``ruff check`` and ``mypy --strict``, like the committed KY SDK. Skipped when the folder
is absent (a user's checkout does not have it).

Every WSDL with a SOAP binding is generated (the whole SDK: models, xml, validate, client,
mock, schemas). Black would take minutes over these SDKs (thousands of lines each), so they
are laid out with ``ruff format`` instead, which lays out import blocks (what ``ruff check``
looks at besides the code itself) the same way; mypy does not care about layout. SDKs whose
code is identical apart from the package name (a contract's context and token variants
differ only in their security policy) are checked once.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import contracts, reader, selftest
from generator.emit import sdk_view
from generator.emit.sdk import sdk_files

ROOT = Path(__file__).resolve().parents[2]
KOMBIT = ROOT.parent / "shared" / "kombit-contracts"

pytestmark = pytest.mark.skipif(
    not KOMBIT.is_dir(), reason="../shared/kombit-contracts is not here"
)


def _generate(wsdl: Path, out: Path, package: str) -> str:
    """Write the SDK of ``wsdl`` under ``out/package``; a digest of its Python code."""
    source = contracts.from_wsdl(wsdl, folder=KOMBIT)
    sdk, shipped = sdk_view([source], [reader.read(source)], package, flat=True)
    digest = hashlib.sha256()
    for relative, data in sorted(sdk_files(sdk, shipped, formatted=False).items()):
        (out / package / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / package / relative).write_bytes(data)
        if relative.endswith(".py"):
            digest.update(relative.replace(package, "PKG").encode())
            digest.update(data.replace(package.encode(), b"PKG"))
    return digest.hexdigest()


def _run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, cwd=cwd, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_generated_kombit_sdks_pass_ruff_and_mypy_strict(tmp_path: Path) -> None:
    wsdls = [w for w in selftest.wsdl_files(KOMBIT) if selftest.has_soap_binding(w)]
    assert len(wsdls) >= 8
    packages: dict[str, str] = {}  # digest → package
    for n, wsdl in enumerate(wsdls, 1):
        package = f"kombit_{n}"
        digest = _generate(wsdl, tmp_path, package)
        packages.setdefault(digest, package)
    checked = sorted(packages.values())
    sources = [str(tmp_path / p / "src") for p in checked]
    config = str(tmp_path / checked[0] / "pyproject.toml")  # the generated distribution's
    _run("ruff", "format", "--quiet", "--config", config, *sources)
    _run("ruff", "check", "--config", config, *sources)
    env = {**os.environ, "MYPYPATH": os.pathsep.join(sources)}
    packages_args = [arg for p in checked for arg in ("-p", p)]
    cache = str(tmp_path / ".mypy_cache")
    _run("mypy", "--strict", "--cache-dir", cache, *packages_args, cwd=tmp_path, env=env)
