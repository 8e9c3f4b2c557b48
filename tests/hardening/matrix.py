"""The hostile-input matrix (issue 17): every entry point against every hostile input, each
case timed and its peak memory measured.

Entry points: ``from_xml`` strict and lax, ``validate_xml``, ``kygen validate`` (the code
behind the command, on a file), the mock in-process (WSGI) and over HTTPS (a real
``MockServer`` on 127.0.0.1 with mutual TLS), and the client reading an answer. Inputs: a
DOCTYPE hidden by UTF-7, EBCDIC and UCS-4, a DOCTYPE in UTF-16, a DOCTYPE whose external subset
is a FIFO (a parser that opened it would block; `FifoWatch` sees the open), 100,000 attributes,
100,000 siblings, and a prolog of 10 MB of comments before a DOCTYPE.

Peak memory is the process's peak resident set (``VmHWM``, reset through
``/proc/self/clear_refs``) above the resident set when the case starts: it sees libxml2's
allocations as well as Python's. ``tests/hardening/test_hostile_matrix.py`` asserts the
budgets; ``scripts/hostile_matrix.py`` writes the figures into docs/security.md.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hardening.hostile import (
    DECLARATION,
    InProcess,
    Sdk,
    call_wsgi,
    envelope_of,
    sample_xml,
    strip_declaration,
)
from ky_kontanthjaelp._runtime.errors import KyError
from ky_kontanthjaelp._runtime.mockserver import MockServer, server_tls
from ky_kontanthjaelp._runtime.transport import HttpTransport
from tls_servers import make_pki

from generator import message_validation

MB = 1024 * 1024
TIME_BUDGET = 1.0  # seconds of CPU per case
MEMORY_BUDGET = 100  # MB above the resident set at the start of the case
CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
GENERATED = CONTRACTS.parent / "generated"


class FifoWatch:
    """A FIFO that records whether anyone opened it for reading (and never lets them hang):
    libxml2 opens files in C, out of sight of Python's audit hooks, but opening a FIFO for
    writing without blocking succeeds only while a reader has it open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self.opened = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.is_set():
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: no reader
                time.sleep(0.002)
                continue
            self.opened += 1
            try:
                os.write(fd, b'<!ENTITY leak "FIFO">')
            except OSError:
                pass
            os.close(fd)

    def close(self) -> None:
        time.sleep(0.02)  # one more look after the last call
        self._stop.set()
        self._thread.join()


# -- inputs ------------------------------------------------------------------------------------


def utf7(text: str) -> bytes:
    """``text`` in UTF-7 as an attacker writes it: markup characters base64-encoded too."""
    data = text.encode("utf-7")
    for char, code in ((b"<", b"+ADw-"), (b">", b"+AD4-"), (b'"', b"+ACI-"), (b"%", b"+ACU-")):
        data = data.replace(char, code)
    return data


def with_doctype(message: bytes, fifo: Path) -> str:
    return f'<!DOCTYPE r SYSTEM "{fifo}">' + message.decode("utf-8")


def _utf7(message: bytes, fifo: Path) -> bytes:
    return b'<?xml version="1.0" encoding="UTF-7"?>' + utf7(with_doctype(message, fifo))


def _ebcdic(message: bytes, fifo: Path) -> bytes:
    return ('<?xml version="1.0" encoding="IBM037"?>' + with_doctype(message, fifo)).encode("cp037")


def _ucs4(message: bytes, fifo: Path) -> bytes:
    return ('<?xml version="1.0" encoding="UCS-4"?>' + with_doctype(message, fifo)).encode("utf-32")


def _utf16(message: bytes, fifo: Path) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-16"?>' + with_doctype(message, fifo)).encode(
        "utf-16"
    )


def _fifo(message: bytes, fifo: Path) -> bytes:
    return DECLARATION + with_doctype(message, fifo).encode("utf-8")


def _attributes(message: bytes, fifo: Path) -> bytes:
    end = message.index(b">", message.index(b"<ns1:"))  # on the message element
    many = b"".join(b' a%d="v"' % n for n in range(100_000))
    return DECLARATION + message[:end] + many + message[end:]


def _siblings(message: bytes, fifo: Path) -> bytes:
    at = message.rindex(b"</ns1:")  # inside the message element
    return DECLARATION + message[:at] + b"<x/>" * 100_000 + message[at:]


