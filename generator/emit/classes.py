"""Plan the classes of a version: which dataclasses and enums exist, their names and fields.

Decisions made here (documented in docs/generated-code.md):

* one class per complex type; a global element whose named type nothing else uses *is* that
  type's class, otherwise the element gets a subclass of it (its root class);
* enumerations on string or integer types become enums; a type that only restricts an
  enumerated type further reuses that type's enum;
* a type derived by extension is a subclass of its base type's class (declaring only the
  fields it adds); a field whose type has such derived types holds instances of any of them
  (`Poly`: written and read with ``xsi:type``);
* a sequence that occurs once is flattened into its parent; an optional sequence with a
  required member becomes a group class, a repeated sequence a list of group objects (one
  per occurrence, in document order); a choice becomes one field typed as the union of one
  small class per branch (a list of branch objects when it repeats, whatever its branches
  hold); group and branch classes are named after the enclosing class and their first
  element (the IR expands xs:group references, so a group's own name is not known here);
* mixed content is one field, ``content``: a list of text (str), elements (a branch class
  per element name, as in a choice) and wildcard elements (bytes), in document order;
* names are claimed in priority order (elements, then types, then enums; the contract's own
  namespace first) so that adding a type elsewhere never renames an existing class.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from typing import Literal

from generator import ir
from generator.emit import naming, typemap
from generator.emit.views import ClassView, EnumMember, EnumView, FieldView, Poly
from generator.errors import ContractError
from generator.ir import QName

# Names bound at module level in models.py; a class must not shadow them.
RESERVED_CLASSES = frozenset({"Decimal", "Enum", "StrEnum", "IntEnum", "ClassVar", "Union"})


def unsupported(what: str, location: ir.Location | None) -> ContractError:
    return ContractError.at(f"{what} is not supported by the SDK generator", location)


def _strip_type(name: str) -> str:
    for suffix in ("Type", "type"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _short(name: QName) -> tuple[str, str]:
    """(owner, leaf) of a type name; anonymous names look like ``Owner/Child`` or ``@Element``."""
    parts = [p.lstrip("@") for p in name.name.split("/") if p not in ("value", "base", "item")]
    parts = [p for p in parts if p and not p.startswith("member")] or [name.name.strip("@/")]
    return (parts[0] if len(parts) > 1 else "", parts[-1])


class ClassPlanner:
    """Builds the `ClassView`s and `EnumView`s of one contract version."""

    def __init__(self, contract: ir.Contract) -> None:
        self.contract = contract
        self.tns = contract.target_namespace or ""
        self.names = naming.Allocator(RESERVED_CLASSES)
        self.enums: dict[QName, EnumView] = {}
        self.type_classes: dict[QName, ClassView] = {}
        self.element_classes: dict[QName, ClassView] = {}
        self.nested: dict[int, list[ClassView]] = {}  # id(owner) → its branch and group classes
        self.filled: set[int] = set()
        self.parents = _extension_bases(contract)

    # -- public ------------------------------------------------------------------------

    def plan(self) -> tuple[list[ClassView], list[EnumView], dict[str, str]]:
        self._declare_enums()
        self._declare_classes()
        self._name_all()
        for cls in self._main_classes():
            self._fill(cls)
        enums = sorted(self.enums.values(), key=lambda e: e.name)
        classes: list[ClassView] = []
        # By name, except that a subclass follows its base (models.py defines them in order).
        depth = {c.name: self._depth(c) for c in self._main_classes()}
        for cls in sorted(self._main_classes(), key=lambda c: (depth[c.name], c.name)):
            classes += self._with_nested(cls)
        roots = {c.xml_name: c.name for c in classes if c.kind == "element" and c.xml_name}
        return classes, enums, dict(sorted(roots.items()))

    # -- which classes exist -----------------------------------------------------------

    def _declare_enums(self) -> None:
        for st in self.contract.simple_types:
            if st.variety != "atomic" or not st.facets.enumeration:
                continue
            builtin = self.contract.builtin(st.name)
            if typemap.is_integer(builtin):
                kind = "int"
            elif typemap.is_string(builtin):
                kind = "str"
            else:
                continue  # e.g. an enumeration of decimals: stays a plain value
            members: list[EnumMember] = []
            taken = naming.Allocator({"name", "value", "mro"})
            seen: set[str] = set()
            for ev in st.facets.enumeration:
                if ev.value in seen:
                    continue
                seen.add(ev.value)
                if kind == "int":
                    name = taken.claim(naming.numeric_member(ev.value))
                    members.append(EnumMember(name, int(ev.value.strip()), ev.value, ev.doc))
                else:
                    members.append(
                        EnumMember(
                            taken.claim(naming.constant(ev.value)), ev.value, ev.value, ev.doc
                        )
                    )
            self.enums[st.name] = EnumView("", st.name, kind, members, builtin, st.doc)  # type: ignore[arg-type]

    def _uses(self) -> Counter[QName]:
        uses: Counter[QName] = Counter()
        for e in self.contract.elements:
            uses[e.type] += 1
        for ct in self.contract.complex_types:
            if ct.base is not None:
                uses[ct.base] += 1
            for p in self._particles(ct.particle):
                if isinstance(p, ir.ElementParticle) and not p.ref:
                    uses[p.type] += 1
        return uses

    def _particles(self, group: ir.ModelGroup | None) -> Iterator[ir.Particle]:
        if group is None:
            return
        for p in group.particles:
            yield p
            if isinstance(p, ir.ModelGroup):
                yield from self._particles(p)

    def _declare_classes(self) -> None:
        uses = self._uses()
        merged: set[QName] = set()
        for e in self.contract.elements:
            t = self.contract.type(e.type)
            if not isinstance(t, ir.ComplexType) or e.abstract:
                continue
            doc = "\n\n".join(d for d in (e.doc, t.doc) if d) or None
            cls = ClassView(
                name="",
                kind="element",
                xml_name=str(e.name),
                type_name=t.name,
                doc=doc,
                location=e.location,
            )
            if uses[t.name] == 1:
                merged.add(t.name)
                self.type_classes[t.name] = cls
            self.element_classes[e.name] = cls
        for ct in self.contract.complex_types:
            if ct.name in merged:
                continue
            self.type_classes[ct.name] = ClassView(
                name="", kind="type", type_name=ct.name, doc=ct.doc, location=ct.location
            )
        for cls in self.element_classes.values():
            if cls.type_name not in merged:
                cls.base = ""  # the type class's name, once names are known

    def _depth(self, cls: ClassView) -> int:
        """How many superclasses ``cls`` has in models.py."""
        assert cls.type_name is not None
        if cls.base:
            return 1 + self._depth(self.type_classes[cls.type_name])
        parent = self.parents.get(cls.type_name)
        return 0 if parent is None else 1 + self._depth(self.type_classes[parent])

    def _main_classes(self) -> list[ClassView]:
        seen: dict[int, ClassView] = {}
        for cls in [*self.element_classes.values(), *self.type_classes.values()]:
            seen.setdefault(id(cls), cls)
        return list(seen.values())

    def _with_nested(self, cls: ClassView) -> list[ClassView]:
        result: list[ClassView] = []
        for inner in self.nested.get(id(cls), []):
            result += self._with_nested(inner)
        return [*result, cls]

    # -- names -------------------------------------------------------------------------

    def _name_all(self) -> None:
        # The contract's own namespace first; within a namespace elements, types, enums.
        claims: list[tuple[tuple[bool, int, QName], ClassView | EnumView, list[str]]] = []
        for e_name, cls in self.element_classes.items():
            local = naming.pascal(e_name.name)
            ns_word = naming.namespace_word(e_name.namespace)
            claims.append((self._rank(e_name, 0), cls, [local, ns_word + local]))
        for t_name, cls in self.type_classes.items():
            if cls.kind == "type":
                claims.append((self._rank(t_name, 1), cls, self._candidates(t_name)))
        for s_name, enum in self.enums.items():
            claims.append((self._rank(s_name, 2), enum, self._candidates(s_name)))
        for _, target, candidates in sorted(claims, key=lambda c: c[0]):
            target.name = self.names.claim(*candidates)
        for cls in self.element_classes.values():
            if cls.base is not None:
                assert cls.type_name is not None
                cls.base = self.type_classes[cls.type_name].name
        for cls in self._main_classes():
            cls.abstract = self._type(cls).abstract
        for t_name, cls in self.type_classes.items():
            if t_name in self.parents:
                cls.parent = self.type_classes[self.parents[t_name]].name

    def _rank(self, name: QName, kind: int) -> tuple[bool, int, QName]:
        return (name.namespace != self.tns, kind, name)

    def _candidates(self, name: QName) -> list[str]:
        owner, leaf = _short(name)
        ns_word = naming.namespace_word(name.namespace)
        plain, full = naming.pascal(_strip_type(leaf)), naming.pascal(leaf)
        found = [plain, full]
        if owner:
            found.append(naming.pascal(_strip_type(owner)) + plain)
        found += [ns_word + plain, ns_word + full]
        return list(dict.fromkeys(found))

    # -- fields ------------------------------------------------------------------------

    def _fill(self, cls: ClassView) -> None:
        if id(cls) in self.filled:
            return
        self.filled.add(id(cls))
        assert cls.type_name is not None
        if cls.base:
            base = self.type_classes[cls.type_name]
            self._fill(base)
            cls.fields, cls.content, cls.compositor = base.fields, base.content, base.compositor
            cls.any_attribute, cls.other_attributes = base.any_attribute, base.other_attributes
            return
        ct = self.contract.type(cls.type_name)
        assert isinstance(ct, ir.ComplexType)
        parent = self._parent_class(ct)
        inherited = parent.fields if parent is not None else []
        names = naming.Allocator({f.name for f in inherited})
        if parent is not None and parent.other_attributes:
            names.claim(parent.other_attributes)
        fields: list[FieldView] = []
        if ct.content == "simple" and parent is None:
            cls.content = "simple"
            assert ct.simple_type is not None
            fields.append(
                self._simple_field(names.claim("value"), "value", "", ct.simple_type, 1, 1)
            )
        elif ct.content == "simple":
            cls.content = "simple"
        # an extension adds its own attributes and particle to its parent's
        own = {a.name for a in ct.attributes} if parent is not None else None
        attributes = [
            self._attribute(a, names)
            for a in self.contract.attributes_of(ct)
            if own is None or a.name in own
        ]
        cls.any_attribute = self.contract.any_attribute_of(ct) is not None
        if ct.content in ("element", "empty"):
            particles = self.contract.content(ct)
            if len(particles) == 1 and isinstance(particles[0], ir.ModelGroup):
                cls.compositor = "all" if particles[0].compositor == "all" else "sequence"
            mine = (
                particles[len(self.contract.content(self._type(parent))) :] if parent else particles
            )
            for p in mine:
                fields += self._particle(p, cls, names, optional=False)
            cls.content = (
                "element" if fields or any(f.kind != "attribute" for f in inherited) else "empty"
            )
        elif ct.content == "mixed":
            cls.content = "mixed"
            fields.append(self._mixed(self.contract.content(ct), cls, names))
        cls.fields = inherited + attributes + fields
        cls.inherited = len(inherited)
        if parent is not None and parent.other_attributes:
            cls.other_attributes, cls.other_inherited = parent.other_attributes, True
        elif cls.any_attribute:
            cls.other_attributes = names.claim("other_attributes")

    def _type(self, cls: ClassView) -> ir.ComplexType:
        assert cls.type_name is not None
        ct = self.contract.type(cls.type_name)
        assert isinstance(ct, ir.ComplexType)
        return ct

    def _parent_class(self, ct: ir.ComplexType) -> ClassView | None:
        """The filled class of the base type ``ct`` extends (its Python superclass)."""
        base = self.parents.get(ct.name)
        if base is None:
            return None
        parent = self.type_classes[base]
        self._fill(parent)
        return parent

    def _attribute(self, a: ir.Attribute, names: naming.Allocator) -> FieldView:
        f = self._simple_field(
            names.claim(naming.snake(a.name.name)),
            "attribute",
            a.name.name,
            a.type,
            1 if a.use == "required" else 0,
            1,
        )
        f.xml_name, f.default, f.fixed, f.doc = str(a.name), a.default, a.fixed, a.doc
        return f

    def _simple_field(
        self,
        name: str,
        kind: str,
        local: str,
        type_name: QName,
        min_occurs: int,
        max_occurs: int | None,
    ) -> FieldView:
        builtin = self.contract.builtin(type_name)
        st = self.contract.type(type_name)
        if isinstance(st, ir.SimpleType) and st.variety != "atomic":
            builtin = ir.xs("string") if st.variety == "list" else ir.xs("anySimpleType")
        lexical = typemap.lexical(builtin)
        enum = self._enum_of(type_name)
        python = enum.name if enum else lexical.python
        return FieldView(
            name=name,
            kind=kind,  # type: ignore[arg-type]
            local_name=local,
            annotation=_annotate(python, min_occurs, max_occurs),
            python_type=python,
            type=type_name,
            builtin=builtin,
            facets=self.contract.facets(type_name),
            lexical=lexical,
            enum=enum,
            min_occurs=min_occurs,
            max_occurs=max_occurs,
        )

    def _enum_of(self, type_name: QName) -> EnumView | None:
        """The enum of the nearest type in the derivation chain that declares enumerations."""
        name = type_name
        while not name.is_builtin:
            t = self.contract.type(name)
            if not isinstance(t, ir.SimpleType) or t.variety != "atomic":
                return None
            if t.facets.enumeration:
                return self.enums.get(name)
            name = t.base
        return None

    def _particle(
        self, p: ir.Particle, owner: ClassView, names: naming.Allocator, optional: bool
    ) -> list[FieldView]:
        if isinstance(p, ir.ElementParticle):
            return [self._element(p, names, 0 if optional else p.min_occurs, p.max_occurs)]
        if isinstance(p, ir.Wildcard):
            min_occurs = 0 if optional else p.min_occurs
            return [
                FieldView(
                    name=names.claim("any"),
                    kind="any",
                    local_name="",
                    annotation=_annotate("bytes", min_occurs, p.max_occurs),
                    python_type="bytes",
                    wildcard=p,
                    min_occurs=min_occurs,
                    max_occurs=p.max_occurs,
                )
            ]
        if p.compositor == "choice":
            return [self._choice(p, owner, names, optional)]
        if p.max_occurs != 1:
            return [self._group(p, owner, names, 0 if optional else p.min_occurs)]
        group_optional = optional or p.min_occurs == 0
        if group_optional and any(_has_required(q) for q in p.particles):
            return [self._group(p, owner, names, 0)]
        fields: list[FieldView] = []
        for q in p.particles:
            fields += self._particle(q, owner, names, group_optional)
        return fields

    def _element(
        self,
        p: ir.ElementParticle,
        names: naming.Allocator,
        min_occurs: int,
        max_occurs: int | None,
    ) -> FieldView:
        if p.abstract or p.substitutes:
            raise unsupported(f"substitution groups (element {p.name.name})", p.location)
        t = self.contract.type(p.type)
        name = names.claim(naming.snake(p.name.name))
        if isinstance(t, ir.ComplexType):
            cls = self.element_classes.get(p.name) if p.ref else None
            cls = cls or self.type_classes[p.type]
            poly = self._poly(t)
            python = poly.declared.name if poly is not None else cls.name
            f = FieldView(
                name=name,
                kind="element",
                local_name=p.name.name,
                annotation=_annotate(python, min_occurs, max_occurs),
                python_type=python,
                type=p.type,
                cls=cls,
                min_occurs=min_occurs,
                max_occurs=max_occurs,
                poly=poly,
            )
        elif p.type == ir.ANY_TYPE:
            # Any attributes and content: kept as raw XML (the element itself, xsi:nil too), as
            # xs:any is.
            f = FieldView(
                name=name,
                kind="any",
                local_name=p.name.name,
                annotation=_annotate("bytes", min_occurs, max_occurs),
                python_type="bytes",
                type=p.type,
                wildcard=ir.Wildcard(process_contents="lax", min_occurs=min_occurs),
                min_occurs=min_occurs,
                max_occurs=max_occurs,
            )
        else:
            f = self._simple_field(name, "element", p.name.name, p.type, min_occurs, max_occurs)
        f.xml_name, f.default, f.fixed = str(p.name), p.default, p.fixed
        f.nillable = p.nillable and f.kind != "any"
        f.raw_nillable = p.nillable and f.kind == "any"
        f.ref, f.doc = p.ref, p.doc
        if f.nillable and not f.optional:
            # None where the element must be is xsi:nil="true" (an optional nillable element:
            # None is absent, and xsi:nil reads as None).
            f.annotation = _annotate(f"{f.python_type} | None", 1, max_occurs)
        return f

    def _poly(self, t: ir.ComplexType) -> Poly | None:
        """The classes an element of type ``t`` may hold besides ``t``'s, if any."""
        subtypes = self.contract.subtypes(t.name)
        # an anonymous type has no name xsi:type could give (its class is a subclass all the same)
        derived = [
            ct.name for ct in subtypes if not ct.anonymous and self._extends(ct.name, t.name)
        ]
        if not derived:
            return None
        classes = [self.type_classes[d] for d in derived]
        depth = {id(c): self._depth(c) for c in classes}
        classes.sort(key=lambda c: (-depth[id(c)], c.name))
        poly = Poly(self.type_classes[t.name], classes, t.abstract)
        for ct in subtypes:
            if ct.name in derived or ct.anonymous:
                continue
            base = ct.base
            while base is not None and base != t.name and base not in derived:
                above = self.contract.type(base)
                base = above.base if isinstance(above, ir.ComplexType) else None
            if base is not None:
                poly.restricted.append((ct.name, self.type_classes[base]))
        return poly

    def _extends(self, name: QName, base: QName) -> bool:
        """``name`` derives from ``base`` by extension only (its class is a subclass)."""
        while name in self.parents:
            name = self.parents[name]
            if name == base:
                return True
        return False

    def _nested_class(
        self, owner: ClassView, kind: Literal["branch", "group"], first: str, suffix: str = ""
    ) -> ClassView:
        name = self.names.claim(owner.name + naming.pascal(first) + suffix)
        cls = ClassView(name=name, kind=kind)
        self.nested.setdefault(id(owner), []).append(cls)
        return cls

    def _group(
        self, p: ir.ModelGroup, owner: ClassView, names: naming.Allocator, min_occurs: int
    ) -> FieldView:
        """A sequence held as its own class: an optional one with a required member (the
        field is None or one object), or a repeated one (a list of objects, one per
        occurrence, in document order)."""
        first = _first_name(p)
        cls = self._nested_class(owner, "group", first, "Group")
        inner = naming.Allocator()
        for q in p.particles:
            cls.fields += self._particle(q, cls, inner, optional=False)
        return FieldView(
            name=names.claim(naming.snake(first) + "_group"),
            kind="group",
            local_name="",
            annotation=_annotate(cls.name, min_occurs, p.max_occurs),
            python_type=cls.name,
            cls=cls,
            min_occurs=min_occurs,
            max_occurs=p.max_occurs,
        )

    def _mixed(
        self, particles: tuple[ir.Particle, ...], owner: ClassView, names: naming.Allocator
    ) -> FieldView:
        """The ``content`` of a mixed type: text, and a branch class per element name (the
        content model's order and occurrences are the validators' to check)."""
        branches: list[ClassView] = []
        wildcards: list[ir.Wildcard] = []
        seen: set[QName] = set()
        for p in _leaves(particles):
            if isinstance(p, ir.Wildcard):
                wildcards.append(p)
            elif p.name not in seen:
                seen.add(p.name)
                cls = self._nested_class(owner, "branch", p.name.name)
                cls.fields.append(self._element(p, naming.Allocator(), 1, 1))
                branches.append(cls)
        wildcard = wildcards[0] if wildcards else None
        if len({(w.namespace, w.process_contents) for w in wildcards}) > 1:
            # the reader takes any element; the validators check which the model allows
            wildcard = ir.Wildcard(namespace="##any", process_contents="lax")
        python = " | ".join(["str", *(b.name for b in branches), *(["bytes"] if wildcards else [])])
        return FieldView(
            doc="Mixed content: text (str) and elements, in document order.",
            name=names.claim("content"),
            kind="mixed",
            local_name="",
            annotation=f"list[{python}]",
            python_type=python,
            branches=branches,
            wildcard=wildcard,
            min_occurs=0,
            max_occurs=None,
        )

    def _choice(
        self, p: ir.ModelGroup, owner: ClassView, names: naming.Allocator, optional: bool
    ) -> FieldView:
        branches: list[ClassView] = []
        emptiable = optional or p.min_occurs == 0
        for q in _branches(p):
            if _can_be_empty(q):
                emptiable = True
            if isinstance(q, ir.ModelGroup) and not q.particles:
                continue
            cls = self._nested_class(owner, "branch", _first_name(q))
            inner = naming.Allocator()
            # a repeated group is one field of its branch (a list of its occurrences)
            parts = q.particles if isinstance(q, ir.ModelGroup) and q.max_occurs == 1 else (q,)
            for r in parts:
                single = r
                if (
                    isinstance(r, (ir.ElementParticle, ir.Wildcard))
                    and r is q
                    and r.min_occurs == 0
                ):
                    # An optional single element: inside its branch it is required (the branch
                    # itself being absent is the choice field's None).
                    single = _required(r)
                cls.fields += self._particle(single, cls, inner, optional=False)
            branches.append(cls)
        repeated = p.max_occurs is None or p.max_occurs > 1
        union = " | ".join(b.name for b in branches)
        min_occurs = 0 if emptiable else p.min_occurs
        listed = "; ".join(
            f"{b.name} ({', '.join(f.local_name or f.name for f in b.fields)})" for b in branches
        )
        return FieldView(
            doc=f"xs:choice, {_how_many(repeated, min_occurs)} of: {listed}.",
            name=names.claim("choice"),
            kind="choice",
            local_name="",
            annotation=_annotate(union, min_occurs, p.max_occurs),
            python_type=union,
            branches=branches,
            min_occurs=min_occurs,
            max_occurs=p.max_occurs,
        )


