"""Target namespace changes: reported once, then mapped away so the rest compares by name."""

from __future__ import annotations

import dataclasses
from typing import Any

from generator.diff.findings import Comparison, NamespaceScope
from generator.ir import Contract, Location, QName


def namespace_pairs(old: Contract, new: Contract) -> dict[str, str]:
    """new namespace → old namespace, for files (and the WSDL) whose targetNamespace changed.

    Pairs are only trusted when one-to-one; anything else is left to show up as
    removed and added definitions.
    """
    pairs: set[tuple[str, str]] = set()
    if old.target_namespace and new.target_namespace:
        pairs.add((old.target_namespace, new.target_namespace))
    old_ns, new_ns = _single_namespace_files(old), _single_namespace_files(new)
    for path in old_ns.keys() & new_ns.keys():
        pairs.add((old_ns[path], new_ns[path]))
    changed = {(o, n) for o, n in pairs if o != n}
    olds = [o for o, _ in changed]
    news = [n for _, n in changed]
    return {n: o for o, n in changed if olds.count(o) == 1 and news.count(n) == 1}


def _single_namespace_files(contract: Contract) -> dict[str, str]:
    """path → targetNamespace, for files with exactly one (a WSDL may embed other schemas)."""
    found: dict[str, set[str]] = {}
    for f in contract.files:
        found.setdefault(f.path, set()).add(f.target_namespace or "")
    return {p: ns.pop() for p, ns in found.items() if len(ns) == 1 and "" not in ns}


def renamed(contract: Contract, mapping: dict[str, str]) -> Contract:
    """The contract with every QName in a mapped namespace moved to its counterpart."""
    if not mapping:
        return contract

    def walk(value: Any) -> Any:
        if isinstance(value, QName):
            return QName(mapping.get(value.namespace, value.namespace), value.name)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = {f.name: walk(getattr(value, f.name)) for f in dataclasses.fields(value)}
            return type(value)(**fields)
        if isinstance(value, tuple):
            return tuple(walk(v) for v in value)
        return value

    result: Contract = walk(contract)
    return result


def _declared_in(contract: Contract, namespace: str) -> Location | None:
    paths = sorted(f.path for f in contract.files if f.target_namespace == namespace)
    preferred = [p for p in paths if p == contract.entry] or paths
    return Location(preferred[0], 1) if preferred else None


def compare_namespaces(
    ctx: Comparison, old: Contract, new: Contract, mapping: dict[str, str]
) -> None:
    """One finding per changed namespace; `old`/`new` are the contracts before mapping."""
    for new_ns, old_ns in sorted(mapping.items()):
        ctx.emit(
            "namespace-changed",
            "targetNamespace",
            f"Target namespace {old_ns} is now {new_ns}",
            old_ns,
            new_ns,
            NamespaceScope(old_ns),
            (_declared_in(old, old_ns), _declared_in(new, new_ns)),
        )
