"""SAML 2.0 holder-of-key assertions as KOMBIT's STS issues them: reading and checking one (the
STS's enveloped signature, issuer, audience, validity, the bound certificate), and issuing one
(the local STS of ``kygen serve-sts``)."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from .errors import SecurityError, SignatureError, TokenError
from .wssec import DS, SAML, Target, sign, verify

HOLDER_OF_KEY = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"
CVR_CLAIM = "dk:gov:saml:attribute:CvrNumberIdentifier"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"


@dataclass(frozen=True)
class Assertion:
    """What a service (and the client's cache) needs of a checked assertion."""

    id: str
    issuer: str
    audience: tuple[str, ...]
    not_on_or_after: dt.datetime
    holder: x509.Certificate
    cvr: str | None


def parse_time(text: str | None, what: str) -> dt.datetime:
    """An xs:dateTime (UTC when it has no zone); ``SecurityError`` naming ``what`` if it is not."""
    try:
        moment = dt.datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    except ValueError:
        raise SecurityError(f"{what} is not a dateTime: {text!r}", what) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _holder(element: etree._Element) -> x509.Certificate:
    path = (
        f"{{{SAML}}}Subject/{{{SAML}}}SubjectConfirmation[@Method='{HOLDER_OF_KEY}']/"
        f"{{{SAML}}}SubjectConfirmationData/{{{DS}}}KeyInfo/{{{DS}}}X509Data/{{{DS}}}X509Certificate"
    )
    text = element.findtext(path)
    if not text:
        raise TokenError("the assertion is not holder-of-key (no certificate)", "holder-of-key")
    try:
        return x509.load_der_x509_certificate(base64.b64decode(text))
    except ValueError:
        raise TokenError(
            "the assertion's holder-of-key certificate is unreadable", "holder-of-key"
        ) from None


def parse_assertion(element: etree._Element) -> Assertion:
    """The fields of an assertion, unchecked (for a client's cache; the service checks)."""
    conditions = element.find(f"{{{SAML}}}Conditions")
    if element.tag != f"{{{SAML}}}Assertion" or conditions is None or not element.get("ID"):
        raise TokenError("not a SAML 2.0 assertion with an ID and Conditions", "assertion")
    audience = tuple(
        (a.text or "").strip()
        for a in conditions.iterfind(f"{{{SAML}}}AudienceRestriction/{{{SAML}}}Audience")
    )
    cvr = element.findtext(
        f"{{{SAML}}}AttributeStatement/{{{SAML}}}Attribute[@Name='{CVR_CLAIM}']/{{{SAML}}}AttributeValue"
    )
    return Assertion(
        id=element.get("ID") or "",
        issuer=(element.findtext(f"{{{SAML}}}Issuer") or "").strip(),
        audience=audience,
        not_on_or_after=parse_time(conditions.get("NotOnOrAfter"), "NotOnOrAfter"),
        holder=_holder(element),
        cvr=cvr.strip() if cvr else None,
    )


def read_assertion(
    element: etree._Element,
    sts_cert: x509.Certificate,
    *,
    issuer: str | None,
    audience: str,
    now: dt.datetime,
    skew: float,
) -> Assertion:
    """``element`` checked: signed by ``sts_cert`` over the whole assertion, from ``issuer``
    (when given), for ``audience``, valid at ``now`` (give or take ``skew`` seconds)."""
    signature = element.find(f"{{{DS}}}Signature")
    if signature is None:
        raise TokenError("the assertion is not signed", "assertion")
    key = sts_cert.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise TokenError("the STS certificate has no RSA key", "assertion")
    try:
        covered = verify(signature, key, element)
    except SignatureError as exc:
        raise TokenError(
            f"the assertion's signature is not the STS's: {exc}", "assertion"
        ) from None
    if all(c is not element for c in covered):
        raise TokenError("the assertion's signature does not cover the assertion", "assertion")
    found = parse_assertion(element)
    if issuer is not None and found.issuer != issuer:
        raise TokenError(f"the assertion's issuer {found.issuer!r} is not {issuer!r}", "issuer")
    if audience not in found.audience:
        raise TokenError(
            f"the assertion is for {', '.join(found.audience) or 'no audience'}, not {audience}",
            "audience",
        )
    conditions = element.find(f"{{{SAML}}}Conditions")
    margin = dt.timedelta(seconds=skew)
    not_before = conditions.get("NotBefore") if conditions is not None else None
    if not_before and parse_time(not_before, "NotBefore") - margin > now:
        raise TokenError("the assertion is not valid yet", "NotBefore")
    if found.not_on_or_after + margin <= now:
        raise TokenError(
            f"the assertion expired at {found.not_on_or_after.isoformat()}", "NotOnOrAfter"
        )
    return found


def _sub(
    parent: etree._Element, name: str, text: str | None = None, **attrs: str
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{SAML}}}{name}", attrs)
    element.text = text
    return element


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def issue_assertion(
    *,
    issuer: str,
    audience: str,
    cvr: str,
    holder: x509.Certificate,
    key: rsa.RSAPrivateKey,
    now: dt.datetime,
    lifetime: dt.timedelta = dt.timedelta(hours=8),
) -> bytes:
    """A holder-of-key assertion for ``holder``, signed (enveloped) with the STS's ``key``."""
    assertion = etree.Element(
        f"{{{SAML}}}Assertion",
        {"ID": f"_{uuid.uuid4()}", "IssueInstant": _stamp(now), "Version": "2.0"},
        nsmap={"saml": SAML},
    )
    _sub(assertion, "Issuer", issuer)
    subject = _sub(assertion, "Subject")
    _sub(
        subject,
        "NameID",
        holder.subject.rfc4514_string(),
        Format="urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName",
    )
    confirmation = _sub(subject, "SubjectConfirmation", Method=HOLDER_OF_KEY)
    data = _sub(confirmation, "SubjectConfirmationData")
    data.set(XSI_TYPE, "saml:KeyInfoConfirmationDataType")
    x509_data = etree.SubElement(
        etree.SubElement(data, f"{{{DS}}}KeyInfo", nsmap={"ds": DS}), f"{{{DS}}}X509Data"
    )
    etree.SubElement(x509_data, f"{{{DS}}}X509Certificate").text = base64.b64encode(
        holder.public_bytes(Encoding.DER)
    ).decode("ascii")
    conditions = _sub(
        assertion, "Conditions", NotBefore=_stamp(now), NotOnOrAfter=_stamp(now + lifetime)
    )
    _sub(_sub(conditions, "AudienceRestriction"), "Audience", audience)
    statement = _sub(assertion, "AttributeStatement")
    _sub(_sub(statement, "Attribute", Name=CVR_CLAIM), "AttributeValue", cvr)
    signature = sign(assertion, [Target(assertion, "enveloped")], key, None, root=assertion)
    assertion.insert(1, signature)  # after Issuer, where the SAML schema puts it
    return etree.tostring(assertion)
