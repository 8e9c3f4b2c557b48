"""The contract files a version ships as package data, and the XSD to load per namespace.

Every WSDL and XSD the reader loaded is copied with its relative layout. lxml's XMLSchema
cannot load a WSDL, so for each namespace the WSDL's ``types`` section declares we name the
XSD that defines it (the target of its ``xs:include``/``xs:import``); a schema written inline
in the WSDL is extracted into ``_wsdl/<name>-<n>.xsd``; a namespace defined by several files
gets a small wrapper XSD that includes them all; a namespace the schemas only import is
validated with the service namespace's entry. When lxml cannot compile that, a patched copy
of the XSDs is added for it (see `_lxml_set`).
"""

from __future__ import annotations

import posixpath
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from generator import ir
from generator.contracts import ContractSource
from generator.errors import ContractError
from generator.locations import BUNDLED_DIR

XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass
class SchemaFiles:
    files: dict[str, bytes] = field(default_factory=dict)  # path under schemas/ → content
    entries: dict[str, str] = field(default_factory=dict)  # namespace → entry path


def contract_root(source: ContractSource, contract: ir.Contract) -> Path:
    """The folder IR paths are relative to (the entry WSDL's path names how deep it sits)."""
    depth = len(Path(contract.entry).parts)
    return source.entry.parents[depth - 1]


def collect(source: ContractSource, contract: ir.Contract) -> SchemaFiles:
    root = contract_root(source, contract)
    out = SchemaFiles()
    for path, files in sorted(_by_path(contract).items()):
        out.files[path] = _content(root, path, files)
    found: dict[str, list[str]] = {}
    for path in sorted(
        {f.path for f in contract.files if f.kind == "wsdl" and not f.path.startswith("(")}
    ):
        _wsdl_entries(path, out, found)
    for namespace, paths in sorted(found.items()):
        unique = list(dict.fromkeys(paths))
        if len(unique) == 1:
            out.entries[namespace] = unique[0]
        else:
            wrapper = f"_wsdl/all-{len(out.entries) + 1}.xsd"
            out.files[wrapper] = _wrapper(
                namespace, [posixpath.relpath(p, "_wsdl") for p in unique]
            )
            out.entries[namespace] = wrapper
    # A namespace only imported by the schemas (InvocationContext) is covered by the entry of
    # the service's own namespace, which imports it.
    main = out.entries.get(contract.target_namespace or "") or next(
        iter(out.entries.values()), None
    )
    for f in contract.files:
        if (
            main
            and f.kind == "xsd"
            and f.target_namespace
            and f.target_namespace not in out.entries
        ):
            out.entries[f.target_namespace] = main
    out.entries = dict(sorted(out.entries.items()))
    if not all(_compiles(out.files, entry) for entry in set(out.entries.values())):
        _lxml_set(contract, out)
    return out


# -- a set libxml2 accepts ---------------------------------------------------------------------
#
# libxml2 is stricter than other schema processors in two ways real KOMBIT contracts trip
# over: it honours only the first xs:import of a namespace (OIO schemas import one namespace
# from many files), and it rejects a reference into a namespace the referring *document* does
# not import itself (an included file relying on its parent's import). For such contracts we
# ship, next to the untouched originals, patched copies under _lxml/: every import of a
# namespace points at one file including all of that namespace, and missing imports are added.

LXML = "_lxml"
_QNAME_ATTRIBUTES = ("type", "ref", "base", "itemType", "memberTypes", "substitutionGroup")


def _compiles(files: dict[str, bytes], entry: str) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        for path, data in files.items():
            (Path(tmp) / path).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / path).write_bytes(data)
        try:
            etree.XMLSchema(etree.parse(str(Path(tmp) / entry), _PARSER))
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError):
            return False
    return True


