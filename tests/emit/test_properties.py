"""Property-based round trips: hypothesis strategies generated from the IR draw random valid
instances of every request, response and fault class of every version; each must write XML
that lxml's XMLSchema accepts and read back to an equal object that writes the same bytes."""

from __future__ import annotations

from typing import Any

import pytest
from emit_support import FreshSdk, sources
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from strategies import strategy

from generator import reader
from generator.emit.versions import build_version_view

EXAMPLES = 200
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)


def _roots() -> list[Any]:
    found = []
    for source in sources():
        v = build_version_view(reader.read(source), package="x", module="y", schema_entries={})
        for clark, name in v.roots.items():
            found.append(pytest.param(source.version, clark, id=f"{source.version}-{name}"))
    return found


@pytest.mark.parametrize(("version", "element"), _roots())
def test_random_valid_instances_round_trip(fresh_sdk: FreshSdk, version: str, element: str) -> None:
    module = fresh_sdk.versions[version]
    schema = module.schemas.xml_schema(element[1:].partition("}")[0])
    cls = module.ROOTS[element]

    @SETTINGS
    @given(strategy(module, element))
    def round_trip(obj: Any) -> None:
        data = module.to_xml(obj)
        document = etree.fromstring(data)
        assert schema.validate(document), (schema.error_log, data)
        back = module.from_xml(data, cls)
        assert back == obj
        assert module.to_xml(back) == data

    round_trip()


def test_strings_with_markup_and_whitespace_round_trip(fresh_sdk: FreshSdk) -> None:
    """Escaping: any XML character in a free-text field survives, markup included."""
    module = fresh_sdk.versions["2.8"]
    from generator.samples import sample_operation

    base = sample_operation(module, "Sanktionsanmodning")

    @SETTINGS
    @given(
        st.text(
            st.characters(
                codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\t\n\r&<>\"'"
            ),
            max_size=60,
        )
    )
    def round_trip(text: str) -> None:
        base.sanktionsanmodning.begrundelse = text
        back = module.from_xml(module.to_xml(base))
        assert back.sanktionsanmodning.begrundelse == text

    round_trip()
