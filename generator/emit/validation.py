"""Check plans for a version's ``validate.py``: every decision about the generated validator.

The generated validator has two entry points that must agree with the XSD (lxml's
``XMLSchema`` is the oracle):

* ``validate(obj)`` walks a model object. One function per class checks each field: presence
  and occurrence, the Python type, then the facets of the field's simple type, inlined as
  straight-line comparisons against module constants (compiled regexes, frozensets of
  enumeration values, bounds as literals).
* ``validate_xml(data)`` walks the parsed document. One function per complex type follows
  the content model as a deterministic automaton (built here, Glushkov construction over the
  particle tree, one state per element particle); one function per simple type checks the
  lexical form (libxml2's whitespace rules), then the same facet checks.

The plans of its parts live in `generator.emit.checks` (value plans, the automaton, the
object and XML sides); `ValidationModule` assembles them for one version. Templates only
print.
"""

from __future__ import annotations

from generator import ir
from generator.emit import naming
from generator.emit.checks.automaton import automaton
from generator.emit.checks.facets import ValuePlanner
from generator.emit.checks.objects import ObjClass, ObjField, first_element
from generator.emit.checks.objfuncs import (
    facets_function,
    fixed_function,
    raw_function,
    value_function,
    value_row,
)
from generator.emit.checks.objfuncs import ok_function as ok_code
from generator.emit.checks.values import ValuePlan, cpr_name
from generator.emit.checks.walkers import Root, Typed, Walker, XmlAttribute, XmlChild, wild_rule
from generator.emit.checks.xmlfuncs import (
    element_function,
    text_function,
    typed_function,
    walker_function,
)
from generator.emit.clark import ClarkConstants
from generator.emit.pycode import Function, Uses, literal
from generator.emit.views import ClassView, FieldView, VersionView
from generator.emit.xmlbase import defined_in
from generator.errors import ContractError
from generator.ir import QName
from generator.sdk_runtime import checks as runtime_checks
from generator.sdk_runtime import report as runtime_report

CHECKS = frozenset(runtime_checks.__all__)
ISSUES = frozenset({"show", "show_cpr"})
REPORT = defined_in(runtime_report)
STDLIB = frozenset({"datetime", "re", "Decimal"})  # imported by the template as used


