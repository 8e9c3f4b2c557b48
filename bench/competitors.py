"""The tools we compare against, each behind the same small interface.

Every side turns a message's bytes into its own object once (``load``, untimed) and then
hands out zero-argument callables that do exactly one serialize, parse or validate.

- xsdata: classes from ``xsdata generate`` of the same WSDL (generated into a temporary folder
  in this run), one reused ``XmlParser`` / ``XmlSerializer`` (reusing the ``XmlContext`` is what
  xsdata recommends; a fresh one per call would be far slower and unfair).
- zeep: ``zeep.Client`` on the same WSDL. Serialize is ``Element.render`` of the request
  element (what ``create_message`` does inside, minus the envelope); parse is zeep's own
  ``loader.parse_xml`` plus ``Element.parse`` (what ``process_reply`` does for a body). zeep
  runs with ``Settings(strict=False)``: in strict mode it rejects a valid Godtgoerelse whose
  ``xs:choice`` takes the second branch.
- lxml (the limit): ``etree.tostring`` of a pre-built tree, ``etree.fromstring`` of the bytes,
  ``XMLSchema.validate`` of a pre-parsed tree.
- xmlschema: ``XMLSchema.validate`` of the same pre-parsed tree.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from lxml import etree

Thunk = Callable[[], object]


class Skip(Exception):
    """This side cannot run this measurement here; the reason goes into the results."""


def run_timed(cmd: list[str], cwd: Path, extra_env: dict[str, str] | None = None) -> float:
    """Run ``cmd`` in ``cwd`` and return its wall time; raise RuntimeError when it fails."""
    # the tools' own helpers (both run ruff format) come from this environment
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    env = {**os.environ, "PATH": path, **(extra_env or {})}
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"{' '.join(cmd[:3])} failed: " + " | ".join(tail))
    return elapsed


def xsdata_generate_cmd(wsdl: Path, package: str) -> list[str]:
    return [sys.executable, "-m", "xsdata", "generate", str(wsdl.resolve()), "--package", package]


class XsdataSide:
    """xsdata's runtime on classes ``xsdata generate`` made from the WSDL in ``workdir``."""

    name = "xsdata"

    def __init__(self, wsdl: Path, package: str, workdir: Path) -> None:
        from xsdata.formats.dataclass.parsers import XmlParser
        from xsdata.formats.dataclass.serializers import XmlSerializer

        workdir.mkdir(parents=True, exist_ok=True)
        self.generate_s = run_timed(xsdata_generate_cmd(wsdl, package), workdir)
        if str(workdir) not in sys.path:
            sys.path.insert(0, str(workdir))
        importlib.invalidate_caches()
        root = importlib.import_module(package)
        self._classes: dict[str, type] = {}
        for module in _walk(root):
            for value in vars(module).values():
                meta = getattr(value, "Meta", None)
                if isinstance(value, type) and meta is not None:
                    name = getattr(meta, "name", value.__name__)
                    self._classes.setdefault(f"{{{getattr(meta, 'namespace', '')}}}{name}", value)
        self._parser = XmlParser()
        self._serializer = XmlSerializer()

    def cls(self, qname: str) -> type:
        try:
            return self._classes[qname]
        except KeyError:
            raise Skip(f"xsdata generated no class for {qname}") from None

    def load(self, qname: str, data: bytes) -> object:
        return self._parser.from_bytes(data, self.cls(qname))

    def serializer(self, obj: object) -> Thunk:
        render = self._serializer.render
        return lambda: render(obj).encode("utf-8")

    def parser(self, qname: str, data: bytes) -> Thunk:
        cls, from_bytes = self.cls(qname), self._parser.from_bytes
        return lambda: from_bytes(data, cls)


def _walk(package: ModuleType) -> list[ModuleType]:
    modules = [package]
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        modules.append(importlib.import_module(info.name))
    return modules


class ZeepSide:
    """zeep on the same WSDL: element-level render and parse of the request element."""

    name = "zeep"

    def __init__(self, wsdl: Path) -> None:
        import zeep

        settings = zeep.Settings(strict=False)
        self.client = zeep.Client(str(wsdl), settings=settings)  # type: ignore[no-untyped-call]
        self._schema = self.client.wsdl.types

    def _element(self, qname: str) -> Any:
        try:
            return self.client.get_element(qname)  # type: ignore[no-untyped-call]
        except Exception as exc:  # zeep raises LookupError subclasses
            raise Skip(f"zeep has no element {qname}: {exc}") from None

    def load(self, qname: str, data: bytes) -> object:
        return self._element(qname).parse(etree.fromstring(data), self._schema)

    def serializer(self, qname: str, obj: object) -> Thunk:
        element = self._element(qname)

        def render() -> bytes:
            parent = etree.Element("root")
            element.render(parent, obj)
            return etree.tostring(parent[0], encoding="UTF-8", xml_declaration=True)

        return render

    def parser(self, qname: str, data: bytes) -> Thunk:
        from zeep.loader import parse_xml

        element, schema = self._element(qname), self._schema
        transport, settings = self.client.transport, self.client.settings
        return lambda: element.parse(
            parse_xml(data, transport, settings=settings), schema  # type: ignore[arg-type]
        )


class LxmlLimit:
    """The physical limit: lxml alone on the same document."""

    name = "lxml"

    def __init__(self, schema_path: Path) -> None:
        self.schema = etree.XMLSchema(etree.parse(str(schema_path)))

    @staticmethod
    def serializer(data: bytes) -> Thunk:
        tree = etree.fromstring(data)
        return lambda: etree.tostring(tree, encoding="UTF-8", xml_declaration=True)

    @staticmethod
    def parser(data: bytes) -> Thunk:
        return lambda: etree.fromstring(data)

    def validator(self, data: bytes) -> Thunk:
        tree, validate = etree.fromstring(data), self.schema.validate
        if not validate(tree):
            raise RuntimeError(f"lxml finds the message invalid: {self.schema.error_log}")
        return lambda: validate(tree)

    def serialize_validator(self, to_bytes: Callable[[], bytes]) -> Thunk:
        validate = self.schema.validate
        return lambda: validate(etree.fromstring(to_bytes()))


class XmlschemaSide:
    """The ``xmlschema`` package validating the same pre-parsed tree."""

    name = "xmlschema"

    def __init__(self, schema_path: Path) -> None:
        import xmlschema

        self.schema = xmlschema.XMLSchema(str(schema_path))

    def validator(self, data: bytes) -> Thunk:
        tree: Any = etree.fromstring(data)  # xmlschema takes lxml trees; its stubs do not say so
        validate = self.schema.validate
        validate(tree)
        return lambda: validate(tree)
