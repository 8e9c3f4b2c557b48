"""Checks of the hand-written KY Kontanthjælp contracts (WSDL 1.1 + XSD 1.0).

The contracts live in ``contracts/kontanthjaelp/<version>/``; these tests read only that
folder. They prove that the schemas compile with lxml, that the WSDL has the agreed shape, that
the manifest is complete, and that 2.8 differs from 2.7 only by the new tilbudstype.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from lxml import etree

CONTRACTS = Path(__file__).resolve().parents[1] / "contracts" / "kontanthjaelp"
VERSIONS = ("2.7", "2.8")

TNS = "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/"
INVCTX = "http://serviceplatformen.dk/xml/schemas/InvocationContext/1/"
SPF = "http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/"
XSD = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"
WSP = "http://www.w3.org/ns/ws-policy"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
NS = {"xsd": XSD, "wsdl": WSDL, "soap": SOAP, "wsp": WSP, "wsu": WSU}

OPERATIONS = (
    "Kontaktforloeb",
    "Visitationsgruppe",
    "Tilkendegivelse",
    "Aktivitet",
    "Godtgoerelse",
    "Fravaer",
    "Sanktionsanmodning",
    "Maalgruppeskift",
)
NEW_TILBUDSTYPE = "OpkvalificeringVedAnsaettelse"
NEW_TILBUDSTYPE_DOC = (
    "Opkvalificering ved ansættelse uden løntilskud (tidligere LAB § 99). Ny i 2.8."
)
EXTTEST = "https://exttest.serviceplatformen.dk/service/KY/Kontanthjaelp/2"
PROD = "https://prod.serviceplatformen.dk/service/KY/Kontanthjaelp/2"

EXPECTED_MANIFEST = {
    "service": "kontanthjaelp",
    "title": "SF1690 Jobcenter – Kontanthjælp Modtag jobcentersag",
    "service_version": "2.0",
    "web_service": "KontanthjaelpServiceKY",
    "entry_wsdl": "wsdl/context/KontanthjaelpService.wsdl",
    "message_xsd": "KontanthjaelpServiceMsg.xsd",
    "service_uuid": "2b4702a3-2cb9-49ce-b367-807fbbfbe35b",
    "entity_id": "http://ky.serviceplatformen.dk/service/kontanthjaelp/2",
    "endpoints": {"exttest": EXTTEST, "prod": PROD},
    "token_entry_wsdl": "wsdl/token/KontanthjaelpService.wsdl",
    "token_endpoints": {"exttest": EXTTEST, "prod": PROD},
}


# --------------------------------------------------------------------------- helpers


def version_dir(version: str) -> Path:
    return CONTRACTS / version


def manifest(version: str) -> dict:
    with (version_dir(version) / "contract.toml").open("rb") as fh:
        return tomllib.load(fh)


def parse(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    return etree.parse(str(path), parser)


_SCHEMAS: dict[str, etree.XMLSchema] = {}


def msg_schema(version: str) -> etree.XMLSchema:
    if version not in _SCHEMAS:
        path = version_dir(version) / manifest(version)["message_xsd"]
        _SCHEMAS[version] = etree.XMLSchema(parse(path))
    return _SCHEMAS[version]


def wsdl_doc(version: str) -> etree._ElementTree:
    return parse(version_dir(version) / manifest(version)["entry_wsdl"])


def resolve_qname(element: etree._Element, value: str) -> tuple[str | None, str]:
    prefix, _, local = value.rpartition(":")
    return element.nsmap.get(prefix or None), local


def msg_doc(version: str) -> etree._ElementTree:
    return parse(version_dir(version) / "KontanthjaelpServiceMsg.xsd")


def types_doc(version: str) -> etree._ElementTree:
    return parse(version_dir(version) / "xsd" / "KontanthjaelpServiceTypes.xsd")


def enumeration_values(version: str, type_name: str) -> list[str]:
    simple = types_doc(version).find(f"xsd:simpleType[@name='{type_name}']", NS)
    assert simple is not None, f"{type_name} missing in {version}"
    return [e.get("value") for e in simple.iterfind("xsd:restriction/xsd:enumeration", NS)]


def aktivitet_request(tilbudstype: str = "Virksomhedspraktik", *, godtgoerelse: str = "") -> bytes:
    """A small hand-written AktivitetRequest instance document."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ky:AktivitetRequest xmlns:ky="{TNS}" xmlns:invctx="{INVCTX}">
    <invctx:InvocationContext>
        <invctx:ServiceUUID>2b4702a3-2cb9-49ce-b367-807fbbfbe35b</invctx:ServiceUUID>
        <invctx:ServiceAgreementUUID>0d3f1c2e-6a5b-4c7d-8e9f-0a1b2c3d4e5f</invctx:ServiceAgreementUUID>
        <invctx:UserSystemUUID>1e4a2b3c-7d6e-4f80-9a1b-2c3d4e5f6a7b</invctx:UserSystemUUID>
        <invctx:UserUUID>2f5b3c4d-8e7f-4091-ab2c-3d4e5f6a7b8c</invctx:UserUUID>
    </invctx:InvocationContext>
    <ky:Faellesdel>
        <ky:BeskedID>9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d</ky:BeskedID>
        <ky:AfsendtTidspunkt>2020-12-03T10:15:00+01:00</ky:AfsendtTidspunkt>
        <ky:AfsendendeSystem>Momentum</ky:AfsendendeSystem>
        <ky:Kommunekode>101</ky:Kommunekode>
        <ky:CPRnummer>0101901234</ky:CPRnummer>
        <ky:Handling>Opret</ky:Handling>
    </ky:Faellesdel>
    <ky:Aktivitet>
        <ky:AktivitetID>3c6d4e5f-9a8b-41c2-bd3e-4f5a6b7c8d9e</ky:AktivitetID>
        <ky:Tilbudstype>{tilbudstype}</ky:Tilbudstype>
        <ky:Startdato>2021-01-04</ky:Startdato>
        <ky:AnsvarligMyndighed>
            <ky:Myndighedskode>101</ky:Myndighedskode>
        </ky:AnsvarligMyndighed>{godtgoerelse}
    </ky:Aktivitet>
