"""Schema locations: never the network, never outside the contract folder (issues 13 and 17).

A remote ``schemaLocation`` resolves from the user's mapping (``--schema-map``, XML catalogs),
a file of the same name beside the importing file (WCF's ``?xsd=xsd0`` too), or the bundled
W3C/OASIS schemas; anything else, and any import reaching outside the contract folder
(``file://``, ``../``, an ``http://`` URL whose path happens to exist on disk), exits 2 naming
the import. The SDKs generated from such contracts pass ``kygen selftest``: their shipped
schemas point at the shipped copies, so lxml validates the samples without the network.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from contract_builder import write_contract

from generator import selftest
from generator.cli import main
from generator.contracts import from_wsdl
from generator.emit.schemas import collect
from generator.errors import ContractError
from generator.locations import BUNDLED_DIR, SchemaMap, schema_map
from generator.reader import read

DS = "http://www.w3.org/2000/09/xmldsig#"
SOAPENC = "http://schemas.xmlsoap.org/soap/encoding/"
DS_URL = "http://www.w3.org/TR/xmldsig-core/xmldsig-core-schema.xsd"
OTHER = "urn:test:other"
OTHER_SCHEMA = f"""<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{OTHER}"
           elementFormDefault="qualified">
    <xs:element name="Note" type="xs:string"/>
</xs:schema>
"""


def contract(folder: Path, location: str, namespace: str = OTHER, ref: str = "o:Note") -> Path:
    """A contract whose request holds an element of ``namespace`` imported from ``location``."""
    body = f"""
    <xs:import namespace="{namespace}" schemaLocation="{location}"/>
    <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element ref="{ref}"/>
    </xs:sequence></xs:complexType></xs:element>
    <xs:element name="Res" type="xs:string"/>
