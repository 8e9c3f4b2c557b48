"""The reader functions of ``xml.py`` (`ReaderPlan`).

Readers walk an element's children once, comparing precomputed Clark tags in sequence
order; a position counter enforces the order, locals collect the values, and the object is
built with keyword arguments at the end (choices and groups assembled from their locals).

A grouped field (a repeated sequence, or a repeated choice whose branches hold several
elements) is read in two steps: the loop appends each child it takes to the current item's
run of children, starting a new run when the child cannot continue the current one (it
comes at or before the position the run has reached, or belongs to another branch; XSD's
Unique Particle Attribution makes that the only reading), and after the loop each run is
read by the item class's own reader."""

from __future__ import annotations

import builtins
import keyword
from dataclasses import dataclass

from generator.emit import typemap
from generator.emit.clark import ClarkConstants
from generator.emit.classes import unsupported
from generator.emit.pycode import literal
from generator.emit.views import ClassView, FieldView, VersionView
from generator.emit.xmlbase import (
    XSI_NIL,
    Function,
    annotation_names,
    defined_in,
    members_name,
    nil_field,
    reader_name,
    typed_reader,
    walk_fields,
)
from generator.sdk_runtime import lexical as runtime_lexical
from generator.sdk_runtime import xmlparse as runtime_xmlparse

# Names a reader's body reads or binds besides its fields' locals.
RESERVED_LOCALS = frozenset(
    {"el", "s", "c", "tag", "pos", "exc", "value", "a__other", "items", "branch", "tail", "last"}
    | {"make"}
    | {*keyword.kwlist, *dir(builtins)}
    | defined_in(runtime_lexical)
    | defined_in(runtime_xmlparse)
)


@dataclass
class _Slot:
    """One element tag a reader accepts, and where its value goes."""

    tag: str
    local: str  # the variable collecting the value
    position: int
    field: FieldView
    repeated: bool
    branch: ClassView | None = None  # set for an item of a repeated choice
    item: _Item | None = None  # set for a child of a grouped field's items


@dataclass
class _Item:
    """Where a child of a grouped field's items goes: the runs of children collected in
    ``local`` (``at``: the position the current run has reached; ``branches``: the branch of
    each run, for a choice), at ``position`` within ``branch``; the grouped field is at
    ``outer`` in the reader's sequence. ``limit``: the child's bounded maxOccurs, counted
    in ``counted`` (the position of the last child read, and how many were read there in a
    row) when the items have such a child."""

    local: str
    at: str
    branches: str
    outer: int
    branch: int
    position: int
    repeated: bool
    limit: int | None = None
    counted: tuple[str, str] | None = None


