"""Package version revisions: 44-character base64 SHA-256 of the version's canonical content.

AWS only says a revision names "a specific set of assets and metadata"; every real example is 32 bytes of
standard base64. Hashing the coordinates plus each asset's (name, SHA-256) makes the revision change when
an asset is added and stay put across status changes and disposal (spec section 13).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from typing import Optional

from .model import Asset


def compute_revision(
    fmt: str, namespace: Optional[str], name: str, version: str, assets: Mapping[str, Asset]
) -> str:
    hashed_assets = sorted((asset_name, asset.sha256) for asset_name, asset in assets.items())
    canonical = json.dumps([fmt, namespace, name, version, hashed_assets], separators=(",", ":"))
    return base64.b64encode(hashlib.sha256(canonical.encode()).digest()).decode("ascii")
