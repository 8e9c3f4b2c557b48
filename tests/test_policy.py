"""The security model read from a binding's WS-Policy (generator/policy.py), on the KY contracts
(context and token variants) and on broken policy references."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import contracts, reader
from generator.errors import ContractError

ROOT = Path(__file__).resolve().parents[1]
KY = ROOT / "contracts" / "kontanthjaelp"
WSA = "http://www.w3.org/2005/08/addressing"
TOKEN_PARTS = (
    "Body",
    *(f"{{{WSA}}}{h}" for h in ("MessageID", "RelatesTo", "Action", "To", "From", "ReplyTo")),
    "{urn:liberty:sb:2006-08}Framework",
)


@pytest.mark.parametrize("version", ["2.7", "2.8"])
def test_ky_context_and_token_models(version: str) -> None:
    source = contracts.from_folder(KY / version)
    context = reader.read(source).bindings[0].security
    assert context is not None and context.model == "context"
    assert context.policy == "ClientContextTransportBindingPolicy"
    assert context.signed_parts == () and not context.include_timestamp
    assert source.manifest is not None and source.manifest.token_entry_wsdl
    token_source = contracts.from_wsdl(source.folder / source.manifest.token_entry_wsdl)
    token = reader.read(token_source).bindings[0].security
    assert token is not None and token.model == "token"
    assert token.policy == "TokenAsymmetricBindingPolicy"
    assert token.signed_parts == TOKEN_PARTS
    assert token.include_timestamp and token.algorithm_suite == "Basic256Sha256"
    assert token.location is not None and token.location.file == "wsdl/token/policies.wsdl"


@pytest.mark.parametrize("version", ["2.7", "2.8"])
def test_token_variant_is_the_context_wsdl_but_for_its_documentation(version: str) -> None:
    folder = KY / version / "wsdl"
    context = (folder / "context" / "KontanthjaelpService.wsdl").read_text(encoding="utf-8")
    token = (folder / "token" / "KontanthjaelpService.wsdl").read_text(encoding="utf-8")

    def strip(text: str) -> str:
        return re.sub(r"<documentation>.*?</documentation>", "", text, flags=re.S)

    assert strip(context) == strip(token) and context != token


def _broken(tmp_path: Path, reference: str, policies: str) -> Path:
    wsdl = (KY / "2.8" / "wsdl" / "token" / "KontanthjaelpService.wsdl").read_text("utf-8")
    folder = tmp_path / "wsdl" / "token"
    folder.mkdir(parents=True)
    for name in ("KontanthjaelpServiceMsg.xsd",):
        (tmp_path / name).write_bytes((KY / "2.8" / name).read_bytes())
    for sub in ("xsd", "sp"):
        (tmp_path / sub).mkdir()
        for f in (KY / "2.8" / sub).iterdir():
            (tmp_path / sub / f.name).write_bytes(f.read_bytes())
    wsdl = wsdl.replace("policies.wsdl#ServiceplatformBindingPolicy", reference)
    (folder / "KontanthjaelpService.wsdl").write_text(wsdl, "utf-8")
    (folder / "policies.wsdl").write_text(policies, "utf-8")
    return folder / "KontanthjaelpService.wsdl"


POLICIES = (KY / "2.8" / "wsdl" / "token" / "policies.wsdl").read_text("utf-8")


@pytest.mark.parametrize(
    ("reference", "policies", "message"),
    [
        ("policies.wsdl#Nowhere", POLICIES, "policy reference 'policies.wsdl#Nowhere' names no"),
        ("other.wsdl#X", POLICIES, "'other.wsdl' is not imported"),
        (
            "policies.wsdl#ServiceplatformBindingPolicy",
            POLICIES.replace("#TokenAsymmetricBindingPolicy", "#ServiceplatformBindingPolicy"),
            "is circular",
        ),
        (
            "policies.wsdl#ServiceplatformBindingPolicy",
            re.sub(r"<sp:AsymmetricBinding>.*</sp:AsymmetricBinding>", "", POLICIES, flags=re.S),
            "policy states no TransportBinding or AsymmetricBinding",
        ),
    ],
)
def test_broken_policy_names_file_and_line(
    tmp_path: Path, reference: str, policies: str, message: str
) -> None:
    entry = _broken(tmp_path, reference, policies)
    with pytest.raises(ContractError) as caught:
        reader.read(contracts.from_wsdl(entry, folder=tmp_path))
    text = str(caught.value)
    assert message in text
    assert re.search(r"(KontanthjaelpService|policies)\.wsdl:\d+", text), text


def test_a_same_document_reference_finds_the_policy_in_an_imported_wsdl(tmp_path: Path) -> None:
    """SF1500 v6 binds ``#ServiceplatformBindingPolicy`` while the policy lives in the WSDL it
    imports (policies/OIOIDWS.wsdl); a fragment found nowhere stays an error."""
    entry = _broken(tmp_path, "#ServiceplatformBindingPolicy", POLICIES)
    security = reader.read(contracts.from_wsdl(entry, folder=tmp_path)).bindings[0].security
    assert security is not None and security.model == "token"
    assert security.signed_parts == TOKEN_PARTS
    entry = _broken(tmp_path / "nowhere", "#Nowhere", POLICIES)
    with pytest.raises(ContractError, match="policy reference '#Nowhere' names no policy"):
        reader.read(contracts.from_wsdl(entry, folder=tmp_path / "nowhere"))
