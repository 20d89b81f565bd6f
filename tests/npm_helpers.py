"""npm packages built in the test (a tarball of ``package/``), and ``npm publish``'s document, by hand.

The document is what npm 11's libnpmpublish sends: the manifest with ``_id`` and ``dist`` (integrity sha512,
shasum sha1, a tarball URL), ``dist-tags``, and the tarball base64 in ``_attachments``.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import tarfile
from typing import Any, Optional


def tarball(manifest: dict[str, Any], files: Optional[dict[str, bytes]] = None) -> bytes:
    """A gzipped tar of ``package/package.json`` (and ``files``), as ``npm pack`` lays it out; the same
    bytes every time for the same input (the gzip header's time is 0)."""
    contents = {"package/package.json": json.dumps(manifest, indent=2).encode(), **(files or {})}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path, data in contents.items():
            member = tarfile.TarInfo(path)
            member.size, member.mtime = len(data), 499162500
            archive.addfile(member, io.BytesIO(data))
    return gzip.compress(buffer.getvalue(), mtime=0)


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
