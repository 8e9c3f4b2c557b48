"""A WSDL's endpoint is data, not a precondition (issue 13).

Real WSDLs carry placeholder or plain ``http://`` addresses (``http://kombit.dk/sts/...``,
every SF1500 v6 WSDL). The generated package still imports and its client can be built with
any endpoint; a plain http endpoint that is not loopback is refused when a call is made,
unless the caller opts in with ``allow_insecure_http=True``. ``kygen selftest`` always calls
the local mock, whatever the WSDL's address says.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from contract_builder import write_contract

from generator import samples, selftest

PLACEHOLDER = "http://kombit.dk/sts/placeholder"
BODY = '<xs:element name="Req" type="xs:string"/><xs:element name="Res" type="xs:string"/>'


def _contract(folder: Path) -> Path:
    wsdl = write_contract(folder, BODY, {"Op": ("Req", "Res")})
    wsdl.write_text(wsdl.read_text().replace("https://localhost:8443/fixture", PLACEHOLDER))
    return wsdl


def test_selftest_passes_a_wsdl_whose_address_is_plain_http(tmp_path: Path) -> None:
    _contract(tmp_path)
    report = selftest.run(tmp_path)
    assert report.ok, selftest.table(report)


def test_a_plain_http_endpoint_is_refused_when_a_call_is_made_unless_allowed(
    tmp_path: Path,
) -> None:
    wsdl = _contract(tmp_path / "c")
    with selftest.imported_sdk(wsdl, tmp_path / "sdk", "kyt_endpoints") as (module, v):
        client, mock = module.client, module.mock
        runtime = importlib.import_module("kyt_endpoints._runtime.transport")
        op = v.operations[0]
        generic = next(g for g in v.generic_transport.operations if g.name == op.name)
        request = samples.sample(module, op.input, view=v)
        response = samples.sample(module, op.output, view=v)
        app = mock.MockService(**{generic.handler: lambda _request: response})
        transport = selftest.InProcess(app, runtime.Reply)
        c = client.Client(PLACEHOLDER, transport=transport)  # building it is fine
        with pytest.raises(ValueError, match="allow_insecure_http=True"):
            getattr(c, generic.method)(request)
        assert app.received == []  # refused before anything was sent
        allowed = client.Client(PLACEHOLDER, transport=transport, allow_insecure_http=True)
        assert getattr(allowed, generic.method)(request) == response
        assert len(app.received) == 1
        for url in ("http://127.0.0.1:8080/x", "https://ky.example/x"):
            assert getattr(client.Client(url, transport=transport), generic.method)(request)
