"""Fuzzing in CI: at least 10,000 mutated messages across both contract versions, and the
inputs that once found bugs (``tests/fuzz_corpus/``) as regression tests.

Hypothesis drives the mutation (``fuzzing.mutate``) of the realistic samples of every
operation, request and response, each choice branch: each example (the versions take turns)
draws a sample and a seed for the mutations and checks a batch of mutated inputs (cheaper than one input per
example; a failure is reported with its input, which goes into the corpus once fixed).
``derandomize=True`` makes the run the same on every machine. Every input must keep the
property in ``fuzzing.check``; each input runs under a guard that turns a hang into a failure.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from hardening.fuzzing import Hang, check, guard, mutate
from hardening.hostile import Sdk, load, sample_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CORPUS = Path(__file__).resolve().parents[1] / "fuzz_corpus"
VERSIONS = ("2.7", "2.8")
BATCH = 20  # mutated inputs per hypothesis example
EXAMPLES = 510  # 510 x 20 = 10,200 inputs
MOCK_EVERY = 10  # every tenth input also goes to the mock, inside a SOAP envelope
GUARD_SECONDS = 10.0  # per input; a normal input takes well under a millisecond


def seeds(sdk: Sdk) -> list[bytes]:
    found = []
    for op in sdk.package.OPERATIONS.values():
        for response in (False, True):
            for branch in (0, 1):
                found.append(sample_xml(sdk.version, op.name, response, branch))
    return list(dict.fromkeys(found))


def test_fuzzed_messages_are_read_or_refused_with_typed_errors() -> None:
    sdks = [load(v) for v in VERSIONS]
    pools = [seeds(sdk) for sdk in sdks]
    mocks = [sdk.mock.MockKY() for sdk in sdks]
    stats: Counter[str] = Counter()
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        seed=st.integers(0, 10_000),
        stream=st.integers(0, 2**64 - 1),
    )
    def run(seed: int, stream: int) -> None:
        version = stats["examples"] % len(VERSIONS)  # the versions take turns
        stats["examples"] += 1
        sdk, pool, mock = sdks[version], pools[version], mocks[version]
        original = pool[seed % len(pool)]
        rng = random.Random(stream)  # hypothesis's own randoms() is slow for this many draws
        for _ in range(BATCH):
            kinds, data = mutate(rng, original)
            stats["inputs"] += 1
            stats[f"v{sdk.version}"] += 1
            stats.update(kinds)
            use_mock = mock if stats["inputs"] % MOCK_EVERY == 0 else None
            try:
                with guard(GUARD_SECONDS):
                    problems = check(sdk, data, use_mock)
            except Hang as exc:
                problems = [str(exc)]
            if problems:
                failures.append(f"{sdk.version} {kinds}: {problems[0]}\n  input: {data[:3000]!r}")
        mock.received.clear()

    run()
    assert (
        not failures
    ), f"{len(failures)} of {stats['inputs']} inputs broke the property:\n" + "\n".join(
        failures[:10]
    )
    assert stats["inputs"] >= 10_000
    assert stats["v2.7"] == stats["v2.8"] == EXAMPLES * BATCH // 2, stats


def corpus() -> list[Path]:
    return sorted(CORPUS.glob("*.xml"))


@pytest.mark.parametrize("path", corpus(), ids=[p.stem for p in corpus()])
def test_fuzz_corpus_regression(path: Path) -> None:
    """Each input that once found a bug: named ``<version>-<what>.xml`` (README.md lists them)."""
    version = path.stem.split("-", 1)[0].removeprefix("v")
    sdk = load(version)
    data = path.read_bytes()
    with guard(GUARD_SECONDS):
        assert check(sdk, data, sdk.mock.MockKY()) == []


def test_the_corpus_is_not_empty() -> None:
    assert len(corpus()) >= 1
    assert (CORPUS / "README.md").is_file()
