"""Import a module of the generated SDK for a contract REF, from the ``generated/`` folder.

``import_module("kontanthjaelp/2.8", "mock")`` imports ``ky_kontanthjaelp.v2_8.mock`` from
``generated/ky_kontanthjaelp/src``; ``"_runtime.mockserver"`` style names (starting with ``_``)
are taken from the SDK package itself. For kygen commands that run generated code
(``serve-mock``, ``validate``) and for tests. A WSDL REF gets a fresh SDK (see
``import_module``).
"""

from __future__ import annotations

import atexit
import functools
import importlib
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from generator import contracts
from generator.emit.versions import module_name, package_name
from generator.errors import UsageError

DEFAULT_CONTRACTS = Path("contracts")
DEFAULT_GENERATED = Path("generated")


def version_path(ref: str, contracts_dir: Path) -> tuple[str, str]:
    """(package, version module) of REF: ``("ky_kontanthjaelp", "v2_8")``."""
    source = contracts.resolve(ref, contracts_dir)
    if source.version is None:
        raise UsageError(f"'{ref}' is not a contract version with a contract.toml")
    return package_name(source.service), module_name(source.version)


def import_module(
    ref: str,
    name: str,
    contracts_dir: Path = DEFAULT_CONTRACTS,
    generated_dir: Path = DEFAULT_GENERATED,
) -> ModuleType:
    """Module ``name`` of REF's version package (or ``_runtime...`` of its SDK package).

    A WSDL REF has no generated folder to look in (its package name is the user's choice):
    its SDK is generated afresh into a temporary folder, kept until the process ends.
    """
    source = contracts.resolve(ref, contracts_dir)
    if source.version is None:
        version = _fresh(source)
        root = version.__name__
    else:
        package, module = version_path(ref, contracts_dir)
        src = (generated_dir / package / "src").resolve()
        if not (src / package / module / "__init__.py").is_file():
            raise UsageError(
                f"no generated SDK for '{ref}' under {src}: run 'kygen generate' first"
            )
        if str(src) not in sys.path:
            sys.path.insert(0, str(src))
        root, version = package, importlib.import_module(f"{package}.{module}")
    full = f"{root}.{name}" if name.startswith("_") else f"{version.__name__}.{name}"
    return importlib.import_module(full)


@functools.cache
def _fresh(source: contracts.ContractSource) -> ModuleType:
    from generator.samples import import_fresh

    folder = Path(tempfile.mkdtemp(prefix="kygen-wsdl-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return import_fresh(source, folder)
