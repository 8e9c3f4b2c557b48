"""Hostile and broken messages against every reader of the SDK: ``from_xml``, ``validate_xml``,
the client (answers), the mock (requests) and ``kygen validate``.

Each case (``hostile.CASES``) is refused with the SDK's typed error naming what was wrong:
an ``XmlError`` (or, for a message that is safe to read but breaks the contract, a validation
``Issue``), never another exception and never a partial object. Where the case is refused
before any tree is built (``stage == "screen"``), the test proves it: the hardened parser's
one tree-building function is never called. Inputs are about 1 MB (the size case: 10 MB + 1);
their rejection times are measured once by ``measure_rejections.py`` (docs/security.md), not
asserted here.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hardening.conftest import TreeWatch
from hardening.hostile import (
    CASES,
    DECLARATION,
    DOCUMENT,
    ENVELOPE,
    MB,
    SECRET,
    Case,
    Context,
    InProcess,
    Sdk,
    call_wsgi,
    envelope_of,
    pad,
)
from ky_kontanthjaelp._runtime import soap, xmlparse
from ky_kontanthjaelp._runtime.errors import ServiceplatformFault, XmlError
from lxml import etree

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]


def cases(form: str) -> list[Any]:
    return [pytest.param(c, id=c.name) for c in CASES if form in c.forms]


def refused_before_any_tree(case: Case, trees: TreeWatch, data: bytes) -> None:
    if case.stage == "screen":
        assert trees.built_from(data) == 0, f"{case.name}: a tree was built before the refusal"
    else:
        assert trees.built_from(data) <= 2  # the PI check parses twice at most, never more


# -- from_xml -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases(DOCUMENT))
def test_from_xml_refuses(case: Case, ctx: Context, trees: TreeWatch) -> None:
    data = case.build(ctx, DOCUMENT)
    with pytest.raises(XmlError, match=case.message) as info:
        ctx.sdk.xml.from_xml(data)
    refused_before_any_tree(case, trees, data)
    assert SECRET not in str(info.value)


@pytest.mark.parametrize("case", [p for p in cases(DOCUMENT) if p.values[0].unsafe])
def test_from_xml_tolerant_mode_still_refuses_the_unsafe(case: Case, ctx: Context) -> None:
    """strict=False skips unknown elements and attributes, never the hardening."""
    with pytest.raises(XmlError, match=case.message):
        ctx.sdk.xml.from_xml(case.build(ctx, DOCUMENT), strict=False)


def test_tolerant_mode_skips_an_xinclude_without_following_it(ctx: Context) -> None:
    data = next(c for c in CASES if c.name == "xinclude").build(ctx, DOCUMENT)
    obj = ctx.sdk.xml.from_xml(data, strict=False)
    assert obj == ctx.sdk.xml.from_xml(DECLARATION + ctx.message())  # nothing was included
    assert SECRET not in repr(obj)


# -- validate_xml -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases(DOCUMENT))
def test_validate_xml_refuses_documents(case: Case, ctx: Context, trees: TreeWatch) -> None:
    check_validate_xml(case, ctx, ctx.sdk, case.build(ctx, DOCUMENT), trees)


@pytest.mark.parametrize("case", cases(ENVELOPE))
def test_validate_xml_refuses_envelopes(case: Case, ctx: Context, trees: TreeWatch) -> None:
    check_validate_xml(case, ctx, ctx.sdk, case.build(ctx, ENVELOPE), trees)


def check_validate_xml(case: Case, ctx: Context, sdk: Sdk, data: bytes, trees: TreeWatch) -> None:
    if case.unsafe:
        with pytest.raises(XmlError, match=case.message):
            sdk.validate.validate_xml(data)
        refused_before_any_tree(case, trees, data)
    else:
        issues = sdk.validate.validate_xml(data)
        assert issues, f"{case.name} was found valid"
        assert any(re.search(case.message, f"{i.path} {i.message}") for i in issues), issues
        assert SECRET not in repr(issues)


# -- the mock (requests) ------------------------------------------------------------------------


@pytest.mark.parametrize("case", cases(ENVELOPE))
def test_mock_answers_a_fault(case: Case, ctx: Context) -> None:
    mock = ctx.sdk.mock.MockKY()
    action = ctx.sdk.package.OPERATIONS["Aktivitet"].soap_action
    data = case.build(ctx, ENVELOPE)
    answer = call_wsgi(mock, data, action)
    if case.name == "over_size_limit":  # refused on Content-Length, before the body is read
        assert answer.status == 413 and mock.received == []
        return
    (received,) = mock.received
    assert received.request is None  # nothing was read into an object
    assert answer.status == 500
    with pytest.raises(ServiceplatformFault) as info:
        soap.answer(answer.status, answer.content_type, answer.body)
    ((code, text),) = info.value.errors
    assert code == "1014"
    assert re.search(case.message, text), text
    assert SECRET not in text


def test_mock_refuses_the_request_of_another_operation(ctx: Context) -> None:
    mock = ctx.sdk.mock.MockKY()
    ctx.operation = "Kontaktforloeb"
    data = DECLARATION + envelope_of(ctx.message())
    answer = call_wsgi(mock, data, ctx.sdk.package.OPERATIONS["Aktivitet"].soap_action)
    assert answer.status == 500
    with pytest.raises(
        ServiceplatformFault,
        match="expects .*AktivitetRequest, the Body holds .*KontaktforloebRequest",
    ):
        soap.answer(answer.status, answer.content_type, answer.body)
    assert mock.received[0].request is None


# -- the client (answers) -----------------------------------------------------------------------


@pytest.mark.parametrize("case", cases(ENVELOPE))
def test_client_refuses_a_hostile_answer(case: Case, ctx: Context, trees: TreeWatch) -> None:
    # the suite runs the SDK logger at DEBUG, which logs whole answers: not 10 MB ones here
    logging.getLogger("ky_kontanthjaelp").setLevel(logging.INFO)
    ctx.response = True
    hostile = case.build(ctx, ENVELOPE)
    ctx.response = False
    request = ctx.sdk.xml.from_xml(DECLARATION + ctx.message())
    client = ctx.sdk.client.Client("https://ky.example/", transport=InProcess(hostile))
    with pytest.raises(XmlError, match=case.message) as info:
        client.aktivitet(request)
    refused_before_any_tree(case, trees, hostile)
    assert SECRET not in str(info.value)


def test_client_refuses_the_answer_of_another_operation(ctx: Context) -> None:
    ctx.response = True
    ctx.operation = "Kontaktforloeb"
    answer = pad(DECLARATION + envelope_of(ctx.message()))
    ctx.response, ctx.operation = False, "Aktivitet"
    client = ctx.sdk.client.Client("https://ky.example/", transport=InProcess(answer))
    with pytest.raises(XmlError, match="KontaktforloebResponse"):
        client.aktivitet(ctx.sdk.xml.from_xml(DECLARATION + ctx.message()))


def test_from_xml_with_a_class_refuses_another_root(ctx: Context) -> None:
    ctx.response = True
    data = DECLARATION + ctx.message()
    with pytest.raises(XmlError, match="expected AktivitetRequest"):
        ctx.sdk.xml.from_xml(data, ctx.sdk.package.AktivitetRequest)


# -- kygen validate -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_kygen_validate_exit_code(case: Case, ctx: Context, tmp_path: Path) -> None:
    """Unsafe input: exit 2 and one ``error:`` line naming the problem; a safe but invalid
    message: exit 1 with its issues."""
    form = DOCUMENT if DOCUMENT in case.forms else ENVELOPE
    message = tmp_path / "message.xml"
    message.write_bytes(case.build(ctx, form))
    result = CliRunner().invoke(
        main,
        [
            "validate",
            ctx.sdk.ref,
            str(message),
            "--contracts",
            str(ROOT / "contracts"),
            "--generated",
            str(ROOT / "generated"),
        ],
    )
    assert result.exit_code == (2 if case.unsafe else 1), result.output
    if case.unsafe:
        (error,) = [line for line in result.output.splitlines() if ": error: " in line]
        assert re.search(case.message, error), error
    else:
        assert re.search(case.message, result.output), result.output
    assert SECRET not in result.output
    assert "Traceback" not in result.output


# -- what the screen and the parser guarantee beyond single cases ---------------------------------


def test_size_limit_is_configurable(ctx: Context) -> None:
    data = pad(DECLARATION + ctx.message(), MB)
    assert ctx.sdk.validate.validate_xml(data) == []  # 1 MB is fine by default
    previous = xmlparse.configure(max_bytes=MB // 2)
    try:
        with pytest.raises(XmlError, match=f"over the {MB // 2} byte limit"):
            ctx.sdk.xml.from_xml(data)
        with pytest.raises(XmlError, match="byte limit"):
            ctx.sdk.validate.validate_xml(data)
    finally:
        xmlparse.configure(max_bytes=previous.max_bytes)
    assert xmlparse.limits().max_bytes == 10 * MB
    with pytest.raises(XmlError, match="over the 100 byte limit"):
        xmlparse.parse(data, max_bytes=100)
    with pytest.raises(ValueError):
        xmlparse.configure(max_depth=257)


def test_depth_limit_is_configurable(ctx: Context) -> None:
    data = DECLARATION + ctx.message()
    depth = max(len(list(e.iterancestors())) + 1 for e in etree.fromstring(data).iter())
    xmlparse.parse(data, max_depth=depth)
    with pytest.raises(XmlError, match=f"nested deeper than {depth - 1} levels"):
        xmlparse.parse(data, max_depth=depth - 1)
    previous = xmlparse.configure(max_depth=depth - 1)
    try:
        with pytest.raises(XmlError, match="nested deeper"):
            ctx.sdk.xml.from_xml(data)
    finally:
        xmlparse.configure(max_depth=previous.max_depth)


def test_the_parser_itself_resolves_no_entity_and_opens_nothing(ctx: Context) -> None:
    """Defence in depth: even a document that got past the screen (here handed straight to
    the tree builder) has its DTD ignored: no file is read, no connection made, nothing
    expanded; and parse() refuses the DOCTYPE it finds in the tree."""
    data = (
        f'<!DOCTYPE r [<!ENTITY f SYSTEM "{ctx.marker.as_uri()}"><!ENTITY h SYSTEM "{ctx.http_url}">'
        "]><r>&f;&h;</r>"
    ).encode()
    root = xmlparse._build(data)
    assert SECRET not in etree.tostring(root).decode()
    assert [e.text for e in root.iter(etree.Entity)] == ["&f;", "&h;"]  # left unexpanded
    assert root.getroottree().docinfo.doctype
    # an external parameter entity is not even asked for (the trap socket stays untouched)
    external_subset = f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{ctx.http_url}"> %p;]><r/>'.encode()
    assert xmlparse._build(external_subset).tag == "r"
    # and past the screen (patched out), parse() still refuses the DOCTYPE it finds in the tree
    screen = xmlparse._screen
    try:
        xmlparse._screen = lambda data, charset=None: xmlparse._encoding(data, charset)  # type: ignore[assignment]
        with pytest.raises(XmlError, match="DOCTYPE is not allowed"):
            xmlparse.parse(data)
    finally:
        xmlparse._screen = screen


def test_processing_instructions_are_dropped_from_plain_documents(ctx: Context) -> None:
    """XML allows PIs in a document; they are dropped, never acted upon, and the values around
    them are joined (as XSD reads them). Only SOAP messages must not hold them."""
    message = ctx.message()
    obj = ctx.sdk.xml.from_xml(DECLARATION + message)
    cpr = obj.faellesdel.cpr_nummer
    with_pi = message.replace(cpr.encode(), cpr[:5].encode() + b"<?x y?>" + cpr[5:].encode(), 1)
    data = DECLARATION + b"<?xml-stylesheet href='a.xsl'?>" + with_pi
    assert ctx.sdk.xml.from_xml(data) == obj
    assert ctx.sdk.validate.validate_xml(data) == []


def test_comments_inside_values_do_not_cut_them(ctx: Context) -> None:
    """Regression (tests/fuzz_corpus/comment-inside-value.xml): a comment inside a value made
    the reader keep only the text before it (CPR '15028', TimerPrUge 3 instead of 37), while
    XSD and validate_xml saw the whole value. Comments are now dropped by the parser."""
    message = ctx.message()
    obj = ctx.sdk.xml.from_xml(DECLARATION + message)
    cpr = obj.faellesdel.cpr_nummer
    commented = message.replace(
        cpr.encode(), cpr[:5].encode() + b"<!-- x -->" + cpr[5:].encode(), 1
    )
    assert ctx.sdk.xml.from_xml(DECLARATION + commented) == obj


def test_cdata_and_character_references_are_plain_text(ctx: Context) -> None:
    message = ctx.message()
    obj = ctx.sdk.xml.from_xml(DECLARATION + message)
    cpr = obj.faellesdel.cpr_nummer
    spelled = (
        cpr[:3].encode()
        + b"<![CDATA["
        + cpr[3:6].encode()
        + b"]]>&#"
        + str(ord(cpr[6])).encode()
        + b";"
        + cpr[7:].encode()
    )
    assert ctx.sdk.xml.from_xml(DECLARATION + message.replace(cpr.encode(), spelled, 1)) == obj


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("UTF-8", b""), ("UTF-8", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("UTF-16", b"\xfe\xff")],
)
def test_consistent_encodings_are_read(ctx: Context, encoding: str, bom: bytes) -> None:
    text = f'<?xml version="1.0" encoding="{encoding}"?>\n' + ctx.message().decode()
    codec = {"\xff\xfe": "utf-16-le", "\xfe\xff": "utf-16-be"}.get(bom.decode("latin-1"), "utf-8")
    data = bom + text.encode(codec)
    expected = ctx.sdk.xml.from_xml(DECLARATION + ctx.message())
    assert ctx.sdk.xml.from_xml(data) == expected


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf<?xml version='1.0' encoding='UTF-16'?><r/>",
        b"\xfe\xff" + "<?xml version='1.0' encoding='UTF-16LE'?><r/>".encode("utf-16-be"),
        "<?xml version='1.0' encoding='ISO-8859-1'?><r/>".encode("utf-16-le"),
        b"\xff\xfe\x00\x00" + "<?xml version='1.0' encoding='UTF-16'?><r/>".encode("utf-32-le"),
    ],
    ids=[
        "utf8_bom_says_utf16",
        "utf16be_bom_says_utf16le",
        "utf16_without_bom_says_latin1",
        "utf32_bom_says_utf16",
    ],
)
def test_every_encoding_conflict_is_refused_before_parsing(data: bytes, trees: TreeWatch) -> None:
    with pytest.raises(XmlError, match="declares encoding|encoded as UTF-32;"):
        xmlparse.parse(data)
    assert trees.built_from(data) == 0


def test_a_dtd_in_a_comment_or_value_is_not_a_doctype(ctx: Context) -> None:
    """The screen looks at the prolog only: '<!DOCTYPE' as text is harmless and kept."""
    data = DECLARATION + b"<!-- <!DOCTYPE r> -->\n" + ctx.message()
    assert ctx.sdk.xml.from_xml(data) == ctx.sdk.xml.from_xml(DECLARATION + ctx.message())
