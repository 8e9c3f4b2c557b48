"""XSD 1.0 regular expressions (``xs:pattern``) translated to Python ``re`` syntax.

The translation is elementpath's ``translate_pattern`` (the translator the ``xmlschema``
package uses) with the XML Schema options: no back-references, no lazy quantifiers, and
``^``/``$`` as ordinary characters, the whole pattern implicitly anchored. It handles ``\\d``,
``\\w``, ``\\i``, ``\\c``, ``\\p{..}`` categories and blocks, and character class subtraction
(``[a-z-[aeiou]]``). One correction on top: the translator leaves ``\\s``, ``\\w``, ``\\d``
and their negations outside character classes as Python escapes, whose meaning differs from
XSD's, so they are wrapped in a class first (`_bracket_escapes`), which it expands exactly.

The result is meant for ``re.fullmatch``: the translator's own anchoring wrapper
(``^(?:...)$(?!\\n\\Z)``) is replaced by a plain non-capturing group, which ``fullmatch``
anchors exactly. A pattern that cannot be translated (or whose translation Python rejects)
is a `ContractError` naming the simple type and its file and line; a wrong check is never
emitted.

elementpath's translations are kept between runs in the cache folder (``patterns-….json``, one
per installed copy of elementpath): importing elementpath is a tenth of a generation, and a
contract's patterns rarely change.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from generator.errors import ContractError
from generator.files import cache_folder, write_atomic
from generator.ir import Location, QName

_WRAP_START = "^(?:"
_WRAP_END = ")$(?!\\n\\Z)"


class PatternError(ValueError):
    """An XSD pattern that has no faithful Python translation."""


_PASSED_THROUGH = frozenset("sSwWdD")


def _bracket_escapes(pattern: str) -> str:
    """``\\s``, ``\\w``, ``\\d`` (and negations) outside character classes, as classes.

    The translator copies these escapes into the Python regex unchanged, but Python's
    meanings differ from XSD's: ``\\w`` matches ``_`` (XSD: no punctuation) and misses
    symbols such as ``+`` and ``€``; ``\\s`` matches more than XSD's four whitespace
    characters. Inside a character class the translator expands them to the XSD sets, so each
    is wrapped in one (``[\\w]``).
    """
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            escape = pattern[i : i + 2]
            out.append(f"[{escape}]" if depth == 0 and escape[1] in _PASSED_THROUGH else escape)
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]" and depth:
            depth -= 1
        out.append(ch)
        i += 1
    return "".join(out)


def translate(pattern: str) -> str:
    """The Python regex source equivalent to the XSD pattern, for use with ``re.fullmatch``.

    >>> translate(r"[0-9]{3}")
    '(?:[0-9]{3})'
    """
    translated = _translated(_bracket_escapes(pattern), pattern)
    if translated.startswith(_WRAP_START) and translated.endswith(_WRAP_END):
        translated = "(?:" + translated[len(_WRAP_START) : -len(_WRAP_END)] + ")"
    try:
        re.compile(translated)
    except re.error as exc:
        raise PatternError(f"translation {translated!r} is not a Python regex: {exc}") from None
    return translated


def _translated(source: str, pattern: str) -> str:
    """elementpath's translation of ``source``, from the cache of earlier runs when there."""
    known = _known()
    if source in known:
        return known[source]
    # elementpath is imported only here: importing it is a tenth of a generation
    from elementpath.regex import RegexError, translate_pattern

    try:
        translated: str = translate_pattern(
            source, back_references=False, lazy_quantifiers=False, anchors=False
        )
    except RegexError as exc:
        raise PatternError(str(exc)) from None
    except (IndexError, KeyError, ValueError) as exc:  # translator internals on odd input
        raise PatternError(f"cannot parse pattern {pattern!r}: {exc}") from None
    known[source] = translated
    _save(known)
    return translated


@cache
def _cache_file() -> Path | None:
    """Translations kept between runs, per installed copy of elementpath (the path, size and
    time of its ``__init__``: another version is another file). None without a cache folder."""
    spec = importlib.util.find_spec("elementpath")  # finds it without importing it
    if spec is None or spec.origin is None:
        return None
    try:
        stat = os.stat(spec.origin)
        folder = cache_folder()
    except (OSError, RuntimeError):  # no home folder
        return None
    where = f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"
    return folder / f"patterns-{hashlib.sha256(where.encode()).hexdigest()[:16]}.json"