</ky:AktivitetRequest>
""".encode()


def godtgoerelse(branch: str) -> str:
    return f"""
        <ky:Godtgoerelse>
            <ky:GodtgoerelseID>4d7e5f6a-ab9c-42d3-8e4f-5a6b7c8d9eaf</ky:GodtgoerelseID>
            <ky:AktivitetID>3c6d4e5f-9a8b-41c2-bd3e-4f5a6b7c8d9e</ky:AktivitetID>
            <ky:Hjemmel>LAB82</ky:Hjemmel>
            <ky:Periode>
                <ky:FraDato>2021-01-04</ky:FraDato>
                <ky:TilDato>2021-03-31</ky:TilDato>
            </ky:Periode>{branch}
        </ky:Godtgoerelse>"""


def is_valid(version: str, document: bytes) -> bool:
    return msg_schema(version).validate(etree.fromstring(document))


# --------------------------------------------------------------------------- schemas


@pytest.mark.parametrize("version", VERSIONS)
def test_message_xsd_compiles(version: str) -> None:
    msg_schema(version)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", ["InvocationContext_1.xsd", "ServiceplatformFault_1.xsd"])
def test_sp_schemas_compile(version: str, name: str) -> None:
    etree.XMLSchema(parse(version_dir(version) / "sp" / name))


@pytest.mark.parametrize("version", VERSIONS)
def test_schema_version_attributes(version: str) -> None:
    assert msg_doc(version).getroot().get("version") == version
    assert types_doc(version).getroot().get("version") == version
    for doc in (msg_doc(version), types_doc(version)):
        root = doc.getroot()
        assert root.get("targetNamespace") == TNS
        assert root.get("elementFormDefault") == "qualified"


@pytest.mark.parametrize("version", VERSIONS)
def test_message_xsd_imports_and_includes(version: str) -> None:
    root = msg_doc(version).getroot()
    imports = {
        (i.get("namespace"), i.get("schemaLocation")) for i in root.iterfind("xsd:import", NS)
    }
    assert (INVCTX, "sp/InvocationContext_1.xsd") in imports
    includes = [i.get("schemaLocation") for i in root.iterfind("xsd:include", NS)]
    assert includes == ["xsd/KontanthjaelpServiceTypes.xsd"]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_request_shape(version: str, operation: str) -> None:
    root = msg_doc(version).getroot()
    element = root.find(f"xsd:element[@name='{operation}Request']", NS)
    assert element is not None
    assert resolve_qname(element, element.get("type")) == (TNS, f"{operation}RequestType")

    ctype = root.find(f"xsd:complexType[@name='{operation}RequestType']", NS)
    assert ctype is not None
    particles = ctype.findall("xsd:sequence/xsd:element", NS)
    assert len(particles) == 3

    invctx, faellesdel, body = particles
    assert resolve_qname(invctx, invctx.get("ref")) == (INVCTX, "InvocationContext")
    assert invctx.get("minOccurs") == "0"
    assert invctx.get("maxOccurs", "1") == "1"

    assert faellesdel.get("name") == "Faellesdel"
    assert resolve_qname(faellesdel, faellesdel.get("type")) == (TNS, "FaellesdelType")
    assert faellesdel.get("minOccurs", "1") == "1"

    assert body.get("name") == operation
    assert resolve_qname(body, body.get("type")) == (TNS, f"{operation}Type")
    assert body.get("minOccurs", "1") == "1"


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("operation", OPERATIONS)
def test_response_shape(version: str, operation: str) -> None:
    root = msg_doc(version).getroot()
    element = root.find(f"xsd:element[@name='{operation}Response']", NS)
    assert element is not None
    assert resolve_qname(element, element.get("type")) == (TNS, f"{operation}ResponseType")

    ctype = root.find(f"xsd:complexType[@name='{operation}ResponseType']", NS)
    assert ctype is not None
    particles = ctype.findall("xsd:sequence/xsd:element", NS)
    assert [p.get("name") for p in particles] == ["Kvittering"]
    assert resolve_qname(particles[0], particles[0].get("type")) == (TNS, "KvitteringType")


@pytest.mark.parametrize("version", VERSIONS)
def test_every_declaration_is_documented_and_named(version: str) -> None:
    """Danish documentation on every type, element and enumeration; no anonymous types."""
    undocumented = []
    for path in sorted(version_dir(version).rglob("*.xsd")):
        for node in parse(path).iter(f"{{{XSD}}}*"):
            local = etree.QName(node).localname
            if local in ("simpleType", "complexType"):
                assert node.get("name"), f"anonymous {local} in {path.name}, line {node.sourceline}"
            if local in ("simpleType", "complexType", "enumeration") or (
                local == "element" and node.get("name")
            ):
                text = node.findtext("xsd:annotation/xsd:documentation", namespaces=NS)
                if not (text and text.strip()):
                    label = node.get("name") or node.get("value")
                    undocumented.append(f"{path.name}:{node.sourceline} {local} {label}")
    assert undocumented == []


# --------------------------------------------------------------------------- WSDL


@pytest.mark.parametrize("version", VERSIONS)
def test_wsdl_operations_and_binding(version: str) -> None:
    root = wsdl_doc(version).getroot()
    assert root.get("targetNamespace") == TNS

    port_types = root.findall("wsdl:portType", NS)
    assert [p.get("name") for p in port_types] == ["KontanthjaelpPortType"]
    operations = port_types[0].findall("wsdl:operation", NS)
    assert sorted(o.get("name") for o in operations) == sorted(OPERATIONS)
    assert len(operations) == len(OPERATIONS)

    messages = {m.get("name"): m for m in root.iterfind("wsdl:message", NS)}
    fault_parts = messages["ServiceplatformFault"].findall("wsdl:part", NS)
    assert [p.get("name") for p in fault_parts] == ["spfault"]
    assert resolve_qname(fault_parts[0], fault_parts[0].get("element")) == (
        SPF,
        "ServiceplatformFault",
    )

    for op in operations:
        name = op.get("name")
        for tag, suffix, part_name in (
            ("input", "Request", "request"),
            ("output", "Response", "response"),
        ):
            io = op.find(f"wsdl:{tag}", NS)
            assert resolve_qname(io, io.get("message")) == (TNS, f"{name}{suffix}")
            parts = messages[f"{name}{suffix}"].findall("wsdl:part", NS)
            assert [p.get("name") for p in parts] == [part_name]
            assert resolve_qname(parts[0], parts[0].get("element")) == (TNS, f"{name}{suffix}")
        faults = op.findall("wsdl:fault", NS)
        assert [f.get("name") for f in faults] == ["ServiceplatformFault"]
        assert resolve_qname(faults[0], faults[0].get("message")) == (TNS, "ServiceplatformFault")

    bindings = root.findall("wsdl:binding", NS)
    assert [b.get("name") for b in bindings] == ["KontanthjaelpBinding"]
    binding = bindings[0]
    assert resolve_qname(binding, binding.get("type")) == (TNS, "KontanthjaelpPortType")
    assert (
        binding.find("wsp:PolicyReference", NS).get("URI")
        == "policies.wsdl#ServiceplatformBindingPolicy"
    )
    soap_binding = binding.find("soap:binding", NS)  # the SOAP 1.1 binding namespace
    assert soap_binding.get("style") == "document"
    assert soap_binding.get("transport") == "http://schemas.xmlsoap.org/soap/http"

    bound = binding.findall("wsdl:operation", NS)
    assert sorted(o.get("name") for o in bound) == sorted(OPERATIONS)
    for op in bound:
        name = op.get("name")
        assert op.find("soap:operation", NS).get("soapAction") == TNS + name
        assert op.find("soap:operation", NS).get("style", "document") == "document"
        for tag in ("input", "output"):
            body = op.find(f"wsdl:{tag}/soap:body", NS)
            assert body.get("use") == "literal"
        faults = op.findall("wsdl:fault", NS)
        assert [f.get("name") for f in faults] == ["ServiceplatformFault"]
        soap_fault = faults[0].find("soap:fault", NS)
        assert soap_fault.get("name") == "ServiceplatformFault"
        assert soap_fault.get("use") == "literal"


@pytest.mark.parametrize("version", VERSIONS)
def test_wsdl_service_imports_and_types(version: str) -> None:
    wsdl_path = version_dir(version) / manifest(version)["entry_wsdl"]
    root = wsdl_doc(version).getroot()

    (service,) = root.findall("wsdl:service", NS)
    assert service.get("name") == "KontanthjaelpService"
    (port,) = service.findall("wsdl:port", NS)
    assert port.get("name") == "KontanthjaelpPort"
    assert resolve_qname(port, port.get("binding")) == (TNS, "KontanthjaelpBinding")
    assert (
        port.find("soap:address", NS).get("location") == manifest(version)["endpoints"]["exttest"]
    )

    (policy_import,) = root.findall("wsdl:import", NS)
    assert (
        policy_import.get("namespace")
        == "http://serviceplatformen.dk/xml/wsdl/soap11/Security/Policy"
    )
    policies = parse(wsdl_path.parent / policy_import.get("location")).getroot()
    ids = {p.get(f"{{{WSU}}}Id") for p in policies.iterfind("wsp:Policy", NS)}
    assert "ServiceplatformBindingPolicy" in ids

    included = {}
    for schema in root.iterfind("wsdl:types/xsd:schema", NS):
        for include in schema.iterfind("xsd:include", NS):
            target = (wsdl_path.parent / include.get("schemaLocation")).resolve()
            assert target.is_file(), target
            included[target.name] = schema.get("targetNamespace")
    assert included == {"KontanthjaelpServiceMsg.xsd": TNS, "ServiceplatformFault_1.xsd": SPF}


# --------------------------------------------------------------------------- manifest


@pytest.mark.parametrize("version", VERSIONS)
def test_manifest(version: str) -> None:
    data = manifest(version)
    expected = dict(EXPECTED_MANIFEST, integration_version=version)
    if version == "2.8":
        expected["valid_from"] = "2020-12-02"
    assert data == expected
    vdir = version_dir(version)
    assert (vdir / data["entry_wsdl"]).is_file()
    assert (vdir / data["message_xsd"]).is_file()


@pytest.mark.parametrize("version", VERSIONS)
def test_service_properties_match_manifest(version: str) -> None:
    text = (version_dir(version) / "sp" / "service.properties").read_text(encoding="utf-8")
    props = dict(line.split("=", 1) for line in text.splitlines() if line.strip())
    assert props == {
        "service.uuid": manifest(version)["service_uuid"],
        "service.entityID": manifest(version)["entity_id"],
    }


# --------------------------------------------------------------------------- instances


@pytest.mark.parametrize("version", VERSIONS)
def test_minimal_aktivitet_request_is_valid(version: str) -> None:
    schema = msg_schema(version)
    doc = etree.fromstring(aktivitet_request())
    assert schema.validate(doc), schema.error_log


def test_new_tilbudstype_only_valid_in_2_8() -> None:
    document = aktivitet_request(NEW_TILBUDSTYPE)
    assert is_valid("2.8", document), msg_schema("2.8").error_log
    assert not is_valid("2.7", document)
    assert any("Tilbudstype" in e.message for e in msg_schema("2.7").error_log)


@pytest.mark.parametrize("version", VERSIONS)
def test_godtgoerelse_choice(version: str) -> None:
    km = "\n            <ky:AntalKilometer>12.5</ky:AntalKilometer>"
    sats = "\n            <ky:Kilometersats>0.99</ky:Kilometersats>"
    beloeb = "\n            <ky:MaanedligtBeloeb>{}</ky:MaanedligtBeloeb>"
    assert is_valid(version, aktivitet_request(godtgoerelse=godtgoerelse(km)))
    assert is_valid(version, aktivitet_request(godtgoerelse=godtgoerelse(km + sats)))
    assert is_valid(version, aktivitet_request(godtgoerelse=godtgoerelse(beloeb.format("1000.00"))))
    # neither branch, both branches, § 82 without kilometres, over the § 83 maximum
    assert not is_valid(version, aktivitet_request(godtgoerelse=godtgoerelse("")))
    assert not is_valid(
        version, aktivitet_request(godtgoerelse=godtgoerelse(km + beloeb.format("100")))
    )
    assert not is_valid(version, aktivitet_request(godtgoerelse=godtgoerelse(sats)))
    assert not is_valid(
        version, aktivitet_request(godtgoerelse=godtgoerelse(beloeb.format("1000.01")))
    )


# --------------------------------------------------------------------------- 2.7 → 2.8


def test_tilbudstype_difference_is_the_new_value() -> None:
    old = enumeration_values("2.7", "TilbudstypeType")
    new = enumeration_values("2.8", "TilbudstypeType")
    assert NEW_TILBUDSTYPE not in old
    assert [v for v in new if v != NEW_TILBUDSTYPE] == old
    assert new.count(NEW_TILBUDSTYPE) == 1

    simple = types_doc("2.8").find("xsd:simpleType[@name='TilbudstypeType']", NS)
    enum = simple.find(f"xsd:restriction/xsd:enumeration[@value='{NEW_TILBUDSTYPE}']", NS)
    assert (
        enum.findtext("xsd:annotation/xsd:documentation", namespaces=NS).strip()
        == NEW_TILBUDSTYPE_DOC
    )


_SCHEMA_VERSION = re.compile(r'(<xsd:schema\b[^>]*?\sversion=")2\.[78](")', re.DOTALL)
_DOC_VERSION = re.compile(r"Integrationsversion 2\.[78]\.")
_TOML_VERSION = re.compile(r'^integration_version = "2\.[78]"$', re.MULTILINE)
_TOML_VALID_FROM = re.compile(r'^valid_from = "[^"]*"\n', re.MULTILINE)
_NEW_ENUM = re.compile(
    rf'\n[ \t]*<xsd:enumeration value="{NEW_TILBUDSTYPE}">.*?</xsd:enumeration>', re.DOTALL
)


def _normalise(text: str) -> str:
    text = _SCHEMA_VERSION.sub(r"\g<1>X\g<2>", text)
    text = _DOC_VERSION.sub("Integrationsversion X.", text)
    text = _TOML_VERSION.sub('integration_version = "X"', text)
    text = _TOML_VALID_FROM.sub("", text)
    return _NEW_ENUM.sub("", text)


def test_versions_differ_only_as_intended() -> None:
    old_dir, new_dir = version_dir("2.7"), version_dir("2.8")
    old_files = sorted(p.relative_to(old_dir) for p in old_dir.rglob("*") if p.is_file())
    new_files = sorted(p.relative_to(new_dir) for p in new_dir.rglob("*") if p.is_file())
    assert old_files == new_files

    changed = []
    for rel in old_files:
        old = (old_dir / rel).read_text(encoding="utf-8")
        new = (new_dir / rel).read_text(encoding="utf-8")
        if old != new:
            changed.append(str(rel))
        assert _normalise(old) == _normalise(new), f"{rel} differs beyond the version change"
    assert sorted(changed) == sorted(
        [
            "contract.toml",
            "KontanthjaelpServiceMsg.xsd",
            str(Path("xsd/KontanthjaelpServiceTypes.xsd")),
        ]
    )
    # the normalisation must not hide the new value in 2.7
    assert NEW_TILBUDSTYPE not in (old_dir / "xsd" / "KontanthjaelpServiceTypes.xsd").read_text(
        encoding="utf-8"
    )
