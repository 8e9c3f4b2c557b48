"""Build a complete Godtgoerelse request from the dataclasses, validate it, write and read its XML."""

import datetime
import uuid
from decimal import Decimal

from ky_kontanthjaelp.v2_8 import (
    Faellesdel,
    Godtgoerelse,
    GodtgoerelseAntalKilometer,
    GodtgoerelseRequest,
    Handling,
    Hjemmel,
    Periode,
    from_xml,
    to_xml,
)
from ky_kontanthjaelp.v2_8.validate import validate


def godtgoerelse_request(besked_id: str) -> GodtgoerelseRequest:
    """A request to create a transport allowance; ``besked_id`` is new for every message."""
    return GodtgoerelseRequest(
        faellesdel=Faellesdel(
            besked_id=besked_id,
            afsendt_tidspunkt=datetime.datetime.now(datetime.UTC),
            afsendende_system="Momentum",
            kommunekode="101",
            cpr_nummer="1502871234",
            handling=Handling.OPRET,
        ),
        godtgoerelse=Godtgoerelse(
            godtgoerelse_id=str(uuid.uuid4()),
            aktivitet_id=str(uuid.uuid4()),
            hjemmel=Hjemmel.LAB82,
            periode=Periode(
                fra_dato=datetime.date(2024, 3, 1), til_dato=datetime.date(2024, 8, 31)
            ),
            # An xs:choice is one field named `choice`: give it the class of the branch.
            choice=GodtgoerelseAntalKilometer(antal_kilometer=Decimal("32.5")),
        ),
    )


if __name__ == "__main__":
    request = godtgoerelse_request(str(uuid.uuid4()))
    issues = validate(request)  # every XSD violation, each with its element path
    assert not issues, issues
    data = to_xml(request)  # UTF-8 bytes with an XML declaration
    assert from_xml(data, GodtgoerelseRequest) == request
    print(data.decode())
