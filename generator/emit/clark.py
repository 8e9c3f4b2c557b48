"""Clark names (``{namespace}local``) as module constants of a generated module.

``validate.py`` and ``xml.py`` compare element tags with these: one ``_NS1 = "{…}"`` per
namespace, one ``_T_Local = _NS1 + "Local"`` per element or attribute name, one ``_TYPE_Local``
per type name, so a person reads ``tag == _T_AktivitetID`` instead of the full URI, and a
namespace is spelt once per module.
"""

from __future__ import annotations

from generator.emit import naming
from generator.emit.pycode import literal


class ClarkConstants:
    """The constants one module declares, handed out as its plans ask for names."""

    def __init__(self) -> None:
        self.names = naming.Allocator()
        self.tags: dict[str, str] = {}  # Clark name → constant
        self.types: dict[str, str] = {}

    def tag(self, clark: str, name: str = "") -> str:
        """The constant of an element or attribute name (``name``: the one it should get)."""
        return self._claim(self.tags, clark, "_T_", name)

    def type(self, clark: str) -> str:
        return self._claim(self.types, clark, "_TYPE_")

    def _claim(self, table: dict[str, str], clark: str, prefix: str, name: str = "") -> str:
        const = table.get(clark)
        if const is None:
            const = self.names.claim(name or prefix + naming.pascal(clark.rpartition("}")[2]))
            table[clark] = const
        return const

    @property
    def _namespaces(self) -> dict[str, str]:
        # numbered once every name is known, so only the printed rows name them
        clarks = [*self.tags, *self.types]
        found = {c[1:].partition("}")[0] for c in clarks if c.startswith("{")}
        return {ns: f"_NS{i}" for i, ns in enumerate(sorted(found), 1)}

    @staticmethod
    def _code(clark: str, namespaces: dict[str, str]) -> str:
        """Code of a Clark name: its namespace's constant plus the local name."""
        if not clark.startswith("{"):
            return literal(clark)
        ns, _, name = clark[1:].partition("}")
        return f"{namespaces[ns]} + {literal(name)}"

    @property
    def tag_rows(self) -> list[tuple[str, str]]:
        """Namespace constants (``_NS1``) first, then one constant per element name."""
        namespaces = self._namespaces
        rows = [(c, literal("{" + ns + "}")) for ns, c in namespaces.items()]
        for clark, const in sorted(self.tags.items(), key=lambda item: item[1]):
            rows.append((const, self._code(clark, namespaces)))
        return rows

    @property
    def type_rows(self) -> list[tuple[str, str]]:
        namespaces = self._namespaces
        return sorted((c, self._code(t, namespaces)) for t, c in self.types.items())
