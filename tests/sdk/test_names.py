"""The SDK's public names: one name means one thing, exceptions say so, everything is documented.

Issue 15, item 1: ``ky_kontanthjaelp.ServiceplatformFault`` was the exception and
``ky_kontanthjaelp.v2_8.ServiceplatformFault`` the fault detail's dataclass, so ``except`` on
the wrong one raised TypeError the moment a real fault arrived.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from types import ModuleType

import ky_kontanthjaelp
import pytest

PACKAGE = ky_kontanthjaelp.__name__
README = Path(ky_kontanthjaelp.__file__).parents[2] / "README.md"
VERSIONS = sorted(
    m.name for m in pkgutil.iter_modules(ky_kontanthjaelp.__path__) if not m.name.startswith("_")
)
ERRORISH = re.compile(r"Error|Fault|Rejected|Exception|Failure")


def public_modules(version: str) -> list[ModuleType]:
    """The package and every public module of one version package (what a vendor imports)."""
    root = importlib.import_module(f"{PACKAGE}.{version}")
    names = [root.__name__] + [
        m.name
        for m in pkgutil.walk_packages(root.__path__, f"{root.__name__}.")
        if not any(part.startswith("_") for part in m.name.split("."))
    ]
    return [ky_kontanthjaelp] + [importlib.import_module(n) for n in names]


def exported(module: ModuleType) -> dict[str, object]:
    return {name: getattr(module, name) for name in getattr(module, "__all__", [])}


def data_names_in_readme() -> set[str]:
    """The names the README's "Names" section lists as data, not exceptions."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Names", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`(\w+)`", section))


@pytest.mark.parametrize("version", VERSIONS)
def test_a_name_means_one_thing_across_the_modules_of_a_version(version: str) -> None:
    seen: dict[str, tuple[object, str]] = {}
    for module in public_modules(version):
        for name, value in exported(module).items():
            if name in seen and isinstance(value, type):
                first, where = seen[name]
                assert first is value, f"{name}: {where}.{name} and {module.__name__}.{name} differ"
            seen.setdefault(name, (value, module.__name__))


@pytest.mark.parametrize("version", VERSIONS)
def test_errorish_names_are_exceptions_ending_in_error_or_documented_data(version: str) -> None:
    data = data_names_in_readme()
    for module in public_modules(version):
        for name, value in exported(module).items():
            if isinstance(value, type) and issubclass(value, BaseException):
                assert name.endswith("Error"), f"{module.__name__}.{name}: an exception"
            elif ERRORISH.search(name):
                assert name in data, f"{module.__name__}.{name} is data: list it in README Names"


def test_the_exception_and_the_fault_detail_are_told_apart() -> None:
    from ky_kontanthjaelp import ServiceplatformFaultError
    from ky_kontanthjaelp.v2_8 import ServiceplatformFault

    assert issubclass(ServiceplatformFaultError, ky_kontanthjaelp.KyError)
    assert not issubclass(ServiceplatformFault, BaseException)
    assert not hasattr(ky_kontanthjaelp, "ServiceplatformFault")


def documented_assignments(module: ModuleType) -> set[str]:
    """Names assigned at module level with a string right after them (an attribute docstring)."""
    tree = ast.parse(inspect.getsource(module))
    found = set()
    for node, after in zip(tree.body, tree.body[1:], strict=False):
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        is_doc = isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
        if isinstance(node, ast.Assign | ast.AnnAssign) and is_doc:
            found |= {t.id for t in targets if isinstance(t, ast.Name)}
    return found


@pytest.mark.parametrize("version", VERSIONS)
def test_every_public_name_of_a_version_package_has_a_docstring(version: str) -> None:
    package = importlib.import_module(f"{PACKAGE}.{version}")
    undocumented = []
    for name, value in exported(package).items():
        if inspect.isclass(value) or inspect.isroutine(value) or inspect.ismodule(value):
            doc = value.__doc__ or ""
            if not doc.strip() or doc.startswith(f"{name}("):  # a dataclass's generated doc
                undocumented.append(name)
        else:
            home = inspect.getmodule(value) or package
            owners = {package, *(m for m in public_modules(version) if name in vars(m))}
            if not any(name in documented_assignments(m) for m in owners | {home}):
                undocumented.append(name)
    assert not undocumented, f"{package.__name__}: no docstring for {undocumented}"
