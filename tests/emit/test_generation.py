"""Generation as a whole: deterministic, atomic, and `kygen check` tells stale output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from emit_support import CONTRACTS, FRESH, FreshSdk, sources
from lxml import etree

from generator import emit
from generator.cli import main
from generator.emit import output


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_generations_are_identical(fresh_sdk: FreshSdk) -> None:
    again = emit.build(sources(), package=FRESH)
    assert again.files == fresh_sdk.generated.files


def test_output_layout(fresh_sdk: FreshSdk) -> None:
    files = fresh_sdk.generated.files
    sdk = f"{FRESH}/src/{FRESH}"
    for path in [
        f"{FRESH}/pyproject.toml",
        f"{FRESH}/README.md",
        f"{FRESH}/CHANGELOG.md",
        f"{sdk}/__init__.py",
        f"{sdk}/py.typed",
        f"{sdk}/_runtime/errors.py",
        f"{sdk}/_runtime/xmlparse.py",
        f"{sdk}/_runtime/lexical.py",
        f"{sdk}/v2_8/models.py",
        f"{sdk}/v2_8/xml.py",
        f"{sdk}/v2_8/schemas/__init__.py",
        f"{sdk}/v2_8/schemas/KontanthjaelpServiceMsg.xsd",
        f"{sdk}/v2_8/schemas/wsdl/context/KontanthjaelpService.wsdl",
        f"{sdk}/v2_7/models.py",
        "reports/kontanthjaelp-2.7-2.8.md",
        "reports/kontanthjaelp-2.7-2.8.json",
        "reports/kontanthjaelp-2.7-2.8.html",
    ]:
        assert path in files, path
    module = fresh_sdk.versions["2.8"]
    assert module.CONTRACT_VERSION == "2.8"
    assert module.SERVICE_UUID and module.ENTITY_ID
    assert set(module.ENDPOINTS) == {"exttest", "prod"}
    aktivitet = module.OPERATIONS["Aktivitet"]
    assert (aktivitet.method, aktivitet.request, aktivitet.response) == (
        "aktivitet",
        module.AktivitetRequest,
        module.AktivitetResponse,
    )


def test_generated_code_does_not_import_the_generator(fresh_sdk: FreshSdk) -> None:
    for path, data in fresh_sdk.generated.files.items():
        if path.endswith(".py"):
            assert b"from generator" not in data and b"import generator" not in data, path


def test_failed_write_leaves_the_output_untouched(
    fresh_sdk: FreshSdk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    shutil.copytree(fresh_sdk.out, out)
    for path in out.rglob("*.py"):  # an older generation: every module is to be rewritten
        path.write_bytes(b"# older\n")
    before = _snapshot(out)
    written = 0
    real = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:
        nonlocal written
        written += 1
        if written > 10:
            raise OSError("disk full")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(OSError, match="disk full"):
        output.write(fresh_sdk.generated, out)
    monkeypatch.undo()
    assert _snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(output.TEMP_PREFIX)]


def test_broken_contract_writes_nothing(tmp_path: Path) -> None:
    contracts = tmp_path / "contracts"
    shutil.copytree(CONTRACTS / "kontanthjaelp" / "2.8", contracts / "kontanthjaelp" / "2.8")
    types = contracts / "kontanthjaelp" / "2.8" / "xsd" / "KontanthjaelpServiceTypes.xsd"
    types.write_text(
        types.read_text(encoding="utf-8").replace('type="tns:PeriodeType"', 'type="tns:Ukendt"'),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["generate", "--contracts", str(contracts), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "Ukendt" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_check_fails_after_a_contract_edit_and_passes_after_generate(tmp_path: Path) -> None:
    contracts = tmp_path / "contracts"
    shutil.copytree(CONTRACTS / "kontanthjaelp" / "2.8", contracts / "kontanthjaelp" / "2.8")
    out = tmp_path / "generated"
    runner = CliRunner()
    args = ["--contracts", str(contracts), "--out", str(out)]
    assert runner.invoke(main, ["generate", *args]).exit_code == 0
    checked = runner.invoke(main, ["check", *args])
    assert checked.exit_code == 0, checked.output

    types = contracts / "kontanthjaelp" / "2.8" / "xsd" / "KontanthjaelpServiceTypes.xsd"
    text = types.read_text(encoding="utf-8")
    types.write_text(
        text.replace(
            '<xsd:enumeration value="Slet">',
            '<xsd:enumeration value="Annuller"><xsd:annotation><xsd:documentation>'
            "Annuller.</xsd:documentation></xsd:annotation></xsd:enumeration>\n"
            '<xsd:enumeration value="Slet">',
        ),
        encoding="utf-8",
    )
    stale = runner.invoke(main, ["check", *args])
    assert stale.exit_code == 1
    assert (
        "v2_8/models.py" in stale.output
        and "v2_8/schemas/xsd/KontanthjaelpServiceTypes.xsd" in stale.output
    )

    # Stray files in the SDK folder are stale too (generation would remove them).
    (out / "ky_kontanthjaelp" / "src" / "ky_kontanthjaelp" / "v2_8" / "old.py").write_text("")
    assert "old.py" in runner.invoke(main, ["check", *args]).output

    assert runner.invoke(main, ["generate", *args]).exit_code == 0
    assert runner.invoke(main, ["check", *args]).exit_code == 0
    assert not (out / "ky_kontanthjaelp" / "src" / "ky_kontanthjaelp" / "v2_8" / "old.py").exists()


def test_sample_command(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main, ["sample", "kontanthjaelp/2.8", "Aktivitet", "--contracts", str(CONTRACTS)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<ns1:AktivitetRequest'
    )
    enveloped = runner.invoke(
        main,
        [
            "sample",
            "kontanthjaelp/2.7",
            "Fravaer",
            "--response",
            "--envelope",
            "--contracts",
            str(CONTRACTS),
        ],
    )
    assert enveloped.exit_code == 0, enveloped.output
    assert b"Envelope" in enveloped.stdout_bytes and b"FravaerResponse" in enveloped.stdout_bytes
    unknown = runner.invoke(
        main, ["sample", "kontanthjaelp/2.8", "Nope", "--contracts", str(CONTRACTS)]
    )
    assert unknown.exit_code == 2 and "Aktivitet" in unknown.output


def test_pretty_sample_is_the_same_valid_document(fresh_sdk: FreshSdk) -> None:
    runner = CliRunner()
    args = ["sample", "kontanthjaelp/2.8", "Aktivitet", "--contracts", str(CONTRACTS)]
    compact = runner.invoke(main, args)
    pretty = runner.invoke(main, [*args, "--pretty"])
    assert compact.exit_code == 0 and pretty.exit_code == 0, pretty.output
    assert pretty.stdout_bytes.count(b"\n") > 40 > compact.stdout_bytes.count(b"\n")
    schema = etree.XMLSchema(
        etree.parse(str(CONTRACTS / "kontanthjaelp/2.8/KontanthjaelpServiceMsg.xsd"))
    )
    assert schema.validate(etree.fromstring(pretty.stdout_bytes)), schema.error_log
    module = fresh_sdk.versions["2.8"]
    assert module.from_xml(pretty.stdout_bytes) == module.from_xml(compact.stdout_bytes)


def test_client_and_mock_are_re_exported_on_first_use(fresh_sdk: FreshSdk) -> None:
    """Models and XML do not load the HTTP stack; ``from pkg.v2_8 import Client`` still works."""
    probe = f"""
