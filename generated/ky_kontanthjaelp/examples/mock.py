"""Send the request to a local mock of KY over HTTP and read KY's kvittering."""

import uuid

from request import godtgoerelse_request

from ky_kontanthjaelp import MockServer
from ky_kontanthjaelp.v2_8 import Client, MockKY, invocation_context, raise_for_kvittering

# From your service agreement at Serviceplatformen (any UUIDs do for the mock).
CONTEXT = invocation_context(
    service_agreement_uuid=str(uuid.uuid4()),
    user_system_uuid=str(uuid.uuid4()),
    user_uuid=str(uuid.uuid4()),
)

if __name__ == "__main__":
    with MockServer(MockKY()) as server:
        with Client(server.url, invocation_context=CONTEXT) as client:
            response = client.godtgoerelse(godtgoerelse_request(str(uuid.uuid4())))
    kvittering = raise_for_kvittering(response)  # KvitteringRejectedError when not accepted
    print(kvittering.besked_id, kvittering.forretnings_validerings_kode.value)
