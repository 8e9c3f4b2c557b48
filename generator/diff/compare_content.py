"""Content models, old against new: particles matched by element name, not by position."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from generator.diff.findings import Comparison, Scope, Where
from generator.diff.model import CHANGES, NARROWS
from generator.diff.text import occurs
from generator.ir import ElementParticle, ModelGroup, Particle, Wildcard

# Compares two element declarations that matched by name (type, nillable, values, docs).
ElementComparer = Callable[[Comparison, str, Scope, ElementParticle, ElementParticle, Where], None]


def normalize(group: ModelGroup) -> ModelGroup:
    """Splice 1..1 sequences into an enclosing sequence: they change nothing on the wire, and
    moving elements between a base type and its extension produces them."""
    particles: list[Particle] = []
    for p in group.particles:
        if isinstance(p, ModelGroup):
            p = normalize(p)
            if group.compositor == p.compositor == "sequence" and p.min_occurs == p.max_occurs == 1:
                particles.extend(p.particles)
                continue
        particles.append(p)
    return replace(group, particles=tuple(particles))


def compare_content(
    ctx: Comparison,
    owner: str,
    scope: Scope,
    old: tuple[Particle, ...],
    new: tuple[Particle, ...],
    where: Where,
    compare_element: ElementComparer,
) -> None:
    """Compare two effective (or two declared) particle lists of the type at ``owner``."""
    _Walk(ctx, owner, scope, compare_element).group(owner, _root(old), _root(new), where)


def _root(particles: tuple[Particle, ...]) -> ModelGroup:
    """One group for a type's content. A lone group is kept as is, so a changed compositor
    (sequence → choice) is one change; locations fall back to the type's own."""
    if len(particles) == 1 and isinstance(particles[0], ModelGroup):
        return replace(normalize(particles[0]), location=None)
    return normalize(ModelGroup("sequence", particles))


def compare_occurs(
    ctx: Comparison,
    path: str,
    scope: Scope,
    what: str,
    old: tuple[int, int | None],
    new: tuple[int, int | None],
    where: Where,
) -> None:
    (a_min, a_max), (b_min, b_max) = old, new
    if a_min != b_min:
        rule = "min-occurs-increased" if b_min > a_min else "min-occurs-decreased"
        ctx.emit(
            rule,
            path,
            f"minOccurs of {what} {path} changed from {a_min} to {b_min}",
            str(a_min),
            str(b_min),
            scope,
            where,
        )
    if a_max != b_max:
        increased = a_max is not None and (b_max is None or b_max > a_max)
        ctx.emit(
            "max-occurs-increased" if increased else "max-occurs-decreased",
            path,
            f"maxOccurs of {what} {path} changed from {occurs(a_max)} to {occurs(b_max)}",
            occurs(a_max),
            occurs(b_max),
            scope,
            where,
        )


def required(p: Particle) -> bool:
    """Whether every valid document has some content from ``p``."""
    if p.min_occurs == 0:
        return False
    if isinstance(p, ModelGroup):
        parts = [required(c) for c in p.particles]
        return all(parts) if p.compositor == "choice" else any(parts)
    return True


def label(p: Particle) -> str:
    if isinstance(p, ElementParticle):
        return p.name.name
    if isinstance(p, Wildcard):
        return "any"
    first = _first_element(p)
    return f"{p.compositor}({first})" if first else p.compositor


def _first_element(group: ModelGroup) -> str | None:
    for p in group.particles:
        if isinstance(p, ElementParticle):
            return p.name.name
        if isinstance(p, ModelGroup) and (found := _first_element(p)):
            return found
    return None


def _keyed(particles: tuple[Particle, ...]) -> dict[tuple[str, str, int], Particle]:
    """Particles by (kind, name, n-th of that name): stable when others are added or moved."""
    keyed: dict[tuple[str, str, int], Particle] = {}
    for p in particles:
        if isinstance(p, ElementParticle):
            kind, name = "element", p.name.name
        elif isinstance(p, Wildcard):
            kind, name = "any", ""
        else:
            kind, name = "group", _first_element(p) or ""
        n = sum(1 for k in keyed if k[:2] == (kind, name))
        keyed[(kind, name, n)] = p
    return keyed