@cache
def _known() -> dict[str, str]:
    file = _cache_file()
    try:
        data = json.loads(file.read_text(encoding="utf-8")) if file else {}
    except (OSError, ValueError):  # absent, unreadable or damaged: translate anew
        return {}
    ok = isinstance(data, dict) and all(isinstance(v, str) for v in data.values())
    return data if ok else {}


def _save(known: dict[str, str]) -> None:
    """Write the cache atomically (two generations may run at once); failing costs only speed."""
    file = _cache_file()
    if file is None:
        return
    try:
        write_atomic(file, json.dumps(known, sort_keys=True).encode())
    except OSError:
        pass


_EXACT = re.compile(r"\{[0-9]+\}")


def possessive(source: str) -> str:
    """``source`` with every exact repeat of a single-character atom made possessive
    (``[0-9]{8}`` → ``[0-9]{8}+``): the same language (an exact count of one character at a
    time can match in one way only), matched without backtracking bookkeeping, which makes
    ``re`` markedly faster on fixed-shape values such as UUIDs."""
    out: list[str] = []
    i, n = 0, len(source)
    atom = False  # the last thing written is a single-character atom
    while i < n:
        ch = source[i]
        if ch == "\\":
            size = {"x": 4, "u": 6, "U": 10}.get(source[i + 1], 2) if i + 1 < n else 1
            out.append(source[i : i + size])
            i += size
            atom = True
            continue
        if ch == "[":
            j = i + 1
            if j < n and source[j] == "^":
                j += 1
            if j < n and source[j] == "]":
                j += 1  # a leading ] is literal
            while j < n and source[j] != "]":
                j += 2 if source[j] == "\\" else 1
            out.append(source[i : j + 1])
            i = j + 1
            atom = True
            continue
        m = _EXACT.match(source, i) if ch == "{" else None
        if m is not None:
            out.append(m.group())
            i = m.end()
            if atom and (i >= n or source[i] not in "?+"):
                out.append("+")
            atom = False
            continue
        out.append(ch)
        i += 1
        atom = ch not in "()|*+?{}^$"
    return "".join(out)


_BAD = [(0x0, 0x8), (0xB, 0xC), (0xE, 0x1F), (0xD800, 0xDFFF), (0xFFFE, 0xFFFF)]


def _bad(low: int, high: int) -> bool:
    return any(low <= b_high and b_low <= high for b_low, b_high in _BAD)


def excludes_bad_chars(source: str) -> bool:
    """True when the regex can only match characters XML 1.0 can carry (so a value it
    accepts needs no separate character check). Conservative: ``.``, negated classes and
    category escapes count as "may match anything"."""
    from re import _parser  # type: ignore[attr-defined]

    def safe(items: object) -> bool:
        for op, arg in items:  # type: ignore[attr-defined]
            name = str(op)
            if name == "LITERAL":
                if _bad(arg, arg):
                    return False
            elif name == "IN":
                for item_op, item_arg in arg:
                    item = str(item_op)
                    if item == "LITERAL" and not _bad(item_arg, item_arg):
                        continue
                    if item == "RANGE" and not _bad(*item_arg):
                        continue
                    return False
            elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                if not safe(arg[2]):
                    return False
            elif name == "SUBPATTERN":
                if not safe(arg[-1]):
                    return False
            elif name == "ATOMIC_GROUP":
                if not safe(arg):
                    return False
            elif name == "BRANCH":
                if not all(safe(branch) for branch in arg[1]):
                    return False
            elif name != "AT":
                return False
        return True

    return safe(_parser.parse(source))


def translate_all(
    patterns: Sequence[str], type_name: QName | str, location: Location | None
) -> list[str]:
    """Translate every pattern step of one simple type; a failure names the type's file:line.

    ``patterns`` holds one entry per derivation step (alternatives of one step already
    joined with ``|``); a value must match every entry.
    """
    name = type_name.name if isinstance(type_name, QName) else type_name
    result: list[str] = []
    for pattern in patterns:
        try:
            result.append(possessive(translate(pattern)))
        except PatternError as exc:
            raise ContractError.at(
                f"simple type '{name}': xs:pattern \"{pattern}\" cannot be translated to a "
                f"Python regular expression ({exc}); refusing to generate a wrong check",
                location,
            ) from None
    return result
