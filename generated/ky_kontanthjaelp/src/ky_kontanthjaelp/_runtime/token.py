"""The token model for clients and mocks: ``Token`` (what a client is given as ``security=``), the
token-checking guard of a mock, and the local STS application.

``Token.wrap`` gets a token from the cache (one STS round trip per key when it is missing or
near its end) and signs the request; ``Token.check`` verifies the response. Keys are read from
the files given, once, when first needed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import threading
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from wsgiref.types import StartResponse, WSGIEnvironment

import anyio.to_thread
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from lxml import etree

from .errors import SecurityError, TokenError, XmlError
from .httptransport import HttpTransport
from .oioidws import (
    SIGNED_PARTS,
    Checked,
    Clock,
    ReplayCache,
    Signed,
    check_request,
    check_response,
    sign_request,
    sign_response,
    utcnow,
)
from .saml import issue_assertion
from .sts import (
    STS_ENDPOINTS,
    TokenCache,
    check_token_request,
    fault_response,
    fetch_token,
    fingerprint,
    relates_to,
    token_response,
)
from .transport import AsyncTransport, Reply, StrPath, Transport
from .xmlenc import encrypt

SHARED_CACHE = TokenCache()


def load_certificate(path: StrPath) -> x509.Certificate:
    """A PEM certificate from ``path``; ``TokenError`` names the file, never its content."""
    try:
        with open(os.fspath(path), "rb") as handle:
            return x509.load_pem_x509_certificate(handle.read())
    except (OSError, ValueError) as exc:
        raise TokenError(
            f"cannot read the certificate {os.fspath(path)!r}: {type(exc).__name__}", "certificate"
        ) from None


def load_key(path: StrPath, password: bytes | None = None) -> rsa.RSAPrivateKey:
    """An RSA private key (PEM) from ``path``; errors never show the key."""
    try:
        with open(os.fspath(path), "rb") as handle:
            key = load_pem_private_key(handle.read(), password)
    except (OSError, ValueError, TypeError) as exc:
        raise TokenError(
            f"cannot read the private key {os.fspath(path)!r}: {type(exc).__name__}", "key"
        ) from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TokenError(f"the private key {os.fspath(path)!r} is not an RSA key", "key")
    return key


@dataclasses.dataclass(frozen=True, slots=True)
class _Keys:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey
    sts_cert: x509.Certificate
    service_cert: x509.Certificate


class Token:
    """OIO-IDWS: ask KOMBIT's STS for a holder-of-key token for the authority ``cvr``, sign
    each request with the system certificate ``cert=(certfile, keyfile)``, verify the answer.

    ``sts_cert`` is the STS's signing certificate (the token's signature is checked against it)
    and ``service_cert`` Serviceplatformen's (the answers' signatures). ``sts`` is the STS
    endpoint (``Client.for_environment`` fills in KOMBIT's for the environment when None);
    ``ca`` the roots trusted for its TLS. Tokens are cached until their NotOnOrAfter minus
    ``margin`` seconds; ``skew`` is the clock skew allowed on Timestamps. ``entity_id``
    overrides the contract's EntityId (the token's audience).
    """

    def __init__(
        self,
        *,
        cvr: str,
        cert: tuple[StrPath, StrPath],
        sts_cert: StrPath,
        service_cert: StrPath,
        sts: str | None = None,
        ca: StrPath | None = None,
        margin: float = 900.0,
        skew: float = 300.0,
        cache: TokenCache | None = None,
        transport: Transport | None = None,
        entity_id: str | None = None,
    ) -> None:
        self.cvr = cvr
        self.entity_id = entity_id
        self.cert = cert
        self.sts_cert = sts_cert
        self.service_cert = service_cert
        self.sts = sts
        self.ca = ca
        self.skew = skew
        self.cache = cache if cache is not None else SHARED_CACHE
        self.margin = dt.timedelta(seconds=margin)
        self._transport = transport
        self._keys: _Keys | None = None
        self._lock = threading.Lock()

    def for_environment(self, environment: str) -> Token:
        """This configuration with KOMBIT's STS for ``environment`` unless ``sts`` was given."""
        if self.sts is not None:
            return self
        copy = Token(
            cvr=self.cvr,
            cert=self.cert,
            sts_cert=self.sts_cert,
            service_cert=self.service_cert,
            sts=STS_ENDPOINTS[environment],
            ca=self.ca,
            margin=self.margin.total_seconds(),
            skew=self.skew,
            cache=self.cache,
            transport=self._transport,
            entity_id=self.entity_id,
        )
        return copy

    def _loaded(self) -> _Keys:
        with self._lock:
            if self._keys is None:
                self._keys = _Keys(
                    load_certificate(self.cert[0]),
                    load_key(self.cert[1]),
                    load_certificate(self.sts_cert),
                    load_certificate(self.service_cert),
                )
                if self._transport is None:
                    self._transport = HttpTransport(ca=self.ca)
            return self._keys

    def assertion(self, entity_id: str) -> bytes:
        """A token for ``entity_id`` (cached)."""
        if self.sts is None:
            raise TokenError("no STS endpoint: give sts=... or use Client.for_environment", "STS")
        keys, sts = self._loaded(), self.sts
        transport = self._transport
        assert transport is not None

        def fetch() -> tuple[bytes, dt.datetime]:
            return fetch_token(
                transport,
                sts=sts,
                sts_cert=keys.sts_cert,
                entity_id=entity_id,
                cvr=self.cvr,
                cert=keys.cert,
                key=keys.key,
            )

        key = (sts, entity_id, self.cvr, fingerprint(keys.cert))
        return self.cache.get(key, fetch, self.margin)

    def wrap(
        self,
        envelope: bytes,
        *,
        action: str,
        to: str,
        entity_id: str,
        signed_parts: Sequence[str] = SIGNED_PARTS,
    ) -> Signed:
        """``envelope`` as a signed OIO-IDWS request carrying a token for ``entity_id``."""
        assertion = self.assertion(entity_id)
        return sign_request(
            envelope,
            action=action,
            to=to,
            assertion=assertion,
            key=self._loaded().key,
            signed_parts=signed_parts,
        )

    def check(self, body: bytes, sent: Signed) -> bytes:
        """``body`` without its Security header; ``SecurityError`` unless it is the service's
        signed answer to ``sent``."""
        return check_response(
            body,
            message_id=sent.message_id,
            service_cert=self._loaded().service_cert,
            skew=self.skew,
        )

    def secure(
        self, transport: Transport, entity_id: str | None, parts: Sequence[str]
    ) -> Transport:
        """``transport`` with this token model around it (``entity_id``: the contract's)."""
        return SecuredTransport(transport, _Signer(self, entity_id, parts))

    def secure_async(
        self, transport: AsyncTransport, entity_id: str | None, parts: Sequence[str]
    ) -> AsyncTransport:
        return AsyncSecuredTransport(transport, _Signer(self, entity_id, parts))

    def close(self) -> None:
        """Close the STS connection (a token cached stays cached); clients never close it, as
        one ``Token`` may serve many."""
        if self._transport is not None:
            self._transport.close()


