"""Python identifiers from XML names: PascalCase classes, snake_case fields, enum members.

Danish letters are folded to their conventional ASCII spelling (æ → ae, ø → oe, å → aa)
before anything else, so ``Fravær`` and ``Fravaer`` name the same thing; other accents are
dropped. All functions are pure: the same XML name always gives the same identifier.
"""

from __future__ import annotations

import keyword
import re
import unicodedata

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
_WORD_SPLIT = re.compile(r"[^0-9A-Za-z]+")
_RUNS = re.compile(r"[A-Z]+|[a-z]+|[0-9]+")
_VOWELS = frozenset("AEIOUYaeiouy")

# Names the generated modules bind themselves; a field with one of these names would shadow
# it inside the class body (dataclass defaults call `field`, annotations name the builtins).
RESERVED_FIELDS = frozenset(
    {"datetime", "decimal", "enum", "field", "dataclass", "str", "int", "bool", "float", "bytes"}
    | {"list", "object", "type", "ClassVar", "XML_NAME"}
)


def fold(text: str) -> str:
    """ASCII spelling of a name: Danish letters folded, other accents stripped."""
    text = text.translate(_DANISH)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii())


def words(name: str) -> list[str]:
    """The words of an XML name: split at separators and CamelCase boundaries.

    An upper-case run followed by lower case is either an acronym glued to a lower-case word
    (``CPRnummer``, ``UUIDtype``: KOMBIT style) or an acronym followed by a capitalised word
    (``CVRNumber``, ``KLEEmne``). The last capital starts the word when it, or the letter after
    it, is a vowel: ``CPR|nummer``, ``UUID|type``, ``CVR|Number``, ``KLE|Emne``, ``KY|Sag``.
    """
    result: list[str] = []
    for part in _WORD_SPLIT.split(fold(name)):
        runs = _RUNS.findall(part)
        current = ""
        for i, run in enumerate(runs):
            if run.isupper():
                nxt = runs[i + 1] if i + 1 < len(runs) else ""
                if nxt.islower() and len(run) > 1 and (run[-1] in _VOWELS or nxt[0] in _VOWELS):
                    result.extend(w for w in (current, run[:-1]) if w)
                    current = run[-1]
                elif nxt.islower() and len(run) == 1:
                    result.extend(w for w in (current,) if w)
                    current = run
                else:
                    result.extend(w for w in (current, run) if w)
                    current = ""
            elif run.islower():
                current += run
                result.append(current)
                current = ""
            else:  # digits stick to the word before them: Fyldt30Aar → Fyldt30|Aar
                if result and not current:
                    result[-1] += run
                else:
                    current += run
        if current:
            result.append(current)
    return result


def snake(name: str) -> str:
    """A snake_case field name that is a valid, non-reserved identifier."""
    ident = "_".join(w.lower() for w in words(name)) or "value"
    if ident[0].isdigit():
        ident = f"v{ident}"
    if keyword.iskeyword(ident) or keyword.issoftkeyword(ident) or ident in RESERVED_FIELDS:
        ident += "_"
    return ident


def pascal(name: str) -> str:
    """A PascalCase class name that keeps the XML name's own capitals (``CPRnummerType``)."""
    parts = [p[0].upper() + p[1:] for p in _WORD_SPLIT.split(fold(name)) if p]
    ident = "".join(parts) or "Anonymous"
    return f"T{ident}" if ident[0].isdigit() else ident


def constant(value: str) -> str:
    """An UPPER_SNAKE enum member name for an enumeration value."""
    ident = "_".join(w.upper() for w in words(value))
    if not ident:
        return "EMPTY"
    if ident[0].isdigit():
        ident = f"V{ident}"
    # ``I`` and ``O`` read like 1 and 0 (ruff E741): ``O_``.
    return ident + "_" if keyword.iskeyword(ident) or ident in ("I", "O") else ident


def isort_key(name: str) -> tuple[int, list[tuple[int, int | str]], list[tuple[int, int | str]]]:
    """Sort key of an imported name in ruff's isort order: CONSTANTS, Classes, functions, each
    case-insensitively in natural order (``Type2`` before ``Type10``), the exact name last."""
    if len(name) > 1 and name.isupper():
        kind = 0
    else:
        kind = 1 if name[:1].isupper() else 2

    def natural(text: str) -> list[tuple[int, int | str]]:
        runs = re.findall(r"\d+|\D+", text)
        return [(0, int(run)) if run.isdigit() else (1, run) for run in runs]

    return kind, natural(name.lower()), natural(name)


def numeric_member(value: str) -> str:
    """Member name for a numeric enumeration value: ``V1``, ``V90``, ``V_MINUS_1``."""
    text = value.strip()
    sign = "MINUS_" if text.startswith("-") else ""
    digits = re.sub(r"[^0-9A-Za-z]+", "_", text.lstrip("+-")).strip("_")
    return f"V{'_' + sign if sign else ''}{digits}"


def namespace_word(namespace: str) -> str:
    """A short PascalCase word for a namespace, to tell same-named types apart.

    ``http://serviceplatformen.dk/xml/schemas/InvocationContext/1/`` → ``InvocationContext``;
    ``urn:oio:dkal:1.0.0`` → ``Dkal``. Version-like segments are skipped.
    """
    segments = [s for s in re.split(r"[/:#]+", namespace) if s]
    for segment in reversed(segments):
        if re.fullmatch(r"[vV]?[0-9][0-9.\-_]*", segment) or segment in ("types", "schemas", "xml"):
            continue
        if "." in segment and not segment[0].isupper():  # a host name: take its first label
            segment = segment.split(".")[0]
        return pascal(segment)
    return "Ns"


class Allocator:
    """Hands out unique names in one scope: the first claimant gets the plain name."""

    def __init__(self, taken: frozenset[str] | set[str] = frozenset()) -> None:
        self._taken = set(taken)

    def __contains__(self, name: str) -> bool:
        return name in self._taken

    def claim(self, *candidates: str) -> str:
        """The first free candidate, else the last one with a number (``Name2``, ``Name3``)."""
        for candidate in candidates:
            if candidate not in self._taken:
                self._taken.add(candidate)
                return candidate
        base = candidates[-1]
        sep = "_" if base[-1].isdigit() or base.islower() or "_" in base else ""
        n = 2
        while f"{base}{sep}{n}" in self._taken:
            n += 1
        self._taken.add(f"{base}{sep}{n}")
        return f"{base}{sep}{n}"
