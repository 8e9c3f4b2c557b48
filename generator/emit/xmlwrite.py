"""The writer functions of ``xml.py`` (`WriterPlan`): strings built from precomputed tags.

A run of required fields becomes a single string, written as one literal per element that
Python concatenates when it compiles (a line per element to read, the one f-string's
bytecode); only string values that can hold markup characters are escaped, in one batched
test per block."""

from __future__ import annotations

import builtins
import keyword
from collections import Counter
from dataclasses import dataclass, field, replace

from generator.emit.pycode import fstring, literal
from generator.emit.views import ClassView, FieldView, VersionView
from generator.emit.xmlbase import (
    NIL_ATTRIBUTE,
    XSI_DECLARATION,
    Function,
    annotation_names,
    attrs_name,
    choice_writer,
    declared,
    defined_in,
    namespaces_used,
    nil_field,
    root_writer_name,
    typed_writer,
    walk_fields,
    writer_name,
)
from generator.sdk_runtime import lexical as runtime_lexical


@dataclass
class _Parts:
    """A string expression under construction: constants, str expressions, and expressions an
    f-string formats itself (ints: ``{n}`` is faster than ``{str(n)}``)."""

    items: list[tuple[str, str]] = field(default_factory=list)  # (const | str | fmt, text)

    def const(self, text: str) -> None:
        if self.items and self.items[-1][0] == "const":
            self.items[-1] = ("const", self.items[-1][1] + text)
        else:
            self.items.append(("const", text))

    def expr(self, code: str, fmt: bool = False) -> None:
        self.items.append(("fmt" if fmt else "str", code))

    def element(self) -> None:
        """An element starts here: `fstring` puts it on a line of its own."""
        if self.items and self.items[-1][0] != "break":
            self.items.append(("break", ""))

    def spread(self, code: str) -> None:
        """A list of strings that goes into the whole item by item (see `whole`)."""
        self.items.append(("spread", code))

    def extend(self, other: _Parts) -> None:
        for kind, text in other.items:
            self.const(text) if kind == "const" else self.items.append((kind, text))

    def whole(self) -> str:
        """The whole as one expression: `fstring`, or a join when a list is spread into it."""
        if all(kind != "spread" for kind, _ in self.items):
            return self.fstring()
        out: list[str] = []
        run = _Parts()
        for kind, text in self.items:
            if kind == "spread":
                out += [run.fstring()] if run.items else []
                out.append(f"*{text}")
                run = _Parts()
            else:
                run.items.append((kind, text))
        out += [run.fstring()] if run.items else []
        return f'"".join([{", ".join(out)}])'

    def fstring(self) -> str:
        """The whole as one expression: a literal, a lone expression, or an f-string; with
        several elements, one string literal per element, implicitly concatenated (Python
        joins them when it compiles: the same single string, a line per element to read)."""
        lines: list[list[tuple[str, str]]] = [[]]
        for kind, text in self.items:
            if kind == "break":
                lines.append([])
            else:
                lines[-1].append((kind, text))
        lines = [line for line in lines if line]
        if len(lines) > 1:
            return " ".join(_string(line) for line in lines)  # the formatter adds parentheses
        items = lines[0] if lines else []
        if not items:
            return '""'
        if len(items) == 1:
            kind, text = items[0]
            return {"const": literal(text), "str": text, "fmt": f"str({text})"}[kind]
        return _string(items)

    def concat(self) -> str:
        """The whole as a ``+`` chain (used inside conditional expressions)."""
        items = [(k, t) for k, t in self.items if k != "break"]
        if not items:
            return '""'
        return " + ".join({"const": literal(t), "str": t, "fmt": f"str({t})"}[k] for k, t in items)


def _string(items: list[tuple[str, str]]) -> str:
    """A string literal of ``items``: an f-string when one is an expression."""
    if all(kind == "const" for kind, _ in items):
        return literal("".join(text for _, text in items))
    return fstring(*[text if kind == "const" else (text,) for kind, text in items])


