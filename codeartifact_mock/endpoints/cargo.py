"""Cargo: a sparse registry's ``config.json`` and index files, downloads, ``cargo publish`` (spec section 7).

Relative to ``/cargo/<repository>/`` (``sparse+<that URL>`` in Cargo's configuration):

- ``GET config.json``: ``{"dl", "api", "auth-required": true}``, URLs built from the URL the client used;
- ``GET 1/<n>``, ``2/<n>``, ``3/<c>/<n>``, ``<ab>/<cd>/<name>``: the crate's index file, one JSON line per
  version in publish order (the Cargo book's "Index format");
- ``GET api/v1/crates/<crate>/<version>/download``: the ``.crate``, by ``config.json``'s ``dl`` template;
- ``PUT api/v1/crates/new``: ``cargo publish`` (the Cargo book's "Web API": a u32-LE length, the JSON
  metadata, a u32-LE length, the ``.crate``);
- the web API's other commands (``cargo yank``, ``owner``, ``search``): refused as unsupported.

Which versions the index holds, which it marks ``yanked``, which download and which may be published again
is the lifecycle table's to say (``INDEXED``, ``YANKED``, ``DOWNLOADABLE``, ``CARGO_PUBLISH_AGAIN``). Errors
are the web API's JSON, ``{"errors": [{"detail": "..."}]}``, which Cargo prints after the status line.

Crate names are stored as published: AWS normalizes no Cargo names (behaviour spec section 8). Cargo writes
index paths in lower case, so a crate is found whatever the case, and, as crates.io does, a registry holds
one crate per name ignoring case (a publish of another spelling is refused).
"""

from __future__ import annotations

import json
import re
import struct
from typing import Any, NamedTuple, Optional

from ..backend import lifecycle
from ..backend.artifacts import CARGO_DEPENDENCY_TABLES
from ..backend.endpoint_backend import Upload
from ..backend.entities import Asset, Package, PackageKey, PackageVersion, VersionMetadata
from ..backend.resolution import Listing
from ..wire import service_model
from ..wire.validate import validation_message, value_problems
from . import conditional
from .documents import json_document, tarball_member, text_value
from .http import (
    PUBLISH,
    READ,
    Context,
    EndpointError,
    EndpointRequest,
    EndpointResponse,
    Headers,
    Plan,
    bytes_response,
    json_response,
)
from .semver import is_semver

FORMAT = "cargo"
PUBLISH_PATH = "api/v1/crates/new"
# crates.io's rule for a crate name, which Cargo's registry chapter recommends to every registry.
_CRATE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")
_ANY_NAME = re.compile(r"[A-Za-z0-9_-]+")  # a name an index path or a download may ask for
_UNSUPPORTED = "codeartifact does not support cargo {command}"
_PUBLISHED: dict[str, Any] = {"warnings": {"invalid_categories": [], "invalid_badges": [], "other": []}}


class _Route(NamedTuple):
    kind: str  # "config", "index", "download", "publish", or the unsupported command ("yank", ...)
    name: str  # the crate's name as the path gives it ("" for config and publish)
    version: str  # of a download, else ""


def _route(path: str) -> _Route:
    if path == "config.json":
        return _Route("config", "", "")
    if path == PUBLISH_PATH:
        return _Route("publish", "", "")
    parts = path.split("/")
    if parts[:3] == ["api", "v1", "crates"]:
        rest = parts[3:]
        if len(rest) == 3 and rest[2] == "download" and rest[0] and rest[1]:
            return _Route("download", rest[0], rest[1])
        if len(rest) == 3 and rest[2] in ("yank", "unyank"):
            return _Route("yank", rest[0], rest[1])
        if len(rest) == 2 and rest[1] == "owners":
            return _Route("owner", rest[0], "")
        if not rest or rest == [""]:
            return _Route("search", "", "")
        raise EndpointError(404, "Not found: not a route of Cargo's web API")
    name = _index_name(parts)
    if name is None:
        raise EndpointError(404, "Not found: index files are at 1/<n>, 2/<n>, 3/<c>/<n> or <ab>/<cd>/<name>")
    return _Route("index", name, "")


def _index_name(parts: list[str]) -> Optional[str]:
    """The crate an index path names, if the path is the one Cargo builds for that name (in lower case)."""
    name = parts[-1]
    lower = name.lower()
    if not _ANY_NAME.fullmatch(name):
        return None
    if len(lower) <= 2:
        expected = [str(len(lower))]
    elif len(lower) == 3:
        expected = ["3", lower[0]]
    else:
        expected = [lower[0:2], lower[2:4]]
    return name if [part.lower() for part in parts[:-1]] == expected else None


