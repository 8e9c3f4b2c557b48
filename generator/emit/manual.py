"""What the SDK's README (the vendor's manual) says that follows from the contracts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.emit.views import SdkView

# Names a reader takes for exceptions; model classes named so are data, and the README says so.
_ERRORISH = re.compile(r"Error|Fault|Rejected|Exception|Failure")


@dataclass(frozen=True)
class Manual:
    data_names: list[str]  # model classes named like an exception: data, not raised


def build(sdk: SdkView) -> Manual:
    names = {n for v in sdk.versions for n in v.public_models if _ERRORISH.search(n)}
    return Manual(data_names=sorted(names))
