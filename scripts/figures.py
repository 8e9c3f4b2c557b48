"""Measured figures in the docs: replace the text between two markers of a Markdown file.

``<!-- figures:NAME -->`` … ``<!-- /figures:NAME -->`` enclose what a measuring script
(``scripts/hostile_matrix.py``, ``scripts/soak_mock.py``) wrote last; the rest of the file
is left alone.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECURITY = ROOT / "docs" / "security.md"


def import_paths() -> None:
    """Make the tests' helpers and the committed SDK importable, as in the test suite."""
    for path in (ROOT / "generated" / "ky_kontanthjaelp" / "src", ROOT / "tests", ROOT):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))


def machine() -> str:
    """One line: the software and machine the figures come from."""
    import lxml.etree as etree

    libxml = ".".join(map(str, etree.LIBXML_VERSION))
    lxml = ".".join(map(str, etree.LXML_VERSION[:3]))
    return (
        f"CPython {platform.python_version()}, lxml {lxml}, libxml2 {libxml}, "
        f"{platform.machine()}, load average {' / '.join(f'{x:.1f}' for x in _load())}"
    )


def _load() -> tuple[float, ...]:
    try:
        return tuple(float(x) for x in Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ()


def write(name: str, text: str, path: Path = SECURITY) -> None:
    """Put ``text`` between the ``figures:NAME`` markers of ``path``."""
    start, end = f"<!-- figures:{name} -->", f"<!-- /figures:{name} -->"
    document = path.read_text(encoding="utf-8")
    if start not in document or end not in document:
        raise SystemExit(f"{path}: markers {start} … {end} not found")
    before, rest = document.split(start, 1)
    after = rest.split(end, 1)[1]
    path.write_text(f"{before}{start}\n{text.strip()}\n{end}{after}", encoding="utf-8")
    print(f"wrote the {name} figures into {path.relative_to(ROOT)}")
