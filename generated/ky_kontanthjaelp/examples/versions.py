"""Two contract versions side by side: each is its own package; move a message across as XML."""

import uuid

from request import godtgoerelse_request

import ky_kontanthjaelp.v2_7 as old
import ky_kontanthjaelp.v2_8 as new
from ky_kontanthjaelp import VERSIONS
from ky_kontanthjaelp.v2_7.validate import validate as validate_old

if __name__ == "__main__":
    print("versions in this SDK:", ", ".join(VERSIONS))
    request = godtgoerelse_request(str(uuid.uuid4()))  # built with ky_kontanthjaelp.v2_8
    as_old = old.from_xml(new.to_xml(request), old.GodtgoerelseRequest)
    assert validate_old(as_old) == []
    assert new.from_xml(old.to_xml(as_old), new.GodtgoerelseRequest) == request
    print(f"the request reads the same in {old.CONTRACT_VERSION} and {new.CONTRACT_VERSION}")