_METHODS = {
    "config": {"GET": READ, "HEAD": READ},
    "index": {"GET": READ, "HEAD": READ},
    "download": {"GET": READ, "HEAD": READ},
    "publish": {"PUT": PUBLISH},
}


def operation(method: str, path: str) -> str:
    route = _route(path)
    methods = _METHODS.get(route.kind)
    if methods is None:  # yank, unyank, owner, search: CodeArtifact does not serve them
        message = _UNSUPPORTED.format(command=route.kind)
        if route.kind == "yank":
            message += " (UpdatePackageVersionsStatus to Unlisted is what yanks a version here)"
        raise EndpointError(404 if method in ("GET", "HEAD") else 405, message)
    found = methods.get(method)
    if found is None:
        raise EndpointError(405, f"Method {method} is not allowed here")
    return found


def error_response(status: int, message: str, headers: Headers) -> EndpointResponse:
    """Cargo prints each ``errors[].detail`` of an answer that is not a success."""
    return json_response(status, {"errors": [{"detail": message}]}, list(headers))


def plan(request: EndpointRequest) -> Plan:
    route = _route(request.path)
    if route.kind == "config":
        base = request.base
        return Plan(None, None, None, lambda context: json_response(200, _config(base)))
    if route.kind == "publish":
        upload = _read_publication(request.body)
        return Plan(None, upload.package, upload.version, lambda context: _publish(context, upload))
    name = route.name
    if route.kind == "download":
        version = route.version
        return Plan(None, name, version, lambda context: _download(context, name, version))
    return Plan(None, name, None, lambda context: _index_file(context, name))


def _config(base: str) -> dict[str, Any]:
    """Where Cargo downloads crates (``dl``, a template it fills in) and calls the web API (``api``, to which
    it appends ``/api/v1/...``); every request needs the token."""
    return {
        "dl": base + "api/v1/crates/{crate}/{version}/download",
        "api": base.rstrip("/"),
        "auth-required": True,
    }


# -- reading ----------------------------------------------------------------------------------------------


def _package(context: Context, name: str) -> Optional[Package]:
    """The repository's own crate ``name`` names in any case (Cargo asks for index files in lower case). A
    name as stored is a dict lookup; another spelling, or a crate that is not there, walks the repository's
    packages."""
    packages = context.repository.packages
    found = packages.get((FORMAT, None, name))
    if found is None:
        folded = name.lower()
        for _seq, package in packages.walk():
            if package.format == FORMAT and package.name.lower() == folded:
                return package
    return found


def _key(context: Context, name: str) -> PackageKey:
    """What the search looks for: the crate as the repository spells it, else as the request does (a crate
    found only upstream is found in the spelling the request gives)."""
    own = _package(context, name)
    return (FORMAT, None, name if own is None else own.name)


def _index_file(context: Context, name: str) -> EndpointResponse:
    # The versions the repository shows through its upstreams too, with Unlisted ones (``INDEXED``); made
    # once per state of what it reads (``resolution.kept_document``). None: no line, as for no crate.
    key = _key(context, name)
    validators = conditional.document(context, key, FORMAT)  # (a 304 is decided here, before the file)
    body = context.backend.kept_document(context.repository, key, FORMAT, _make_index_file, lifecycle.INDEXED)
    if body is None:
        raise EndpointError(404, f"Not found: crate '{name}' has no versions in this registry's index")
    return bytes_response(body, "text/plain; charset=utf-8", headers=validators)


def _make_index_file(found: Optional[Listing]) -> Optional[bytes]:
    """One line per version shown (``INDEXED``), in publish order, ``yanked`` for the ``YANKED`` ones:
    O(the file's size)."""
    if found is None:
        return None
    lines = []
    for version in found.versions:
        asset = _crate_asset(version)
        if asset is None:
            continue
        entry = index_entry(found.package, version)
        entry["cksum"] = asset.sha256
        entry["yanked"] = version.status in lifecycle.YANKED
        lines.append(json.dumps(entry, separators=(",", ":")))
    return ("\n".join(lines) + "\n").encode() if lines else None