def _extension_bases(contract: ir.Contract) -> dict[QName, QName]:
    """Complex type → the complex type it extends (its class's superclass)."""
    bases: dict[QName, QName] = {}
    for ct in contract.complex_types:
        if ct.derivation == "extension" and ct.base is not None:
            base = contract.type(ct.base)
            if isinstance(base, ir.ComplexType) and "mixed" not in (base.content, ct.content):
                bases[ct.name] = ct.base
    return bases


def _how_many(repeated: bool, min_occurs: int) -> str:
    if repeated:
        return "a list, in document order, of any"
    return "at most one" if min_occurs == 0 else "exactly one"


def _annotate(python: str, min_occurs: int, max_occurs: int | None) -> str:
    if max_occurs is None or max_occurs > 1:
        return f"list[{python}]"
    return f"{python} | None" if min_occurs == 0 else python


def _leaves(particles: tuple[ir.Particle, ...]) -> Iterator[ir.ElementParticle | ir.Wildcard]:
    """The elements and wildcards of a content model, in document order."""
    for p in particles:
        if isinstance(p, ir.ModelGroup):
            yield from _leaves(p.particles)
        else:
            yield p


def _has_required(p: ir.Particle) -> bool:
    if isinstance(p, ir.ModelGroup):
        if p.min_occurs == 0:
            return False
        if p.compositor == "choice":
            return all(_has_required(q) for q in p.particles)
        return any(_has_required(q) for q in p.particles)
    return p.min_occurs > 0


def _can_be_empty(p: ir.Particle) -> bool:
    return not _has_required(p)


def _branches(p: ir.ModelGroup) -> Iterator[ir.Particle]:
    """The branches of a choice, with choices nested directly in it flattened."""
    for q in p.particles:
        if isinstance(q, ir.ModelGroup) and q.compositor == "choice" and q.max_occurs == 1:
            yield from _branches(q)
        else:
            yield q


def _first_name(p: ir.Particle) -> str:
    if isinstance(p, ir.ElementParticle):
        return p.name.name
    if isinstance(p, ir.ModelGroup):
        for q in p.particles:
            name = _first_name(q)
            if name != "Any":
                return name
    return "Any"


def _required(p: ir.ElementParticle | ir.Wildcard) -> ir.ElementParticle | ir.Wildcard:
    return replace(p, min_occurs=1)
