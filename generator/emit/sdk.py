"""Build every file of the SDKs for a set of contract versions, in memory.

One SDK per service: the distribution files, the runtime, one subpackage per version (or the
version modules directly in the package for a bare WSDL), the contract files as package data,
the CHANGELOG and the change reports between consecutive versions. Nothing is written here;
`generator.emit.output` writes the result atomically.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from generator import ir, reader
from generator.contracts import ContractSource, checked_package
from generator.documented import require_documented
from generator.emit import manual, render, reports, schemas, validation
from generator.emit.versions import build_sdk_view, build_version_view, module_name, package_name
from generator.emit.views import SdkView
from generator.emit.xmlcode import XmlModule
from generator.errors import ContractError, UsageError


@dataclass
class Generated:
    """Files by path relative to the output folder, and what of that folder they own."""

    files: dict[str, bytes] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)  # replaced as a whole: ["ky_kontanthjaelp"]
    report_prefixes: list[str] = field(default_factory=list)  # "reports/kontanthjaelp-"


def build(
    sources: Iterable[ContractSource],
    *,
    package: str | None = None,
    flat: bool = False,
    formatted: bool = True,
    with_reports: bool = True,
    step: Callable[[], None] | None = None,
) -> Generated:
    """Every SDK file for ``sources`` (grouped by service, each group in version order).

    ``package`` overrides the import name; ``flat`` puts a single version's modules directly
    in the package (the bare-WSDL layout). ``formatted=False`` and ``with_reports=False`` make
    a quick throw-away build (unformatted code: the same, only laid out differently).
    ``step`` is called after each SDK (for a progress bar).
    """
    out = Generated()
    for service, group in groupby(sources, key=lambda s: s.service):
        members = list(group)
        if flat and len(members) != 1:
            raise UsageError("the flat (bare WSDL) layout holds exactly one contract version")
        contracts = [reader.read(s) for s in members]
        for source, contract in zip(members, contracts, strict=True):
            if source.version is not None:  # a version folder we author, not a bare WSDL
                require_documented(contract)
        name = checked_package(package) if package else package_name(service)
        sdk, shipped = sdk_view(members, contracts, name, flat)
        files = sdk_files(sdk, shipped, formatted, sources=members)
        out.files.update({f"{name}/{path}": data for path, data in files.items()})
        out.folders.append(name)
        if with_reports and not flat:
            out.files.update(reports.files(service, contracts, name))
            out.report_prefixes.append(f"{reports.FOLDER}/{service}-")
        if step is not None:
            step()
    return out


def sdk_view(
    sources: list[ContractSource], contracts: list[ir.Contract], package: str, flat: bool
) -> tuple[SdkView, list[schemas.SchemaFiles]]:
    """The SDK's view, and per version the contract files it ships."""
    versions = []
    shipped = []
    for source, contract in zip(sources, contracts, strict=True):
        with located(source):
            files = schemas.collect(source, contract)
            module = None if flat else module_name(contract.version or source.service)
            versions.append(
                build_version_view(
                    contract, package=package, module=module, schema_entries=files.entries
                )
            )
        shipped.append(files)
    return build_sdk_view(package, sources[0].service, versions), shipped


def sdk_files(
    sdk: SdkView,
    shipped: list[schemas.SchemaFiles],
    formatted: bool = True,
    sources: list[ContractSource] | None = None,
) -> dict[str, bytes]:
    """The files of one SDK distribution, by path relative to its folder.

    With ``sources`` (one per version), a contract error names the version's file on disk.
    Every version's code plans are made first, so a contract the emitter refuses (say, a
    pattern it cannot translate) fails before seconds of rendering and formatting.
    """
    plans = []
    for n, v in enumerate(sdk.versions):
        with located(sources[n] if sources else None):
            plans.append((XmlModule(v), validation.build(v)))
    src = f"src/{sdk.package}"
    files = render.render_folder("dist", "", sdk=sdk, manual=manual.build(sdk))
    files.update(render.render_folder("package", src, sdk=sdk))
    for n, (v, contract_files) in enumerate(zip(sdk.versions, shipped, strict=True)):
        base = f"{src}/{v.module}" if v.module else src
        xml, checks = plans[n]
        with located(sources[n] if sources else None):
            rendered = render.render_folder(
                "version", base, v=v, sdk=sdk, xml=xml, validation=checks
            )
        files.update(rendered)
        files.update(
            {f"{base}/schemas/{path}": data for path, data in contract_files.files.items()}
        )
    if formatted:
        files = render.format_files(files)
    files.update(render.runtime_files(f"{src}/_runtime"))
    return dict(sorted(files.items()))


@contextmanager
def located(source: ContractSource | None) -> Iterator[None]:
    """A ContractError raised while emitting names the contract file on disk, as the reader's
    do: emitters know a definition's file only relative to its contract root (``Location``),
    or not at all (then the entry WSDL is named). Without a source, errors pass unchanged."""
    try:
        yield
    except ContractError as exc:
        if source is not None:
            if exc.file is None:
                exc.file = _display(source.entry)
            elif not Path(exc.file).is_absolute() and (source.folder / exc.file).is_file():
                exc.file = _display(source.folder / exc.file)
        raise


def _display(path: Path) -> str:
    """Relative to the working folder when inside it (as the reader names files)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative
