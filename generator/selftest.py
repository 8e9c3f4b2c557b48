"""``kygen selftest DIR``: generate, import and exercise an SDK for every WSDL under a folder.

For each WSDL with a SOAP binding (WSDLs without one, such as policy or fault-message WSDLs
that service WSDLs import, are reported as skipped) an SDK is generated into a temporary
folder and imported under a unique package name. Then, for every operation, a sample of its
request, its response and each fault element (``generator.samples``, with the first and the
second branch of every choice) must

1. be valid against the contract's own XSDs (lxml's ``XMLSchema`` over the shipped schemas/),
2. read back through the generated ``from_xml`` into an equal object that writes the
   identical bytes again, and
3. give no issue in the generated validator (``validate`` on the object, ``validate_xml`` on
   the document);

and the generated client, calling the generated mock in process (no network), must deliver
the sample request and return the mock's answer. A WSDL whose policy is the token model (a
``wsdl/token/`` variant) makes that call through the token flow (``generator.token_flow``).

Everything runs in this process; each SDK's modules are removed from ``sys.modules`` (and its
folder from ``sys.path``) once it has been checked, so SDKs never see each other.
"""

from __future__ import annotations

import importlib
import io
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from generator import contracts, reader, samples, token_flow
from generator.emit import naming, sdk_view
from generator.emit.sdk import sdk_files
from generator.emit.views import OperationView, VersionView
from generator.locations import NO_SCHEMA_MAP, SchemaMap

WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
SOAP_BINDINGS = ("http://schemas.xmlsoap.org/wsdl/soap/", "http://schemas.xmlsoap.org/wsdl/soap12/")
BRANCHES = (0, 1)
MODULES = ("schemas", "models", "xml", "validate", "client", "mock")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass
class OperationResult:
    name: str
    error: str | None = None  # the first problem; None when the operation passed


@dataclass
class WsdlResult:
    path: str  # relative to the folder walked
    skipped: str | None = None  # why the WSDL was not tested
    error: str | None = None  # generation or import failed: no operation was tried
    operations: list[OperationResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> int:
        return sum(1 for op in self.operations if op.error is None)

    @property
    def failed(self) -> int:
        return len(self.operations) - self.passed

    @property
    def ok(self) -> bool:
        return self.skipped is not None or (self.error is None and self.failed == 0)

    @property
    def first_error(self) -> str | None:
        if self.error is not None:
            return self.error
        return next((f"{op.name}: {op.error}" for op in self.operations if op.error), None)


@dataclass
class Report:
    results: list[WsdlResult]
    seconds: float

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def tested(self) -> list[WsdlResult]:
        return [r for r in self.results if r.skipped is None]


# -- finding the WSDLs --------------------------------------------------------------------------


def wsdl_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.wsdl") if p.is_file())


def has_soap_binding(path: Path, seen: set[Path] | None = None) -> bool:
    """``path`` (or a WSDL it imports) holds a ``wsdl:binding`` with a SOAP binding."""
    seen = set() if seen is None else seen
    path = path.resolve()
    if path in seen or not path.is_file():
        return False
    seen.add(path)
    try:
        root = etree.parse(str(path), _PARSER).getroot()
    except etree.XMLSyntaxError:
        return True  # let the reader report what is wrong with it
    for binding in root.iterfind(f"{{{WSDL_NS}}}binding"):
        if any(
            etree.QName(c).namespace in SOAP_BINDINGS for c in binding if isinstance(c.tag, str)
        ):
            return True
    return any(
        has_soap_binding(path.parent / location, seen)
        for imported in root.iterfind(f"{{{WSDL_NS}}}import")
        if (location := imported.get("location"))
    )


# -- one SDK ----------------------------------------------------------------------------------


def _package_name(number: int, wsdl: Path) -> str:
    stem = re.sub(r"\W", "_", naming.snake(wsdl.stem)).strip("_") or "wsdl"
    return f"_kygen_selftest_{number}_{stem}"


@contextmanager
def imported_sdk(
    wsdl: Path,
    folder: Path,
    package: str,
    root: Path | None = None,
    schemas: SchemaMap = NO_SCHEMA_MAP,
) -> Iterator[tuple[ModuleType, VersionView]]:
    """Generate the SDK of ``wsdl`` (whose imports stay inside ``root``, default its folder)
    into ``folder``, import it as ``package`` (and its modules); everything it imported is
    forgotten again on exit."""
    source = contracts.from_wsdl(wsdl, folder=root, schemas=schemas)
    sdk, shipped = sdk_view([source], [reader.read(source)], package, flat=True)
    for relative, data in sdk_files(sdk, shipped, formatted=False).items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    src = str(folder / "src")
    sys.path.insert(0, src)
    try:
        module = importlib.import_module(package)
        for name in MODULES:
            if (folder / "src" / package / f"{name}.py").is_file() or name == "schemas":
                importlib.import_module(f"{package}.{name}")
        yield module, sdk.versions[0]
    finally:
        sys.path.remove(src)
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]
        importlib.invalidate_caches()


def _first_line(text: str, limit: int = 160) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def check_message(module: ModuleType, obj: object) -> str | None:
    """The first problem with sample ``obj`` (XSD, round trip, validator), or None."""
    data: bytes = module.to_xml(obj)
    document = etree.fromstring(data, _PARSER)
    schema = module.schemas.xml_schema(etree.QName(document).namespace or "")
    if not schema.validate(document):
        error = schema.error_log.last_error
        return f"XSD: line {error.line}: {error.message}" if error else "XSD: invalid"
    back = module.from_xml(data)
    if back != obj:
        return "round trip: from_xml(to_xml(obj)) != obj"
    again: bytes = module.to_xml(back)
    if again != data:
        return "round trip: to_xml(from_xml(data)) differs from data"
    issues = module.validate.validate(obj)
    if issues:
        return f"validate: {issues[0]}"
    issues = module.validate.validate_xml(data)
    if issues:
        return f"validate_xml: {issues[0]}"
    return None


def _messages(op: OperationView) -> list[tuple[str, str]]:
    """(label, Clark element name) of every message of ``op``."""
    found = [("request", op.input)] if op.input else []
    found += [("response", op.output)] if op.output else []
    found += [(f"fault {name}", element) for name, _cls, element in op.faults]
    return [(label, element) for label, element in found if element is not None]


class InProcess:
    """A transport that hands the request to a WSGI app (the generated mock) in this process."""

    def __init__(self, app: Callable[..., Any], reply: Callable[[int, str, bytes], Any]) -> None:
        self.app = app
        self.reply = reply

    def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> Any:
        answer: dict[str, Any] = {}
        environ = {
            "REQUEST_METHOD": "POST",
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": headers["Content-Type"],
            "HTTP_SOAPACTION": headers.get("SOAPAction", ""),
            "wsgi.input": io.BytesIO(body),
        }
        chunks = self.app(environ, lambda status, head: answer.update(status=status, head=head))
        content_type = dict(answer["head"]).get("Content-Type", "")
        return self.reply(int(answer["status"].split()[0]), content_type, b"".join(chunks))

    def close(self) -> None:
        pass


def check_call(module: ModuleType, v: VersionView, op: OperationView) -> str | None:
    """Call ``op`` with the generated client against the generated mock, in process: the
    mock must receive the sample request and the client return the mock's answer."""
    client, mock = module.client, module.mock
    runtime = importlib.import_module(module.__name__ + "._runtime.transport")
    request = samples.sample(module, op.input, view=v) if op.input else None
    if v.generic_transport is not None:  # the generic mock answers with handlers
        response = samples.sample(module, op.output, view=v) if op.output else None
        generic = next(g for g in v.generic_transport.operations if g.name == op.name)
        method, handler = generic.method, generic.handler
        app = mock.MockService(**{handler: lambda _request: response})
    else:  # KY's mock answers every request itself
        response, method, app = None, op.method, mock.MockKY()
    # The local mock, whatever the WSDL's address says (a placeholder, plain http, ...).
    path = urlsplit(next(iter(v.endpoints.values()), "")).path or "/service"
    endpoint = f"https://localhost{path}"
    security = None  # a token variant: the token flow (local STS, signed call, checked answer)
    if token_flow.uses_token(v):
        security = token_flow.secure(module, app, lambda sts: InProcess(sts, runtime.Reply))
    with client.Client(endpoint, transport=InProcess(app, runtime.Reply), security=security) as c:
        answer = getattr(c, method)(request)
    received = app.received[-1]
    if received.request != request:
        return f"the mock received something else than the request (HTTP {received.status})"
    if response is not None and answer != response:
        return "the client returned something else than the mock's answer"
    if op.response and not isinstance(answer, getattr(module, op.response)):
        return f"the client returned {type(answer).__name__}, not {op.response}"
    return None


