"""Hypothesis strategies that build random *valid* instances of a generated SDK's classes.

``strategy(module, element)`` draws instances of the root class for ``element`` whose XML is
valid against the contract's XSD: every facet is respected (patterns through the translated
regular expression, lengths, digits, bounds, enumerations), choices take any branch, optional
elements come and go, lists have 0..3 items within their occurrence bounds. Strings are drawn
from the characters XML 1.0 can carry, already normalised the way the type's whiteSpace facet
would, so a round trip gives back an equal object. Used by the tests; needs hypothesis.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import uuid
from decimal import Decimal
from types import ModuleType
from typing import Any

from hypothesis import strategies as st

from generator.emit.patterns import translate
from generator.emit.views import ClassView, FieldView, VersionView
from generator.samples import (
    BUILTIN_PATTERNS,
    Bounds,
    Sampler,
    decimal_ok,
    fixed_value,
    integer_bounds,
    is_atomic,
    lexical_example,
    root_class,
    string_ok,
    version_package,
    view_of,
)

MAX_DEPTH = 5
MAX_ITEMS = 3
MAX_TEXT = 40
ZONES = [
    datetime.UTC,
    datetime.timezone(datetime.timedelta(hours=1)),
    datetime.timezone(datetime.timedelta(hours=-5, minutes=-30)),
    datetime.timezone(datetime.timedelta(hours=14)),
]
# Characters XML 1.0 can carry (no C0 controls but tab/newline/CR, no surrogates, no U+FFFE/F).
XML_CHARACTERS = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Cc"),
    include_characters="\t\n\r",
    exclude_characters="\ufffe\uffff",
)
_SPACES = re.compile("[ \t\n\r]+")
_WILDCARD = b'<eks:Eksempel xmlns:eks="urn:eksempel:ky-codegen">Eksempel</eks:Eksempel>'


def strategy(
    module: ModuleType, element: str, *, view: VersionView | None = None
) -> st.SearchStrategy[Any]:
    """Random valid instances of the root class of ``element`` in the imported version package."""
    v = view or view_of(module)
    return _Builder(v, version_package(module)).cls(root_class(v, element), 0)


class _Builder:
    def __init__(self, v: VersionView, module: ModuleType) -> None:
        self.v = v
        self.module = module

    def cls(self, c: ClassView, depth: int) -> st.SearchStrategy[Any]:
        fields: dict[str, st.SearchStrategy[Any]] = {}
        for f in c.fields:
            if f.kind == "mixed":  # text around a valid order of the content model's elements
                fields[f.name] = st.just(Sampler(self.v, self.module).mixed(c, f, "", depth))
                continue
            if depth >= MAX_DEPTH and (f.optional or (f.repeated and f.min_occurs == 0)):
                fields[f.name] = st.just([] if f.repeated else None)
                continue
            item = self.item(f, depth)
            if f.repeated:
                high = min(f.max_occurs or MAX_ITEMS, max(MAX_ITEMS, f.min_occurs))
                fields[f.name] = st.lists(item, min_size=f.min_occurs, max_size=high)
            elif f.optional:
                fields[f.name] = st.none() | item
            else:
                fields[f.name] = item
        return st.builds(getattr(self.module, c.name), **fields)

    def item(self, f: FieldView, depth: int) -> st.SearchStrategy[Any]:
        if f.kind == "choice":
            # A branch instance that writes no element reads back as None: leave it out.
            options = [
                self.cls(b, depth + 1).filter(_writes_something) for b in f.branches if b.fields
            ]
            return st.one_of(options)
        if f.kind == "group" and f.repeated:
            # an item that writes no element reads back as no item: leave it out
            assert f.cls is not None
            return self.cls(f.cls, depth + 1).filter(_writes_something)
        if f.cls is not None:
            return self.cls(f.cls, depth + 1)
        if f.kind == "any":
            return self.wildcard(f)
        return self.simple(f)

    def wildcard(self, f: FieldView) -> st.SearchStrategy[Any]:
        assert f.wildcard is not None
        if f.wildcard.process_contents in ("lax", "skip"):
            return st.just(_WILDCARD)
        return st.just(Sampler(self.v, self.module).wildcard(f))

    def simple(self, f: FieldView) -> st.SearchStrategy[Any]:
        if f.fixed is not None:
            return st.just(fixed_value(self.module, f))
        if f.enum is not None:
            return st.sampled_from(list(getattr(self.module, f.enum.name)))
        if f.type is not None and not is_atomic(self.v, f.type):
            return st.just(lexical_example(self.v, f.type))
        assert f.lexical is not None and f.builtin is not None
        python = f.lexical.python
        if python == "str":
            return self.text(f)
        if python == "int":
            low, high = integer_bounds(f)
            return st.integers(low, high)
        if python == "Decimal":
            return self.decimal(f)
        if python == "bool":
            return st.booleans()
        if python == "float":
            return st.floats(allow_nan=False, width=64)
        if python == "datetime.date":
            return st.dates()
        if python == "datetime.datetime":
            return st.datetimes(timezones=st.none() | st.sampled_from(ZONES))
        if python == "datetime.time":
            return st.times()
        if python == "bytes":
            return st.binary(max_size=48)
        raise TypeError(f"no strategy for {python}")

    def text(self, f: FieldView) -> st.SearchStrategy[str]:
        facets = f.facets
        assert f.builtin is not None
        if facets.patterns and all(_uuid_pattern(p) for p in facets.patterns):
            # Drawing a UUID character by character from its pattern is slow; draw UUIDs.
            base = st.uuids().map(str)
        elif not facets.patterns and f.builtin.name in BUILTIN_PATTERNS:
            base = st.from_regex(BUILTIN_PATTERNS[f.builtin.name], fullmatch=True)
        elif facets.patterns:
            # No alphabet: intersecting it with the pattern's classes makes drawing slow; the
            # few strings a wide pattern (``.``, ``\\S``) gives that XML cannot carry are dropped.
            base = st.from_regex(translate(facets.patterns[-1]), fullmatch=True).filter(_xml_chars)
        else:
            low = facets.length if facets.length is not None else facets.min_length or 0
            high = facets.length if facets.length is not None else facets.max_length
            high = max(low, min(high if high is not None else MAX_TEXT, MAX_TEXT))
            base = st.text(XML_CHARACTERS, min_size=low, max_size=high)
        whitespace = {"string": None, "normalizedString": "replace"}.get(f.builtin.name, "collapse")
        if whitespace == "replace":
            base = base.map(lambda s: s.replace("\t", " ").replace("\n", " ").replace("\r", " "))
        elif whitespace == "collapse":
            base = base.map(lambda s: _SPACES.sub(" ", s).strip(" "))
        return base.filter(lambda s: string_ok(f, s))

    def decimal(self, f: FieldView) -> st.SearchStrategy[Decimal]:
        facets = f.facets
        places = facets.fraction_digits if facets.fraction_digits is not None else 3
        bounds = Bounds.of(facets, Decimal(10) ** -places)
        limit = Decimal(10) ** ((facets.total_digits or 12) - places) - Decimal(10) ** -places
        low = bounds.low if bounds.low is not None else -limit
        high = bounds.high if bounds.high is not None else limit
        values = st.decimals(min_value=max(low, -limit), max_value=min(high, limit), places=places)
        return values.filter(lambda d: decimal_ok(f, d))


def _uuid_pattern(pattern: str) -> bool:
    """The pattern accepts UUIDs in canonical lower-case form."""
    regex = re.compile(translate(pattern))
    return all(regex.fullmatch(str(u)) for u in _PROBES)


_PROBES = (
    uuid.UUID("6f1c1e0a-4b1d-4c52-9d7e-2f0a5c3b8e11"),
    uuid.UUID("00000000-0000-4000-8000-ffffffffffff"),
)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_chars(text: str) -> bool:
    return _NOT_XML.search(text) is None


def _writes_something(obj: Any) -> bool:
    """The instance has at least one value that is written (not None, not an empty list)."""
    return any(getattr(obj, f.name) not in (None, []) for f in dataclasses.fields(obj))
