"""The deterministic automaton of a sequence/choice content model (Glushkov construction
over the particle tree, one state per element particle), which the generated
``validate_xml`` runs through the runtime's ``sequence``."""

from __future__ import annotations

from dataclasses import dataclass

from generator import ir
from generator.errors import ContractError

MAX_POSITIONS = 2000  # element positions of one content model after unrolling bounded repeats


@dataclass
class Position:
    number: int
    particle: ir.ElementParticle | ir.Wildcard
    choices: tuple[tuple[int, int], ...]  # (choice id, branch) of enclosing once-only choices
    counted: tuple[int, int | None] | None = None

    @property
    def tag(self) -> str | None:
        return str(self.particle.name) if isinstance(self.particle, ir.ElementParticle) else None


@dataclass
class Automaton:
    """Deterministic automaton of a sequence/choice content model; state 0 is the start and
    state ``n`` is "just read position ``n``"."""

    positions: list[Position]
    table: list[dict[str, int]]
    finals: set[int]
    wildcards: dict[int, list[tuple[ir.Wildcard, int]]]  # state → (wildcard, next state)
    exclusive: dict[str, set[str]]
    counters: dict[int, tuple[int, int | None]]


class _Glushkov:
    def __init__(self, owner: str, location: ir.Location | None) -> None:
        self.owner = owner
        self.location = location
        self.positions: list[Position] = []
        self.follow: dict[int, set[int]] = {}
        self.choice_ids = 0

    def _new(
        self, p: ir.ElementParticle | ir.Wildcard, choices: tuple[tuple[int, int], ...]
    ) -> int:
        n = len(self.positions) + 1
        if n > MAX_POSITIONS:
            raise ContractError.at(
                f"the content model of {self.owner} is too large to validate", self.location
            )
        self.positions.append(Position(n, p, choices))
        self.follow[n] = set()
        return n

    def _loop(self, last: set[int], first: set[int], counted_ok: bool = False) -> None:
        for x in last:
            for y in first:
                counted = self.positions[x - 1].counted
                if x == y and not counted_ok and counted is not None and counted[0] <= 1:
                    # the group may repeat this element alone: runs of any length are valid
                    # (each splits into occurrences of at most maxOccurs), so no bound to count
                    self.positions[x - 1].counted = None
                elif x == y and not counted_ok and counted is not None:
                    raise ContractError.at(
                        f"the content model of {self.owner} repeats an element with bounded "
                        "maxOccurs inside a repeated group; not supported by the validator",
                        self.location,
                    )
                self.follow[x].add(y)

    def build(
        self, p: ir.Particle, choices: tuple[tuple[int, int], ...] = ()
    ) -> tuple[bool, set[int], set[int]]:
        if isinstance(p, (ir.ElementParticle, ir.Wildcard)):
            n = self._new(p, choices)
            low, high = p.min_occurs, p.max_occurs
            if high == 1:
                return low == 0, {n}, {n}
            if high is None and low <= 1:
                self.follow[n].add(n)
                return low == 0, {n}, {n}
            self.positions[n - 1].counted = (low, high)
            self.follow[n].add(n)
            return low == 0, {n}, {n}
        if p.compositor == "all":
            raise ContractError.at(
                f"xs:all nested in another model group in {self.owner}", p.location or self.location
            )
        low, high = p.min_occurs, p.max_occurs
        if (low, high) == (1, 1):
            return self._group(p, choices)
        if high == 1:
            nullable, first, last = self._group(p, choices)
            return True, first, last
        if high is None and low <= 1:
            nullable, first, last = self._group(p, choices)
            self._loop(last, first)
            return nullable or low == 0, first, last
        # bounded repetition of a group: unroll (a{2,3} = a a (a)?; a{2,} = a a a*)
        parts: list[tuple[bool, set[int], set[int]]] = [self._group(p, choices) for _ in range(low)]
        if high is None:
            n, f, l_ = self._group(p, choices)
            self._loop(l_, f)
            parts.append((True, f, l_))
        else:
            tail: tuple[bool, set[int], set[int]] | None = None
            for _ in range(high - low):
                n, f, l_ = self._group(p, choices)
                if tail is not None:
                    n, f, l_ = self._concat((n, f, l_), tail)
                tail = (True, f, l_)
            if tail is not None:
                parts.append(tail)
        result: tuple[bool, set[int], set[int]] = (True, set(), set())
        for part in parts:
            result = self._concat(result, part)
        return result

    def _concat(
        self, a: tuple[bool, set[int], set[int]], b: tuple[bool, set[int], set[int]]
    ) -> tuple[bool, set[int], set[int]]:
        na, fa, la = a
        nb, fb, lb = b
        for x in la:
            self.follow[x] |= fb
        return na and nb, fa | (fb if na else set()), lb | (la if nb else set())

    def _group(
        self, p: ir.ModelGroup, choices: tuple[tuple[int, int], ...]
    ) -> tuple[bool, set[int], set[int]]:
        if p.compositor == "choice":
            self.choice_ids += 1
            cid = self.choice_ids
            nullable = False
            first: set[int] = set()
            last: set[int] = set()
            if not p.particles:
                return False, set(), set()  # an empty choice matches nothing
            for i, q in enumerate(p.particles):
                inner = choices + ((cid, i),) if p.max_occurs == 1 else choices
                n, f, l_ = self.build(q, inner)
                nullable, first, last = nullable or n, first | f, last | l_
            return nullable, first, last
        result: tuple[bool, set[int], set[int]] = (True, set(), set())
        for q in p.particles:
            result = self._concat(result, self.build(q, choices))
        return result


def automaton(
    particles: tuple[ir.Particle, ...], owner: str, location: ir.Location | None
) -> Automaton:
    g = _Glushkov(owner, location)
    root: tuple[bool, set[int], set[int]] = (True, set(), set())
    for p in particles:
        root = g._concat(root, g.build(p))
    nullable, first, last = root
    table: list[dict[str, int]] = []
    wildcards: dict[int, list[tuple[ir.Wildcard, int]]] = {}
    for state in range(len(g.positions) + 1):
        row: dict[str, int] = {}
        targets = first if state == 0 else g.follow[state]
        for target in sorted(targets):
            pos = g.positions[target - 1]
            if pos.tag is None:
                assert isinstance(pos.particle, ir.Wildcard)
                wildcards.setdefault(state, []).append((pos.particle, target))
                continue
            if pos.tag in row and row[pos.tag] != target:
                raise ContractError.at(
                    f"the content model of {owner} is ambiguous for element "
                    f"{pos.particle.name.name} (XSD's Unique Particle Attribution)",  # type: ignore[union-attr]
                    pos.particle.location or location,
                )
            row[pos.tag] = target
        table.append(row)
    finals = set(last) | ({0} if nullable else set())
    exclusive: dict[str, set[str]] = {}
    for a in g.positions:
        for b in g.positions:
            if a.tag is None or b.tag is None or a.tag == b.tag:
                continue
            branch_a = dict(a.choices)
            if any(cid in branch_a and branch_a[cid] != br for cid, br in b.choices):
                exclusive.setdefault(a.tag, set()).add(b.tag)
    counters = {p.number: p.counted for p in g.positions if p.counted is not None}
    return Automaton(g.positions, table, finals, wildcards, exclusive, counters)