import sys
import {FRESH}.v2_8 as v
assert "httpx" not in sys.modules, "importing the version package loaded httpx"
from {FRESH}.v2_8 import AsyncClient, Client, MockKY
from {FRESH}.v2_8.client import Client as Direct
assert Client is Direct and AsyncClient.__name__ == "AsyncClient" and MockKY.__name__ == "MockKY"
try:
    v.NoSuchName
except AttributeError as exc:
    print(exc)
"""
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=fresh_sdk.src,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "has no attribute 'NoSuchName'" in result.stdout


def test_template_cache_changes_no_output(tmp_path: Path) -> None:
    """Compiled templates are cached between runs; cold, warm and unwritable caches all give
    the same files."""
    cache = tmp_path / "cache"
    outputs = []
    for n, cache_home in enumerate([cache, cache, Path("/proc/no-such-folder")]):
        out = tmp_path / f"out{n}"
        result = subprocess.run(
            [sys.executable, "-m", "generator", "generate", "--contracts", str(CONTRACTS)]
            + ["--out", str(out), "kontanthjaelp/2.8"],
            env={**os.environ, "XDG_CACHE_HOME": str(cache_home)},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        outputs.append(_snapshot(out))
    assert outputs[0] == outputs[1] == outputs[2]
    assert list((cache / "ky-codegen").glob("templates-jinja-*/*.cache"))


def test_committed_generated_folder_is_up_to_date() -> None:
    """What vendors install is what the contracts and templates generate: `kygen check` on
    the repository's own generated/ (SDK, CHANGELOG and reports) passes."""
    out = CONTRACTS.parent / "generated"
    result = CliRunner().invoke(main, ["check", "--contracts", str(CONTRACTS), "--out", str(out)])
    assert result.exit_code == 0, result.output
