"""Rewrite the IR into the constructs the emitter plans classes for, without changing what
the contract accepts.

The IR keeps a contract as declared (the diff needs that); the SDK's code is planned from this
normalised copy instead:

* **Substitution groups.** An element reference whose global element heads a substitution
  group (or is abstract) becomes an ``xs:choice`` of the elements that may stand in its place
  (the head itself unless abstract, then every member, transitively), with the reference's
  occurrence. The SDK then offers one branch class per element, as for any choice, and reads,
  writes and validates each member with its own type.
* **Simple-typed message elements.** A global element with a simple type that an operation
  sends or answers (``<xs:element name="Svar" type="xs:string"/>``) gets a synthetic complex
  type with simple content of that type and no attributes, so it has a root class (one
  ``value`` field) like every other message.
* **Repeated one-particle groups.** ``<xs:choice maxOccurs="unbounded"><xs:any .../></xs:choice>``
  (WS-Trust's ``RequestSecurityTokenType``) accepts exactly what the lone particle does with
  the occurrences multiplied, so it becomes that particle. Only where the product is exact:
  the particle's ``minOccurs`` is 0 or 1, or the group occurs exactly once. Likewise a
  repeated group whose one particle is a group that occurs once takes that group's place
  (XML Signature's ``X509Data``: a repeated sequence of one choice is a repeated choice).

The shipped schemas are the contract's own files; lxml validates against those.
"""

from __future__ import annotations

from dataclasses import replace

from generator import ir
from generator.ir import QName


def normalize(contract: ir.Contract) -> ir.Contract:
    """``contract`` with substitution groups as choices and simple message elements wrapped."""
    contract = _simple_messages(contract)
    types = tuple(
        replace(ct, particle=_collapse(_expand_group(contract, ct.particle))) if ct.particle else ct
        for ct in contract.complex_types
    )
    if types == contract.complex_types:
        return contract
    return replace(contract, complex_types=types)


# -- substitution groups ---------------------------------------------------------------------


def _substituted(p: ir.ElementParticle) -> bool:
    return p.ref and (p.abstract or bool(p.substitutes))


def _has_substitution(group: ir.ModelGroup | None) -> bool:
    if group is None:
        return False
    for p in group.particles:
        if isinstance(p, ir.ElementParticle) and _substituted(p):
            return True
        if isinstance(p, ir.ModelGroup) and _has_substitution(p):
            return True
    return False


def _expand_group(contract: ir.Contract, group: ir.ModelGroup) -> ir.ModelGroup:
    if not _has_substitution(group):
        return group
    particles: list[ir.Particle] = []
    for p in group.particles:
        if isinstance(p, ir.ElementParticle) and _substituted(p):
            particles.append(_choice(contract, p))
        elif isinstance(p, ir.ModelGroup):
            particles.append(_expand_group(contract, p))
        else:
            particles.append(p)
    return replace(group, particles=tuple(particles))


def _choice(contract: ir.Contract, p: ir.ElementParticle) -> ir.Particle:
    members = ([] if p.abstract else [p.name]) + [m for m in p.substitutes if m != p.name]
    branches: list[ir.Particle] = []
    for name in members:
        e = contract.element(name)
        if e.abstract:
            continue
        branches.append(
            ir.ElementParticle(
                name=e.name,
                type=e.type,
                nillable=e.nillable,
                default=e.default,
                fixed=e.fixed,
                ref=True,
                doc=e.doc,
                location=p.location,
            )
        )
    if len(branches) == 1 and not p.abstract:  # nothing substitutes: the plain reference
        return replace(p, substitutes=())
    return ir.ModelGroup(
        compositor="choice",
        particles=tuple(branches),
        min_occurs=p.min_occurs,
        max_occurs=p.max_occurs,
        location=p.location,
    )


# -- repeated one-particle groups --------------------------------------------------------------


def _collapse(group: ir.ModelGroup) -> ir.ModelGroup:
    """``group`` with every repeated or optional one-particle group inside it (itself too)
    replaced by its particle, occurrences multiplied; the outermost stays a group."""
    inner = _collapsed(group)
    if isinstance(inner, ir.ModelGroup):
        return inner
    return ir.ModelGroup(compositor="sequence", particles=(inner,), location=group.location)


def _collapsed(p: ir.Particle) -> ir.Particle:
    if not isinstance(p, ir.ModelGroup):
        return p
    particles = tuple(_collapsed(q) for q in p.particles)
    if particles != p.particles:
        p = replace(p, particles=particles)
    if len(p.particles) != 1 or (p.min_occurs, p.max_occurs) == (1, 1):
        return p
    (only,) = p.particles
    if isinstance(only, ir.ModelGroup):
        if p.max_occurs == 1 or (only.min_occurs, only.max_occurs) != (1, 1):
            return p
        return replace(only, min_occurs=p.min_occurs, max_occurs=p.max_occurs)
    if only.min_occurs > 1:
        return p
    return replace(
        only,
        min_occurs=p.min_occurs * only.min_occurs,
        max_occurs=_times(p.max_occurs, only.max_occurs),
    )


def _times(a: int | None, b: int | None) -> int | None:
    if a == 0 or b == 0:
        return 0
    return None if a is None or b is None else a * b


# -- simple-typed message elements -------------------------------------------------------------


def _simple_messages(contract: ir.Contract) -> ir.Contract:
    used: set[QName] = set()
    for op in contract.operations:
        used.update(name for name in (op.input, op.output) if name is not None)
        used.update(f.element for f in op.faults)
    wrapped: dict[QName, ir.ComplexType] = {}
    for e in contract.elements:
        if e.name in used and not isinstance(contract.type(e.type), ir.ComplexType):
            name = QName(e.name.namespace, f"@{e.name.name}/content")
            wrapped[e.name] = ir.ComplexType(
                name=name,
                content="simple",
                base=e.type,
                derivation="extension",
                simple_type=e.type,
                anonymous=True,
                doc=None,
                location=e.location,
            )
    if not wrapped:
        return contract
    elements = tuple(
        replace(e, type=wrapped[e.name].name) if e.name in wrapped else e for e in contract.elements
    )
    types = tuple(sorted((*contract.complex_types, *wrapped.values()), key=lambda t: t.name))
    return replace(contract, elements=elements, complex_types=types)
