"""Crates built in the test (a gzipped tar of ``<name>-<version>/``) and ``cargo publish``'s body, by hand.

The body is what Cargo's web API chapter describes and cargo 1.95 sends to ``PUT api/v1/crates/new``: a
u32 little-endian length, the JSON metadata (``name``, ``vers``, ``deps`` with ``version_req`` and
``kind``, ``features``, ``description``, ``license``, ``readme``...), a u32 little-endian length, the
``.crate``.
"""

from __future__ import annotations

import gzip
import io
import json
import struct
import tarfile
from typing import Any, Optional


def crate(name: str, version: str, files: Optional[dict[str, bytes]] = None) -> bytes:
    """A ``.crate`` as ``cargo package`` lays it out (``Cargo.toml`` and ``src/lib.rs`` under
    ``<name>-<version>/``); the same bytes every time for the same input."""
    manifest = f'[package]\nname = "{name}"\nversion = "{version}"\nedition = "2021"\n'
    contents = {
        "Cargo.toml": manifest.encode(),
        "src/lib.rs": f'pub const VERSION: &str = "{version}";\n'.encode(),
        **(files or {}),
    }
    return tar_gz({f"{name}-{version}/{path}": data for path, data in contents.items()})


def tar_gz(files: dict[str, bytes]) -> bytes:
    """A gzipped tar of ``files`` (path -> bytes), the same bytes every time for the same input."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path, data in files.items():
            member = tarfile.TarInfo(path)
            member.size, member.mtime = len(data), 1577836800
            archive.addfile(member, io.BytesIO(data))
    return gzip.compress(buffer.getvalue(), mtime=0)


def dependency(name: str, requirement: str, kind: str = "normal", **fields: Any) -> dict[str, Any]:
    """One entry of the metadata's ``deps``, as cargo sends it."""
    return {
        "optional": False,
        "default_features": True,
        "name": name,
        "features": [],
        "version_req": requirement,
        "target": None,
        "kind": kind,
        **fields,
    }


def metadata(name: str, version: str, **fields: Any) -> dict[str, Any]:
    """The publish metadata cargo sends, every field present (null where Cargo.toml says nothing)."""
    return {
        "name": name,
        "vers": version,
        "deps": [],
        "features": {},
        "authors": [],
        "description": None,
        "documentation": None,
        "homepage": None,
        "readme": None,
        "readme_file": None,
        "keywords": [],
        "categories": [],
        "license": None,
        "license_file": None,
        "repository": None,
        "badges": {},
        "links": None,
        "rust_version": None,
        **fields,
    }


def publish_body(document: Any, content: bytes) -> bytes:
    """``PUT api/v1/crates/new``'s body: each part after its u32 little-endian length."""
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    return struct.pack("<I", len(data)) + data + struct.pack("<I", len(content)) + content


def index_path(name: str) -> str:
    """Where Cargo looks for a crate's index file: ``1/a``, ``2/ab``, ``3/a/abc``, ``ab/cd/abcd...``."""
    lower = name.lower()
    if len(lower) <= 2:
        return f"{len(lower)}/{lower}"
    if len(lower) == 3:
        return f"3/{lower[0]}/{lower}"
    return f"{lower[:2]}/{lower[2:4]}/{lower}"
