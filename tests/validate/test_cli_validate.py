"""``kygen validate REF FILE...``: lines per issue, a summary, JSON, and the exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import samples
from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
REF = "kontanthjaelp/2.8"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from validate_support import load_version

    v = load_version("2.8")
    soap = pytest.importorskip("ky_kontanthjaelp._runtime.soap")
    folder = tmp_path_factory.mktemp("messages")
    obj = samples.sample_operation(v.package, "Aktivitet")
    valid = v.package.to_xml(obj)
    messages = {
        "valid.xml": valid,
        "response.xml": v.package.to_xml(
            samples.sample_operation(v.package, "Fravaer", response=True)
        ),
        "envelope.xml": soap.envelope(v.package.to_element(obj)),
        "invalid.xml": valid.replace(b">Opret<", b">Opretx<").replace(b">101<", b">1O1<", 1),
        "cpr.xml": valid.replace(b">1502871234<", b">3202871234<"),
        "dtd.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>',
        "broken.xml": valid[:-10],
    }
    paths = {}
    for name, data in messages.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_valid_files_exit_0(files: dict[str, Path]) -> None:
    code, out = invoke(
        REF, str(files["valid.xml"]), str(files["response.xml"]), str(files["envelope.xml"])
    )
    assert code == 0, out
    assert out.strip().splitlines() == [
        f"3 files checked against {REF}: 3 valid, 0 invalid (0 issues)"
    ]


def test_invalid_file_lines_and_exit_1(files: dict[str, Path]) -> None:
    name = str(files["invalid.xml"])
    code, out = invoke(REF, name, str(files["valid.xml"]))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[0] == (
        f"{name}: AktivitetRequest/Faellesdel/Kommunekode: pattern: "
        "'1O1' does not match the pattern [0-9]{3} of KommunekodeType"
    )
    assert lines[1].startswith(
        f"{name}: AktivitetRequest/Faellesdel/Handling: enumeration: 'Opretx'"
    )
    assert lines[-1] == f"2 files checked against {REF}: 1 valid, 1 invalid (2 issues)"


def test_cpr_numbers_never_printed(files: dict[str, Path]) -> None:
    for fmt in ("text", "json"):
        code, out = invoke(REF, str(files["cpr.xml"]), "--format", fmt)
        assert code == 1
        assert "3202871234" not in out and "320287-****" in out


def test_unsafe_and_unreadable_files_exit_2(files: dict[str, Path], tmp_path: Path) -> None:
    code, out = invoke(REF, str(files["dtd.xml"]), str(files["invalid.xml"]))
    assert code == 2
    assert f"{files['dtd.xml']}: error: " in out and "DOCTYPE" in out
    assert "1 unreadable" in out
    assert invoke(REF, str(files["broken.xml"]))[0] == 2
    code, out = invoke(REF, str(tmp_path / "missing.xml"))
    assert code == 2 and "cannot read" in out


def test_unknown_ref_exits_2() -> None:
    result = CliRunner().invoke(main, ["validate", "kontanthjaelp/9.9", "x.xml"])
    assert result.exit_code == 2
    assert "unknown contract" in result.output


def test_json_format(files: dict[str, Path]) -> None:
    code, out = invoke(REF, str(files["invalid.xml"]), str(files["valid.xml"]), "--format", "json")
    assert code == 1
    document = json.loads(out)
    assert document["valid"] is False
    assert document["summary"] == {"valid": 1, "invalid": 1, "unreadable": 0}
    first = document["files"][0]
    assert first["status"] == "invalid"
    assert [(i["path"], i["code"]) for i in first["issues"]] == [
        ("AktivitetRequest/Faellesdel/Kommunekode", "pattern"),
        ("AktivitetRequest/Faellesdel/Handling", "enumeration"),
    ]
    assert set(first["issues"][0]) == {"path", "code", "message", "value"}


def test_stdin_and_the_installed_command(files: dict[str, Path]) -> None:
    kygen = Path(sys.executable).with_name("kygen")
    result = subprocess.run(
        [str(kygen), "validate", REF, "-"],
        input=files["invalid.xml"].read_bytes(),
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout.decode().startswith("-: AktivitetRequest/Faellesdel/Kommunekode: pattern:")
