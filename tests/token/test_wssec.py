"""WS-Security signatures: what the runtime signs verifies, every tampering is caught, and an
independent implementation (Debian's xmlsec1: libxmlsec1 and OpenSSL) verifies what it makes."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from ky_kontanthjaelp._runtime import oioidws, saml, soap, sts, wssec, xmlenc
from ky_kontanthjaelp._runtime.errors import SecurityError, SignatureError, TokenError
from lxml import etree
from token_support import CVR, TokenPki

ENTITY = "http://ky.serviceplatformen.dk/service/kontanthjaelp/2"
NOW = dt.datetime.now(dt.UTC)
BODY = "<ky:Ping xmlns:ky='urn:ky'><ky:Tekst>hej</ky:Tekst></ky:Ping>"
WSA = oioidws.WSA


def assertion(pki: TokenPki, **changes: object) -> bytes:
    options: dict[str, object] = dict(
        issuer="sts", audience=ENTITY, cvr=CVR, holder=pki.system.cert, key=pki.sts.key, now=NOW
    )
    options.update(changes)
    return saml.issue_assertion(**options)  # type: ignore[arg-type]


def request(pki: TokenPki, token: bytes | None = None, key: object = None) -> oioidws.Signed:
    return oioidws.sign_request(
        soap.envelope(BODY),
        action="urn:ky:Ping",
        to="https://service.example/ky",
        assertion=token or assertion(pki),
        key=key or pki.system.key,  # type: ignore[arg-type]
    )


def check(pki: TokenPki, data: bytes, **options: object) -> oioidws.Checked:
    settings: dict[str, object] = dict(
        sts_cert=pki.sts.cert, issuer="sts", audience=ENTITY, replay=oioidws.ReplayCache()
    )
    settings.update(options)
    return oioidws.check_request(data, **settings)  # type: ignore[arg-type]


def edit(data: bytes, path: str, text: str) -> bytes:
    root = etree.fromstring(data)
    nodes = root.xpath(path, namespaces=NS)
    assert nodes, path
    nodes[0].text = text
    return etree.tostring(root)


NS = {
    "s": soap.SOAP11,
    "wsa": WSA,
    "wsse": wssec.WSSE,
    "wsu": wssec.WSU,
    "ds": wssec.DS,
    "saml": wssec.SAML,
}


def test_signed_request_verifies_and_covers_the_policy(token_pki: TokenPki) -> None:
    sent = request(token_pki)
    checked = check(token_pki, sent.body)
    assert checked.message_id == sent.message_id and checked.action == "urn:ky:Ping"
    assert checked.assertion.cvr == CVR and checked.assertion.audience == (ENTITY,)
    root = etree.fromstring(sent.body)
    uris = root.xpath("//wsse:Security/ds:Signature/ds:SignedInfo/ds:Reference/@URI", namespaces=NS)
    signed = {root.xpath(f"//*[@wsu:Id='{u[1:]}']", namespaces=NS)[0].tag for u in uris}
    assert signed == {
        f"{{{soap.SOAP11}}}Body",
        *(f"{{{WSA}}}{h}" for h in ("Action", "MessageID", "To", "ReplyTo")),
        f"{{{oioidws.SBF}}}Framework",
        f"{{{wssec.WSU}}}Timestamp",
        f"{{{wssec.WSSE}}}SecurityTokenReference",
    }
    key_info = root.find(f".//{{{wssec.DS}}}KeyInfo/{{{wssec.WSSE}}}SecurityTokenReference")
    assert key_info is not None
    assert key_info.findtext(f"{{{wssec.WSSE}}}KeyIdentifier") == checked.assertion.id


@pytest.mark.parametrize(
    ("path", "text", "error"),
    [
        ("//ky:Tekst", "farvel", "digest of Body"),
        ("//wsa:Action", "urn:ky:Other", "digest of Action"),
        ("//wsa:To", "https://evil.example/", "digest of To"),
        ("//wsu:Created", "2020-01-01T00:00:00Z", "digest of Timestamp"),
        ("//saml:AttributeValue", "12345678", "assertion's signature is not the STS's"),
        (
            "//wsse:Security/ds:Signature/ds:SignatureValue",
            base64.b64encode(b"x" * 256).decode(),
            "holder-of-key",
        ),
    ],
)
def test_tampering_is_rejected(token_pki: TokenPki, path: str, text: str, error: str) -> None:
    NS["ky"] = "urn:ky"
    sent = request(token_pki)
    with pytest.raises(SecurityError, match=error):
        check(token_pki, edit(sent.body, path, text))


def test_body_moved_out_of_reach_is_a_wrapping_attack(token_pki: TokenPki) -> None:
    root = etree.fromstring(request(token_pki).body)
    body = root.find(f"{{{soap.SOAP11}}}Body")
    assert body is not None
    forged = etree.SubElement(root, f"{{{soap.SOAP11}}}Body")
    etree.SubElement(forged, "{urn:ky}Ping").text = "forged"
    root.find(f"{{{soap.SOAP11}}}Header").append(body)  # type: ignore[union-attr]
    with pytest.raises(SecurityError):
        check(token_pki, etree.tostring(root))


def test_expired_wrong_audience_and_stranger_key(token_pki: TokenPki) -> None:
    expired = assertion(token_pki, now=NOW - dt.timedelta(hours=9))
    with pytest.raises(TokenError, match="expired") as caught:
        check(token_pki, request(token_pki, expired).body)
    assert caught.value.what == "NotOnOrAfter"
    other = assertion(token_pki, audience="http://other.example/service/1")
    with pytest.raises(TokenError, match="not http://ky") as caught:
        check(token_pki, request(token_pki, other).body)
    assert caught.value.what == "audience"
    with pytest.raises(SignatureError, match="holder-of-key") as wrong:
        check(token_pki, request(token_pki, key=token_pki.stranger.key).body)
    assert wrong.value.what == "holder-of-key"
    forged_sts = assertion(token_pki, key=token_pki.stranger.key)
    with pytest.raises(TokenError, match="not the STS's"):
        check(token_pki, request(token_pki, forged_sts).body)


def test_replayed_message_id_is_rejected(token_pki: TokenPki) -> None:
    sent, replay = request(token_pki), oioidws.ReplayCache()
    check(token_pki, sent.body, replay=replay)
    with pytest.raises(SecurityError, match="replayed") as caught:
        check(token_pki, sent.body, replay=replay)
    assert caught.value.what == "MessageID"


def resign(signature: etree._Element, key: Any) -> None:
    """Sign ``signature``'s (edited) SignedInfo again with ``key``: an attacker with the key."""
    signed_info = signature.find(f"{{{wssec.DS}}}SignedInfo")
    assert signed_info is not None
    value = key.sign(wssec.c14n(signed_info), padding.PKCS1v15(), hashes.SHA256())
    signature.find(f"{{{wssec.DS}}}SignatureValue").text = base64.b64encode(value).decode()  # type: ignore[union-attr]


