"""Code plans for a version's ``xml.py``: one writer and one reader function per class.

The plans are specialised all the way down, because ``to_xml``/``from_xml`` are the hot path
of every integration: `generator.emit.xmlwrite` plans the writers, `generator.emit.xmlread`
the readers, `generator.emit.xmlbase` holds what both share. `XmlModule` assembles them.

Templates print the functions (`Function.signature`, `Function.lines`); everything about
their content is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.emit import naming
from generator.emit.views import VersionView
from generator.emit.xmlbase import defined_in, members_name, root_writer_name
from generator.emit.xmlread import ReaderPlan
from generator.emit.xmlwrite import WriterPlan
from generator.sdk_runtime import lexical as runtime_lexical
from generator.sdk_runtime import xmlparse as runtime_xmlparse

# A runtime name the plans used is imported from the runtime module that defines it.
LEXICAL = defined_in(runtime_lexical)
PARSE = defined_in(runtime_xmlparse)
TYPE_IMPORTS = {"datetime": "import datetime", "Decimal": "from decimal import Decimal"}


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
    tag: str  # the constant of its Clark name
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
        writers = WriterPlan(v, utf8=self.utf8)
        self.writers = writers.functions()
        readers = ReaderPlan(v)
        self.readers = readers.functions()
        self.roots = [
            Root(readers.clark.tag(c.xml_name), c.name, root_writer_name(c), readers.reader_of(c))
            for c in v.classes
            if c.xml_name
        ]
        self.tag_constants = readers.clark.tag_rows
        self.members = [(members_name(e), e) for e in sorted(readers.enums_read)]
        # every name the plans wrote into code, from outside the module
        uses = writers.uses | readers.uses | readers.enums_read | {r.cls for r in self.roots}
        if self.members:
            uses.add("Members")
        models = {c.name for c in v.classes} | {e.name for e in v.enums}
        self.model_imports = sorted(uses & models, key=naming.isort_key)
        # Readers annotate their locals with these; annotations are never evaluated at run time.
        self.type_imports = [line for name, line in TYPE_IMPORTS.items() if name in uses]
        runtime = uses - models - TYPE_IMPORTS.keys()
        assert runtime <= LEXICAL | PARSE, f"not in the runtime: {runtime - LEXICAL - PARSE}"
        self.lexical_imports = sorted(runtime & LEXICAL, key=naming.isort_key)
        self.parse_imports = sorted(runtime & PARSE, key=naming.isort_key)
