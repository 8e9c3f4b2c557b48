"""KOMBIT's security token service (SF1514, WS-Trust 1.3 Issue over SOAP 1.2): the request, the
response, the token cache, and the local STS that ``kygen serve-sts`` runs.

The request is signed with the system certificate's key (exclusive c14n, RSA-SHA256, SHA-256)
over Timestamp, Body, To, ReplyTo, MessageID, Action and the BinarySecurityToken holding the
certificate; it asks for a SAML 2.0 holder-of-key token (KeyType PublicKey, UseKey: the same
certificate) for the service's EntityId, with the authority's CVR as a claim. The answer's
assertion is checked against the configured STS certificate and kept as the STS wrote it
(serialised from the parsed tree: the same exclusive canonical form, so its signature holds).
"""

from __future__ import annotations

import base64
import datetime as dt
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from .errors import SecurityError, SignatureError, TokenError, XmlError
from .oioidws import (
    ANONYMOUS,
    BASE64,
    SAML20_TOKEN,
    WSA,
    X509V3,
    Clock,
    timestamp,
    utcnow,
)
from .saml import CVR_CLAIM, parse_time, read_assertion
from .transport import Reply, Transport
from .wssec import DS, SAML, WSSE, WSU, WSU_ID, Target, sign, verify
from .xmlenc import decrypt
from .xmlparse import parse

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
WST = "http://docs.oasis-open.org/ws-sx/ws-trust/200512"
WSP = "http://schemas.xmlsoap.org/ws/2004/09/policy"
AUTH = "http://docs.oasis-open.org/wsfed/authorization/200706"
ISSUE_ACTION = f"{WST}/RST/Issue"
ISSUE_REPLY = f"{WST}/RSTRC/IssueFinal"
ISSUE = f"{WST}/Issue"
PUBLIC_KEY = f"{WST}/PublicKey"
CONTENT_TYPE = f'application/soap+xml; charset=utf-8; action="{ISSUE_ACTION}"'
STS_ENDPOINTS = {
    "exttest": "https://n2adgangsstyring.eksterntest-stoettesystemerne.dk/runtime/services/kombittrust/14/certificatemixed",
    "prod": "https://n2adgangsstyring.stoettesystemerne.dk/runtime/services/kombittrust/14/certificatemixed",
}
_PREFIXES = {"s": SOAP12, "wsa": WSA, "wsse": WSSE, "wsu": WSU, "ds": DS}


