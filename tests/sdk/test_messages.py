"""Messages that finish their sentence (issue 15, item 6), and from_xml typed per root element
(item 3): what a vendor sees when a value is wrong."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from ky_kontanthjaelp import XmlError, v2_8

from generator.cli import main
from generator.samples import sample_operation

CPR = "1502871234"
SRC = Path(v2_8.__file__).parents[2]


def godtgoerelse(**changes: object) -> v2_8.GodtgoerelseRequest:
    request = sample_operation(v2_8, "Godtgoerelse")
    periode = dataclasses.replace(request.godtgoerelse.periode, **changes)
    return dataclasses.replace(
        request, godtgoerelse=dataclasses.replace(request.godtgoerelse, periode=periode)
    )


def test_a_wrong_typed_value_names_its_path_and_both_types() -> None:
    with pytest.raises(XmlError) as info:
        v2_8.to_xml(godtgoerelse(fra_dato="2024-03-01"))
    assert info.value.path == "GodtgoerelseRequest/Godtgoerelse/Periode/FraDato"
    assert "expected datetime.date, got str" in str(info.value)
    assert "isoformat" not in str(info.value)


def test_a_wrong_typed_cpr_is_named_and_masked() -> None:
    request = sample_operation(v2_8, "Godtgoerelse")
    faellesdel = dataclasses.replace(request.faellesdel, cpr_nummer=int(CPR))
    with pytest.raises(XmlError) as info:
        v2_8.to_string(dataclasses.replace(request, faellesdel=faellesdel))
    assert info.value.path == "GodtgoerelseRequest/Faellesdel/CPRnummer"
    assert "expected str, got int" in str(info.value)
    assert CPR not in str(info.value) + repr(info.value)


def test_validate_lists_every_allowed_enumeration_value(tmp_path: Path) -> None:
    sample = CliRunner().invoke(main, ["sample", "kontanthjaelp/2.8", "Sanktionsanmodning"])
    document = tmp_path / "sanktion.xml"
    document.write_bytes(sample.stdout_bytes.replace(b">AfslaaetHenvistArbejde<", b">Afslaaet<"))
    result = CliRunner().invoke(main, ["validate", "kontanthjaelp/2.8", str(document)])
    assert result.exit_code == 1
    assert len(v2_8.Haendelsestype) > 8  # more than a message used to show
    for member in v2_8.Haendelsestype:
        assert member.value in result.output, member
    assert "more)" not in result.output


def test_type_checkers_see_the_sdks_types(tmp_path: Path) -> None:
    """What ``from_xml`` returns, and ``for_environment``'s names (a typo is a type error)."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from ky_kontanthjaelp.v2_8 import AktivitetResponse, from_xml\n"
        "from ky_kontanthjaelp.v2_8.client import Client\n"
        "answer = from_xml(b'')\n"
        "reveal_type(answer)\n"
        "if isinstance(answer, AktivitetResponse):\n"
        "    print(answer.kvittering.besked_id)\n"
        "Client.for_environment('exttest', security=None)\n"
        "Client.for_environment('exttst', security=None)\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", f"--cache-dir={tmp_path}", str(probe)],
        env={**os.environ, "MYPYPATH": str(SRC)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    revealed = next(line for line in result.stdout.splitlines() if "Revealed type" in line)
    assert "AktivitetResponse" in revealed and "AktivitetRequest" in revealed, revealed
    assert "builtins.object" not in revealed
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, result.stdout
    assert "probe.py:8:" in errors[0] and "Literal['exttest', 'prod']" in errors[0], errors
