"""OIO-IDWS messages (the token model): the headers and signatures around a SOAP 1.1 envelope.

A request carries the Liberty ``sbf:Framework`` header, WS-Addressing (Action, MessageID, To,
ReplyTo) and a ``wsse:Security`` header (mustUnderstand) with a Timestamp, the SAML assertion as
the STS issued it, a SecurityTokenReference to it, and a signature made with the key of the
certificate the assertion is bound to (holder-of-key). The signature covers every signed part the
contract's policy lists that the message holds, the Timestamp, and the assertion through the
STR-Transform; its KeyInfo is a SecurityTokenReference.

A response is signed by the service with the certificate in its BinarySecurityToken (the
policy's RecipientToken); ``check_response`` verifies it against the configured service
certificate, that it covers Body, Timestamp and RelatesTo, that RelatesTo is our MessageID, and
the Timestamp within a clock skew. The mock side (``check_request``/``sign_response``) is here
too, so both ends share one reading of the profile.
"""

from __future__ import annotations

import base64
import datetime as dt
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from .errors import SecurityError, SignatureError, TokenError, XmlError
from .saml import Assertion, parse_time, read_assertion
from .soap import BODY, ENVELOPE, HEADER, SOAP11
from .wssec import DS, SAML, SAMLID, WSSE, WSSE11, WSU, WSU_ID, Target, sign, verify
from .xmlparse import parse

