"""Crates built in the test (a gzipped tar of ``<name>-<version>/``) and ``cargo publish``'s body, by hand.

The body is what Cargo's web API chapter describes and cargo 1.95 sends to ``PUT api/v1/crates/new``: a
u32 little-endian length, the JSON metadata (``name``, ``vers``, ``deps`` with ``version_req`` and
``kind``, ``features``, ``description``, ``license``, ``readme``...), a u32 little-endian length, the
``.crate``.

The real cargo runs with a ``CARGO_HOME`` of the test's own (never ``~/.cargo``) whose ``config.toml``
declares the mock's repositories as sparse registries (``cargo:token``, each token in
``CARGO_REGISTRIES_<NAME>_TOKEN``) and replaces crates.io with an empty local directory, so nothing can reach
crates.io; ``net.retry = 0`` and a short HTTP timeout make any failure quick. The toolchain's own ``cargo``
and ``rustc`` are run (not rustup's proxies, which would read the machine's settings).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional

import pytest
from pypi_helpers import tar_gz

MINIMUM = (1, 74)  # the first cargo that authenticates to a registry (AWS's using-cargo page)


def _toolchain(tool: str) -> Optional[str]:
    """The toolchain's own binary: ``rustup which`` where cargo comes through rustup, else the one on PATH."""
    rustup = shutil.which("rustup")
    if rustup is not None:
        found = subprocess.run([rustup, "which", tool], capture_output=True, text=True, timeout=60)
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.strip()
    return shutil.which(tool)


def _version(cargo: Optional[str]) -> Optional[tuple[int, int]]:
    if cargo is None:
        return None
    output = subprocess.run([cargo, "--version"], capture_output=True, text=True, timeout=60).stdout
    parts = output.split()[1].split(".") if output.startswith("cargo ") else []
    return (int(parts[0]), int(parts[1])) if len(parts) >= 2 and parts[1].isdigit() else None


CARGO, RUSTC = _toolchain("cargo"), _toolchain("rustc")
VERSION = _version(CARGO)
NEEDS_CARGO = [  # the marks of a test running the real cargo
    pytest.mark.real_client,
    pytest.mark.skipif(
        CARGO is None or RUSTC is None, reason="cargo or rustc is not installed (the tests need cargo 1.74+)"
    ),
    pytest.mark.skipif(
        VERSION is not None and VERSION < MINIMUM,
        reason=f"cargo {VERSION} cannot authenticate to a registry: the tests need cargo 1.74 or later",
    ),
]


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


def cargo_home(home: Path, registries: Mapping[str, str], nowhere: Path) -> Path:
    """Make ``home`` a ``CARGO_HOME`` whose ``config.toml`` declares ``registries`` (name -> the endpoint URL)
    and replaces crates.io with the empty directory ``nowhere`` (made too): nothing can come from there."""
    nowhere.mkdir(exist_ok=True)
    home.mkdir()
    declared = "".join(
        f'[registries.{name}]\nindex = "sparse+{url}"\ncredential-provider = "cargo:token"\n\n'
        for name, url in registries.items()
    )
    (home / "config.toml").write_text(
        declared + '[registry]\nglobal-credential-providers = ["cargo:token"]\n\n'
        '[source.crates-io]\nreplace-with = "nowhere"\n\n'
        f'[source.nowhere]\ndirectory = "{nowhere}"\n\n'
        "[net]\nretry = 0\n\n[http]\ntimeout = 30\n"
    )
    return home


def cargo_environment(home: Path, tokens: Mapping[str, str]) -> dict[str, str]:
    """The environment of a real cargo run with ``CARGO_HOME`` ``home``: none of this one's ``CARGO*``,
    ``RUSTUP*`` or ``RUST*`` settings, the toolchain's ``rustc``, no colours, and each registry's token
    (``tokens``: registry name -> token)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("CARGO", "RUSTUP", "RUST"))}
    environment.update(CARGO_HOME=str(home), RUSTC=str(RUSTC), CARGO_TERM_COLOR="never")
    for name, token in tokens.items():
        environment[f"CARGO_REGISTRIES_{name.upper().replace('-', '_')}_TOKEN"] = token
    return environment


def run_cargo(*args: str, cwd: Path, environment: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """``cargo <args>`` in ``cwd``."""
    command = [str(CARGO), *args]
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300)


def lock_entries(app: Path, crate: str) -> list[dict[str, Any]]:
    """The ``[[package]]`` entries of ``crate`` in the app's Cargo.lock (name, version, source, checksum)."""
    entries, current = [], None
    for line in (app / "Cargo.lock").read_text().splitlines():
        if line == "[[package]]":
            current = {}
            entries.append(current)
        elif current is not None and " = " in line:
            key, value = line.split(" = ", 1)
            current[key] = value.strip('"')
    return [entry for entry in entries if entry.get("name") == crate]
