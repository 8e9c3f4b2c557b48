"""Hostile and broken messages, built around the realistic samples of the committed SDK.

Every case is a function of a context (a sample message, a marker file, a listening socket)
and a *form*: ``"document"`` (the bare message, what ``from_xml`` reads) or ``"envelope"``
(a SOAP 1.1 request or answer, what the mock and the client read). Unless a case is about
size itself, the input is padded to about 1 MB with whitespace inside the root element, so
the same inputs serve the one-off timing measurement (``measure_rejections.py``).

``Case.stage`` says where the input is refused:

* ``screen``: before any tree is built (``xmlparse._build`` is never called);
* ``parser``: by libxml2 while parsing (no Python objects are made from the document);
* ``structure``: after parsing, by the envelope or root checks, before any model object;
* ``reader``: by the generated reader (strict) or as a validation issue.
"""

from __future__ import annotations

import functools
import importlib
import io
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.samples import sample_operation

MB = 1024 * 1024
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
XI = "http://www.w3.org/2001/XInclude"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
SECRET = "KY-HARDENING-SECRET-7f3a"  # the marker file's content: must never show up anywhere


@dataclass
class Sdk:
    """One committed version package and its modules."""

    version: str
    package: ModuleType
    xml: ModuleType
    validate: ModuleType
    mock: ModuleType
    client: ModuleType

    @property
    def ref(self) -> str:
        return f"kontanthjaelp/{self.version}"


@functools.cache
def sample_xml(version: str, operation: str, response: bool = False, branch: int = 0) -> bytes:
    """``to_xml`` of the realistic sample (cached: building a sample takes milliseconds)."""
    sdk = load(version)
    return bytes(
        sdk.xml.to_xml(sample_operation(sdk.package, operation, response=response, branch=branch))
    )


@functools.cache
def load(version: str) -> Sdk:
    base = "ky_kontanthjaelp.v" + version.replace(".", "_")
    modules = [
        importlib.import_module(base + name)
        for name in ("", ".xml", ".validate", ".mock", ".client")
    ]
    return Sdk(version, *modules)


@dataclass
class Context:
    sdk: Sdk
    marker: Path  # a local file holding SECRET
    http_url: str  # a listening socket that must never be connected to
    response: bool = False  # build answers (for the client) rather than requests
    operation: str = "Aktivitet"

    def message(self) -> bytes:
        """The sample request (or response) of ``operation``, without XML declaration."""
        return strip_declaration(sample_xml(self.sdk.version, self.operation, self.response))


def strip_declaration(data: bytes) -> bytes:
    if data.startswith(b"<?xml") and b"?>" in data:
        return data.split(b"?>", 1)[1].lstrip()
    return data


def into_text(message: bytes, insert: bytes) -> bytes:
    """``insert`` placed at the start of the first text value of ``message``."""
    at = re.search(rb">[^<\s]", message)
    assert at is not None
    return message[: at.start() + 1] + insert + message[at.start() + 1 :]


def at_end(message: bytes, insert: bytes) -> bytes:
    """``insert`` as the last content of the root element."""
    at = message.rindex(b"</")
    return message[:at] + insert + message[at:]


def first_child(message: bytes) -> tuple[int, bytes]:
    """(offset, qualified name) of the root's first child element."""
    found = re.compile(rb"<([A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*)[\s/>]").finditer(message)
    next(found)
    child = next(found)
    return child.start(), child.group(1)


def envelope_of(
    body: bytes, *, header: bytes = b"", namespace: str = SOAP11, bodies: int = 1
) -> bytes:
    ns = namespace.encode()
    parts = [b'<soap:Envelope xmlns:soap="' + ns + b'">', header]
    parts += [b"<soap:Body>" + body + b"</soap:Body>"] * bodies
    return b"".join(parts) + b"</soap:Envelope>"


def frame(body: bytes, form: str, **envelope: Any) -> bytes:
    """``body`` (a message element) as a document or inside a SOAP 1.1 envelope, no declaration."""
    return envelope_of(body, **envelope) if form == "envelope" else body


def pad(data: bytes, size: int = MB) -> bytes:
    """``data`` grown to about ``size`` bytes with whitespace after the root's start tag
    (insignificant in element-only content, so a valid message stays valid)."""
    start = data.index(b"<", data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0)
    end = data.index(b">", start) + 1
    missing = max(0, size - len(data))
    return data[:end] + b"\n" * missing + data[end:]


def padded(ctx: Context, form: str, prolog: bytes = b"", **envelope: Any) -> bytes:
    return pad(DECLARATION + prolog + frame(ctx.message(), form, **envelope))


def listening_socket() -> socket.socket:
    """A socket that accepts nothing by itself; a connection attempt would queue on it."""
    server = socket.create_server(("127.0.0.1", 0))
    server.setblocking(False)
    return server


def was_contacted(server: socket.socket) -> bool:
    try:
        conn, _ = server.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


# -- the cases ------------------------------------------------------------------------------

