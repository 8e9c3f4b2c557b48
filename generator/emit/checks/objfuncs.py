"""The object side's functions of ``validate.py``, written from the plans: the fast verdict
``_ok_<Class>`` per class, ``_value_<Type>`` per simple type (the type test and every facet of
a model field's value, reporting), and ``_facets_<Type>`` (the facets both sides share).

Each builder records in ``uses`` the outside names its lines take (runtime helpers, ``Decimal``,
``datetime``…): the module's imports are what was recorded.
"""

from __future__ import annotations

from generator.emit.checks.objects import ObjClass, ObjField
from generator.emit.checks.values import ValuePlan
from generator.emit.pycode import Body, Function, literal

_TEXTUAL = ("string", "name", "gregorian", "duration", "list", "union")


def issue(path: str, code: str, message: str, value: str, plan: ValuePlan | None = None) -> str:
    """``issues.append(Issue(...))``, the value kept (masked for a CPR number's plan)."""
    tail = f", {value}" + (plan.sensitive_argument if plan is not None else "") if value else ""
    return f"issues.append(Issue({path}, {literal(code)}, {message}{tail}))"


# -- the fast verdict ---------------------------------------------------------------------------


def ok_function(o: ObjClass, uses: set[str]) -> Function:
    body = Body(uses)
    if o.view.abstract:  # an instance of an abstract type: explain reports it
        body.add(0, "return False")
        doc = f"False: {o.name} is of an abstract type (see its field table)."
        return Function(f"{o.ok_function}(obj: m.{o.name}) -> bool", body.lines, doc)
    if any(not _leaves_to_explain(f) for f in o.fields):
        body.add(0, "v: object")
    if o.uses_items:
        body.add(0, "items: object")
    for f in o.fields:
        body.add(0, f"# {f.local or f.attr}")
        if f.repeated:
            _ok_items(f, body)
        else:
            body.add(0, f"v = obj.{f.attr}")
            _OK_ONE[f.kind](f, body)
    body.add(0, "return True")
    return Function(f"{o.ok_function}(obj: m.{o.name}) -> bool", body.lines)


def _leaves_to_explain(f: ObjField) -> bool:
    """A list the fast verdict hands to ``explain`` when it has items (never reads ``v``)."""
    return f.repeated and (f.kind == "choice" or (f.kind == "any" and bool(f.wild)))


def _value_reject(f: ObjField, body: Body) -> str:
    """True when the simple value ``v`` (not None) may fail its checks."""
    assert f.value is not None
    reject = f.value.obj_reject
    if reject is None:
        return f"not _passes({f.value.obj_function}, v)"
    body.uses.update(reject.uses)
    return str(reject)


def _ok_simple(f: ObjField, body: Body) -> None:
    assert f.value is not None
    if f.required and not f.value.rejects_none:
        body.add(0, "if v is None:")
        body.add(1, "return False")
    body.add(0, f"if {'' if f.required else 'v is not None and '}{_value_reject(f, body)}:")
    body.add(1, "return False")
    if f.fixed:
        body.add(0, f"if v is not None and {f.fixed.obj}:", f.fixed.obj.uses)
        body.add(1, "return False")


def _ok_object(f: ObjField) -> str:
    """True when ``v`` is no exact instance of the field's class or fails its verdict."""
    return f"type(v) is not m.{f.cls} or not {f.ok}(v)"


def _ok_complex(f: ObjField, body: Body) -> None:
    if f.required and f.kind == "complex":
        body.add(0, f"if {_ok_object(f)}:")
    else:
        body.add(0, f"if v is not None and ({_ok_object(f)}):")
    body.add(1, "return False")


def _ok_choice(f: ObjField, body: Body) -> None:
    body.add(0, "if v is None:")
    body.add(1, "return False" if f.min_occurs > 0 else "pass")
    for cls, ok in f.branches:
        body.add(0, f"elif isinstance(v, m.{cls}):")
        body.add(1, f"if not {ok}(v):")
        body.add(2, "return False")
    body.add(0, "else:")
    body.add(1, "return False")


def _ok_raw(f: ObjField, body: Body) -> None:
    test = "v is None or " if f.required else "v is not None and "
    body.add(0, f"if {test}not _passes({f.raw}, v):")
    body.add(1, "return False")


def raw_function(name: str, tag: str, nillable: bool, uses: set[str]) -> Function:
    """``name(v, path, issues)``: the raw XML of an element of xs:anyType (its ``tag``)."""
    body = Body(uses)
    call = f"raw_element(v, path, issues, {tag}, {nillable}, _element)"
    body.add(0, call, "raw_element")
    return Function(f"{name}(v: object, path: str, issues: list[Issue]) -> None", body.lines)


def _ok_any(f: ObjField, body: Body) -> None:
    test = "v is None or " if f.required else "v is not None and "
    body.add(0, f"if {test}not isinstance(v, bytes):")
    body.add(1, "return False")
    if f.wild:
        body.add(0, "if v is not None:")
        body.add(1, "return False  # the element's namespace and content: explain decides")


_OK_ONE = {
    "simple": _ok_simple,
    "complex": _ok_complex,
    "group": _ok_complex,
    "choice": _ok_choice,
    "any": _ok_any,
    "raw": _ok_raw,
}


