"""The differential test: the generated validator's verdict equals lxml's XMLSchema's.

For every operation of both contract versions, valid messages (the realistic samples, with
each choice branch, and hypothesis-generated instances) are mutated in every way
`xml_mutations` knows, driven by the contract's own facets and occurrences. Each mutated
document is judged by lxml's XMLSchema (the oracle, loaded from ``contracts/``) and by the
generated ``validate_xml`` (what ``kygen validate`` runs); the verdicts must agree on every
document, every kind of mutation must be exercised and must produce invalid documents.
"""

from __future__ import annotations

from collections import Counter

import pytest
import strategies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from validate_support import Version
from xml_mutations import CONTROLS, KINDS, mutations

from generator import samples

MIN_DOCUMENTS = 1000
MIN_PER_KIND = 10
HYPOTHESIS_SEEDS = 2  # per message element, on top of the samples
XSD_EVERY = 25  # documents between checks of the generated validate_with_xsd
EVERY_NTH = 4  # of a hypothesis seed's mutations (the samples get all of theirs)


def sample_seeds(v: Version) -> list[bytes]:
    seeds = []
    for op in v.package.OPERATIONS.values():
        for response in (False, True):
            for branch in (0, 1):
                obj = samples.sample_operation(v.package, op.name, response=response, branch=branch)
                seeds.append(v.package.to_xml(obj))
    return list(dict.fromkeys(seeds))  # without a choice, both branches give the same message


def hypothesis_seeds(v: Version) -> list[bytes]:
    elements = sorted(
        {e for op in v.package.OPERATIONS.values() for e in (op.request, op.response) if e},
        key=lambda c: c.__name__,
    )
    drawn: list[bytes] = []

    @settings(
        max_examples=HYPOTHESIS_SEEDS,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        for cls in elements:
            obj = data.draw(strategies.strategy(v.package, cls.XML_NAME), label=cls.__name__)
            drawn.append(v.package.to_xml(obj))

    draw()
    return drawn


def differential(
    v: Version, seeds: list[bytes], every: int = 1
) -> tuple[Counter[str], Counter[str], list[str]]:
    """(documents per kind, invalid documents per kind, disagreements)."""
    counts: Counter[str] = Counter()
    invalid: Counter[str] = Counter()
    disagreements: list[str] = []
    for seed in seeds:
        assert v.schema.validate(etree.fromstring(seed)), f"seed not valid: {v.schema.error_log}"
        assert v.validate.validate_xml(seed) == []
        for n, (kind, description, document) in enumerate(mutations(v.contract, seed)):
            if n % every:
                continue
            oracle = v.schema.validate(etree.fromstring(document))
            issues = v.validate.validate_xml(document)
            counts[kind] += 1
            invalid[kind] += not oracle
            if sum(counts.values()) % XSD_EVERY == 0:  # validate_with_xsd is the oracle too
                assert bool(v.validate.validate_with_xsd(document)) == (not oracle), description
            if oracle == bool(issues):
                root = etree.QName(etree.fromstring(seed)).localname
                verdict = "valid" if oracle else "invalid"
                said = "; ".join(map(str, issues[:3])) or str(v.schema.error_log.last_error)
                disagreements.append(f"{root} [{kind}] {description}: XSD says {verdict} ({said})")
    return counts, invalid, disagreements


def test_validator_agrees_with_xmlschema_on_every_mutated_document(version: Version) -> None:
    counts, invalid, disagreements = differential(version, sample_seeds(version))
    more, more_invalid, more_disagreements = differential(
        version, hypothesis_seeds(version), every=EVERY_NTH
    )
    counts += more
    invalid += more_invalid
    disagreements += more_disagreements
    assert not disagreements, f"{len(disagreements)} disagreements:\n" + "\n".join(
        disagreements[:20]
    )
    total = sum(counts.values())
    assert total >= MIN_DOCUMENTS, counts
    for kind in KINDS:
        assert counts[kind] >= MIN_PER_KIND, (kind, counts)
        if kind not in CONTROLS:
            assert invalid[kind] > 0, f"mutation kind {kind} never produced an invalid document"
    print(f"\n{version.version}: {total} documents, {sum(invalid.values())} invalid")
    for kind in KINDS:
        print(f"  {kind:18} {counts[kind]:6} ({invalid[kind]} invalid)")


def test_soap_envelopes_are_unwrapped(version: Version) -> None:
    soap = pytest.importorskip("ky_kontanthjaelp._runtime.soap")
    obj = samples.sample_operation(version.package, "Aktivitet")
    envelope = soap.envelope(version.package.to_element(obj))
    assert version.validate.validate_xml(envelope) == []
    assert version.validate.validate_with_xsd(envelope) == []
    broken = envelope.replace(b">Opret<", b">Opretx<")
    issues = version.validate.validate_xml(broken)
    assert [(i.path, i.code) for i in issues] == [
        ("AktivitetRequest/Faellesdel/Handling", "enumeration")
    ]
    assert [i.path for i in version.validate.validate_with_xsd(broken)] == [
        "AktivitetRequest/Faellesdel/Handling"
    ]
