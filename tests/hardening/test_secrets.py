"""Secrets and personal data: no unmasked CPR number in errors or logs, nothing written to
disk by the SDK, and ``kygen`` prints no message body unless asked.

The log side is enforced for the whole suite by the autouse fixture ``no_cpr_in_logs`` in
tests/conftest.py (the SDK logger at DEBUG, a scanning handler on the root logger); the
scanner itself is tested here. The error side is tested here on errors the SDK raises in
realistic situations, at default settings: ``str``, ``repr`` and the formatted traceback.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cpr_scan import CprLeakHandler, unmasked_cprs
from hardening.hostile import DECLARATION, InProcess, Sdk, sample_xml, strip_declaration
from ky_kontanthjaelp._runtime import soap
from ky_kontanthjaelp._runtime.errors import (
    HttpError,
    KyError,
    ServiceplatformFaultError,
    SoapFaultError,
    TransportError,
    ValidationError,
    XmlError,
)
from ky_kontanthjaelp._runtime.issues import Issue
from lxml import etree

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
CPR = "0101901234"
CPR_DASHED = "010190-1234"
TNS = "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/"


# -- the scanner behind the suite-wide log check ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"CPR {CPR} afvist", [CPR]),
        (f"CPR {CPR_DASHED}", [CPR_DASHED]),
        (f"<CPRnummer>{CPR}</CPRnummer>", [CPR]),
        ("CPR 010190-****", []),
        ("BeskedID 12345678-1234-4e5f-8a9b-010190123456", []),  # inside a UUID
        ("id 10101901234 and 0101901234567", []),  # part of a longer number
        ("epoch 1700000000, port 3213901234", []),  # month 00 / day 32: not a CPR
    ],
)
def test_the_log_scanner_finds_unmasked_cprs(text: str, found: list[str]) -> None:
    assert unmasked_cprs(text) == found


def test_the_log_scanner_sees_messages_and_exceptions_but_reports_them_masked() -> None:
    handler = CprLeakHandler()
    logger = logging.getLogger("hardening.scanner-test")
    logger.propagate = False  # keep this deliberate leak away from the suite-wide check
    logger.addHandler(handler)
    try:
        logger.warning("borger %s", CPR)
        try:
            raise ValueError(f"bad {CPR_DASHED}")
        except ValueError:
            logger.exception("failed")
        logger.warning("masked 010190-****")
    finally:
        logger.removeHandler(handler)
    assert len(handler.leaks) == 2
    assert all(CPR not in leak and CPR_DASHED not in leak for leak in handler.leaks)


def test_sdk_logging_is_masked_and_seen_by_the_suite_check(
    sdk: Sdk, caplog: pytest.LogCaptureFixture
) -> None:
    """A full client call at DEBUG (bodies included) through the mock: the autouse check
    would fail this test on a leak; the records are there and masked."""
    request = with_cpr(sdk, CPR)
    client = sdk.client.Client("https://ky.example/", transport=InProcess(app=sdk.mock.MockKY()))
    with caplog.at_level(logging.DEBUG, logger="ky_kontanthjaelp"):
        client.aktivitet(request)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "010190-****" in text  # the request body, at DEBUG, masked
    assert unmasked_cprs(text) == []


# -- errors at default settings --------------------------------------------------------------------


def with_cpr(sdk: Sdk, cpr: str) -> Any:
    obj = sdk.xml.from_xml(sample_xml(sdk.version, "Aktivitet"))
    obj.faellesdel.cpr_nummer = cpr
    return obj


def edited(sdk: Sdk, element: str, text: str) -> bytes:
    root = etree.fromstring(sample_xml(sdk.version, "Aktivitet"))
    found = root.find(f".//{{{TNS}}}{element}")
    assert found is not None
    found.text = text
    return DECLARATION + etree.tostring(root)


def raised(call: Callable[[], object]) -> BaseException:
    try:
        call()
    except KyError as exc:
        return exc
    raise AssertionError("nothing was raised")


def errors_the_sdk_raises(sdk: Sdk) -> Iterator[tuple[str, object]]:
    """(what, error or Issue) for every kind of error, each carrying a CPR number somewhere."""
    yield "XmlError: CPR in a date", raised(lambda: sdk.xml.from_xml(edited(sdk, "Startdato", CPR)))
    yield "XmlError: CPR in an enumeration", raised(
        lambda: sdk.xml.from_xml(edited(sdk, "Handling", CPR_DASHED))
    )
    yield "XmlError: CPR in an integer", raised(
        lambda: sdk.xml.from_xml(edited(sdk, "TimerPrUge", CPR + "x"))
    )
    invalid = with_cpr(
        sdk, "3213901234"
    )  # not a valid CPR (day 32): a pattern issue with the value
    yield "ValidationError", raised(lambda: sdk.validate.check(invalid))
    for issue in sdk.validate.validate(invalid):
        yield "Issue of validate", issue
    for issue in sdk.validate.validate_xml(edited(sdk, "CPRnummer", "3213901234")):
        yield "Issue of validate_xml", issue
    for issue in sdk.validate.validate_xml(edited(sdk, "Sagsbehandler", f"borger {CPR}")):
        yield "Issue naming a CPR in free text", issue
    page = f"<html>Fejl for CPR {CPR}</html>".encode()
    yield "HttpError", raised(lambda: soap.answer(500, "text/html", page))
    fault = soap.fault_envelope(
        "soap:Client", f"CPR {CPR} findes ikke", [("1001", f"CPR {CPR_DASHED}")]
    )
    yield "ServiceplatformFaultError", raised(lambda: soap.answer(500, "text/xml", fault))
    plain = soap.fault_envelope("soap:Server", f"fejl for {CPR}")
    yield "SoapFaultError", raised(lambda: soap.answer(500, "text/xml", plain))
    client = sdk.client.Client("https://127.0.0.1:9/", transport=Failing(f"CPR {CPR}"))
    yield "TransportError", raised(lambda: client.aktivitet(with_cpr(sdk, CPR)))


class Failing:
    def __init__(self, text: str) -> None:
        self.text = text

    def post(self, url: str, body: bytes, headers: Any) -> Any:
        raise TransportError(f"connection to {url} failed while sending {self.text}")

    def close(self) -> None:
        pass


def test_errors_and_issues_never_show_an_unmasked_cpr(sdk: Sdk) -> None:
    seen = set()
    for what, error in errors_the_sdk_raises(sdk):
        seen.add(type(error).__name__)
        shown = [str(error), repr(error)]
        if isinstance(error, BaseException):
            shown.append("".join(traceback.format_exception(error)))
            shown.append(str(getattr(error, "message", "")))  # XmlError.message
        if isinstance(error, Issue):
            shown.append(str(error.as_dict()))
            shown.append(str(error.shown_value))
        for text in shown:
            assert unmasked_cprs(text) == [], f"{what}: {text}"
    assert {
        "XmlError",
        "ValidationError",
        "Issue",
        "HttpError",
        "ServiceplatformFaultError",
        "SoapFaultError",
        "TransportError",
    } <= seen


def test_every_error_class_masks_what_it_is_given() -> None:
    for error in (
        XmlError(f"bad {CPR}", "A/B"),
        ValidationError([Issue("A/CPRnummer", "pattern", f"bad {CPR}", CPR, sensitive=True)]),
        TransportError(f"to {CPR_DASHED}"),
        HttpError(502, f"body {CPR}", f"HTTP 502 {CPR}"),
        SoapFaultError("soap:Client", f"CPR {CPR}"),
        ServiceplatformFaultError("soap:Client", "x", None, [("1", CPR)]),
    ):
        for text in (str(error), repr(error), "".join(traceback.format_exception(error))):
            assert unmasked_cprs(text) == [], text


# -- nothing written to disk -----------------------------------------------------------------------


class WriteAudit:
    """Records every file the process opens for writing while ``active`` (sys.audit 'open')."""

    active = False
    writes: list[str] = []

    @classmethod
    def hook(cls, event: str, args: tuple[Any, ...]) -> None:
        if cls.active and event == "open" and len(args) >= 2:
            path, mode = args[0], args[1]
            flags = args[2] if len(args) > 2 else 0
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            )
            if writing:
                cls.writes.append(str(path))


sys.addaudithook(WriteAudit.hook)


def snapshot(folder: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_size) for p in folder.rglob("*"))


def test_the_sdk_writes_nothing_to_disk(
    sdk: Sdk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole exchange (write, validate, send, mock, answer, read; the SDK's DEBUG logging on)
    in an empty working folder with an empty temp folder: both stay empty, and the process
    opens no file for writing meanwhile."""
    cwd, tmp = tmp_path / "cwd", tmp_path / "tmp"
    cwd.mkdir()
    tmp.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    mock = sdk.mock.MockKY()
    client = sdk.client.Client("https://ky.example/", transport=InProcess(app=mock))
    request = with_cpr(sdk, CPR)
    WriteAudit.writes = []
    WriteAudit.active = True
    try:
        answer = client.aktivitet(request)
        repeat = client.aktivitet(request)  # answered AFVIST (4977), returned, not raised
        sdk.validate.validate_xml(sdk.xml.to_xml(request))
    finally:
        WriteAudit.active = False
    assert sdk.client.accepted(answer) and not sdk.client.accepted(repeat)
    assert WriteAudit.writes == []
    assert snapshot(cwd) == [] and snapshot(tmp) == []