DOCUMENT, ENVELOPE = "document", "envelope"
BOTH = (DOCUMENT, ENVELOPE)


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Context, str], bytes]
    stage: str  # screen | parser | structure | reader
    message: str  # regex the error (or issue) must match: it names what was wrong
    forms: tuple[str, ...] = BOTH
    unsafe: bool = True  # kygen validate: exit 2 (cannot be read safely) rather than 1 (invalid)


def _doctype(ctx: Context, form: str, subset: str, use: str = "") -> bytes:
    root = (
        "soap:Envelope"
        if form == ENVELOPE
        else "ns1:" + ctx.operation + ("Response" if ctx.response else "Request")
    )
    message = ctx.message()
    if use:  # put the entity reference into a value, where a reader would take it
        message = into_text(message, use.encode())
    prolog = f"<!DOCTYPE {root} [{subset}]>\n".encode()
    return pad(DECLARATION + prolog + frame(message, form))


def xxe_file(ctx: Context, form: str) -> bytes:
    return _doctype(ctx, form, f'<!ENTITY x SYSTEM "{ctx.marker.as_uri()}">', "&x;")


def xxe_http(ctx: Context, form: str) -> bytes:
    return _doctype(ctx, form, f'<!ENTITY x SYSTEM "{ctx.http_url}">', "&x;")


def xxe_parameter_entity(ctx: Context, form: str) -> bytes:
    return _doctype(ctx, form, f'<!ENTITY % p SYSTEM "{ctx.http_url}"> %p;')


