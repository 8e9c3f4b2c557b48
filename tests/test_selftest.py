"""``kygen selftest DIR``: on a corpus of small construct contracts (always), on a corpus with
failures in it, and on the real KOMBIT contracts next to the checkout (skipped when absent).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from construct_fixtures import CONSTRUCTS, write, write_corpus
from contract_builder import write_contract

from generator import selftest, token_flow
from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
KOMBIT = ROOT.parent / "shared" / "kombit-contracts"

POLICY_ONLY = """<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:test:policy">
  <wsdl:documentation>Policies only: nothing to generate.</wsdl:documentation>
</wsdl:definitions>
"""


def _leftovers() -> list[str]:
    return [name for name in sys.modules if name.startswith("_kygen_selftest_")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder)
    (folder / "policies.wsdl").write_text(POLICY_ONLY, encoding="utf-8")
    return folder


def test_every_construct_contract_passes(corpus: Path) -> None:
    report = selftest.run(corpus)
    rows = {r.path: r for r in report.results}
    assert rows["policies.wsdl"].skipped == "no SOAP binding"
    # the WSDLs another WSDL imports have no binding of their own
    assert rows["wsdl_imports/parts/port.wsdl"].skipped == "no SOAP binding"
    tested = {r.path.split("/")[0] for r in report.tested}
    assert tested == set(CONSTRUCTS)
    failures = {r.path: r.first_error for r in report.results if not r.ok}
    assert failures == {}
    assert report.ok
    assert len(rows["shared_messages/service.wsdl"].operations) == 5
    assert _leftovers() == []  # every SDK was forgotten again


def test_cli_prints_the_table_and_totals(tmp_path: Path) -> None:
    for name in ("danish", "shared_messages"):
        write(name, tmp_path / name)
    (tmp_path / "policies.wsdl").write_text(POLICY_ONLY, encoding="utf-8")
    result = CliRunner().invoke(main, ["selftest", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["WSDL", "operations", "passed", "failed", "first", "error"]
    rows = {line.split()[0]: line.split() for line in lines if ".wsdl" in line}
    assert rows["danish/service.wsdl"] == ["danish/service.wsdl", "1", "1", "0"]
    assert rows["shared_messages/service.wsdl"][1:] == ["5", "5", "0"]
    assert rows["policies.wsdl"][1:] == ["-", "-", "-", "skipped:", "no", "SOAP", "binding"]
    assert lines[-1].startswith("3 WSDLs: 2 tested, 1 skipped; 6 operations: 6 passed, 0 failed")


def test_failures_are_reported_and_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_contract(
        tmp_path / "good",
        '<xs:element name="Req" type="xs:string"/><xs:element name="Res" type="xs:int"/>',
        {"Send": ("Req", "Res"), "Hent": ("Res", "Req")},
    )
    write_contract(  # a type the schema does not define: generation fails
        tmp_path / "broken",
        '<xs:element name="Req" type="tns:Ukendt"/>',
        {"Send": ("Req", None)},
    )
    original = selftest.check_message

    def fail_hent_requests(module: object, obj: object) -> str | None:
        if type(obj).__name__ == "Res" and calls[-1] == "Hent":
            return "boom"
        return original(module, obj)  # type: ignore[arg-type]

    calls: list[str] = []
    monkeypatch.setattr(selftest, "check_message", fail_hent_requests)
    monkeypatch.setattr(
        selftest,
        "_messages",
        lambda op, real=selftest._messages: (calls.append(op.name), real(op))[1],
    )
    result = CliRunner().invoke(main, ["selftest", str(tmp_path)])
    assert result.exit_code == 1, result.output
    rows = {line.split()[0]: line for line in result.output.splitlines() if ".wsdl" in line}
    assert rows["broken/service.wsdl"].split()[1:4] == ["?", "0", "-"]
    assert "Ukendt" in rows["broken/service.wsdl"]
    assert rows["good/service.wsdl"].split()[1:4] == ["2", "1", "1"]
    assert "Hent: request: boom" in rows["good/service.wsdl"]
    assert "1 failed to generate or import" in result.output
    assert _leftovers() == []


@pytest.mark.skipif(not KOMBIT.is_dir(), reason="../shared/kombit-contracts is not here")
def test_the_kombit_corpus_passes() -> None:
    report = selftest.run(KOMBIT)
    failures = {r.path: r.first_error for r in report.results if not r.ok}
    assert failures == {}
    tested = {r.path: len(r.operations) for r in report.tested}
    # every service WSDL (both security variants), every operation
    assert len(tested) >= 8 and all(n > 0 for n in tested.values())
    assert all(
        "/sp/" in r.path or r.path.endswith("policies.wsdl") for r in report.results if r.skipped
    )


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each token flow selftest runs (the WSDL's package), still running it."""
    flows: list[str] = []
    secure = token_flow.secure

    def counted(module: Any, app: Any, transport: Any) -> Any:
        flows.append(module.__name__)
        return secure(module, app, transport)

    monkeypatch.setattr(token_flow, "secure", counted)
    return flows


def test_ky_token_variant_runs_the_token_flow(monkeypatch: pytest.MonkeyPatch) -> None:
    flows = _counting(monkeypatch)
    # The whole contract folder: the WSDLs import ../../ files, and imports stay inside it.
    report = selftest.run(ROOT / "contracts" / "kontanthjaelp" / "2.8")
    rows = {r.path: r for r in report.results}
    token, context = (
        "wsdl/token/KontanthjaelpService.wsdl",
        "wsdl/context/KontanthjaelpService.wsdl",
    )
    assert rows[token].ok and rows[context].ok
    assert rows["wsdl/token/policies.wsdl"].skipped == "no SOAP binding"
    assert len(flows) == len(rows[token].operations) == 8


@pytest.mark.skipif(not KOMBIT.is_dir(), reason="../shared/kombit-contracts is not here")
def test_the_demoservice_token_variant_passes_with_its_token_flow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    flows = _counting(monkeypatch)
    report = selftest.run(KOMBIT / "sp-demoservice")
    rows = {r.path: r for r in report.results}
    assert rows["wsdl/token/DemoService.wsdl"].ok, rows["wsdl/token/DemoService.wsdl"].first_error
    assert rows["wsdl/context/DemoService.wsdl"].ok
    assert len(flows) == 1  # callDemoService, token variant only
