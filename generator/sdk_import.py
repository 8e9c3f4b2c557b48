"""Import a module of the generated SDK for a contract REF, from the ``generated/`` folder.

``import_module("kontanthjaelp/2.8", "mock")`` imports ``ky_kontanthjaelp.v2_8.mock`` from
``generated/ky_kontanthjaelp/src``; ``"_runtime.mockserver"`` style names (starting with ``_``)
are taken from the SDK package itself. For kygen commands that run generated code
(``serve-mock``) and for tests.
"""

from __future__ import annotations

import importlib
import sys
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
    """Module ``name`` of REF's version package (or ``_runtime...`` of its SDK package)."""
    package, module = version_path(ref, contracts_dir)
    src = (generated_dir / package / "src").resolve()
    if not (src / package / module / "__init__.py").is_file():
        raise UsageError(f"no generated SDK for '{ref}' under {src}: run 'kygen generate' first")
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    full = f"{package}.{name}" if name.startswith("_") else f"{package}.{module}.{name}"
    return importlib.import_module(full)
