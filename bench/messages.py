"""The benchmark messages, built as XML bytes with lxml, independent of every tool measured.

Each tool gets its own object for a message by parsing these bytes once (outside the timed
code), so every tool serializes and parses the same document. ``check_valid`` proves each
message is valid against the contract's message schema before anything is timed.

- small:   TilkendegivelseRequest, required elements only.
- typical: AktivitetRequest as a jobcenter system sends it: InvocationContext, a full
           Faellesdel, an Aktivitet with two Godtgoerelser (one per xs:choice branch).
- large:   AktivitetRequest with InvocationContext and every optional element filled and a
           long Godtgoerelse list (~100 KB; the only unbounded list in a KY request).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

KY = "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/"
INVCTX = "http://serviceplatformen.dk/xml/schemas/InvocationContext/1/"

#: Godtgoerelser in the large message: about 100 KB of XML.
LARGE_ITEMS = 300
#: Smaller list in --quick runs, so the smoke run takes seconds.
QUICK_LARGE_ITEMS = 10


@dataclass(frozen=True, slots=True)
class Message:
    """One benchmark document: which request element it is and its bytes."""

    name: str
    operation: str
    element: str
    items: int
    data: bytes
    namespace: str = KY

    @property
    def qname(self) -> str:
        return f"{{{self.namespace}}}{self.element}"


def _sub(
    parent: etree._Element, name: str, text: str | None = None, ns: str = KY
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        element.text = text
    return element


def _uuid(kind: int, n: int) -> str:
    return f"{kind:08x}-0000-4000-8000-{n:012x}"


def _invocation_context(parent: etree._Element, full: bool) -> None:
    ctx = _sub(parent, "InvocationContext", ns=INVCTX)
    _sub(ctx, "ServiceAgreementUUID", _uuid(0xA1, 1), INVCTX)
    _sub(ctx, "UserSystemUUID", _uuid(0xA2, 2), INVCTX)
    _sub(ctx, "UserUUID", _uuid(0xA3, 3), INVCTX)
    if full:
        _sub(ctx, "OnBehalfOfUser", "Søren Ærø Ågesen", INVCTX)
    _sub(ctx, "ServiceUUID", "2b4702a3-2cb9-49ce-b367-807fbbfbe35b", INVCTX)
    if full:
        _sub(ctx, "CallersServiceCallIdentifier", "kald-2024-000042", INVCTX)
        _sub(ctx, "AccountingInfo", "Jobcenter København, team 3", INVCTX)


def _faellesdel(parent: etree._Element, full: bool) -> None:
    """Required elements; with ``full`` every optional one too."""
    head = _sub(parent, "Faellesdel")
    _sub(head, "BeskedID", _uuid(0xB1, 7))
    _sub(head, "AfsendtTidspunkt", "2024-03-14T09:26:53+01:00")
    _sub(head, "AfsendendeSystem", "Momentum")
    _sub(head, "Kommunekode", "101")
    if full:
        _sub(head, "MyndighedCVR", "64942212")
    _sub(head, "CPRnummer", "0101901234")
    if full:
        _sub(head, "JobcenterSagID", "JC-2024-118273")
        _sub(head, "Sagsbehandler", "Søren Ærø Ågesen")
    _sub(head, "Handling", "Opret")


def _root(element: str, level: int) -> etree._Element:
    """Request root and head: level 0 bare, 1 typical (context), 2 every optional element."""
    nsmap: dict[str | None, str] = {None: KY, "invctx": INVCTX} if level else {None: KY}
    root = etree.Element(f"{{{KY}}}{element}", nsmap=nsmap)
    if level:
        _invocation_context(root, full=level == 2)
    _faellesdel(root, full=level >= 1)
    return root


def _godtgoerelse(parent: etree._Element, n: int, aktivitet_id: str) -> None:
    item = _sub(parent, "Godtgoerelse")
    _sub(item, "GodtgoerelseID", _uuid(0xC1, n))
    _sub(item, "AktivitetID", aktivitet_id)
    month = n % 12 + 1
    if n % 2 == 0:
        _sub(item, "Hjemmel", "LAB82")
    else:
        _sub(item, "Hjemmel", "LAB83")
    periode = _sub(item, "Periode")
    _sub(periode, "FraDato", f"2024-{month:02d}-01")
    _sub(periode, "TilDato", f"2024-{month:02d}-28")
    if n % 2 == 0:
        _sub(item, "AntalKilometer", f"{12 + n % 50}.5")
        _sub(item, "Kilometersats", "3.79")
    else:
        _sub(item, "MaanedligtBeloeb", f"{400 + n % 500}.25")


def _aktivitet(items: int, level: int) -> etree._Element:
    root = _root("AktivitetRequest", level)
    body = _sub(root, "Aktivitet")
    aktivitet_id = _uuid(0xD1, 1)
    _sub(body, "AktivitetID", aktivitet_id)
    _sub(body, "Tilbudstype", "Virksomhedspraktik")
    _sub(body, "Startdato", "2024-01-08")
    if level >= 1:
        _sub(body, "Slutdato", "2024-12-20")
        _sub(body, "TimerPrUge", "37")
    if level == 2:
        _sub(body, "MinutterPrUge", "30")
    myndighed = _sub(body, "AnsvarligMyndighed")
    _sub(myndighed, "Myndighedskode", "101")
    if level >= 1:
        _sub(myndighed, "Myndighedsnavn", "Jobcenter København")
    if level == 2:
        _sub(_sub(body, "Arbejdsgiver"), "CVRnummer", "12345678")
        _sub(body, "StopDato", "2024-12-20")
        _sub(body, "StopAarsag", "Gennemfoert")
    for n in range(items):
        _godtgoerelse(body, n, aktivitet_id)
    return root


def _tostring(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def small() -> Message:
    root = _root("TilkendegivelseRequest", level=0)
    body = _sub(root, "Tilkendegivelse")
    _sub(body, "TilkendegivelseDato", "2024-03-14")
    _sub(body, "Tilkendegivelsestype", "OensketTilbud")
    return Message("small", "Tilkendegivelse", "TilkendegivelseRequest", 0, _tostring(root))


def typical() -> Message:
    data = _tostring(_aktivitet(2, level=1))
    return Message("typical", "Aktivitet", "AktivitetRequest", 2, data)


def large(items: int = LARGE_ITEMS, name: str = "large") -> Message:
    data = _tostring(_aktivitet(items, level=2))
    return Message(name, "Aktivitet", "AktivitetRequest", items, data)


def standard(quick: bool) -> list[Message]:
    """small, typical and large (smaller in --quick runs)."""
    return [small(), typical(), large(QUICK_LARGE_ITEMS if quick else LARGE_ITEMS)]


def check_valid(messages: list[Message], schema_path: Path) -> None:
    """Raise ValueError unless every message is valid against the message schema."""
    schema = etree.XMLSchema(etree.parse(str(schema_path)))
    for message in messages:
        if not schema.validate(etree.fromstring(message.data)):
            raise ValueError(f"benchmark message {message.name} is invalid: {schema.error_log}")


def difference(expected: bytes, actual: bytes) -> str | None:
    """None when both documents have the same elements and texts in order, else the first
    difference (prefixes, attribute order and the XML declaration are ignored)."""

    def items(data: bytes) -> list[tuple[str, str]]:
        root = etree.fromstring(data)
        return [(str(e.tag), (e.text or "").strip()) for e in root.iter() if isinstance(e.tag, str)]

    want, got = items(expected), items(actual)
    for n, (a, b) in enumerate(zip(want, got, strict=False)):
        if a != b:
            return f"element {n}: expected {a}, got {b}"
    if len(want) != len(got):
        return f"{len(got)} elements, expected {len(want)}"
    return None