def _comment_prolog(message: bytes, fifo: Path) -> bytes:
    rest = b"<!DOCTYPE r>" + message
    room = 10 * MB - len(DECLARATION) - len(rest) - 1024  # just under the size limit
    return DECLARATION + b"<!---->" * (room // 7) + rest


@dataclass(frozen=True)
class Input:
    name: str
    build: Callable[[bytes, Path], bytes]
    refused: bool  # must be refused as unsafe by every entry point


INPUTS = (
    Input("utf7_doctype", _utf7, True),
    Input("ebcdic_doctype", _ebcdic, True),
    Input("ucs4_doctype", _ucs4, True),
    Input("utf16_doctype", _utf16, True),
    Input("fifo_doctype", _fifo, True),
    Input("attributes_100k", _attributes, False),
    Input("siblings_100k", _siblings, False),
    Input("comment_prolog_10mb", _comment_prolog, True),
)


# -- entry points ------------------------------------------------------------------------------


@dataclass
class Harness:
    """What the entry points share: the SDK version, a running mock over HTTPS and a folder."""

    sdk: Sdk
    folder: Path
    server: MockServer
    transport: HttpTransport

    @property
    def action(self) -> str:
        return str(self.sdk.package.OPERATIONS["Aktivitet"].soap_action)

    def request(self) -> bytes:
        return strip_declaration(sample_xml(self.sdk.version, "Aktivitet"))

    def response(self) -> bytes:
        return strip_declaration(sample_xml(self.sdk.version, "Aktivitet", True))


@contextmanager
def harness(sdk: Sdk, folder: Path) -> Iterator[Harness]:
    (folder / "pki").mkdir(exist_ok=True)
    pki = make_pki(folder / "pki")
    tls = server_tls(pki.server.cert, pki.server.key, client_ca=pki.ca)
    with MockServer(sdk.mock.MockKY(detect_duplicates=False), tls=tls) as server:
        with HttpTransport(cert=pki.client.pair, ca=pki.ca) as transport:
            yield Harness(sdk, folder, server, transport)


def _outcome(call: Callable[[], object]) -> str:
    try:
        result = call()
    except KyError as exc:
        return type(exc).__name__
    if isinstance(result, list):
        return f"{len(result)} issues"
    return str(result) if isinstance(result, str) else "read"


def _kygen_validate(h: Harness, data: bytes) -> str:
    path = h.folder / "message.xml"
    path.write_bytes(data)
    report = message_validation.validate_files(h.sdk.ref, [str(path)], CONTRACTS, GENERATED)
    lines = list(message_validation.text_lines(report))
    return f"exit {report.exit_code}, {len(lines)} lines"


def _mock_wsgi(h: Harness, data: bytes) -> str:
    answer = call_wsgi(h.sdk.mock.MockKY(detect_duplicates=False), data, h.action)
    return f"HTTP {answer.status}"


def _mock_https(h: Harness, data: bytes) -> str:
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{h.action}"'}
    return f"HTTP {h.transport.post(h.server.url, data, headers).status}"


def _client(h: Harness, data: bytes) -> str:
    request = h.sdk.xml.from_xml(DECLARATION + h.request())
    client = h.sdk.client.Client("https://ky.example/", transport=InProcess(data), validate=False)
    return _outcome(lambda: client.aktivitet(request))


@dataclass(frozen=True)
class Entry:
    name: str
    form: str  # "document" | "request" (an envelope) | "response" (an envelope)
    run: Callable[[Harness, bytes], str]
    refusal: str  # how a refused input shows


ENTRIES = (
    Entry("from_xml", "document", lambda h, d: _outcome(lambda: h.sdk.xml.from_xml(d)), "XmlError"),
    Entry(
        "from_xml_lax",
        "document",
        lambda h, d: _outcome(lambda: h.sdk.xml.from_xml(d, strict=False)),
        "XmlError",
    ),
    Entry(
        "validate_xml",
        "document",
        lambda h, d: _outcome(lambda: h.sdk.validate.validate_xml(d)),
        "XmlError",
    ),
    Entry("kygen_validate", "document", _kygen_validate, "exit 2"),
    Entry("mock_wsgi", "request", _mock_wsgi, "HTTP 500"),
    Entry("mock_https", "request", _mock_https, "HTTP 500"),
    Entry("client", "response", _client, "XmlError"),
)


def data_for(h: Harness, entry: Entry, case: Input, fifo: Path) -> bytes:
    message = h.response() if entry.form == "response" else h.request()
    return case.build(message if entry.form == "document" else envelope_of(message), fifo)


# -- measuring ---------------------------------------------------------------------------------


def _status(key: str) -> int:
    """A ``VmRSS``/``VmHWM`` line of /proc/self/status, in kB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise LookupError(key)


def can_measure_memory() -> bool:
    try:
        _reset_peak()
        _status("VmHWM")
    except OSError:
        return False
    return True


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # resets VmHWM to the current resident set


@dataclass(frozen=True)
class Measured:
    entry: str
    case: str
    size: int
    outcome: str
    seconds: float  # wall-clock time
    cpu: float  # CPU time of the whole process (the mock's server thread included)
    peak_mb: float


def measure(h: Harness, entry: Entry, case: Input, fifo: Path, tries: int = 3) -> Measured:
    """Run one case: the fastest of up to ``tries`` runs (stopping once within the budget),
    the peak memory of the first. The budget applies to CPU time: on a shared machine the
    wall-clock time of a run also holds the time other processes had the CPU, while a
    quadratic path shows in CPU time just the same."""
    data = data_for(h, entry, case, fifo)
    seconds, cpu, peak, outcome = float("inf"), float("inf"), 0.0, ""
    for attempt in range(tries):
        _reset_peak()
        base = _status("VmRSS")
        started, started_cpu = time.perf_counter(), time.process_time()
        outcome = entry.run(h, data)
        cpu = min(cpu, time.process_time() - started_cpu)
        seconds = min(seconds, time.perf_counter() - started)
        if attempt == 0:
            peak = (_status("VmHWM") - base) / 1024
        if cpu <= TIME_BUDGET:
            break
    return Measured(entry.name, case.name, len(data), outcome, seconds, cpu, peak)


def run_all(sdk: Sdk) -> Iterator[Measured]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fifo = FifoWatch(folder / "target.dtd")
        try:
            with harness(sdk, folder) as h:
                for case in INPUTS:
                    for entry in ENTRIES:
                        yield measure(h, entry, case, fifo.path)
        finally:
            fifo.close()
        if fifo.opened:
            raise AssertionError("a hostile document made a parser open the FIFO")