def _lxml_set(contract: ir.Contract, out: SchemaFiles) -> None:
    xsd_files = sorted(p for p in out.files if p.endswith(".xsd") and not p.startswith(LXML))
    roots = {p: etree.fromstring(out.files[p], _PARSER) for p in xsd_files}
    by_namespace: dict[str, list[str]] = {}
    for path, root in roots.items():
        if root.get("targetNamespace") is not None:
            by_namespace.setdefault(root.get("targetNamespace", ""), []).append(path)
    aggregate = {ns: f"{LXML}/_ns/{n}.xsd" for n, ns in enumerate(sorted(by_namespace), 1)}
    for ns, target in aggregate.items():
        out.files[target] = _wrapper(
            ns,
            [posixpath.relpath(f"{LXML}/{p}", posixpath.dirname(target)) for p in by_namespace[ns]],
        )
    for path, root in roots.items():
        here = posixpath.dirname(f"{LXML}/{path}")
        own = root.get("targetNamespace", "")
        imported = set()
        for imp in root.findall(f"{{{XS}}}import"):
            ns = imp.get("namespace", "")
            imported.add(ns)
            if ns in aggregate:
                imp.set("schemaLocation", posixpath.relpath(aggregate[ns], here))
        for ns in sorted(_referenced(root) - imported - {own, XS, ""}):
            if ns in aggregate:
                imp = etree.Element(
                    f"{{{XS}}}import",
                    namespace=ns,
                    schemaLocation=posixpath.relpath(aggregate[ns], here),
                )
                root.insert(0, imp)
        out.files[f"{LXML}/{path}"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    # Each namespace is validated with the file that includes all of it.
    out.entries = {ns: aggregate.get(ns, entry) for ns, entry in out.entries.items()}


def _referenced(root: etree._Element) -> set[str]:
    """Namespaces named by QName-valued attributes anywhere in a schema document."""
    found: set[str] = set()
    for el in root.iter(f"{{{XS}}}*"):
        for attribute in _QNAME_ATTRIBUTES:
            for value in (el.get(attribute) or "").split():
                prefix = value.partition(":")[0] if ":" in value else None
                namespace = el.nsmap.get(prefix)
                if namespace:
                    found.add(namespace)
    return found


def _wsdl_entries(path: str, out: SchemaFiles, found: dict[str, list[str]]) -> None:
    root = etree.fromstring(out.files[path], _PARSER)
    if etree.QName(root).localname != "definitions":
        return
    folder = posixpath.dirname(path)
    stem = posixpath.splitext(posixpath.basename(path))[0]
    for n, schema in enumerate(root.iterfind(f"{{{WSDL}}}types/{{{XS}}}schema"), 1):
        namespace = schema.get("targetNamespace", "")
        content = [
            c for c in schema if isinstance(c.tag, str) and etree.QName(c).localname != "annotation"
        ]
        if all(etree.QName(c).localname in ("include", "import") for c in content):
            for c in content:
                location = c.get("schemaLocation")
                if location is None:
                    continue
                target = posixpath.normpath(posixpath.join(folder, location))
                if target not in out.files:
                    raise ContractError(
                        f"schemaLocation '{location}' is not a contract file", path, c.sourceline
                    )
                ns = namespace if etree.QName(c).localname == "include" else c.get("namespace", "")
                found.setdefault(ns, []).append(target)
        else:
            extracted = f"_wsdl/{stem}-{n}.xsd"
            out.files[extracted] = _extract(schema, root, folder)
            found.setdefault(namespace, []).append(extracted)


def _extract(schema: etree._Element, definitions: etree._Element, folder: str) -> bytes:
    """An inline WSDL schema as a standalone XSD (namespace declarations and paths fixed)."""
    nsmap = {k: v for k, v in definitions.nsmap.items()}
    nsmap.update(schema.nsmap)
    copy = etree.Element(schema.tag, dict(schema.attrib), nsmap=nsmap)
    for child in schema:
        if isinstance(child.tag, str):  # comments and processing instructions stay behind
            copy.append(_copy(child))
    for ref in copy.iter(f"{{{XS}}}include", f"{{{XS}}}import"):
        location = ref.get("schemaLocation")
        if location is not None:
            ref.set("schemaLocation", posixpath.relpath(posixpath.join(folder, location), "_wsdl"))
    return etree.tostring(copy, xml_declaration=True, encoding="UTF-8")


def _copy(el: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(el))


def _by_path(contract: ir.Contract) -> dict[str, list[ir.SchemaFile]]:
    found: dict[str, list[ir.SchemaFile]] = {}
    for f in contract.files:
        found.setdefault(f.path, []).append(f)
    return found


def _content(root: Path, path: str, files: list[ir.SchemaFile]) -> bytes:
    """A contract file as shipped: a bundled or mapped one read from where the reader found
    it, and each import the reader resolved elsewhere (a remote URL, a namespace-only import
    of a bundled schema) pointing at the shipped copy."""
    source = files[0].source
    if source is None:
        data = (root / path).read_bytes()
    elif source.startswith("(bundled)/"):
        data = (BUNDLED_DIR / source.removeprefix("(bundled)/")).read_bytes()
    else:
        data = Path(source).read_bytes()
    moved = {(ns, written): target for f in files for ns, written, target in f.locations}
    if not moved:
        return data
    tree = etree.fromstring(data, _PARSER)
    here = posixpath.dirname(path)
    for el in tree.iter(f"{{{XS}}}import", f"{{{XS}}}include", f"{{{WSDL}}}import"):
        attribute = "location" if el.tag == f"{{{WSDL}}}import" else "schemaLocation"
        key = (el.get("namespace", ""), el.get(attribute, ""))
        if el.tag == f"{{{XS}}}include":
            key = next((k for k in moved if k[1] == key[1]), key)
        if key in moved:
            el.set(attribute, posixpath.relpath(moved[key], here or "."))
    return etree.tostring(tree.getroottree(), xml_declaration=True, encoding="UTF-8")


def _wrapper(namespace: str, paths: list[str]) -> bytes:
    schema = etree.Element(f"{{{XS}}}schema", nsmap={"xs": XS}, targetNamespace=namespace)
    for p in paths:
        etree.SubElement(schema, f"{{{XS}}}include", schemaLocation=p)
    return etree.tostring(schema, xml_declaration=True, encoding="UTF-8")
