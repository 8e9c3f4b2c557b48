"""Write small WSDL + XSD contracts for tests: one construct per fixture.

`write_contract` wraps a schema body in a schema document and a document/literal SOAP 1.1
WSDL whose operations name request/response elements of that schema.
"""

from __future__ import annotations

from pathlib import Path

TNS = "urn:test:fixture"

SCHEMA = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="{tns}"
           targetNamespace="{tns}" elementFormDefault="{form}" version="1.0"{extra_ns}>
{body}
</xs:schema>
"""

WSDL = """<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
                  xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
                  xmlns:xs="http://www.w3.org/2001/XMLSchema"
                  xmlns:tns="{tns}" targetNamespace="{tns}" name="FixtureService">
    <wsdl:types>
        <xs:schema targetNamespace="{tns}">
            <xs:include schemaLocation="{schema_file}"/>
        </xs:schema>
    </wsdl:types>
{messages}
    <wsdl:portType name="FixturePortType">
{port_ops}
    </wsdl:portType>
    <wsdl:binding name="FixtureBinding" type="tns:FixturePortType">
        <soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>
{binding_ops}
    </wsdl:binding>
    <wsdl:service name="FixtureService">
        <wsdl:port name="FixturePort" binding="tns:FixtureBinding">
            <soap:address location="https://localhost:8443/fixture"/>
        </wsdl:port>
    </wsdl:service>
</wsdl:definitions>
"""


def write_contract(
    folder: Path,
    body: str,
    operations: dict[str, tuple[str, str | None]],
    *,
    tns: str = TNS,
    form: str = "qualified",
    extra_ns: dict[str, str] | None = None,
    extra_files: dict[str, str] | None = None,
    schema_file: str = "types.xsd",
) -> Path:
    """Write ``service.wsdl`` + ``types.xsd`` into ``folder``; return the WSDL path.

    ``operations`` maps an operation name to its (request element, response element).
    """
    folder.mkdir(parents=True, exist_ok=True)
    ns_decl = "".join(f' xmlns:{p}="{u}"' for p, u in (extra_ns or {}).items())
    (folder / schema_file).write_text(
        SCHEMA.format(tns=tns, form=form, extra_ns=ns_decl, body=body), encoding="utf-8"
    )
    for name, text in (extra_files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    messages, port_ops, binding_ops = [], [], []
    for op, (request, response) in operations.items():
        messages.append(
            f'    <wsdl:message name="{op}In"><wsdl:part name="request" element="tns:{request}"/>'
            "</wsdl:message>"
        )
        out_pt = out_b = ""
        if response:
            messages.append(
                f'    <wsdl:message name="{op}Out"><wsdl:part name="response" '
                f'element="tns:{response}"/></wsdl:message>'
            )
            out_pt = f'<wsdl:output message="tns:{op}Out"/>'
            out_b = '<wsdl:output><soap:body use="literal"/></wsdl:output>'
        port_ops.append(
            f'        <wsdl:operation name="{op}"><wsdl:input message="tns:{op}In"/>{out_pt}'
            "</wsdl:operation>"
        )
        binding_ops.append(
            f'        <wsdl:operation name="{op}"><soap:operation soapAction="{tns}/{op}"/>'
            f'<wsdl:input><soap:body use="literal"/></wsdl:input>{out_b}</wsdl:operation>'
        )
    wsdl = folder / "service.wsdl"
    wsdl.write_text(
        WSDL.format(
            tns=tns,
            schema_file=schema_file,
            messages="\n".join(messages),
            port_ops="\n".join(port_ops),
            binding_ops="\n".join(binding_ops),
        ),
        encoding="utf-8",
    )
    return wsdl
