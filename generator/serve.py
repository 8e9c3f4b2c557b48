"""``kygen serve-mock``: serve a version's generated mock of KY over HTTP(S), one line a request."""

from __future__ import annotations

import datetime
import logging
import ssl
from collections.abc import Callable
from pathlib import Path

from generator import sdk_import
from generator.errors import UsageError


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
) -> None:
    """Serve until Ctrl-C. With ``client_ca`` a client certificate it issued is required."""
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
    if hasattr(mock, "MockKY"):
        app = mock.MockKY(clock=lambda: datetime.datetime.now(datetime.UTC))
    else:  # any other contract: requests are read and validated, answered with a Fault
        app = mock.MockService()
    try:
        server = mockserver.MockServer(app, host, port, tls=tls)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    needs = " (client certificate required)" if client_ca else ""
    announce(f"kygen: mock of {ref} at {server.url}{needs}; Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        announce("kygen: stopped")
    finally:
        server.server_close()
