"""One-off measurement: how long the SDK takes to refuse each hostile input of about 1 MB.

Not a test (the project asserts no timings); its output is the table in docs/security.md.
Run from the repository root:

    .venv/bin/python tests/hardening/measure_rejections.py [--repeat 15]

For every case of ``hostile.CASES`` it times ``from_xml`` (document form) or the client's
answer parsing ``soap.answer`` + ``from_element`` (envelope-only cases), and ``validate_xml``,
and prints the median and the slowest of the repeats in milliseconds, with the input size.
"""

from __future__ import annotations

import argparse
import functools
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path[:0] = [
    str(HERE.parents[1]),
    str(HERE.parents[2] / "generated" / "ky_kontanthjaelp" / "src"),
]

from hardening.hostile import CASES, DOCUMENT, ENVELOPE, Context, load  # noqa: E402
from ky_kontanthjaelp._runtime import soap  # noqa: E402
from ky_kontanthjaelp._runtime.errors import KyError  # noqa: E402
from lxml import etree  # noqa: E402


def timed(call: object, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            call()  # type: ignore[operator]
        except KyError:
            pass
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples)


def answer_read(data: bytes) -> object:
    """What the client does with an answer: the SOAP checks, then the reader."""
    return SDK.xml.from_element(soap.answer(200, "text/xml", data))


SDK = load("2.8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--version", default="2.8")
    args = parser.parse_args()
    global SDK
    sdk = SDK = load(args.version)
    with tempfile.TemporaryDirectory() as folder:
        marker = Path(folder) / "secret.txt"
        marker.write_text("x")
        ctx = Context(sdk, marker, "http://127.0.0.1:9/evil.dtd")
        print(
            f"# {platform.python_implementation()} {platform.python_version()}, lxml {etree.LXML_VERSION}, "
            f"libxml2 {etree.LIBXML_VERSION}, {platform.machine()}; median / max of {args.repeat} runs"
        )
        print("| case | stage | size | read (ms) | validate_xml (ms) |")
        print("|---|---|---|---|---|")
        for case in CASES:
            form = DOCUMENT if DOCUMENT in case.forms else ENVELOPE
            data = case.build(ctx, form)
            read = functools.partial(sdk.xml.from_xml if form == DOCUMENT else answer_read, data)
            r_med, r_max = timed(read, args.repeat)
            v_med, v_max = timed(functools.partial(sdk.validate.validate_xml, data), args.repeat)
            size = f"{len(data) / 1024 / 1024:.2f} MB"
            print(
                f"| {case.name} | {case.stage} | {size} | {r_med:.2f} / {r_max:.2f} | {v_med:.2f} / {v_max:.2f} |"
            )


if __name__ == "__main__":
    main()
