"""Python source fragments the emitter writes: literals, f-strings and conditions.

Every string literal in generated code comes from `literal` (or `fstring`, `regex`), so the
quoting rules live in one place: double quotes (black's choice, so the formatter leaves them),
printable characters as they are, everything else escaped.

Conditions are data (`Cond`, `Expr`, `All`): they print themselves and know their negation,
so no code is ever negated, split or searched as text. Every fragment (`Code` too) records the
names it takes from outside the generated module (``uses``), so a module's imports are the
union of what its fragments recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# -- literals ----------------------------------------------------------------------------------


def _escape(text: str, ascii_only: bool = False) -> str:
    """``text`` inside double quotes: backslash, quote and non-printable characters escaped
    (with ``ascii_only``, every non-ASCII character too)."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        if text.isascii() or not ascii_only:
            return text  # the common case, without a loop per character
    out = []
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch.isprintable() and (ch.isascii() or not ascii_only):
            out.append(ch)
        else:
            out.append(ascii(ch)[1:-1])  # \n, \t, \x00, \u2028, ...
    return "".join(out)


def literal(text: str | None) -> str:
    """A double-quoted Python string literal of ``text`` (``None`` for None)."""
    return "None" if text is None else f'"{_escape(text)}"'


def fstring(*parts: str | tuple[str]) -> str:
    """An f-string: plain ``str`` parts are text, 1-tuples are expressions."""
    out = []
    for part in parts:
        if isinstance(part, tuple):
            out.append("{" + part[0] + "}")
        else:
            out.append(_escape(part).replace("{", "{{").replace("}", "}}"))
    return 'f"' + "".join(out) + '"'


def regex(source: str) -> str:
    """A literal of a regular expression: raw (and so readable) when it can be, else with
    every non-ASCII character escaped (a class of look-alike letters reads better as codes)."""
    if source.isascii() and source.isprintable() and '"' not in source:
        if not source.endswith("\\"):
            return f'r"{source}"'
    return f'"{_escape(source, ascii_only=True)}"'


# -- conditions --------------------------------------------------------------------------------

_OPPOSITE = {
    "==": "!=",
    "!=": "==",
    "<": ">=",
    ">=": "<",
    ">": "<=",
    "<=": ">",
    "in": "not in",
    "not in": "in",
    "is": "is not",
    "is not": "is",
}


Uses = frozenset[str]
NONE: Uses = frozenset()


@dataclass(frozen=True)
class Code:
    """A statement or expression, and the outside names it uses."""

    text: str
    uses: Uses = NONE

    def __str__(self) -> str:
        return self.text

    def format(self, **names: str) -> Code:
        return Code(self.text.format(**names), self.uses)


@dataclass(frozen=True)
class Cond:
    """A comparison ``left op right``; its negation flips the operator."""

    left: str
    op: str
    right: str
    uses: Uses = NONE

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"

    def negate(self) -> Cond:
        return Cond(self.left, _OPPOSITE[self.op], self.right, self.uses)

    def format(self, **names: str) -> Cond:
        """Placeholders (``{v}``, ``{lex}``, …) of both sides filled in."""
        return Cond(self.left.format(**names), self.op, self.right.format(**names), self.uses)

    @property
    def exact_type(self) -> bool:
        """``type(v) is X``: false for None too."""
        return self.left == "type(v)" and self.op == "is"


@dataclass(frozen=True)
class Expr:
    """Any other boolean expression (a call, a chained comparison, a parenthesised ``or``);
    ``negated`` puts ``not`` in front."""

    code: str
    negated: bool = False
    uses: Uses = NONE

    def __str__(self) -> str:
        return f"not {self.code}" if self.negated else self.code

    def negate(self) -> Expr:
        return Expr(self.code, not self.negated, self.uses)

    def format(self, **names: str) -> Expr:
        return Expr(self.code.format(**names), self.negated, self.uses)

    @property
    def exact_type(self) -> bool:
        return False


Atom = Cond | Expr


@dataclass(frozen=True)
class All:
    """A conjunction; negated as a whole (``not (a and b)``) unless it has one part."""

    parts: tuple[Atom, ...]

    def __str__(self) -> str:
        return " and ".join(map(str, self.parts))

    @property
    def uses(self) -> Uses:
        return frozenset().union(*(p.uses for p in self.parts))

    def negate(self) -> Atom:
        if len(self.parts) == 1:
            return self.parts[0].negate()
        return Expr(f"({self})", negated=True, uses=self.uses)

    def __add__(self, other: All) -> All:
        return All(self.parts + other.parts)


def conjunction(*parts: Atom) -> All:
    return All(parts)


# -- functions ---------------------------------------------------------------------------------


@dataclass
class Function:
    """A generated function: ``def {signature}:`` and its body, without indentation."""

    signature: str
    lines: list[str]
    doc: str | None = None

    @property
    def body(self) -> str:
        return "\n".join(self.lines) or ("" if self.doc else "pass")


@dataclass
class Body:
    """Lines of a function under construction, and the outside names they use."""

    uses: set[str]
    lines: list[str] = field(default_factory=list)

    def add(self, depth: int, line: str | Code, *uses: Uses | str) -> None:
        """Line ``line`` at indentation ``depth``; ``uses``: fragments' or plain names."""
        self.lines.append("    " * depth + str(line))
        if isinstance(line, Code):
            self.uses.update(line.uses)
        for u in uses:
            self.uses.update({u} if isinstance(u, str) else u)