def _ok_items(f: ObjField, body: Body) -> None:
    body.add(0, f"items = obj.{f.attr}")
    body.add(0, "if type(items) is not list:")
    body.add(1, "return False")
    bounds = [f"n < {f.min_occurs}"] if f.min_occurs > 0 else []
    bounds += [f"n > {f.max_occurs}"] if f.max_occurs is not None else []
    if bounds:
        body.add(0, "n = len(items)")
        body.add(0, f"if {' or '.join(bounds)}:")
        body.add(1, "return False")
    if f.kind == "choice":
        body.add(0, "if items:")
        body.add(1, "return False  # the repeated choice's paths and counts: explain decides")
        return
    if f.kind == "any" and f.wild:
        body.add(0, "if items:")
        body.add(1, "return False  # the elements' namespaces and content: explain decides")
        return
    if f.kind == "mixed":
        body.add(0, "for v in items:")
        body.add(1, "if type(v) is not str:")
        body.add(2, "return False  # the elements' order (an automaton): explain decides")
        if not f.nullable:
            body.add(0, "return False  # text alone does not satisfy the content model")
        return
    body.add(0, "for v in items:")
    if f.kind == "simple":
        body.add(1, "if v is None:")
        body.add(2, "pass" if f.nillable else "return False")
        body.add(1, f"elif {_value_reject(f, body)}:")
    elif f.kind in ("complex", "group"):
        body.add(1, f"if {'v is not None and ' if f.nillable else ''}({_ok_object(f)}):")
    elif f.kind == "raw":
        body.add(1, f"if not _passes({f.raw}, v):")
    else:
        body.add(1, "if not isinstance(v, bytes):")
    body.add(2, "return False")


# -- simple values ------------------------------------------------------------------------------


def value_row(plan: ValuePlan, uses: set[str]) -> tuple[str, str]:
    """``_value_<Type> = string_value(...)`` for a `ValuePlan.plain_string`: (name, code)."""
    uses.add("string_value")
    arguments = [plan.facets_function or "None"] if plan.facets_function or plan.sensitive else []
    if plan.sensitive:
        arguments.append("True")
    return plan.obj_function, f"string_value({', '.join(arguments)})"


def value_function(plan: ValuePlan, uses: set[str]) -> Function:
    """``_value_<Type>(v, path, issues)``: every check of a model field's value, reported."""
    body = Body(uses)
    bad = plan.obj_bad
    body.add(0, f"if {bad}:", bad.uses)
    if plan.enum_class:
        message = plan.enum_message("v")
        arguments = f'"{plan.enum_class}", {plan.enum_values}, {message}{plan.sensitive_argument}'
        body.add(1, f"enum_issue(v, path, issues, {arguments})", "enum_issue", message.uses)
    else:
        body.add(
            1,
            f'type_issue(v, path, issues, "{plan.obj_label}"{plan.sensitive_argument})',
            "type_issue",
        )
    body.add(1, "return")
    if plan.category in _TEXTUAL:
        body.add(0, "if not v.isprintable():")
        body.add(1, f"chars_issue(v, path, issues{plan.sensitive_argument})", "chars_issue")
    if plan.via_text:
        body.add(0, f"{plan.text_function}(v, path, issues)")
    else:
        for line in plan.obj_setup:
            body.add(0, line)
        if plan.range_cond:
            body.add(0, f"if {plan.range_cond}:")
            body.add(1, issue("path", "type", plan.range_message, "v", plan), plan.show)
        if plan.obj_facets_call:
            body.add(0, plan.obj_facets_call)
    return Function(
        f"{plan.obj_function}(v: object, path: str, issues: list[Issue]) -> None", body.lines
    )


def facets_function(plan: ValuePlan, uses: set[str]) -> Function:
    """``_facets_<Type>(v, lex, val, path, issues)``: the facets of a simple type, for both
    sides: ``v`` the value, ``lex`` its normalised text, ``val`` what to show."""
    assert plan.facets_function is not None
    body = Body(uses)
    if plan.digits_ok is not None and plan.digits is not None:
        body.add(0, f"if not {plan.digits_ok}:", plan.digits_ok.uses)
        body.add(1, "total, fraction = digits(v)", "digits")
        for code, count, limit in (
            ("totalDigits", "total", plan.digits[0]),
            ("fractionDigits", "fraction", plan.digits[1]),
        ):
            if limit is not None:
                label = literal(plan.label)
                report = f'digits_issue(issues, path, "{code}", val, {count}, {label}, {limit}'
                body.add(1, f"if {count} > {limit}:")
                body.add(2, report + f"{plan.sensitive_argument})", "digits_issue")
    for c in plan.checks:
        cond = c.facet_cond
        body.add(0, f"if {cond}:", cond.uses)
        body.add(1, c.facet_report)
    value_type = plan.facets_value_type
    uses.update({value_type} & {"Decimal", "Temporal"})
    signature = (
        f"{plan.facets_function}(v: {value_type}, lex: str, val: object, path: str, "
        "issues: list[Issue]) -> None"
    )
    return Function(signature, body.lines)


def fixed_function(name: str, f: ObjField, uses: set[str]) -> Function:
    """``name(v, path, issues)``: a field's fixed value (explained by its row)."""
    assert f.fixed is not None and f.value is not None
    body = Body(uses)
    body.add(0, f"if {f.fixed.obj}:", f.fixed.obj.uses)
    body.add(1, issue("path", "fixed", f.fixed.obj_message, "v"), f.value.show)
    return Function(f"{name}(v: Any, path: str, issues: list[Issue]) -> None", body.lines)
