"""The `kygen diff` and `kygen changelog` pipelines, callable without the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import contracts, reader
from generator.contracts import ContractSource
from generator.diff.changelog import changelog
from generator.diff.engine import diff
from generator.diff.model import Report
from generator.diff.waivers import Waiver, apply_waivers, load_waivers
from generator.ir import Contract


@dataclass(frozen=True)
class DiffRun:
    report: Report
    old_root: str  # where the old contract's location paths start, relative to the cwd
    new_root: str
    unused_waivers: tuple[Waiver, ...]


def run_diff(old_ref: str, new_ref: str, contracts_dir: Path, waivers: Path | None) -> DiffRun:
    """Read both contracts (ContractError/UsageError name file and line), diff, waive."""
    waiver_list = load_waivers(waivers) if waivers is not None else ()
    old_source = contracts.resolve(old_ref, contracts_dir)
    new_source = contracts.resolve(new_ref, contracts_dir)
    old, new = reader.read(old_source), reader.read(new_source)
    report, unused = apply_waivers(diff(old, new), waiver_list)
    return DiffRun(report, _root(old_source, old), _root(new_source, new), tuple(unused))


def run_changelog(service: str, contracts_dir: Path) -> str:
    return changelog([reader.read(s) for s in contracts.versions_of(service, contracts_dir)])


def _root(source: ContractSource, contract: Contract) -> str:
    """The folder the reader's locations are relative to: the entry WSDL minus its path."""
    root = source.entry
    for _ in Path(contract.entry).parts:
        root = root.parent
    try:
        return root.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return root.as_posix()
