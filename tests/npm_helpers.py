"""npm packages built in the test (a tarball of ``package/``), ``npm publish``'s document by hand, and the
real npm run as a subprocess against the mock's registry.

The document is what npm 11's libnpmpublish sends: the manifest with ``_id`` and ``dist`` (integrity sha512,
shasum sha1, a tarball URL), ``dist-tags``, and the tarball base64 in ``_attachments``.

A real npm run gets its own user config (the registry and a token line per registry URL), an empty global
config, ``HOME`` in the test's directory and its own ``--cache``, so nothing of the machine's ``~/.npmrc`` or
cache can make a test pass for the wrong reason; ``audit``, ``fund`` and ``update-notifier`` are off, so
nothing reaches the network.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Optional

import pytest
from pypi_helpers import tar_gz

NPM = shutil.which("npm")
NEEDS_NPM = pytest.mark.skipif(
    NPM is None, reason="npm is not installed (the real-npm tests need npm 7 or later)"
)


def tarball(manifest: dict[str, Any], files: Optional[dict[str, bytes]] = None) -> bytes:
    """A gzipped tar of ``package/package.json`` (and ``files``), as ``npm pack`` lays it out; the same
    bytes every time for the same input (the gzip header's time is 0)."""
    contents = {"package/package.json": json.dumps(manifest, indent=2).encode(), **(files or {})}
    return tar_gz(contents, mtime=499162500)  # the date npm pack gives every file: 1985-10-26


def manifest(name: str, version: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, "version": version, **fields}


def integrity(content: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(content).digest()).decode()


def publish_document(
    package: dict[str, Any], content: Optional[bytes] = None, tag: str = "latest", registry: str = ""
) -> dict[str, Any]:
    """npm publish's PUT body for ``package`` (a manifest) and its tarball."""
    content = tarball(package) if content is None else content
    name, version = package["name"], package["version"]
    bare = name.split("/")[-1]
    version_document = {
        **package,
        "_id": f"{name}@{version}",
        "dist": {
            "integrity": integrity(content),
            "shasum": hashlib.sha1(content).hexdigest(),
            "tarball": f"{registry}{name}/-/{bare}-{version}.tgz",
        },
    }
    return {
        "_id": name,
        "name": name,
        "description": package.get("description"),
        "dist-tags": {tag: version},
        "versions": {version: version_document},
        "access": None,
        "_attachments": {
            f"{name}-{version}.tgz": {
                "content_type": "application/octet-stream",
                "data": base64.b64encode(content).decode(),
                "length": len(content),
            }
        },
    }


def escaped(name: str) -> str:
    """How npm writes a package name in a URL: ``@scope%2fname``."""
    return name.replace("/", "%2f")


def npm_environment(home: Path) -> dict[str, str]:
    """The environment of a real npm run: this one without its ``npm_*`` settings, ``HOME`` in ``home`` and
    an empty global config (written there)."""
    (home / "global.npmrc").write_text("")
    environment = {k: v for k, v in os.environ.items() if not k.lower().startswith("npm_")}
    environment.update(HOME=str(home), npm_config_globalconfig=str(home / "global.npmrc"))
    return environment


def npm_config(path: Path, registry: str, tokens: Mapping[str, str]) -> Path:
    """Write a user config at ``path``: ``registry``, audit, fund and the update notifier off, and for each
    registry URL in ``tokens`` its token."""
    lines = [f"registry={registry}", "audit=false", "fund=false", "update-notifier=false"]
    for url, token in tokens.items():
        lines.append(f"{url.split(':', 1)[1]}:_authToken={token}")  # //host:port/npm/.../:_authToken=...
    path.write_text("\n".join(lines) + "\n")
    return path


def run_npm(
    *args: str, cwd: Path, environment: Mapping[str, str], config: Path, cache: Path
) -> subprocess.CompletedProcess[str]:
    """``npm <args>`` in ``cwd`` with the user config ``config`` and the cache ``cache``."""
    command = [str(NPM), *args, "--cache", str(cache), "--userconfig", str(config)]
    env = {**environment, "npm_config_userconfig": str(config)}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
