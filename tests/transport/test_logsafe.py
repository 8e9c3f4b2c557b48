"""CPR masking in log lines, excerpts, exception messages and reprs."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ky_kontanthjaelp._runtime import logsafe
from ky_kontanthjaelp._runtime.errors import (
    HttpError,
    ServiceplatformFaultError,
    TransportError,
    XmlError,
)

CPR_DIGITS = st.text(alphabet="0123456789", min_size=10, max_size=10)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("0101901234", "010190-****"),
        ("010190-1234", "010190-****"),
        ("<CPRnummer>3112999999</CPRnummer>", "<CPRnummer>311299-****</CPRnummer>"),
        ("a 0000000000 b", "a 000000-**** b"),
        ("x0101901234y", "x010190-****y"),
        ("phone 12345678, amount 123456789012", "phone 12345678, amount 123456789012"),
        (
            "BeskedID=0a1b2c3d-1234-4e5f-8a9b-ab0123456789",
            "BeskedID=0a1b2c3d-1234-4e5f-8a9b-ab0123456789",
        ),
    ],
    ids=["plain", "hyphen", "xml", "unknown_cpr", "glued", "other_numbers", "uuid_kept"],
)
def test_mask(text: str, masked: str) -> None:
    assert logsafe.mask(text) == masked


@given(prefix=st.text(max_size=20), digits=CPR_DIGITS, suffix=st.text(max_size=20))
def test_no_cpr_survives_masking(prefix: str, digits: str, suffix: str) -> None:
    # Digits glued on either side make a longer number, which is not a CPR number.
    prefix = prefix.rstrip("0123456789")
    suffix = suffix.lstrip("0123456789")
    assert digits not in logsafe.mask(prefix + digits + suffix).replace(digits[:6] + "-****", "")


def test_excerpt_is_one_bounded_line() -> None:
    text = logsafe.excerpt(b"line 1\n\n   line 2\t" + b"x" * 2000, limit=50)
    assert text.startswith("line 1 line 2 xxx")
    assert len(text) == 51 and text.endswith("…")


def test_excerpt_masks_before_cutting() -> None:
    # A cut through the middle of a CPR number must not leave eight bare digits behind.
    text = logsafe.excerpt(b"abc 0101901234", limit=12)
    assert "01019012" not in text


def test_logger_masks_every_record(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger=logsafe.LOGGER_NAME):
        logsafe.log.info("borger %s", "0101901234")
        logsafe.log_body("request", b"<CPRnummer>0101901234</CPRnummer>")
    assert [r.getMessage() for r in caplog.records] == [
        "borger 010190-****",
        "request: <CPRnummer>010190-****</CPRnummer>",
    ]


def test_body_is_not_logged_above_debug(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=logsafe.LOGGER_NAME):
        logsafe.log_body("request", b"<secret/>")
    assert caplog.records == []


def test_log_call_is_one_line_with_fields(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=logsafe.LOGGER_NAME):
        logsafe.log_call("Aktivitet", "0a1b2c3d-1234-4e5f-8a9b-ab0123456789", 0.0, "ACCEPTERET", 2)
    (record,) = caplog.records
    assert record.getMessage().startswith("Aktivitet BeskedID=0a1b2c3d-1234-4e5f-8a9b-ab0123456789")
    assert record.getMessage().endswith("-> ACCEPTERET after 2 attempts")
    assert record.ky_result == "ACCEPTERET"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "error",
    [
        XmlError("bad value '0101901234'", "AktivitetRequest/Faellesdel/CPRnummer"),
        TransportError("failed for 0101901234"),
        HttpError(500, logsafe.excerpt(b"0101901234"), "HTTP 500 for 0101901234"),
        ServiceplatformFaultError("soap:Client", "CPR 0101901234", None, [("1001", "0101901234")]),
    ],
    ids=["xml", "transport", "http", "fault"],
)
def test_errors_never_show_a_cpr(error: Exception) -> None:
    assert "0101901234" not in str(error)
    assert "0101901234" not in repr(error)
    assert "010190-****" in str(error)