def check_operation(module: ModuleType, v: VersionView, op: OperationView) -> str | None:
    if op.input and op.request is None:
        return f"request element {op.input} has no generated class"
    if op.output and op.response is None:
        return f"response element {op.output} has no generated class"
    for label, element in _messages(op):
        for branch in BRANCHES:
            try:
                obj = samples.sample(module, element, branch=branch, view=v)
                problem = check_message(module, obj)
            except Exception as exc:  # noqa: BLE001 - a bug found is a result, not a crash
                problem = f"{type(exc).__name__}: {exc}"
            if problem is not None:
                where = f" (branch {branch})" if branch else ""
                return _first_line(f"{label}{where}: {problem}")
    try:
        problem = check_call(module, v, op)
    except Exception as exc:  # noqa: BLE001 - a bug found is a result, not a crash
        problem = f"{type(exc).__name__}: {exc}"
    return None if problem is None else _first_line(f"client/mock: {problem}")


def check_wsdl(
    wsdl: Path,
    relative: str,
    folder: Path,
    package: str,
    root: Path | None = None,
    schemas: SchemaMap = NO_SCHEMA_MAP,
) -> WsdlResult:
    result = WsdlResult(relative)
    started = time.perf_counter()
    try:
        with imported_sdk(wsdl, folder, package, root, schemas) as (module, v):
            for op in v.operations:
                result.operations.append(OperationResult(op.name, check_operation(module, v, op)))
    except Exception as exc:  # noqa: BLE001 - generation or import failed: report, go on
        result.error = _first_line(f"{type(exc).__name__}: {exc}")
    result.seconds = time.perf_counter() - started
    return result


def run(
    folder: Path,
    progress: Callable[[WsdlResult], None] | None = None,
    schemas: SchemaMap = NO_SCHEMA_MAP,
) -> Report:
    """Selftest every WSDL under ``folder`` (imports must stay inside it)."""
    started = time.perf_counter()
    results: list[WsdlResult] = []
    with tempfile.TemporaryDirectory(prefix="kygen-selftest-") as tmp:
        for number, wsdl in enumerate(wsdl_files(folder), 1):
            relative = wsdl.relative_to(folder).as_posix()
            if not has_soap_binding(wsdl):
                result = WsdlResult(relative, skipped="no SOAP binding")
            else:
                package = _package_name(number, wsdl)
                target = Path(tmp) / str(number)
                result = check_wsdl(wsdl, relative, target, package, folder, schemas)
            results.append(result)
            if progress is not None:
                progress(result)
    return Report(results, time.perf_counter() - started)


# -- the table ----------------------------------------------------------------------------------


def table(report: Report) -> list[str]:
    """The report as text lines: one row per WSDL, then the totals."""
    rows = [("WSDL", "operations", "passed", "failed", "first error")]
    for r in report.results:
        if r.skipped is not None:
            rows.append((r.path, "-", "-", "-", f"skipped: {r.skipped}"))
        elif r.error is not None:
            rows.append((r.path, "?", "0", "-", r.error))
        else:
            rows.append(
                (r.path, str(len(r.operations)), str(r.passed), str(r.failed), r.first_error or "")
            )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:4], widths[1:], strict=True)
        ]
        lines.append("  ".join([*cells, row[4]]).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(row[4]))
    tested = report.tested
    operations = sum(len(r.operations) for r in tested)
    passed = sum(r.passed for r in tested)
    broken = sum(1 for r in tested if r.error is not None)
    lines.append("")
    lines.append(
        f"{len(report.results)} WSDLs: {len(tested)} tested, "
        + f"{len(report.results) - len(tested)} skipped"
        + (f", {broken} failed to generate or import" if broken else "")
        + f"; {operations} operations: {passed} passed, {operations - passed} failed"
        + f" ({report.seconds:.1f} s)"
    )
    return lines


def summary(report: Report) -> dict[str, Any]:
    """The report as plain data (for tests and tools)."""
    return {
        "ok": report.ok,
        "wsdls": [
            {
                "path": r.path,
                "skipped": r.skipped,
                "error": r.error,
                "operations": {op.name: op.error for op in r.operations},
            }
            for r in report.results
        ],
    }
