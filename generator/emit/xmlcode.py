"""Code plans for a version's ``xml.py``: one writer and one reader function per class.

The plans are specialised all the way down, because ``to_xml``/``from_xml`` are the hot path
of every integration:

* writers return strings built from precomputed tags; a run of required fields becomes a
  single f-string, constant tag runs are merged (``</ns1:FraDato><ns1:TilDato>``), and only
  string values that can hold markup characters are escaped;
* readers walk an element's children once, comparing precomputed Clark tags in sequence
  order; a position counter enforces the order, locals collect the values, and the object is
  built with keyword arguments at the end (choices and groups assembled from their locals).

Templates print the functions (`Function.signature`, `Function.lines`); everything about
their content is decided here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from generator.emit import naming, typemap
from generator.emit.classes import unsupported
from generator.emit.pycode import fstring, literal
from generator.emit.views import ClassView, FieldView, VersionView

# Runtime helpers a generated module may call; it imports exactly those its code names.
LEXICAL_HELPERS = re.compile(
    r"\b((?:parse|format)_[a-z0-9_]+|decimal_text|escape_(?:text|attr)(?:_utf8)?|utf8_chars(?:_of)?|collapse|replace_ws)\("
)
PARSE_HELPERS = re.compile(
    r"\b(bad_value|unknown|out_of_order|missing|missing_attribute|conflict|check_attributes|check_leaf|raw)\("
)


XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_NIL_ATTRIBUTE = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"'


def nil_field(f: FieldView) -> bool:
    """An element that must be there but may be nil: None in the model is xsi:nil="true".

    (An optional nillable element's None is its absence; xsi:nil reads as None.)
    """
    return f.kind == "element" and f.nillable and not f.optional


@dataclass
class Function:
    signature: str
    lines: list[str]
    doc: str | None = None

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


def writer_name(cls: ClassView) -> str:
    return f"_write_{cls.name}"


def attrs_name(cls: ClassView) -> str:
    return f"_attrs_{cls.name}"


def reader_name(cls: ClassView) -> str:
    return f"_read_{cls.name}"


def root_writer_name(cls: ClassView) -> str:
    return f"_root_{cls.name}"


# -- writing -------------------------------------------------------------------------------


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

    def extend(self, other: _Parts) -> None:
        for kind, text in other.items:
            self.const(text) if kind == "const" else self.items.append((kind, text))

    def fstring(self) -> str:
        """The whole as one expression: a literal, a lone expression, or an f-string."""
        if not self.items:
            return '""'
        if len(self.items) == 1:
            kind, text = self.items[0]
            return {"const": literal(text), "str": text, "fmt": f"str({text})"}[kind]
        return fstring(*[text if kind == "const" else (text,) for kind, text in self.items])

    def concat(self) -> str:
        """The whole as a ``+`` chain (used inside conditional expressions)."""
        if not self.items:
            return '""'
        return " + ".join(
            {"const": literal(t), "str": t, "fmt": f"str({t})"}[k] for k, t in self.items
        )


def _utf8_batch(variables: list[tuple[str, bool]]) -> list[str]:
    """In UTF-8-chars mode (see `XmlModule`): non-ASCII strs of ``variables`` become the
    characters of their UTF-8 bytes. One ``isascii()`` (constant time) over the joined
    strings when none is (the usual case); after `_escape_batch`, which binds ``t``."""
    if not variables:
        return []
    t = "t" if len(variables) > 1 or variables[0][1] else variables[0][0]
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

    def lines(self) -> list[str]:
        return (
            self.binds
            + _escape_batch(self.texts)
            + (_utf8_batch(self.texts) if self.utf8 else [])
            + _decimal_batch(self.decimals)
            + self.body
        )


MAX_INLINE_DEPTH = 8


class WriterPlan:
    """Writer functions of a version.

    A root writer inlines the content of every child that occurs once (down to
    `MAX_INLINE_DEPTH`, never into itself), so a typical message is written by a handful of
    functions: calls cost more than the work of most elements. Items of lists and branches of
    choices get a function per class, generated only when something calls it.
    """

    def __init__(self, v: VersionView, utf8: bool = False) -> None:
        self.v = v
        self.utf8 = utf8
        self.counter = 0
        self.wanted: dict[str, ClassView | tuple[ClassView, FieldView]] = {}

    def _block(self) -> _Block:
        return _Block(utf8=self.utf8)

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
                if isinstance(what, tuple):
                    done[name] = self._choice(*what)
                elif name.startswith("_attrs_"):
                    done[name] = self._attrs(what)
                else:
                    done[name] = self._content(what)
        return [done[name] for name in sorted(done)] + roots

    def _base(self, cls: ClassView) -> ClassView:
        """The class whose fields ``cls`` has (an element class shares its type's)."""
        return self.v.class_named(cls.base) if cls.base else cls

    def writer_of(self, cls: ClassView) -> str:
        cls = self._base(cls)
        self.wanted[writer_name(cls)] = cls
        return writer_name(cls)

    def attrs_of(self, cls: ClassView) -> str:
        cls = self._base(cls)
        self.wanted[attrs_name(cls)] = cls
        return attrs_name(cls)

    def _next(self) -> int:
        self.counter += 1
        return self.counter

    # -- values ---------------------------------------------------------------------

    def _value(self, f: FieldView, code: str, attribute: bool = False) -> tuple[str, bool]:
        """(expression, formattable) for the simple value ``code`` of field ``f``."""
        escape = "escape_attr" if attribute else "escape_text"
        if f.enum is not None:  # ASCII in UTF-8-chars mode
            # ``_value_`` is the plain str/int; ``.value`` is a slow descriptor.
            if f.enum.kind == "int":
                return f"{code}._value_", True
            return (
                f"{escape}({code}._value_)" if f.enum.needs_escape else f"{code}._value_"
            ), False
        assert f.lexical is not None
        if f.lexical.write == "str({})":
            return code, True
        written = f.lexical.write_code(code)
        if self.utf8:
            escape += "_utf8"
        return (f"{escape}({written})" if f.lexical.escape else written), False

    def _leaf(self, block: _Block, f: FieldView, var: str, n: int) -> None:
        """The element of an inlined value ``var`` (already bound, escaped or checked in the
        block's batch); an optional one is written only when it is not None."""
        one, end = self._tags(f, var)
        one.expr(var)
        one.const(end)
        if f.optional:
            block.body.append(f'c{n} = "" if {var} is None else {one.concat()}')
            block.parts.expr(f"c{n}")
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
        if f.kind in ("element", "group") and f.cls is not None:
            parts, end = self._tags(f, item)
            parts.expr(f"{self.writer_of(f.cls)}({item})")
            parts.const(end)
            return parts
        parts = _Parts()
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
            code = f"{obj}.{f.name}"
            n = self._next()
            if nil_field(f):
                self._nil(f, code, cls, n, block)
                continue
            inner = (
                self._base(f.cls) if f.cls is not None and f.kind in ("element", "group") else None
            )
            if (
                f.repeated
                and f.kind == "element"
                and inner is not None
                and inner not in stack
                and len(stack) < MAX_INLINE_DEPTH
            ):
                # A list of elements of a class: each item written in a loop in place (a
                # writer call and two concatenations per item cost more than the append).
                var = f"x{n}"
                start, end = self._tags(f, var)
                sub = self._block()
                sub.parts.extend(start)
                self._fill(inner, var, sub, [*stack, inner])
                sub.parts.const(end)
                block.body += [
                    f'c{n} = ""',
                    f"if {code}:",
                    f"    p{n}: list[str] = []",
                    f"    for {var} in {code}:",
                ]
                block.body += ["        " + line for line in sub.lines()]
                block.body += [
                    f"        p{n}.append({sub.parts.fstring()})",
                    f'    c{n} = "".join(p{n})',
                ]
                block.parts.expr(f"c{n}")
            elif f.repeated:
                one = self._call(f, "x", cls)
                block.body.append(
                    f'c{n} = "".join([{one.concat()} for x in {code}]) if {code} else ""'
                )
                block.parts.expr(f"c{n}")
            elif self._inline_text(f):
                var = f"s{n}"
                block.binds.append(f"{var} = {code}")
                block.texts.append((var, f.optional))
                self._leaf(block, f, var, n)
            elif self._inline_decimal(f):
                var = f"s{n}"
                if f.optional:
                    block.binds += [
                        f"v{n} = {code}",
                        f"{var} = None if v{n} is None else str(v{n})",
                    ]
                else:
                    block.binds.append(f"{var} = str({code})")
                block.decimals.append((var, f.optional))
                self._leaf(block, f, var, n)
            elif inner is not None and inner not in stack and len(stack) < MAX_INLINE_DEPTH:
                var = f"o{n}"
                start, end = self._tags(f, var)
                if f.optional:
                    sub = self._block()
                    sub.parts.extend(start)
                    self._fill(inner, var, sub, [*stack, inner])
                    sub.parts.const(end)
                    block.body += [
                        f"{var} = {code}",
                        f"if {var} is None:",
                        f'    c{n} = ""',
                        "else:",
                    ]
                    block.body += ["    " + line for line in sub.lines()]
                    block.body.append(f"    c{n} = {sub.parts.fstring()}")
                    block.parts.expr(f"c{n}")
                else:
                    block.binds.append(f"{var} = {code}")
                    block.parts.extend(start)
                    self._fill(inner, var, block, [*stack, inner])
                    block.parts.const(end)
            elif f.kind == "choice" and len(stack) < MAX_INLINE_DEPTH:
                self._inline_choice(cls, f, code, n, block, stack)
            elif f.optional and f.kind != "choice":  # a choice writer handles its own None
                block.body.append(
                    f'c{n} = "" if {code} is None else {self._call(f, code, cls).concat()}'
                )
                block.parts.expr(f"c{n}")
            else:
                block.parts.extend(self._call(f, code, cls))

    def _nil(self, f: FieldView, code: str, owner: ClassView, n: int, block: _Block) -> None:
        """A nillable element that must be there: None is written as xsi:nil."""
        assert f.xml_name is not None
        nil = literal(f"<{self.tag(f.xml_name)} {_NIL_ATTRIBUTE}/>")
        if f.repeated:
            one = self._call(f, "x", owner)
            block.body.append(
                f'c{n} = "".join([{nil} if x is None else {one.concat()} for x in {code}])'
            )
        else:
            var = f"o{n}"
            one = self._call(f, var, owner)
            block.body += [f"{var} = {code}", f"c{n} = {nil} if {var} is None else {one.concat()}"]
        block.parts.expr(f"c{n}")

    def _inline_choice(
        self,
        owner: ClassView,
        f: FieldView,
        code: str,
        n: int,
        block: _Block,
        stack: list[ClassView],
    ) -> None:
        """A choice that occurs once, written in place: an isinstance test per branch."""
        var = f"o{n}"
        block.body.append(f"{var} = {code}")
        keyword = "if"
        for branch in f.branches:
            sub = self._block()
            self._fill(branch, var, sub, [*stack, branch])
            block.body.append(f"{keyword} isinstance({var}, {branch.name}):")
            block.body += ["    " + line for line in sub.lines()]
            block.body.append(f"    c{n} = {sub.parts.fstring()}")
            keyword = "elif"
        if f.optional:
            block.body += [f"{keyword} {var} is None:", f'    c{n} = ""']
        names = " or ".join(b.name for b in f.branches)
        message = f"{owner.name}.{f.name} must be {names}, not {{type({var}).__name__}}"
        block.body += ["else:", f'    raise TypeError(f"{message}")']
        block.parts.expr(f"c{n}")

    def _content(self, cls: ClassView) -> Function:
        self.counter = 0
        block = self._block()
        self._fill(cls, "o", block, [cls])
        return Function(
            f"{writer_name(cls)}(o: {cls.name}) -> str",
            [*block.lines(), f"return {block.parts.fstring()}"],
        )

    def _attrs(self, cls: ClassView) -> Function:
        lines: list[str] = []
        parts = _Parts()
        for n, f in enumerate(cls.attributes, 1):
            assert f.xml_name is not None
            one = _Parts()
            one.const(f' {self.tag(f.xml_name)}="')
            one.expr(*self._value(f, f"o.{f.name}", attribute=True))
            one.const('"')
            if f.optional:
                lines.append(f'a{n} = "" if o.{f.name} is None else {one.concat()}')
                parts.expr(f"a{n}")
            else:
                parts.extend(one)
        if cls.other_attributes:
            other = f"o.{cls.other_attributes}"
            written = f"format_other_attributes({other})"
            if self.utf8:
                written = f"utf8_chars({written})"
            lines.append(f'x = {written} if {other} else ""')
            parts.expr("x")
        lines.append(f"return {parts.fstring()}")
        return Function(f"{attrs_name(cls)}(o: {cls.name}) -> str", lines)

    def _choice(self, owner: ClassView, f: FieldView) -> Function:
        item = f.python_type if f.repeated else f.annotation
        lines = []
        for branch in f.branches:
            lines += [
                f"if isinstance(o, {branch.name}):",
                f"    return {self.writer_of(branch)}(o)",
            ]
        if f.optional:
            lines += ["if o is None:", '    return ""']
        names = " or ".join(b.name for b in f.branches)
        lines.append(
            f'raise TypeError(f"{owner.name}.{f.name} must be {names}, not {{type(o).__name__}}")'
        )
        return Function(f"{choice_writer(owner, f)}(o: {item}) -> str", lines)

    def _root(self, cls: ClassView) -> Function:
        assert cls.xml_name is not None
        self.counter = 0
        tag = self.tag(cls.xml_name)
        declarations = "".join(
            f' xmlns:{self.v.namespaces[ns]}="{ns}"'
            for ns in sorted(namespaces_used(cls), key=self.v.namespaces.__getitem__)
        )
        block = self._block()
        block.parts.const(f"<{tag}{declarations}")
        if cls.attributes or cls.other_attributes:
            block.parts.expr(f"{self.attrs_of(cls)}(o)")
        block.parts.const(">")
        content = self._base(cls)
        self._fill(content, "o", block, [content])
        block.parts.const(f"</{tag}>")
        return Function(
            f"{root_writer_name(cls)}(o: {cls.name}) -> str",
            [*block.lines(), f"return {block.parts.fstring()}"],
        )


def choice_writer(owner: ClassView, f: FieldView) -> str:
    return f"_choice_{owner.name}_{f.name}"


def _closure(cls: ClassView) -> Iterator[ClassView]:
    seen: set[int] = set()
    todo = [cls]
    while todo:
        c = todo.pop()
        if id(c) in seen:
            continue
        seen.add(id(c))
        yield c
        for f in c.fields:
            todo += [*([f.cls] if f.cls else []), *f.branches]


def namespaces_used(cls: ClassView) -> set[str]:
    """Namespaces of every element and attribute name a document rooted at ``cls`` can hold."""
    found: set[str] = set()
    if cls.xml_name and cls.xml_name.startswith("{"):
        found.add(cls.xml_name[1:].partition("}")[0])
    for c in _closure(cls):
        for f in c.fields:
            if f.xml_name and f.xml_name.startswith("{"):
                found.add(f.xml_name[1:].partition("}")[0])
    return found


# -- reading -------------------------------------------------------------------------------


@dataclass
class _Slot:
    """One element tag a reader accepts, and where its value goes."""

    tag: str
    local: str  # the variable collecting the value
    position: int
    field: FieldView
    repeated: bool
    branch: ClassView | None = None  # set for an item of a repeated choice


def members_name(enum: str) -> str:
    """The module-level `Members` table readers look enumeration values up in."""
    return f"_{enum.upper()}"


class ReaderPlan:
    """Reader functions for every class of a version."""

    def __init__(self, v: VersionView) -> None:
        self.v = v
        self.enums_read: set[str] = set()

    def functions(self) -> list[Function]:
        # An element class that subclasses a shared type gets its own reader (the same code,
        # building the element's class), so reading gives back the class that was written.
        return [self._reader(cls) for cls in self.v.classes if cls.kind in ("element", "type")]

    def reader_of(self, cls: ClassView) -> str:
        return reader_name(cls)

    # -- one class ------------------------------------------------------------------

    def _reader(self, cls: ClassView) -> Function:
        self.counter = 0
        self.slots: list[_Slot] = []
        self.locals: dict[int, str] = {}  # id(field) → local
        self.by_tag: dict[str, _Slot] = {}
        self.decls: list[str] = []
        self.wildcard_positions: dict[int, int] = {}
        lines: list[str] = []
        if not cls.any_attribute:
            known = ", ".join(literal(f.xml_name) for f in cls.attributes if f.xml_name)
            known_set = f"frozenset({{{known}}})" if known else "frozenset()"
            lines += ["if s and el.keys():", f"    check_attributes(el, {known_set})"]
        lines += self._attributes(cls)
        if cls.other_attributes:
            known = ", ".join(literal(f.xml_name) for f in cls.attributes if f.xml_name)
            xsi = literal("{http://www.w3.org/2001/XMLSchema-instance}")
            lines.append(
                f"a__other = {{k: v for k, v in el.items() if k not in {{{known}}} "
                f"and not k.startswith({xsi})}}"
                if known
                else f"a__other = {{k: v for k, v in el.items() if not k.startswith({xsi})}}"
            )
        if cls.content == "simple":
            value = cls.value
            assert value is not None
            lines += [
                "try:",
                f'    value = {self._convert(value, "el.text or " + literal(""))}',
                "except ValueError as exc:",
                "    raise bad_value(el, exc) from None",
            ]
        position = 0
        for f in cls.children:
            if f.kind != "value":
                position = self._collect(f, position, in_choice=None)
        wildcards = [f for f in _walk(cls.children) if f.kind == "any"]
        if self.slots or wildcards:
            lines += self.decls
            lines += self._loop(cls, wildcards)
        else:
            lines += [
                "for c in el:",
                "    if s and isinstance(c.tag, str):",
                "        raise unknown(c)",
            ]
        args: list[str] = []
        for f in cls.fields:
            if f.kind == "attribute":
                args.append(f"{f.name}=a_{f.name}")
            elif f.kind == "value":
                args.append(f"{f.name}=value")
            else:
                lines += self._finish(f, args)
        if cls.other_attributes:
            args.append(f"{cls.other_attributes}=a__other")
        lines.append(f"return {cls.name}({', '.join(args)})")
        return Function(f"{reader_name(cls)}(el: etree._Element, s: bool) -> {cls.name}", lines)

    def _attributes(self, cls: ClassView) -> list[str]:
        lines: list[str] = []
        for f in cls.attributes:
            assert f.xml_name is not None
            name = f"a_{f.name}"
            lines.append(f"{name}_text = el.get({literal(f.xml_name)})")
            convert = self._convert(f, f"{name}_text")
            if f.optional:
                if convert == f"{name}_text":
                    lines.append(f"{name} = {name}_text")
                    continue
                lines.append(f"{name}: {f.python_type} | None = None")
                lines.append(f"if {name}_text is not None:")
                indent = "    "
            else:
                lines += [
                    f"if {name}_text is None:",
                    f"    raise missing_attribute(el, {literal(f.xml_name)})",
                ]
                indent = ""
            if convert == f"{name}_text":
                lines.append(f"{indent}{name} = {convert}")
            else:
                lines += [
                    f"{indent}try:",
                    f"{indent}    {name} = {convert}",
                    f"{indent}except ValueError as exc:",
                    f"{indent}    raise bad_value(el, exc, {literal(f.xml_name)}) from None",
                ]
        return lines

    def _convert(self, f: FieldView, text: str) -> str:
        """Code turning the text expression ``text`` into the value of simple field ``f``."""
        if f.enum is not None:
            assert f.builtin is not None
            self.enums_read.add(f.enum.name)
            key = text if f.builtin.name == "string" else typemap.lexical(f.builtin).read_code(text)
            return f"{members_name(f.enum.name)}[{key}]"
        assert f.lexical is not None
        return f.lexical.read_code(text)

    # -- collecting slots -----------------------------------------------------------

    def _local(self, f: FieldView) -> str:
        self.counter += 1
        return f"v{self.counter}"

    def _collect(self, f: FieldView, position: int, in_choice: FieldView | None) -> int:
        """Register the slots of field ``f`` starting at ``position``; returns the next one."""
        if f.kind in ("element", "any"):
            if f.kind == "any":
                local = self._local(f)
                self.locals[id(f)] = local
                self._declare(local, f)
                self.wildcard_positions[id(f)] = position
                return position + 1
            assert f.xml_name is not None
            shared = self.by_tag.get(f.xml_name)
            if shared is not None:
                same = shared.field.python_type == f.python_type and shared.repeated == f.repeated
                if in_choice is None or not same:
                    what = f"element {f.local_name} twice in one content model, meaning two things"
                    raise unsupported(what, None)
                self.locals[id(f)] = shared.local
                return position + 1
            local = self._local(f)
            self.locals[id(f)] = local
            self._declare(local, f)
            slot = _Slot(f.xml_name, local, position, f, f.repeated)
            self.slots.append(slot)
            self.by_tag[f.xml_name] = slot
            return position + 1
        if f.kind == "group":
            assert f.cls is not None
            for g in f.cls.fields:
                position = self._collect(g, position, in_choice)
            return position
        # a choice
        if f.repeated:
            local = self._local(f)
            self.locals[id(f)] = local
            self.decls.append(f"{local}: list[{f.python_type}] = []")
            for branch in f.branches:
                (only,) = branch.fields
                assert only.xml_name is not None
                if only.xml_name in self.by_tag:
                    raise unsupported(
                        f"element {only.local_name} in two branches of a repeated choice", None
                    )
                slot = _Slot(only.xml_name, local, position, only, True, branch)
                self.slots.append(slot)
                self.by_tag[only.xml_name] = slot
            return position + 1
        end = position
        for branch in f.branches:
            p = position
            for g in branch.fields:
                p = self._collect(g, p, f)
            end = max(end, p)
        return end

    def _declare(self, local: str, f: FieldView) -> None:
        if f.repeated:
            item = f"{f.python_type} | None" if nil_field(f) else f.python_type
            self.decls.append(f"{local}: list[{item}] = []")
        else:
            self.decls.append(f"{local}: {f.python_type} | None = None")
            if nil_field(f):
                self.decls.append(f"{local}_nil = False")  # read as xsi:nil

    # -- the loop over children -----------------------------------------------------

    def _loop(self, cls: ClassView, wildcards: list[FieldView]) -> list[str]:
        ordered = cls.compositor == "sequence"
        body: list[str] = []
        keyword = "if"
        for slot in sorted(self.slots, key=lambda s: s.position):
            body.append(f"{keyword} tag == {literal(slot.tag)}:")
            keyword = "elif"
            body += ["    " + line for line in self._take(slot, ordered)]
        for w in wildcards:
            assert w.wildcard is not None
            body.append(f"{keyword} {self._matches(w, cls)}:")
            keyword = "elif"
            local = self.locals[id(w)]
            position = self.wildcard_positions[id(w)]
            if ordered:
                body += [
                    f"    if pos > {position}:",
                    "        raise out_of_order(c)",
                    f"    pos = {position if w.repeated else position + 1}",
                ]
            body.append(f"    {local}.append(raw(c))" if w.repeated else f"    {local} = raw(c)")
        body += [f"{keyword} s and isinstance(tag, str):", "    raise unknown(c)"]
        lines = ["pos = 0"] if ordered else []
        lines += [
            "c: etree._Element | None = None",
            "try:",
            "    for c in el:",
            "        tag = c.tag",
        ]
        lines += ["        " + line for line in body]
        lines += ["except ValueError as exc:", "    raise bad_value(c, exc) from None"]
        return lines

    def _matches(self, w: FieldView, cls: ClassView) -> str:
        """Condition on ``tag`` for a child the wildcard ``w`` takes."""
        assert w.wildcard is not None
        own = self._owner_namespace(cls)
        spec = w.wildcard.namespace.split()
        if spec == ["##any"]:
            return "isinstance(tag, str)"
        if spec == ["##other"]:
            mine = literal("{" + own + "}")
            return f'isinstance(tag, str) and tag[:1] == "{{" and not tag.startswith({mine})'
        prefixes: list[str] = []
        local = False
        for item in spec:
            if item == "##local":
                local = True
            else:
                prefixes.append("{" + (own if item == "##targetNamespace" else item) + "}")
        conditions = []
        if prefixes:
            conditions.append(f"tag.startswith(({', '.join(literal(p) for p in prefixes)},))")
        if local:
            conditions.append('tag[:1] != "{"')
        return f"isinstance(tag, str) and ({' or '.join(conditions)})"

    def _owner_namespace(self, cls: ClassView) -> str:
        if cls.type_name is not None:
            return cls.type_name.namespace
        return self.v.contract.target_namespace or ""

    def _take(self, slot: _Slot, ordered: bool) -> list[str]:
        f = slot.field
        lines: list[str] = []
        if ordered:
            lines += [f"if pos > {slot.position}:", "    raise out_of_order(c)"]
            lines.append(f"pos = {slot.position if slot.repeated else slot.position + 1}")
        elif not slot.repeated:
            lines += [f"if {slot.local} is not None:", "    raise out_of_order(c)"]
        read: list[str] = []
        if f.cls is not None:
            value = f"{self.reader_of(f.cls)}(c, s)"
        else:
            read += ["if s and len(c):", "    check_leaf(c)"]
            value = self._convert(f, 'c.text or ""')
        if slot.branch is not None:
            value = f"{slot.branch.name}({f.name}={value})"
        read.append(f"{slot.local}.append({value})" if slot.repeated else f"{slot.local} = {value}")
        if not (f.kind == "element" and f.nillable and slot.branch is None):
            return lines + read
        # xsi:nil="true": None (an optional element's None is its absence too)
        if slot.repeated:
            nil = f"{slot.local}.append(None)" if nil_field(f) else "pass"
        else:
            nil = f"{slot.local}_nil = True" if nil_field(f) else "pass"
        lines += [f'if c.get({literal(XSI_NIL)}) in ("true", "1"):', f"    {nil}", "else:"]
        return lines + ["    " + line for line in read]

    # -- after the loop: checks, choices, groups --------------------------------------

    def _finish(self, f: FieldView, args: list[str]) -> list[str]:
        """Lines that check field ``f``'s locals and add its keyword argument to ``args``."""
        lines: list[str] = []
        if f.kind in ("element", "any") or (f.kind == "choice" and f.repeated):
            local = self.locals[id(f)]
            if f.kind != "choice" and not f.repeated and not f.optional:
                absent = f"{local} is None" + (f" and not {local}_nil" if nil_field(f) else "")
                lines += [
                    f"if {absent}:",
                    f"    raise missing(el, {literal(f.local_name or 'any element')})",
                ]
            args.append(f"{f.name}={local}")
            return lines
        self.counter += 1
        target = f"g{self.counter}"
        if f.kind == "group":
            assert f.cls is not None
            lines += [f"{target}: {f.annotation} = None"]
            lines += [f"if {self._present([f])}:"]
            inner_args: list[str] = []
            inner = []
            for g in f.cls.fields:
                inner += self._finish(g, inner_args)
            inner.append(f"{target} = {f.cls.name}({', '.join(inner_args)})")
            lines += ["    " + line for line in inner]
        else:
            lines += self._choice(f, target)
        args.append(f"{f.name}={target}")
        return lines

    def _present(self, fields: list[FieldView]) -> str:
        """A condition: any element of ``fields`` (recursively) was read."""
        conditions = [self._has(local, f) for local, f in self._leaf_locals(fields)]
        return " or ".join(dict.fromkeys(conditions)) or "False"

    def _has(self, local: str, f: FieldView) -> str:
        if f.repeated:
            return f"len({local}) > 0"
        return f"({local} is not None or {local}_nil)" if nil_field(f) else f"{local} is not None"

    def _leaf_locals(self, fields: list[FieldView]) -> list[tuple[str, FieldView]]:
        found: list[tuple[str, FieldView]] = []
        for f in _walk(fields):
            if f.kind in ("element", "any"):
                found.append((self.locals[id(f)], f))
        return found

    def _choice(self, f: FieldView, target: str) -> list[str]:
        lines = [f"{target}: {f.annotation}"]
        everything = self._leaf_locals([g for b in f.branches for g in b.fields])
        keyword = "if"
        for branch in f.branches:
            mine = {local for local, _ in self._leaf_locals(branch.fields)}
            others = [(local, g) for local, g in everything if local not in mine]
            condition = self._present(branch.fields)
            if others:
                absent = " and ".join(
                    dict.fromkeys(
                        (
                            f"not {self._has(local, g)}"
                            if g.repeated or nil_field(g)
                            else f"{local} is None"
                        )
                        for local, g in others
                    )
                )
                condition = f"({condition}) and {absent}"
            lines.append(f"{keyword} {condition}:")
            keyword = "elif"
            inner_args: list[str] = []
            inner: list[str] = []
            for g in branch.fields:
                inner += self._finish(g, inner_args)
            inner.append(f"{target} = {branch.name}({', '.join(inner_args)})")
            lines += ["    " + line for line in inner]
        names = ", ".join(dict.fromkeys(g.local_name for _, g in everything if g.local_name))
        lines += [
            f"elif {self._present([g for b in f.branches for g in b.fields])}:",
            f"    raise conflict(el, {literal(names)})",
        ]
        lines.append("else:")
        if f.optional:
            lines.append(f"    {target} = None")
        else:
            first = " or ".join(
                dict.fromkeys(
                    b.fields[0].local_name or "any element" for b in f.branches if b.fields
                )
            )
            lines.append(f"    raise missing(el, {literal(first)})")
        return lines


def _walk(fields: list[FieldView]) -> Iterator[FieldView]:
    """Fields and, for choices and groups, the fields inside them, depth first."""
    for f in fields:
        yield f
        if f.kind == "group" and f.cls is not None:
            yield from _walk(f.cls.fields)
        for branch in f.branches:
            yield from _walk(branch.fields)


def helpers_used(functions: list[Function], pattern: re.Pattern[str]) -> list[str]:
    found: set[str] = set()
    for fn in functions:
        for line in fn.lines:
            found.update(pattern.findall(line))
    return sorted(found)


def prefix_map(namespaces: set[str], first: str | None) -> dict[str, str]:
    """``ns1``, ``ns2``, … : the contract's own namespace first, then the others sorted."""
    ordered = sorted(namespaces, key=lambda ns: (ns != first, ns))
    return {ns: f"ns{i}" for i, ns in enumerate(ordered, 1)}


def all_namespaces(classes: list[ClassView]) -> set[str]:
    found: set[str] = set()
    for cls in classes:
        found |= namespaces_used(cls)
    return found


def ascii_markup(v: VersionView) -> bool:
    """Every text the writers hold as a constant is ASCII: element and attribute names,
    namespaces and their prefixes, enumeration values."""
    texts = [*v.namespaces, *v.namespaces.values()]
    texts += [m.lexical + str(m.value) for e in v.enums for m in e.members]
    for cls in v.classes:
        texts += [cls.xml_name or ""] + [f.xml_name or "" for f in cls.fields]
    return all(text.isascii() for text in texts)


@dataclass
class Root:
    xml_name: str
    cls: str
    writer: str
    reader: str


class XmlModule:
    """Everything ``xml.py`` holds: writers, readers, roots, and the names it imports."""

    def __init__(self, v: VersionView) -> None:
        # UTF-8-chars mode: writers build a str whose every character stands for one byte
        # of the UTF-8 output (non-ASCII values become the characters of their UTF-8
        # bytes), so to_xml's final encode is a copy (latin-1) instead of the per-character
        # UTF-8 encoder, which was a fifth of to_xml on a document with one "ø". Only when
        # every constant the writers hold (tags, namespaces, enumeration values) is ASCII.
        self.utf8 = ascii_markup(v)
        self.writers = WriterPlan(v, utf8=self.utf8).functions()
        readers = ReaderPlan(v)
        self.readers = readers.functions()
        self.roots = [
            Root(c.xml_name, c.name, root_writer_name(c), readers.reader_of(c))
            for c in v.classes
            if c.xml_name
        ]
        functions = self.writers + self.readers
        self.members = [(members_name(e), e) for e in sorted(readers.enums_read)]
        # isort order (ruff's "order by type"): the class before the functions.
        constants = [
            name
            for name in ("DATE_TEXT", "DECIMAL_CHARS")
            if any(name in line for fn in functions for line in fn.lines)
        ]
        self.lexical_imports = (
            constants
            + (["Members"] if self.members else [])
            + helpers_used(functions, LEXICAL_HELPERS)
        )
        self.parse_imports = helpers_used(functions, PARSE_HELPERS)
        known = {c.name for c in v.classes} | {e.name for e in v.enums}
        used: set[str] = {r.cls for r in self.roots} | readers.enums_read
        for fn in functions:
            for text in [fn.signature, *fn.lines]:
                used.update(w for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text) if w in known)
        self.model_imports = sorted(used, key=naming.isort_key)
        # Readers annotate their locals with these; annotations are never evaluated at run time.
        text = "\n".join(line for fn in functions for line in fn.lines)
        self.type_imports = [
            line
            for needed, line in (
                ("datetime.", "import datetime"),
                ("Decimal", "from decimal import Decimal"),
            )
            if needed in text
        ]
