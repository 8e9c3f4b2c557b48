"""The backbone: for every operation of every version, a sample request and response go
object → to_xml → valid against the contract's XSD (lxml) → from_xml → equal object →
to_xml → identical bytes. Each choice branch is taken once (``branch``)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from emit_support import FreshSdk, sources
from lxml import etree

from generator import reader
from generator.emit.versions import build_version_view
from generator.samples import sample, sample_operation

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def _cases() -> list[Any]:
    cases = []
    for source in sources():
        v = build_version_view(reader.read(source), package="x", module="y", schema_entries={})
        for op in v.operations:
            for response in (False, True):
                for branch in (0, 1):
                    ident = f"{source.version}-{op.name}-{'response' if response else 'request'}-{branch}"
                    cases.append(pytest.param(source.version, op.name, response, branch, id=ident))
    return cases


def assert_round_trip(module: Any, obj: object) -> bytes:
    data: bytes = module.to_xml(obj)
    assert data.startswith(DECLARATION)
    document = etree.fromstring(data)
    schema = module.schemas.xml_schema(etree.QName(document).namespace)
    assert schema.validate(document), schema.error_log
    back = module.from_xml(data)
    assert back == obj
    assert module.to_xml(back) == data
    assert module.from_element(module.to_element(obj)) == obj
    return data


@pytest.mark.parametrize(("version", "operation", "response", "branch"), _cases())
def test_sample_round_trip(
    fresh_sdk: FreshSdk, version: str, operation: str, response: bool, branch: int
) -> None:
    module = fresh_sdk.versions[version]
    obj = sample_operation(module, operation, response=response, branch=branch)
    assert_round_trip(module, obj)


@pytest.mark.parametrize("version", ["2.7", "2.8"])
def test_fault_detail_round_trip(fresh_sdk: FreshSdk, version: str) -> None:
    module = fresh_sdk.versions[version]
    assert_round_trip(module, sample(module, "ServiceplatformFault"))


def _unfilled(obj: object, path: str) -> list[str]:
    found = []
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if value is None or value == []:
            found.append(f"{path}.{f.name}")
        for item in value if isinstance(value, list) else [value]:
            if dataclasses.is_dataclass(item):
                found += _unfilled(item, f"{path}.{f.name}")
    return found


def test_samples_fill_every_optional_element(fresh_sdk: FreshSdk) -> None:
    module = fresh_sdk.versions["2.8"]
    for op in ("Aktivitet", "Fravaer", "Sanktionsanmodning", "Kontaktforloeb"):
        obj = sample_operation(module, op)
        assert _unfilled(obj, op) == []
    answer = sample_operation(module, "Aktivitet", response=True)
    assert _unfilled(answer, "AktivitetResponse") == []


def test_samples_look_danish(fresh_sdk: FreshSdk) -> None:
    module = fresh_sdk.versions["2.8"]
    request = sample_operation(module, "Aktivitet")
    header = request.faellesdel
    assert header.cpr_nummer == "1502871234"
    assert header.kommunekode == "101"
    assert len(header.besked_id) == 36 and header.besked_id == header.besked_id.lower()
    godt = request.aktivitet.godtgoerelse[0]
    assert godt.periode.fra_dato <= godt.periode.til_dato
    other = sample_operation(module, "Aktivitet", branch=1).aktivitet.godtgoerelse[0]
    assert type(godt.choice) is not type(other.choice)  # both choice branches are reachable