"""
    prefix = ref.partition(":")[0]
    return write_contract(folder, body, {"Op": ("Req", "Res")}, extra_ns={prefix: namespace})


def import_line(wsdl: Path) -> int:
    lines = (wsdl.parent / "types.xsd").read_text().splitlines()
    return next(n for n, text in enumerate(lines, 1) if "<xs:import" in text)


# -- item 17.6: nothing from outside the contract folder -----------------------------------------


@pytest.mark.parametrize("form", ["file", "dotdot", "absolute", "http-path-on-disk"])
def test_17_06_an_import_outside_the_contract_folder_exits_2_naming_it(
    tmp_path: Path, form: str
) -> None:
    secret = tmp_path / "outside" / "secret.xsd"
    secret.parent.mkdir()
    secret.write_text(OTHER_SCHEMA)
    location = {
        "file": secret.as_uri(),
        "dotdot": "../outside/secret.xsd",
        "absolute": str(secret),
        # Before: read from the local disk at the URL's path.
        "http-path-on-disk": f"http://example.org{secret}",
    }[form]
    wsdl = contract(tmp_path / "contract", location)
    result = CliRunner().invoke(
        main, ["generate", "--wsdl", str(wsdl), "--package", "x", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2, result.output
    message = result.output.strip().splitlines()[-1]
    assert "Traceback" not in result.output
    assert f"types.xsd:{import_line(wsdl)}: " in message
    assert location in message
    assert "--schema-map" in message
    assert not (tmp_path / "o").exists()


def test_17_06_an_import_inside_the_contract_folder_and_a_mapped_one_are_read(
    tmp_path: Path,
) -> None:
    (tmp_path / "c" / "common").mkdir(parents=True)
    (tmp_path / "c" / "common" / "other.xsd").write_text(OTHER_SCHEMA)
    wsdl = contract(tmp_path / "c" / "svc", "../common/other.xsd")
    c = read(from_wsdl(wsdl, folder=tmp_path / "c"))
    assert "common/other.xsd" in {f.path for f in c.files}
    # Outside the folder, but the user mapped it explicitly.
    secret = tmp_path / "mine" / "other.xsd"
    secret.parent.mkdir()
    secret.write_text(OTHER_SCHEMA)
    wsdl = contract(tmp_path / "d", "http://example.org/other.xsd")
    c = read(from_wsdl(wsdl, schemas=schema_map([f"http://example.org/other.xsd={secret}"])))
    shipped = next(f for f in c.files if f.target_namespace == OTHER)
    assert (shipped.path, shipped.source) == ("_mapped/1/other.xsd", str(secret))


def test_a_kombit_package_is_its_wsdl_folders_parent(tmp_path: Path) -> None:
    """``<package>/wsdl/context/X.wsdl`` importing ``../../X.xsd`` (every KOMBIT package) reads
    without --contract-folder, wherever it lies and wherever kygen runs; outside the package
    stays refused."""
    package = tmp_path / "sf0000"
    (package / "common").mkdir(parents=True)
    (package / "common" / "other.xsd").write_text(OTHER_SCHEMA)
    wsdl = contract(package / "wsdl" / "context", "../../common/other.xsd")
    source = from_wsdl(wsdl)
    assert source.folder == package.resolve()
    assert "common/other.xsd" in {f.path for f in read(source).files}
    (tmp_path / "secret.xsd").write_text(OTHER_SCHEMA)
    wsdl = contract(package / "wsdl" / "token", "../../../secret.xsd")
    with pytest.raises(ContractError, match="outside the contract folder"):
        read(from_wsdl(wsdl))


# -- remote locations ---------------------------------------------------------------------------


def test_a_remote_location_without_a_local_copy_names_the_way_forward(tmp_path: Path) -> None:
    wsdl = contract(tmp_path, "https://example.org/schemas/other.xsd")
    with pytest.raises(ContractError) as caught:
        read(from_wsdl(wsdl))
    err = caught.value
    assert (Path(err.file or "").name, err.line) == ("types.xsd", import_line(wsdl))
    assert "'https://example.org/schemas/other.xsd' is remote" in err.message
    assert "never downloads" in err.message
    assert "other.xsd beside the importing file" in err.message
    assert "--schema-map 'https://example.org/schemas/other.xsd=PATH'" in err.message
    assert "--catalog" in err.message


def test_a_remote_location_resolves_to_a_file_of_the_same_name_beside(tmp_path: Path) -> None:
    wsdl = contract(tmp_path, "https://example.org/schemas/other.xsd")
    (tmp_path / "other.xsd").write_text(OTHER_SCHEMA)
    c = read(from_wsdl(wsdl))
    f = next(f for f in c.files if f.path == "types.xsd")
    assert f.locations == ((OTHER, "https://example.org/schemas/other.xsd", "other.xsd"),)
    report = selftest.run(tmp_path)
    assert report.ok, selftest.table(report)


def test_a_wcf_xsd_query_resolves_to_its_saved_file(tmp_path: Path) -> None:
    wsdl = contract(tmp_path, "http://host/Service.svc?xsd=xsd2")
    (tmp_path / "xsd2.xsd").write_text(OTHER_SCHEMA)
    c = read(from_wsdl(wsdl))
    assert "xsd2.xsd" in {f.path for f in c.files}


def test_schema_map_and_catalog_map_a_url_to_a_local_file(tmp_path: Path) -> None:
    local = tmp_path / "copies" / "o.xsd"
    local.parent.mkdir()
    local.write_text(OTHER_SCHEMA)
    wsdl = contract(tmp_path / "c", "https://example.org/x/other.xsd")
    by_map = schema_map([f"https://example.org/x/other.xsd={local}"])
    catalog = tmp_path / "catalog.xml"
    catalog.write_text(
        '<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        '<rewriteURI uriStartString="https://example.org/x/" rewritePrefix="copies/"/>'
        "</catalog>"
    )
    (tmp_path / "copies" / "other.xsd").write_text(OTHER_SCHEMA)
    by_catalog = schema_map([], [catalog])
    for user, source in ((by_map, local), (by_catalog, tmp_path / "copies" / "other.xsd")):
        c = read(from_wsdl(wsdl, schemas=user))
        assert str(source) in {f.source for f in c.files}
    # And on the command line, through to a passing selftest.
    result = CliRunner().invoke(
        main, ["selftest", str(tmp_path / "c"), "--catalog", str(catalog), "--quiet"]
    )
    assert result.exit_code == 0, result.output


def test_the_bundled_xml_signature_schema_stands_in_for_its_url(tmp_path: Path) -> None:
    wsdl = contract(tmp_path, DS_URL, namespace=DS, ref="ds:Signature")
    c = read(from_wsdl(wsdl))
    bundled = {f.path: f.source for f in c.files if f.source}
    assert bundled == {"_bundled/xmldsig-core-schema.xsd": "(bundled)/xmldsig-core-schema.xsd"}
    assert any(e.name.namespace == DS and e.name.name == "Signature" for e in c.elements)


def test_a_bundled_schema_is_shipped_and_validates_without_the_network(tmp_path: Path) -> None:
    body = f"""
    <xs:import namespace="{SOAPENC}" schemaLocation="{SOAPENC}"/>
    <xs:element name="Req"><xs:complexType><xs:sequence>
        <xs:element name="Text" type="enc:string"/>
    </xs:sequence></xs:complexType></xs:element>
    <xs:element name="Res" type="xs:string"/>
