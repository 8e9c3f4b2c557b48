"""The token model end to end over HTTPS on 127.0.0.1: the generated KY client asks the local
STS for a token, signs every call, the token-checking mock verifies it and signs its answer, the
client verifies that. Each negative case is rejected on the side that must reject it."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import importlib
import uuid
from collections.abc import Mapping
from types import ModuleType
from typing import Any

import pytest
from ky_kontanthjaelp._runtime import oioidws
from ky_kontanthjaelp._runtime.errors import SecurityError, SignatureError, SoapFault, TokenError
from ky_kontanthjaelp._runtime.sts import TokenCache
from ky_kontanthjaelp._runtime.token import StsApp, TokenGuard
from ky_kontanthjaelp._runtime.transport import HttpTransport, Reply
from lxml import etree
from token_support import Flow

from generator.emit.naming import snake
from generator.samples import sample_operation

VERSIONS = ("v2_7", "v2_8")


def sdk(version: str) -> tuple[ModuleType, ModuleType, ModuleType]:
    base = f"ky_kontanthjaelp.{version}"
    return tuple(importlib.import_module(base + m) for m in ("", ".client", ".mock"))  # type: ignore[return-value]


OPERATIONS = [(v, r.operation) for v in VERSIONS for r in sdk(v)[2].MockKY().routes]


def request(package: ModuleType, operation: str) -> Any:
    sample = sample_operation(package, operation)
    sample.invocation_context = None  # the token carries the authority, not an InvocationContext
    sample.faellesdel.besked_id = str(uuid.uuid4())  # KY refuses a repeated BeskedID
    return sample


class Service:
    """The token-checking mock of one version, served over HTTPS."""

    def __init__(self, flow: Flow, version: str = "v2_8", guard: TokenGuard | None = None) -> None:
        self.package, self.client, mock = sdk(version)
        self.mock = mock.MockKY()
        self.guard = guard or flow.guard(
            self.client.ENTITY_ID, signed_parts=self.client.SIGNED_PARTS
        )
        self.mock.security = self.guard
        self.url = flow.start(self.mock, flow.tls).url
        self.flow = flow

    def call(self, operation: str = "Aktivitet", **options: Any) -> Any:
        options.setdefault("security", self.flow.token())
        with self.client.Client(self.url, ca=self.flow.pki.ca, **options) as client:
            return getattr(client, snake(operation))(request(self.package, operation))


@pytest.mark.parametrize(("version", "operation"), OPERATIONS)
def test_every_operation_through_sts_token_and_signed_call(
    flow: Flow, version: str, operation: str
) -> None:
    service = Service(flow, version)
    response = service.call(operation)
    assert service.client.accepted(response), response
    received = service.mock.received[-1]
    assert received.status == 200 and received.operation == operation
    root = etree.fromstring(received.body)
    assert root.find(f".//{{{oioidws.SBF}}}Framework") is not None
    assert service.client.ENTITY_ID == "http://ky.serviceplatformen.dk/service/kontanthjaelp/2"
    assert service.client.SIGNED_PARTS == oioidws.SIGNED_PARTS
    assert flow.sts.issued == 1


class Tamper:
    """A transport between the signing and the network: ``change`` edits the signed bytes."""

    def __init__(self, flow: Flow, change: Any) -> None:
        self.inner = HttpTransport(ca=flow.pki.ca)
        self.change = change

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Reply:
        return self.inner.post(url, self.change(body), headers)

    def close(self) -> None:
        self.inner.close()


def _edit(tag: str, text: str) -> Any:
    def change(body: bytes) -> bytes:
        root = etree.fromstring(body)
        next(root.iter(tag)).text = text
        return etree.tostring(root)

    return change


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            _edit(
                "{http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/}BeskedID",
                "b5c0e6b4-0000-4000-8000-000000000000",
            ),
            "digest of Body",
        ),
        (_edit(f"{{{oioidws.WSA}}}To", "https://elsewhere.example/"), "digest of To"),
        (_edit(f"{{{oioidws.WSA}}}Action", "urn:other"), "digest of Action"),
    ],
)
def test_tampered_request_is_rejected_by_the_service(flow: Flow, change: Any, reason: str) -> None:
    service = Service(flow)
    with pytest.raises(SoapFault, match=reason):
        service.call(transport=Tamper(flow, change))
    assert service.mock.received[-1].status == 500


def test_replayed_message_id_is_rejected_by_the_service(flow: Flow) -> None:
    sent: list[bytes] = []

    def record(body: bytes) -> bytes:
        sent.append(body)
        return sent[0]  # every attempt re-sends the first signed request

    service = Service(flow)
    transport = Tamper(flow, record)
    service.call(transport=transport)
    with pytest.raises(SoapFault, match="replayed"):
        service.call(transport=Tamper(flow, lambda _body: sent[0]))


def test_wrong_audience_is_rejected_by_the_service(flow: Flow) -> None:
    service = Service(flow, guard=flow.guard("http://other.serviceplatformen.dk/service/x/1"))
    with pytest.raises(SoapFault, match="audience|not http://other"):
        service.call()


def test_expired_token_is_refused_by_the_client(flow: Flow) -> None:
    flow.sts.lifetime = dt.timedelta(hours=-1)  # issued already expired
    service = Service(flow)
    with pytest.raises(TokenError, match="expired") as caught:
        service.call()
    assert caught.value.what == "NotOnOrAfter"
    assert service.mock.received == []


def test_request_signed_by_another_key_is_refused(flow: Flow) -> None:
    pki = flow.pki
    service = Service(flow)
    token = flow.token()
    token.cert = (pki.system.cert_path, pki.stranger.key_path)
    with pytest.raises(TokenError, match="STS refused"):
        service.call(security=token)
    assert flow.sts.issued == 0 and service.mock.received == []


def test_response_with_a_bad_signature_is_rejected_by_the_client(flow: Flow) -> None:
    guard = flow.guard(sdk("v2_8")[1].ENTITY_ID, key=flow.pki.stranger.key)
    service = Service(flow, guard=guard)
    with pytest.raises(SignatureError, match="SignatureValue"):
        service.call()
    assert service.mock.received[-1].status == 200  # the service accepted; the client refused


class WrongRelatesTo(TokenGuard):
    def sign(self, envelope: bytes, checked: Any) -> bytes:
        other = oioidws.Checked(
            "urn:uuid:00000000-0000-4000-8000-000000000000", checked.action, checked.assertion
        )
        return super().sign(envelope, other)


def test_response_relating_to_another_message_is_rejected_by_the_client(flow: Flow) -> None:
    guard = flow.guard(sdk("v2_8")[1].ENTITY_ID, cls=WrongRelatesTo)
    with pytest.raises(SecurityError, match="RelatesTo") as caught:
        Service(flow, guard=guard).call()
    assert caught.value.what == "RelatesTo"


def test_concurrent_callers_fetch_one_token(flow: Flow) -> None:
    service = Service(flow)
    token = flow.token()
    with service.client.Client(service.url, ca=flow.pki.ca, security=token) as client:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(
                pool.map(
                    lambda _: client.aktivitet(request(service.package, "Aktivitet")), range(16)
                )
            )
    assert all(service.client.accepted(a) for a in answers)
    assert flow.sts.issued == 1 and token.cache.fetches == 1


def test_concurrent_tasks_fetch_one_token(flow: Flow) -> None:
    service = Service(flow)
    token = flow.token()

    async def calls() -> list[Any]:
        async with service.client.AsyncClient(
            service.url, ca=flow.pki.ca, security=token
        ) as client:
            return await asyncio.gather(
                *(client.aktivitet(request(service.package, "Aktivitet")) for _ in range(8))
            )

    answers = asyncio.run(calls())
    assert len(answers) == 8 and all(service.client.accepted(a) for a in answers)
    assert flow.sts.issued == 1


def test_token_is_refreshed_near_its_end(flow: Flow) -> None:
    now = [dt.datetime.now(dt.UTC)]
    cache = TokenCache(clock=lambda: now[0])
    service = Service(flow)
    token = flow.token(cache=cache, margin=900)
    service.call(security=token)
    now[0] += dt.timedelta(hours=7, minutes=44)  # 16 minutes left: still good
    service.call(security=token)
    assert flow.sts.issued == 1
    now[0] += dt.timedelta(minutes=2)  # 14 minutes left: inside the 15 minute margin
    service.call(security=token)
    assert flow.sts.issued == 2 and cache.fetches == 2


def test_sts_app_is_a_real_sts_for_errors(flow: Flow) -> None:
    reply = HttpTransport(ca=flow.pki.ca).post(
        flow.sts_url, b"<not-soap/>", {"Content-Type": "application/soap+xml"}
    )
    assert reply.status == 500 and b"Fault" in reply.body
    assert isinstance(flow.sts, StsApp)


def test_encrypted_assertion_is_decrypted_with_the_system_key(flow: Flow) -> None:
    flow.sts.encrypt = True
    service = Service(flow)
    assert service.client.accepted(service.call())
    assert service.mock.received[-1].status == 200
