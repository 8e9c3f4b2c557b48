"""Code plans for a version's ``xml.py``: one writer and one reader function per class.

The plans are specialised all the way down, because ``to_xml``/``from_xml`` are the hot path
of every integration: `generator.emit.xmlwrite` plans the writers, `generator.emit.xmlread`
the readers, `generator.emit.xmlbase` holds what both share. `XmlModule` assembles them.

Templates print the functions (`Function.signature`, `Function.lines`); everything about
their content is decided here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.emit import naming
from generator.emit.views import VersionView
from generator.emit.xmlbase import Function, members_name, root_writer_name
from generator.emit.xmlread import ReaderPlan
from generator.emit.xmlwrite import WriterPlan

# Runtime helpers a generated module may call; it imports exactly those its code names.
LEXICAL_HELPERS = re.compile(
    r"\b((?:parse|format)_[a-z0-9_]+|decimal_text|escape_(?:text|attr)(?:_utf8)?|utf8_chars(?:_of)?|collapse|replace_ws)\("
)
PARSE_HELPERS = re.compile(
    r"\b(bad_value|unknown|out_of_order|missing|missing_attribute|conflict|check_attributes|check_leaf|raw)\("
)


def helpers_used(functions: list[Function], pattern: re.Pattern[str]) -> list[str]:
    found: set[str] = set()
    for fn in functions:
        for line in fn.lines:
            found.update(pattern.findall(line))
    return sorted(found)


def ascii_markup(v: VersionView) -> bool:
    """Every text the writers hold as a constant is ASCII: element and attribute names,
    namespaces and their prefixes, enumeration values."""
    texts = [*v.namespaces, *v.namespaces.values()]
    texts += [m.lexical + str(m.value) for e in v.enums for m in e.members]
    for cls in v.classes:
        texts += [cls.xml_name or ""] + [f.xml_name or "" for f in cls.fields]
    return all(text.isascii() for text in texts)


@dataclass
class Root:
    xml_name: str
    cls: str
    writer: str
    reader: str


class XmlModule:
    """Everything ``xml.py`` holds: writers, readers, roots, and the names it imports."""

    def __init__(self, v: VersionView) -> None:
        # UTF-8-chars mode: writers build a str whose every character stands for one byte
        # of the UTF-8 output (non-ASCII values become the characters of their UTF-8
        # bytes), so to_xml's final encode is a copy (latin-1) instead of the per-character
        # UTF-8 encoder, which was a fifth of to_xml on a document with one "ø". Only when
        # every constant the writers hold (tags, namespaces, enumeration values) is ASCII.
        self.utf8 = ascii_markup(v)
        self.writers = WriterPlan(v, utf8=self.utf8).functions()
        readers = ReaderPlan(v)
        self.readers = readers.functions()
        self.roots = [
            Root(c.xml_name, c.name, root_writer_name(c), readers.reader_of(c))
            for c in v.classes
            if c.xml_name
        ]
        functions = self.writers + self.readers
        self.members = [(members_name(e), e) for e in sorted(readers.enums_read)]
        # isort order (ruff's "order by type"): the class before the functions.
        constants = [
            name
            for name in ("DATE_TEXT", "DECIMAL_CHARS")
            if any(name in line for fn in functions for line in fn.lines)
        ]
        self.lexical_imports = (
            constants
            + (["Members"] if self.members else [])
            + helpers_used(functions, LEXICAL_HELPERS)
        )
        self.parse_imports = helpers_used(functions, PARSE_HELPERS)
        known = {c.name for c in v.classes} | {e.name for e in v.enums}
        used: set[str] = {r.cls for r in self.roots} | readers.enums_read
        for fn in functions:
            for text in [fn.signature, *fn.lines]:
                used.update(w for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text) if w in known)
        self.model_imports = sorted(used, key=naming.isort_key)
        # Readers annotate their locals with these; annotations are never evaluated at run time.
        text = "\n".join(line for fn in functions for line in fn.lines)
        self.type_imports = [
            line
            for needed, line in (
                ("datetime.", "import datetime"),
                ("Decimal", "from decimal import Decimal"),
            )
            if needed in text
        ]