class TokenGuard:
    """A token-model service's checks, for a mock: every request must carry a valid token from
    the STS (``sts_cert``, ``issuer``) for ``audience`` and be signed as ``signed_parts``
    demands by the token's holder; answers are signed with ``cert``/``key``."""

    def __init__(
        self,
        *,
        sts_cert: x509.Certificate,
        cert: x509.Certificate,
        key: rsa.RSAPrivateKey,
        audience: str,
        issuer: str | None = None,
        signed_parts: Sequence[str] = SIGNED_PARTS,
        skew: float = 300.0,
        clock: Clock = utcnow,
    ) -> None:
        self.sts_cert = sts_cert
        self.cert = cert
        self.key = key
        self.audience = audience
        self.issuer = issuer
        self.signed_parts = tuple(signed_parts)
        self.skew = skew
        self.clock = clock
        self.replay = ReplayCache()

    def check(self, body: bytes) -> tuple[Checked, bytes]:
        """The checked request and the message for the service to read (``SecurityError``)."""
        checked = check_request(
            body,
            sts_cert=self.sts_cert,
            issuer=self.issuer,
            audience=self.audience,
            replay=self.replay,
            signed_parts=self.signed_parts,
            skew=self.skew,
            clock=self.clock,
        )
        return checked, checked.inner

    def sign(self, envelope: bytes, checked: Checked) -> bytes:
        return sign_response(
            envelope,
            relates_to=checked.message_id,
            action=f"{checked.action}Response",
            key=self.key,
            cert=self.cert,
            clock=self.clock,
        )


