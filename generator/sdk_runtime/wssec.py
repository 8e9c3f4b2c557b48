"""XML signatures for WS-Security (the token model): exclusive c14n (lxml), RSA-SHA256 and SHA-256
digests (cryptography), references by ``wsu:Id`` or SAML ``ID``, the enveloped-signature
transform (SAML assertions) and the WSS STR-Transform (an assertion signed through its
SecurityTokenReference), which no Python XML-signature library implements.

Verification is allow-list based: one Signature, exclusive c14n, RSA-SHA256, SHA-256, and only the
three transform chains above. ``verify`` returns the elements the signature covers, so callers
check coverage by identity (an element moved elsewhere, a wrapping attack, is not covered).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from lxml import etree

from .errors import SignatureError

DS = "http://www.w3.org/2000/09/xmldsig#"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
WSSE11 = "http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
STR_TRANSFORM = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#STR-Transform"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
SAMLID = "http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLID"
WSU_ID = f"{{{WSU}}}Id"

Kind = Literal["plain", "enveloped", "str"]


def c14n(element: etree._Element) -> bytes:
    """Exclusive XML canonicalisation (without comments) of ``element``'s subtree."""
    return etree.tostring(element, method="c14n", exclusive=True, with_comments=False)


def _ds(parent: etree._Element, name: str, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{DS}}}{name}", attrs)


def element_id(element: etree._Element) -> str | None:
    """The id a Reference uses: ``wsu:Id``, or a SAML assertion's ``ID``."""
    return element.get(WSU_ID) or (
        element.get("ID") if element.tag == f"{{{SAML}}}Assertion" else None
    )


def ensure_id(element: etree._Element, prefix: str, counter: list[int]) -> str:
    """``element``'s id, giving it a fresh ``wsu:Id`` when it has none."""
    found = element_id(element)
    if found:
        return found
    counter[0] += 1
    new = f"{prefix}-{counter[0]}"
    element.set(WSU_ID, new)
    return new


@dataclass(frozen=True)
class Target:
    """What one Reference covers: ``element`` (plain), an enveloping ``element`` (enveloped), or
    a SecurityTokenReference ``element`` whose dereferenced token is digested (str)."""

    element: etree._Element
    kind: Kind = "plain"


def _digest_input(target: etree._Element, kind: Kind, root: etree._Element) -> bytes:
    if kind == "enveloped":
        stripped = copy.deepcopy(target)
        for signature in stripped.findall(f"{{{DS}}}Signature"):
            stripped.remove(signature)
        return c14n(stripped)
    if kind == "str":
        return c14n(dereference(target, root))
    return c14n(target)


def dereference(reference: etree._Element, root: etree._Element) -> etree._Element:
    """The SAML assertion a SecurityTokenReference names by KeyIdentifier (ValueType SAMLID)."""
    key_id = reference.find(f"{{{WSSE}}}KeyIdentifier")
    if key_id is None or key_id.get("ValueType") != SAMLID or not key_id.text:
        raise SignatureError("SecurityTokenReference has no SAMLID KeyIdentifier", "signature")
    return _unique(root, key_id.text.strip(), assertion_only=True)


def _unique(root: etree._Element, wanted: str, assertion_only: bool = False) -> etree._Element:
    found = [e for e in root.iter() if isinstance(e.tag, str) and element_id(e) == wanted]
    if assertion_only:
        found = [e for e in found if e.tag == f"{{{SAML}}}Assertion"]
    if len(found) != 1:
        what = "no element" if not found else f"{len(found)} elements"
        raise SignatureError(f"reference #{wanted} names {what}", "signature")
    return found[0]


