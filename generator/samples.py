"""Realistic, schema-valid sample objects built from the IR for a generated SDK version.

``sample(module, element)`` returns an instance of the generated root class for ``element``
(a Clark name, a local name or a class name) with every optional element filled once and
every list holding one item. Values look Danish and satisfy every facet: a CPR number valid
for the date pattern, kommunekode 101, deterministic UUIDs, enumeration members, amounts
with the right number of digits, dates that make sense together (from before to).
``branch`` picks which branch every ``xs:choice`` takes (modulo its number of branches).

The same function serves ``kygen sample``, the tests, the mock and the benchmarks. It needs
the imported version package (for its classes); the views are rebuilt from the contract the
package ships in ``schemas/`` unless given.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib
import re
import sys
import tempfile
import uuid
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from re import _parser as sre  # type: ignore[attr-defined]
from types import ModuleType
from typing import Any

from lxml import etree

from generator import contracts, ir, reader
from generator.emit import naming
from generator.emit.checks.builtins import INTEGER_RANGES
from generator.emit.patterns import translate
from generator.emit.versions import build_version_view, module_name
from generator.emit.views import ClassView, FieldView, VersionView
from generator.ir import Facets, QName
from generator.sdk_runtime import values

MAX_DEPTH = 8
TZ = datetime.timezone(datetime.timedelta(hours=1))
UUID_NAMESPACE = uuid.UUID("6f1c1e0a-4b1d-4c52-9d7e-2f0a5c3b8e11")


# -- the views of an imported version package ---------------------------------------------------


def version_package(module: ModuleType) -> ModuleType:
    """The version package of a module (``ky_kontanthjaelp.v2_8`` for ``….v2_8.models``)."""
    if hasattr(module, "ROOTS"):
        return module
    return importlib.import_module(module.__name__.rpartition(".")[0])


@cache
def _view_of(package: str, schemas_dir: str, wsdl: str) -> VersionView:
    source = contracts.from_wsdl(Path(schemas_dir) / wsdl, folder=Path(schemas_dir))
    contract = reader.read(source)
    root, _, module = package.partition(".")
    return build_version_view(contract, package=root, module=module or None, schema_entries={})


def view_of(module: ModuleType) -> VersionView:
    """The `VersionView` of an imported generated version package (cached)."""
    package = version_package(module)
    schemas = getattr(package, "schemas", None)
    if schemas is None:
        schemas = importlib.import_module(package.__name__ + ".schemas")
    return _view_of(package.__name__, str(schemas.DIR), schemas.WSDL)


def root_class(v: VersionView, element: str) -> ClassView:
    """The root class for a Clark name, a local element name or a class name."""
    if element in v.roots:
        return v.root_class(element)
    for clark, name in v.roots.items():
        if element in (name, clark.rpartition("}")[2]):
            return v.class_named(name)
    raise KeyError(f"no root element {element!r} in this contract version")


# -- facets, shared with tests/strategies.py -------------------------------------------------------


@dataclass(frozen=True)
class Bounds:
    """Numeric bounds of a simple type (inclusive; exclusive ones are tightened by ``step``)."""

    low: Decimal | None
    high: Decimal | None

    @staticmethod
    def of(facets: Facets, step: Decimal) -> Bounds:
        low = Decimal(facets.min_inclusive) if facets.min_inclusive is not None else None
        if facets.min_exclusive is not None:
            low = Decimal(facets.min_exclusive) + step
        high = Decimal(facets.max_inclusive) if facets.max_inclusive is not None else None
        if facets.max_exclusive is not None:
            high = Decimal(facets.max_exclusive) - step
        return Bounds(low, high)

    def clamp(self, value: Decimal) -> Decimal:
        if self.low is not None and value < self.low:
            value = self.low
        if self.high is not None and value > self.high:
            value = self.high
        return value


def integer_bounds(f: FieldView) -> tuple[int | None, int | None]:
    """Bounds of an integer field: its facets within the range of its built-in type."""
    assert f.builtin is not None
    low, high = INTEGER_RANGES.get(f.builtin.name, (None, None))
    b = Bounds.of(f.facets, Decimal(1))
    if b.low is not None:
        low = int(b.low) if low is None else max(low, int(b.low))
    if b.high is not None:
        high = int(b.high) if high is None else min(high, int(b.high))
    if f.facets.total_digits is not None:
        limit = 10**f.facets.total_digits - 1
        low = -limit if low is None else max(low, -limit)
        high = limit if high is None else min(high, limit)
    return low, high


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(translate(pattern))


_NAME = r"[A-Za-z_][A-Za-z0-9_.\-]{0,30}"
# The lexical space of string-like built-ins that is narrower than "any text" (ASCII subsets:
# what samples and strategies produce, not everything XSD allows).
BUILTIN_PATTERNS = {
    "NCName": _NAME,
    "ID": _NAME,
    "IDREF": _NAME,
    "ENTITY": _NAME,
    "Name": _NAME,
    "QName": f"(?:{_NAME}:)?{_NAME}",
    "NMTOKEN": r"[A-Za-z0-9_.\-]{1,30}",
    "language": r"[a-z]{2}(?:-[A-Z]{2})?",
    "anyURI": r"https://[a-z]{1,12}\.dk/[a-z0-9]{0,12}",
    "duration": r"P[1-9][0-9]?D",
    "gYear": r"20[0-9]{2}",
    "gYearMonth": r"20[0-9]{2}-(?:0[1-9]|1[0-2])",
    "gMonth": r"--(?:0[1-9]|1[0-2])",
    "gMonthDay": r"--(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])",
    "gDay": r"---(?:0[1-9]|1[0-9]|2[0-8])",
}


def patterns_of(f: FieldView, builtin: bool = True) -> list[re.Pattern[str]]:
    """The patterns of ``f``, with the plain subset of its built-in type's lexical space
    (``BUILTIN_PATTERNS``) unless ``builtin`` is false."""
    found = [_compiled(p) for p in f.facets.patterns]
    if builtin and f.builtin is not None and f.builtin.name in BUILTIN_PATTERNS:
        found.append(re.compile(BUILTIN_PATTERNS[f.builtin.name]))
    return found


def string_ok(f: FieldView, text: str, builtin: bool = True) -> bool:
    """``text`` satisfies the length and pattern facets of string field ``f`` (and, with
    ``builtin``, the plain subset of its built-in type; a duration's order facets too)."""
    facets = f.facets
    if f.builtin is not None and f.builtin.name == "duration" and not duration_ok(facets, text):
        return False
    if facets.length is not None and len(text) != facets.length:
        return False
    if facets.min_length is not None and len(text) < facets.min_length:
        return False
    if facets.max_length is not None and len(text) > facets.max_length:
        return False
    return all(p.fullmatch(text) for p in patterns_of(f, builtin))


_DURATION_ORDER = (
    ("min_inclusive", (0, 1)),
    ("max_inclusive", (-1, 0)),
    ("min_exclusive", (1,)),
    ("max_exclusive", (-1,)),
)


def duration_ok(facets: Facets, text: str) -> bool:
    """``text`` is an xs:duration within the order facets (as lxml orders durations)."""
    if values.lex_duration(text) is None:
        return False
    value = values.duration_value(text)
    for facet, allowed in _DURATION_ORDER:
        bound: str | None = getattr(facets, facet)
        if bound is not None:
            order = values.duration_compare(value, values.duration_value(bound.strip()))
            if order not in allowed:
                return False
    return True


def decimal_ok(f: FieldView, value: Decimal) -> bool:
    facets = f.facets
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    fraction = max(0, -exponent)
    total = max(len(digits), fraction)
    if facets.fraction_digits is not None and fraction > facets.fraction_digits:
        return False
    if facets.total_digits is not None and total > facets.total_digits:
        return False
    return Bounds.of(facets, Decimal(0)).clamp(value) == value and _exclusive_ok(facets, value)


def _exclusive_ok(facets: Facets, value: Decimal) -> bool:
    if facets.min_exclusive is not None and value <= Decimal(facets.min_exclusive):
        return False
    return facets.max_exclusive is None or value < Decimal(facets.max_exclusive)


def is_atomic(v: VersionView, type_name: QName) -> bool:
    t = v.contract.type(type_name)
    return not isinstance(t, ir.SimpleType) or t.variety == "atomic"


def lexical_example(v: VersionView, type_name: QName) -> str:
    """XML text valid for a list or union type (kept as text in the SDK): one item of the
    list, or a value of the union's first member."""
    t = v.contract.type(type_name)
    if isinstance(t, ir.SimpleType) and t.variety == "list" and t.item_type is not None:
        return lexical_example(v, t.item_type)
    if isinstance(t, ir.SimpleType) and t.variety == "union" and t.member_types:
        return lexical_example(v, t.member_types[0])
    facets = v.contract.facets(type_name)
    if facets.enumeration:
        return facets.enumeration[0].value
    for p in facets.patterns:
        example = regex_example(translate(p))
        if example is not None:
            return example
    builtin = v.contract.builtin(type_name).name
    examples = {
        "boolean": "true",
        "date": "2024-02-15",
        "dateTime": "2024-02-15T09:30:00",
        "time": "09:30:00",
    }
    if builtin in examples:
        return examples[builtin]
    if builtin in INTEGER_RANGES or builtin in ("integer", "decimal", "float", "double"):
        return "1"
    return "eksempel"


def fixed_value(module: ModuleType, f: FieldView) -> Any:
    """The Python value of a field's ``fixed`` lexical value (read as the SDK reads it)."""
    assert f.fixed is not None
    if f.enum is not None:
        return getattr(version_package(module), f.enum.name)(
            int(f.fixed) if f.enum.kind == "int" else f.fixed
        )
    assert f.lexical is not None
    lexical = importlib.import_module(
        version_package(module).__name__.split(".")[0] + "._runtime.lexical"
    )
    namespace = {name: getattr(lexical, name) for name in dir(lexical) if not name.startswith("_")}
    return eval(f.lexical.read_code(repr(f.fixed)), namespace)  # noqa: S307 - our own reader code


# -- a deterministic example of a regular expression ----------------------------------------------


def regex_example(pattern: str) -> str | None:
    """A short string matching ``pattern`` (Python syntax), or None when none is found."""
    try:
        parsed = sre.parse(pattern)
    except Exception:  # noqa: BLE001 - an unparsable pattern simply has no example
        return None
    text = _example(list(parsed))
    return text if text is not None and re.fullmatch(pattern, text) else None


def _example(items: list[tuple[Any, Any]]) -> str | None:
    out: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            ch = _class_char(arg)
            if ch is None:
                return None
            out.append(ch)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = arg
            part = _example(list(sub))
            if part is None:
                return None
            out.append(part * max(low, 1 if low == 0 and _high else low))
        elif name == "SUBPATTERN":
            part = _example(list(arg[-1]))
            if part is None:
                return None
            out.append(part)
        elif name == "BRANCH":
            for branch in arg[1]:
                part = _example(list(branch))
                if part is not None:
                    out.append(part)
                    break
            else:
                return None
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        else:
            return None
    return "".join(out)


def _class_char(items: list[tuple[Any, Any]]) -> str | None:
    if items and str(items[0][0]) == "NEGATE":
        for candidate in "aA1-":
            if not any(_in_item(candidate, op, arg) for op, arg in items[1:]):
                return candidate
        return None
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return chr(arg)
        if name == "RANGE":
            low, high = arg
            # A middle-ish character reads better than the first ('1' rather than '0').
            return chr(low + 1) if high > low and chr(low) == "0" else chr(low)
        if name == "CATEGORY":
            return {"CATEGORY_DIGIT": "1", "CATEGORY_SPACE": " ", "CATEGORY_WORD": "a"}.get(
                str(arg), "a"
            )
    return None


def _in_item(ch: str, op: Any, arg: Any) -> bool:
    name = str(op)
    if name == "LITERAL":
        return ch == chr(arg)
    if name == "RANGE":
        return bool(arg[0] <= ord(ch) <= arg[1])
    return name == "CATEGORY"


# -- Danish-looking values ------------------------------------------------------------------------

# (words in the folded, lower-cased element/type name) → candidate text, tried in order.
_TEXT_HINTS: list[tuple[tuple[str, ...], str]] = [
    (("cpr",), "1502871234"),
    (("kommunekode",), "101"),
    (("myndighedskode",), "101"),
    (("cvr",), "29189846"),
    (("myndighedsnavn",), "Københavns Kommune"),
    (("afsendendesystem",), "Momentum"),
    (("sagsbehandler",), "Mette Hansen"),
    (("onbehalfofuser",), "Mette Hansen"),
    (("bemaerkning",), "Borgeren deltager aktivt og møder stabilt."),
    (("begrundelse",), "Borgeren udeblev fra samtalen uden rimelig grund."),
    (("fejlkode",), "1014"),
    (("errorcode",), "1014"),
    (("fejltekst",), "Beskeden er ikke gyldig."),
    (("errortext",), "Beskeden er ikke gyldig."),
    (("maalgruppe",), "2.1"),
    (("jobcentersagid",), "JC-2024-004711"),
    (("kysagid",), "KY-2024-000123"),
    (("accountinginfo",), "Jobcenter København"),
    (("email",), "jobcenter@kk.dk"),
    (("postcode",), "2300"),
    (("postnummer",), "2300"),
    (("streetname",), "Amagerbrogade"),
    (("vejnavn",), "Amagerbrogade"),
    (("name",), "Jens Jensen"),
    (("navn",), "Jens Jensen"),
]

_DECIMAL_HINTS: list[tuple[str, str]] = [
    ("beloeb", "850.00"),
    ("sats", "3.51"),
    ("kilometer", "32.5"),
    ("timer", "7.5"),
]

_INT_HINTS: list[tuple[str, int]] = [
    ("timer", 37),
    ("minutter", 30),
    ("aar", 2024),
]

_DATE_HINTS: list[tuple[tuple[str, ...], datetime.date]] = [
    (("til", "slut", "stop", "ophoer"), datetime.date(2024, 8, 31)),
    (("fra", "start", "virkning"), datetime.date(2024, 3, 1)),
]


def _key(f: FieldView) -> str:
    words = [f.local_name, f.type.name if f.type else ""]
    return " ".join("".join(naming.words(w)).lower() for w in words)


# what a lax or skip wildcard, and the content of an xs:anyType element, get
_EXAMPLE_ELEMENT = b'<eks:Eksempel xmlns:eks="urn:eksempel:ky-codegen">Eksempel</eks:Eksempel>'


def _namespace(clark: str) -> str:
    return clark[1:].partition("}")[0] if clark.startswith("{") else ""


def _allows(w: ir.Wildcard, own: str | None, clark: str) -> bool:
    """Wildcard ``w`` of a schema whose namespace is ``own`` takes element ``clark``."""
    namespace = _namespace(clark)
    spec = w.namespace.split()
    if spec == ["##any"]:
        return True
    if spec == ["##other"]:
        return namespace not in (own or "", "")
    listed = {own or "" if x == "##targetNamespace" else "" if x == "##local" else x for x in spec}
    return namespace in listed


class Sampler:
    """Builds sample instances of one version's classes."""

    def __init__(
        self, v: VersionView, module: ModuleType, branch: int = 0, document: str = ""
    ) -> None:
        self.v = v
        self.module = version_package(module)
        self.branch = branch
        self.document = document  # the namespace of the sample's root element
        self.ids = 0  # xs:ID values must be unique within a document

    def cls(self, name: str) -> Any:
        """A generated class or enum, by name."""
        return getattr(self.module, name)

    def instance(self, c: ClassView, path: str, depth: int = 0) -> Any:
        values: dict[str, Any] = {}
        for f in c.fields:
            where = f"{path}/{f.local_name or f.name}"
            # deep, only what must be there (mixed content's elements the content model needs)
            optional = f.optional or (f.repeated and f.min_occurs == 0 and f.kind != "mixed")
            if depth >= MAX_DEPTH and optional:
                continue
            if f.kind == "mixed":
                values[f.name] = self.mixed(c, f, where, depth)
            elif f.repeated:
                values[f.name] = [self.item(f, where, depth) for _ in range(max(1, f.min_occurs))]
            else:
                values[f.name] = self.item(f, where, depth)
        return self.cls(c.name)(**values)

    def mixed(self, c: ClassView, f: FieldView, path: str, depth: int) -> list[Any]:
        """Mixed content: text around an instance of each element (or wildcard) the content
        model takes, in its order (every optional one once, the choices' ``branch``)."""
        assert c.type_name is not None
        ct = self.v.contract.type(c.type_name)
        assert isinstance(ct, ir.ComplexType)
        branches = {b.fields[0].xml_name: b for b in f.branches}
        content: list[Any] = ["Eksempel "]
        for p in self._model(self.v.contract.content(ct), depth >= MAX_DEPTH):
            if isinstance(p, ir.Wildcard):
                content.append(self.wildcard(f, depth))
            else:
                content.append(self.instance(branches[str(p.name)], path, depth + 1))
            content.append(" tekst")
        return content

    def _model(
        self, particles: tuple[ir.Particle, ...], deep: bool = False
    ) -> list[ir.ElementParticle | ir.Wildcard]:
        """A valid order of elements and wildcards for ``particles`` (only the required ones
        when ``deep``)."""
        found: list[ir.ElementParticle | ir.Wildcard] = []
        for p in particles:
            times = 0 if p.max_occurs == 0 else p.min_occurs if deep else max(1, p.min_occurs)
            for _ in range(times):
                if isinstance(p, ir.ModelGroup) and p.compositor == "choice":
                    chosen = p.particles[self.branch % len(p.particles)]
                    found += self._model((chosen,), deep)
                elif isinstance(p, ir.ModelGroup):
                    found += self._model(p.particles, deep)
                else:
                    found.append(p)
        return found

    def item(self, f: FieldView, path: str, depth: int) -> Any:
        if f.kind == "choice":
            branches = [b for b in f.branches if b.fields]
            chosen = branches[self.branch % len(branches)]
            return self.instance(chosen, path, depth + 1)
        if f.kind == "group" or (f.kind == "element" and f.cls is not None):
            assert f.cls is not None
            return self.instance(self.concrete(f, depth), path, depth + 1)
        if f.kind == "any":
            return self.wildcard(f, depth)
        return self.simple(f, path)

    def concrete(self, f: FieldView, depth: int) -> ClassView:
        """The class of a sample of element field ``f``: one of a concrete type (its own or,
        by the branch, one derived from it; the first when deep)."""
        assert f.cls is not None
        if f.poly is None:
            return f.cls
        classes = [c for c in [f.cls, *reversed(f.poly.derived)] if not c.abstract]
        # lxml resolves an xsi:type only in the schemas the document's schema sees; those of
        # the declared type's namespace and of the root's surely are (SF1500's Adresse also
        # reaches types of urn:oio:sts:part:6 that its response schema never imports)
        seen = {f.cls.type_name.namespace if f.cls.type_name else "", self.document}
        visible = [c for c in classes if c.type_name is None or c.type_name.namespace in seen]
        classes = visible or classes
        if not classes:
            raise ValueError(f"{f.cls.name}: no concrete type derives from its abstract type")
        return classes[0 if depth >= MAX_DEPTH else self.branch % len(classes)]

    def wildcard(self, f: FieldView, depth: int = 0) -> bytes:
        assert f.wildcard is not None
        if f.xml_name is not None:  # an element of xs:anyType: any attributes and content
            ns, _, local = f.xml_name[1:].rpartition("}")
            tag, declaration = (f"a:{local}", f' xmlns:a="{ns}"') if ns else (local, "")
            return (
                f'<{tag}{declaration} kode="1">tekst'.encode()
                + _EXAMPLE_ELEMENT
                + f"</{tag}>".encode()
            )
        if f.wildcard.process_contents in ("lax", "skip"):
            return _EXAMPLE_ELEMENT
        # Strict: a global element must be declared where the wildcard's schema sees it; one
        # of the wildcard's own namespace is, and so is one of the document's root (the schema
        # lxml validates it with), so prefer those, then the smallest.
        owner = next(c for c in self.v.classes if any(g is f for g in c.fields))
        namespace = (
            owner.type_name.namespace if owner.type_name else self.v.contract.target_namespace
        )

        def preference(item: tuple[str, str]) -> tuple[bool, bool, int]:
            clark, name = item
            own = _namespace(clark) == namespace
            seen = own or _namespace(clark) == self.document
            return (not own, not seen, len(self.v.class_named(name).fields))

        allowed = [(c, n) for c, n in self.v.roots.items() if _allows(f.wildcard, namespace, c)]
        for clark, name in sorted(allowed, key=preference):
            cls = self.v.class_named(name)
            if not cls.abstract and not any(g.kind == "any" for g in cls.fields):
                obj = self.instance(cls, clark, depth + 1)
                text: str = self.module.to_string(obj)
                return bytes(
                    etree.tostring(etree.fromstring(text.encode()), method="c14n", exclusive=True)
                )
        raise ValueError("no element to put in a strict xs:any")

    def simple(self, f: FieldView, path: str) -> Any:
        if f.fixed is not None:
            return fixed_value(self.module, f)
        if f.enum is not None:
            members = list(self.cls(f.enum.name))
            return members[self.branch % len(members)] if f.enum.kind == "str" else members[0]
        assert f.builtin is not None and f.lexical is not None
        python = f.lexical.python
        key = _key(f)
        if f.type is not None and not is_atomic(self.v, f.type):
            return lexical_example(self.v, f.type)
        if python == "str":
            return self.text(f, key, path)
        if python == "int":
            return self.integer(f, key)
        if python == "Decimal":
            return self.decimal(f, key)
        if python == "bool":
            return True
        if python == "float":
            return 12.5
        if python == "datetime.date":
            return next(
                (d for words, d in _DATE_HINTS if any(w in key for w in words)),
                datetime.date(2024, 2, 15),
            )
        if python == "datetime.datetime":
            return datetime.datetime(2024, 2, 15, 9, 30, 0, tzinfo=TZ)
        if python == "datetime.time":
            return datetime.time(9, 30)
        if python == "bytes":  # a binary type's length facets count octets
            return _fit("%PDF-1.7 eksempel", f.facets)[-1].encode()
        raise ValueError(f"no sample for {python}")

    def text(self, f: FieldView, key: str, path: str) -> str:
        candidates = [text for words, text in _TEXT_HINTS if any(w in key for w in words)]
        uuid_like = (
            "uuid" in key
            or "callidentifier" in key
            or any("[a-f0-9]{8}" in p or "{8}-" in p for p in f.facets.patterns)
        )
        if uuid_like:
            candidates.insert(0, str(uuid.uuid5(UUID_NAMESPACE, path)))
        service_uuid = getattr(self.module, "SERVICE_UUID", None)
        if "serviceuuid" in key and service_uuid:
            candidates.insert(0, service_uuid)  # the InvocationContext names this very service
        for p in f.facets.patterns:
            example = regex_example(translate(p))
            if example is not None:
                candidates.append(example)
        assert f.builtin is not None
        if f.builtin.name == "ID":
            self.ids += 1
            candidates.insert(0, f"id{self.ids}")
        if f.builtin.name in BUILTIN_PATTERNS:
            candidates.append(f"{naming.snake(f.local_name or f.name).strip('_')}1")
            candidates.append(regex_example(BUILTIN_PATTERNS[f.builtin.name]) or "")
        if f.builtin.name == "duration":  # within the order facets (and the example pattern)
            candidates += ["P1D", "P2D", "P60D", "P99D"]
        readable = " ".join(naming.words(f.local_name or f.name)).capitalize()
        candidates.append(f"{readable} eksempel")
        candidates.append("Eksempel")
        # A text in the plain subset of the built-in type first; when the type's own patterns
        # rule that subset out (an anyURI restricted to urn:oid:…), the own patterns alone.
        for builtin in (True, False) if f.facets.patterns else (True,):
            for text in candidates:
                for fitted in _fit(text, f.facets):
                    if string_ok(f, fitted, builtin):
                        return fitted
        raise ValueError(f"no sample text satisfies the facets of {path}")

    def integer(self, f: FieldView, key: str) -> int:
        low, high = integer_bounds(f)
        wanted = next((n for word, n in _INT_HINTS if word in key), 1)
        if low is not None and wanted < low:
            wanted = low
        if high is not None and wanted > high:
            wanted = high
        return wanted

    def decimal(self, f: FieldView, key: str) -> Decimal:
        wanted = Decimal(next((d for word, d in _DECIMAL_HINTS if word in key), "12.50"))
        candidates = [wanted, Decimal("1"), Decimal("0")]
        facets = f.facets
        bounds = Bounds.of(facets, Decimal(10) ** -(facets.fraction_digits or 0))
        for value in candidates:
            value = bounds.clamp(value)
            if facets.fraction_digits is not None:
                value = value.quantize(Decimal(10) ** -facets.fraction_digits)
            if decimal_ok(f, value):
                return value
        raise ValueError(f"no sample decimal satisfies the facets of {f.local_name}")


def _fit(text: str, facets: Facets) -> list[str]:
    """``text``, and versions of it cut or padded to the length facets."""
    low = facets.length if facets.length is not None else facets.min_length or 0
    high = facets.length if facets.length is not None else facets.max_length
    result = [text]
    if high is not None and len(text) > high:
        result.append(text[:high].rstrip() if len(text[:high].rstrip()) >= low else text[:high])
    if len(text) < low:
        result.append((text + " " + "x" * low)[:low] if text else "x" * low)
    return result


def sample(
    module: ModuleType, element: str, *, branch: int = 0, view: VersionView | None = None
) -> Any:
    """A sample instance of the root class for ``element`` in the imported version package."""
    v = view or view_of(module)
    c = root_class(v, element)
    return Sampler(v, module, branch, _namespace(element)).instance(
        c, c.xml_name.rpartition("}")[2] if c.xml_name else c.name
    )


def sample_operation(
    module: ModuleType,
    operation: str,
    *,
    response: bool = False,
    branch: int = 0,
    view: VersionView | None = None,
) -> Any:
    """A sample request (or response) of ``operation`` (its WSDL name or Python method name)."""
    v = view or view_of(module)
    op = next((o for o in v.operations if operation in (o.name, o.method)), None)
    if op is None:
        raise KeyError(
            f"no operation {operation!r}; operations: {', '.join(o.name for o in v.operations)}"
        )
    element = op.output if response else op.input
    if element is None:
        raise KeyError(
            f"operation {op.name} has no {'response' if response else 'request'} element"
        )
    return sample(module, element, branch=branch, view=v)


# -- kygen sample ------------------------------------------------------------------------------


def import_fresh(source: contracts.ContractSource, folder: Path) -> ModuleType:
    """Generate ``source``'s SDK quickly (unformatted, no reports) under ``folder`` and import
    its version package under a private name, so it cannot clash with an installed SDK."""
    from generator.emit import build, output

    package = "_kygen_" + re.sub(r"\W", "_", f"{naming.snake(source.service)}_{folder.name}")
    generated = build(
        [source], package=package, flat=source.version is None, formatted=False, with_reports=False
    )
    output.write(generated, folder)
    sys.path.insert(0, str(folder / package / "src"))
    try:
        name = package if source.version is None else f"{package}.{module_name(source.version)}"
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(folder / package / "src"))


