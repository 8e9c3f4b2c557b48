"""Optional: the real KOMBIT contracts next to the checkout (../shared/kombit-contracts).

Skipped when the folder is absent (a user's checkout does not have it). For each WSDL the
emitter's code is generated; every operation's samples (every choice branch) and random valid
instances of every root element validate with lxml and round-trip.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from emit_support import ROOT
from hypothesis import HealthCheck, given, settings
from lxml import etree
from strategies import strategy

from generator.samples import sample_operation, view_of

CORPUS = ROOT.parent / "shared" / "kombit-contracts"
WSDLS = sorted(CORPUS.glob("*/wsdl/context/*Service.wsdl")) + sorted(CORPUS.glob("*/SF*/*.wsdl"))

pytestmark = pytest.mark.skipif(not WSDLS, reason="../shared/kombit-contracts is not here")


def _check(module: Any, obj: object) -> None:
    data = module.to_xml(obj)
    document = etree.fromstring(data)
    schema = module.schemas.xml_schema(etree.QName(document).namespace)
    assert schema.validate(document), schema.error_log
    assert module.from_xml(data) == obj
    assert module.to_xml(module.from_xml(data)) == data


@pytest.mark.parametrize("wsdl", WSDLS, ids=[w.stem for w in WSDLS])
def test_real_contract_round_trips(core_sdk: Any, wsdl: Path) -> None:
    module = core_sdk(wsdl, f"kombit_{wsdl.stem.lower()}", CORPUS)
    v = view_of(module)
    for op in v.operations:
        for response in (False, True):
            if (op.response if response else op.request) is None:
                continue
            for branch in (0, 1, 2):
                _check(module, sample_operation(module, op.name, response=response, branch=branch))
    for element in v.roots:

        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy(module, element))
        def random_instances(obj: Any) -> None:
            _check(module, obj)

        random_instances()
