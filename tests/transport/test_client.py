"""The generated clients against the generated mock, over mutual TLS on 127.0.0.1.

Every operation of both versions, sync and async; typed errors for every kind of bad answer;
retries that re-send the same bytes; the InvocationContext; logs free of CPR numbers.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import logging
import re
import ssl
import time
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import Any

import pytest
from ky_kontanthjaelp._runtime import logsafe, soap
from ky_kontanthjaelp._runtime.errors import (
    HttpError,
    KyError,
    ServiceplatformFaultError,
    TransportError,
    ValidationError,
    XmlError,
)
from ky_kontanthjaelp._runtime.mockserver import MockServer
from ky_kontanthjaelp._runtime.transport import Reply, Timeouts
from tls_servers import Pki

from generator.emit.naming import snake
from generator.samples import sample_operation
from generator.selftest import InProcess

VERSIONS = ["v2_7", "v2_8"]
FAST = Timeouts(connect=2.0, read=1.0)


@dataclasses.dataclass(frozen=True)
class Sdk:
    """One version package of the generated SDK."""

    package: ModuleType
    client: ModuleType
    mock: ModuleType
    models: ModuleType
    xml: ModuleType

    def operations(self) -> list[str]:
        return [route.operation for route in self.mock.MockKY().routes]

    def request(self, operation: str, **faellesdel: Any) -> Any:
        """A sample request without InvocationContext; ``faellesdel`` fields overridden."""
        request = sample_operation(self.package, operation)
        request.invocation_context = None
        for name, value in faellesdel.items():
            setattr(request.faellesdel, name, value)
        return request


def load(version: str) -> Sdk:
    package = f"ky_kontanthjaelp.{version}"
    names = ("", ".client", ".mock", ".models", ".xml")
    return Sdk(*(importlib.import_module(package + name) for name in names))


OPERATIONS = [(v, op) for v in VERSIONS for op in load(v).operations()]
CONTEXT_UUIDS = dict(
    service_agreement_uuid="11111111-1111-4111-8111-111111111111",
    user_system_uuid="22222222-2222-4222-8222-222222222222",
    user_uuid="33333333-3333-4333-8333-333333333333",
)


@pytest.fixture(params=VERSIONS)
def sdk(request: pytest.FixtureRequest) -> Sdk:
    return load(request.param)


@dataclasses.dataclass
class Running:
    sdk: Sdk
    mock: Any
    url: str
    pki: Pki

    def client(self, **options: Any) -> Any:
        options.setdefault(
            "invocation_context", self.sdk.client.invocation_context(**CONTEXT_UUIDS)
        )
        return self.sdk.client.Client(
            self.url, cert=self.pki.client.pair, ca=self.pki.ca, timeout=FAST, **options
        )

    def async_client(self, **options: Any) -> Any:
        options.setdefault(
            "invocation_context", self.sdk.client.invocation_context(**CONTEXT_UUIDS)
        )
        return self.sdk.client.AsyncClient(
            self.url, cert=self.pki.client.pair, ca=self.pki.ca, timeout=FAST, **options
        )


@pytest.fixture
def start(pki: Pki, server_tls: ssl.SSLContext) -> Iterator[Callable[..., Running]]:
    servers: list[MockServer] = []

    def run(sdk: Sdk, app: Any = None) -> Running:
        mock = sdk.mock.MockKY()
        servers.append(MockServer(app or mock, tls=server_tls).start())
        return Running(sdk, mock, servers[-1].url, pki)

    yield run
    for server in servers:
        server.stop()


def check_kvittering(sdk: Sdk, operation: str, request: Any, response: Any) -> None:
    assert type(response) is getattr(sdk.models, f"{operation}Response")
    assert sdk.client.accepted(response), response.kvittering
    assert response.kvittering.besked_id == request.faellesdel.besked_id
    assert sdk.client.raise_for_kvittering(response) is response.kvittering


@pytest.mark.parametrize(("version", "operation"), OPERATIONS)
def test_every_operation_sync(version: str, operation: str, start: Callable[..., Running]) -> None:
    sdk = load(version)
    running = start(sdk)
    request = sdk.request(operation)
    with running.client() as client:
        response = getattr(client, snake(operation))(request)
    check_kvittering(sdk, operation, request, response)
    (received,) = running.mock.received
    assert (received.operation, received.status) == (operation, 200)
    assert received.soap_action.endswith(f"/{operation}")


@pytest.mark.parametrize(("version", "operation"), OPERATIONS)
def test_every_operation_async(version: str, operation: str, start: Callable[..., Running]) -> None:
    sdk = load(version)
    running = start(sdk)
    request = sdk.request(operation)

    async def main() -> Any:
        async with running.async_client() as client:
            return await getattr(client, snake(operation))(request)

    check_kvittering(sdk, operation, request, asyncio.run(main()))
    assert [r.operation for r in running.mock.received] == [operation]


def test_client_context_is_filled_in_without_touching_the_request(
    sdk: Sdk, start: Callable[..., Running]
) -> None:
    running = start(sdk)
    request = sdk.request("Aktivitet")
    with running.client() as client:
        client.aktivitet(request)
    assert request.invocation_context is None
    received = running.mock.received[0].request.invocation_context
    assert received == sdk.client.invocation_context(**CONTEXT_UUIDS)
    assert received.service_uuid == sdk.client.SERVICE_UUID
    assert sdk.client.SERVICE_UUID.encode() in running.mock.received[0].body


def test_request_context_wins(sdk: Sdk, start: Callable[..., Running]) -> None:
    running = start(sdk)
    own = sdk.client.invocation_context(
        "44444444-4444-4444-8444-444444444444",
        "55555555-5555-4555-8555-555555555555",
        "66666666-6666-4666-8666-666666666666",
    )
    request = dataclasses.replace(sdk.request("Aktivitet"), invocation_context=own)
    with running.client() as client:
        client.aktivitet(request)
    assert running.mock.received[0].request.invocation_context == own


def test_without_any_context_none_is_sent(sdk: Sdk, start: Callable[..., Running]) -> None:
    running = start(sdk)
    with running.client(invocation_context=None) as client:
        client.aktivitet(sdk.request("Aktivitet"))
    assert running.mock.received[0].request.invocation_context is None


def test_rejected_kvittering_is_returned_not_raised(
    sdk: Sdk, start: Callable[..., Running]
) -> None:
    running = start(sdk)
    request = sdk.request("Aktivitet", cpr_nummer="3202901234")  # 32 February
    with running.client(validate=False) as client:
        response = client.aktivitet(request)
    kvittering = response.kvittering
    assert not sdk.client.accepted(response)
    assert kvittering.forretnings_validerings_kode.value == "AFVIST"
    codes = {fejl.fejl_kode for fejl in kvittering.fejl_liste.fejl}
    assert codes == {"1014"}
    assert any("CPRnummer" in fejl.fejl_tekst for fejl in kvittering.fejl_liste.fejl)
    with pytest.raises(sdk.client.KvitteringRejectedError) as info:
        sdk.client.raise_for_kvittering(response)
    assert info.value.kvittering is kvittering
    assert "3202901234" not in str(info.value)


def test_repeated_besked_id_is_rejected_like_ky(sdk: Sdk, start: Callable[..., Running]) -> None:
    running = start(sdk)
    request = sdk.request("Aktivitet")
    with running.client() as client:
        first, second = client.aktivitet(request), client.aktivitet(request)
    assert sdk.client.accepted(first) and not sdk.client.accepted(second)
    assert [f.fejl_kode for f in second.kvittering.fejl_liste.fejl] == ["4977"]


def test_invalid_request_is_not_sent(sdk: Sdk, start: Callable[..., Running]) -> None:
    running = start(sdk)
    request = sdk.request("Aktivitet", cpr_nummer="3202901234")
    with running.client() as client, pytest.raises(ValidationError) as info:
        client.aktivitet(request)
    assert running.mock.received == []
    assert "3202901234" not in str(info.value) + repr(info.value)


def test_mock_clock_is_injectable_and_deterministic(sdk: Sdk) -> None:
    request = sdk.request("Aktivitet")
    fixed = sdk.mock.MockKY().kvittering_for(request)
    assert fixed == sdk.mock.MockKY().kvittering_for(request)
    assert fixed.modtaget_tidspunkt == sdk.mock.MOCK_TIME
    moment = sdk.mock.MOCK_TIME.replace(year=2030)
    assert (
        sdk.mock.MockKY(clock=lambda: moment).kvittering_for(request).modtaget_tidspunkt == moment
    )


# -- bad answers -------------------------------------------------------------------------------


def answering(status: int, content_type: str, body: bytes) -> Callable[..., Iterable[bytes]]:
    """A WSGI app that reads the request and gives one fixed answer."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response(
            f"{status} X", [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        )
        return [body]

    return app


