"""What ``validate(obj)`` checks, per model class (`ObjClass`) and field (`ObjField`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.emit.checks.values import Fixed, ValuePlan
from generator.emit.pycode import literal
from generator.emit.views import ClassView, FieldView


@dataclass(frozen=True)
class Row:
    """Code: one row of a class's field table (`generator.sdk_runtime.explain`), printed as
    ``Kind(arguments)``; trailing default arguments (False, no fixed check) are left out."""

    kind: str
    args: tuple[object, ...]

    def __init__(self, kind: str, *args: object) -> None:
        object.__setattr__(self, "kind", kind)
        trimmed = list(args)
        while trimmed and trimmed[-1] is False:
            trimmed.pop()
        object.__setattr__(self, "args", tuple(trimmed))

    def __str__(self) -> str:
        return f"{self.kind}({', '.join(map(str, self.args))})"


@dataclass
class ObjField:
    """How ``validate(obj)`` checks one field of a class."""

    view: FieldView
    kind: str  # simple, complex, choice, group, any, raw (an element of xs:anyType)
    local: str  # the element local name ("@name" for an attribute, "" for the value)
    value: ValuePlan | None = None
    ok: str | None = None  # the fast verdict of a complex/group field's class
    cls: str | None = None  # models class for the fast verdict's exact type test
    accepts: str | None = None  # the class the field's row accepts instances of, if not cls
    branches: list[tuple[str, str]] = field(default_factory=list)  # (class, fast verdict)
    alternatives: str = ""  # "AntalKilometer or MaanedligtBeloeb" (mixed: the branches' tags)
    fixed: Fixed | None = None
    raw: str | None = None  # the check of a raw xs:anyType element's bytes
    model: str = ""  # mixed content: the arguments of the runtime's ``sequence``
    nullable: bool = False  # mixed content: its model accepts no element at all
    wild: str = ""  # xs:any whose elements are checked: (namespace rule, processContents)
    raw_elements: bool = False  # mixed content with xs:any elements (checked as declared)

    @property
    def attr(self) -> str:
        return self.view.name

    @property
    def required(self) -> bool:
        """The field must hold a value (None is a missing element; for a nillable element
        that must be there, None is xsi:nil)."""
        return not self.view.repeated and self.view.min_occurs >= 1 and not self.view.nillable

    @property
    def repeated(self) -> bool:
        return self.view.repeated

    @property
    def min_occurs(self) -> int:
        return self.view.min_occurs

    @property
    def max_occurs(self) -> int | None:
        return self.view.max_occurs

    @property
    def name(self) -> str:
        return self.local.lstrip("@") or "the value"

    def row(self, fixed_function: str | None) -> Row:
        """The row of `generator.sdk_runtime.explain` that explains this field."""
        attr = literal(self.attr)
        local = literal("" if self.view.kind == "value" else self.local)
        low, high = self.min_occurs, self.max_occurs
        if self.kind == "simple":
            assert self.value is not None
            if self.repeated:
                return Row("Values", attr, local, self.value.obj_function, low, high, self.nillable)
            fixed = [fixed_function] if fixed_function else []
            return Row("Value", attr, local, self.value.obj_function, self.required, *fixed)
        if self.kind == "raw":
            if self.repeated:
                return Row("Values", attr, local, self.raw, low, high)
            return Row("Value", attr, local, self.raw, self.required)
        if self.kind == "complex":
            cls = f"m.{self.accepts or self.cls}"
            if self.repeated:
                return Row("Children", attr, local, cls, low, high, self.nillable)
            return Row("Child", attr, local, cls, self.required)
        if self.kind == "group" and self.repeated:
            # a list of group objects is checked as a repeated choice of one branch
            alternatives = literal(self.alternatives)
            return Row("Choices", attr, local, f"(m.{self.cls},)", alternatives, low, high)
        if self.kind == "group":
            return Row("Group", attr, f"m.{self.cls}")
        if self.kind == "mixed":
            branches = "(" + "".join(f"m.{cls}, " for cls, _ in self.branches) + ")"
            check = ["_any_element"] if self.raw_elements else []
            return Row("Mixed", attr, branches, self.alternatives, self.model, *check)
        if self.kind == "choice":
            branches = "(" + "".join(f"m.{cls}, " for cls, _ in self.branches) + ")"
            if self.repeated:
                alternatives = literal(self.alternatives)
                return Row("Choices", attr, local, branches, alternatives, low, high)
            return Row("Choice", attr, branches, literal(self.alternatives), low > 0)
        if self.repeated:
            return Row("Anythings", attr, local, low, high, *self._wild)
        return Row("Anything", attr, self.required, *self._wild)

    @property
    def _wild(self) -> tuple[str, ...]:
        """The xs:any rule and the element check of a field whose elements are checked."""
        return (self.wild, "_any_element") if self.wild else ()

    @property
    def nillable(self) -> bool:
        return self.view.nillable


@dataclass
class ObjClass:
    view: ClassView
    ok_function: str  # its fast verdict: ``_ok_<Class>``
    fields: list[ObjField]

    @property
    def name(self) -> str:
        return self.view.name

    @property
    def uses_items(self) -> bool:
        return any(f.repeated for f in self.fields)

    def fixed_function(self, f: ObjField) -> str | None:
        return f"_fixed_{self.name}_{f.attr}" if f.fixed else None

    @property
    def rows(self) -> list[Row]:
        """The class's field table for `generator.sdk_runtime.explain`, in field order (after
        `Abstract` for an abstract type's class)."""
        rows = [f.row(self.fixed_function(f)) for f in self.fields]
        if self.view.abstract:
            assert self.view.type_name is not None
            rows.insert(0, Row("Abstract", literal(self.view.type_name.name)))
        return rows

    @property
    def fixed_fields(self) -> list[tuple[str, ObjField]]:
        """(function, field) of each field with a fixed value."""
        return [(name, f) for f in self.fields for name in [self.fixed_function(f)] if name]


def first_element(cls: ClassView) -> str:
    for f in cls.fields:
        if f.kind == "element":
            return f.local_name
        if f.cls is not None:
            inner = first_element(f.cls)
            if inner:
                return inner
    return ""
