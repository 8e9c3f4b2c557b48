"""Helpers for the token-model tests (tests/token/): RSA certificates made at run time with
trustme, and the parts of a running token flow (a local STS and the token-checking mock)."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trustme
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from ky_kontanthjaelp._runtime.mockserver import MockServer
from ky_kontanthjaelp._runtime.sts import TokenCache
from ky_kontanthjaelp._runtime.token import StsApp, Token, TokenGuard, load_certificate, load_key

CVR = "29189846"


@dataclass(frozen=True)
class Party:
    """A certificate (PEM file) and its RSA key."""

    cert_path: Path
    key_path: Path

    @property
    def cert(self) -> x509.Certificate:
        return load_certificate(self.cert_path)

    @property
    def key(self) -> rsa.RSAPrivateKey:
        return load_key(self.key_path)

    @property
    def pair(self) -> tuple[Path, Path]:
        return (self.cert_path, self.key_path)


@dataclass(frozen=True)
class TokenPki:
    ca: Path
    tls: Party  # localhost: the STS's and the mock's TLS certificate
    sts: Party  # the STS's signing certificate (the test IdP)
    system: Party  # the municipality's system certificate (the token's holder)
    service: Party  # Serviceplatformen's signing certificate
    stranger: Party  # a certificate no token is bound to


def _party(ca: trustme.CA, folder: Path, name: str, *hosts: str) -> Party:
    issued = ca.issue_cert(*hosts, key_type=trustme.KeyType.RSA)
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    issued.cert_chain_pems[0].write_to_path(str(cert))
    issued.private_key_pem.write_to_path(str(key))
    return Party(cert, key)


def make_token_pki(folder: Path) -> TokenPki:
    ca = trustme.CA(key_type=trustme.KeyType.RSA)
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    return TokenPki(
        ca=folder / "ca.pem",
        tls=_party(ca, folder, "tls", "localhost", "127.0.0.1"),
        sts=_party(ca, folder, "sts", "sts.example"),
        system=_party(ca, folder, "system", "jobcenter-system.example"),
        service=_party(ca, folder, "service", "serviceplatformen.example"),
        stranger=_party(ca, folder, "stranger", "stranger.example"),
    )


@dataclass
class Flow:
    """A running local STS, and how to make the client's Token and the mock's guard."""

    pki: TokenPki
    sts: StsApp
    sts_url: str
    start: Callable[[Any, ssl.SSLContext], MockServer]
    tls: ssl.SSLContext

    def token(self, **options: Any) -> Token:
        options.setdefault("cache", TokenCache())
        return Token(
            cvr=CVR,
            cert=self.pki.system.pair,
            sts_cert=self.pki.sts.cert_path,
            service_cert=self.pki.service.cert_path,
            sts=self.sts_url,
            ca=self.pki.ca,
            **options,
        )

    def guard(
        self, audience: str, cls: type[TokenGuard] = TokenGuard, **options: Any
    ) -> TokenGuard:
        """The mock's checks for ``audience``; answers signed with the service's key unless
        ``key=`` says otherwise."""
        options.setdefault("issuer", self.sts.issuer)
        options.setdefault("key", self.pki.service.key)
        return cls(
            sts_cert=self.pki.sts.cert, cert=self.pki.service.cert, audience=audience, **options
        )
