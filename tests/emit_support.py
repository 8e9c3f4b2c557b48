"""Support for the emitter tests (tests/emit): a freshly generated SDK, imported from a
temporary folder.

The project's contracts are generated once per session under the package name
``kyt_kontanthjaelp`` (so it cannot clash with the committed ``ky_kontanthjaelp`` that other
tests import) and both versions are imported. ``core_sdk`` renders only the emitter's own
templates (models, xml, schemas, runtime) for small construct contracts, so those tests do
not depend on the client and mock templates' expectations of KY's message shape.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from generator import contracts, emit, reader
from generator.emit import output, render, xmlcode
from generator.emit.versions import module_name

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT / "contracts"
FRESH = "kyt_kontanthjaelp"
CORE_VERSION = ("__init__.py", "models.py", "xml.py", "schemas/__init__.py")


@dataclass
class FreshSdk:
    out: Path  # the output folder (holds FRESH/ and reports/)
    generated: emit.Generated
    versions: dict[str, ModuleType]  # "2.8" → the imported version package

    @property
    def src(self) -> Path:
        return self.out / FRESH / "src"


def sources() -> list[contracts.ContractSource]:
    return contracts.discover(CONTRACTS)


def generate_fresh(out: Path) -> FreshSdk:
    """Generate the project's contracts into ``out`` as FRESH and import every version."""
    generated = emit.build(sources(), package=FRESH)
    output.write(generated, out)
    sys.path.insert(0, str(out / FRESH / "src"))  # stays: submodules import lazily
    versions = {
        s.version: importlib.import_module(f"{FRESH}.{module_name(s.version)}")
        for s in sources()
        if s.version
    }
    for package in versions.values():
        importlib.import_module(f"{package.__name__}.schemas")
    return FreshSdk(out, generated, versions)


def write_core_sdk(
    wsdl: Path, folder: Path, package: str, contract_folder: Path | None = None
) -> ModuleType:
    """Render the emitter's own templates for a bare WSDL (its imports inside
    ``contract_folder``) into ``folder`` and import it."""
    source = contracts.from_wsdl(wsdl, folder=contract_folder)
    sdk, shipped = emit.sdk_view([source], [reader.read(source)], package, flat=True)
    v = sdk.versions[0]
    src = folder / "src" / package
    files: dict[str, bytes] = {}
    # The runtime is the same for every contract; of a version, only the emitter's modules.
    files.update(render.runtime_files("_runtime"))
    files["__init__.py"] = _render("sdk/version/__init__.py.j2", v=v, sdk=sdk)
    for name in CORE_VERSION[1:]:
        files[name] = _render(f"sdk/version/{name}.j2", v=v, sdk=sdk, xml=xmlcode.XmlModule(v))
    files.update({f"schemas/{path}": data for path, data in shipped[0].files.items()})
    for path, data in files.items():
        (src / path).parent.mkdir(parents=True, exist_ok=True)
        (src / path).write_bytes(data)
    sys.path.insert(0, str(folder / "src"))
    module = importlib.import_module(package)
    importlib.import_module(f"{package}.schemas")
    return module


def _render(name: str, **context: object) -> bytes:
    return render.format_python(render.render(name, **context), name).encode()
