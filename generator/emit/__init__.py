"""Emit typed, fast Python SDKs from the IR: views → jinja2 templates → ruff format → atomic write.

`generate` writes the SDKs of some contract versions into an output folder; `check` lists
the files there that a fresh generation would change. The views other generator modules and
templates build on (`VersionView`, `ClassView`, `FieldView`, …) are in `generator.emit.views`
and documented in docs/generated-code.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from generator.contracts import ContractSource
from generator.emit import output
from generator.emit.sdk import Generated, build, sdk_view
from generator.emit.versions import build_version_view, module_name, package_name
from generator.emit.views import ClassView, EnumView, FieldView, OperationView, SdkView, VersionView


def generate(
    sources: Iterable[ContractSource],
    out_dir: Path,
    *,
    package: str | None = None,
    flat: bool = False,
    prune: bool = False,
    step: Callable[[], None] | None = None,
) -> output.Changes:
    """Generate the SDKs of ``sources`` into ``out_dir``, writing only the files that change
    (see ``output.write`` for ``prune``); ``step`` is called as each SDK is built."""
    generated = build(sources, package=package, flat=flat, step=step)
    return output.write(generated, out_dir, prune=prune)


def check(sources: Iterable[ContractSource], out_dir: Path) -> list[str]:
    """Files under ``out_dir`` that differ from a fresh generation (empty: up to date)."""
    return output.stale(build(sources), out_dir)


__all__ = [
    "ClassView",
    "EnumView",
    "FieldView",
    "Generated",
    "OperationView",
    "SdkView",
    "VersionView",
    "build",
    "build_version_view",
    "check",
    "generate",
    "module_name",
    "package_name",
    "sdk_view",
]