MESSAGE_SIGNATURE = f"{{{wssec.WSSE}}}Security/{{{wssec.DS}}}Signature"


def test_disallowed_transform_and_duplicate_ids(token_pki: TokenPki) -> None:
    root = etree.fromstring(request(token_pki).body)
    signature = root.find(f"{{{soap.SOAP11}}}Header/{MESSAGE_SIGNATURE}")
    assert signature is not None
    transform = signature.find(f".//{{{wssec.DS}}}Transform")
    assert transform is not None
    transform.set("Algorithm", "http://www.w3.org/TR/1999/REC-xslt-19991116")
    resign(signature, token_pki.system.key)
    with pytest.raises(SignatureError, match="not allowed"):
        check(token_pki, etree.tostring(root))
    root = etree.fromstring(request(token_pki).body)
    body = root.find(f"{{{soap.SOAP11}}}Body")
    twin = copy.deepcopy(body)
    root.find(f"{{{soap.SOAP11}}}Header").append(twin)  # type: ignore[union-attr, arg-type]
    with pytest.raises(SignatureError, match="2 elements"):
        check(token_pki, etree.tostring(root))


def response_to(pki: TokenPki, sent: oioidws.Signed, relates: str | None = None) -> bytes:
    return oioidws.sign_response(
        soap.envelope("<ky:Pong xmlns:ky='urn:ky'>ok</ky:Pong>"),
        relates_to=relates or sent.message_id,
        action="urn:ky:PingResponse",
        key=pki.service.key,
        cert=pki.service.cert,
    )


