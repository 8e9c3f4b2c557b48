"""A binding's security model, read from the WS-Policy it references.

KOMBIT's WSDLs attach ``policies.wsdl#ServiceplatformBindingPolicy`` to the binding; that
policy points (through ``ExactlyOne``/``All``/``PolicyReference``) at the concrete one: a
``TransportBinding`` requiring a client certificate (the context model) or an
``AsymmetricBinding`` with an issued SAML token (the token model, OIO-IDWS). xsdata does not
read policies, so this reads the already-loaded lxml documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol, TypeVar
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from lxml import etree

from generator import ir
from generator.contracts import ContractSource
from generator.errors import ContractError
from generator.ir import QName

WSDL = "http://schemas.xmlsoap.org/wsdl/"
WSP = ("http://www.w3.org/ns/ws-policy", "http://schemas.xmlsoap.org/ws/2004/09/policy")
SP = "http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
_BINDINGS = (f"{{{SP}}}TransportBinding", f"{{{SP}}}AsymmetricBinding")
_SAML = (f"{{{SP}}}IssuedToken", f"{{{SP}}}SamlToken")


class Document(Protocol):
    @property
    def root(self) -> etree._Element: ...


D = TypeVar("D", bound=Document)


@dataclass(frozen=True)
class _Loaded:
    root: etree._Element


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def variant_security(source: ContractSource) -> ir.Security | None:
    """The security of the manifest's token variant (``token_entry_wsdl``): its first binding's
    policy. Only the WSDL and the WSDLs it imports are read (the schemas are the context
    variant's, the port type the same)."""
    if source.manifest is None or source.manifest.token_entry_wsdl is None:
        return None
    entry = (source.folder / source.manifest.token_entry_wsdl).resolve().as_uri()
    documents: dict[str, _Loaded] = {}
    folder = source.folder.resolve()

    def name_of(document: _Loaded) -> str:
        return _path(document.root.base or "").relative_to(folder).as_posix()

    pending = [entry]
    while pending:
        uri = pending.pop()
        if uri in documents:
            continue
        path = _path(uri)
        try:
            root = etree.parse(str(path), _PARSER, base_url=uri).getroot()
        except (OSError, etree.XMLSyntaxError) as exc:
            raise ContractError(f"cannot read the token variant: {exc}", str(path)) from None
        documents[uri] = _Loaded(root)
        imports = root.iterfind(f"{{{WSDL}}}import")
        pending += [urljoin(uri, i.get("location", "")) for i in imports]
    root = documents[entry].root
    for binding in root.iterfind(f"{{{WSDL}}}binding"):
        found = binding_security(root, binding.get("name", ""), documents, name_of)
        if found is not None:
            return found
    return None


def _path(uri: str) -> Path:
    return Path(unquote(urlsplit(uri).path))


def binding_security(
    wsdl_root: etree._Element,
    binding: str,
    documents: Mapping[str, D],
    name_of: Callable[[D], str],
) -> ir.Security | None:
    """The security model of the binding named ``binding`` in ``wsdl_root``; None without a
    policy. ``documents`` are the loaded files by URI, ``name_of`` names one in locations."""

    def rel(uri: str) -> str:
        return name_of(documents[uri])

    element = next(
        (b for b in wsdl_root.iterfind(f"{{{WSDL}}}binding") if b.get("name") == binding), None
    )
    if element is None:
        return None
    resolver = _Resolver(documents, rel)
    attached = [
        c for c in element if _is_policy(c.tag, "Policy") or _is_policy(c.tag, "PolicyReference")
    ]
    found = [a for child in attached for a in resolver.assertions(child)]
    concrete = [a for a in found if a.tag in _BINDINGS]
    if not concrete:
        if found:
            first = found[0]
            raise ContractError(
                f"binding '{binding}': policy states no TransportBinding or AsymmetricBinding",
                rel(first.base or ""),
                first.sourceline,
            )
        return None
    assertion = concrete[0]
    policy = assertion.getparent()
    while policy is not None and not _is_policy(policy.tag, "Policy"):
        policy = policy.getparent()
    name = (policy.get(f"{{{WSU}}}Id") or policy.get("Name") or "") if policy is not None else ""
    where = policy if policy is not None else assertion
    return ir.Security(
        model=_model(assertion, found),
        policy=name,
        signed_parts=tuple(p for a in found for p in _signed_parts(a)),
        include_timestamp=any(True for a in found for _ in a.iter(f"{{{SP}}}IncludeTimestamp")),
        algorithm_suite=_algorithm_suite(assertion),
        location=ir.Location(rel(where.base or ""), where.sourceline or 0),
    )


def _model(
    binding: etree._Element, assertions: list[etree._Element]
) -> Literal["context", "token", "certificate"]:
    """TransportBinding: context; an AsymmetricBinding with a SAML token anywhere in the policy:
    token; one with X.509 tokens only (KOMBIT's STS): certificate."""
    if binding.tag == f"{{{SP}}}TransportBinding":
        return "context"
    saml = any(True for a in assertions for e in a.iter(*_SAML))
    return "token" if saml else "certificate"


def _is_policy(tag: object, local: str) -> bool:
    return isinstance(tag, str) and any(tag == f"{{{ns}}}{local}" for ns in WSP)


class _Resolver:
    """Walks policy operators, following references across documents."""

    def __init__(self, documents: Mapping[str, Document], rel: Callable[[str], str]) -> None:
        self.documents = documents
        self.rel = rel
        self.seen: set[str] = set()

    def assertions(self, node: etree._Element) -> Iterator[etree._Element]:
        """The assertions under ``node`` (the first alternative of an ExactlyOne)."""
        if not isinstance(node.tag, str):
            return
        if _is_policy(node.tag, "PolicyReference"):
            yield from self.assertions(self.resolve(node))
        elif _is_policy(node.tag, "Policy") or _is_policy(node.tag, "All"):
            for child in node:
                yield from self.assertions(child)
        elif _is_policy(node.tag, "ExactlyOne"):
            first = next((c for c in node if isinstance(c.tag, str)), None)
            if first is not None:
                yield from self.assertions(first)
        elif etree.QName(node).namespace not in (WSDL, *WSP):
            yield node

    def resolve(self, reference: etree._Element) -> etree._Element:
        uri = reference.get("URI", "")
        target = urljoin(reference.base or "", uri)
        document, fragment = urldefrag(target)
        where = (self.rel(reference.base or ""), reference.sourceline)
        if target in self.seen:
            raise ContractError(f"policy reference '{uri}' is circular", *where)
        self.seen.add(target)
        loaded = self.documents.get(document)
        if loaded is None:
            name = Path(document).name
            raise ContractError(f"policy reference '{uri}': '{name}' is not imported", *where)
        match = _find(loaded, uri, fragment)
        if match is None and not uri.partition("#")[0]:
            # "#Id" where the policy sits in a WSDL this one imports (KOMBIT's SF1500 v6 puts
            # every binding's policy in an imported policies/OIOIDWS.wsdl).
            found = (_find(d, uri, fragment) for d in self.documents.values() if d is not loaded)
            match = next((m for m in found if m is not None), None)
        if match is not None:
            return match
        raise ContractError(f"policy reference '{uri}' names no policy", *where)


def _find(document: Document, uri: str, fragment: str) -> etree._Element | None:
    policies = [p for p in document.root.iter() if _is_policy(p.tag, "Policy")]
    match = next((p for p in policies if p.get(f"{{{WSU}}}Id") == fragment), None)
    if match is None:
        match = next((p for p in policies if p.get("Name") == uri), None)
    return match


def _signed_parts(assertion: etree._Element) -> Iterator[str]:
    if assertion.tag != f"{{{SP}}}SignedParts":
        return
    for part in assertion:
        if part.tag == f"{{{SP}}}Body":
            yield "Body"
        elif part.tag == f"{{{SP}}}Header":
            yield str(QName(part.get("Namespace", ""), part.get("Name", "")))


def _algorithm_suite(binding: etree._Element) -> str | None:
    suite = binding.find(f".//{{{SP}}}AlgorithmSuite")
    if suite is None:
        return None
    names = [etree.QName(e).localname for e in suite.iter() if etree.QName(e).namespace == SP]
    return names[1] if len(names) > 1 else None