WSA = "http://www.w3.org/2005/08/addressing"
SBF = "urn:liberty:sb:2006-08"
SBF_PROFILE = "urn:liberty:sb:profile"
BASIC_PROFILE = "urn:liberty:sb:profile:basic"
ANONYMOUS = f"{WSA}/anonymous"
SAML20_TOKEN = "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0"
X509V3 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"
BASE64 = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
)
# KOMBIT's TokenAsymmetricBindingPolicy; a version package passes its contract's own list.
SIGNED_PARTS = (
    "Body",
    *(f"{{{WSA}}}{name}" for name in ("MessageID", "RelatesTo", "Action", "To", "From", "ReplyTo")),
    f"{{{SBF}}}Framework",
)
TIMESTAMP_SECONDS = 300
MUST_UNDERSTAND = f"{{{SOAP11}}}mustUnderstand"
Clock = Callable[[], dt.datetime]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _sub(parent: etree._Element, ns: str, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = text
    return element


_PREFIXES = {
    "wsa": WSA,
    "wsse": WSSE,
    "wsse11": WSSE11,
    "wsu": WSU,
    "sbf": SBF,
    "sbfprofile": SBF_PROFILE,
    "ds": DS,
}


def _header(root: etree._Element) -> etree._Element:
    """The envelope's Header (made first in it when absent), declaring the profile's prefixes."""
    header = root.find(HEADER)
    if header is None:
        header = etree.Element(HEADER, nsmap=_PREFIXES)
        root.insert(0, header)
    return header


def timestamp(security: etree._Element, now: dt.datetime) -> etree._Element:
    """A wsu:Timestamp in ``security``: created ``now``, expiring five minutes later."""
    stamp = _sub(security, WSU, "Timestamp")
    _sub(stamp, WSU, "Created", _time(now))
    _sub(stamp, WSU, "Expires", _time(now + dt.timedelta(seconds=TIMESTAMP_SECONDS)))
    return stamp


def _token_reference(assertion_id: str) -> etree._Element:
    reference = etree.Element(f"{{{WSSE}}}SecurityTokenReference", nsmap={"wsse": WSSE})
    reference.set(f"{{{WSSE11}}}TokenType", SAML20_TOKEN)
    key_id = _sub(reference, WSSE, "KeyIdentifier", assertion_id)
    key_id.set("ValueType", SAMLID)
    return reference


def _signed(root: etree._Element, parts: Sequence[str]) -> list[etree._Element]:
    """The Body and the headers named in ``parts`` that ``root`` holds."""
    header = root.find(HEADER)
    found = [child for child in root if child.tag == BODY] if "Body" in parts else []
    if header is not None:
        found += [child for child in header if child.tag in parts]
    return found


@dataclass(frozen=True)
class Signed:
    """A request as sent: its bytes and its MessageID (the response must relate to it)."""

    body: bytes
    message_id: str


def sign_request(
    envelope: bytes,
    *,
    action: str,
    to: str,
    assertion: bytes,
    key: rsa.RSAPrivateKey,
    signed_parts: Sequence[str] = SIGNED_PARTS,
    clock: Clock = utcnow,
) -> Signed:
    """``envelope`` (a SOAP 1.1 message without security headers) as an OIO-IDWS request."""
    root = parse(envelope)
    header = _header(root)
    message_id = f"urn:uuid:{uuid.uuid4()}"
    framework = _sub(header, SBF, "Framework")
    framework.set("version", "2.0")
    framework.set(f"{{{SBF_PROFILE}}}profile", BASIC_PROFILE)
    framework.set(MUST_UNDERSTAND, "1")
    _sub(header, WSA, "Action", action)
    _sub(header, WSA, "MessageID", message_id)
    _sub(header, WSA, "To", to)
    _sub(_sub(header, WSA, "ReplyTo"), WSA, "Address", ANONYMOUS)
    security = _sub(header, WSSE, "Security")
    security.set(MUST_UNDERSTAND, "1")
    stamp = timestamp(security, clock())
    token = etree.fromstring(assertion)
    security.append(token)
    reference = _token_reference(token.get("ID") or "")
    security.append(reference)
    targets = [Target(e) for e in _signed(root, signed_parts)]
    targets += [Target(stamp), Target(reference, "str")]
    sign(security, targets, key, _token_reference(token.get("ID") or ""), id_prefix="sec")
    return Signed(etree.tostring(root, xml_declaration=True, encoding="utf-8"), message_id)


def _security(root: etree._Element) -> etree._Element:
    header = root.find(HEADER)
    found = header.findall(f"{{{WSSE}}}Security") if header is not None else []
    if len(found) != 1:
        raise SignatureError(f"expected one wsse:Security header, found {len(found)}", "Security")
    return found[0]


def _check_timestamp(security: etree._Element, now: dt.datetime, skew: float) -> None:
    stamps = security.findall(f"{{{WSU}}}Timestamp")
    if len(stamps) != 1:
        raise SecurityError("expected one Timestamp in the Security header", "Timestamp")
    created = parse_time(stamps[0].findtext(f"{{{WSU}}}Created"), "Timestamp")
    expires = parse_time(stamps[0].findtext(f"{{{WSU}}}Expires"), "Timestamp")
    margin = dt.timedelta(seconds=skew)
    if created - margin > now or expires + margin < now:
        raise SecurityError(
            f"Timestamp {_time(created)}..{_time(expires)} is not current ({_time(now)})",
            "Timestamp",
        )


def _require(covered: list[etree._Element], root: etree._Element, parts: Sequence[str]) -> None:
    ids = {id(e) for e in covered}
    for element in _signed(root, parts):
        if id(element) not in ids:
            raise SignatureError(
                f"{etree.QName(element).localname} is not covered by the signature", "signature"
            )
    body = root.find(BODY)
    if body is None or id(body) not in ids:
        raise SignatureError("Body is not covered by the signature", "signature")


def _one(root: etree._Element, tag: str, what: str) -> str:
    header = root.find(HEADER)
    found = header.findall(tag) if header is not None else []
    if len(found) != 1 or not (found[0].text or "").strip():
        raise SecurityError(f"expected one {what} header, found {len(found)}", what)
    return (found[0].text or "").strip()


def _certificate_key(certificate: x509.Certificate) -> rsa.RSAPublicKey:
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise SignatureError("only RSA certificates are supported", "certificate")
    return key


def _consumed(root: etree._Element, *tags: str) -> bytes:
    """The message without the header entries the security layer has processed (they carry
    mustUnderstand, and nothing after this layer understands them)."""
    header = root.find(HEADER)
    for entry in list(header if header is not None else ()):
        if entry.tag in tags:
            header.remove(entry)  # type: ignore[union-attr]
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def check_response(
    data: bytes,
    *,
    message_id: str,
    service_cert: x509.Certificate,
    skew: float = 300.0,
    clock: Clock = utcnow,
) -> bytes:
    """Raise unless ``data`` is a response to ``message_id`` signed by ``service_cert``; the
    response without its (verified) Security header."""
    try:
        root = parse(data)
    except XmlError:
        return data  # not XML: soap.answer reports it as what it is
    if root.tag != ENVELOPE:
        return data
    security = _security(root)
    _check_timestamp(security, clock(), skew)
    signature = security.find(f"{{{DS}}}Signature")
    if signature is None:
        raise SignatureError("the response is not signed", "signature")
    covered = verify(signature, _certificate_key(service_cert), root)
    stamp = security.find(f"{{{WSU}}}Timestamp")
    relates = root.find(f"{HEADER}/{{{WSA}}}RelatesTo")
    for element, name in ((stamp, "Timestamp"), (relates, "RelatesTo")):
        if element is None or all(e is not element for e in covered):
            raise SignatureError(f"the response's {name} is not signed", "signature")
    _require(covered, root, ("Body",))
    related = _one(root, f"{{{WSA}}}RelatesTo", "RelatesTo")
    if related != message_id:
        raise SecurityError(
            f"RelatesTo {related!r} is not our MessageID {message_id!r}", "RelatesTo"
        )
    return _consumed(root, f"{{{WSSE}}}Security")


@dataclass(frozen=True)
class Checked:
    """A request that passed ``check_request``: its MessageID, Action, the assertion, and the
    message without the Security and Framework headers (``inner``), for the service to read."""

    message_id: str
    action: str
    assertion: Assertion
    inner: bytes = b""


class ReplayCache:
    """MessageIDs seen within their Timestamp's lifetime; a second one is a replay."""

    def __init__(self, keep_seconds: float = 2 * TIMESTAMP_SECONDS + 600) -> None:
        self.keep = dt.timedelta(seconds=keep_seconds)
        self._seen: dict[str, dt.datetime] = {}
        self._lock = threading.Lock()

    def add(self, message_id: str, now: dt.datetime) -> None:
        with self._lock:
            self._seen = {m: t for m, t in self._seen.items() if t + self.keep > now}
            if message_id in self._seen:
                raise SecurityError(f"MessageID {message_id} was replayed", "MessageID")
            self._seen[message_id] = now


def check_request(
    data: bytes,
    *,
    sts_cert: x509.Certificate,
    issuer: str | None,
    audience: str,
    replay: ReplayCache,
    signed_parts: Sequence[str] = SIGNED_PARTS,
    skew: float = 300.0,
    clock: Clock = utcnow,
) -> Checked:
    """What a token-model service checks before it reads a request (raises ``SecurityError``)."""
    root = parse(data)
    now = clock()
    security = _security(root)
    if security.get(MUST_UNDERSTAND) not in ("1", "true"):
        raise SecurityError("wsse:Security must be mustUnderstand", "Security")
    _check_timestamp(security, now, skew)
    tokens = security.findall(f"{{{SAML}}}Assertion")
    if len(tokens) != 1:
        raise TokenError(f"expected one SAML assertion, found {len(tokens)}", "assertion")
    assertion = read_assertion(
        tokens[0], sts_cert, issuer=issuer, audience=audience, now=now, skew=skew
    )
    signature = security.find(f"{{{DS}}}Signature")
    if signature is None:
        raise SignatureError("the request is not signed", "signature")
    key_id = signature.find(
        f"{{{DS}}}KeyInfo/{{{WSSE}}}SecurityTokenReference/{{{WSSE}}}KeyIdentifier"
    )
    if key_id is None or (key_id.text or "").strip() != assertion.id:
        raise SignatureError("the signature's KeyInfo does not name the assertion", "signature")
    try:
        covered = verify(signature, _certificate_key(assertion.holder), root)
    except SignatureError as exc:
        if "SignatureValue" in str(exc):
            raise SignatureError(
                "the message is not signed by the token's holder-of-key certificate",
                "holder-of-key",
            ) from None
        raise
    _require(covered, root, signed_parts)
    stamp = security.find(f"{{{WSU}}}Timestamp")
    if all(e is not stamp for e in covered):
        raise SignatureError("the Timestamp is not signed", "signature")
    if all(e is not tokens[0] for e in covered):
        raise SignatureError("the assertion is not signed (STR-Transform)", "signature")
    framework = root.find(f"{HEADER}/{{{SBF}}}Framework")
    if framework is None or framework.get("version") != "2.0":
        raise SecurityError("the Liberty Framework header (version 2.0) is missing", "Framework")
    message_id = _one(root, f"{{{WSA}}}MessageID", "MessageID")
    action = _one(root, f"{{{WSA}}}Action", "Action")
    replay.add(message_id, now)
    inner = _consumed(root, f"{{{WSSE}}}Security", f"{{{SBF}}}Framework")
    return Checked(message_id, action, assertion, inner)


def sign_response(
    envelope: bytes,
    *,
    relates_to: str,
    action: str,
    key: rsa.RSAPrivateKey,
    cert: x509.Certificate,
    clock: Clock = utcnow,
) -> bytes:
    """A service's answer: RelatesTo, MessageID, Action, and a signature with ``cert``'s key over
    them, the Body and the Timestamp; the certificate travels as a BinarySecurityToken."""
    root = parse(envelope)
    header = _header(root)
    signed = [
        _sub(header, WSA, "Action", action),
        _sub(header, WSA, "MessageID", f"urn:uuid:{uuid.uuid4()}"),
        _sub(header, WSA, "RelatesTo", relates_to),
    ]
    security = _sub(header, WSSE, "Security")
    security.set(MUST_UNDERSTAND, "1")
    stamp = timestamp(security, clock())
    token = _sub(security, WSSE, "BinarySecurityToken")
    token.text = base64.b64encode(cert.public_bytes(Encoding.DER)).decode("ascii")
    token.set("ValueType", X509V3)
    token.set("EncodingType", BASE64)
    token.set(WSU_ID, "service-cert")
    key_info = etree.Element(f"{{{WSSE}}}SecurityTokenReference")
    _sub(key_info, WSSE, "Reference").attrib.update({"URI": "#service-cert", "ValueType": X509V3})
    body = root.find(BODY)
    if body is None:
        raise XmlError("the answer has no Body", "Envelope")
    targets = [Target(body), *(Target(e) for e in signed), Target(stamp), Target(token)]
    sign(security, targets, key, key_info, id_prefix="res")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