def test_response_checks(token_pki: TokenPki) -> None:
    sent = request(token_pki)
    good = response_to(token_pki, sent)
    oioidws.check_response(good, message_id=sent.message_id, service_cert=token_pki.service.cert)
    with pytest.raises(SecurityError, match="RelatesTo") as caught:
        oioidws.check_response(
            response_to(token_pki, sent, "urn:uuid:other"),
            message_id=sent.message_id,
            service_cert=token_pki.service.cert,
        )
    assert caught.value.what == "RelatesTo"
    with pytest.raises(SignatureError, match="digest of Body"):
        oioidws.check_response(
            good.replace(b">ok<", b">no<"),
            message_id=sent.message_id,
            service_cert=token_pki.service.cert,
        )
    with pytest.raises(SignatureError, match="SignatureValue"):
        oioidws.check_response(
            good, message_id=sent.message_id, service_cert=token_pki.stranger.cert
        )
    later = lambda: NOW + dt.timedelta(minutes=30)  # noqa: E731
    with pytest.raises(SecurityError, match="Timestamp"):
        oioidws.check_response(
            good, message_id=sent.message_id, service_cert=token_pki.service.cert, clock=later
        )


# -- the independent implementation ----------------------------------------------------------

XMLSEC1 = shutil.which("xmlsec1")
needs_xmlsec1 = pytest.mark.skipif(XMLSEC1 is None, reason="xmlsec1 is not installed (.ci/run)")
ID_ATTRS = [
    f"{wssec.WSU}:Timestamp",
    f"{soap.SOAP11}:Body",
    f"{sts.SOAP12}:Body",
    *(f"{WSA}:{h}" for h in ("Action", "MessageID", "To", "ReplyTo", "RelatesTo")),
    f"{oioidws.SBF}:Framework",
    f"{wssec.WSSE}:BinarySecurityToken",
]


def xmlsec1(tmp_path: Path, data: bytes, cert: Path, *extra: str) -> tuple[bool, str]:
    document = tmp_path / "signed.xml"
    document.write_bytes(data)
    args = [str(XMLSEC1), "--verify", "--pubkey-cert-pem", str(cert)]
    for attr in ID_ATTRS:
        args += ["--id-attr:Id", attr]
    run = subprocess.run([*args, *extra, str(document)], capture_output=True, text=True)
    return run.returncode == 0, run.stderr


def references(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("SignedInfo References"))


@needs_xmlsec1
def test_xmlsec1_verifies_the_response_signature(token_pki: TokenPki, tmp_path: Path) -> None:
    signed = response_to(token_pki, request(token_pki))
    ok, output = xmlsec1(tmp_path, signed, token_pki.service.cert_path)
    assert ok, output
    assert references(output) == "SignedInfo References (ok/all): 6/6"
    ok, output = xmlsec1(tmp_path, signed.replace(b">ok<", b">no<"), token_pki.service.cert_path)
    assert not ok  # the cross-check can fail


@needs_xmlsec1
def test_xmlsec1_verifies_the_sts_request(token_pki: TokenPki, tmp_path: Path) -> None:
    signed = sts.request_token(
        sts="https://sts.example/",
        entity_id=ENTITY,
        cvr=CVR,
        cert=token_pki.system.cert,
        key=token_pki.system.key,
    )
    ok, output = xmlsec1(tmp_path, signed, token_pki.system.cert_path)
    assert ok, output
    assert references(output) == "SignedInfo References (ok/all): 7/7"
    ok, _ = xmlsec1(
        tmp_path,
        signed.replace(ENTITY.encode(), b"http://evil.example/"),
        token_pki.system.cert_path,
    )
    assert not ok


@needs_xmlsec1
def test_xmlsec1_verifies_the_assertion(token_pki: TokenPki, tmp_path: Path) -> None:
    token = assertion(token_pki)
    saml_id = ["--id-attr:ID", f"{wssec.SAML}:Assertion"]
    ok, output = xmlsec1(tmp_path, token, token_pki.sts.cert_path, *saml_id)
    assert ok, output
    ok, _ = xmlsec1(
        tmp_path, token.replace(CVR.encode(), b"12345678"), token_pki.sts.cert_path, *saml_id
    )
    assert not ok


