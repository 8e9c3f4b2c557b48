"""What ``validate(obj)`` checks, per model class (`ObjClass`) and field (`ObjField`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.emit.checks.values import ValuePlan
from generator.emit.views import ClassView, FieldView


def ok_function(check: str) -> str:
    """The fast verdict's function of the check function ``check``: ``_check_X`` → ``_ok_X``."""
    return check.replace("_check_", "_ok_", 1)


@dataclass
class ObjField:
    """How ``validate(obj)`` checks one field of a class."""

    view: FieldView
    kind: str  # simple, complex, choice, group, any
    local: str  # the element local name ("@name" for an attribute, "" for the value)
    value: ValuePlan | None = None
    check: str | None = None  # check function of a complex/group field
    cls: str | None = None  # models class for the isinstance test
    branches: list[tuple[str, str]] = field(default_factory=list)  # (class, check function)
    alternatives: str = ""  # "AntalKilometer or MaanedligtBeloeb"
    fixed: tuple[str, str, str, str] | None = None

    @property
    def attr(self) -> str:
        return self.view.name

    @property
    def ok(self) -> str:
        """The fast verdict of a complex or group field's class."""
        assert self.check is not None
        return ok_function(self.check)

    @property
    def ok_branches(self) -> list[tuple[str, str]]:
        """(class, fast verdict function) of each choice branch."""
        return [(cls, ok_function(check)) for cls, check in self.branches]

    @property
    def path(self) -> str:
        """Code: the path of this (non-repeated) field."""
        if self.view.kind == "value":
            return "prefix[:-1]"
        if self.view.kind == "attribute":
            return f'prefix + "@{self.local}"'
        return f'prefix + "{self.local}" + suffix' if self.suffixed else f'prefix + "{self.local}"'

    @property
    def child_prefix(self) -> str:
        """Code: the path prefix of a complex field's own children."""
        if self.suffixed:
            return f'prefix + "{self.local}" + suffix + "/"'
        return f'prefix + "{self.local}/"'

    @property
    def item_path(self) -> str:
        """Code: the path of item ``i`` of a repeated field (``n`` items)."""
        return f'(f"{{prefix}}{self.local}[{{i}}]" if n > 1 else prefix + "{self.local}")'

    suffixed: bool = False  # element of a repeated-choice branch: the path gets the index

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


@dataclass
class ObjClass:
    view: ClassView
    function: str
    fields: list[ObjField]
    suffix_param: bool = False  # a branch of a repeated choice

    @property
    def name(self) -> str:
        return self.view.name

    @property
    def ok_function(self) -> str:
        return ok_function(self.function)

    @property
    def uses_items(self) -> bool:
        return any(f.repeated for f in self.fields)


def first_element(cls: ClassView) -> str:
    for f in cls.fields:
        if f.kind == "element":
            return f.local_name
        if f.cls is not None:
            inner = first_element(f.cls)
            if inner:
                return inner
    return ""