def billion_laughs(ctx: Context, form: str) -> bytes:
    levels = ['<!ENTITY l0 "lol">'] + [
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return _doctype(ctx, form, "".join(levels), "&l9;")


def quadratic_blowup(ctx: Context, form: str) -> bytes:
    subset = '<!ENTITY a "' + "a" * 50_000 + '">'
    return _doctype(ctx, form, subset, "&a;" * 300_000)


def doctype_without_subset(ctx: Context, form: str) -> bytes:
    root = b"soap:Envelope" if form == ENVELOPE else b"ns1:AktivitetRequest"
    return padded(ctx, form, b"<!DOCTYPE " + root + b">\n")


def doctype_external_dtd(ctx: Context, form: str) -> bytes:
    return padded(ctx, form, f'<!DOCTYPE r SYSTEM "{ctx.http_url}">\n'.encode())


def doctype_after_comment_and_pi(ctx: Context, form: str) -> bytes:
    prolog = b"<!-- " + b"c" * 1000 + b" -->\n<?xml-stylesheet href='x'?>\n<!DOCTYPE r>\n"
    return padded(ctx, form, prolog)


def doctype_in_utf16(ctx: Context, form: str) -> bytes:
    text = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE r [<!ENTITY x "x">]>\n'
    body = frame(ctx.message(), form).decode("utf-8")
    return b"\xff\xfe" + (text + body).encode("utf-16-le") + b"\n\x00" * (MB // 2)


def over_size_limit(ctx: Context, form: str) -> bytes:
    return pad(DECLARATION + frame(ctx.message(), form), 10 * MB + 1)


def nested_too_deep(ctx: Context, form: str) -> bytes:
    deep = b"<ns1:X>" * 300 + b"</ns1:X>" * 300
    message = at_end(ctx.message(), deep)
    return pad(DECLARATION + frame(message, form))


def invalid_utf8(ctx: Context, form: str) -> bytes:
    # the bad byte sits after a megabyte of whitespace: the parser has to get there first
    message = into_text(ctx.message(), b"\xc3\x28")
    data = DECLARATION + frame(message, form)
    end = data.index(b">", data.index(b"<", len(DECLARATION))) + 1
    return data[:end] + b"\n" * MB + data[end:]


def bom_utf8_declares_latin1(ctx: Context, form: str) -> bytes:
    data = padded(ctx, form).replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"', 1)
    return b"\xef\xbb\xbf" + data


def bom_utf16_declares_utf8(ctx: Context, form: str) -> bytes:
    data = pad(DECLARATION + frame(ctx.message(), form), MB // 2)
    return b"\xff\xfe" + data.decode("utf-8").encode("utf-16-le")


def undefined_entity(ctx: Context, form: str) -> bytes:
    message = into_text(ctx.message(), b"&cpr;")
    return pad(DECLARATION + frame(message, form))


def xinclude(ctx: Context, form: str) -> bytes:
    include = f'<xi:include xmlns:xi="{XI}" href="{ctx.marker.as_uri()}" parse="text"/>'.encode()
    message = at_end(ctx.message(), include)
    return pad(DECLARATION + frame(message, form))


def element_in_wrong_namespace(ctx: Context, form: str) -> bytes:
    message = ctx.message()
    at, name = first_child(message)
    local = name.split(b":")[1]
    end = message.index(b"</" + name + b">", at)
    message = (
        message[:at]
        + b"<x:"
        + local
        + b' xmlns:x="urn:ky:forkert"'
        + message[at + 1 + len(name) : end]
        + b"</x:"
        + local
        + b">"
        + message[end + len(name) + 3 :]
    )
    return pad(DECLARATION + frame(message, form))


def processing_instruction_in_envelope(ctx: Context, form: str) -> bytes:
    message = ctx.message()
    at, _ = first_child(message)
    message = message[:at] + b"<?cmd rm -rf /?>" + message[at:]
    return pad(DECLARATION + envelope_of(message))


def soap12_envelope(ctx: Context, form: str) -> bytes:
    return padded(ctx, ENVELOPE, namespace=SOAP12)


def envelope_with_two_bodies(ctx: Context, form: str) -> bytes:
    return padded(ctx, ENVELOPE, bodies=2)


def body_with_two_elements(ctx: Context, form: str) -> bytes:
    return pad(DECLARATION + envelope_of(ctx.message() + ctx.message()))


CASES = [
    Case("xxe_file", xxe_file, "screen", "DOCTYPE is not allowed"),
    Case("xxe_http", xxe_http, "screen", "DOCTYPE is not allowed"),
    Case("xxe_parameter_entity", xxe_parameter_entity, "screen", "DOCTYPE is not allowed"),
    Case("billion_laughs", billion_laughs, "screen", "DOCTYPE is not allowed"),
    Case("quadratic_blowup", quadratic_blowup, "screen", "DOCTYPE is not allowed"),
    Case("doctype_without_subset", doctype_without_subset, "screen", "DOCTYPE is not allowed"),
    Case("doctype_external_dtd", doctype_external_dtd, "screen", "DOCTYPE is not allowed"),
    Case(
        "doctype_after_comment_and_pi",
        doctype_after_comment_and_pi,
        "screen",
        "DOCTYPE is not allowed",
    ),
    Case("doctype_in_utf16", doctype_in_utf16, "screen", "DOCTYPE is not allowed"),
    Case("over_size_limit", over_size_limit, "screen", "over the 10485760 byte limit"),
    Case(
        "bom_utf8_declares_latin1",
        bom_utf8_declares_latin1,
        "screen",
        "encoded as UTF-8 .* declares encoding 'ISO-8859-1'",
    ),
    Case(
        "bom_utf16_declares_utf8",
        bom_utf16_declares_utf8,
        "screen",
        "encoded as UTF-16LE .* declares encoding 'UTF-8'",
    ),
    Case("nested_too_deep", nested_too_deep, "parser", "nested deeper than 256 levels"),
    Case(
        "invalid_utf8",
        invalid_utf8,
        "parser",
        "not well-formed XML: Invalid bytes in character encoding",
    ),
    Case(
        "undefined_entity",
        undefined_entity,
        "parser",
        "not well-formed XML: Entity 'cpr' not defined",
    ),
    Case(
        "processing_instruction_in_envelope",
        processing_instruction_in_envelope,
        "structure",
        r"processing instruction <\?cmd\?> is not allowed in a SOAP message",
        (ENVELOPE,),
    ),
    Case("soap12_envelope", soap12_envelope, "structure", "SOAP 1.2", (ENVELOPE,), unsafe=False),
    Case(
        "envelope_with_two_bodies",
        envelope_with_two_bodies,
        "structure",
        "Body, Body",
        (ENVELOPE,),
        unsafe=False,
    ),
    Case(
        "body_with_two_elements",
        body_with_two_elements,
        "structure",
        "Body .*holds 2",
        (ENVELOPE,),
        unsafe=False,
    ),
    Case("xinclude", xinclude, "reader", "include", unsafe=False),
    Case(
        "element_in_wrong_namespace",
        element_in_wrong_namespace,
        "reader",
        "urn:ky:forkert",
        unsafe=False,
    ),
]


# -- calling the mock in-process ---------------------------------------------------------------


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes


def call_wsgi(
    app: Any, body: bytes, soap_action: str | None, content_type: str = "text/xml; charset=utf-8"
) -> Answer:
    answer: dict[str, Any] = {}
    environ = {
        "REQUEST_METHOD": "POST",
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": content_type,
        "wsgi.input": io.BytesIO(body),
    }
    if soap_action is not None:
        environ["HTTP_SOAPACTION"] = f'"{soap_action}"'
    chunks = app(environ, lambda status, headers: answer.update(status=status, headers=headers))
    return Answer(
        int(answer["status"].split()[0]), dict(answer["headers"])["Content-Type"], b"".join(chunks)
    )


class InProcess:
    """A client transport that answers every call with fixed bytes (a hostile KY), or hands
    the request to a WSGI app."""

    def __init__(self, answer: bytes | None = None, app: Any = None) -> None:
        self.answer, self.app = answer, app
        self.sent: list[bytes] = []

    def post(self, url: str, body: bytes, headers: Any) -> Any:
        from ky_kontanthjaelp._runtime.transport import Reply

        self.sent.append(body)
        if self.app is not None:
            got = call_wsgi(
                self.app, body, headers["SOAPAction"].strip('"'), headers["Content-Type"]
            )
            return Reply(got.status, got.content_type, got.body)
        return Reply(200, "text/xml; charset=utf-8", self.answer or b"")

    def close(self) -> None:
        pass
