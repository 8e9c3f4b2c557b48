"""What the SDK's README (the vendor's manual) and its examples/ say that follows from the
contracts: which version the examples use, the names that are data, KY's duplicate code."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.emit.views import SdkView, VersionView

# Names a reader takes for exceptions; model classes named so are data, and the README says so.
_ERRORISH = re.compile(r"Error|Fault|Rejected|Exception|Failure")
# What the examples build (a Godtgoerelse request): a version without these gets no examples.
_EXAMPLE_CLASSES = {"GodtgoerelseRequest", "GodtgoerelseAntalKilometer", "Periode", "Hjemmel"}


@dataclass(frozen=True)
class Manual:
    data_names: list[str]  # model classes named like an exception: data, not raised
    example: VersionView | None  # the version the examples use (the newest that can)
    previous: VersionView | None  # the one before it, for switching versions
    duplicate_code: str | None  # KY's FejlKode for a BeskedID it has accepted before


def build(sdk: SdkView) -> Manual:
    names = {n for v in sdk.versions for n in v.public_models if _ERRORISH.search(n)}
    usable = [v for v in sdk.versions if _has_examples(v)]
    example = usable[-1] if usable else None
    return Manual(
        data_names=sorted(names),
        example=example,
        previous=usable[-2] if len(usable) > 1 else None,
        duplicate_code=example.transport.duplicate_code if example and example.transport else None,
    )


def _has_examples(v: VersionView) -> bool:
    return v.ky_shaped and v.module is not None and _EXAMPLE_CLASSES <= set(v.public_models)
