"""Render the templates of ``templates/sdk`` into file contents, and format the Python.

Template folders and what they produce (the output path is the template path minus ``.j2``):

* ``dist/``     → the distribution root (pyproject.toml, README.md); context ``sdk``
* ``package/``  → ``src/<package>/``; context ``sdk``
* ``version/``  → the version's package (``src/<package>/v2_8/``); context ``v`` and ``sdk``

A template that does not apply to a contract calls ``{{ skip_file() }}`` and writes no file.

The runtime is no template: ``generator/sdk_runtime/*.py`` is copied unchanged into
``src/<package>/_runtime/`` (``runtime_files``), after formatting, so the SDK carries the
very bytes that the project's black, ruff and mypy --strict checks passed.

Templates are looked up in the installed wheel first (``generator/_templates``), then in the
checkout (top-level ``templates``).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generator.emit.pycode import literal
from generator.errors import KygenError
from generator.files import cache_folder

PACKAGE_DIR = Path(__file__).resolve().parents[1]
RUNTIME_DIR = PACKAGE_DIR / "sdk_runtime"
TEMPLATE_DIRS = (PACKAGE_DIR / "_templates", PACKAGE_DIR.parent / "templates")
LINE_LENGTH = 100
# ruff's formatter writes black's style (tests/emit/test_static.py has black check the output)
# in a fraction of the time: black was 90 % of a generation. --isolated: no config file of the
# machine or of a parent folder may change the output.
_RUFF_FORMAT = [
    sys.executable,
    "-m",
    "ruff",
    "format",
    "--isolated",
    "--no-cache",
    "--quiet",
    f"--line-length={LINE_LENGTH}",
    "--target-version=py311",
]


class SkipFile(Exception):
    """Raised by ``{{ skip_file() }}``: the template produces no file for this context."""


def _skip_file() -> str:
    raise SkipFile


def template_root() -> Path:
    for folder in TEMPLATE_DIRS:
        if (folder / "sdk").is_dir():
            return folder
    raise KygenError(f"SDK templates not found (looked in {', '.join(map(str, TEMPLATE_DIRS))})")


def docstring(text: str | None, indent: int = 4) -> str:
    """A triple-quoted docstring of ``text``, paragraphs wrapped to fit the line length."""
    if not text:
        return ""
    width = LINE_LENGTH - indent - 3
    paragraphs = [" ".join(p.split()) for p in text.replace("\r", "").split("\n\n")]
    wrapped = "\n\n".join(
        textwrap.fill(p, width=width, break_long_words=False, break_on_hyphens=False)
        for p in paragraphs
        if p
    )
    wrapped = wrapped.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if wrapped.endswith('"'):
        wrapped += " "
    pad = " " * indent
    lines = wrapped.split("\n")
    if len(lines) == 1 and len(lines[0]) + indent + 6 <= LINE_LENGTH:
        return f'"""{lines[0]}"""'
    body = "\n".join((pad + line) if line else "" for line in lines)
    return f'"""{body.lstrip()}\n{pad}"""'


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, as Python keeps ``__pycache__``: compiling them is
    a fifth of a generation. Jinja keys each entry by the template's source checksum (and the
    Python version), so an edited template is compiled anew; a cache that cannot be written
    costs only speed."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_cache() -> jinja2.BytecodeCache | None:
    try:
        folder = cache_folder() / f"templates-jinja-{jinja2.__version__}"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # no home folder, or a read-only one
        return None
    return _TemplateCache(str(folder))


@cache
def environment(root: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        bytecode_cache=_template_cache(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["literal"] = literal
    env.filters["docstring"] = docstring
    # A template that does not apply (say, a client for a contract without KY's message
    # shape) calls {{ skip_file() }} and no file is written.
    env.globals["skip_file"] = _skip_file
    return env


def templates(folder: str) -> list[str]:
    """Template names under ``sdk/<folder>``, sorted (so output order is stable)."""
    root = template_root()
    base = root / "sdk" / folder
    if not base.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in base.rglob("*.j2") if p.is_file())


def runtime_files(target: str) -> dict[str, bytes]:
    """The SDK runtime's modules, byte for byte; keys are paths under ``target``."""
    return {f"{target}/{p.name}": p.read_bytes() for p in sorted(RUNTIME_DIR.glob("*.py"))}


def render(name: str, **context: Any) -> str:
    env = environment(template_root())
    try:
        return env.get_template(name).render(**context)
    except SkipFile:
        raise
    except jinja2.TemplateError as exc:
        raise KygenError(f"template {name}: {exc}") from exc


def format_files(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """``files`` with every ``.py`` formatted (black's style), in one formatter run."""
    python = sorted(path for path in files if path.endswith(".py"))
    out = dict(files)
    if not python:
        return out
    with tempfile.TemporaryDirectory(prefix="kygen-format-") as tmp:
        root = Path(tmp)
        for path in python:
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[path])
        run = subprocess.run(
            [*_RUFF_FORMAT, "--", *python], cwd=root, capture_output=True, text=True, check=False
        )
        if run.returncode != 0:
            raise KygenError(f"generated code is not valid Python: {_first_error(run.stderr)}")
        for path in python:
            out[path] = (root / path).read_bytes()
    return out


def format_python(source: str, origin: str) -> str:
    """One file's source formatted; ``origin`` names it in an error."""
    return format_files({origin: source.encode("utf-8")})[origin].decode("utf-8")


def _first_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    first = next((line for line in lines if line.startswith("error:")), lines[0] if lines else "")
    return re.sub(r"^error:\s*(Failed to parse\s*)?", "", first) or "the formatter failed"


def render_folder(folder: str, target: str, **context: Any) -> dict[str, bytes]:
    """Every template of ``sdk/<folder>`` rendered, unformatted; keys are paths under ``target``."""
    out: dict[str, bytes] = {}
    prefix = f"sdk/{folder}/"
    for name in templates(folder):
        relative = name[len(prefix) : -len(".j2")]
        try:
            text = render(name, **context)
        except SkipFile:
            continue
        out[f"{target}/{relative}" if target else relative] = text.encode("utf-8")
    return out
