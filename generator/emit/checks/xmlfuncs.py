"""The XML side's functions of ``validate.py``, written from the plans: ``_text_<Type>`` per
simple type (the lexical form, the built-in's range, the facets), ``_walk_<Type>`` per complex
type (attributes, then the content model) and ``_element`` (the global elements).

Each builder records in ``uses`` the outside names its lines take.
"""

from __future__ import annotations

from generator.emit.checks.objfuncs import issue
from generator.emit.checks.values import ValuePlan
from generator.emit.checks.walkers import Root, Typed, Walker, XmlChild
from generator.emit.pycode import Body, Function, fstring, literal


def text_function(plan: ValuePlan, uses: set[str]) -> Function:
    """``_text_<Type>(text, path, issues)``: the checks of a simple type's XML text."""
    body = Body(uses)
    for line in plan.xml_setup:
        body.add(0, line)
    if plan.xml_parsed:
        body.add(0, "if v is None:")
        body.add(1, issue("path", "type", plan.type_message("xml"), "text", plan), plan.show)
        body.add(1, "return")
        if plan.range_cond:
            body.add(0, f"if {plan.range_cond}:")
            body.add(1, issue("path", "type", plan.range_message, "text", plan), plan.show)
        if plan.xml_lex_line is not None:
            body.add(0, plan.xml_lex_line)
    if plan.category == "list":
        assert plan.item is not None
        body.add(0, "for item in lex.split():")
        body.add(1, f"{plan.item.text_function}(item, path, issues)")
    elif plan.category == "union":
        members = "".join(f"{m.text_function}, " for m in plan.members)
        body.add(0, f"if not any(accepts(member, lex) for member in ({members})):", "accepts")
        message = fstring(
            (f"{plan.show}(text)",), f" is not valid for any member type of {plan.label}"
        )
        body.add(1, issue("path", "type", message, "text", plan), plan.show)
    if plan.xml_facets_call:
        body.add(0, plan.xml_facets_call)
    signature = f"{plan.text_function}(text: str, path: str, issues: list[Issue]) -> None"
    return Function(signature, body.lines)


def _child(c: XmlChild, body: Body, depth: int) -> None:
    """Check ``child``, an element ``c`` at ``path``."""
    nil = f"if not nil_element(child, path, issues, {c.type_const}):"
    if c.kind == "anything":
        if c.nillable:
            body.add(depth, nil, "nil_element")
            depth += 1
        body.add(depth, "anything(child, path, issues, _element)", "anything")
        return
    if c.kind == "complex":
        if c.nillable:
            body.add(depth, nil, "nil_element")
            depth += 1
        body.add(depth, f'{c.walker}(child, path + "/", issues)')
        return
    assert c.value is not None
    if c.nillable:
        body.add(depth, nil, "nil_element")
        _leaf_text(c, body, depth + 1)
    elif c.default is None and not c.fixed:
        call = f"leaf(child, path, issues, {c.type_const}, {c.value.text_function})"
        body.add(depth, call, "leaf")
    else:
        _leaf_text(c, body, depth)


def _leaf_text(c: XmlChild, body: Body, depth: int) -> None:
    assert c.value is not None
    body.add(depth, f"text = leaf_text(child, path, issues, {c.type_const})", "leaf_text")
    body.add(depth, "if text is not None:")
    if c.default is not None:
        body.add(depth + 1, 'if text == "":')
        body.add(depth + 2, f"text = {literal(c.default)}")
    body.add(depth + 1, f"{c.value.text_function}(text, path, issues)")
    if c.fixed:
        body.add(depth + 1, f"if {c.fixed.xml}:", c.fixed.xml.uses)
        body.add(depth + 2, issue("path", "fixed", c.fixed.xml_message, "text"), c.value.show)


