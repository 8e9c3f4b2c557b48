"""The security policy of the SDK's binding, old against new.

A change of model (context ↔ token), of the signed parts, of the Timestamp or of the algorithm
suite changes what every message must carry: one finding, for all operations.
"""

from __future__ import annotations

from generator.diff.findings import AllOperations, Comparison
from generator.ir import Contract, Security


def compare_security(ctx: Comparison) -> None:
    name = ctx.new.bindings[0].name.name if ctx.new.bindings else "binding"
    _compare(ctx, name, _security(ctx.old), _security(ctx.new))
    _compare(ctx, f"{name} (token variant)", ctx.old.token_security, ctx.new.token_security)


def _compare(ctx: Comparison, name: str, a: Security | None, b: Security | None) -> None:
    if summary(a) == summary(b):
        return
    ctx.emit(
        "security-policy-changed",
        f"{name}/policy",
        f"Security policy of {name} changed from {summary(a)} to {summary(b)}",
        summary(a),
        summary(b),
        AllOperations(),
        (a.location if a else None, b.location if b else None),
    )


def _security(contract: Contract) -> Security | None:
    return contract.bindings[0].security if contract.bindings else None


def summary(security: Security | None) -> str:
    """One line that differs exactly when what a message must carry differs."""
    if security is None:
        return "no policy"
    parts = ", ".join(sorted(security.signed_parts)) or "nothing"
    stamp = ", Timestamp" if security.include_timestamp else ""
    suite = f", {security.algorithm_suite}" if security.algorithm_suite else ""
    return f"{security.model} (signs {parts}{stamp}{suite})"