def _sub(parent: etree._Element, ns: str, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    element.text = text
    return element


def _der(certificate: x509.Certificate) -> str:
    return base64.b64encode(certificate.public_bytes(Encoding.DER)).decode("ascii")


def _binary_token(parent: etree._Element, certificate: x509.Certificate) -> etree._Element:
    token = _sub(parent, WSSE, "BinarySecurityToken", _der(certificate))
    token.set("ValueType", X509V3)
    token.set("EncodingType", BASE64)
    return token


def request_token(
    *,
    sts: str,
    entity_id: str,
    cvr: str,
    cert: x509.Certificate,
    key: rsa.RSAPrivateKey,
    clock: Clock = utcnow,
) -> bytes:
    """The signed WS-Trust Issue request (SOAP 1.2) for a token for ``entity_id``."""
    root = etree.Element(f"{{{SOAP12}}}Envelope", nsmap=_PREFIXES)
    header = _sub(root, SOAP12, "Header")
    signed = [
        _sub(header, WSA, "Action", ISSUE_ACTION),
        _sub(header, WSA, "MessageID", f"urn:uuid:{uuid.uuid4()}"),
        _sub(header, WSA, "To", sts),
    ]
    reply_to = _sub(header, WSA, "ReplyTo")
    _sub(reply_to, WSA, "Address", ANONYMOUS)
    signed.append(reply_to)
    security = _sub(header, WSSE, "Security")
    security.set(f"{{{SOAP12}}}mustUnderstand", "true")
    stamp = timestamp(security, clock())
    token = _binary_token(security, cert)
    token.set(WSU_ID, "system-cert")
    body = _sub(root, SOAP12, "Body")
    rst = etree.SubElement(body, f"{{{WST}}}RequestSecurityToken", nsmap={"wst": WST})
    _sub(rst, WST, "RequestType", ISSUE)
    applies = etree.SubElement(rst, f"{{{WSP}}}AppliesTo", nsmap={"wsp": WSP})
    _sub(_sub(applies, WSA, "EndpointReference"), WSA, "Address", entity_id)
    claims = _sub(rst, WST, "Claims")
    claims.set("Dialect", AUTH)
    claim = etree.SubElement(
        claims, f"{{{AUTH}}}ClaimType", {"Uri": CVR_CLAIM}, nsmap={"auth": AUTH}
    )
    _sub(claim, AUTH, "Value", cvr)
    _sub(rst, WST, "TokenType", SAML20_TOKEN)
    _sub(rst, WST, "KeyType", PUBLIC_KEY)
    _binary_token(_sub(rst, WST, "UseKey"), cert)
    key_info = etree.Element(f"{{{WSSE}}}SecurityTokenReference")
    _sub(key_info, WSSE, "Reference").attrib.update({"URI": "#system-cert", "ValueType": X509V3})
    targets = [Target(stamp), Target(body), *(Target(e) for e in signed), Target(token)]
    sign(security, targets, key, key_info, id_prefix="sts")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _assertion_of(data: bytes, key: rsa.RSAPrivateKey) -> etree._Element:
    root = parse(data)
    if root.tag != f"{{{SOAP12}}}Envelope":
        raise TokenError("the STS did not answer with a SOAP 1.2 envelope", "STS")
    fault = root.find(f"{{{SOAP12}}}Body/{{{SOAP12}}}Fault")
    if fault is not None:
        reason = " ".join("".join(fault.itertext()).split())[:300]
        raise TokenError(f"the STS refused the request: {reason}", "STS")
    requested = f".//{{{WST}}}RequestedSecurityToken/"
    found = root.findall(f"{requested}{{{SAML}}}Assertion")
    found += [decrypt(e, key) for e in root.iterfind(f"{requested}{{{SAML}}}EncryptedAssertion")]
    if len(found) != 1:
        raise TokenError(f"the STS answer holds {len(found)} assertions, not one", "STS")
    return found[0]


def read_token(
    reply: Reply,
    *,
    sts_cert: x509.Certificate,
    entity_id: str,
    key: rsa.RSAPrivateKey,
    clock: Clock = utcnow,
) -> tuple[bytes, dt.datetime]:
    """The assertion (its bytes) and its NotOnOrAfter from the STS's answer, checked against
    ``sts_cert`` and ``entity_id``; an EncryptedAssertion is decrypted with ``key``."""
    try:
        assertion = _assertion_of(reply.body, key)
    except XmlError as exc:
        raise TokenError(
            f"the STS answer (HTTP {reply.status}) is not readable: {exc}", "STS"
        ) from None
    checked = read_assertion(
        assertion, sts_cert, issuer=None, audience=entity_id, now=clock(), skew=300
    )
    return etree.tostring(assertion), checked.not_on_or_after


@dataclass(frozen=True)
class _Cached:
    assertion: bytes
    not_on_or_after: dt.datetime


class TokenCache:
    """Tokens per key (STS, EntityId, CVR, certificate), each until its NotOnOrAfter minus the
    caller's margin. Thread-safe; callers asking for one key at once wait for one fetch (a lock
    per key); ``fetches`` counts the round trips made."""

    def __init__(self, clock: Clock = utcnow) -> None:
        self.clock = clock
        self._tokens: dict[tuple[str, ...], _Cached] = {}
        self._locks: dict[tuple[str, ...], threading.Lock] = {}
        self._guard = threading.Lock()
        self.fetches = 0

    def get(
        self,
        key: tuple[str, ...],
        fetch: Callable[[], tuple[bytes, dt.datetime]],
        margin: dt.timedelta,
    ) -> bytes:
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            cached = self._tokens.get(key)
            if cached is None or cached.not_on_or_after - margin <= self.clock():
                assertion, not_on_or_after = fetch()
                self.fetches += 1
                cached = _Cached(assertion, not_on_or_after)
                self._tokens[key] = cached
            return cached.assertion


def fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def fetch_token(
    transport: Transport,
    *,
    sts: str,
    sts_cert: x509.Certificate,
    entity_id: str,
    cvr: str,
    cert: x509.Certificate,
    key: rsa.RSAPrivateKey,
) -> tuple[bytes, dt.datetime]:
    """One round trip to the STS: a fresh token for ``entity_id``."""
    body = request_token(sts=sts, entity_id=entity_id, cvr=cvr, cert=cert, key=key)
    reply = transport.post(sts, body, {"Content-Type": CONTENT_TYPE})
    return read_token(reply, sts_cert=sts_cert, entity_id=entity_id, key=key)


# -- the local STS ------------------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    entity_id: str
    cvr: str
    holder: x509.Certificate


def check_token_request(data: bytes, now: dt.datetime, skew: float = 300.0) -> Issued:
    """What a (local) STS checks: the request is signed by the certificate it carries, that
    certificate is the UseKey, the Timestamp is current; returns what to issue."""
    root = parse(data)
    security = root.find(f"{{{SOAP12}}}Header/{{{WSSE}}}Security")
    if security is None:
        raise SignatureError("the token request has no Security header", "Security")
    token = security.find(f"{{{WSSE}}}BinarySecurityToken")
    signature = security.find(f"{{{DS}}}Signature")
    if token is None or signature is None:
        raise SignatureError("the token request is not signed with a certificate", "signature")
    cert = x509.load_der_x509_certificate(base64.b64decode(token.text or ""))
    key = cert.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise SignatureError("only RSA certificates are supported", "certificate")
    covered = verify(signature, key, root)
    body = root.find(f"{{{SOAP12}}}Body")
    stamp = security.find(f"{{{WSU}}}Timestamp")
    for element, name in ((body, "Body"), (stamp, "Timestamp"), (token, "BinarySecurityToken")):
        if element is None or all(e is not element for e in covered):
            raise SignatureError(f"the token request's {name} is not signed", "signature")
    assert stamp is not None and body is not None
    created = parse_time(stamp.findtext(f"{{{WSU}}}Created"), "Timestamp")
    expires = parse_time(stamp.findtext(f"{{{WSU}}}Expires"), "Timestamp")
    margin = dt.timedelta(seconds=skew)
    if created - margin > now or expires + margin < now:
        raise SecurityError("the token request's Timestamp is not current", "Timestamp")
    rst = body.find(f"{{{WST}}}RequestSecurityToken")
    entity_id = (
        rst.findtext(f"{{{WSP}}}AppliesTo/{{{WSA}}}EndpointReference/{{{WSA}}}Address")
        if rst is not None
        else None
    )
    cvr = (
        rst.findtext(f"{{{WST}}}Claims/{{{AUTH}}}ClaimType[@Uri='{CVR_CLAIM}']/{{{AUTH}}}Value")
        if rst is not None
        else None
    )
    use_key = (
        rst.findtext(f"{{{WST}}}UseKey/{{{WSSE}}}BinarySecurityToken") if rst is not None else None
    )
    if not entity_id or not cvr or not use_key:
        raise TokenError("the token request lacks AppliesTo, the CVR claim or UseKey", "RST")
    if "".join(use_key.split()) != "".join((token.text or "").split()):
        raise TokenError("UseKey is not the certificate that signed the request", "UseKey")
    return Issued(entity_id.strip(), cvr.strip(), cert)


def token_response(assertion: etree._Element, relates_to: str | None = None) -> bytes:
    """The RSTRC (SOAP 1.2) carrying ``assertion`` (or an EncryptedAssertion)."""
    root = etree.Element(f"{{{SOAP12}}}Envelope", nsmap=_PREFIXES)
    header = _sub(root, SOAP12, "Header")
    _sub(header, WSA, "Action", ISSUE_REPLY)
    if relates_to:
        _sub(header, WSA, "RelatesTo", relates_to)
    collection = etree.SubElement(
        _sub(root, SOAP12, "Body"),
        f"{{{WST}}}RequestSecurityTokenResponseCollection",
        nsmap={"wst": WST},
    )
    response = _sub(collection, WST, "RequestSecurityTokenResponse")
    _sub(response, WST, "TokenType", SAML20_TOKEN)
    _sub(response, WST, "RequestedSecurityToken").append(assertion)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def fault_response(text: str) -> bytes:
    root = etree.Element(f"{{{SOAP12}}}Envelope", nsmap=_PREFIXES)
    fault = _sub(_sub(root, SOAP12, "Body"), SOAP12, "Fault")
    _sub(_sub(fault, SOAP12, "Code"), SOAP12, "Value", "s:Sender")
    reason = _sub(_sub(fault, SOAP12, "Reason"), SOAP12, "Text", text)
    reason.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def relates_to(data: bytes) -> str | None:
    try:
        return parse(data).findtext(f"{{{SOAP12}}}Header/{{{WSA}}}MessageID")
    except XmlError:
        return None
