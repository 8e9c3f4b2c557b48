"""Handle each kind of failure: an invalid request, a rejected kvittering, a Serviceplatformen
fault and a transport error; retry with the same BeskedID."""

import socket
import uuid
from wsgiref.types import StartResponse, WSGIEnvironment

from mock import CONTEXT
from request import godtgoerelse_request

from ky_kontanthjaelp import MockServer, ServiceplatformFaultError, TransportError, ValidationError
from ky_kontanthjaelp.v2_8 import Client, KvitteringRejectedError, MockKY, raise_for_kvittering

DUPLICATE = "4977"  # KY's FejlKode: this BeskedID was received before

# What Serviceplatformen answers when it refuses a call (here: no service agreement).
FAULT = b"""<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
<soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Adgang naegtet</faultstring>
<detail><sp:ServiceplatformFault xmlns:sp="http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/">
<sp:ErrorList><sp:Error><sp:ErrorCode>1001</sp:ErrorCode><sp:ErrorText>Ingen aftale</sp:ErrorText>
</sp:Error></sp:ErrorList></sp:ServiceplatformFault></detail></soap:Fault></soap:Body></soap:Envelope>"""


def refusing(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
    """A stand-in for Serviceplatformen refusing every call."""
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("500 Internal Server Error", [("Content-Type", "text/xml")])
    return [FAULT]


def send(client: Client, besked_id: str) -> str:
    """Send once; what happened, in words."""
    request = godtgoerelse_request(besked_id)
    try:
        kvittering = raise_for_kvittering(client.godtgoerelse(request))
    except ValidationError as exc:  # raised before sending: fix the request
        return f"invalid, not sent: {exc.issues[0]}"
    except KvitteringRejectedError as exc:  # KY read the message and said no
        fejl = exc.kvittering.fejl_liste.fejl if exc.kvittering.fejl_liste else []
        codes = [f.fejl_kode for f in fejl]
        if DUPLICATE in codes:
            return "already received earlier: nothing to do"
        return f"rejected: {exc}"
    except ServiceplatformFaultError as exc:  # Serviceplatformen refused the call
        return f"fault: {exc.errors}"
    except TransportError as exc:  # no answer; safe to send the same BeskedID again
        return f"no answer (retry later: {exc.retryable})"
    return f"accepted: {kvittering.forretnings_validerings_kode.value}"


if __name__ == "__main__":
    mock = MockKY()
    with MockServer(mock) as server:
        with Client(server.url, invocation_context=CONTEXT, retries=2) as client:
            besked_id = str(uuid.uuid4())
            mock.fail_next(503)  # KY is busy once: the client re-sends the same bytes by itself
            print(send(client, besked_id))
            print(send(client, besked_id))  # your own retry, same BeskedID: KY knows it already
            print(send(client, "not a uuid"))  # the client validates before sending
    with MockServer(refusing) as server, Client(server.url, invocation_context=CONTEXT) as client:
        print(send(client, str(uuid.uuid4())))
    with socket.socket() as unused:  # a port nobody listens on
        unused.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{unused.getsockname()[1]}/"
    with Client(url, invocation_context=CONTEXT) as client:
        print(send(client, str(uuid.uuid4())))
