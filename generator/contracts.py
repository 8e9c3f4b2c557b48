"""Find contract versions and read their manifests.

A contract reference (REF) takes one of three forms:

* ``service/version`` (``kontanthjaelp/2.8``), looked up under the contracts folder;
* a contract version folder, one that holds a ``contract.toml``;
* a WSDL file anywhere on disk (no manifest: names come from the WSDL).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ContractError, UsageError
from generator.ir import Manifest
from generator.locations import NO_SCHEMA_MAP, SchemaMap

MANIFEST = "contract.toml"
# names that become file and folder names (reports/<service>-<old>-<new>.md, v<version>/,
# src/<package>/): one path segment, no leading dot, no "..", nothing a shell or OS reads
_PATH_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
REQUIRED_KEYS = (
    "service",
    "title",
    "integration_version",
    "service_version",
    "web_service",
    "entry_wsdl",
    "message_xsd",
    "service_uuid",
    "entity_id",
    "endpoints",
)


@dataclass(frozen=True)
class ContractSource:
    """Where one contract version lives on disk."""

    service: str
    version: str | None
    entry: Path  # the entry WSDL, absolute
    folder: Path  # the contract version folder (or the WSDL's folder)
    manifest: Manifest | None = None
    schemas: SchemaMap = NO_SCHEMA_MAP  # the user's local copies of remote schemas

    @property
    def ref(self) -> str:
        return f"{self.service}/{self.version}" if self.version else str(self.entry)


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Order versions naturally: 2.9 < 2.10."""
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in re.split(r"[.\-]", version))


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else None
        raise ContractError(f"not valid TOML: {exc}", path, line) from None
    except OSError as exc:
        raise ContractError(f"cannot read: {exc.strerror}", path) from None
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise ContractError(f"missing required key(s): {', '.join(missing)}", path)
    text = {k: str(data[k]) for k in REQUIRED_KEYS if k != "endpoints"}
    for key in ("service", "integration_version"):
        if not is_path_name(text[key]):
            raise ContractError(
                f"{key} {text[key]!r} cannot be a file name (letters, digits, '.', '_', '-')",
                path,
                _line_of(path, key),
            )
    token_entry = data.get("token_entry_wsdl")
    if token_entry is not None and not (folder / str(token_entry)).is_file():
        raise ContractError(f"token_entry_wsdl '{token_entry}' does not exist", path)
    return Manifest(
        **text,
        endpoints=_endpoints(data, "endpoints", path),
        valid_from=str(data["valid_from"]) if "valid_from" in data else None,
        releases=_releases(data, text["integration_version"], path),
        token_entry_wsdl=str(token_entry) if token_entry is not None else None,
        token_endpoints=_endpoints(data, "token_endpoints", path),
    )


def _releases(data: dict[str, object], version: str, path: Path) -> tuple[tuple[str, str], ...]:
    """``[releases]``: SDK releases of this contract version beyond ``<version>.0`` (a generator
    fix ships as ``2.8.1``), each with its changelog note; oldest first."""
    table = data.get("releases", {})
    if not isinstance(table, dict):
        raise ContractError('\'releases\' must be a table of "X.Y.N" = "note"', path)
    found = []
    for release, note in table.items():
        line = _line_of(path, release)
        match = re.fullmatch(rf"{re.escape(version)}\.([1-9][0-9]*)", release)
        if match is None or not isinstance(note, str):
            raise ContractError(
                f"release '{release}' must be {version}.N (N from 1) = \"what changed\"", path, line
            )
        found.append((int(match.group(1)), release, note))
    return tuple((release, note) for _, release, note in sorted(found))


def is_path_name(name: str) -> bool:
    """Whether ``name`` is safe as one segment of a generated path (no escape from --out)."""
    return bool(_PATH_NAME.fullmatch(name)) and ".." not in name


def checked_package(package: str) -> str:
    """``package`` when it is a plain import name (it becomes the folder src/<package>/)."""
    if not package.isidentifier() or not package.isascii():
        raise UsageError(f"--package {package!r} is not a Python import name")
    return package


