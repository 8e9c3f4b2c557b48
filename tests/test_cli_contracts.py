"""`kygen ir` and contract references: the three REF forms, manifests, and bad input as people see it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from contract_builder import write_contract

from generator import contracts
from generator.cli import main
from generator.errors import ContractError, UsageError

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT / "contracts"
SHARED = ROOT.parent / "shared" / "kombit-contracts"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    kygen = Path(sys.executable).with_name("kygen")
    return subprocess.run([str(kygen), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_three_ref_forms_give_the_same_ir() -> None:
    by_ref = run("ir", "kontanthjaelp/2.8")
    by_folder = run("ir", str(CONTRACTS / "kontanthjaelp" / "2.8"))
    assert by_ref.returncode == 0, by_ref.stderr
    assert by_ref.stdout == by_folder.stdout
    by_wsdl = run("ir", str(CONTRACTS / "kontanthjaelp/2.8/wsdl/context/KontanthjaelpService.wsdl"))
    assert by_wsdl.returncode == 0
    assert '"manifest": null' in by_wsdl.stdout and '"integration_version": "2.8"' in by_ref.stdout


def test_ir_json_is_byte_identical_across_runs() -> None:
    first, second = run("ir", "kontanthjaelp/2.7"), run("ir", "kontanthjaelp/2.7")
    assert first.returncode == 0 and first.stdout == second.stdout
    assert len(first.stdout) > 10_000


def copy_version(contracts_dir: Path, version: str, *, edit: bool = True) -> Path:
    """Copy 2.8 to ``version``, editing contract.toml and the schemas' version (``edit``) or
    not (a copied folder nobody edited)."""
    target = contracts_dir / "kontanthjaelp" / version
    shutil.copytree(CONTRACTS / "kontanthjaelp" / "2.8", target)
    if edit:
        for path in [target / "contract.toml", *target.rglob("*.xsd")]:
            text = path.read_text(encoding="utf-8")
            text = text.replace('integration_version = "2.8"', f'integration_version = "{version}"')
            path.write_text(text.replace('version="2.8"', f'version="{version}"'), encoding="utf-8")
    return target


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if text.startswith(start))


def test_discover_orders_versions_naturally(tmp_path: Path) -> None:
    for version in ("2.10", "2.9", "2.8"):
        copy_version(tmp_path, version)
    assert [s.version for s in contracts.discover(tmp_path)] == ["2.8", "2.9", "2.10"]


def test_a_copied_unedited_version_folder_is_refused_with_file_and_line(tmp_path: Path) -> None:
    copy_version(tmp_path, "2.8")
    copy_version(tmp_path, "2.9", edit=False)
    line = line_of(tmp_path / "kontanthjaelp/2.9/contract.toml", "integration_version")
    for command in ("generate", "check"):
        result = run(command, "--contracts", str(tmp_path), "--out", str(tmp_path / "out"))
        assert result.returncode == 2, result.stderr
        assert result.stderr == (
            f"kygen: error: {tmp_path}/kontanthjaelp/2.9/contract.toml:{line}: integration_version "
            "'2.8' differs from the folder name '2.9'\n"
        )
    assert not (tmp_path / "out").exists()


def test_schema_versions_must_agree_with_the_manifest(tmp_path: Path) -> None:
    target = copy_version(tmp_path, "2.9", edit=False)
    toml = target / "contract.toml"
    toml.write_text(
        toml.read_text().replace('integration_version = "2.8"', 'integration_version = "2.9"')
    )
    with pytest.raises(
        ContractError, match="schema version '2.8' differs from integration_version '2.9'"
    ) as info:
        contracts.discover(tmp_path)
    assert info.value.file == str(target / "KontanthjaelpServiceMsg.xsd") and info.value.line == 8


def test_a_service_version_in_two_folders_is_refused(tmp_path: Path) -> None:
    copy_version(tmp_path, "2.8")
    shutil.copytree(tmp_path / "kontanthjaelp", tmp_path / "kontanthjaelp-kopi")
    with pytest.raises(
        ContractError, match=r"kontanthjaelp 2.8 is also in .*kontanthjaelp/2.8/contract.toml"
    ) as info:
        contracts.discover(tmp_path)
    assert info.value.line == line_of(
        tmp_path / "kontanthjaelp/2.8/contract.toml", "integration_version"
    )


def test_endpoints_must_be_https(tmp_path: Path) -> None:
    toml = copy_version(tmp_path, "2.8") / "contract.toml"
    toml.write_text(toml.read_text().replace('exttest = "https://', 'exttest = "http://'))
    with pytest.raises(ContractError, match="endpoint 'exttest' is not https: http://") as info:
        contracts.discover(tmp_path)
    assert info.value.line == line_of(toml, "exttest = ")


def test_manifest_missing_key_is_named(tmp_path: Path) -> None:
    target = tmp_path / "kontanthjaelp" / "2.8"
    shutil.copytree(CONTRACTS / "kontanthjaelp" / "2.8", target)
    toml = target / "contract.toml"
    toml.write_text(
        "\n".join(x for x in toml.read_text().splitlines() if not x.startswith("service_uuid"))
    )
    with pytest.raises(ContractError, match="missing required key\\(s\\): service_uuid") as info:
        contracts.from_folder(target)
    assert info.value.file and info.value.file.endswith("contract.toml")


def test_unknown_ref_and_empty_contracts_folder(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown contract 'nope/1.0'"):
        contracts.resolve("nope/1.0", CONTRACTS)
    with pytest.raises(ContractError, match="no contract versions"):
        contracts.discover(tmp_path)


def test_bad_contract_exits_2_with_file_and_line_and_no_traceback(tmp_path: Path) -> None:
    wsdl = write_contract(
        tmp_path, '<xs:element name="Req" type="tns:Missing"/>', {"Op": ("Req", "Req")}
    )
    result = run("ir", str(wsdl), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("kygen: error: types.xsd:")
    assert "unresolved type reference 'tns:Missing'" in result.stderr
    assert "Traceback" not in result.stderr
    debug = run("--debug", "ir", str(wsdl), cwd=tmp_path)
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_cli_runner_reports_unknown_ref() -> None:
    result = CliRunner().invoke(main, ["ir", "nope/9.9", "--contracts", str(CONTRACTS)])
    assert result.exit_code == 2
    assert "unknown contract 'nope/9.9'" in result.output


@pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared/kombit-contracts is not present in this checkout"
)
@pytest.mark.parametrize(
    "wsdl",
    sorted(
        str(p.relative_to(SHARED))
        for p in (SHARED.glob("*/wsdl/*/*.wsdl") if SHARED.is_dir() else [])
        if p.name != "policies.wsdl"
    )
    + (
        [
            "sf2900-distribution/SF2900_EP_MS1-2/DistributionServiceAnvenderV2.wsdl",
            "sf2900-distribution/SF2900_EP_MS1-2/DistributionServiceModtagerV2.wsdl",
        ]
        if SHARED.is_dir()
        else []
    ),
)
def test_every_real_kombit_wsdl_reads(wsdl: str) -> None:
    from generator.reader import read

    contract = read(contracts.from_wsdl(SHARED / wsdl, folder=SHARED))
    assert contract.operations, "no operations read"
    for op in contract.operations:
        assert op.input is not None and contract.element(op.input)
        assert contract.type(contract.element(op.input).type) is not None
    assert os.path.basename(contract.entry) == os.path.basename(wsdl)


def test_an_undocumented_element_in_a_version_folder_is_refused_with_file_and_line(
    tmp_path: Path,
) -> None:
    target = copy_version(tmp_path, "2.9")
    types = target / "xsd" / "KontanthjaelpServiceTypes.xsd"
    documented = (
        '<xsd:element name="Tilbudstype" type="tns:TilbudstypeType" minOccurs="1" maxOccurs="1">\n'
        "                <xsd:annotation>\n"
        "                    <xsd:documentation>Tilbuddets type.</xsd:documentation>\n"
        "                </xsd:annotation>\n"
        "            </xsd:element>"
    )
    text = types.read_text(encoding="utf-8")
    assert documented in text
    types.write_text(
        text.replace(documented, documented.splitlines()[0][:-1] + "/>"), encoding="utf-8"
    )
    result = CliRunner().invoke(
        main,
        [
            "generate",
            "--contracts",
            str(tmp_path),
            "--out",
            str(tmp_path / "out"),
            "kontanthjaelp/2.9",
        ],
    )
    assert result.exit_code == 2, result.output
    message = result.output.strip().splitlines()[-1]
    line = line_of(types, '            <xsd:element name="Tilbudstype"')
    assert f"KontanthjaelpServiceTypes.xsd:{line}: " in message
    assert "element 'Tilbudstype' has no xs:documentation" in message
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
