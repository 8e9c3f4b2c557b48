"""Load a contract's documents: the WSDLs and XSDs it reaches through imports and includes.

Each file is parsed once with a locked-down lxml parser (kept for line numbers) and handed to
xsdata's ``DefinitionsParser`` / ``SchemaParser`` for the object model the mapper
(`generator.reader`) reads. Line numbers: xsdata numbers each parsed element in document order
(``index``); the same order over lxml's tree of the file gives the element, and so its
``sourceline``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lxml import etree
from xsdata.codegen.parsers import DefinitionsParser, SchemaParser
from xsdata.exceptions import ParserError
from xsdata.formats.dataclass.models.generics import AnyElement
from xsdata.models import wsdl, xsd

from generator.errors import ContractError

XSDATA_DIR = Path(xsd.__file__).resolve().parents[1]

_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


def uri_of(path: Path) -> str:
    return path.resolve().as_uri()


def path_of(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path))


@dataclass
class File:
    uri: str
    kind: str  # wsdl | xsd
    root: Any  # the lxml root element
    elements: list[Any]  # lxml elements in document order, for index -> line

    def line(self, index: int) -> int:
        if 0 < index <= len(self.elements):
            return int(self.elements[index - 1].sourceline or 0)
        return 0


@dataclass
class Schema:
    """One schema document as loaded (embedded ones carry the WSDL as their file)."""

    model: xsd.Schema
    file: File
    namespace: str  # effective target namespace ('' for none)
    chameleon: bool


@dataclass
class Loader:
    files: dict[str, File] = field(default_factory=dict)
    schemas: dict[tuple[str, str, int], Schema] = field(default_factory=dict)
    definitions: list[tuple[wsdl.Definitions, File]] = field(default_factory=list)

    def file(self, uri: str, referrer: tuple[File, int] | None) -> File:
        if uri in self.files:
            return self.files[uri]
        path = path_of(uri)
        try:
            data = path.read_bytes()
        except OSError:
            what = "imported or included file" if referrer else "file"
            file, line = (referrer[0].uri, referrer[1]) if referrer else (uri, None)
            raise ContractError(
                f"{what} '{display(uri)}' does not exist", display(file), line
            ) from None
        try:
            root = etree.fromstring(data, _SAFE_PARSER, base_url=uri)
        except etree.XMLSyntaxError as exc:
            raise ContractError(
                f"not well-formed XML: {exc.msg}", display(uri), exc.lineno
            ) from None
        kind = "wsdl" if etree.QName(root).localname == "definitions" else "xsd"
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        f = File(uri, kind, root, elements)
        self.files[uri] = f
        return f

    def load_wsdl(self, uri: str, referrer: tuple[File, int] | None) -> None:
        f = self.file(uri, referrer)
        if any(d[1] is f for d in self.definitions):
            return
        if f.kind != "wsdl":
            self.load_schema(uri, None, referrer)
            return
        model = _parse(DefinitionsParser(location=uri), f, wsdl.Definitions)
        self.definitions.append((model, f))
        if model.types:
            for schema in model.types.schemas:
                self._register(schema, f, schema.target_namespace or "", chameleon=False)
        for imp in model.imports:
            if imp.location:
                self.load_wsdl(imp.location, (f, line_of(f, "import", "location", imp.location)))

    def load_schema(
        self, uri: str, chameleon_ns: str | None, referrer: tuple[File, int] | None
    ) -> None:
        f = self.file(uri, referrer)
        if f.kind == "wsdl":
            raise ContractError("a schema import points at a WSDL document", display(uri))
        key_ns = chameleon_ns or ""
        if any(
            s.file is f and s.namespace in (key_ns, s.model.target_namespace)
            for s in self.schemas.values()
        ):
            return
        model = _parse(SchemaParser(location=uri, target_namespace=chameleon_ns), f, xsd.Schema)
        declared = f.root.get("targetNamespace")
        self._register(
            model,
            f,
            model.target_namespace or "",
            chameleon=declared is None and bool(chameleon_ns),
        )

    def _register(self, model: xsd.Schema, f: File, namespace: str, chameleon: bool) -> None:
        key = (f.uri, namespace, model.index)
        if key in self.schemas:
            return
        self.schemas[key] = Schema(model, f, namespace, chameleon)
        for unsupported in (*model.redefines, *model.overrides):
            raise ContractError(
                f"xs:{type(unsupported).__name__.lower()} is not supported",
                display(f.uri),
                f.line(unsupported.index),
            )
        for inc in model.includes:
            if inc.location:
                self.load_schema(inc.location, namespace or None, (f, f.line(inc.index)))
        for imp in model.imports:
            if imp.location:
                self.load_schema(imp.location, None, (f, f.line(imp.index)))


def _parse(parser: SchemaParser, f: File, clazz: type[Any]) -> Any:
    try:
        return parser.from_bytes(etree.tostring(f.root.getroottree()), clazz)
    except ParserError as exc:
        raise ContractError(f"cannot read: {exc}", display(f.uri)) from None


def line_of(f: File, localname: str, attr: str, value: str) -> int:
    for e in f.elements:
        if etree.QName(e).localname == localname:
            got = e.get(attr)
            if got is not None and (got == value or value.endswith(got)):
                return int(e.sourceline or 0)
    return 0


def display(uri: str) -> str:
    """A path as a person would type it: relative to the working folder when inside it."""
    path = path_of(uri) if uri.startswith("file:") else Path(uri)
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


# -- documentation text ----------------------------------------------------------------------


def wsdl_doc(node: Any) -> str | None:
    doc = getattr(node, "documentation", None)
    return _clean(_texts(doc.elements)) if doc is not None else None


def _texts(content: Iterable[object]) -> Iterator[str]:
    for item in content:
        if isinstance(item, str):
            yield item
        elif isinstance(item, AnyElement):
            if item.text:
                yield item.text
            yield from _texts(item.children)
            if item.tail:
                yield item.tail


def _clean(parts: Iterable[str]) -> str | None:
    lines = [" ".join(line.split()) for line in "".join(parts).splitlines()]
    text = "\n".join(lines).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text or None


def doc_text(node: Any) -> str | None:
    docs = [
        _clean(_texts(d.content))
        for a in getattr(node, "annotations", [])
        for d in a.documentations
    ]
    joined = "\n\n".join(d for d in docs if d)
    return joined or None