def index_entry(package: Package, version: PackageVersion) -> dict[str, Any]:
    """The version's index line without ``cksum`` and ``yanked``: as ``cargo publish`` described it, or, for
    a version seeded without one, made from its name and its dependencies."""
    metadata = version.metadata
    stored = None if metadata is None else metadata.document
    if stored is not None:
        return dict(stored)
    dependencies = [] if metadata is None else metadata.dependencies
    deps = []
    for dependency in dependencies:
        kind = dependency.get("dependencyType")
        deps.append(
            {
                "name": dependency["package"],
                "req": dependency.get("versionRequirement") or "*",
                "features": [],
                "optional": False,
                "default_features": True,
                "target": None,
                "kind": kind if kind in CARGO_DEPENDENCY_TABLES else "normal",
                "registry": None,
            }
        )
    return {"name": package.display_name, "vers": version.version, "deps": deps, "features": {}, "v": 1}


def _crate_asset(version: PackageVersion) -> Optional[Asset]:
    """The version's ``.crate`` (its first asset, if it has none of that name)."""
    assets = version.assets
    return next((a for n, a in assets.items() if n.endswith(".crate")), None) or next(
        iter(assets.values()), None
    )


def _download(context: Context, name: str, version_name: str) -> EndpointResponse:
    # Found here or through the upstreams (and then kept here: ``resolution.download``).
    asset = context.backend.download(context.repository, _key(context, name), version_name, _crate_asset)
    if asset is None:
        raise EndpointError(404, f"Not found: crate '{name}' has no downloadable version {version_name}")
    return bytes_response(asset.content, "application/octet-stream", headers=conditional.file(asset))


# -- cargo publish ----------------------------------------------------------------------------------------


def _publish(context: Context, upload: Upload) -> EndpointResponse:
    package = _package(context, upload.package)
    if package is not None and package.name != upload.package:  # one crate per index file
        raise EndpointError(
            400,
            f"crate '{upload.package}' differs only in case from '{package.name}', which this registry "
            "already holds: publish it under that name",
        )
    context.backend.upload(context.repository, upload)
    return json_response(200, _PUBLISHED)


def _read_publication(body: bytes) -> Upload:
    """``cargo publish``'s body, checked whole before anything is stored."""
    metadata_bytes, crate = _split_body(body)
    metadata = json_document(metadata_bytes, "the metadata")
    if not isinstance(metadata, dict):
        raise EndpointError(400, "invalid upload request: the metadata must be a JSON object")
    name, version = metadata.get("name"), metadata.get("vers")
    if not isinstance(name, str) or not isinstance(version, str):
        raise EndpointError(400, "invalid upload request: the metadata needs a string 'name' and 'vers'")
    shape = service_model().shape_for
    problems = value_problems(shape("PackageName"), name, "package")
    problems += value_problems(shape("PackageVersion"), version, "packageVersion")
    if problems:
        raise EndpointError(400, validation_message(problems))
    if not _CRATE_NAME.fullmatch(name):
        raise EndpointError(
            400,
            f"invalid crate name '{name}': a crate name starts with a letter and has at most 64 ASCII "
            "letters, digits, '-' and '_'",
        )
    if not is_semver(version):
        raise EndpointError(400, f"invalid version '{version}' of crate '{name}': not a SemVer 2.0.0 version")
    _check_crate(crate, name, version)
    document, dependencies = _index_document(metadata, name, version)
    return Upload(
        FORMAT,
        None,
        name,
        version,
        f"{name}-{version}.crate",
        crate,
        _version_metadata(metadata, document, dependencies),
        new_asset_names=False,
        again=lifecycle.CARGO_PUBLISH_AGAIN,
    )


def _split_body(body: bytes) -> tuple[bytes, bytes]:
    """The metadata and the ``.crate`` of a publish body: each after its u32 little-endian length, and
    nothing after them."""
    if len(body) < 4:
        raise EndpointError(400, "invalid upload request: the body is too short to hold the metadata length")
    (metadata_length,) = struct.unpack_from("<I", body, 0)
    crate_at = 4 + metadata_length + 4
    if crate_at > len(body):
        raise EndpointError(
            400, f"invalid upload request: the metadata length ({metadata_length}) exceeds the body"
        )
    (crate_length,) = struct.unpack_from("<I", body, crate_at - 4)
    if crate_at + crate_length != len(body):
        raise EndpointError(
            400,
            f"invalid upload request: the crate length ({crate_length}) does not match the "
            f"{len(body) - crate_at} bytes that follow it",
        )
    return body[4 : crate_at - 4], body[crate_at:]