def _consistent_answer(module: ModuleType, response: Any) -> Any:
    """A KY answer as KY gives it: ACCEPTERET without a reason or an error list (a sample that
    fills every optional field would accept the message and list an error in one breath)."""
    v = view_of(module)
    if v.transport is None:  # not shaped like KY's messages: no kvittering to make consistent
        return response
    k = v.transport.kvittering
    accepted = getattr(version_package(module), k.code_enum)[k.accepted]
    kvittering = getattr(response, k.field)
    fixed = dataclasses.replace(kvittering, **{k.code: accepted, k.reason: None, k.errors: None})
    return dataclasses.replace(response, **{k.field: fixed})


def sample_document(
    source: contracts.ContractSource,
    operation: str,
    *,
    response: bool = False,
    envelope: bool = False,
) -> bytes:
    """The XML of a sample request (or response) of ``operation`` of contract ``source``."""
    with tempfile.TemporaryDirectory(prefix="kygen-sample-") as tmp:
        module = import_fresh(source, Path(tmp))
        obj = sample_operation(module, operation, response=response)
        if response:
            obj = _consistent_answer(module, obj)
        if not envelope:
            data: bytes = module.to_xml(obj)
            return data
        soap = importlib.import_module(module.__name__.partition(".")[0] + "._runtime.soap")
        wrapped: bytes = soap.envelope(module.to_string(obj))
        return wrapped
