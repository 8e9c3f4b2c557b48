"""Broken contracts: ``kygen generate`` fails safely and says why.

For each kind of breakage a copy of the 2.8 contract is broken in one place and generated
into an output folder that already holds a good generation (a copy of the committed
``generated/``). The command must exit 2 with exactly one line
``kygen: error: FILE[:LINE]: problem`` (the line where the problem has one), print no
traceback, and leave the output folder byte-identical (its whole tree is hashed before and
after). ``kygen`` is run in-process (click's runner); one case also runs as a real process.

A circular ``xs:import`` (and ``xs:include``) is legal XSD 1.0: the reader reads each document
once, so a cycle neither hangs nor changes the contract; that is tested with ``kygen ir``
(the reader ``kygen generate`` uses), under a guard that turns a hang into a failure.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hardening.fuzzing import guard

from generator.cli import main
from generator.errors import ContractError

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "contracts" / "kontanthjaelp" / "2.8"
MSG = "KontanthjaelpServiceMsg.xsd"
TYPES = "xsd/KontanthjaelpServiceTypes.xsd"
WSDL = "wsdl/context/KontanthjaelpService.wsdl"
INVCTX = "sp/InvocationContext_1.xsd"
ERROR = re.compile(r"^kygen: error: (?P<file>[^:\n]+?)(?::(?P<line>\d+))?: (?P<problem>.+)$")


def edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(folder: Path, name: str, needle: str) -> int:
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if needle in text)


@dataclass(frozen=True)
class Broken:
    break_it: Callable[[Path], None]  # changes the copy of the 2.8 folder
    file: str | None  # the file the message must name (relative to the version folder)
    needle: str | None  # text on the line the message must name (None: no line)
    problem: str  # regex over the problem text


def _malformed(f: Path) -> None:
    edit(
        f,
        TYPES,
        '<xsd:simpleType name="CVRnummerType">',
        '<xsd:simpleType name="CVRnummerType" name="igen">',
    )


def _missing_include(f: Path) -> None:
    edit(
        f,
        MSG,
        'schemaLocation="xsd/KontanthjaelpServiceTypes.xsd"',
        'schemaLocation="xsd/Findes-ikke.xsd"',
    )


def _missing_import(f: Path) -> None:
    edit(
        f, MSG, 'schemaLocation="sp/InvocationContext_1.xsd"', 'schemaLocation="sp/Findes-ikke.xsd"'
    )


def _unresolved_type(f: Path) -> None:
    edit(f, TYPES, 'type="tns:CPRnummerType"', 'type="tns:CPRnummerTypo"')


def _unresolved_element(f: Path) -> None:
    edit(f, MSG, 'ref="invctx:InvocationContext"', 'ref="invctx:InvocationKontekst"')


def _unresolved_group(f: Path) -> None:
    edit(
        f,
        TYPES,
        '<xsd:simpleType name="CVRnummerType">',
        '<xsd:complexType name="GruppeBrugerType"><xsd:group ref="tns:FindesIkke"/></xsd:complexType>\n'
        '<xsd:simpleType name="CVRnummerType">',
    )


def _duplicate(f: Path) -> None:
    edit(
        f,
        TYPES,
        '<xsd:simpleType name="CVRnummerType">',
        '<xsd:simpleType name="CPRnummerType"><xsd:restriction base="xsd:string"/></xsd:simpleType>\n'
        '<xsd:simpleType name="CVRnummerType">',
    )


def _part_names_missing_element(f: Path) -> None:
    edit(f, WSDL, 'element="tns:KontaktforloebResponse"', 'element="tns:KontaktforloebSvar"')


def _redefine(f: Path) -> None:
    edit(
        f,
        MSG,
        '<xsd:include schemaLocation="xsd/KontanthjaelpServiceTypes.xsd"/>',
        '<xsd:redefine schemaLocation="xsd/KontanthjaelpServiceTypes.xsd"/>',
    )


def _assert(f: Path) -> None:
    edit(
        f,
        TYPES,
        '<xsd:simpleType name="CVRnummerType">',
        '<xsd:complexType name="PeriodeTjekType"><xsd:sequence><xsd:element name="A" type="xsd:int"/></xsd:sequence>'
        '<xsd:assert test="A gt 0"/></xsd:complexType>\n<xsd:simpleType name="CVRnummerType">',
    )


def _pattern(f: Path) -> None:
    edit(
        f, TYPES, '<xsd:pattern value="[0-9]{8}"/>', '<xsd:pattern value="\\p{IsNoSuchBlock}{8}"/>'
    )


def _missing_key(f: Path) -> None:
    edit(f, "contract.toml", 'service_uuid = "2b4702a3-2cb9-49ce-b367-807fbbfbe35b"\n', "")


CASES: dict[str, Broken] = {
    "malformed_xml": Broken(
        _malformed, TYPES, 'name="igen"', "not well-formed XML: Attribute name redefined"
    ),
    "missing_include_file": Broken(
        _missing_include, MSG, "Findes-ikke.xsd", "Findes-ikke.xsd' does not exist"
    ),
    "missing_import_file": Broken(
        _missing_import, MSG, "Findes-ikke.xsd", "Findes-ikke.xsd' does not exist"
    ),
    "unresolved_type": Broken(
        _unresolved_type, TYPES, "CPRnummerTypo", "unresolved type reference 'tns:CPRnummerTypo'"
    ),
    "unresolved_element": Broken(
        _unresolved_element, MSG, "InvocationKontekst", "unresolved element reference"
    ),
    "unresolved_group": Broken(
        _unresolved_group, TYPES, "FindesIkke", "unresolved group reference"
    ),
    "duplicate_definition": Broken(
        _duplicate,
        TYPES,
        '<xsd:simpleType name="CPRnummerType"><xsd:restriction',
        "duplicate definition of simpleType 'CPRnummerType'",
    ),
    "part_names_missing_element": Broken(
        _part_names_missing_element,
        WSDL,
        '<message name="KontaktforloebResponse"',
        "names missing element 'tns:KontaktforloebSvar'",
    ),
    "unsupported_redefine": Broken(_redefine, MSG, "<xsd:redefine", "xs:redefine is not supported"),
    "unsupported_xsd11_assert": Broken(
        _assert, TYPES, "PeriodeTjekType", r"XSD 1\.1 constructs \(xs:assert"
    ),
    "untranslatable_pattern": Broken(
        _pattern,
        TYPES,
        '<xsd:simpleType name="CVRnummerType">',
        r"xs:pattern .*cannot be translated",
    ),
    "contract_toml_missing_key": Broken(
        _missing_key, "contract.toml", None, r"missing required key\(s\): service_uuid"
    ),
}


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def good_generation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A previous good generation: the committed output (SDK and reports), without caches."""
    out = tmp_path_factory.mktemp("good") / "generated"
    shutil.copytree(ROOT / "generated", out, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return out


@pytest.fixture
def out(good_generation: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "generated"
    shutil.copytree(good_generation, folder)
    return folder


def broken_copy(tmp_path: Path, case: Broken) -> Path:
    contracts = tmp_path / "contracts"
    shutil.copytree(SOURCE, contracts / "kontanthjaelp" / "2.8")
    case.break_it(contracts / "kontanthjaelp" / "2.8")
    return contracts


def check_error(stderr: str, contracts: Path, case: Broken, cwd: Path | None = None) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    found = ERROR.match(lines[0])
    assert found is not None, lines[0]
    folder = contracts / "kontanthjaelp" / "2.8"
    if case.file is not None:
        named = Path(found["file"])
        where = named if named.is_absolute() else (cwd or Path.cwd()) / named
        assert where.resolve() == (folder / case.file).resolve(), lines[0]
    if case.needle is None:
        assert found["line"] is None, lines[0]
    else:
        assert found["line"] is not None, f"no line in: {lines[0]}"
        assert int(found["line"]) == line_of(folder, case.file or "", case.needle), lines[0]
    assert re.search(case.problem, found["problem"]), found["problem"]


@pytest.mark.parametrize("name", list(CASES))
def test_broken_contract_exits_2_and_leaves_output_alone(
    name: str, tmp_path: Path, out: Path
) -> None:
    case = CASES[name]
    contracts = broken_copy(tmp_path, case)
    before = tree_hash(out)
    result = CliRunner().invoke(
        main, ["generate", "--contracts", str(contracts), "--out", str(out)]
    )
    assert isinstance(result.exception, SystemExit), result.exception  # no other exception
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    check_error(result.stderr, contracts, case)
    assert tree_hash(out) == before
    assert not list(out.glob(".kygen-*"))  # no staging folder left behind


def test_empty_contracts_folder(tmp_path: Path, out: Path) -> None:
    contracts = tmp_path / "contracts"
    contracts.mkdir()
    before = tree_hash(out)
    result = CliRunner().invoke(
        main, ["generate", "--contracts", str(contracts), "--out", str(out)]
    )
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    (line,) = result.stderr.splitlines()
    found = ERROR.match(line)
    assert found is not None and found["line"] is None, line
    assert Path(found["file"]).resolve() == contracts.resolve()
    assert "no contract versions" in found["problem"]
    assert tree_hash(out) == before


def test_real_process_prints_one_line_and_a_traceback_only_with_debug(
    tmp_path: Path, out: Path
) -> None:
    contracts = broken_copy(tmp_path, CASES["malformed_xml"])
    before = tree_hash(out)
    command = [
        sys.executable,
        "-m",
        "generator",
        "generate",
        "--contracts",
        str(contracts),
        "--out",
        str(out),
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        command, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
    )
    assert result.returncode == 2
    assert result.stdout == ""
    check_error(result.stderr, contracts, CASES["malformed_xml"], cwd=tmp_path)
    assert tree_hash(out) == before
    # --debug lets the exception (and so its traceback) through; in-process to save a start-up
    debug = CliRunner().invoke(
        main, ["--debug", "generate", "--contracts", str(contracts), "--out", str(out)]
    )
    assert isinstance(debug.exception, ContractError)
    assert tree_hash(out) == before


@pytest.fixture(scope="module")
def plain_ir() -> str:
    result = CliRunner().invoke(
        main, ["ir", "kontanthjaelp/2.8", "--contracts", str(ROOT / "contracts")]
    )
    assert result.exit_code == 0
    return result.stdout


@pytest.mark.parametrize("kind", ["import", "include"])
def test_a_reference_cycle_reads_once_and_does_not_hang(
    kind: str, tmp_path: Path, plain_ir: str
) -> None:
    """InvocationContext_1.xsd imports the message schema back (import: legal XSD 1.0), or
    the types schema includes the message schema that includes it (include): the contract
    reads, within a guard that turns a hang into a failure, to the same IR as without the
    cycle (each document is read once)."""
    contracts = tmp_path / "contracts"
    folder = contracts / "kontanthjaelp" / "2.8"
    shutil.copytree(SOURCE, folder)
    if kind == "import":
        edit(
            folder,
            INVCTX,
            "<xsd:annotation>",
            '<xsd:import namespace="http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/" '
            'schemaLocation="../KontanthjaelpServiceMsg.xsd"/>\n<xsd:annotation>',
        )
    else:
        edit(
            folder,
            TYPES,
            "<xsd:annotation>",
            '<xsd:include schemaLocation="../KontanthjaelpServiceMsg.xsd"/>\n<xsd:annotation>',
        )
    with guard(60):
        cyclic = CliRunner().invoke(
            main, ["ir", "kontanthjaelp/2.8", "--contracts", str(contracts)]
        )
    assert cyclic.exit_code == 0, (cyclic.output, cyclic.exception)
    assert strip_locations(cyclic.stdout) == strip_locations(plain_ir)


def strip_locations(ir_json: str) -> str:
    """The IR without line numbers (the inserted import shifts the lines of one file)."""
    return re.sub(r'"line": \d+', '"line": 0', ir_json)