def sign(
    parent: etree._Element,
    targets: Sequence[Target],
    key: rsa.RSAPrivateKey,
    key_info: etree._Element | None,
    *,
    root: etree._Element | None = None,
    id_prefix: str = "id",
) -> etree._Element:
    """Append to ``parent`` a ds:Signature over ``targets`` (ids are added where missing), made
    with ``key``; ``key_info`` (e.g. a SecurityTokenReference) goes into its KeyInfo."""
    tree_root = root if root is not None else parent.getroottree().getroot()
    counter = [0]
    signature = etree.SubElement(parent, f"{{{DS}}}Signature", nsmap={"ds": DS})
    signed_info = _ds(signature, "SignedInfo")
    _ds(signed_info, "CanonicalizationMethod", Algorithm=EXC_C14N)
    _ds(signed_info, "SignatureMethod", Algorithm=RSA_SHA256)
    for target in targets:
        uri = "#" + ensure_id(target.element, id_prefix, counter)
        reference = _ds(signed_info, "Reference", URI=uri)
        transforms = _ds(reference, "Transforms")
        if target.kind == "str":
            transform = _ds(transforms, "Transform", Algorithm=STR_TRANSFORM)
            parameters = etree.SubElement(transform, f"{{{WSSE}}}TransformationParameters")
            _ds(parameters, "CanonicalizationMethod", Algorithm=EXC_C14N)
        else:
            if target.kind == "enveloped":
                _ds(transforms, "Transform", Algorithm=ENVELOPED)
            _ds(transforms, "Transform", Algorithm=EXC_C14N)
        _ds(reference, "DigestMethod", Algorithm=SHA256)
        digest = hashlib.sha256(_digest_input(target.element, target.kind, tree_root)).digest()
        _ds(reference, "DigestValue").text = base64.b64encode(digest).decode("ascii")
    value = key.sign(c14n(signed_info), padding.PKCS1v15(), hashes.SHA256())
    _ds(signature, "SignatureValue").text = base64.b64encode(value).decode("ascii")
    if key_info is not None:
        _ds(signature, "KeyInfo").append(key_info)
    return signature


_CHAINS: dict[tuple[str, ...], Kind] = {
    (EXC_C14N,): "plain",
    (ENVELOPED, EXC_C14N): "enveloped",
    (STR_TRANSFORM,): "str",
}


def _algorithm(parent: etree._Element, name: str, expected: str) -> None:
    found = parent.find(f"{{{DS}}}{name}")
    if found is None or found.get("Algorithm") != expected:
        got = "none" if found is None else found.get("Algorithm")
        raise SignatureError(f"{name} must be {expected}, not {got}", "signature")


def verify(
    signature: etree._Element, public_key: rsa.RSAPublicKey, root: etree._Element | None = None
) -> list[etree._Element]:
    """Check ``signature`` (SignatureValue first, then every digest) and return what it covers:
    the referenced elements, and for an STR-Transform both the reference and its assertion."""
    tree_root = root if root is not None else signature.getroottree().getroot()
    signed_info = signature.find(f"{{{DS}}}SignedInfo")
    value = signature.findtext(f"{{{DS}}}SignatureValue")
    if signed_info is None or not value:
        raise SignatureError("Signature lacks SignedInfo or SignatureValue", "signature")
    _algorithm(signed_info, "CanonicalizationMethod", EXC_C14N)
    _algorithm(signed_info, "SignatureMethod", RSA_SHA256)
    try:
        public_key.verify(
            base64.b64decode(value), c14n(signed_info), padding.PKCS1v15(), hashes.SHA256()
        )
    except (InvalidSignature, ValueError):
        raise SignatureError(
            "the SignatureValue does not verify with the expected key", "signature"
        ) from None
    covered: list[etree._Element] = []
    for reference in signed_info.iterfind(f"{{{DS}}}Reference"):
        covered.extend(_check_reference(reference, tree_root))
    if not covered:
        raise SignatureError("the signature has no references", "signature")
    return covered


def _check_reference(reference: etree._Element, root: etree._Element) -> Iterable[etree._Element]:
    uri = reference.get("URI", "")
    if not uri.startswith("#") or len(uri) < 2:
        raise SignatureError(f"reference {uri!r} is not a same-document id", "signature")
    target = _unique(root, uri[1:])
    chain = tuple(
        t.get("Algorithm", "") for t in reference.iterfind(f"{{{DS}}}Transforms/{{{DS}}}Transform")
    )
    kind = _CHAINS.get(chain)
    if kind is None:
        raise SignatureError(f"reference {uri}: transforms {list(chain)} not allowed", "signature")
    if kind == "str":
        method = reference.find(
            f".//{{{WSSE}}}TransformationParameters/{{{DS}}}CanonicalizationMethod"
        )
        if method is None or method.get("Algorithm") != EXC_C14N:
            raise SignatureError(
                f"reference {uri}: STR-Transform must use exclusive c14n", "signature"
            )
    _algorithm(reference, "DigestMethod", SHA256)
    expected = base64.b64decode(reference.findtext(f"{{{DS}}}DigestValue") or "")
    actual = hashlib.sha256(_digest_input(target, kind, root)).digest()
    if not hmac.compare_digest(expected, actual):
        name = etree.QName(target).localname
        raise SignatureError(
            f"digest of {name} ({uri}) does not match: it was changed", "signature"
        )
    return (target, dereference(target, root)) if kind == "str" else (target,)
