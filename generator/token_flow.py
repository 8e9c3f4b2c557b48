"""The token flow for ``kygen selftest``: a contract whose policy is the token model (a
``wsdl/token/`` variant) is called through a local STS, a signed request, the token-checking
mock and a verified, signed answer, all in process.

Throw-away RSA certificates are made with cryptography into the selftest's temporary folder.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from generator.emit.views import VersionView

ENTITY_ID = "http://selftest.localhost/service/1"  # when the contract names none
CVR = "11111111"
_FOLDER = tempfile.TemporaryDirectory(prefix="kygen-token-")  # removed when the process ends


def _identity(folder: Path, name: str) -> tuple[Path, Path]:
    """A self-signed RSA certificate and its key, as PEM files ``name.pem``/``name.key``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"kygen selftest {name}")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def uses_token(v: VersionView) -> bool:
    return v.contract.token_policy is not None


@functools.cache
def _identities() -> tuple[tuple[Path, Path], ...]:
    """The STS's, the system's and the service's certificates, made once per process."""
    folder = Path(_FOLDER.name)
    return tuple(_identity(folder, name) for name in ("sts", "system", "service"))


def secure(module: ModuleType, app: Any, transport: Callable[[Any], Any]) -> Any:
    """Put the token checks on the mock ``app`` and return the client's ``Token``: a local STS
    (reached through ``transport(sts_app)``) issues the tokens."""
    token = importlib.import_module(module.__name__ + "._runtime.token")
    sts, system, service = _identities()
    sts_app = token.StsApp(cert=token.load_certificate(sts[0]), key=token.load_key(sts[1]))
    entity_id = module.client.ENTITY_ID or ENTITY_ID
    app.security = token.TokenGuard(
        sts_cert=token.load_certificate(sts[0]),
        cert=token.load_certificate(service[0]),
        key=token.load_key(service[1]),
        audience=entity_id,
        issuer=sts_app.issuer,
        signed_parts=module.client.SIGNED_PARTS or token.SIGNED_PARTS,
    )
    return token.Token(
        cvr=CVR,
        cert=system,
        sts_cert=sts[0],
        service_cert=service[0],
        sts="https://sts.localhost/",
        transport=transport(sts_app),
        entity_id=entity_id,
        cache=token.TokenCache(),
    )
