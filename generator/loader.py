"""Load a contract's documents: the WSDLs and XSDs it reaches through imports and includes.

Each file is parsed once with a locked-down lxml parser (kept for line numbers) and handed to
xsdata's ``DefinitionsParser`` / ``SchemaParser`` for the object model the mapper
(`generator.reader`) reads. Line numbers: xsdata numbers each parsed element in document order
(``index``); the same order over lxml's tree of the file gives the element, and so its
``sourceline``.
"""

from __future__ import annotations

import os
import posixpath
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lxml import etree
from xsdata.codegen.parsers import DefinitionsParser, SchemaParser
from xsdata.exceptions import ConverterWarning, ParserError
from xsdata.formats.dataclass.models.generics import AnyElement
from xsdata.models import wsdl, xsd

from generator.errors import ContractError
from generator.locations import BUNDLED_DIR, Resolver, bundled

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"

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
    resolver: Resolver
    files: dict[str, File] = field(default_factory=dict)
    schemas: dict[tuple[str, str, int], Schema] = field(default_factory=dict)
    definitions: list[tuple[wsdl.Definitions, File]] = field(default_factory=list)
    # (importing file URI, namespace, location as written, URI of the file it resolved to)
    resolved: list[tuple[str, str, str, str]] = field(default_factory=list)
    # namespace → the imports that want its bundled schema (loaded only if nothing defines it)
    wanted: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def load(self, entry: Path) -> None:
        """Load the entry WSDL and everything it reaches, then the bundled schemas wanted."""
        self.load_wsdl(uri_of(entry), referrer=None)
        while pending := [ns for ns in self.wanted if not self._defines(ns)]:
            for namespace in pending:
                uri = bundled(namespace)
                assert uri is not None  # only bundled namespaces are wanted
                for importer, location in self.wanted.pop(namespace):
                    self.resolved.append((importer, namespace, location, uri))
                self.load_schema(uri, None, None)
        self.wanted.clear()

    def _defines(self, namespace: str) -> bool:
        return any(s.namespace == namespace for s in self.schemas.values())

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
        if not isinstance(root.tag, str):  # pragma: no cover - lxml returns the element
            raise ContractError("no root element", display(uri))
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
        for el in f.elements:
            if el.tag == f"{{{WSDL_NS}}}import" and el.get("location"):
                line = int(el.sourceline or 0)
                target = self._resolve(f, line, el.get("location"), el.get("namespace") or "")
                if target is not None:
                    self.load_wsdl(target, (f, line))

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
            line = f.line(inc.index)
            if inc.schema_location:
                target = self._resolve(f, line, inc.schema_location, namespace)
                if target is not None:
                    self.load_schema(target, namespace or None, (f, line))
        for imp in model.imports:
            line = f.line(imp.index)
            if imp.schema_location:
                target = self._resolve(f, line, imp.schema_location, imp.namespace)
                if target is not None:
                    self.load_schema(target, None, (f, line))
            elif imp.namespace and bundled(imp.namespace):
                self.wanted.setdefault(imp.namespace, []).append((f.uri, ""))

    def _resolve(self, f: File, line: int, location: str, namespace: str | None) -> str | None:
        """The URI to load for ``location``; None when a bundled schema is wanted instead."""
        try:
            target = self.resolver.resolve(location, namespace, f.uri)
        except ContractError as exc:
            raise ContractError(exc.message, display(f.uri), line) from None
        if target is None:
            self.wanted.setdefault(namespace or "", []).append((f.uri, location))
        else:
            self.resolved.append((f.uri, namespace or "", location, target))
        return target


@dataclass
class Layout:
    """Where each loaded file sits in the IR, and so in an SDK's ``schemas/`` folder.

    A contract file keeps its path relative to the contract root (the common folder of the
    contract's files); a bundled schema goes under ``_bundled/``, a file the user mapped
    under ``_mapped/``, each recording where it was read (``source``).
    """

    root: Path
    paths: dict[str, str]  # file URI → path
    sources: dict[str, str]  # file URI → where a file from outside the contract was read

    @classmethod
    def of(cls, loader: Loader) -> Layout:
        folder = loader.resolver.folder
        inside = [path_of(u) for u in loader.files if path_of(u).is_relative_to(folder)]
        root = Path(os.path.commonpath([p.parent for p in inside]))
        paths: dict[str, str] = {}
        sources: dict[str, str] = {}
        for uri in loader.files:
            path = path_of(uri)
            if path.is_relative_to(folder):
                paths[uri] = path.relative_to(root).as_posix()
            elif path.is_relative_to(BUNDLED_DIR):
                paths[uri] = f"_bundled/{path.relative_to(BUNDLED_DIR).as_posix()}"
                sources[uri] = f"(bundled)/{path.relative_to(BUNDLED_DIR).as_posix()}"
            else:
                paths[uri] = f"_mapped/{len(sources) + 1}/{path.name}"
                sources[uri] = str(path)
        return cls(root, paths, sources)

    def locations(self, loader: Loader, uri: str) -> tuple[tuple[str, str, str], ...]:
        """(namespace, location as written, path of its file) for each import in the file
        at ``uri`` whose written location does not already lead to that path."""
        here = posixpath.dirname(self.paths[uri])
        found = set()
        for importer, namespace, written, target in loader.resolved:
            path = self.paths.get(target)
            if importer != uri or path is None:
                continue
            plain = not urlparse(written).scheme and written
            if not plain or posixpath.normpath(posixpath.join(here, written)) != path:
                found.add((namespace, written, path))
        return tuple(sorted(found))


def _parse(parser: SchemaParser, f: File, clazz: type[Any]) -> Any:
    try:
        with warnings.catch_warnings():
            # A value xsdata cannot convert stays as text; the mapper reports it with its line.
            warnings.simplefilter("ignore", ConverterWarning)
            return parser.from_bytes(etree.tostring(f.root.getroottree()), clazz)
    except (ParserError, AssertionError, ValueError, TypeError) as exc:
        # xsdata checks some values (maxOccurs >= minOccurs, ...) with assert.
        problem = str(exc) or "a value xsdata refuses (e.g. maxOccurs less than minOccurs)"
        raise ContractError(f"cannot read: {problem}", display(f.uri)) from None


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
