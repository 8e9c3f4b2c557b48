"""IR × IR → Report: run the comparators, then place and judge every finding."""

from __future__ import annotations

import hashlib
import json

from generator.diff.compare_security import compare_security
from generator.diff.compare_types import compare_schema
from generator.diff.compare_wsdl import compare_wsdl
from generator.diff.findings import (
    AllOperations,
    Comparison,
    Finding,
    Node,
    OperationScope,
    Scope,
    types_of,
)
from generator.diff.model import Change, ContractInfo, Direction, Report, rank
from generator.diff.namespaces import compare_namespaces, namespace_pairs, renamed
from generator.diff.rules import RULES
from generator.diff.text import sentence
from generator.diff.usage import Flow, Usage
from generator.ir import Contract

MAX_USERS = 5  # "used by" names listed in a message before "and N more"


def diff(old: Contract, new: Contract) -> Report:
    """Every change from ``old`` to ``new``, judged for both sides, in a stable order."""
    mapping = namespace_pairs(old, new)
    ctx = Comparison(old, renamed(new, mapping))
    compare_namespaces(ctx, old, new, mapping)
    compare_wsdl(ctx)
    compare_security(ctx)
    compare_schema(ctx)
    place = _Placement(ctx)
    changes: dict[str, Change] = {}
    for finding in ctx.findings:
        change = place.judge(finding)
        changes.setdefault(change.fingerprint, change)
    ordered = sorted(
        changes.values(),
        key=lambda c: (-rank(c.level("both")), c.path, c.rule, c.old or "", c.new or ""),
    )
    return Report(ContractInfo.of(old), ContractInfo.of(new), tuple(ordered))


def fingerprint(rule: str, path: str, old: str | None, new: str | None) -> str:
    """Same change, same fingerprint: only what the change is, never where or when."""
    data = json.dumps([rule, path, old, new], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


class _Placement:
    """Operations and direction of each finding, from reachability in both contracts."""

    def __init__(self, ctx: Comparison) -> None:
        self.ctx = ctx
        self.usages = (Usage(ctx.old), Usage(ctx.new))
        self.all_operations = sorted({op.name for c in (ctx.old, ctx.new) for op in c.operations})
        self.anonymous = {
            name for c in (ctx.old, ctx.new) for name, t in types_of(c).items() if t.anonymous
        }

    def judge(self, f: Finding) -> Change:
        operations, direction = self.place(f.scope)
        rule = RULES[f.rule]
        verdict = rule.judge(direction, f.effect or rule.effect)
        return Change(
            rule=f.rule,
            path=f.path,
            message=sentence(f.text + self.users(f.scope, f.path)),
            old=f.old,
            new=f.new,
            operations=tuple(operations),
            direction=direction,
            client=verdict.client,
            service=verdict.service,
            old_location=f.where[0],
            new_location=f.where[1],
            fingerprint=fingerprint(f.rule, f.path, f.old, f.new),
        )

    def place(self, scope: Scope) -> tuple[list[str], Direction]:
        if isinstance(scope, OperationScope):
            return [scope.name], scope.direction
        if isinstance(scope, AllOperations):
            return self.all_operations, "both" if self.all_operations else "none"
        flows: dict[str, set[Flow]] = {}
        for usage in self.usages:
            if isinstance(scope, Node):
                reached = [usage.reached[scope]] if scope in usage.reached else []
            else:
                reached = [
                    per_op
                    for node, per_op in usage.reached.items()
                    if node.name.namespace == scope.namespace
                ]
            for per_op in reached:
                for op, seen in per_op.items():
                    flows.setdefault(op, set()).update(seen)
        every = set().union(*flows.values()) if flows else set()
        direction: Direction = (
            "both"
            if len(every) == 2
            else "request" if "request" in every else "response" if every else "none"
        )
        return sorted(flows), direction

    def users(self, scope: Scope, path: str) -> str:
        """ " (used by …)" for findings on a named type: which declarations it reaches."""
        if not isinstance(scope, Node) or scope.kind != "type":
            return ""
        if path != self.ctx.label(scope.name) or scope.name in self.anonymous:
            return ""
        names = sorted(set().union(*(u.users(scope.name) for u in self.usages)))
        if not names:
            return ""
        shown = ", ".join(names[:MAX_USERS])
        more = f" and {len(names) - MAX_USERS} more" if len(names) > MAX_USERS else ""
        return f" (used by {shown}{more})"
