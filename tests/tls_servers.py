"""Test PKI and a raw TLS server for the transport tests (certificates made at run time)."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass(frozen=True)
class Identity:
    cert: Path
    key: Path

    @property
    def pair(self) -> tuple[Path, Path]:
        return (self.cert, self.key)


@dataclass(frozen=True)
class Pki:
    ca: Path  # the trusted test CA
    server: Identity  # localhost / 127.0.0.1, signed by ca
    client: Identity  # signed by ca
    other_ca: Path  # a CA nobody trusts
    impostor_client: Identity  # signed by other_ca
    impostor_server: Identity  # localhost / 127.0.0.1, signed by other_ca


def _identity(ca: trustme.CA, folder: Path, name: str, *hosts: str) -> Identity:
    issued = ca.issue_cert(*hosts)
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    for i, blob in enumerate(issued.cert_chain_pems):
        blob.write_to_path(str(cert), append=i > 0)
    issued.private_key_pem.write_to_path(str(key))
    return Identity(cert, key)


def make_pki(folder: Path) -> Pki:
    """A trusted CA with a server and a client certificate, and an untrusted CA with both."""
    ca, other = trustme.CA(), trustme.CA()
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    other.cert_pem.write_to_path(str(folder / "other-ca.pem"))
    return Pki(
        ca=folder / "ca.pem",
        server=_identity(ca, folder, "server", "localhost", "127.0.0.1"),
        client=_identity(ca, folder, "client", "jobcenter-system.example"),
        other_ca=folder / "other-ca.pem",
        impostor_client=_identity(other, folder, "impostor-client", "impostor.example"),
        impostor_server=_identity(other, folder, "impostor-server", "localhost", "127.0.0.1"),
    )


class RawServer:
    """A TLS server that reads one HTTP request per connection and lets ``behave`` answer it
    on the raw socket: for answers no well-behaved server would give (resets, cut bodies)."""

    def __init__(self, tls: ssl.SSLContext, behave: Callable[[ssl.SSLSocket, bytes], None]) -> None:
        self.tls, self.behave = tls, behave
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self.listener.getsockname()[1]}/"
        self.requests: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                plain, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._connection, args=(plain,), daemon=True).start()

    def _connection(self, plain: socket.socket) -> None:
        try:
            with self.tls.wrap_socket(plain, server_side=True) as conn:
                conn.settimeout(5)
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    head += chunk
                header, _, body = head.partition(b"\r\n\r\n")
                length = next(
                    int(line.split(b":", 1)[1])
                    for line in header.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                )
                while len(body) < length:
                    body += conn.recv(65536)
                self.requests.append(body)
                self.behave(conn, body)
        except (OSError, ssl.SSLError):
            pass

    def close(self) -> None:
        self.listener.close()
