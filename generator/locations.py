"""Where an ``xs:import``/``xs:include``/``wsdl:import`` location points, without the network.

The generator never fetches anything. A location is resolved, in order, from

1. the user's mapping: ``--schema-map URL=PATH`` and OASIS XML catalog files (``uri``,
   ``system``, ``rewriteURI`` and ``rewriteSystem`` entries);
2. a relative path, which must stay inside the contract folder (or inside the folder of the
   bundled schemas or of a mapped file, for the files those import themselves);
3. a file of the same name beside the importing file (for a remote URL, or a relative one
   whose file is missing; WCF's ``?xsd=xsd0`` style too);
4. the bundled copies of well-known W3C/OASIS schemas (``generator/schemas/``, by namespace
   or file name).

Anything else (a remote URL with no local copy, ``file://`` or ``../`` reaching outside the
contract folder) is a `ContractError` naming the import and the option that fixes it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urljoin, urlparse

from lxml import etree

from generator.errors import ContractError, UsageError

BUNDLED_DIR = Path(__file__).resolve().parent / "schemas"
CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
REMOTE_SCHEMES = ("http", "https", "ftp")

# namespace → bundled file (see generator/schemas/SOURCES.md for where each comes from)
BUNDLED = {
    "http://www.w3.org/XML/1998/namespace": "xml.xsd",
    "http://www.w3.org/1999/xlink": "xlink.xsd",
    "http://www.w3.org/2000/09/xmldsig#": "xmldsig-core-schema.xsd",
    "http://www.w3.org/2001/04/xmlenc#": "xenc-schema.xsd",
    "http://schemas.xmlsoap.org/soap/encoding/": "soap-encoding.xsd",
    "urn:oasis:names:tc:SAML:2.0:assertion": "saml-schema-assertion-2.0.xsd",
    "http://www.w3.org/2005/08/addressing": "ws-addr.xsd",
    "http://www.w3.org/2005/05/xmlmime": "xmlmime.xsd",
    "http://www.w3.org/2004/08/xop/include": "xop-include.xsd",
    "http://docs.oasis-open.org/wsn/b-2": "b-2.xsd",
    "http://docs.oasis-open.org/wsrf/bf-2": "bf-2.xsd",
    "http://docs.oasis-open.org/wsn/t-1": "t-1.xsd",
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd": (
        "oasis-200401-wss-wssecurity-utility-1.0.xsd"
    ),
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True)
class SchemaMap:
    """The user's mapping of locations to local files (``--schema-map``, ``--catalog``)."""

    mapping: tuple[tuple[str, Path], ...] = ()  # exact URL → local file
    rewrites: tuple[tuple[str, str], ...] = ()  # URL prefix → replacement (catalog rewrites)


NO_SCHEMA_MAP = SchemaMap()


@dataclass(frozen=True)
class Resolver:
    """Resolves import locations for one contract (see the module docstring)."""

    folder: Path  # the contract folder: relative imports must stay inside it
    user: SchemaMap = NO_SCHEMA_MAP

    @property
    def mapping(self) -> Mapping[str, Path]:
        return dict(self.user.mapping)

    @property
    def rewrites(self) -> tuple[tuple[str, str], ...]:
        return self.user.rewrites

    def resolve(self, location: str, namespace: str | None, importer: str) -> str | None:
        """The file URI ``location`` (as written in the file at URI ``importer``) stands for.

        None when it stands for a bundled schema of ``namespace`` that is only loaded if the
        contract does not define that namespace itself (see `bundled`). Raises
        `ContractError` (without file and line: the caller knows them).
        """
        mapped = self._mapped(location)
        if mapped is not None:
            return mapped.as_uri()
        url = urlparse(location)
        if url.scheme in REMOTE_SCHEMES:
            return self._fallback(location, namespace, importer, remote=True)
        if url.scheme and url.scheme != "file" and len(url.scheme) > 1:
            raise ContractError(f"import '{location}': unsupported URL scheme '{url.scheme}'")
        target = Path(unquote(urljoin(importer, location).removeprefix("file://")))
        if url.scheme == "file":
            target = Path(unquote(url.path))
        target = Path(posixpath.normpath(target.as_posix()))
        if not self._allowed(target, Path(unquote(urlparse(importer).path))):
            # A saved copy beside the importer stands in (svcutil saves a contract flat).
            beside = self._beside(location, namespace, importer)
            if beside is not None:
                return beside
            raise ContractError(
                f"import '{location}' reaches outside the contract folder "
                f"'{self.folder}': imports must stay inside it (if the contract starts higher "
                "up, name its folder with --contract-folder DIR) or come from the bundled "
                "schemas; map a file you trust with --schema-map URL=PATH"
            )
        if target.is_file():
            return target.as_uri()
        return self._fallback(location, namespace, importer, remote=False)

    def _mapped(self, location: str) -> Path | None:
        if location in self.mapping:
            return self.mapping[location]
        for prefix, replacement in sorted(self.rewrites, key=lambda r: -len(r[0])):
            if location.startswith(prefix):
                return Path(replacement + location[len(prefix) :])
        return None

    def _allowed(self, target: Path, importer: Path) -> bool:
        roots = [self.folder, BUNDLED_DIR, *(p.parent for p in self.mapping.values())]
        roots += [Path(r) for _, r in self.rewrites]
        # A file the user mapped may include its own siblings.
        if not importer.is_relative_to(self.folder):
            roots.append(importer.parent)
        return any(target.is_relative_to(r) for r in roots)

    def _beside(self, location: str, namespace: str | None, importer: str) -> str | None:
        """A file of the same name as ``location`` beside the importing file, if any."""
        folder = Path(unquote(urlparse(importer).path)).parent
        for name in _candidate_names(location, namespace):
            if (folder / name).is_file() and (folder / name).is_relative_to(self.folder):
                return (folder / name).as_uri()
        return None

    def _fallback(
        self, location: str, namespace: str | None, importer: str, remote: bool
    ) -> str | None:
        beside = self._beside(location, namespace, importer)
        if beside is not None:
            return beside
        bundled = _bundled_name(location, namespace)
        if bundled is not None:
            return None if namespace in BUNDLED else (BUNDLED_DIR / bundled).as_uri()
        if not remote:
            raise ContractError(f"imported or included file '{location}' does not exist")
        name = next(iter(_candidate_names(location, namespace)), "the file")
        raise ContractError(
            f"schemaLocation '{location}' is remote and the generator never downloads: "
            f"save it as {name} beside the importing file, or map it to a local copy with "
            f"--schema-map '{location}=PATH' or an XML catalog (--catalog FILE)"
        )