# -- kygen prints no message bodies ------------------------------------------------------------------


def kygen_validate(sdk: Sdk, path: Path, *options: str) -> Any:
    return CliRunner().invoke(
        main,
        [
            "validate",
            sdk.ref,
            str(path),
            "--contracts",
            str(ROOT / "contracts"),
            "--generated",
            str(ROOT / "generated"),
            *options,
        ],
    )


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_kygen_validate_prints_no_message_body(
    sdk: Sdk, tmp_path: Path, output_format: str
) -> None:
    """An invalid message: the output names the paths and rules, quotes only the offending
    (masked) value, and holds no markup and none of the other values of the message."""
    data = edited(sdk, "CPRnummer", "3213901234")
    message = tmp_path / "message.xml"
    message.write_bytes(data)
    result = kygen_validate(sdk, message, "--format", output_format)
    assert result.exit_code == 1
    body = strip_declaration(data).decode()
    assert "<" not in result.output.replace("<uuid>", "")
    assert unmasked_cprs(result.output) == []
    assert "321390-****" in result.output
    others = [t for t in etree.fromstring(data).itertext() if len(t) >= 8 and t != "3213901234"]
    assert others and not any(t in result.output for t in others)
    assert body not in result.output


def test_kygen_validate_of_unreadable_input_prints_no_body(sdk: Sdk, tmp_path: Path) -> None:
    data = sample_xml(sdk.version, "Aktivitet")
    broken = tmp_path / "broken.xml"
    broken.write_bytes(data[: len(data) // 2].replace(b"1502871234", CPR.encode()))
    result = kygen_validate(sdk, broken)
    assert result.exit_code == 2
    (error,) = [line for line in result.output.splitlines() if ": error: " in line]
    assert "not well-formed XML" in error
    assert "<ns" not in result.output and unmasked_cprs(result.output) == []
