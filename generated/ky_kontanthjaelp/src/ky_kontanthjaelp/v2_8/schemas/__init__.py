"""The contract's WSDL and XSD files, as shipped by the contract; load them with lxml.

``ENTRIES`` names, per namespace, the XSD that defines it (with everything it includes and
imports); ``xml_schema(namespace)`` loads it once as an ``lxml.etree.XMLSchema``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

DIR = Path(__file__).resolve().parent
TARGET_NAMESPACE = "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/"
WSDL = "wsdl/context/KontanthjaelpService.wsdl"
"""The entry WSDL, relative to ``DIR``."""
ENTRIES: dict[str, str] = {
    "http://serviceplatformen.dk/xml/schemas/InvocationContext/1/": "KontanthjaelpServiceMsg.xsd",
    "http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/": "sp/ServiceplatformFault_1.xsd",
    "http://serviceplatformen.dk/xml/wsdl/soap11/KY/Kontanthjaelp/2/": "KontanthjaelpServiceMsg.xsd",
}


@cache
def xml_schema(namespace: str | None = None) -> etree.XMLSchema:
    """The XMLSchema for ``namespace`` (default: the service's own namespace)."""
    entry = ENTRIES[namespace if namespace is not None else TARGET_NAMESPACE]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(DIR / entry), parser))