def bundled(namespace: str) -> str | None:
    """The URI of the bundled schema for ``namespace``, if there is one."""
    name = BUNDLED.get(namespace)
    return (BUNDLED_DIR / name).as_uri() if name else None


def _bundled_name(location: str, namespace: str | None) -> str | None:
    if namespace in BUNDLED:
        return BUNDLED[namespace]
    name = posixpath.basename(urlparse(location).path)
    return name if name in BUNDLED.values() else None


def _candidate_names(location: str, namespace: str | None) -> list[str]:
    """File names a saved copy of ``location`` goes by: its own name, WCF's ``?xsd=xsd0``
    as ``xsd0.xsd``, and svcutil's name for a namespace (``tempuri.org.xsd``)."""
    url = urlparse(location)
    names = [posixpath.basename(url.path)] if posixpath.splitext(url.path)[1] else []
    for key, value in parse_qsl(url.query):
        if key.lower() in ("xsd", "wsdl") and value:
            names.append(f"{value}.{key.lower()}")
    if namespace:
        ns = urlparse(namespace)
        svcutil = (ns.netloc + ns.path).strip("/").replace("/", ".") if ns.netloc else ""
        if svcutil:
            names.append(f"{svcutil}.xsd")
    return [n for n in dict.fromkeys(names) if n and "/" not in n and n not in ("..", ".")]


# -- building a resolver from the command line ------------------------------------------------


def schema_map(maps: Iterable[str] = (), catalogs: Iterable[Path] = ()) -> SchemaMap:
    """The mapping given by ``--schema-map URL=PATH`` and ``--catalog FILE`` options."""
    mapping: dict[str, Path] = {}
    rewrites: list[tuple[str, str]] = []
    for catalog in catalogs:
        _read_catalog(catalog, mapping, rewrites)
    for item in maps:
        url, sep, path = item.partition("=")
        if not sep or not url or not path:
            raise UsageError(f"--schema-map takes URL=PATH, not '{item}'")
        local = Path(path).resolve()
        if not local.is_file():
            raise UsageError(f"--schema-map {url}: '{path}' is not a file")
        mapping[url] = local
    return SchemaMap(tuple(mapping.items()), tuple(rewrites))


def _read_catalog(path: Path, mapping: dict[str, Path], rewrites: list[tuple[str, str]]) -> None:
    try:
        root = etree.parse(str(path), _PARSER).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise UsageError(f"--catalog '{path}': cannot read: {exc}") from None
    base = path.resolve().as_uri()
    for el in root.iter(f"{{{CATALOG_NS}}}*"):
        kind = etree.QName(el).localname
        if kind in ("uri", "system"):
            key, target = el.get("name") or el.get("systemId"), el.get("uri")
            if key and target:
                mapping[key] = Path(unquote(urlparse(urljoin(base, target)).path))
        elif kind in ("rewriteURI", "rewriteSystem"):
            start = el.get("uriStartString") or el.get("systemIdStartString")
            prefix = el.get("rewritePrefix")
            if start and prefix:
                rewrites.append((start, unquote(urlparse(urljoin(base, prefix)).path)))
