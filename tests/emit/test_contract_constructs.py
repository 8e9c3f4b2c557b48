"""XSD and WSDL constructs of real Serviceplatformen contracts, end to end: the whole SDK
(models, xml, validate, client, mock) is generated for each small contract of
tests/construct_fixtures.py and

* round-trips a hand-written valid message and samples of every branch (lxml accepts what
  ``to_xml`` writes, ``from_xml`` gives an equal object, writing again gives the same bytes);
* the validator finds nothing in the valid message, and exactly the targeted issue (path and
  code) in each invalid variant, which lxml rejects too.

Constructs covered elsewhere (xs:all, list/union, simple content, repeated choices, xs:any,
attributes, anonymous types) are in tests/emit/test_constructs.py and
tests/validate/test_constructs.py.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import enum
import importlib
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from construct_fixtures import CONSTRUCTS, LONG_ENUM_VALUES, write
from contract_builder import TNS
from hypothesis import given, settings
from lxml import etree
from strategies import strategy
from xml_mutations import mutations

from generator import samples, selftest
from generator.emit.views import VersionView

CASES = [
    pytest.param(name, old, new, path, code, id=f"{name}-{n}")
    for name, c in CONSTRUCTS.items()
    for n, (old, new, path, code) in enumerate(c.invalid)
]


@dataclasses.dataclass
class Sdk:
    name: str
    module: ModuleType
    view: VersionView


@pytest.fixture(scope="module")
def sdks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Sdk]]:
    """``sdks(name)``: the SDK of construct ``name``, generated on first use (whole SDK,
    unformatted: fast) and imported; all are forgotten at the end of the module."""
    made: dict[str, Sdk] = {}
    with contextlib.ExitStack() as stack:

        def get(name: str) -> Sdk:
            if name not in made:
                folder = tmp_path_factory.mktemp(name)
                wsdl = write(name, folder / "contract")
                imported = selftest.imported_sdk(wsdl, folder / "sdk", f"kyt_construct_{name}")
                module, view = stack.enter_context(imported)
                made[name] = Sdk(name, module, view)
            return made[name]

        yield get


@pytest.fixture(params=sorted(CONSTRUCTS))
def sdk(request: pytest.FixtureRequest, sdks: Callable[[str], Sdk]) -> Sdk:
    return sdks(request.param)


def _schema(module: ModuleType, data: bytes) -> etree.XMLSchema:
    namespace = etree.QName(etree.fromstring(data)).namespace
    schema: etree.XMLSchema = module.schemas.xml_schema(namespace)
    return schema


def _round_trip(module: ModuleType, obj: object) -> bytes:
    data: bytes = module.to_xml(obj)
    schema = _schema(module, data)
    assert schema.validate(etree.fromstring(data)), (schema.error_log.last_error, data)
    assert module.from_xml(data) == obj
    assert module.to_xml(module.from_xml(data)) == data
    return data


# -- every construct --------------------------------------------------------------------------


def test_valid_message_round_trips(sdk: Sdk) -> None:
    m = sdk.module
    valid = CONSTRUCTS[sdk.name].valid.encode()
    assert _schema(m, valid).validate(etree.fromstring(valid))
    _round_trip(m, m.from_xml(valid))


def test_samples_round_trip(sdk: Sdk) -> None:
    for op in sdk.view.operations:
        for element in filter(None, (op.input, op.output)):
            for branch in (0, 1, 2):
                obj = samples.sample(sdk.module, element, branch=branch, view=sdk.view)
                _round_trip(sdk.module, obj)


def test_validator_accepts_the_valid_message(sdk: Sdk) -> None:
    m = sdk.module
    valid = CONSTRUCTS[sdk.name].valid.encode()
    assert m.validate.validate_xml(valid) == []
    assert m.validate.validate(m.from_xml(valid)) == []
    assert m.validate.validate_with_xsd(valid) == []


@pytest.mark.parametrize(("name", "old", "new", "path", "code"), CASES)
def test_validator_finds_the_targeted_issue(
    sdks: Callable[[str], Sdk], name: str, old: str, new: str, path: str, code: str
) -> None:
    valid = CONSTRUCTS[name].valid
    assert old in valid
    document = valid.replace(old, new, 1).encode()
    m = sdks(name).module
    assert not _schema(m, document).validate(etree.fromstring(document))  # the oracle agrees
    assert [(i.path, i.code) for i in m.validate.validate_xml(document)] == [(path, code)]


# Known disagreements, outside what these constructs are about (strict: a fix shows here).
KNOWN_DISAGREEMENTS = {
    "includes": "a year past 9999: lxml accepts 10000-01-01, from_xml cannot hold it",
    "nillable": "an undeclared attribute on an element with xsi:nil: validate_xml accepts it",
}
# What validate(obj) does not check yet (validate_xml does).
KNOWN_OBJECT_GAPS = {
    "wildcards": "the namespace of an xs:anyAttribute attribute (other_attributes)",
}


def _known(gaps: dict[str, str]) -> list[Any]:
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=gaps[n])) if n in gaps else n
        for n in sorted(CONSTRUCTS)
    ]


def _mutations(sdk: Sdk) -> Iterator[tuple[str, str, bytes, bool]]:
    """(kind, description, document, lxml's verdict) of every mutation of the valid message."""
    valid = CONSTRUCTS[sdk.name].valid.encode()
    schema = _schema(sdk.module, valid)
    for kind, description, document in mutations(sdk.view.contract, valid):
        yield kind, description, document, bool(schema.validate(etree.fromstring(document)))


@pytest.mark.parametrize("name", _known(KNOWN_DISAGREEMENTS))
def test_validate_xml_agrees_with_lxml_on_mutations(sdks: Callable[[str], Sdk], name: str) -> None:
    """Every mutation of the valid message (tests/xml_mutations.py): ``validate_xml`` finds an
    issue exactly when lxml rejects the document, and ``from_xml`` reads every valid one."""
    m = sdks(name).module
    errors = _runtime(m, "errors")
    disagreements = []
    total = 0
    for kind, description, document, oracle in _mutations(sdks(name)):
        total += 1
        if oracle != (m.validate.validate_xml(document) == []):
            disagreements.append(("validate_xml", kind, description))
        if oracle:
            try:
                m.from_xml(document)
            except errors.XmlError:
                disagreements.append(("from_xml", kind, description))
    assert total > 0 and disagreements == [], disagreements


@pytest.mark.parametrize("name", _known(KNOWN_OBJECT_GAPS))
def test_validate_agrees_with_lxml_on_what_is_read(sdks: Callable[[str], Sdk], name: str) -> None:
    """Of every mutation ``from_xml`` reads (invalid ones too), ``validate`` finds an issue
    exactly when lxml rejects what ``to_xml`` writes of it (reading may lose a problem, e.g.
    whitespace around a number, so the written document is the one to judge)."""
    m = sdks(name).module
    errors = _runtime(m, "errors")
    schema = _schema(m, CONSTRUCTS[name].valid.encode())
    disagreements = []
    for kind, description, document, _ in _mutations(sdks(name)):
        try:
            read = m.from_xml(document)
        except errors.XmlError:
            continue
        try:
            written = m.to_xml(read)
        except errors.XmlError:  # a value that cannot be written: validate must say why
            written = None
        valid = written is not None and bool(schema.validate(etree.fromstring(written)))
        if valid != (m.validate.validate(read) == []):
            disagreements.append((kind, description))
    assert disagreements == []


# -- what each construct looks like in the SDK ------------------------------------------------


def _runtime(m: ModuleType, name: str) -> ModuleType:
    return importlib.import_module(f"{m.__name__}._runtime.{name}")


def _hints(m: ModuleType, cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(m.models))


def test_substitution_group_members_are_choice_branches(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("substitution").module
    (item,) = typing.get_args(_hints(m, m.Req)["choice"])
    assert set(typing.get_args(item)) == {m.ReqHund, m.ReqKat}  # not the abstract head
    assert set(typing.get_args(_hints(m, m.Req)["choice_2"])) == {m.ReqTing, m.ReqBold, type(None)}
    assert [f.name for f in dataclasses.fields(m.Hund)] == ["navn", "race"]
    obj = m.Req(choice=[m.ReqKat(kat=m.Kat(navn="Mis"))], choice_2=m.ReqTing(ting="bold"))
    assert b"<ns1:Kat><ns1:Navn>Mis</ns1:Navn></ns1:Kat><ns1:Ting>bold</ns1:Ting>" in _round_trip(
        m, obj
    )
    head = f'<t:Req xmlns:t="{TNS}"><t:Dyr><t:Navn>x</t:Navn></t:Dyr></t:Req>'.encode()
    with pytest.raises(_runtime(m, "errors").XmlError):
        m.from_xml(head)  # the abstract head itself may not appear
    assert m.validate.validate_xml(head) != []


def test_any_type_elements_are_raw_xml_with_their_attributes(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("any_type").module
    assert _hints(m, m.Req)["data"] == list[bytes] and _hints(m, m.Req)["tom"] is bytes
    obj = m.from_xml(CONSTRUCTS["any_type"].valid.encode())
    assert obj.udvidelse.extension == (
        b'<t:Extension xmlns:t="urn:test:fixture" xmlns:x="urn:x" b="2" x:a="1">tekst'
        b'<x:Y k="v"><t:Navn>n</t:Navn></x:Y>mere</t:Extension>'
    )
    obj.data = [b'<a:Data xmlns:a="urn:test:fixture" kode="1"><a:Note>7</a:Note></a:Data>']
    data = _round_trip(m, obj)
    assert b'<a:Data xmlns:a="urn:test:fixture" kode="1"><a:Note>7</a:Note></a:Data>' in data
    assert m.validate.validate(obj) == [] and m.validate.validate_xml(data) == []
    obj.data = [
        b"<a:Ukendt xmlns:a='urn:test:fixture'/>",
        b"<a:Data",
        b'<Data xmlns="urn:test:fixture"><Note>x</Note></Data>',
    ]
    assert [(i.path, i.code) for i in m.validate.validate(obj)] == [
        ("Req/Data[1]", "type"),  # another element
        ("Req/Data[2]", "type"),  # not well-formed
        ("Req/Data[3]/Note", "type"),  # a declared child is checked (lax)
    ]


def test_derived_types_carry_every_level(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("derivation").module
    # an extension is a subclass: its base's fields first, then what it adds
    assert [f.name for f in dataclasses.fields(m.C)] == ["v", "id", "note", "w", "navn", "alder"]
    assert issubclass(m.C, m.B) and issubclass(m.B, m.A) and not issubclass(m.R, m.A)
    assert [f.name for f in dataclasses.fields(m.R2)] == ["v", "id"]
    obj = m.from_xml(CONSTRUCTS["derivation"].valid.encode())
    obj.to.id = "abcd"  # R2 restricts Id to 3 characters
    obj.penge.value = obj.penge.value * 10
    assert [(i.path, i.code) for i in m.validate.validate(obj)] == [
        ("Req/To/Id", "maxLength"),
        ("Req/Penge", "maxInclusive"),
    ]


def test_nil_is_none_and_written_as_xsi_nil(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("nillable").module
    hints = _hints(m, m.Req)
    assert hints["dato"] == datetime.date | None
    assert hints["tekst"] == list[str | None]
    obj = m.Req(dato=None, tekst=[None, "x"], tal=None, person=None)
    data = _round_trip(m, obj)
    assert data.count(b'xsi:nil="true"') == 2 and b"Tal" not in data  # optional None: absent
    assert m.validate.validate(obj) == []
    read = m.from_xml(CONSTRUCTS["nillable"].valid.encode())
    assert (read.dato, read.tal, read.tekst, read.person) == (None, None, ["a", None], None)
    # a nil element that must be there is not "missing"; an absent one is
    missing = CONSTRUCTS["nillable"].valid.replace('<t:Dato xsi:nil="true"/>', "").encode()
    with pytest.raises(_runtime(m, "errors").XmlError, match="Dato"):
        m.from_xml(missing)


def test_any_attributes_are_kept_by_clark_name(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("wildcards").module
    obj = m.from_xml(CONSTRUCTS["wildcards"].valid.encode())
    assert obj.other_attributes == {"{urn:x}spor": "abc", "andet": "2"}
    assert obj.felt[0].other_attributes == {"{urn:x}a": "1"}
    assert obj.felt[0].any[0].startswith(b"<x:Noget")
    obj.felt[1].other_attributes = {
        "{urn:y}q": 'a"&<b',
        "{http://www.w3.org/XML/1998/namespace}lang": "da",
    }
    data = _round_trip(m, obj)
    assert b'a1:q="a&quot;&amp;&lt;b"' in data and b'xml:lang="da"' in data


def test_danish_names_are_folded_and_values_kept(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("danish").module
    assert [f.name for f in dataclasses.fields(m.Fravaer)] == ["foerste", "aarsag", "bemaerkning"]
    assert issubclass(m.Aarsag, enum.StrEnum) and m.Aarsag.FOEDSEL.value == "Fødsel"
    assert [f.name for f in dataclasses.fields(m.Req)] == ["fravaer", "stoerrelse"]
    obj = m.Req(fravaer=[m.Fravaer(aarsag=m.Aarsag.AERINDE, foerste=False)])
    assert '<ns1:Fravær første="false"><ns1:Årsag>Ærinde</ns1:Årsag>'.encode() in _round_trip(
        m, obj
    )


def test_long_enumerations(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("long_enum").module
    assert [k.value for k in m.Kode] == LONG_ENUM_VALUES
    assert len(m.TalKode) == 500 and m.TalKode(998) is m.TalKode.V998
    _round_trip(m, m.Req(kode=list(m.Kode)))


def test_recursion_is_not_limited_by_the_generator(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("recursive").module
    node = m.Node(navn="bund")
    for n in range(60):  # deeper than the writers inline
        node = m.Node(navn=f"n{n}", gren=m.Gren(choice=m.GrenNode(node=node)))
    obj = m.Req(navn="rod", barn=[node])
    _round_trip(m, obj)
    assert m.validate.validate(obj) == []


def test_unqualified_local_elements(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("unqualified").module
    data = _round_trip(m, m.from_xml(CONSTRUCTS["unqualified"].valid.encode()))
    assert b"<Adresse ns1:type=" in data and b"<Vej>" in data and b"<ns1:Land>" in data


def test_the_same_local_name_in_three_namespaces(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("namespaces").module
    hints = _hints(m, m.Req)
    assert (hints["fejl"], hints["fejl_2"], hints["fejl_3"]) == (m.Fejl, m.AFejl, list[m.BFejl])
    assert _hints(m, m.AFejl)["fejl_kode"] is int and _hints(m, m.Fejl)["fejl_kode"] is str
    assert m.ROOTS["{urn:test:b}Fejl"] is m.BFejl


def test_include_chains_and_chameleons(sdks: Callable[[str], Sdk]) -> None:
    sdk = sdks("includes")
    shipped = {
        p.relative_to(sdk.module.schemas.DIR).as_posix()
        for p in sdk.module.schemas.DIR.rglob("*.xsd")
    }
    assert {"types.xsd", "common/a.xsd", "common/b.xsd", "chameleon/c.xsd"} <= shipped
    # the chameleon's types took the including schema's namespace
    assert sdk.view.class_named("Sag").type_name.namespace == TNS  # type: ignore[union-attr]


def test_imported_wsdls_give_operations_faults_and_endpoint(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("wsdl_imports").module
    op = m.OPERATIONS["Send"]
    assert (op.soap_action, op.request, op.response, op.faults) == (
        "urn:test:Send",
        m.Req,
        m.Res,
        (m.Fejl,),
    )
    assert m.ENDPOINTS == {"default": "https://localhost:8443/importer"}
    assert m.Res(value="ok") == m.from_xml(m.to_xml(m.Res(value="ok")))  # a simple-typed message
    # A SOAP Fault whose detail is the operation's fault element raises it, typed.
    fault = (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>'
        "<faultcode>s:Server</faultcode><faultstring>nej</faultstring><detail>"
        f'<t:Fejl xmlns:t="{TNS}"><t:Kode>42</t:Kode></t:Fejl></detail></s:Fault></s:Body></s:Envelope>'
    ).encode()
    reply = _runtime(m, "transport").Reply(500, "text/xml", fault)
    client = m.client.Client("https://localhost/x", transport=_Answer(reply))
    with pytest.raises(m.client.OperationFaultError) as info:
        client.send(m.Req(tal=[1]))
    assert info.value.fault == m.Fejl(kode="42") and info.value.string == "nej"


class _Answer:
    """A transport that answers every request with one fixed reply."""

    def __init__(self, reply: Any) -> None:
        self.reply = reply
        self.sent: list[bytes] = []

    def post(self, url: str, body: bytes, headers: Any) -> Any:
        self.sent.append(body)
        return self.reply

    def close(self) -> None:
        pass


def test_operations_sharing_messages_one_way_and_reserved_names(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("shared_messages").module
    ops = m.OPERATIONS
    assert ops["Opret"].request is ops["Ret"].request is ops["Slet"].request is m.Req
    assert ops["Send"].response is None and ops["Validate"].request is m.Besked
    received: list[object] = []
    mock = m.mock.MockService(
        opret=lambda r: m.Res(value=f"oprettet {r.id}"),
        send=received.append,
        validate_=lambda r: m.Kvittering(ok=True),
    )
    transport = selftest.InProcess(mock, _runtime(m, "transport").Reply)
    with m.client.Client("https://localhost/x", transport=transport) as client:
        assert client.opret(m.Req(id="7")) == m.Res(value="oprettet 7")
        assert client.send(m.Besked(value="hej")) is None
        assert client.validate_(m.Besked(value="?")) == m.Kvittering(ok=True)
        with pytest.raises(_runtime(m, "errors").SoapFaultError, match="no handler for Ret"):
            client.ret(m.Req(id="7"))
    assert received == [m.Besked(value="hej")]
    assert [r.operation for r in mock.received] == ["Opret", "Send", "Validate", "Ret"]
    assert [r.status for r in mock.received] == [200, 202, 200, 500]


def test_generic_client_fills_in_the_invocation_context(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("invocation_context").module
    request = m.from_xml(CONSTRUCTS["invocation_context"].valid.encode())
    mock = m.mock.MockService(opslag=lambda r: m.OpslagResponse(navn="Jens"))
    transport = selftest.InProcess(mock, _runtime(m, "transport").Reply)
    with pytest.raises(ValueError, match="service_uuid"):
        m.client.invocation_context("a", "b", "c")  # a bare WSDL names no service UUID
    ids = [f"00000000-0000-0000-0000-00000000001{n}" for n in range(4)]
    context = m.client.invocation_context(*ids)
    assert context.service_uuid == ids[3]
    client = m.client.Client("https://localhost/x", invocation_context=context, transport=transport)
    bare = m.OpslagRequest(pnr="0101901234")
    assert client.opslag(bare) == m.OpslagResponse(navn="Jens")
    assert mock.received[-1].request.invocation_context == context
    assert bare.invocation_context is None  # the caller's object is not touched
    client.opslag(request)  # the request's own context wins
    assert mock.received[-1].request == request
    bad = m.OpslagRequest(pnr="0101901234", invocation_context=m.InvocationContext(
        service_agreement_uuid="x", user_system_uuid=ids[1], user_uuid=ids[2], service_uuid=ids[3]
    ))  # fmt: skip
    with pytest.raises(_runtime(m, "errors").ValidationError, match="ServiceAgreementUUID"):
        client.opslag(bad)  # not sent
    assert len(mock.received) == 2


def test_repeated_groups_are_lists_of_group_objects(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("repeated_groups").module
    hints = _hints(m, m.Req)
    assert hints["kode_group"] == list[m.ReqKodeGroup]
    (item,) = typing.get_args(hints["choice"])
    assert set(typing.get_args(item)) == {m.ReqNavn, m.ReqId, m.ReqEkstra}
    obj = m.from_xml(CONSTRUCTS["repeated_groups"].valid.encode())
    assert obj.kode_group == [m.ReqKodeGroup(kode=1, tekst=["x", "y"]), m.ReqKodeGroup(kode=2)]
    assert obj.choice == [
        m.ReqNavn(navn="n"),
        m.ReqId(id=3),
        m.ReqEkstra(ekstra="e"),
        m.ReqNavn(navn="m", alder=4),
    ]
    assert [g.any is not None for g in obj.spki.sexp_group] == [True, False]
    # (P?, Q{0,2})*: a run of Q longer than 2 is read as several items, as lxml counts it
    assert [(g.p, g.q) for g in obj.par.p_group] == [
        (None, ["a", "b"]),
        (None, ["c"]),
        (1, []),
        (2, ["d"]),
    ]
    # the pairing is kept: an item's optional elements stay with it, in document order
    obj.kode_group = [m.ReqKodeGroup(kode=1), m.ReqKodeGroup(kode=2, tekst=["a"])]
    obj.choice = [m.ReqId(id=1, note="a"), m.ReqId(id=2), m.ReqNavn(navn="b")]
    data = _round_trip(m, obj)
    assert b"<ns1:Kode>1</ns1:Kode><ns1:Kode>2</ns1:Kode><ns1:Tekst>a</ns1:Tekst>" in data
    assert b"<ns1:Id>1</ns1:Id><ns1:Note>a</ns1:Note><ns1:Id>2</ns1:Id><ns1:Navn>" in data
    obj.kode_group *= 2
    obj.choice[1].id = "to"
    assert [(i.path, i.code) for i in m.validate.validate(obj)] == [
        ("Req", "maxOccurs"),
        ("Req/Id[2]", "type"),
    ]


def test_deep_samples_keep_what_mixed_content_requires(sdks: Callable[[str], Sdk]) -> None:
    """Past MAX_DEPTH a sample leaves out what is optional, not the elements a mixed content
    model requires (gematik: ds:KeyValue deep inside a strict xs:any)."""
    sdk = sdks("mixed")
    m = sdk.module
    deep = samples.Sampler(sdk.view, m).instance(
        sdk.view.class_named("Note"), "Note", samples.MAX_DEPTH
    )
    assert any(isinstance(x, m.NoteKode | m.NoteIngen) for x in deep.content)
    obj = m.Req(tekst=[m.Tekst(content=[])], note=deep)
    _round_trip(m, obj)


def test_mixed_content_is_text_and_elements_in_order(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("mixed").module
    assert _hints(m, m.Tekst)["content"] == list[str | m.TekstFed | m.TekstLink | bytes]
    obj = m.from_xml(CONSTRUCTS["mixed"].valid.encode())
    assert obj.tekst[0].content == [
        "Hej ",
        m.TekstFed(fed="med"),
        " dig,\n",
        m.TekstFed(fed="og"),
        m.TekstLink(link=m.Link(titel="x", value="http://x")),
        " ",
        b'<o:smil xmlns:o="urn:o">:)</o:smil>',
        "& farvel",
    ]
    assert obj.tekst[1].content == [] and obj.fri.content == ["bare tekst <3"]
    assert obj.note.content == ["kode ", m.NoteKode(kode=7), "."]
    data = _round_trip(m, obj)
    assert b"<ns1:Note>kode <ns1:Kode>7</ns1:Kode>.</ns1:Note>" in data
    assert b"&amp; farvel</ns1:Tekst>" in data
    # the content model's order and occurrences, on objects as lxml sees the written document
    bad = m.Req(
        tekst=[m.Tekst(content=[m.TekstLink(link=m.Link(value="x")), "a", m.TekstFed(fed="b")])],
        note=m.Note(content=["nothing"]),
    )
    issues = m.validate.validate(bad)
    assert [(i.path, i.code) for i in issues] == [
        ("Req/Tekst/Fed", "type"),
        ("Req/Note", "choice"),
    ]
    data = m.to_xml(bad)
    assert not _schema(m, data).validate(etree.fromstring(data))
    assert [(i.path, i.code) for i in m.validate.validate_xml(data)] == [
        (i.path, i.code) for i in issues
    ]
    wrong = m.Req(tekst=[m.Tekst(content=[1])], note=m.Note(content=[m.NoteIngen(ingen="-")]))
    assert [(i.path, i.code) for i in m.validate.validate(wrong)] == [("Req/Tekst", "type")]


def test_xml_signature_key_info_and_signature(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("xml_signature").module
    obj = m.from_xml(CONSTRUCTS["xml_signature"].valid.encode())
    key_info = [c for c in obj.key_info.content if not isinstance(c, str)]
    x509 = key_info[1].x509_data
    assert [type(c).__name__ for c in x509.choice] == [
        "X509DataX509IssuerSerial",
        "X509DataX509SubjectName",
        "X509DataX509Certificate",
    ]
    assert [g.spki_sexp for g in key_info[2].spki_data.spki_sexp_group] == [
        b"\x00\x00\x00",
        b"\x04\x10A",
    ]
    transform = obj.signature.signed_info.reference[0].transforms.transform[0]
    assert transform.content == ["x", m.TransformXPath(x_path="//t:Tekst"), "y"]
    assert m.validate.validate(obj) == []
    _round_trip(m, obj)


def test_xml_encryption_method_and_notification_query(sdks: Callable[[str], Sdk]) -> None:
    m = sdks("xml_encryption").module
    obj = m.from_xml(CONSTRUCTS["xml_encryption"].valid.encode())
    content = obj.encrypted_key.encryption_method.content
    assert [type(c).__name__ for c in content] == [
        "str",
        "EncryptionMethodKeySize",
        "str",
        "EncryptionMethodOAEPparams",
        "bytes",
    ]
    assert content[0] == "nøgle: " and content[1].key_size == 256
    assert obj.message_content.content == ["//t:Res"]
    obj.encrypted_key.encryption_method.content = content[3:] + content[:3]
    assert [(i.path, i.code) for i in m.validate.validate(obj)] == [
        ("Req/EncryptedKey/EncryptionMethod/KeySize", "type")
    ]


@pytest.mark.parametrize("name", ["repeated_groups", "mixed"])
def test_random_instances_round_trip(sdks: Callable[[str], Sdk], name: str) -> None:
    """Random valid objects (tests/strategies.py): lxml accepts what ``to_xml`` writes, it
    reads back equal and both validators find nothing."""
    sdk = sdks(name)
    m = sdk.module

    @settings(max_examples=25, deadline=None, database=None, derandomize=True)
    @given(strategy(m, f"{{{TNS}}}Req", view=sdk.view))
    def round_trip(obj: Any) -> None:
        data = _round_trip(m, obj)
        assert m.validate.validate(obj) == [] and m.validate.validate_xml(data) == []

    round_trip()


def test_generated_code_is_ruff_clean(sdk: Sdk) -> None:
    """Every construct's SDK passes ruff with the distribution's own settings, but import
    order and line length: these SDKs are not formatted (``kygen generate`` does that; the KY
    SDK is checked formatted, with mypy --strict and black too: tests/emit/test_static.py)."""
    root = Path(sdk.module.__file__ or "").parents[2]
    ruff = Path(sys.executable).parent / "ruff"
    command = [str(ruff), "check", "--no-cache", "--extend-ignore", "I,E501", "src"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
