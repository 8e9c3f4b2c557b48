"""``kygen serve-mock``: serve a version's generated mock of KY over HTTP(S), one line a request."""

from __future__ import annotations

import datetime
import logging
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import sdk_import
from generator.errors import UsageError
from generator.sdk_runtime import mockserver, token
from generator.sdk_runtime.errors import TokenError


@dataclass(frozen=True)
class TokenSecurity:
    """``--security token``: the STS certificate tokens must be signed with, and the service's
    certificate and key the answers are signed with."""

    sts_cert: Path
    cert: Path
    key: Path


def serve_mock(
    ref: str,
    *,
    host: str,
    port: int,
    tls_cert: Path | None,
    tls_key: Path | None,
    client_ca: Path | None,
    contracts_dir: Path,
    generated_dir: Path,
    announce: Callable[[str], None],
    security: TokenSecurity | None = None,
) -> None:
    """Serve until Ctrl-C. With ``client_ca`` a client certificate it issued is required; with
    ``security`` every request must pass the token model's checks."""
    if (tls_cert is None) != (tls_key is None):
        raise UsageError("--tls-cert and --tls-key go together")
    if client_ca is not None and tls_cert is None:
        raise UsageError("--client-ca needs --tls-cert and --tls-key")
    mock = sdk_import.import_module(ref, "mock", contracts_dir, generated_dir)
    mockserver = sdk_import.import_module(ref, "_runtime.mockserver", contracts_dir, generated_dir)
    tls = None
    if tls_cert is not None and tls_key is not None:
        try:
            tls = mockserver.server_tls(tls_cert, tls_key, client_ca)
        except (OSError, ssl.SSLError) as exc:
            raise UsageError(f"cannot load the TLS certificate, key or client CA: {exc}") from None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    app = mock.MockKY(clock=lambda: datetime.datetime.now(datetime.UTC))
    if security is not None:
        app.security = _guard(ref, security, contracts_dir, generated_dir)
    try:
        server = mockserver.MockServer(app, host, port, tls=tls)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    needs = " (client certificate required)" if client_ca else ""
    needs += " (token model)" if security else ""
    _serve(server, f"kygen: mock of {ref} at {server.url}{needs}; Ctrl-C stops", announce)


def _serve(server: Any, line: str, announce: Callable[[str], None]) -> None:
    announce(line)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        announce("kygen: stopped")
    finally:
        server.server_close()


def _guard(ref: str, security: TokenSecurity, contracts_dir: Path, generated_dir: Path) -> Any:
    """The generated runtime's token checks, for the version's EntityId and signed parts."""
    token = sdk_import.import_module(ref, "_runtime.token", contracts_dir, generated_dir)
    client = sdk_import.import_module(ref, "client", contracts_dir, generated_dir)
    if not client.ENTITY_ID:
        raise UsageError(f"{ref} names no EntityId (contract.toml entity_id)")
    try:
        return token.TokenGuard(
            sts_cert=token.load_certificate(security.sts_cert),
            cert=token.load_certificate(security.cert),
            key=token.load_key(security.key),
            audience=client.ENTITY_ID,
            signed_parts=client.SIGNED_PARTS or token.SIGNED_PARTS,
        )
    except token.TokenError as exc:
        raise UsageError(str(exc)) from None


def serve_sts(
    *,
    host: str,
    port: int,
    tls_cert: Path,
    tls_key: Path,
    sts_cert: Path,
    sts_key: Path,
    announce: Callable[[str], None],
) -> None:
    """A local STS over HTTPS: holder-of-key tokens signed with ``sts_key``; Ctrl-C stops."""
    try:
        app = token.StsApp(cert=token.load_certificate(sts_cert), key=token.load_key(sts_key))
        tls = mockserver.server_tls(tls_cert, tls_key)
    except (TokenError, OSError, ssl.SSLError) as exc:
        raise UsageError(f"cannot load the STS or TLS certificate or key: {exc}") from None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    try:
        server = mockserver.MockServer(app, host, port, tls=tls)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    _serve(server, f"kygen: STS at {server.url}; Ctrl-C stops", announce)
