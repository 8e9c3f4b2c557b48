"""XML Encryption for an ``EncryptedAssertion`` from the STS: the content key wrapped with the
client's RSA key (RSA-OAEP), the assertion encrypted with AES-GCM or AES-CBC (cryptography).

Only what a token client needs: decrypting an element encrypted for its certificate, and (for
the local STS and tests) encrypting one.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding as asymmetric
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from lxml import etree

from .errors import TokenError, XmlError
from .wssec import DS
from .xmlparse import parse

XENC = "http://www.w3.org/2001/04/xmlenc#"
RSA_OAEP = f"{XENC}rsa-oaep-mgf1p"
AES_CBC = {f"{XENC}aes128-cbc": 16, f"{XENC}aes256-cbc": 32}
AES_GCM = {
    "http://www.w3.org/2009/xmlenc11#aes128-gcm": 16,
    "http://www.w3.org/2009/xmlenc11#aes256-gcm": 32,
}
ELEMENT = f"{XENC}Element"
_OAEP = asymmetric.OAEP(asymmetric.MGF1(hashes.SHA1()), hashes.SHA1(), None)  # rsa-oaep-mgf1p


def _cipher_value(parent: etree._Element, what: str) -> bytes:
    text = parent.findtext(f"{{{XENC}}}CipherData/{{{XENC}}}CipherValue")
    if not text:
        raise TokenError(f"the {what} has no CipherValue", "EncryptedAssertion")
    return base64.b64decode(text)


def _method(parent: etree._Element) -> str:
    method = parent.find(f"{{{XENC}}}EncryptionMethod")
    return method.get("Algorithm", "") if method is not None else ""


def decrypt(encrypted: etree._Element, key: rsa.RSAPrivateKey) -> etree._Element:
    """The element an ``EncryptedAssertion`` (or ``EncryptedData``) holds, decrypted with
    ``key``; ``TokenError`` for anything else (never showing key material)."""
    data = (
        encrypted
        if encrypted.tag == f"{{{XENC}}}EncryptedData"
        else encrypted.find(f"{{{XENC}}}EncryptedData")
    )
    if data is None:
        raise TokenError("the EncryptedAssertion has no EncryptedData", "EncryptedAssertion")
    wrapped = data.find(f"{{{DS}}}KeyInfo/{{{XENC}}}EncryptedKey")
    if wrapped is None:
        wrapped = encrypted.find(f"{{{XENC}}}EncryptedKey")
    if wrapped is None or _method(wrapped) != RSA_OAEP:
        raise TokenError("the assertion's key is not RSA-OAEP wrapped for us", "EncryptedAssertion")
    try:
        content_key = key.decrypt(_cipher_value(wrapped, "EncryptedKey"), _OAEP)
    except ValueError:
        raise TokenError(
            "the assertion was not encrypted for this certificate", "EncryptedAssertion"
        ) from None
    algorithm, blob = _method(data), _cipher_value(data, "EncryptedData")
    if AES_GCM.get(algorithm, AES_CBC.get(algorithm)) != len(content_key):
        raise TokenError(f"unsupported content encryption {algorithm!r}", "EncryptedAssertion")
    try:
        return parse(_content(algorithm, content_key, blob))
    except (ValueError, InvalidTag, XmlError):
        raise TokenError("the encrypted assertion does not decrypt", "EncryptedAssertion") from None


def _content(algorithm: str, key: bytes, blob: bytes) -> bytes:
    if algorithm in AES_GCM:
        return AESGCM(key).decrypt(blob[:12], blob[12:], None)  # IV, then ciphertext and tag
    decryptor = Cipher(algorithms.AES(key), modes.CBC(blob[:16])).decryptor()
    padded = decryptor.update(blob[16:]) + decryptor.finalize()
    if not padded or not 1 <= padded[-1] <= 16:
        raise ValueError("bad padding")
    return padded[: -padded[-1]]  # XML Encryption padding: the last byte counts them


def encrypt(element: bytes, certificate_key: rsa.RSAPublicKey) -> etree._Element:
    """``element`` as an EncryptedAssertion for the holder of ``certificate_key`` (AES-256-GCM,
    RSA-OAEP); the local STS's ``encrypt=True``."""
    content_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(12)
    blob = nonce + AESGCM(content_key).encrypt(nonce, element, None)
    saml = "urn:oasis:names:tc:SAML:2.0:assertion"
    wrapper = etree.Element(
        f"{{{saml}}}EncryptedAssertion", nsmap={"saml": saml, "xenc": XENC, "ds": DS}
    )
    data = etree.SubElement(wrapper, f"{{{XENC}}}EncryptedData", Type=ELEMENT)
    etree.SubElement(
        data, f"{{{XENC}}}EncryptionMethod", Algorithm="http://www.w3.org/2009/xmlenc11#aes256-gcm"
    )
    wrapped = etree.SubElement(
        etree.SubElement(data, f"{{{DS}}}KeyInfo"), f"{{{XENC}}}EncryptedKey"
    )
    etree.SubElement(wrapped, f"{{{XENC}}}EncryptionMethod", Algorithm=RSA_OAEP)
    for parent, value in ((wrapped, certificate_key.encrypt(content_key, _OAEP)), (data, blob)):
        cipher = etree.SubElement(
            etree.SubElement(parent, f"{{{XENC}}}CipherData"), f"{{{XENC}}}CipherValue"
        )
        cipher.text = base64.b64encode(value).decode("ascii")
    return wrapper
