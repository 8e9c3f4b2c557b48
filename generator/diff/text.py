"""Small text helpers for messages."""

from __future__ import annotations


def normalized(doc: str | None) -> str | None:
    """Documentation compared by words: re-indenting or re-wrapping is not a change."""
    return " ".join(doc.split()) or None if doc else None


def quoted(value: str) -> str:
    return f"'{value}'"


def occurs(value: int | None) -> str:
    return "unbounded" if value is None else str(value)


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def shown(value: str | None) -> str:
    """An old or new value in a plain-text report: quoted, or ``-`` when there is none."""
    return "-" if value is None else repr(value)
