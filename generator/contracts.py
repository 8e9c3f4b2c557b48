"""Find contract versions and read their manifests.

A contract reference (REF) takes one of three forms:

* ``service/version`` (``kontanthjaelp/2.8``), looked up under the contracts folder;
* a contract version folder, one that holds a ``contract.toml``;
* a WSDL file anywhere on disk (no manifest: names come from the WSDL).
"""

from __future__ import annotations

import re
import tomllib
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
        token_entry_wsdl=str(token_entry) if token_entry is not None else None,
        token_endpoints=_endpoints(data, "token_endpoints", path),
    )


def is_path_name(name: str) -> bool:
    """Whether ``name`` is safe as one segment of a generated path (no escape from --out)."""
    return bool(_PATH_NAME.fullmatch(name)) and ".." not in name


def checked_package(package: str) -> str:
    """``package`` when it is a plain import name (it becomes the folder src/<package>/)."""
    if not package.isidentifier() or not package.isascii():
        raise UsageError(f"--package {package!r} is not a Python import name")
    return package


def _line_of(path: Path, key: str) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.match(rf"\s*{key}\s*=", line):
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
    return ContractSource(
        service=manifest.service,
        version=manifest.integration_version,
        entry=entry,
        folder=folder,
        manifest=manifest,
    )


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
    it (one with a contract.toml), else the working folder when the WSDL is inside it, else
    the WSDL's own folder."""
    for parent in wsdl.parents:
        if (parent / MANIFEST).is_file():
            return parent
    cwd = Path.cwd().resolve()
    return cwd if wsdl.is_relative_to(cwd) else wsdl.parent


def discover(contracts_dir: Path) -> list[ContractSource]:
    """Every contract version under ``contracts_dir``, by service then version."""
    if not contracts_dir.is_dir():
        raise UsageError(f"contracts folder '{contracts_dir}' does not exist")
    found = [from_folder(m.parent) for m in contracts_dir.glob(f"*/*/{MANIFEST}")]
    if not found:
        raise ContractError(f"no contract versions (*/*/{MANIFEST}) found", contracts_dir)
    return sorted(found, key=lambda s: (s.service, version_key(s.version or "")))


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