class ValidationModule:
    """Everything ``templates/sdk/version/validate.py.j2`` prints for one version."""

    def __init__(self, view: VersionView) -> None:
        self.view = view
        self.contract = view.contract
        self.values = ValuePlanner(view)
        self.clark = ClarkConstants()
        self.constants: list[tuple[str, str]] = []
        self._walkers: dict[QName, Walker] = {}
        self._typed: dict[QName, Typed] = {}
        self.raw_checks: dict[tuple[str, bool], str] = {}  # xs:anyType (tag, nillable) → check
        self.walker_names = naming.Allocator()
        self.constant_uses: set[str] = set()
        self.objects = self._objects()
        self.roots = self._roots()
        self.walkers = sorted(self._walkers.values(), key=lambda w: w.name)
        self.typed = sorted(self._typed.values(), key=lambda t: t.name)
        # the functions, each recording the outside names it uses
        self.uses: set[str] = {"local", "message_element", "xsd_issues"}  # the public API's
        plans = self.value_plans
        self.ok_functions = [ok_code(o, self.uses) for o in self.objects]
        self.fixed_functions = [
            fixed_function(name, f, self.uses) for o in self.objects for name, f in o.fixed_fields
        ]
        self.facets_functions = [facets_function(p, self.uses) for p in plans if p.facets_function]
        self.value_rows = [value_row(p, self.uses) for p in plans if p.plain_string]
        self.value_functions = [value_function(p, self.uses) for p in plans if not p.plain_string]
        self.value_functions += [
            raw_function(name, self.tag(tag), nillable, self.uses)
            for (tag, nillable), name in sorted(self.raw_checks.items(), key=lambda r: r[1])
        ]
        self.text_functions = [text_function(p, self.uses) for p in plans]
        self.walker_functions: list[Function] = [
            *(walker_function(w, self.uses) for w in self.walkers),
            *(typed_function(t, self.uses) for t in self.typed),
            element_function(self.roots, self.uses),
        ]
        for p in plans:
            self.uses |= p.constant_uses
        self.uses |= self.constant_uses
        unknown = self.uses - STDLIB - ISSUES - CHECKS - REPORT
        assert not unknown, f"not in the runtime: {unknown}"

    # -- shared ----------------------------------------------------------------------------------

    def tag(self, clark: str) -> str:
        return self.clark.tag(clark)

    @property
    def tag_constants(self) -> list[tuple[str, str]]:
        return self.clark.tag_rows

    @property
    def value_plans(self) -> list[ValuePlan]:
        return self.values.all()

    @property
    def value_constants(self) -> list[tuple[str, str]]:
        return [c for p in self.value_plans for c in p.constants]

    @property
    def runtime_imports(self) -> list[str]:
        """The names the functions use from the runtime's checks module, in the order ruff's
        isort wants (classes, then functions)."""
        return sorted(self.uses & CHECKS, key=lambda n: (not n[0].isupper(), n))

    @property
    def report_imports(self) -> list[str]:
        return sorted(self.uses & REPORT)

    @property
    def issues_imports(self) -> list[str]:
        return ["Issue", "IssueList", *sorted(self.uses & ISSUES)]

    @property
    def models(self) -> list[str]:
        return sorted({c.name for c in self.view.classes} | {e.name for e in self.view.enums})

    # -- object side -----------------------------------------------------------------------------

    def checked_class(self, cls: ClassView) -> ClassView:
        """The class whose field table checks ``cls`` (an element class shares its type's)."""
        if cls.kind == "element" and cls.base:
            return self.checked_class(self.view.class_named(cls.base))
        return cls

    def ok_function(self, cls: ClassView) -> str:
        """The fast verdict of ``cls``: its field table's class's ``_ok_``."""
        return f"_ok_{self.checked_class(cls).name}"

    @property
    def table_aliases(self) -> list[tuple[str, str]]:
        """(class, class whose field table it shares) for element classes of a named type."""
        return [
            (c.name, self.checked_class(c).name)
            for c in self.view.classes
            if self.checked_class(c) is not c
        ]

    @property
    def explain_imports(self) -> list[str]:
        """The row kinds the field tables use, and `explain`."""
        kinds = {r.kind for o in self.objects for r in o.rows}
        return sorted(kinds | {"Fields", "explain"}, key=lambda n: (not n[0].isupper(), n))

    @property
    def any_element(self) -> bool:
        """Some field table checks xs:any elements (through ``_any_element``)."""
        return any(f.wild or f.raw_elements for o in self.objects for f in o.fields)

    def _class_namespaces(self) -> dict[int, str]:
        """id(class) → the namespace of the complex type whose content it holds (a branch or
        group class: its owner's), the namespace xs:any's ``##other`` is relative to."""
        found: dict[int, str] = {}
        todo = [(c, c.type_name.namespace) for c in self.view.classes if c.type_name]
        while todo:
            cls, namespace = todo.pop()
            if id(cls) not in found:
                found[id(cls)] = namespace
                for f in cls.fields:
                    nested = [*([f.cls] if f.cls else []), *f.branches]
                    todo += [(c, namespace) for c in nested if c.type_name is None]
        return found

    def _objects(self) -> list[ObjClass]:
        self.class_namespaces = self._class_namespaces()
        result = []
        for cls in self.view.classes:
            if cls.kind == "element" and cls.base:
                continue
            fields = [self._obj_field(f, cls) for f in cls.fields]
            result.append(ObjClass(cls, self.ok_function(cls), fields))
        return result

    def _obj_field(self, f: FieldView, owner: ClassView) -> ObjField:
        local = f.local_name if f.kind != "attribute" else "@" + f.local_name
        if f.kind in ("element", "attribute", "value") and f.cls is None:
            assert f.type is not None
            plan = self.values.plan(f.type, sensitive=cpr_name(f.local_name))
            fixed = plan.fixed(f.fixed) if f.fixed is not None else None
            return ObjField(f, "simple", local, value=plan, fixed=fixed)
        if f.kind == "element":
            assert f.cls is not None
            accepts = f.poly.declared.name if f.poly is not None else None
            ok = self.ok_function(f.cls)
            return ObjField(f, "complex", local, ok=ok, cls=f.cls.name, accepts=accepts)
        if f.kind == "group":
            assert f.cls is not None
            ok = self.ok_function(f.cls)
            return ObjField(
                f, "group", local, ok=ok, cls=f.cls.name, alternatives=first_element(f.cls)
            )
        if f.kind == "mixed":
            # the elements' order: the automaton of the type's walker, over their names
            assert owner.type_name is not None
            w = self.walker(owner.type_name)
            tags = "(" + "".join(f"{self.tag(b.fields[0].xml_name or '')}, " for b in f.branches)
            model = f"({w.table_const}, {w.finals_const}, {w.exclusive_const}, "
            model += f"{w.counters_const or 'None'}, {w.wild_const or 'None'})"
            branches = [(b.name, self.ok_function(b)) for b in f.branches]
            return ObjField(
                f,
                "mixed",
                "",
                branches=branches,
                alternatives=tags + ")",
                model=model,
                nullable=w.nullable,
                raw_elements=w.wild_const is not None,
            )
        if f.kind == "choice":
            branches = [(b.name, self.ok_function(b)) for b in f.branches]
            names = [n for b in f.branches for n in [first_element(b)] if n]
            alternatives = " or ".join(
                [", ".join(names[:-1]), names[-1]] if len(names) > 1 else names
            )
            return ObjField(f, "choice", local, branches=branches, alternatives=alternatives)
        if (
            f.xml_name is not None
        ):  # an element of xs:anyType: raw XML, checked as validate_xml does
            key = (f.xml_name, f.raw_nillable)
            name = self.raw_checks.setdefault(key, f"_raw_{len(self.raw_checks) + 1}")
            return ObjField(f, "raw", local, raw=name)
        assert f.wildcard is not None
        wild = ""
        if (f.wildcard.namespace, f.wildcard.process_contents) != ("##any", "skip"):
            rule = wild_rule(f.wildcard, self.class_namespaces[id(owner)])
            wild = f"({rule}, {literal(f.wildcard.process_contents)})"
        return ObjField(f, "any", local or "any", wild=wild)

    @property
    def dispatch(self) -> list[tuple[str, str, str]]:
        """(class, path prefix, fast verdict function) for every model class."""
        rows = []
        for cls in self.view.classes:
            prefix = ""
            if cls.kind == "element" and cls.xml_name:
                prefix = cls.xml_name.rpartition("}")[2] + "/"
            rows.append((cls.name, prefix, self.ok_function(cls)))
        return rows

    # -- XML side --------------------------------------------------------------------------------

    def walker(self, type_name: QName) -> Walker:
        found = self._walkers.get(type_name)
        if found is not None:
            return found
        ct = self.contract.type(type_name)
        assert isinstance(ct, ir.ComplexType)
        cls = self.view.class_for_type(type_name)
        base = cls.name if cls is not None else naming.pascal(type_name.name.replace("/", "_"))
        name = self.walker_names.claim(f"_walk_{base}")
        type_const = self._type_const(type_name)
        walker = Walker(name, type_const, "empty", [], "", False, type_label=type_name.name)
        self._walkers[type_name] = walker  # before children: types may be recursive
        attributes = []
        for a in self.contract.attributes_of(ct):
            plan = self.values.plan(a.type, sensitive=cpr_name(a.name.name))
            fixed = plan.fixed(a.fixed) if a.fixed is not None else None
            attributes.append(
                XmlAttribute(self.tag(str(a.name)), a.name.name, plan, a.use == "required", fixed)
            )
        walker.attributes = attributes
        if attributes:
            known = "frozenset({" + ", ".join(a.const for a in attributes) + "})"
            walker.known_const = self._constant(f"_ATTRS_{base}", known, "frozenset[str]")
        else:
            walker.known_const = "_NO_ATTRIBUTES"
        any_attribute = self.contract.any_attribute_of(ct)
        walker.any_attribute = any_attribute is not None
        if any_attribute is not None:
            wildcard = ir.Wildcard(namespace=any_attribute.namespace)
            walker.any_attribute_rule = wild_rule(wildcard, type_name.namespace)
        owner = f"complex type '{type_name.name}'"
        if ct.content == "simple":
            assert ct.simple_type is not None
            walker.mode = "simple"
            walker.value = self.values.plan(ct.simple_type)
            return walker
        walker.mixed = ct.content == "mixed"
        particles = self.contract.content(ct)
        if (
            len(particles) == 1
            and isinstance(particles[0], ir.ModelGroup)
            and particles[0].compositor == "all"
        ):
            group = particles[0]
            walker.mode = "all"
            members = [p for p in group.particles if isinstance(p, ir.ElementParticle)]
            if len(members) != len(group.particles):
                raise ContractError.at(f"{owner}: xs:all may only hold elements", group.location)
            walker.children = [self._child(p) for p in members]
            walker.all_const = self._constant(
                f"_ALL_{base}",
                "frozenset({" + ", ".join(c.const for c in walker.children) + "})",
                "frozenset[str]",
            )
            required = [
                f"({c.const}, {literal(c.local)})"
                for c, p in zip(walker.children, members, strict=True)
                if p.min_occurs > 0
            ]
            walker.required_const = self._constant(
                f"_REQUIRED_{base}",
                "(" + ", ".join(required) + ("," if len(required) == 1 else "") + ")",
                "tuple[tuple[str, str], ...]",
            )
            walker.all_optional = group.min_occurs == 0
            return walker
        auto = automaton(particles, owner, ct.location)
        if not auto.positions and not walker.mixed:
            walker.mode = "empty"
            return walker
        walker.mode = "automaton"
        rows = []
        for row in auto.table:
            rows.append("{" + ", ".join(f"{self.tag(t)}: {n}" for t, n in row.items()) + "}")
        # no trailing comma: the formatter keeps a small table on one line, a big one a state
        # per line
        table = "(" + ", ".join(rows) + ("," if len(rows) == 1 else "") + ")"
        walker.table_const = self._constant(f"_TABLE_{base}", table, "tuple[dict[str, int], ...]")
        walker.nullable = 0 in auto.finals
        walker.finals_const = self._constant(
            f"_FINAL_{base}",
            "frozenset({" + ", ".join(map(str, sorted(auto.finals))) + "})",
            "frozenset[int]",
        )
        exclusive = ", ".join(
            f"{self.tag(t)}: frozenset({{{', '.join(self.tag(o) for o in sorted(others))}}})"
            for t, others in sorted(auto.exclusive.items())
        )
        walker.exclusive_const = "_NO_EXCLUSIVE"
        if exclusive:
            walker.exclusive_const = self._constant(
                f"_EXCLUSIVE_{base}", "{" + exclusive + "}", "dict[str, frozenset[str]]"
            )
        if auto.counters:
            counters = ", ".join(
                f"{n}: ({low}, {high}, {literal(auto.positions[n - 1].particle.name.name)})"  # type: ignore[union-attr]
                for n, (low, high) in sorted(auto.counters.items())
            )
            walker.counters_const = self._constant(
                f"_COUNTED_{base}", "{" + counters + "}", "dict[int, tuple[int, int | None, str]]"
            )
        if auto.wildcards:
            rules = []
            for state, wilds in sorted(auto.wildcards.items()):
                items = ", ".join(
                    f"({wild_rule(w, type_name.namespace)}, {n}, {literal(w.process_contents)})"
                    for w, n in wilds
                )
                rules.append(f"{state}: ({items},)")
            walker.wild_const = self._constant(
                f"_WILD_{base}",
                "{" + ", ".join(rules) + "}",
                "dict[int, tuple[Wildcard, ...]]",
                frozenset({"Wildcard"}),
            )
        seen: dict[str, XmlChild] = {}
        for pos in auto.positions:
            if isinstance(pos.particle, ir.ElementParticle) and pos.tag not in seen:
                seen[pos.tag] = self._child(pos.particle)  # type: ignore[index]
        walker.children = list(seen.values())
        return walker

    def typed_walker(self, ct: ir.ComplexType) -> Typed | None:
        """The check of an element of type ``ct`` by its xsi:type, when ``ct`` is abstract or
        has named types derived from it (by extension or restriction, as XSD allows)."""
        found = self._typed.get(ct.name)
        if found is not None:
            return found
        derived = [
            d
            for d in self.contract.subtypes(ct.name)
            if not d.anonymous and d.content != "mixed"  # mixed content: not supported
        ]
        if not derived and not ct.abstract:
            return None
        walker = self.walker(ct.name)
        typed = Typed(walker.name.replace("_walk_", "_typed_", 1), walker.type_const)
        self._typed[ct.name] = typed
        for t in [ct, *derived]:
            const = self._type_const(t.name)
            typed.types.append((const, None if t.abstract else self.walker(t.name).name))
        return typed

    def _constant(self, name: str, code: str, annotation: str, uses: Uses = frozenset()) -> str:
        self.constants.append((f"{name}: {annotation}", code))
        self.constant_uses |= uses
        return name

    def _type_const(self, type_name: QName) -> str:
        """A constant holding the Clark name of a type (for xsi:type); '""' when anonymous."""
        if "/" in type_name.name:
            return '""'
        return self.clark.type(str(type_name))

    @property
    def type_constants(self) -> list[tuple[str, str]]:
        return self.clark.type_rows

    def _child(self, p: ir.ElementParticle | ir.Element) -> XmlChild:
        clark = str(p.name)
        local = p.name.name
        t = self.contract.type(p.type)
        child = XmlChild(
            self.tag(clark),
            clark,
            local,
            "simple",
            nillable=p.nillable,
            type_const=self._type_const(p.type),
        )
        if p.type == ir.ANY_TYPE:
            child.kind = "anything"
            return child
        if isinstance(t, ir.ComplexType):
            child.kind = "complex"
            typed = self.typed_walker(t)
            child.walker = typed.name if typed is not None else self.walker(p.type).name
            if p.fixed is not None or p.default is not None:
                raise ContractError.at(
                    f"element '{local}': a fixed/default value on complex content", p.location
                )
            return child
        child.value = self.values.plan(p.type, sensitive=cpr_name(local))
        child.default = p.default if p.fixed is None else p.fixed
        if p.fixed is not None:
            child.fixed = child.value.fixed(p.fixed)
        return child

    def _roots(self) -> list[Root]:
        roots = []
        for e in self.contract.elements:
            if e.abstract:
                continue
            child = self._child(e)
            roots.append(Root(child.const, e.name.name, child))
        return sorted(roots, key=lambda r: r.child.tag)


def build(view: VersionView) -> ValidationModule:
    """The validate module's plan for one version (raises ContractError on what it cannot
    check faithfully)."""
    return ValidationModule(view)
