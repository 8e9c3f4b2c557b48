"""Support for the validator tests (tests/validate).

* ``load_version(version)``: the committed SDK's version packages (``ky_kontanthjaelp.v2_7/v2_8``),
  their ``validate`` modules and the contracts they were generated from;
* ``construct_sdk(body, package)``: a small contract written from an XSD body, its whole SDK
  generated (unformatted) and imported.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from contract_builder import write_contract
from lxml import etree

from generator import contracts, emit, reader
from generator.emit.sdk import sdk_files

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT / "contracts"
VERSIONS = ("2.7", "2.8")


@dataclass
class Version:
    """One committed version package and what the tests need next to it."""

    version: str
    package: ModuleType  # ky_kontanthjaelp.v2_8
    validate: ModuleType  # ky_kontanthjaelp.v2_8.validate
    contract: object  # ir.Contract
    schema: etree.XMLSchema  # the oracle, loaded from contracts/ (not from the package)


def load_version(version: str) -> Version:
    module = "v" + version.replace(".", "_")
    package = importlib.import_module(f"ky_kontanthjaelp.{module}")
    validate = importlib.import_module(f"ky_kontanthjaelp.{module}.validate")
    source = contracts.resolve(f"kontanthjaelp/{version}", CONTRACTS)
    contract = reader.read(source)
    entry = source.folder / "KontanthjaelpServiceMsg.xsd"
    schema = etree.XMLSchema(etree.parse(str(entry)))
    return Version(version, package, validate, contract, schema)


def write_construct_sdk(body: str, folder: Path, package: str) -> ModuleType:
    """A bare-WSDL contract around ``body`` (element ``Req`` is the request), its SDK generated
    under ``folder`` and imported as ``package``."""
    wsdl = write_contract(folder / "contract", body, {"Op": ("Req", None)})
    source = contracts.from_wsdl(wsdl)
    sdk, shipped = emit.sdk_view([source], [reader.read(source)], package, flat=True)
    for path, data in sdk_files(sdk, shipped, formatted=False).items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    sys.path.insert(0, str(folder / "src"))
    module = importlib.import_module(package)
    importlib.import_module(f"{package}.validate")
    return module