class _Walk:
    def __init__(
        self, ctx: Comparison, owner: str, scope: Scope, compare_element: ElementComparer
    ) -> None:
        self.ctx = ctx
        self.owner = owner
        self.scope = scope
        self.compare_element = compare_element

    def group(self, path: str, a: ModelGroup, b: ModelGroup, where: Where) -> None:
        ctx = self.ctx
        where = (a.location or where[0], b.location or where[1])
        if a.compositor != b.compositor:
            ctx.emit(
                "type-changed",
                path,
                f"{path} changed from a {a.compositor} to a {b.compositor}",
                a.compositor,
                b.compositor,
                self.scope,
                where,
            )
            return
        compare_occurs(
            ctx,
            path,
            self.scope,
            a.compositor,
            (a.min_occurs, a.max_occurs),
            (b.min_occurs, b.max_occurs),
            where,
        )
        old, new = _keyed(a.particles), _keyed(b.particles)
        choice = a.compositor == "choice"
        for key, p in old.items():
            if key not in new:
                self.removed(p, choice, (p.location or where[0], where[1]))
        for key, p in new.items():
            if key not in old:
                self.added(p, choice, (where[0], p.location or where[1]))
        for key, p in old.items():
            if key in new:
                self.matched(p, new[key], where)
        if a.compositor == "sequence":
            before = [label(p) for k, p in old.items() if k in new]
            after = [label(p) for k, p in new.items() if k in old]
            if [k for k in old if k in new] != [k for k in new if k in old]:
                ctx.emit(
                    "order-changed",
                    path,
                    f"Elements of {path} are in another order",
                    ", ".join(before),
                    ", ".join(after),
                    self.scope,
                    where,
                )

    def removed(self, p: Particle, choice: bool, where: Where) -> None:
        path = f"{self.owner}/{label(p)}"
        if choice:
            self.ctx.emit(
                "choice-branch-removed",
                path,
                f"Choice branch {path} removed",
                label(p),
                None,
                self.scope,
                where,
            )
            return
        must = required(p)
        self.ctx.emit(
            "element-removed",
            path,
            f"{'Required' if must else 'Optional'} element {path} removed",
            label(p),
            None,
            self.scope,
            where,
            CHANGES if must else NARROWS,
        )

    def added(self, p: Particle, choice: bool, where: Where) -> None:
        path = f"{self.owner}/{label(p)}"
        if choice:
            self.ctx.emit(
                "choice-branch-added",
                path,
                f"Choice branch {path} added",
                None,
                label(p),
                self.scope,
                where,
            )
        elif required(p):
            self.ctx.emit(
                "element-added-required",
                path,
                f"Required element {path} added",
                None,
                label(p),
                self.scope,
                where,
            )
        else:
            self.ctx.emit(
                "element-added-optional",
                path,
                f"Optional element {path} added",
                None,
                label(p),
                self.scope,
                where,
            )

    def matched(self, a: Particle, b: Particle, where: Where) -> None:
        path = f"{self.owner}/{label(a)}"
        if isinstance(a, ModelGroup) and isinstance(b, ModelGroup):
            self.group(path, a, b, where)
            return
        where = (a.location or where[0], b.location or where[1])
        if isinstance(a, ElementParticle) and isinstance(b, ElementParticle):
            compare_occurs(
                self.ctx,
                path,
                self.scope,
                "element",
                (a.min_occurs, a.max_occurs),
                (b.min_occurs, b.max_occurs),
                where,
            )
            self.compare_element(self.ctx, path, self.scope, a, b, where)
        elif isinstance(a, Wildcard) and isinstance(b, Wildcard):
            compare_occurs(
                self.ctx,
                path,
                self.scope,
                "wildcard",
                (a.min_occurs, a.max_occurs),
                (b.min_occurs, b.max_occurs),
                where,
            )
            old = f"{a.namespace} {a.process_contents}"
            new = f"{b.namespace} {b.process_contents}"
            if old != new:
                self.ctx.emit(
                    "type-changed",
                    path,
                    f"Wildcard {path} now accepts {new} instead of {old}",
                    old,
                    new,
                    self.scope,
                    where,
                )