def other_operation_answer(sdk: Sdk) -> bytes:
    kvittering = sdk.mock.MockKY().kvittering_for(sdk.request("Aktivitet"))
    response = sdk.models.KontaktforloebResponse(kvittering=kvittering)
    return soap.envelope(sdk.xml.to_element(response))


BAD_ANSWERS: dict[str, tuple[Callable[[Sdk], tuple[int, str, bytes]], type[Exception], str]] = {
    "soap_fault": (
        lambda sdk: (
            500,
            "text/xml; charset=utf-8",
            soap.fault_envelope("soap:Server", "KY er nede", [("5001", "Prøv igen senere")]),
        ),
        ServiceplatformFaultError,
        "KY er nede",
    ),
    "html_500": (
        lambda sdk: (500, "text/html", b"<html><body><h1>Internal Server Error</h1></body></html>"),
        HttpError,
        "HTTP 500",
    ),
    "empty_body": (lambda sdk: (200, "text/xml", b""), HttpError, "empty body"),
    "truncated_xml": (
        lambda sdk: (200, "text/xml", other_operation_answer(sdk)[:150]),
        XmlError,
        "not well-formed",
    ),
    "wrong_content_type": (
        lambda sdk: (200, "text/html; charset=utf-8", other_operation_answer(sdk)),
        HttpError,
        "not text/xml",
    ),
    "other_operations_response": (
        lambda sdk: (200, "text/xml", other_operation_answer(sdk)),
        XmlError,
        "KontaktforloebResponse",
    ),
    "soap12_envelope": (
        lambda sdk: (
            200,
            "text/xml",
            b'<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body/></e:Envelope>',
        ),
        XmlError,
        "SOAP 1.2",
    ),
    "bad_gateway": (lambda sdk: (502, "text/plain", b"upstream down"), HttpError, "HTTP 502"),
}


