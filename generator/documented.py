"""Every definition of a contract version we author carries its Danish ``xs:documentation``.

A version folder (one with a ``contract.toml``) is written in KOMBIT's style, where each
element, type, attribute and enumeration value is documented: the SDK turns those texts into
docstrings and the change report quotes them. A bare WSDL (someone else's contract) is not
held to this.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator import ir
from generator.errors import ContractError


def undocumented(contract: ir.Contract) -> Iterator[tuple[str, ir.Location | None]]:
    """What in ``contract`` has no documentation, with where it is declared."""
    for e in contract.elements:
        if not e.doc:
            yield f"element '{e.name.name}'", e.location
    for ct in contract.complex_types:
        if not ct.anonymous and not ct.doc:
            yield f"type '{ct.name.name}'", ct.location
        for a in ct.attributes:
            if not a.doc:
                yield f"attribute '{a.name.name}' of '{ct.name.name}'", a.location
        if ct.particle is not None:
            yield from _particles(ct.particle)
    for st in contract.simple_types:
        if not st.anonymous and not st.doc:
            yield f"type '{st.name.name}'", st.location
        for value in st.facets.enumeration:
            if not value.doc:
                yield f"enumeration value '{value.value}' of '{st.name.name}'", value.location


def _particles(group: ir.ModelGroup) -> Iterator[tuple[str, ir.Location | None]]:
    for p in group.particles:
        if isinstance(p, ir.ModelGroup):
            yield from _particles(p)
        elif isinstance(p, ir.ElementParticle) and not p.ref and not p.doc:
            yield f"element '{p.name.name}'", p.location


def require_documented(contract: ir.Contract) -> None:
    """Exit 2 at the first undocumented definition (file and line)."""
    for what, location in undocumented(contract):
        raise ContractError.at(
            f"{what} has no xs:documentation (a contract version documents every element, "
            "type, attribute and enumeration value; see CONTRIBUTING.md)",
            location,
        )