class StsApp:
    """A local STS (WSGI): issues holder-of-key assertions signed with ``key``, for the CVR and
    EntityId asked, to whoever signs the request with the certificate it asks the token for."""

    def __init__(
        self,
        *,
        cert: x509.Certificate,
        key: rsa.RSAPrivateKey,
        issuer: str = "https://sts.localhost/kombittrust",
        lifetime: dt.timedelta = dt.timedelta(hours=8),
        clock: Clock = utcnow,
        encrypt: bool = False,
    ) -> None:
        self.encrypt = encrypt  # send EncryptedAssertions, for the holder's certificate
        self.cert = cert
        self.key = key
        self.issuer = issuer
        self.lifetime = lifetime
        self.clock = clock
        self.issued = 0
        self._lock = threading.Lock()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body: bytes = environ["wsgi.input"].read(length)
        try:
            asked = check_token_request(body, self.clock())
            assertion = issue_assertion(
                issuer=self.issuer,
                audience=asked.entity_id,
                cvr=asked.cvr,
                holder=asked.holder,
                key=self.key,
                now=self.clock(),
                lifetime=self.lifetime,
            )
        except (SecurityError, XmlError, ValueError) as exc:
            status, payload = 500, fault_response(str(exc))
        else:
            token = etree.fromstring(assertion)
            holder = asked.holder.public_key()
            if self.encrypt and isinstance(holder, rsa.RSAPublicKey):
                token = encrypt(assertion, holder)
            status, payload = 200, token_response(token, relates_to(body))
            with self._lock:
                self.issued += 1
        start_response(
            f"{status} {HTTPStatus(status).phrase}",
            [
                ("Content-Type", "application/soap+xml; charset=utf-8"),
                ("Content-Length", str(len(payload))),
            ],
        )
        return [payload]


class _Signer:
    """Signs a request for the contract's EntityId and policy, and checks its answer."""

    def __init__(self, token: Token, entity_id: str | None, parts: Sequence[str]) -> None:
        self.token = token
        self.entity_id = token.entity_id or entity_id
        self.parts = tuple(parts) or SIGNED_PARTS

    def wrap(self, url: str, body: bytes, headers: Mapping[str, str]) -> Signed:
        if not self.entity_id:
            raise TokenError(
                "the contract names no EntityId: give Token(entity_id=...)", "EntityId"
            )
        action = headers.get("SOAPAction", "").strip().strip('"')
        return self.token.wrap(
            body, action=action, to=url, entity_id=self.entity_id, signed_parts=self.parts
        )

    def check(self, reply: Reply, sent: Signed) -> Reply:
        """A 200 answer must be the service's signed answer to ``sent`` (it is passed on
        without its Security header); any other status is an error the client raises anyway
        (a Fault, an HTTP error), signed or not."""
        if reply.status != 200:
            return reply
        return Reply(reply.status, reply.content_type, self.token.check(reply.body, sent))


class SecuredTransport:
    """A ``Transport`` for the token model: each request is signed anew (a fresh MessageID and
    Timestamp per attempt) and each answer checked before the client reads it."""

    def __init__(self, inner: Transport, signer: _Signer) -> None:
        self.inner = inner
        self.signer = signer

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Reply:
        sent = self.signer.wrap(url, body, headers)
        return self.signer.check(self.inner.post(url, sent.body, headers), sent)

    def close(self) -> None:
        self.inner.close()  # the Token (and its STS connection) may serve other clients


class AsyncSecuredTransport:
    """``SecuredTransport`` for the asynchronous client; the STS round trip and the signing run
    in a worker thread (the token cache's locks keep concurrent tasks to one fetch)."""

    def __init__(self, inner: AsyncTransport, signer: _Signer) -> None:
        self.inner = inner
        self.signer = signer

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Reply:
        sent = await anyio.to_thread.run_sync(self.signer.wrap, url, body, headers)
        return self.signer.check(await self.inner.post(url, sent.body, headers), sent)

    async def aclose(self) -> None:
        await self.inner.aclose()