"""
    write_contract(tmp_path, body, {"Op": ("Req", "Res")}, extra_ns={"enc": SOAPENC})
    report = selftest.run(tmp_path)
    assert report.ok, selftest.table(report)
    c = read(from_wsdl(tmp_path / "service.wsdl"))
    shipped = collect(from_wsdl(tmp_path / "service.wsdl"), c).files
    assert b'schemaLocation="_bundled/soap-encoding.xsd"' in shipped["types.xsd"]
    assert shipped["_bundled/soap-encoding.xsd"] == (BUNDLED_DIR / "soap-encoding.xsd").read_bytes()


def test_a_definition_the_contract_makes_itself_wins_over_the_bundled_one(
    tmp_path: Path,
) -> None:
    own = OTHER_SCHEMA.replace(OTHER, DS).replace('name="Note"', 'name="Signature"')
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "own-ds.xsd").write_text(own)
    wsdl = contract(tmp_path / "c", "own-ds.xsd", namespace=DS, ref="ds:Signature")
    # A second import of the namespace by its URL does not bring the bundled copy in.
    text = (wsdl.parent / "types.xsd").read_text()
    second = f'<xs:import namespace="{DS}" schemaLocation="{DS_URL}"/>'
    (wsdl.parent / "types.xsd").write_text(text.replace("<xs:element", second + "<xs:element", 1))
    c = read(from_wsdl(wsdl))
    assert not [f for f in c.files if f.source]
    assert c.element(next(e.name for e in c.elements if e.name.name == "Signature")).type


def test_schema_map_option_errors_are_usage_errors(tmp_path: Path) -> None:
    for bad in ("no-equals-sign", f"http://x={tmp_path / 'missing.xsd'}"):
        result = CliRunner().invoke(main, ["ir", "kontanthjaelp/2.8", "--schema-map", bad])
        assert result.exit_code == 2
        assert re.match(r"kygen: error: --schema-map", result.output), result.output
    assert SchemaMap() == schema_map()


def test_a_ws_security_timestamp_from_the_bundled_utility_schema_passes_selftest(
    tmp_path: Path,
) -> None:
    # Created and Expires each carry an xs:ID attribute: samples give each its own value.
    wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    contract(tmp_path, wsu, namespace=wsu, ref="wsu:Timestamp")
    report = selftest.run(tmp_path)
    assert report.ok, selftest.table(report)
