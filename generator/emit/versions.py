"""Assemble the views of one contract version (`VersionView`) and of one SDK (`SdkView`)."""

from __future__ import annotations

import re

from generator import ir
from generator.emit import naming, transport_view
from generator.emit.classes import ClassPlanner
from generator.emit.normalize import normalize
from generator.emit.views import OperationView, SdkView, VersionView
from generator.emit.xmlbase import all_namespaces, prefix_map


def package_name(service: str) -> str:
    """``kontanthjaelp`` → ``ky_kontanthjaelp``."""
    return "ky_" + naming.snake(service).rstrip("_")


def distribution_name(package: str) -> str:
    return package.replace("_", "-")


def module_name(version: str) -> str:
    """``2.8`` → ``v2_8``."""
    return "v" + re.sub(r"[^0-9A-Za-z]+", "_", naming.fold(version)).strip("_").lower()


def build_version_view(
    contract: ir.Contract,
    *,
    package: str,
    module: str | None,
    schema_entries: dict[str, str],
) -> VersionView:
    # The SDK is planned from the normalised IR (substitution groups as choices, simple message
    # elements wrapped); ``v.contract`` is that copy, so every generated module agrees.
    contract = normalize(contract)
    classes, enums, roots = ClassPlanner(contract).plan()
    manifest = contract.manifest
    if manifest is not None:
        endpoints = dict(manifest.endpoints)
    else:
        address = contract.address()
        endpoints = {"default": address} if address else {}
    operations = [
        OperationView(
            name=op.name,
            method=naming.snake(op.name),
            soap_action=op.soap_action,
            request=roots.get(str(op.input)) if op.input else None,
            response=roots.get(str(op.output)) if op.output else None,
            input=str(op.input) if op.input else None,
            output=str(op.output) if op.output else None,
            faults=[
                (f.name, roots[str(f.element)], str(f.element))
                for f in op.faults
                if str(f.element) in roots
            ],
            doc=op.doc,
        )
        for op in contract.operations
    ]
    binding = contract.bindings[0] if contract.bindings else None
    view = VersionView(
        package=package,
        module=module,
        version=contract.version,
        service=contract.service,
        title=(
            manifest.title
            if manifest
            else (contract.services[0].name.name if contract.services else contract.service)
        ),
        service_uuid=manifest.service_uuid if manifest else None,
        entity_id=manifest.entity_id if manifest else None,
        endpoints=endpoints,
        operations=sorted(operations, key=lambda o: o.name),
        classes=classes,
        enums=enums,
        roots=roots,
        namespaces=prefix_map(all_namespaces(classes), contract.target_namespace),
        schema_entries=schema_entries,
        contract=contract,
        soap_version=binding.soap_version if binding else "1.1",
    )
    transport_view.attach(view)
    return view


def build_sdk_view(package: str, service: str, versions: list[VersionView]) -> SdkView:
    title = versions[-1].title if versions else service
    return SdkView(
        package=package,
        distribution=distribution_name(package),
        service=service,
        title=title,
        versions=versions,
    )
