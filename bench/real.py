"""One message of a real KOMBIT contract (../shared/kombit-contracts), when that folder exists.

SF1520 CPR PersonBaseDataExtended: its PersonLookupResponse is a deep, realistic record
(persondata, adresse, relationer, notater) - the kind of answer a client parses. The SDK is
generated into the run's temporary folder with ``kygen generate --wsdl``, and the message is
built by ``generator.samples`` from the contract's IR, then serialized with the generated
``to_xml``; every tool then loads its object from those bytes.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from bench import generate, suite
from bench.competitors import Skip, run_timed
from bench.messages import Message
from bench.results import TOOLS, Row, progress, record
from bench.sides import Contract, build
from bench.timing import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "kombit-contracts"
FOLDER = CORPUS / "sf1520-cpr-person-base-data-extended"
WSDL = FOLDER / "wsdl" / "context" / "PersonBaseDataExtendedService.wsdl"
SCHEMA = FOLDER / "PersonBaseDataExtendedServiceMsg.xsd"
NS = "http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/"
ELEMENT = "PersonLookupResponse"
LABEL = "SF1520"
PACKAGE = "bench_sf1520"
MESSAGE = "SF1520 PersonLookupResponse"


def _sample_bytes(import_path: str) -> bytes:
    """The sample message: ``generator.samples.sample`` of the root class, then ``to_xml``."""
    try:
        samples = importlib.import_module("generator.samples")
    except ImportError as exc:
        raise Skip(f"generator.samples is not available ({exc})") from None
    package = importlib.import_module(import_path)
    xml = importlib.import_module(f"{import_path}.xml")
    obj = samples.sample(package, f"{{{NS}}}{ELEMENT}")
    data: bytes = xml.to_xml(obj)
    return data


def _schema(src: Path) -> Path:
    """The message schema for lxml and xmlschema: the SDK's loadable copy when it has one.

    SF1520's types XSD uses the PNR namespace without importing it (it relies on the
    schema that includes it), which libxml2 and xmlschema both refuse; the generated SDK
    ships a copy of the contract's schemas that they load (``schemas.ENTRIES``).
    """
    entry = SCHEMA
    for folder in src.glob(f"{PACKAGE}/schemas"):
        text = (folder / "__init__.py").read_text(encoding="utf-8")
        match = re.search(rf'"{re.escape(NS)}": "([^"]+)"', text)
        if match:
            entry = folder / match.group(1)
    return entry


def _skipped(reason: str) -> list[Row]:
    rows = []
    for group in ("serialize", "parse", "validate"):
        for tool in TOOLS[group]:
            rows.append(record(Row(group, LABEL, MESSAGE, tool), error=Skip(reason)))
    for tool in TOOLS["generate"]:
        rows.append(record(Row("generate", LABEL, "-", tool), error=Skip(reason)))
    return rows


def run(work: Path, settings: Settings, quick: bool) -> list[Row]:
    if not WSDL.is_file():
        return _skipped(f"{FOLDER} is not present")
    out = work / "sf1520-sdk"
    try:
        kygen_s = run_timed(generate.kygen_wsdl_cmd(WSDL, PACKAGE, out, FOLDER), work)
    except Exception as exc:
        return _skipped(f"kygen generate --wsdl failed: {exc}")
    src = next((p.parent.parent for p in out.rglob(f"{PACKAGE}/__init__.py")), out)
    contract = Contract(LABEL, WSDL, _schema(src), PACKAGE, src=src)
    sides = build(contract, work)
    try:
        data = _sample_bytes(PACKAGE)
    except Exception as exc:
        return _skipped(f"no sample message: {type(exc).__name__}: {exc}")
    message = Message(MESSAGE, "PersonLookup", ELEMENT, 0, data, namespace=NS)
    rows = suite.run(sides, [message], settings)
    progress(f"generate: kygen --wsdl vs xsdata for {LABEL}")
    seed = {"ours": kygen_s}
    if not isinstance(sides.xsdata, BaseException):
        seed["xsdata"] = sides.xsdata.generate_s
    rows += generate.compare(
        LABEL,
        lambda o: generate.kygen_wsdl_cmd(WSDL, PACKAGE, o, FOLDER),
        WSDL,
        repeats=1 if quick else 3,
        seed=seed if quick else None,
    )
    return rows