@pytest.mark.parametrize("case", list(BAD_ANSWERS))
def test_bad_answers_raise_typed_errors(case: str, sdk: Sdk, start: Callable[..., Running]) -> None:
    make, error, message = BAD_ANSWERS[case]
    running = start(sdk, answering(*make(sdk)))
    with running.client() as client, pytest.raises(error, match=message) as info:
        client.aktivitet(sdk.request("Aktivitet"))
    if isinstance(info.value, ServiceplatformFaultError):
        assert info.value.errors == [("5001", "Prøv igen senere")]


def test_read_timeout_raises_transport_error(sdk: Sdk, start: Callable[..., Running]) -> None:
    def slow(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        time.sleep(1.5)
        return answering(200, "text/xml", b"")(environ, start_response)

    running = start(sdk, slow)
    with running.client(retries=3, backoff=0.001) as client:
        with pytest.raises(TransportError, match="no answer") as info:
            client.aktivitet(sdk.request("Aktivitet"))
    assert not isinstance(info.value, HttpError)


def test_mock_answers_malformed_requests_with_a_fault(
    sdk: Sdk, start: Callable[..., Running], pki: Pki
) -> None:
    import httpx

    running = start(sdk)
    envelope = soap.envelope(sdk.xml.to_element(sdk.request("Aktivitet")))
    action = next(f'"{r.soap_action}"' for r in running.mock.routes if r.operation == "Aktivitet")
    cases = {
        "garbage": (b"<not xml", action),
        "wrong_element_for_action": (
            envelope,
            action.replace("Aktivitet", "Fravaer"),
        ),
        "unknown_action": (envelope, '"urn:nothing"'),
        "schema_violation": (envelope.replace(b"Faellesdel", b"Faellesdelen"), action),
    }
    context = ssl.create_default_context(cafile=str(pki.ca))
    context.load_cert_chain(str(pki.client.cert), str(pki.client.key))
    with httpx.Client(verify=context) as http:
        for name, (body, soap_action) in cases.items():
            reply = http.post(
                running.url,
                content=body,
                headers={"Content-Type": soap.CONTENT_TYPE, "SOAPAction": soap_action},
            )
            assert reply.status_code == 500, name
            with pytest.raises(ServiceplatformFaultError) as info:
                soap.answer(reply.status_code, reply.headers["content-type"], reply.content)
            assert [code for code, _ in info.value.errors] == ["1014"], name
        routed = http.post(running.url, content=envelope, headers={"Content-Type": "text/xml"})
    assert routed.status_code == 200  # no SOAPAction: routed by the Body's element
    assert running.mock.received[-1].operation == "Aktivitet"


# -- retries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [502, 503, 504])
def test_retries_resend_identical_bytes_with_the_same_besked_id(
    status: int, sdk: Sdk, start: Callable[..., Running]
) -> None:
    running = start(sdk)
    running.mock.fail_next(status, times=2)
    request = sdk.request("Aktivitet")
    with running.client(retries=2, backoff=0.001) as client:
        response = client.aktivitet(request)
    assert sdk.client.accepted(response)
    received = running.mock.received
    assert [r.status for r in received] == [status, status, 200]
    assert received[0].body == received[1].body == received[2].body
    besked_ids = set(re.findall(rb"BeskedID>([^<]+)<", b"".join(r.body for r in received)))
    assert besked_ids == {request.faellesdel.besked_id.encode()}


def test_without_retries_a_503_is_raised(sdk: Sdk, start: Callable[..., Running]) -> None:
    running = start(sdk)
    running.mock.fail_next(503)
    with running.client() as client, pytest.raises(HttpError) as info:
        client.aktivitet(sdk.request("Aktivitet"))
    assert info.value.status == 503 and len(running.mock.received) == 1


# -- configuration -----------------------------------------------------------------------------


def test_for_environment_uses_the_manifest(sdk: Sdk, pki: Pki) -> None:
    client = sdk.client.Client.for_environment("exttest", cert=pki.client.pair, **CONTEXT_UUIDS)
    with client:
        assert client.endpoint == sdk.client.ENDPOINTS["exttest"]
        assert client.endpoint.startswith("https://exttest.serviceplatformen.dk/")
        assert client.invocation_context.service_uuid == sdk.client.SERVICE_UUID


def test_for_environment_names_the_environments_it_knows(sdk: Sdk) -> None:
    with pytest.raises(ValueError, match="'nowhere'.*exttest, prod"):
        sdk.client.Client.for_environment("nowhere", **CONTEXT_UUIDS)
    with pytest.raises(ValueError, match="three UUIDs"):
        sdk.client.Client.for_environment("exttest", user_uuid=CONTEXT_UUIDS["user_uuid"])


def test_a_request_without_its_faellesdel_is_refused_by_the_validator(sdk: Sdk) -> None:
    # the call log reads the BeskedID from the Faellesdel; its absence is the validator's to
    # report, not an AttributeError from the log
    mock = sdk.mock.MockKY()
    request = dataclasses.replace(sdk.request("Aktivitet"), faellesdel=None)
    client = sdk.client.Client("https://ky.example/", transport=InProcess(mock, Reply))
    with pytest.raises(ValidationError, match="Faellesdel"):
        client.aktivitet(request)
    assert mock.received == []


def test_one_kvittering_error_class_for_every_version(sdk: Sdk) -> None:
    # the error is the runtime's, as the SDK's other errors: one except clause for 2.7 and 2.8
    assert sdk.client.KvitteringRejectedError is load("v2_7").client.KvitteringRejectedError
    assert issubclass(sdk.client.KvitteringRejectedError, KyError)
    # made by hand, as before the class moved into the runtime: the message names the codes
    kvittering = sdk.mock.MockKY().kvittering_for(sdk.request("Aktivitet", cpr_nummer="1"))
    error = sdk.client.KvitteringRejectedError(kvittering)
    assert error.kvittering is kvittering
    assert str(error).startswith(
        f"BeskedID {kvittering.besked_id} AFVIST: 1 fejl i beskeden [1014 "
    )


def test_plain_http_to_a_remote_host_is_refused(sdk: Sdk) -> None:
    # A WSDL's placeholder address must not stop a client from being built (issue 13): the
    # refusal comes when a call is made, before anything is sent, unless the caller opts in.
    mock = sdk.mock.MockKY()
    client = sdk.client.Client("http://ky.example/service", transport=InProcess(mock, Reply))
    with pytest.raises(ValueError, match="allow_insecure_http=True"):
        client.aktivitet(sdk.request("Aktivitet"))
    assert mock.received == []
    allowed = sdk.client.Client(
        "http://ky.example/service", transport=InProcess(mock, Reply), allow_insecure_http=True
    )
    assert sdk.client.accepted(allowed.aktivitet(sdk.request("Aktivitet")))


def test_a_custom_transport_plugs_in(sdk: Sdk) -> None:
    mock = sdk.mock.MockKY()
    # selftest's in-process transport is exactly a user's own: it implements the protocol only
    client = sdk.client.Client("https://ky.example/", transport=InProcess(mock, Reply))
    assert sdk.client.accepted(client.aktivitet(sdk.request("Aktivitet")))
    assert mock.received[0].operation == "Aktivitet"


# -- logging -----------------------------------------------------------------------------------


def test_logs_of_a_full_run_hold_no_cpr(
    sdk: Sdk, start: Callable[..., Running], caplog: pytest.LogCaptureFixture
) -> None:
    running = start(sdk)
    cprs = set()
    with caplog.at_level(logging.DEBUG):
        with running.client(retries=1, backoff=0.001) as client:
            running.mock.fail_next(503)
            for operation in sdk.operations():
                request = sdk.request(operation)
                cprs.add(request.faellesdel.cpr_nummer)
                getattr(client, snake(operation))(request)
            with pytest.raises(ValidationError):
                client.aktivitet(sdk.request("Aktivitet", cpr_nummer="3202901234"))
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "CPRnummer>" in text  # the DEBUG bodies are there, masked
    for cpr in cprs | {"3202901234"}:
        assert cpr not in text
    assert logsafe.mask(text) == text
    calls = [r for r in caplog.records if hasattr(r, "ky_operation")]
    assert [r.ky_operation for r in calls] == sdk.operations() + ["Aktivitet"]
    assert calls[0].getMessage().endswith("after 2 attempts")
    assert calls[-1].ky_result == "ValidationError"
