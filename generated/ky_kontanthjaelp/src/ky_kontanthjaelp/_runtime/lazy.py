"""Names a module re-exports but imports on first use (PEP 562 module ``__getattr__``).

The client and the mock load the HTTP stack, a ``Token`` the token stack (cryptography, XML
signatures): a program that only builds, writes and validates messages never pays for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    names: Mapping[str, str], package: str | None, namespace: dict[str, Any]
) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports ``name`` from ``names[name]`` (a relative module
    path, resolved against ``package``) when first asked for, and keeps it in ``namespace``."""

    def __getattr__(name: str) -> object:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    return __getattr__
