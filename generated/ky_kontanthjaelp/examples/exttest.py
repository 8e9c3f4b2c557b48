"""Send the request to KY's test environment (exttest) with your system certificate.

Set KY_CERT and KY_KEY (PEM files of the certificate your service agreement names) and
KY_SERVICE_AGREEMENT_UUID, KY_USER_SYSTEM_UUID, KY_USER_UUID; without them this only says so.
"""

import os
import sys
import uuid

from request import godtgoerelse_request

from ky_kontanthjaelp.v2_8 import Client, accepted

NEEDED = ("KY_CERT", "KY_KEY", "KY_SERVICE_AGREEMENT_UUID", "KY_USER_SYSTEM_UUID", "KY_USER_UUID")

if __name__ == "__main__":
    missing = [name for name in NEEDED if not os.environ.get(name)]
    if missing:
        print(f"set {', '.join(missing)} to call exttest")
        sys.exit(0)
    with Client.for_environment(
        "exttest",
        service_agreement_uuid=os.environ["KY_SERVICE_AGREEMENT_UUID"],
        user_system_uuid=os.environ["KY_USER_SYSTEM_UUID"],
        user_uuid=os.environ["KY_USER_UUID"],
        cert=(os.environ["KY_CERT"], os.environ["KY_KEY"]),
        retries=2,
    ) as client:
        response = client.godtgoerelse(godtgoerelse_request(str(uuid.uuid4())))
    print("accepted" if accepted(response) else response.kvittering)