def _utf8_batch(variables: list[tuple[str, bool]]) -> list[str]:
    """In UTF-8-chars mode (see `XmlModule`): non-ASCII strs of ``variables`` become the
    characters of their UTF-8 bytes. One ``isascii()`` (constant time) over the joined
    strings when none is (the usual case); after `_escape_batch`, which binds ``t``."""
    if not variables:
        return []
    t = "t" if len(variables) > 1 or variables[0][1] else variables[0][0]
    if t != "t":  # one str, never None: the test over "all" was the test of it
        return [f"if not {t}.isascii():", f'    {t} = {t}.encode().decode("latin-1")']
    lines = [f"if not {t}.isascii():"]
    for v, optional in variables:
        test = f"{v} is not None and not {v}.isascii()" if optional else f"not {v}.isascii()"
        lines += [f"    if {test}:", f'        {v} = {v}.encode().decode("latin-1")']
    return lines


def _escape_batch(variables: list[tuple[str, bool]]) -> list[str]:
    """Escape the strs in ``variables`` (name, may be None) in place.

    Strings are most of a message, and nearly none holds a character to escape: one check
    over all of a class's strings joined costs a few ``in`` tests, where a call per string
    would cost more than writing the rest. Only when the check fails is each one escaped
    (`escape_text` returns a clean string unchanged).
    """
    test = '"&" in {t} or "<" in {t} or ">" in {t} or not {t}.isprintable()'
    return _batch(variables, test, "escape_text")


def _decimal_batch(variables: list[tuple[str, bool]]) -> list[str]:
    """Make the ``str()`` of decimals in ``variables`` (name, may be None) xs:decimal.

    ``str(Decimal)`` is xs:decimal unless it has an exponent or is Infinity/NaN; one check
    over all of a block's decimals (nothing but ``DECIMAL_CHARS``) stands in for a
    `format_decimal` call per value, and sends anything else (also a value that is no Decimal)
    to `decimal_text`, which writes it correctly or refuses it.
    """
    return _batch(variables, "{t}.lstrip(DECIMAL_CHARS)", "decimal_text")


def _batch(variables: list[tuple[str, bool]], test: str, fix: str) -> list[str]:
    """One ``test`` over the block's ``variables`` joined (as ``t``, bound when they are more
    than one or may be None); when it holds, ``fix`` is applied to each of them."""
    if not variables:
        return []
    joined = " + ".join(f'({v} or "")' if optional else v for v, optional in variables)
    lines = [f"t = {joined}"] if len(variables) > 1 or variables[0][1] else []
    lines.append(f"if {test.format(t='t' if lines else variables[0][0])}:")
    for v, optional in variables:
        if optional:
            lines += [f"    if {v} is not None:", f"        {v} = {fix}({v})"]
        else:
            lines.append(f"    {v} = {fix}({v})")
    return lines


@dataclass
class _Block:
    """One unconditional stretch of a writer: bindings, one batched escape, then the rest."""

    binds: list[str] = field(default_factory=list)
    texts: list[tuple[str, bool]] = field(default_factory=list)  # (variable, may be None)
    decimals: list[tuple[str, bool]] = field(default_factory=list)  # (variable, may be None)
    body: list[str] = field(default_factory=list)
    parts: _Parts = field(default_factory=_Parts)
    utf8: bool = False  # UTF-8-chars mode (see `XmlModule`)
    uses: set[str] = field(default_factory=set)  # the plan's: names the code takes from outside
    spread: bool = False  # lists of elements go item by item into the writer's final join

    def lines(self) -> list[str]:
        if self.texts:
            self.uses.add("escape_text")
        if self.decimals:
            self.uses.update(("DECIMAL_CHARS", "decimal_text"))
        return (
            self.binds
            + _escape_batch(self.texts)
            + (_utf8_batch(self.texts) if self.utf8 else [])
            + _decimal_batch(self.decimals)
            + self.body
        )