def _line_of(path: Path, key: str) -> int | None:
    """The line of ``key = ...`` (bare or quoted) in a TOML file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line):
            return number
    return None


def _endpoints(data: dict[str, object], key: str, path: Path) -> tuple[tuple[str, str], ...]:
    endpoints = data.get(key, {})
    if not isinstance(endpoints, dict):
        raise ContractError(f"'{key}' must be a table of name = URL", path)
    return tuple(sorted((str(k), str(v)) for k, v in endpoints.items()))


def from_folder(folder: Path) -> ContractSource:
    folder = folder.resolve()
    manifest = read_manifest(folder)
    entry = folder / manifest.entry_wsdl
    if not entry.is_file():
        raise ContractError(f"entry_wsdl '{manifest.entry_wsdl}' does not exist", folder / MANIFEST)
    check_folder(folder, manifest)
    return ContractSource(
        service=manifest.service,
        version=manifest.integration_version,
        entry=entry,
        folder=folder,
        manifest=manifest,
    )


def check_folder(folder: Path, manifest: Manifest) -> None:
    """What a version folder copied without editing gets wrong: its name, its endpoints, the
    ``version`` attribute of its own schemas must all agree with ``contract.toml``."""
    path = folder / MANIFEST
    version = manifest.integration_version
    if folder.name != version:
        raise ContractError(
            f"integration_version '{version}' differs from the folder name '{folder.name}'",
            path,
            _line_of(path, "integration_version"),
        )
    for name, url in manifest.endpoints + manifest.token_endpoints:
        if not url.startswith("https://"):
            raise ContractError(
                f"endpoint '{name}' is not https: {url}", path, _line_of(path, name)
            )
    own = _schema_attribute(folder / manifest.message_xsd, "targetNamespace")
    for xsd in sorted(folder.rglob("*.xsd")):
        namespace = _schema_attribute(xsd, "targetNamespace")
        if own is None or namespace is None or namespace[0] != own[0]:
            continue  # a platform schema (InvocationContext, ...) has its own versions
        found = _schema_attribute(xsd, "version")
        if found is not None and found[0] != version:
            raise ContractError(
                f"schema version '{found[0]}' differs from integration_version '{version}' "
                f"in {MANIFEST}",
                xsd,
                found[1],
            )


def _schema_attribute(xsd: Path, name: str) -> tuple[str, int] | None:
    """An attribute of the ``schema`` start tag and its line, read as text: a broken schema is
    the reader's to report, in its own words."""
    try:
        text = xsd.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    tag = re.search(r"<(?:\w+:)?schema\b[^>]*>", text)
    found = tag and re.search(rf"\s{name}\s*=\s*([\"'])(.*?)\1", tag.group(0), re.S)
    if not tag or not found:
        return None
    return found.group(2), text.count("\n", 0, tag.start() + found.start(2)) + 1


def from_wsdl(
    path: Path,
    service: str | None = None,
    folder: Path | None = None,
    schemas: SchemaMap = NO_SCHEMA_MAP,
) -> ContractSource:
    """A bare WSDL; its imports must stay inside ``folder`` (default: `contract_folder`)."""
    path = path.resolve()
    if not is_path_name(service or path.stem):
        raise UsageError(f"the service name {service or path.stem!r} cannot be a file name")
    return ContractSource(
        service=service or path.stem,
        version=None,
        entry=path,
        folder=folder.resolve() if folder else contract_folder(path),
        schemas=schemas,
    )


def contract_folder(wsdl: Path) -> Path:
    """The folder a bare WSDL's imports must stay inside: the contract version folder around
    it (one with a contract.toml), else the package around a Serviceplatformen ``wsdl/``
    folder (KOMBIT ships ``<package>/wsdl/context/X.wsdl`` importing ``../../X.xsd``), else
    the working folder when the WSDL is inside it, else the WSDL's own folder."""
    for parent in wsdl.parents:
        if (parent / MANIFEST).is_file():
            return parent
    for parent in wsdl.parents:
        if parent.name == "wsdl":
            return parent.parent
    cwd = Path.cwd().resolve()
    return cwd if wsdl.is_relative_to(cwd) else wsdl.parent


def discover(contracts_dir: Path) -> list[ContractSource]:
    """Every contract version under ``contracts_dir``, by service then version."""
    if not contracts_dir.is_dir():
        raise UsageError(f"contracts folder '{contracts_dir}' does not exist")
    found = [from_folder(m.parent) for m in sorted(contracts_dir.glob(f"*/*/{MANIFEST}"))]
    if not found:
        raise ContractError(f"no contract versions (*/*/{MANIFEST}) found", contracts_dir)
    return ordered(found)


def ordered(sources: Iterable[ContractSource]) -> list[ContractSource]:
    """By service, then version; one service version in two folders is an error (a copy)."""
    seen: dict[tuple[str, str], ContractSource] = {}
    for source in sources:
        first = seen.setdefault((source.service, source.version or str(source.entry)), source)
        if first.folder != source.folder:
            path = source.folder / MANIFEST
            raise ContractError(
                f"{source.service} {source.version} is also in {first.folder / MANIFEST}",
                path,
                _line_of(path, "integration_version"),
            )
    return sorted(seen.values(), key=lambda s: (s.service, version_key(s.version or "")))


def versions_of(service: str, contracts_dir: Path) -> list[ContractSource]:
    found = [s for s in discover(contracts_dir) if s.service == service]
    if not found:
        raise UsageError(f"no service '{service}' under '{contracts_dir}'")
    return found


def resolve(ref: str, contracts_dir: Path) -> ContractSource:
    """Turn a REF (service/version, version folder or WSDL path) into a source."""
    path = Path(ref)
    if path.suffix.lower() == ".wsdl":
        if not path.is_file():
            raise UsageError(f"WSDL file '{ref}' does not exist")
        return from_wsdl(path)
    if (path / MANIFEST).is_file():
        return from_folder(path)
    candidate = contracts_dir / ref
    if re.fullmatch(r"[\w\-]+/[\w.\-]+", ref) and (candidate / MANIFEST).is_file():
        return from_folder(candidate)
    raise UsageError(
        f"unknown contract '{ref}': expected service/version under '{contracts_dir}', "
        f"a folder with {MANIFEST}, or a .wsdl file"
    )