def walker_function(w: Walker, uses: set[str]) -> Function:
    """``_walk_<Type>(el, prefix, issues)``: an element of a complex type."""
    body = Body(uses)
    body.add(0, "attrib = el.attrib")
    rule = f", {w.any_attribute_rule}" if w.any_attribute else ""
    known = f"el, {w.known_const}, prefix[:-1], issues, {w.type_const}{rule}"
    body.add(0, f"if attrib and other_attributes({known}):", "other_attributes")
    body.add(1, "return")
    for a in w.attributes:
        path = f"prefix + {literal('@' + a.local)}"
        body.add(0, f"value = attrib.get({a.const})")
        if a.required:
            body.add(0, "if value is None:")
            message = literal(f"attribute {a.local} is required")
            body.add(1, issue(path, "required", message, ""))
            body.add(0, "else:")
        else:
            body.add(0, "if value is not None:")
        body.add(1, f"{a.value.text_function}(value, {path}, issues)")
        if a.fixed:
            body.add(1, "text = value")
            body.add(1, f"if {a.fixed.xml}:", a.fixed.xml.uses)
            body.add(2, issue(path, "fixed", a.fixed.xml_message, "text"), a.value.show)
    _content(w, body)
    doc = f"Check an element of type {w.type_label}; ``prefix`` is its path and a slash."
    signature = f"{w.name}(el: etree._Element, prefix: str, issues: list[Issue]) -> None"
    return Function(signature, body.lines, doc)


def typed_function(t: Typed, uses: set[str]) -> Function:
    """``_typed_<Type>(el, prefix, issues)``: an element checked as the type its xsi:type names
    (the declared type or one derived from it; an abstract one is an issue)."""
    body = Body(uses)
    body.add(0, f"name = xsi_type_of(el, prefix[:-1], issues, {t.declared})", "xsi_type_of")
    keyword = "if"
    for const, walker in t.types:
        body.add(0, f"{keyword} name == {const}:")
        if walker is None:
            body.add(1, f"abstract(el, prefix[:-1], issues, {const})", "abstract")
        else:
            body.add(1, f"{walker}(el, prefix, issues)")
        keyword = "elif"
    body.add(0, "elif name is not None:")
    body.add(1, f"not_derived(prefix[:-1], issues, name, {t.declared})", "not_derived")
    doc = "Check an element as the type its xsi:type names; ``prefix`` is its path and a slash."
    signature = f"{t.name}(el: etree._Element, prefix: str, issues: list[Issue]) -> None"
    return Function(signature, body.lines, doc)


def _content(w: Walker, body: Body) -> None:
    if w.mode == "empty":
        body.add(0, "no_children(el, prefix, issues)", "no_children")
        return
    if w.mode == "simple":
        assert w.value is not None
        body.add(0, "content = simple_text(el, prefix[:-1], issues)", "simple_text")
        body.add(0, "if content is not None:")
        body.add(1, f"{w.value.text_function}(content, prefix[:-1], issues)")
        return
    names = "child, tag, path" if w.children else "_child, _tag, _path"
    if w.mode == "all":
        optional = ", True" if w.all_optional else ""
        walk = f"all_group(el, prefix, issues, {w.all_const}, {w.required_const}{optional})"
        body.add(0, f"for {names} in {walk}:", "all_group")
    else:
        counted = f", counted={w.counters_const}" if w.counters_const else ""
        wild = f", wild={w.wild_const}, element=_element" if w.wild_const else ""
        mixed = ", mixed=True" if w.mixed else ""
        tables = f"{w.table_const}, {w.finals_const}, {w.exclusive_const}{counted}{wild}{mixed}"
        body.add(0, f"for {names} in sequence(el, prefix, issues, {tables}):", "sequence")
    _dispatch(w.children, body, 1)
    if not w.children:
        body.add(1, "pass")


def _dispatch(children: list[XmlChild], body: Body, depth: int) -> None:
    """One branch per kind of child element, by its tag."""
    for i, c in enumerate(children):
        body.add(depth, f"{'elif' if i else 'if'} tag == {c.const}:")
        _child(c, body, depth + 1)


def element_function(roots: list[Root], uses: set[str]) -> Function:
    """``_element(child, path, issues)``: a global element of the contract (False when
    ``child`` is none)."""
    body = Body(uses)
    body.add(0, "tag = child.tag")
    _dispatch([r.child for r in roots], body, 0)
    body.add(0, "else:")
    body.add(1, "return False")
    body.add(0, "return True")
    doc = "Check a global element of the contract at ``path``; False when ``child`` is none."
    signature = "_element(child: etree._Element, path: str, issues: list[Issue]) -> bool"
    return Function(signature, body.lines, doc)
