"""Package version revisions: 44-character base64 SHA-256 of the version's canonical content.

AWS only says a revision names "a specific set of assets and metadata"; every real example is 32 bytes of
standard base64. Hashing the coordinates plus each asset's (name, SHA-256) makes the revision change when
an asset is added and stay put across status changes and disposal (spec section 13). A seeded version whose
files a recipe makes names the recipe in place of its assets' hashes (``recipe_revision``).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from typing import Any, Optional

from .entities import Asset


def compute_revision(
    fmt: str,
    namespace: Optional[str],
    name: str,
    version: str,
    assets: Mapping[str, Asset],
    metadata: Optional[list[Any]] = None,
) -> str:
    """``metadata``: the version's metadata as JSON-able values, when it has any (it then counts too)."""
    hashed_assets = sorted((asset_name, asset.sha256) for asset_name, asset in assets.items())
    return _revision([fmt, namespace, name, version, hashed_assets], metadata)


def recipe_revision(
    fmt: str,
    namespace: Optional[str],
    name: str,
    version: str,
    recipe: list[str],
    metadata: Optional[list[Any]],
) -> str:
    """The revision of a version whose assets a recipe makes from these very arguments (a seeded version's
    ``artifacts.Recipe``): it names the recipe (``recipe``: what else, besides the arguments, the files
    depend on) in place of the assets' hashes, which the recipe and the arguments alone determine, so no
    asset is made to name them. Same arguments, same revision."""
    return _revision([fmt, namespace, name, version, recipe], metadata)


def _revision(state: list[Any], metadata: Optional[list[Any]]) -> str:
    if metadata is not None:  # appended only when present, so versions without metadata keep their revision
        state.append(metadata)
    canonical = json.dumps(state, separators=(",", ":"))
    return base64.b64encode(hashlib.sha256(canonical.encode()).digest()).decode("ascii")
