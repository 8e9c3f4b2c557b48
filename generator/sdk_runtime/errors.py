"""Every exception the SDK raises derives from ``KyError``; catch that to catch them all.

``XmlError``: a message is not well-formed, not allowed (DOCTYPE, too big) or does not map onto
the contract; ``path`` names the element (``AktivitetRequest/Aktivitet/Godtgoerelse[2]/Periode``).
``ValidationError``: an object breaks the contract's facets; ``issues`` lists every problem.
``TransportError`` and its subclasses: the call did not produce a usable answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from .logsafe import mask


class KyError(Exception):
    """Base of every error raised by the generated SDK; its text never shows a CPR number."""

    def __str__(self) -> str:
        return mask(super().__str__())

    def __repr__(self) -> str:
        return mask(super().__repr__())


class XmlError(KyError):
    """XML that cannot be read or written; ``path`` is the element path ('' for the document)."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.message = mask(message)  # shown as often as str(): masked like it
        self.path = path


class MustUnderstandError(XmlError):
    """A SOAP header entry marked ``mustUnderstand="1"`` that the SDK does not understand
    (SOAP 1.1 §4.2.3); ``header`` is its Clark name. The message was not processed."""

    def __init__(self, header: str) -> None:
        super().__init__(f"header {header} must be understood and is not", "Envelope/Header")
        self.header = header


class ValidationError(KyError):
    """An object that breaks the contract; ``issues`` holds one entry per problem found."""

    def __init__(self, issues: Sequence[object], message: str | None = None) -> None:
        self.issues = list(issues)
        if message is None:
            shown = "; ".join(str(issue) for issue in self.issues[:5])
            more = f" (and {len(self.issues) - 5} more)" if len(self.issues) > 5 else ""
            message = f"{len(self.issues)} validation issue(s): {shown}{more}"
        super().__init__(message)


class TransportError(KyError):
    """The request could not be delivered or no usable answer came back; the cause is chained.

    ``retryable`` is true for connection failures (refused, reset, closed before an answer);
    sending the same bytes again is then safe, as KY recognises a repeated BeskedID.
    """

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


class HttpError(TransportError):
    """An HTTP answer that is not a SOAP response; ``excerpt`` is a masked start of the body."""

    def __init__(self, status: int, excerpt: str, message: str | None = None) -> None:
        super().__init__(message or f"HTTP {status}")
        self.status = status
        self.excerpt = excerpt


class SoapFault(KyError):
    """A SOAP 1.1 Fault: ``code`` (faultcode), ``string`` (faultstring), ``detail`` element."""

    def __init__(self, code: str, string: str, detail: etree._Element | None = None) -> None:
        super().__init__(f"{code}: {string}" if code else string)
        self.code = code
        self.string = string
        self.detail = detail


class ServiceplatformFault(SoapFault):
    """A Fault whose detail is Serviceplatformen's ServiceplatformFault; ``errors`` holds its
    (ErrorCode, ErrorText) pairs in document order."""

    def __init__(
        self,
        code: str,
        string: str,
        detail: etree._Element | None = None,
        errors: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(code, string, detail)
        self.errors = list(errors)
        if self.errors:
            listed = "; ".join(f"{c} {t}" for c, t in self.errors)
            self.args = (f"{self.args[0]} [{listed}]",)


class SecurityError(KyError):
    """A message-level security failure (the token model); ``what`` names the failed check, e.g.
    ``"signature"``, ``"Timestamp"``, ``"RelatesTo"``. Texts never carry key material."""

    def __init__(self, message: str, what: str = "") -> None:
        super().__init__(message)
        self.what = what


class TokenError(SecurityError):
    """The STS refused or gave no usable token, or a token is expired, for another audience, or
    not signed by the trusted STS."""


class SignatureError(SecurityError):
    """An XML signature is missing, malformed, does not verify, or does not cover what the
    security policy demands."""
