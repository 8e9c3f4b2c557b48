"""Soak the mock: 60 s of load and abuse over HTTPS, with its memory sampled (issue 17).

    .venv/bin/python scripts/soak_mock.py                # 60 s, writes docs/security.md
    .venv/bin/python scripts/soak_mock.py --seconds 20 --print

The mock (``MockKY`` of the newest version in a ``MockServer`` with mutual TLS on 127.0.0.1)
runs in a child process, so its resident set is measured alone (``/proc/PID/status``). Against
it: 16 client threads sending valid, invalid (AFVIST) and unreadable (Fault) requests over
kept-alive connections; slow connections that send a request a byte at a time; connections
that hang up half-way through a body; ``Content-Length: -1`` followed by a stream of junk;
non-numeric lengths; and plain bytes where a TLS handshake belongs. After a warm-up the
resident set must stay within 50 MB of where it was: the exit code says whether it did.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import figures

figures.import_paths()

from hardening.hostile import envelope_of, sample_xml, strip_declaration  # noqa: E402
from ky_kontanthjaelp import v2_8 as sdk  # noqa: E402
from ky_kontanthjaelp._runtime.errors import KyError  # noqa: E402
from ky_kontanthjaelp._runtime.mockserver import MockServer, server_tls  # noqa: E402
from ky_kontanthjaelp._runtime.transport import HttpTransport, ssl_context  # noqa: E402
from tls_servers import Pki, make_pki  # noqa: E402

CLIENTS = 16
WARM_UP = 10.0
ALLOWED_GROWTH_MB = 50
ACTION = sdk.OPERATIONS["Aktivitet"].soap_action


def serve(pki: Pki, ready: multiprocessing.synchronize.Event, port: multiprocessing.Value) -> None:  # type: ignore[name-defined]
    from ky_kontanthjaelp.v2_8.mock import MockKY

    logging.getLogger("ky_kontanthjaelp").setLevel(logging.CRITICAL)  # hang-ups are the point
    tls = server_tls(pki.server.cert, pki.server.key, client_ca=pki.ca)
    server = MockServer(MockKY(), tls=tls)
    port.value = server.server_port
    ready.set()
    server.serve_forever(0.05)


def resident_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise LookupError("VmRSS")


class Soak:
    def __init__(self, pki: Pki, port: int, seconds: float) -> None:
        self.pki, self.port = pki, port
        self.url = f"https://127.0.0.1:{port}/"
        self.deadline = time.monotonic() + seconds
        self.counts: Counter[str] = Counter()
        self._lock = threading.Lock()
        message = strip_declaration(sample_xml("2.8", "Aktivitet"))
        at = message.index(b">", message.index(b"Faellesdel")) + 1
        self.bodies = {
            "valid": envelope_of(message),
            "invalid": envelope_of(message[:at] + b"stray" + message[at:]),
            "unreadable": envelope_of(message[: len(message) // 2]),
        }
        self.context = ssl_context(pki.client.pair, pki.ca)

    def count(self, kind: str) -> None:
        with self._lock:
            self.counts[kind] += 1

    def running(self) -> bool:
        return time.monotonic() < self.deadline

    def client(self, number: int) -> None:
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{ACTION}"'}
        kinds = ["valid"] * 6 + ["invalid"] * 3 + ["unreadable"]
        with HttpTransport(cert=self.pki.client.pair, ca=self.pki.ca, timeout=10) as transport:
            n = number
            while self.running():
                kind = kinds[n % len(kinds)]
                n += 1
                try:
                    transport.post(self.url, self.bodies[kind], headers)
                    self.count(kind)
                except KyError:
                    self.count("client error")

    def raw(self, behave: Callable[[ssl.SSLSocket], None], kind: str) -> None:
        while self.running():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as plain:
                    with self.context.wrap_socket(plain, server_hostname="127.0.0.1") as conn:
                        behave(conn)
                self.count(kind)
            except OSError:
                self.count(kind + " (closed by the mock)")

    def slow(self, conn: ssl.SSLSocket) -> None:
        request = _head(str(len(self.bodies["valid"]))) + self.bodies["valid"]
        for at in range(0, len(request), 64):
            if not self.running():
                return
            conn.sendall(request[at : at + 64])
            time.sleep(0.5)
        conn.recv(65536)

    def half_body(self, conn: ssl.SSLSocket) -> None:
        body = self.bodies["valid"]
        conn.sendall(_head(str(len(body))) + body[: len(body) // 2])

    def endless(self, conn: ssl.SSLSocket) -> None:
        conn.sendall(_head("-1"))
        for _ in range(64):
            conn.sendall(b"x" * 65536)

    def bad_length(self, conn: ssl.SSLSocket) -> None:
        conn.sendall(_head("12abc") + b"x" * 12)
        conn.recv(65536)

    def not_tls(self) -> None:
        while self.running():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as plain:
                    plain.sendall(b"GET / HTTP/1.1\r\n\r\n" * 10)
                    plain.recv(100)
            except OSError:
                pass
            self.count("not TLS")
            time.sleep(0.05)


def _head(length: str) -> bytes:
    return (
        f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
        f"SOAPAction: {ACTION}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def run(seconds: float, folder: Path) -> tuple[str, bool]:
    (folder / "pki").mkdir()
    pki = make_pki(folder / "pki")
    ready, port = multiprocessing.Event(), multiprocessing.Value("i", 0)
    child = multiprocessing.Process(target=serve, args=(pki, ready, port), daemon=True)
    child.start()
    ready.wait(30)
    soak = Soak(pki, port.value, seconds)
    workers = [threading.Thread(target=soak.client, args=(n,)) for n in range(CLIENTS)]
    workers += [threading.Thread(target=soak.raw, args=(soak.slow, "slow")) for _ in range(8)]
    for behave, kind in (
        (soak.half_body, "hung up half-way"),
        (soak.endless, "Content-Length -1 + 4 MB"),
        (soak.bad_length, "bad length"),
    ):
        workers += [threading.Thread(target=soak.raw, args=(behave, kind)) for _ in range(2)]
    workers.append(threading.Thread(target=soak.not_tls))
    started = time.monotonic()
    for worker in workers:
        worker.start()
    samples: list[tuple[float, float]] = []
    while soak.running():
        samples.append((time.monotonic() - started, resident_mb(child.pid or 0)))
        time.sleep(1)
    for worker in workers:
        worker.join()
    samples.append((time.monotonic() - started, resident_mb(child.pid or 0)))
    child.terminate()
    child.join()
    return report(seconds, samples, soak.counts)


def report(
    seconds: float, samples: list[tuple[float, float]], counts: Counter[str]
) -> tuple[str, bool]:
    warm = next(mb for t, mb in samples if t >= WARM_UP)
    after = [mb for t, mb in samples if t >= WARM_UP]
    peak, end = max(after), samples[-1][1]
    ok = peak - warm <= ALLOWED_GROWTH_MB
    served = sum(n for kind, n in counts.items() if kind in ("valid", "invalid", "unreadable"))
    lines = [
        f"- {seconds:g} s, {CLIENTS} client threads: {served} requests answered "
        f"({served / seconds:.0f}/s: "
        + ", ".join(f"{counts[k]} {k}" for k in ("valid", "invalid", "unreadable"))
        + f"; {counts['client error']} client errors)",
        "- abuse at the same time: "
        + ", ".join(
            f"{n} {kind}"
            for kind, n in sorted(counts.items())
            if kind not in ("valid", "invalid", "unreadable", "client error")
        ),
        f"- the mock's resident set: {samples[0][1]:.0f} MB at the start, {warm:.0f} MB after "
        f"the {WARM_UP:g} s warm-up, at most {peak:.0f} MB after it, {end:.0f} MB at the end: "
        f"{peak - warm:+.1f} MB (allowed: {ALLOWED_GROWTH_MB} MB): "
        + ("**passed**" if ok else "**FAILED**"),
        f"- measured with {figures.machine()}",
    ]
    return "\n".join(lines), ok


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--print", action="store_true", help="print only, do not write")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        text, ok = run(options.seconds, Path(tmp))
    print(text)
    if not options.print:
        figures.write("soak", text)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