@needs_xmlsec1
def test_xmlsec1_verifies_every_plain_reference_of_a_request(
    token_pki: TokenPki, tmp_path: Path
) -> None:
    """xmlsec1 has no STR-Transform. The request's other references (Body, WS-Addressing,
    Framework, Timestamp), with the digests the SDK made, are checked by xmlsec1: the STR
    reference is dropped and SignedInfo signed again; the STR digest is checked against the
    assertion's canonical form computed from the STS's bytes."""
    token = assertion(token_pki)
    root = etree.fromstring(request(token_pki, token).body)
    signed_info = root.find(f"{{{soap.SOAP11}}}Header/{MESSAGE_SIGNATURE}/{{{wssec.DS}}}SignedInfo")
    assert signed_info is not None
    (str_ref,) = [
        r
        for r in signed_info
        if r.find(f".//{{{wssec.DS}}}Transform[@Algorithm='{wssec.STR_TRANSFORM}']") is not None
    ]
    expected = base64.b64encode(
        hashlib.sha256(
            etree.tostring(etree.fromstring(token), method="c14n", exclusive=True)
        ).digest()
    )
    assert str_ref.findtext(f"{{{wssec.DS}}}DigestValue", "").encode() == expected
    signed_info.remove(str_ref)
    signature = signed_info.getparent()
    assert signature is not None
    resign(signature, token_pki.system.key)
    message = "/*/*[local-name()='Header']/*[local-name()='Security']/*[local-name()='Signature']"
    ok, output = xmlsec1(
        tmp_path, etree.tostring(root), token_pki.system.cert_path, "--node-xpath", message
    )
    assert ok, output
    assert references(output) == "SignedInfo References (ok/all): 7/7"


def test_encrypted_assertion_decrypts_only_with_the_holders_key(token_pki: TokenPki) -> None:
    token = assertion(token_pki)
    encrypted = xmlenc.encrypt(token, token_pki.system.cert.public_key())  # type: ignore[arg-type]
    assert etree.tostring(xmlenc.decrypt(encrypted, token_pki.system.key), method="c14n") == (
        etree.tostring(etree.fromstring(token), method="c14n")
    )
    with pytest.raises(TokenError, match="not encrypted for this certificate"):
        xmlenc.decrypt(encrypted, token_pki.stranger.key)
    cipher = encrypted.find(
        f".//{{{xmlenc.XENC}}}EncryptedData/{{{xmlenc.XENC}}}CipherData/{{{xmlenc.XENC}}}CipherValue"
    )
    assert cipher is not None and cipher.text
    cipher.text = base64.b64encode(b"x" * 40).decode()
    with pytest.raises(TokenError, match="does not decrypt"):
        xmlenc.decrypt(encrypted, token_pki.system.key)


def test_aes_cbc_encrypted_assertion_decrypts(token_pki: TokenPki) -> None:
    """AES-CBC (XML Encryption 1.0's cipher, still common): built here by hand."""
    import os

    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    token = assertion(token_pki)
    encrypted = xmlenc.encrypt(token, token_pki.system.cert.public_key())  # type: ignore[arg-type]
    data = encrypted.find(f"{{{xmlenc.XENC}}}EncryptedData")
    assert data is not None
    wrapped = data.find(
        f".//{{{xmlenc.XENC}}}EncryptedKey/{{{xmlenc.XENC}}}CipherData/{{{xmlenc.XENC}}}CipherValue"
    )
    assert wrapped is not None and wrapped.text
    key = token_pki.system.key.decrypt(base64.b64decode(wrapped.text), xmlenc._OAEP)
    iv, pad = os.urandom(16), 16 - len(token) % 16
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    blob = iv + encryptor.update(token + bytes([0] * (pad - 1) + [pad])) + encryptor.finalize()
    data.find(f"{{{xmlenc.XENC}}}EncryptionMethod").set("Algorithm", f"{xmlenc.XENC}aes256-cbc")  # type: ignore[union-attr]
    data.find(f"{{{xmlenc.XENC}}}CipherData/{{{xmlenc.XENC}}}CipherValue").text = base64.b64encode(blob).decode()  # type: ignore[union-attr]
    assert xmlenc.decrypt(encrypted, token_pki.system.key).get("ID") == etree.fromstring(token).get(
        "ID"
    )