MAX_INLINE_DEPTH = 8
# A class held by several fields is written by its own writer, one call per occurrence (a
# copy inlined in every place made SF1500 Organisation's xml.py 69k lines: its Virkning is
# held by 125 fields), except as the items of a list, where a call per item costs: there it is
# inlined while its copies add at most this many element fields (its fields, through what it
# inlines itself, times its places after the first).
MAX_COPIED_FIELDS = 100
_DERIVED = ("", "_item", "_xml", "_parts", "_chunk", "_value")
#: Items of a root's list joined at a time (see `WriterPlan._fill`).
CHUNK = 64
# Names a writer's body may read from outside it: a local of the same name would hide them.
RESERVED_LOCALS = frozenset(
    {"o", "t", "x", *keyword.kwlist, *dir(builtins), *defined_in(runtime_lexical)}
)


class WriterPlan:
    """Writer functions of a version.

    A root writer inlines the content of every child whose class is held in that one place
    (down to `MAX_INLINE_DEPTH`, never into itself), so a typical message is written by a
    handful of functions: calls cost more than the work of most elements. A class held in
    several places is written by its own writer, except as a list's items while small (see
    `MAX_COPIED_FIELDS`). Writers are generated only when something calls them.
    """

    def __init__(self, v: VersionView, utf8: bool = False) -> None:
        self.v = v
        self.utf8 = utf8
        self.taken = set(RESERVED_LOCALS)
        # function name → a class (its content or attributes), or (owner, field): a choice's
        # writer, or a `Poly` field's (``_typed_``)
        self.wanted: dict[str, ClassView | tuple[ClassView, FieldView]] = {}
        self.uses: set[str] = set()  # runtime helpers and model names the writers use
        self.references = self._references()
        self.weights: dict[str, int] = {}

    def _block(self) -> _Block:
        return _Block(utf8=self.utf8, uses=self.uses)

    def tag(self, clark: str) -> str:
        if clark.startswith("{"):
            namespace, _, local = clark[1:].partition("}")
            return f"{self.v.namespaces[namespace]}:{local}"
        return clark

    def functions(self) -> list[Function]:
        roots = [self._root(c) for c in self.v.classes if c.xml_name]
        done: dict[str, Function] = {}
        while len(done) < len(self.wanted):
            for name, what in list(self.wanted.items()):
                if name in done:
                    continue
                if isinstance(what, tuple) and name.startswith("_typed_"):
                    done[name] = self._typed(*what)
                elif isinstance(what, tuple):
                    done[name] = self._choice(*what)
                elif name.startswith("_attrs_"):
                    done[name] = self._attrs(what)
                else:
                    done[name] = self._content(what)
        return [done[name] for name in sorted(done)] + roots

    def _base(self, cls: ClassView) -> ClassView:
        """The class whose fields ``cls`` has (an element class shares its type's)."""
        return self.v.class_named(cls.base) if cls.base else cls

    def _references(self) -> Counter[str]:
        """How many fields (and root elements) hold each class's content."""
        found: Counter[str] = Counter()
        for cls in self.v.classes:
            if cls.xml_name:
                found[self._base(cls).name] += 1
            for f in walk_fields(cls.children):
                if f.cls is not None and f.kind in ("element", "group"):
                    found[self._base(f.cls).name] += 1
        return found

    def _weight(self, cls: ClassView) -> int:
        """Element fields in the content of ``cls`` and of the classes it holds (once each)."""
        known = self.weights.get(cls.name)
        if known is not None:
            return known
        self.weights[cls.name] = 0  # a class inside itself adds nothing
        total = 0
        for f in walk_fields(cls.children):
            total += 1
            if f.cls is not None and f.kind in ("element", "group"):
                total += self._weight(self._base(f.cls))
        self.weights[cls.name] = total
        return total

    def _inlined(self, inner: ClassView, stack: list[ClassView], items: bool = False) -> bool:
        """Whether the content of ``inner`` is written in place, else by its writer; ``items``:
        for each item of a list. A class held in one place is inlined; one held in several (a
        copy each) only for a list's items, where a call per item costs, while its copies stay
        small."""
        if inner in stack or len(stack) >= MAX_INLINE_DEPTH:
            return False
        copies = self.references[inner.name] - 1
        return copies <= 0 or (items and self._weight(inner) * copies <= MAX_COPIED_FIELDS)

    def writer_of(self, cls: ClassView) -> str:
        cls = self._base(cls)
        self.wanted[writer_name(cls)] = cls
        return writer_name(cls)

    def attrs_of(self, cls: ClassView) -> str:
        cls = self._base(cls)
        self.wanted[attrs_name(cls)] = cls
        return attrs_name(cls)

    def _local(self, f: FieldView) -> str:
        """A local variable named after field ``f``, free in the function being written
        together with the names derived from it (``_item``, ``_xml``, ``_parts``, ``_chunk``,
        ``_value``)."""
        base = f.name.lstrip("_") or "value"
        candidate, n = base, 1
        while any(candidate + s in self.taken for s in _DERIVED):
            n += 1
            candidate = f"{base}_{n}"
        self.taken.update(candidate + s for s in _DERIVED)
        return candidate

    # -- values ---------------------------------------------------------------------

    def _value(self, f: FieldView, code: str, attribute: bool = False) -> tuple[str, bool]:
        """(expression, formattable) for the simple value ``code`` of field ``f``."""
        escape = "escape_attr" if attribute else "escape_text"
        if f.enum is not None:  # ASCII in UTF-8-chars mode
            # ``_value_`` is the plain str/int; ``.value`` is a slow descriptor.
            if f.enum.kind == "int":
                return f"{code}._value_", True
            if not f.enum.needs_escape:
                return f"{code}._value_", False
            self.uses.add(escape)
            return f"{escape}({code}._value_)", False
        assert f.lexical is not None
        if f.lexical.write == "str({})":
            return code, True
        written = f.lexical.write_code(code)
        self.uses.update(f.lexical.write_uses)
        if not f.lexical.escape:
            return written, False
        if self.utf8:
            escape += "_utf8"
        self.uses.add(escape)
        return f"{escape}({written})", False

    def _leaf(self, block: _Block, f: FieldView, var: str, n: str) -> None:
        """The element of an inlined value ``var`` (already bound, escaped or checked in the
        block's batch); an optional one is written only when it is not None."""
        one, end = self._tags(f, var)
        one.expr(var)
        one.const(end)
        if f.optional:
            block.body.append(f'{n}_xml = "" if {var} is None else {one.concat()}')
            block.parts.expr(f"{n}_xml")
        else:
            block.parts.extend(one)

    def _inline_text(self, f: FieldView) -> bool:
        """A plain string value, escaped in the block's batch (see `_escape_batch`)."""
        return (
            f.kind in ("element", "value")
            and f.cls is None
            and f.enum is None
            and f.lexical is not None
            and f.lexical.escape
            and f.lexical.write == "{}"
        )

    def _inline_decimal(self, f: FieldView) -> bool:
        """A decimal value, written as its ``str()`` checked in the block's batch."""
        return (
            f.kind in ("element", "value")
            and f.cls is None
            and f.enum is None
            and f.lexical is not None
            and f.lexical.write == "format_decimal({})"
        )

    def _tags(self, f: FieldView, obj: str) -> tuple[_Parts, str]:
        """The start tag of element field ``f`` holding ``obj`` (with its attributes), and
        the end tag; empty for a group (its elements go straight into the parent)."""
        start = _Parts()
        if f.kind != "element":
            return start, ""
        assert f.xml_name is not None
        tag = self.tag(f.xml_name)
        if f.cls is not None and (f.cls.attributes or f.cls.other_attributes):
            start.const(f"<{tag}")
            start.expr(f"{self.attrs_of(f.cls)}({obj})")
            start.const(">")
        else:
            start.const(f"<{tag}>")
        return start, f"</{tag}>"

    def _call(self, f: FieldView, item: str, owner: ClassView) -> _Parts:
        """The XML of one item of content field ``f``, through writer functions."""
        parts = _Parts()
        if f.poly is not None:
            name = typed_writer(owner, f)
            self.wanted[name] = (owner, f)
            parts.expr(f"{name}({item})")
            return parts
        if f.kind in ("element", "group") and f.cls is not None:
            parts, end = self._tags(f, item)
            parts.expr(f"{self.writer_of(f.cls)}({item})")
            parts.const(end)
            return parts
        if f.kind == "element":
            start, end = self._tags(f, item)
            parts.extend(start)
            parts.expr(*self._value(f, item))
            parts.const(end)
        elif f.kind == "value":
            parts.expr(*self._value(f, item))
        elif f.kind == "any":
            # UTF-8 (as its bytes' characters in UTF-8-chars mode); no double quotes: it may
            # sit in an f-string
            if self.utf8:
                self.uses.add("utf8_chars_of")
            parts.expr(f"utf8_chars_of({item})" if self.utf8 else f"{item}.decode()")
        else:  # choice
            name = choice_writer(owner, f)
            self.wanted[name] = (owner, f)
            parts.expr(f"{name}({item})")
        return parts

    # -- content ----------------------------------------------------------------------

    def _fill(self, cls: ClassView, obj: str, block: _Block, stack: list[ClassView]) -> None:
        """Add the content of ``cls`` held in variable ``obj`` to ``block``."""
        for f in cls.children:
            block.parts.element()
            code = f"{obj}.{f.name}"
            n = self._local(f)
            if nil_field(f):
                self._nil(f, code, cls, n, block)
                continue
            inner = (
                self._base(f.cls)
                if f.cls is not None and f.kind in ("element", "group") and f.poly is None
                else None
            )
            if (
                f.repeated
                and f.kind == "element"
                and inner is not None
                and self._inlined(inner, stack, items=True)
            ):
                # A list of elements of a class: each item written in a loop in place (a
                # writer call and two concatenations per item cost more than the append).
                var = f"{n}_item"
                start, end = self._tags(f, var)
                sub = self._block()
                sub.parts.extend(start)
                self._fill(inner, var, sub, [*stack, inner])
                sub.parts.const(end)
                loop = ["        " + line for line in sub.lines()]
                item = sub.parts.fstring()
                if block.spread:
                    # Into the root's one join, in chunks of CHUNK items: joining all items
                    # first and copying that into the root's string made two more copies of
                    # the longest part of the document, and thousands of item strings alive
                    # at once fill fresh allocator arenas: megabytes of new pages (page
                    # faults) on every call. A chunk's items are freed as soon as it is joined.
                    chunk = f"{n}_chunk"
                    block.body += [f"{n}_parts: list[str] = []", f"if {code}:"]
                    block.body += [f"    {chunk}: list[str] = []", f"    for {var} in {code}:"]
                    block.body += [*loop, f"        {chunk}.append({item})"]
                    block.body += [
                        f"        if len({chunk}) == {CHUNK}:",
                        f'            {n}_parts.append("".join({chunk}))',
                        f"            {chunk}.clear()",
                        f'    {n}_parts.append("".join({chunk}))',
                    ]
                    block.parts.spread(f"{n}_parts")
                else:
                    block.body += [f'{n}_xml = ""', f"if {code}:", f"    {n}_parts: list[str] = []"]
                    block.body += [f"    for {var} in {code}:", *loop]
                    block.body.append(f"        {n}_parts.append({item})")
                    block.body.append(f'    {n}_xml = "".join({n}_parts)')
                    block.parts.expr(f"{n}_xml")
            elif f.repeated:
                one = self._call(f, "x", cls)
                block.body.append(
                    f'{n}_xml = "".join([{one.concat()} for x in {code}]) if {code} else ""'
                )
                block.parts.expr(f"{n}_xml")
            elif self._inline_text(f):
                var = f"{n}"
                block.binds.append(f"{var} = {code}")
                block.texts.append((var, f.optional))
                self._leaf(block, f, var, n)
            elif self._inline_decimal(f):
                var = f"{n}"
                if f.optional:
                    block.binds += [
                        f"{n}_value = {code}",
                        f"{var} = None if {n}_value is None else str({n}_value)",
                    ]
                else:
                    block.binds.append(f"{var} = str({code})")
                block.decimals.append((var, f.optional))
                self._leaf(block, f, var, n)
            elif inner is not None and self._inlined(inner, stack):
                var = f"{n}"
                start, end = self._tags(f, var)
                if f.optional:
                    sub = self._block()
                    sub.parts.extend(start)
                    self._fill(inner, var, sub, [*stack, inner])
                    sub.parts.const(end)
                    block.body += [
                        f"{var} = {code}",
                        f"if {var} is None:",
                        f'    {n}_xml = ""',
                        "else:",
                    ]
                    block.body += ["    " + line for line in sub.lines()]
                    block.body.append(f"    {n}_xml = {sub.parts.fstring()}")
                    block.parts.expr(f"{n}_xml")
                else:
                    block.binds.append(f"{var} = {code}")
                    block.parts.extend(start)
                    self._fill(inner, var, block, [*stack, inner])
                    block.parts.const(end)
            elif f.kind == "choice" and len(stack) < MAX_INLINE_DEPTH:
                self._inline_choice(cls, f, code, n, block, stack)
            elif f.optional and f.kind != "choice":  # a choice writer handles its own None
                block.body.append(
                    f'{n}_xml = "" if {code} is None else {self._call(f, code, cls).concat()}'
                )
                block.parts.expr(f"{n}_xml")
            else:
                block.parts.extend(self._call(f, code, cls))

    def _nil(self, f: FieldView, code: str, owner: ClassView, n: str, block: _Block) -> None:
        """A nillable element that must be there: None is written as xsi:nil."""
        assert f.xml_name is not None
        nil = literal(f"<{self.tag(f.xml_name)} {NIL_ATTRIBUTE}/>")
        if f.repeated:
            one = self._call(f, "x", owner)
            block.body.append(
                f'{n}_xml = "".join([{nil} if x is None else {one.concat()} for x in {code}])'
            )
        else:
            var = f"{n}"
            one = self._call(f, var, owner)
            block.body += [
                f"{var} = {code}",
                f"{n}_xml = {nil} if {var} is None else {one.concat()}",
            ]
        block.parts.expr(f"{n}_xml")

    def _inline_choice(
        self,
        owner: ClassView,
        f: FieldView,
        code: str,
        n: str,
        block: _Block,
        stack: list[ClassView],
    ) -> None:
        """A choice that occurs once, written in place: an isinstance test per branch."""
        var = f"{n}"
        block.body.append(f"{var} = {code}")
        keyword = "if"
        for branch in f.branches:
            self.uses.add(branch.name)
            sub = self._block()
            self._fill(branch, var, sub, [*stack, branch])
            block.body.append(f"{keyword} isinstance({var}, {branch.name}):")
            block.body += ["    " + line for line in sub.lines()]
            block.body.append(f"    {n}_xml = {sub.parts.fstring()}")
            keyword = "elif"
        if f.optional:
            block.body += [f"{keyword} {var} is None:", f'    {n}_xml = ""']
        names = " or ".join(b.name for b in f.branches)
        message = f"{owner.name}.{f.name} must be {names}, not {{type({var}).__name__}}"
        block.body += ["else:", f'    raise TypeError(f"{message}")']
        block.parts.expr(f"{n}_xml")

    def _content(self, cls: ClassView) -> Function:
        self.taken = set(RESERVED_LOCALS)
        self.uses.add(cls.name)
        block = self._block()
        self._fill(cls, "o", block, [cls])
        return Function(
            f"{writer_name(cls)}(o: {cls.name}) -> str",
            [*block.lines(), f"return {block.parts.fstring()}"],
        )

    def _attrs(self, cls: ClassView) -> Function:
        lines: list[str] = []
        parts = _Parts()
        self.taken = set(RESERVED_LOCALS)
        for f in cls.attributes:
            n = self._local(f)
            assert f.xml_name is not None
            one = _Parts()
            one.const(f' {self.tag(f.xml_name)}="')
            one.expr(*self._value(f, f"o.{f.name}", attribute=True))
            one.const('"')
            if f.optional:
                lines.append(f'{n} = "" if o.{f.name} is None else {one.concat()}')
                parts.expr(f"{n}")
            else:
                parts.extend(one)
        if cls.other_attributes:
            other = f"o.{cls.other_attributes}"
            written = f"format_other_attributes({other})"
            self.uses.add("format_other_attributes")
            if self.utf8:
                self.uses.add("utf8_chars")
                written = f"utf8_chars({written})"
            lines.append(f'x = {written} if {other} else ""')
            parts.expr("x")
        lines.append(f"return {parts.fstring()}")
        self.uses.add(cls.name)
        return Function(f"{attrs_name(cls)}(o: {cls.name}) -> str", lines)

    def _choice(self, owner: ClassView, f: FieldView) -> Function:
        """One item of a choice, or of mixed content (text, elements, wildcard elements)."""
        item = f.python_type if f.repeated else f.annotation
        self.uses.update(annotation_names(f))
        lines = []
        if f.kind == "mixed":
            escape = "escape_text_utf8" if self.utf8 else "escape_text"
            self.uses.add(escape)
            lines += ["if isinstance(o, str):", f"    return {escape}(o)"]
            if f.wildcard is not None:
                any_item = self._call(replace(f, kind="any"), "o", owner).concat()
                lines += ["if isinstance(o, bytes):", f"    return {any_item}"]
        for branch in f.branches:
            lines += [
                f"if isinstance(o, {branch.name}):",
                f"    return {self.writer_of(branch)}(o)",
            ]
        if f.optional and not f.repeated:  # a list's items are never None
            lines += ["if o is None:", '    return ""']
        names = " or ".join(
            f.python_type.split(" | ") if f.kind == "mixed" else [b.name for b in f.branches]
        )
        lines.append(
            f'raise TypeError(f"{owner.name}.{f.name} must be {names}, not {{type(o).__name__}}")'
        )
        signature = f"{choice_writer(owner, f)}(o: {item}) -> str"
        if len(signature) > 90:
            # ruff and black split a long union in a parameter differently; the isinstance
            # tests narrow ``object`` just as well
            signature = f"{choice_writer(owner, f)}(o: object) -> str"
        return Function(signature, lines)

    def _typed(self, owner: ClassView, f: FieldView) -> Function:
        """A `Poly` field's element: with ``xsi:type`` when the object is of a derived class
        (the most derived class it is an instance of), else as the declared type."""
        assert f.poly is not None and f.cls is not None and f.xml_name is not None
        tag = self.tag(f.xml_name)
        lines = []
        for d in f.poly.derived:
            assert d.type_name is not None
            self.uses.add(d.name)
            start = _Parts()
            start.const(f'<{tag} {XSI_DECLARATION} xsi:type="{self.tag(str(d.type_name))}"')
            if d.attributes or d.other_attributes:
                start.expr(f"{self.attrs_of(d)}(o)")
            start.const(">")
            start.expr(f"{self.writer_of(d)}(o)")
            start.const(f"</{tag}>")
            lines += [f"if isinstance(o, {d.name}):", f"    return {start.fstring()}"]
        default, end = self._tags(f, "o")
        default.expr(f"{self.writer_of(f.cls)}(o)")
        default.const(end)
        lines.append(f"return {default.fstring()}")
        self.uses.add(f.poly.declared.name)
        return Function(f"{typed_writer(owner, f)}(o: {f.poly.declared.name}) -> str", lines)

    def _root(self, cls: ClassView) -> Function:
        assert cls.xml_name is not None
        self.taken = set(RESERVED_LOCALS)
        self.uses.add(cls.name)
        tag = self.tag(cls.xml_name)
        declarations = "".join(
            f' xmlns:{self.v.namespaces[ns]}="{ns}"'
            for ns in sorted(declared(namespaces_used(cls)), key=self.v.namespaces.__getitem__)
        )
        block = self._block()
        block.spread = True
        block.parts.const(f"<{tag}{declarations}")
        if cls.attributes or cls.other_attributes:
            block.parts.expr(f"{self.attrs_of(cls)}(o)")
        block.parts.const(">")
        content = self._base(cls)
        if self.references[content.name] > 1:  # the elements of one type, say: one writer
            block.parts.expr(f"{self.writer_of(content)}(o)")
        else:
            self._fill(content, "o", block, [content])
        block.parts.const(f"</{tag}>")
        return Function(
            f"{root_writer_name(cls)}(o: {cls.name}) -> str",
            [*block.lines(), f"return {block.parts.whole()}"],
        )