class ReaderPlan:
    """Reader functions for every class of a version."""

    def __init__(self, v: VersionView) -> None:
        self.v = v
        self.enums_read: set[str] = set()
        self.uses: set[str] = set()  # runtime helpers and model names the readers use
        self.clark = ClarkConstants()  # the tags compared with, as module constants
        # types whose reader builds the class it is given (``make``): their element classes'
        # readers call it (a root's own class is built by name)
        roots = {c.name for c in v.classes if c.xml_name}
        self.shared = {c.base for c in v.classes if c.base and c.kind in ("element", "type")}
        self.shared -= roots
        self.typed: dict[str, FieldView] = {}  # ``_typed_`` readers wanted → a field using it

    def functions(self) -> list[Function]:
        # An element class that subclasses a shared type reads through the type's reader,
        # which builds the element's class, so reading gives back the class that was written
        # (one reader per type: SF1500 Organisation has 189 such element classes).
        self.item_classes: dict[str, ClassView] = {}  # reader → the item class it reads
        found = [
            self._element_reader(cls) if cls.base in self.shared else self._reader(cls)
            for cls in self.v.classes
            if cls.kind in ("element", "type")
        ]
        done: set[str] = set()
        while len(done) < len(self.item_classes):
            for name, cls in sorted(self.item_classes.items()):
                if name not in done:
                    done.add(name)
                    found.append(self._reader(cls, items=True))
        return found + [self._typed(f) for _, f in sorted(self.typed.items())]

    def _typed(self, f: FieldView) -> Function:
        """An element of a `Poly` field: read as the type its ``xsi:type`` names."""
        assert f.poly is not None and f.cls is not None and f.type is not None
        declared = f.poly.declared
        self.uses.update(("xsi_type", "not_derived", declared.name))
        lines = [f"name = xsi_type(el, {literal(str(f.type))})"]
        lines.append(f"if name == {literal(str(f.type))}:")
        lines.append(f"    return {self._read_call(f.cls, 'el')}")
        for d in f.poly.derived:
            lines.append(f"if name == {literal(str(d.type_name))}:")
            lines.append(f"    return {self._read_call(d, 'el')}")
        for restricted, cls in f.poly.restricted:
            reader = self._read_call(f.cls if cls is f.poly.declared else cls, "el")
            lines.append(f"if name == {literal(str(restricted))}:")
            lines.append(f"    return {reader}")
        lines.append(f"raise not_derived(el, name, {literal(str(f.type))})")
        signature = f"{typed_reader(f.cls)}(el: etree._Element, s: bool) -> {declared.name}"
        return Function(signature, lines)

    def reader_of(self, cls: ClassView) -> str:
        return reader_name(cls)

    def _element_reader(self, cls: ClassView) -> Function:
        assert cls.base is not None
        self.uses.add(cls.name)
        base = self.v.class_named(cls.base)
        return Function(
            f"{reader_name(cls)}(el: etree._Element, s: bool) -> {cls.name}",
            [f"return {reader_name(base)}(el, s, {cls.name})"],
        )

    def _read_call(self, cls: ClassView, el: str = "c") -> str:
        """Code reading element ``el`` as an instance of ``cls``."""
        if cls.name in self.shared:
            self.uses.add(cls.name)
            return f"{reader_name(cls)}({el}, s, {cls.name})"
        return f"{reader_name(cls)}({el}, s)"

    def name(self, xml_name: str) -> str:
        """Code of an element or attribute name: a Clark name's constant, else a literal."""
        return self.clark.tag(xml_name) if xml_name.startswith("{") else literal(xml_name)

    @property
    def xsi_nil(self) -> str:
        return self.clark.tag(XSI_NIL, "_XSI_NIL")

    # -- one class ------------------------------------------------------------------

    def _reader(self, cls: ClassView, items: bool = False) -> Function:
        """The reader of ``cls``: of element ``el``, or (``items``) of an item of a grouped
        field, whose elements are ``items`` (children of ``el``)."""
        # the attributes' locals are a_<name> and a_<name>_text
        self.taken = set(RESERVED_LOCALS)
        self.taken.update(f"a_{f.name}{s}" for f in cls.attributes for s in ("", "_text"))
        self.slots: list[_Slot] = []
        self.locals: dict[int, str] = {}  # id(field) → local
        self.by_tag: dict[str, _Slot] = {}
        self.decls: list[str] = []
        self.wildcard_positions: dict[int, int] = {}
        self.item_branches: dict[int, str] = {}  # id(grouped choice) → its runs' branches
        self.item_wildcards: list[tuple[FieldView, _Item]] = []
        lines: list[str] = []
        shared = cls.name in self.shared and not items
        if not shared:
            self.uses.add(cls.name)
        if not cls.any_attribute and not items:
            known = ", ".join(self.name(f.xml_name) for f in cls.attributes if f.xml_name)
            known_set = f"frozenset({{{known}}})" if known else "frozenset()"
            self.uses.add("check_attributes")
            lines += ["if s and el.keys():", f"    check_attributes(el, {known_set})"]
        lines += self._attributes(cls)
        if cls.other_attributes:
            known = ", ".join(self.name(f.xml_name) for f in cls.attributes if f.xml_name)
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
            self.uses.add("bad_value")
            lines += [
                "try:",
                f'    value = {self._convert(value, "el.text or " + literal(""))}',
                "except ValueError as exc:",
                "    raise bad_value(el, exc) from None",
            ]
        position = 0
        for f in cls.children:
            if f.kind not in ("value", "mixed"):
                position = self._collect(f, position, in_choice=None)
        children = "items" if items else "el"
        wildcards = [f for f in walk_fields(cls.children) if f.kind == "any"]
        if cls.content == "mixed":
            lines += self._mixed(cls, cls.children[0])
        elif self.slots or wildcards or self.item_wildcards:
            lines += self.decls
            lines += self._loop(cls, wildcards, children)
        else:
            lines += [
                f"for c in {children}:",
                "    if s and isinstance(c.tag, str):",
                "        raise unknown(c)",
            ]
        self.uses.add("unknown")
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
        lines.append(f"return {'make' if shared else cls.name}({', '.join(args)})")
        if shared:
            signature = "(el: etree._Element, s: bool, make: Callable[..., T]) -> T"
        elif items:
            signature = f"(el: etree._Element, items: list[etree._Element], s: bool) -> {cls.name}"
        else:
            signature = f"(el: etree._Element, s: bool) -> {cls.name}"
        return Function(reader_name(cls) + signature, lines)

    def _attributes(self, cls: ClassView) -> list[str]:
        lines: list[str] = []
        for f in cls.attributes:
            assert f.xml_name is not None
            name = f"a_{f.name}"
            lines.append(f"{name}_text = el.get({self.name(f.xml_name)})")
            convert = self._convert(f, f"{name}_text")
            if f.optional:
                if convert == f"{name}_text":
                    lines.append(f"{name} = {name}_text")
                    continue
                lines.append(f"{name}: {f.python_type} | None = None")
                self.uses.update(annotation_names(f))
                lines.append(f"if {name}_text is not None:")
                indent = "    "
            else:
                self.uses.add("missing_attribute")
                lines += [
                    f"if {name}_text is None:",
                    f"    raise missing_attribute(el, {self.name(f.xml_name)})",
                ]
                indent = ""
            if convert == f"{name}_text":
                lines.append(f"{indent}{name} = {convert}")
            else:
                self.uses.add("bad_value")
                lines += [
                    f"{indent}try:",
                    f"{indent}    {name} = {convert}",
                    f"{indent}except ValueError as exc:",
                    f"{indent}    raise bad_value(el, exc, {self.name(f.xml_name)}) from None",
                ]
        return lines

    def _convert(self, f: FieldView, text: str) -> str:
        """Code turning the text expression ``text`` into the value of simple field ``f``."""
        if f.enum is not None:
            assert f.builtin is not None
            self.enums_read.add(f.enum.name)
            if f.builtin.name == "string":
                return f"{members_name(f.enum.name)}[{text}]"
            key = typemap.lexical(f.builtin)
            self.uses.update(key.read_uses)
            return f"{members_name(f.enum.name)}[{key.read_code(text)}]"
        assert f.lexical is not None
        self.uses.update(f.lexical.read_uses)
        return f.lexical.read_code(text)

    # -- collecting slots -----------------------------------------------------------

    def _local(self, f: FieldView) -> str:
        """A local variable named after field ``f`` (and its ``_nil`` flag), free in the reader
        being written."""
        base = f.name.lstrip("_") or "value"
        candidate, n = base, 1
        while candidate in self.taken or candidate + "_nil" in self.taken:
            n += 1
            candidate = f"{base}_{n}"
        self.taken.update((candidate, candidate + "_nil"))
        return candidate

    def _fresh(self, base: str) -> str:
        """A local variable named ``base`` (or numbered), free in the reader being written."""
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}_{n}"
        self.taken.add(candidate)
        return candidate

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
        if f.grouped:
            self._collect_items(f, position)
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
            self.uses.update(annotation_names(f))
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

    def _collect_items(self, f: FieldView, position: int) -> None:
        """Register the slots (at ``position``) of the children of grouped field ``f``'s items."""
        local = self._local(f)
        self.locals[id(f)] = local
        classes = f.branches if f.kind == "choice" else [f.cls] if f.cls is not None else []
        leaves: list[_Leaf] = []
        end = 0
        for n, cls in enumerate(classes):
            self.item_classes[reader_name(cls)] = cls
            end = max(end, _item_leaves(cls.fields, n, 0, leaves))
        # a run's position starts past every child's: the first child starts a run
        at = self._fresh(f"{local}_at")
        self.decls += [f"{local}: list[list[etree._Element]] = []", f"{at} = {end}"]
        branches = ""
        if f.kind == "choice":
            branches = self._fresh(f"{local}_in")
            self.decls.append(f"{branches}: list[int] = []")
        self.item_branches[id(f)] = branches
        counted = None
        if any(limit for *_, limit in leaves):
            # a child with a bounded maxOccurs starts a new run once the current one has it
            # that many times (the validators' automaton counts runs the same way)
            counted = (self._fresh(f"{local}_last"), self._fresh(f"{local}_n"))
            self.decls += [f"{counted[0]} = -1", f"{counted[1]} = 0"]
        for leaf, n, q, repeated, limit in leaves:
            item = _Item(local, at, branches, position, n, q, repeated, limit, counted)
            if leaf.kind == "any":
                self.item_wildcards.append((leaf, item))
                continue
            assert leaf.xml_name is not None
            if leaf.xml_name in self.by_tag:
                what = f"element {leaf.local_name} both in the items of a repeated group and beside"
                raise unsupported(what, None)
            slot = _Slot(leaf.xml_name, local, position, leaf, True, item=item)
            self.slots.append(slot)
            self.by_tag[leaf.xml_name] = slot

    def _declare(self, local: str, f: FieldView) -> None:
        self.uses.update(annotation_names(f))
        if f.repeated:
            item = f"{f.python_type} | None" if nil_field(f) else f.python_type
            self.decls.append(f"{local}: list[{item}] = []")
        else:
            self.decls.append(f"{local}: {f.python_type} | None = None")
            if nil_field(f):
                self.decls.append(f"{local}_nil = False")  # read as xsi:nil

    # -- the loop over children -----------------------------------------------------

    def _loop(self, cls: ClassView, wildcards: list[FieldView], children: str) -> list[str]:
        ordered = cls.compositor == "sequence"
        body: list[str] = []
        keyword = "if"
        for slot in sorted(self.slots, key=lambda s: s.position):
            body.append(f"{keyword} tag == {self.clark.tag(slot.tag)}:")
            keyword = "elif"
            body += ["    " + line for line in self._take(slot, ordered)]
        for w, item in self.item_wildcards:
            body.append(f"{keyword} {self._matches(w, cls)}:")
            keyword = "elif"
            slot = _Slot("", item.local, item.outer, w, True, item=item)
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
            self.uses.update(("raw", "out_of_order") if ordered else ("raw",))
        body += [f"{keyword} s and isinstance(tag, str):", "    raise unknown(c)"]
        lines = ["pos = 0"] if ordered else []
        lines += [
            "c: etree._Element | None = None",
            "try:",
            f"    for c in {children}:",
            "        tag = c.tag",
        ]
        lines += ["        " + line for line in body]
        lines += ["except ValueError as exc:", "    raise bad_value(c, exc) from None"]
        self.uses.update(("bad_value", "unknown"))
        return lines

    def _mixed(self, cls: ClassView, f: FieldView) -> list[str]:
        """The loop of mixed content: text, elements and wildcard elements in document order,
        in one list (adjacent texts, e.g. around a comment, joined). Order and occurrences are
        left to the validators."""
        local = self._local(f)
        self.locals[id(f)] = local
        self.uses.update((*annotation_names(f), "bad_value", "unknown"))
        body: list[str] = []
        keyword = "if"
        for branch in f.branches:
            (only,) = branch.fields
            assert only.xml_name is not None
            slot = _Slot(only.xml_name, local, 0, only, True, branch)
            body += [f"{keyword} tag == {self.clark.tag(slot.tag)}:"]
            body += ["    " + line for line in self._take(slot, ordered=False)]
            keyword = "elif"
        if f.wildcard is not None:
            self.uses.add("raw")
            body += [f"{keyword} {self._matches(f, cls)}:", f"    {local}.append(raw(c))"]
            keyword = "elif"
        body += [f"{keyword} s and isinstance(tag, str):", "    raise unknown(c)"]
        body += [
            "tail = c.tail",
            "if tail:",
            f"    last = {local}[-1] if {local} else None",
            "    if isinstance(last, str):",
            f"        {local}[-1] = last + tail",
            "    else:",
            f"        {local}.append(tail)",
        ]
        lines = [
            f"{local}: list[{f.python_type}] = []",
            "if el.text:",
            f"    {local}.append(el.text)",
        ]
        lines += [
            "c: etree._Element | None = None",
            "try:",
            "    for c in el:",
            "        tag = c.tag",
        ]
        lines += ["        " + line for line in body]
        return lines + ["except ValueError as exc:", "    raise bad_value(c, exc) from None"]

    def _matches(self, w: FieldView, cls: ClassView) -> str:
        """Condition on ``tag`` for a child the wildcard ``w`` takes (an element of xs:anyType:
        its own name)."""
        assert w.wildcard is not None
        if w.xml_name is not None:
            return f"tag == {literal(w.xml_name)}"
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
        if ordered or not slot.repeated:
            self.uses.add("out_of_order")
        if slot.item is not None:
            return lines + self._run(slot.item)
        read: list[str] = []
        # XSD forbids xsi:nil on an element that is not nillable, even "false". Looked for only
        # when the element has attributes: c.keys() costs a third of c.get(clark name).
        not_nillable = f.kind == "element" and not f.nillable
        if f.cls is not None:
            if not_nillable:
                self.uses.add("not_nillable")
                read += [
                    f"if s and c.keys() and c.get({self.xsi_nil}) is not None:",
                    "    raise not_nillable(c)",
                ]
            value = self._read_call(f.cls)
            if f.poly is not None:
                self.typed[typed_reader(f.cls)] = f
                value = f"{typed_reader(f.cls)}(c, s)"
        else:
            if not_nillable:
                self.uses.add("check_plain_leaf")
                read += ["if s and (len(c) or c.keys()):", "    check_plain_leaf(c)"]
            else:
                self.uses.add("check_leaf")
                read += ["if s and len(c):", "    check_leaf(c)"]
            value = self._convert(f, 'c.text or ""')
        if slot.branch is not None:
            self.uses.add(slot.branch.name)
            value = f"{slot.branch.name}({f.name}={value})"
        read.append(f"{slot.local}.append({value})" if slot.repeated else f"{slot.local} = {value}")
        if not (f.kind == "element" and f.nillable and slot.branch is None):
            return lines + read
        # xsi:nil="true": None (an optional element's None is its absence too)
        if slot.repeated:
            nil = f"{slot.local}.append(None)" if nil_field(f) else "pass"
        else:
            nil = f"{slot.local}_nil = True" if nil_field(f) else "pass"
        lines += [f'if c.get({self.xsi_nil}) in ("true", "1"):', f"    {nil}", "else:"]
        return lines + ["    " + line for line in read]

    def _run(self, item: _Item) -> list[str]:
        """Lines that add child ``c`` to the current run of its grouped field, or start one."""
        q = item.position
        new = f"{item.at} > {q}"
        if item.branches:
            new += f" or {item.branches}[-1] != {item.branch}"
        if item.limit is not None and item.counted is not None:
            new += f" or ({item.counted[0]} == {q} and {item.counted[1]} >= {item.limit})"
        lines = [f"if {new}:", f"    {item.local}.append([c])"]
        if item.branches:
            lines.append(f"    {item.branches}.append({item.branch})")
        if item.counted is not None:
            last, n = item.counted
            lines += [f"    {n} = 1", "else:", f"    {item.local}[-1].append(c)"]
            lines += [f"    {n} = {n} + 1 if {last} == {q} else 1", f"{last} = {q}"]
        else:
            lines += ["else:", f"    {item.local}[-1].append(c)"]
        lines.append(f"{item.at} = {q if item.repeated else q + 1}")
        return lines

    # -- after the loop: checks, choices, groups --------------------------------------

    def _finish(self, f: FieldView, args: list[str], read: str = "") -> list[str]:
        """Lines that check field ``f``'s locals and add its keyword argument to ``args``;
        ``read``: a local the enclosing choice branch already knows was read (no check)."""
        lines: list[str] = []
        if f.kind in ("element", "any", "mixed") or (
            f.kind == "choice" and f.repeated and not f.grouped
        ):
            local = self.locals[id(f)]
            if f.kind != "choice" and not f.repeated and not f.optional and local != read:
                self.uses.add("missing")
                absent = f"{local} is None" + (f" and not {local}_nil" if nil_field(f) else "")
                lines += [
                    f"if {absent}:",
                    f"    raise missing(el, {literal(f.local_name or 'any element')})",
                ]
            args.append(f"{f.name}={local}")
            return lines
        target = self._local(f)
        if f.grouped:
            lines += self._items(f, target)
        elif f.kind == "group":
            assert f.cls is not None
            self.uses.update(annotation_names(f))
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

    def _items(self, f: FieldView, target: str) -> list[str]:
        """The items of grouped field ``f``, each read from its run of children."""
        local = self.locals[id(f)]
        self.uses.update(annotation_names(f))
        if f.kind == "group":
            assert f.cls is not None
            return [f"{target} = [{reader_name(f.cls)}(el, items, s) for items in {local}]"]
        branches = self.item_branches[id(f)]
        lines = [
            f"{target}: {f.annotation} = []",
            f"for branch, items in zip({branches}, {local}, strict=True):",
        ]
        for n, b in enumerate(f.branches):
            test = (
                "else:" if n == len(f.branches) - 1 else f"{'elif' if n else 'if'} branch == {n}:"
            )
            lines += [f"    {test}", f"        {target}.append({reader_name(b)}(el, items, s))"]
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
        for f in walk_fields(fields):
            if f.kind in ("element", "any") or f.grouped:
                found.append((self.locals[id(f)], f))
        return found

    def _choice(self, f: FieldView, target: str) -> list[str]:
        self.uses.update(annotation_names(f))
        self.uses.add("conflict")
        lines = [f"{target}: {f.annotation}"]
        everything = self._leaf_locals([g for b in f.branches for g in b.fields])
        keyword = "if"
        for branch in f.branches:
            mine = {local for local, _ in self._leaf_locals(branch.fields)}
            # a branch of one element is taken because that element was read
            read = next(iter(mine)) if len(mine) == 1 else ""
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
                inner += self._finish(g, inner_args, read)
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
            self.uses.add("missing")
            lines.append(f"    raise missing(el, {literal(first)})")
        return lines


# A child an item may hold: (element or wildcard, branch, position, repeated, bounded maxOccurs)
_Leaf = tuple[FieldView, int, int, bool, int | None]


def _item_leaves(fields: list[FieldView], branch: int, position: int, out: list[_Leaf]) -> int:
    """Add each child an item of ``fields`` may hold (in ``branch``) to ``out``, positions
    numbered as readers number slots; returns the next position. Everything inside a
    repeated field is at its one position."""
    for f in fields:
        if f.kind in ("element", "any"):
            limit = f.max_occurs if f.repeated else None
            out.append((f, branch, position, f.repeated, limit))
            position += 1
        elif f.repeated:
            inner = [f.cls] if f.cls else f.branches
            leaves = [
                g
                for c in inner
                for g in walk_fields(c.fields, True)
                if g.kind in ("element", "any")
            ]
            out += [(g, branch, position, True, None) for g in leaves]
            position += 1
        elif f.kind == "group":
            assert f.cls is not None
            position = _item_leaves(f.cls.fields, branch, position, out)
        elif f.kind == "choice":
            position = max(
                [position] + [_item_leaves(b.fields, branch, position, out) for b in f.branches]
            )
    return position