def _check_crate(crate: bytes, name: str, version: str) -> None:
    """A ``.crate`` is a gzipped tar of ``<name>-<version>/`` only (what Cargo unpacks), with its
    ``Cargo.toml``: a crate of another name or version is refused."""
    root = f"{name}-{version}/"
    if tarball_member(crate, root + "Cargo.toml", "the crate", inside=root) is None:
        raise EndpointError(400, f"Bad request: the crate has no {root}Cargo.toml")


def _index_document(
    metadata: dict[str, Any], name: str, version: str
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """The version's index line (without ``cksum`` and ``yanked``) and its dependencies as
    ListPackageVersionDependencies shows them, from the publish metadata."""
    deps_sent = metadata.get("deps", [])
    if not isinstance(deps_sent, list):
        raise EndpointError(400, "invalid upload request: 'deps' must be a list")
    deps, dependencies = [], []
    for dep in deps_sent:
        entry = _index_dependency(dep)
        deps.append(entry)
        crate = entry.get("package") or entry["name"]
        dependencies.append(
            {"package": crate, "dependencyType": entry["kind"], "versionRequirement": entry["req"]}
        )
    features = metadata.get("features", {})
    if not isinstance(features, dict) or not all(
        isinstance(values, list) and all(isinstance(v, str) for v in values) for values in features.values()
    ):
        raise EndpointError(400, "invalid upload request: 'features' must map names to lists of strings")
    # Cargo 1.60's syntax ("dep:x", "x?/feature") goes to "features2", which older Cargo skips, and makes
    # the line version 2 (the Cargo book's index format).
    new_syntax = {k: v for k, v in features.items() if any(x.startswith("dep:") or "?/" in x for x in v)}
    document: dict[str, Any] = {
        "name": name,
        "vers": version,
        "deps": deps,
        "features": {k: v for k, v in features.items() if k not in new_syntax},
        "links": text_value(metadata.get("links")),
    }
    if new_syntax:
        document["features2"] = new_syntax
    document["v"] = 2 if new_syntax else 1
    rust_version = text_value(metadata.get("rust_version"))
    if rust_version is not None:
        document["rust_version"] = rust_version
    return document, dependencies


def _index_dependency(dep: Any) -> dict[str, Any]:
    """A publish ``deps`` entry as the index writes it: ``version_req`` becomes ``req``, and a dependency
    renamed in Cargo.toml (``explicit_name_in_toml``) is listed under that name with ``package`` the crate."""
    name = dep.get("name") if isinstance(dep, dict) else None
    if not isinstance(name, str) or not _ANY_NAME.fullmatch(name):
        raise EndpointError(400, "invalid upload request: each of 'deps' needs the dependency's crate 'name'")
    requirement, kind = dep.get("version_req"), dep.get("kind") or "normal"
    if not isinstance(requirement, str) or not requirement:
        raise EndpointError(400, f"invalid upload request: dependency '{name}' has no 'version_req'")
    if kind not in CARGO_DEPENDENCY_TABLES:
        raise EndpointError(400, f"invalid upload request: dependency '{name}' has unknown kind {kind!r}")
    features = dep.get("features") or []
    if not isinstance(features, list) or not all(isinstance(feature, str) for feature in features):
        raise EndpointError(400, f"invalid upload request: 'features' of dependency '{name}' must be strings")
    renamed = text_value(dep.get("explicit_name_in_toml"))
    entry: dict[str, Any] = {
        "name": renamed or name,
        "req": requirement,
        "features": features,
        "optional": dep.get("optional") is True,
        "default_features": dep.get("default_features") is not False,
        "target": text_value(dep.get("target")),
        "kind": kind,
        "registry": text_value(dep.get("registry")),
    }
    if renamed:
        entry["package"] = name
    return entry


def _version_metadata(
    metadata: dict[str, Any], document: dict[str, Any], dependencies: list[dict[str, str]]
) -> VersionMetadata:
    """What the publish metadata says, as DescribePackageVersion, its readme and its dependencies show it."""
    license_name = text_value(metadata.get("license"))
    stored = VersionMetadata(
        summary=text_value(metadata.get("description")),
        home_page=text_value(metadata.get("homepage")),
        source_code_repository=text_value(metadata.get("repository")),
        licenses=[{"name": license_name}] if license_name else [],
        readme=text_value(metadata.get("readme")),
        dependencies=dependencies,
    )
    stored.document = document
    return stored
