"""The generated SDK under test, found by import path (``ky_kontanthjaelp.v2_8`` or a bare one).

Only the documented API is used (docs/generated-code.md): ``xml.to_xml``, ``xml.from_xml``,
``xml.ROOTS``, ``validate.validate``, ``client.Client`` and ``mock``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from bench.competitors import Skip, Thunk

ROOT = Path(__file__).resolve().parents[1]
KY_SRC = ROOT / "generated" / "ky_kontanthjaelp" / "src"


def _module(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise Skip(f"generated module {name} is not importable ({exc})") from None


class OursSide:
    """The generated ``xml`` and ``validate`` modules of one version package."""

    name = "ours"

    def __init__(self, import_path: str, src: Path = KY_SRC) -> None:
        if src.is_dir() and str(src) not in sys.path:
            sys.path.insert(0, str(src))
            importlib.invalidate_caches()
        self.import_path = import_path
        self.xml = _module(f"{import_path}.xml")

    def module(self, name: str) -> ModuleType:
        return _module(f"{self.import_path}.{name}")

    def cls(self, qname: str) -> type:
        roots: dict[str, type] = self.xml.ROOTS
        try:
            return roots[qname]
        except KeyError:
            raise Skip(f"the generated SDK has no root class for {qname}") from None

    def load(self, qname: str, data: bytes) -> object:
        return self.xml.from_xml(data, self.cls(qname))

    def serializer(self, obj: object) -> Thunk:
        to_xml = self.xml.to_xml
        return lambda: to_xml(obj)

    def to_bytes(self, obj: object) -> bytes:
        data: bytes = self.xml.to_xml(obj)
        return data

    def parser(self, qname: str, data: bytes) -> Thunk:
        cls, from_xml = self.cls(qname), self.xml.from_xml
        return lambda: from_xml(data, cls)

    def validator(self, obj: object) -> Thunk:
        validate = self.module("validate").validate
        issues: list[Any] = validate(obj)
        if issues:
            raise RuntimeError(
                f"generated validate() finds the valid message invalid: {issues[:3]}"
            )
        return lambda: validate(obj)
