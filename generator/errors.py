"""Errors meant for people: each names the file, the line where there is one, and the problem."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class KygenError(Exception):
    """A problem the user can fix; the CLI prints it and exits 2 (no traceback)."""

    exit_code = 2

    def __init__(self, message: str, file: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line

    def __str__(self) -> str:
        where = self.file or ""
        if where and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


class Located(Protocol):
    """Where a definition is written (``generator.ir.Location``)."""

    @property
    def file(self) -> str: ...

    @property
    def line(self) -> int: ...


class ContractError(KygenError):
    """The contract (WSDL, XSD, contract.toml) is broken or uses something unsupported."""

    @classmethod
    def at(cls, message: str, location: Located | None) -> ContractError:
        """The error at a definition's file and line, when the definition has a location."""
        if location is None:
            return cls(message)
        return cls(message, location.file, location.line)


class UsageError(KygenError):
    """A command was given a reference or option that does not resolve."""
