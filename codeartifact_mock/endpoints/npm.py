"""npm: packuments, tarballs, ``npm publish``, dist-tags, ``npm deprecate`` and ``-/ping`` (spec section 5).

Relative to ``/npm/<repository>/``; a scoped name arrives as ``@scope%2fname``, ``@scope%2Fname`` or
``@scope/name`` (the router has percent-decoded the path), and its namespace is the scope without ``@``:

- ``GET <name>``: the packument of the listed versions (abbreviated for
  ``Accept: application/vnd.npm.install-v1+json``), with tarball URLs built from the URL the client used;
- ``GET <name>/<version or dist-tag>``: that listed version's manifest, as in the packument;
- ``GET <name>/-/<name>-<version>.tgz``: the version's ``package.tgz``, for downloadable versions;
- ``PUT <name>``: ``npm publish`` (one version in ``_attachments``), or ``npm deprecate`` (no attachments);
- ``GET -/package/<name>/dist-tags``, ``PUT`` / ``DELETE -/package/<name>/dist-tags/<tag>``;
- ``GET -/ping``;
- ``npm unpublish``: refused with 405 naming DeletePackageVersions, as CodeArtifact has no unpublish: its
  writes (``PUT``/``DELETE`` of ``<name>/-rev/<rev>`` and of ``<name>/-/<file>.tgz/-rev/<rev>``, where npm
  takes a 404 for "already unpublished" and reports success), and every request npm sends for it (header
  ``npm-command: unpublish``), so a version npm does not see listed is no success either.

Which versions are listed, downloadable, or may be published again is the lifecycle table's to say. Errors
are JSON ``{"error": "..."}``: npm prints that member after the status line.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import json
import re
from typing import Any, NamedTuple, Optional
from urllib.parse import quote

from ..backend import lifecycle
from ..backend.artifacts import NPM_DEPENDENCY_TYPES, npm_manifest
from ..backend.endpoint_backend import Upload, where_upstream
from ..backend.entities import Asset, Package, PackageVersion, VersionMetadata
from ..backend.formats import NPM_DIST_TAG, display_name
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
from .semver import clean, is_semver

FORMAT = "npm"
ASSET = "package.tgz"  # an npm version's one asset
ABBREVIATED = "application/vnd.npm.install-v1+json"
# validate-npm-package-name's rule for new packages: lower case, URL-safe, not starting with "." or "_".
_SCOPE = re.compile(r"[a-z0-9~-][a-z0-9._~-]*")
_NAME = re.compile(r"[a-z0-9~-][a-z0-9._~-]*")
_TAG = NPM_DIST_TAG  # a dist-tag
# The manifest's dependency maps and the dependencyType each gets in ListPackageVersionDependencies.
_DEPENDENCY_TYPES = NPM_DEPENDENCY_TYPES
# What the abbreviated packument keeps of each version (npm's "corgi" document), besides dist.
_ABBREVIATED_FIELDS = (
    "name",
    "version",
    "deprecated",
    "dependencies",
    "optionalDependencies",
    "devDependencies",
    "peerDependencies",
    "peerDependenciesMeta",
    "bundleDependencies",
    "acceptDependencies",
    "bin",
    "directories",
    "engines",
    "os",
    "cpu",
    "funding",
    "hasInstallScript",
    "_hasShrinkwrap",
)
# The scripts that run when a package is installed: the abbreviated packument flags them (hasInstallScript).
_INSTALL_SCRIPTS = ("preinstall", "install", "postinstall")
_UNSUPPORTED = "codeartifact does not support this npm command"
_UNPUBLISH = (
    "codeartifact does not support npm unpublish: delete package versions with DeletePackageVersions "
    "(aws codeartifact delete-package-versions), or change their status with UpdatePackageVersionsStatus"
)


class _Route(NamedTuple):
    # "ping", "packument", "version", "tarball", "dist-tags" (the list), "dist-tag" (one) or "unpublish"
    kind: str
    scope: Optional[str]  # without "@"
    name: str
    rest: str  # the tarball's file name, the dist-tag, or the version (or dist-tag) asked for


def _split_name(text: str) -> tuple[Optional[str], str, list[str]]:
    """``@scope/name/rest...`` or ``name/rest...`` -> (scope, name, rest segments)."""
    scope: Optional[str] = None
    if text.startswith("@"):
        scope, _, text = text[1:].partition("/")
        if not scope:
            raise EndpointError(404, "Not found: a scoped package is @scope/name")
    name, _, more = text.partition("/")
    if not name:
        raise EndpointError(404, "Not found: no package name in the path")
    return scope, name, more.split("/") if more else []


def _route(path: str) -> _Route:
    if path == "-/ping":
        return _Route("ping", None, "", "")
    if path.startswith("-/package/"):
        scope, name, rest = _split_name(path[len("-/package/") :])
        if rest == ["dist-tags"]:
            return _Route("dist-tags", scope, name, "")
        if len(rest) == 2 and rest[0] == "dist-tags" and rest[1]:
            return _Route("dist-tag", scope, name, rest[1])
        raise EndpointError(404, f"Not found: {_UNSUPPORTED}")
    if not path or path.startswith("-/"):  # search, whoami, login, access, audit, ...
        raise EndpointError(404, f"Not found: {_UNSUPPORTED}")
    scope, name, rest = _split_name(path)
    if not rest:
        return _Route("packument", scope, name, "")
    if len(rest) == 2 and rest[0] == "-" and rest[1]:
        return _Route("tarball", scope, name, rest[1])
    if len(rest) in (2, 4) and rest[-2] == "-rev" and rest[:1] in (["-rev"], ["-"]):
        return _Route("unpublish", scope, name, "")  # <name>/-rev/<rev>, <name>/-/<file>/-rev/<rev>
    if len(rest) == 1 and rest[0]:
        return _Route("version", scope, name, rest[0])
    raise EndpointError(404, f"Not found: {_UNSUPPORTED}")


_METHODS = {
    "ping": {"GET": READ, "HEAD": READ},
    "packument": {"GET": READ, "HEAD": READ, "PUT": PUBLISH},
    "version": {"GET": READ, "HEAD": READ},
    "tarball": {"GET": READ, "HEAD": READ},
    "dist-tags": {"GET": READ, "HEAD": READ},
    "dist-tag": {"PUT": PUBLISH, "DELETE": PUBLISH},
}


def operation(method: str, path: str) -> str:
    kind = _route(path).kind
    if kind == "unpublish" or (method == "DELETE" and kind in ("packument", "version", "tarball")):
        raise EndpointError(405, f"Method {method} is not allowed here: {_UNPUBLISH}")
    found = _METHODS[kind].get(method)
    if found is None:  # dist-tag GET, POST, ...
        raise EndpointError(405, f"Method {method} is not allowed here: {_UNSUPPORTED}")
    return found


def error_response(status: int, message: str, headers: Headers) -> EndpointResponse:
    """npm prints an error body's ``error`` member after the status line."""
    return json_response(status, {"error": message}, list(headers))


def plan(request: EndpointRequest) -> Plan:
    if request.headers.get("npm-command") == "unpublish":  # npm names its command on every request
        raise EndpointError(405, f"Method {request.method} is not allowed here: {_UNPUBLISH}")
    route = _route(request.path)
    scope, name, method = route.scope, route.name, request.method
    if route.kind == "ping":
        return Plan(None, None, None, lambda context: json_response(200, {}))
    if route.kind == "packument" and method == "PUT":
        document = _json_body(request.body)
        if "_attachments" in document:
            publication = _read_publication(scope, name, document)
            return Plan(
                scope, name, publication.upload.version, lambda context: _publish(context, publication)
            )
        deprecations = _read_deprecations(scope, name, document)
        return Plan(scope, name, None, lambda context: _deprecate(context, scope, name, deprecations))
    if route.kind == "packument":
        abbreviated = ABBREVIATED in request.headers.get("accept", "")
        base = request.base
        return Plan(scope, name, None, lambda context: _packument(context, scope, name, abbreviated, base))
    if route.kind == "version":
        spec, base = route.rest, request.base
        return Plan(scope, name, spec, lambda context: _version(context, scope, name, spec, base))
    if route.kind == "tarball":
        prefix = f"{name}-"
        if not (route.rest.startswith(prefix) and route.rest.endswith(".tgz")):
            raise EndpointError(
                404, f"Not found: tarballs of {_shown(scope, name)} are {prefix}<version>.tgz"
            )
        version = route.rest[len(prefix) : -len(".tgz")]
        return Plan(scope, name, version, lambda context: _tarball(context, scope, name, version))
    if route.kind == "dist-tags":
        return Plan(scope, name, None, lambda context: _dist_tags(context, scope, name))
    tag = route.rest
    if not _TAG.fullmatch(tag):
        raise EndpointError(400, f"Invalid dist-tag '{tag}': a tag must not look like a version or range")
    if method == "DELETE":
        return Plan(scope, name, None, lambda context: _remove_tag(context, scope, name, tag))
    version = _json_body(request.body, str)
    return Plan(scope, name, version, lambda context: _add_tag(context, scope, name, tag, version))


def _shown(scope: Optional[str], name: str) -> str:
    return display_name(FORMAT, scope, name)


def _json_body(body: bytes, kind: type = dict) -> Any:
    document = json_document(body, "the body")
    if not isinstance(document, kind):
        wanted = "a JSON object" if kind is dict else "a JSON string"
        raise EndpointError(400, f"Bad request: the body must be {wanted}")
    return document


# -- reading ----------------------------------------------------------------------------------------------


def _package(context: Context, scope: Optional[str], name: str) -> Optional[Package]:
    return context.repository.packages.get((FORMAT, scope, name))


def _found(context: Context, scope: Optional[str], name: str) -> Package:
    package = _package(context, scope, name)
    if package is None:
        raise EndpointError(404, f"Not found: '{_shown(scope, name)}' is not in this registry")
    return package


def _held(
    context: Context, scope: Optional[str], name: str, why: str, version: Optional[str] = None
) -> Package:
    """The repository's own package, which a dist-tag or a deprecation changes (the package, or ``version``
    of it, must be held); 404 otherwise, saying so when it is only upstream."""
    package = _package(context, scope, name)
    if package is None:
        raise EndpointError(404, _not_held(context, scope, name, None, why))
    if version is not None and version not in package.versions:
        raise EndpointError(404, _not_held(context, scope, name, version, why))
    return package


def _not_held(context: Context, scope: Optional[str], name: str, version: Optional[str], why: str) -> str:
    """Why a change through the repository finds no package (or version) of its own to change: not there at
    all, or only upstream of it. AWS documents nothing of a dist-tag or deprecation sent through a downstream
    repository; the registry's 404 stays, naming where the package is (docs/fidelity.md)."""
    package = _package(context, scope, name)
    shown = (_shown(scope, name) if package is None else package.display_name) + (
        f"@{version}" if version else ""
    )
    source = context.backend.upstream_source(context.repository, (FORMAT, scope, name), version)
    if source is None:
        return f"Not found: '{shown}' is not in this registry"
    repository = context.repository.name
    return (
        f"Not found: '{shown}' is only upstream of repository '{repository}' (in {where_upstream(source)}), "
        f"not in it: {why} (a version installed through '{repository}' is kept there)"
    )


def _listing(context: Context, scope: Optional[str], name: str) -> Listing:
    """The package as the repository shows it through its upstreams: its listed versions and merged
    dist-tags (404 when no place of the search has it)."""
    found = context.backend.listing(context.repository, (FORMAT, scope, name))
    if found is None:
        raise EndpointError(404, f"Not found: '{_shown(scope, name)}' is not in this registry")
    return found


def _packument(
    context: Context, scope: Optional[str], name: str, abbreviated: bool, base: str
) -> EndpointResponse:
    def make(found: Optional[Listing]) -> Optional[bytes]:
        document = None if found is None else _document(found, base, abbreviated)
        return None if document is None else json.dumps(document, separators=(",", ":")).encode()

    key, form = (FORMAT, scope, name), (FORMAT, base, abbreviated)
    # Two forms by the request's Accept (its Vary), each with a tag of its own; a 304 is decided here.
    validators = conditional.document(context, key, form, vary="Accept")
    # Made once per state of what it shows (``resolution.kept_document``) and URL it gives out.
    body = context.backend.kept_document(context.repository, key, form, make)
    if body is None:  # nothing listable: no packument, as for a package that does not exist
        package = _listing(context, scope, name).package
        raise EndpointError(404, f"Not found: no listed versions of '{package.display_name}'")
    return bytes_response(body, ABBREVIATED if abbreviated else "application/json", headers=validators)


def _document(found: Listing, base: str, abbreviated: bool) -> Optional[dict[str, Any]]:
    """The packument of the listed versions, in publish order; None when there are none."""
    package = found.package
    versions: dict[str, Any] = {}
    times: dict[str, str] = {}
    for version in found.versions:
        manifest = _version_document(package, version, base)
        if manifest is None:
            continue
        versions[version.version] = _abbreviated(manifest) if abbreviated else manifest
        times[version.version] = _time(version)
    if not versions:
        return None
    modified = max(times.values())
    tags = {tag: version for tag, version in found.dist_tags.items() if version in versions}
    if abbreviated:
        return {"name": package.display_name, "modified": modified, "dist-tags": tags, "versions": versions}
    created = min(times.values())
    return {
        "_id": package.display_name,
        "name": package.display_name,
        "dist-tags": tags,
        "versions": versions,
        "time": {"created": created, "modified": modified, **times},
    }


def _tarball_of(version: PackageVersion) -> Optional[Asset]:
    """A version's tarball: its ``package.tgz``, or the one asset a version seeded otherwise has."""
    return version.assets.get(ASSET) or next(iter(version.assets.values()), None)


def _abbreviated(manifest: dict[str, Any]) -> dict[str, Any]:
    """A version as the abbreviated packument has it: the fields npm install reads, and, as the npm
    registry adds it, ``hasInstallScript`` where the manifest has a script that runs at install."""
    kept = {field: manifest[field] for field in _ABBREVIATED_FIELDS if field in manifest}
    scripts = manifest.get("scripts")
    if isinstance(scripts, dict) and any(script in scripts for script in _INSTALL_SCRIPTS):
        kept["hasInstallScript"] = True
    kept["dist"] = manifest["dist"]
    return kept


def _version(context: Context, scope: Optional[str], name: str, spec: str, base: str) -> EndpointResponse:
    """``GET <name>/<version or dist-tag>``: the manifest of that listed version (through the repository's
    upstreams, as the packument lists it), as the registry answers."""
    key = (FORMAT, scope, name)
    validators = conditional.document(context, key, ("version", base, spec))  # (a 304 is decided here)
    found = _listing(context, scope, name)
    wanted = found.dist_tags.get(spec, spec)
    version = next((listed for listed in found.versions if listed.version == wanted), None)
    manifest = None if version is None else _version_document(found.package, version, base)
    if manifest is None:
        raise EndpointError(404, f"Not found: '{found.package.display_name}@{spec}' is not in this registry")
    return json_response(200, manifest, validators)


def _version_document(package: Package, version: PackageVersion, base: str) -> Optional[dict[str, Any]]:
    """The manifest npm published (or name and version, for a version seeded without one) with its dist."""
    asset = _tarball_of(version)
    if asset is None:
        return None
    manifest = dict(_manifest(package, version))
    hashes = asset.hashes()
    integrity = base64.b64encode(bytes.fromhex(hashes["SHA-512"])).decode()
    sent = manifest.get("dist")
    manifest["dist"] = {
        **(sent if isinstance(sent, dict) else {}),
        "tarball": base + _tarball_path(package, version.version),
        "shasum": hashes["SHA-1"],
        "integrity": f"sha512-{integrity}",
    }
    return manifest


def _manifest(package: Package, version: PackageVersion) -> dict[str, Any]:
    """The version's manifest: as npm published it, or, for a seeded version, its tarball's package.json."""
    metadata = version.metadata
    stored = None if metadata is None else metadata.document
    if stored is not None:
        return stored
    return npm_manifest(package.display_name, version.version, metadata)


def _tarball_path(package: Package, version: str) -> str:
    """``<name>/-/<unscoped name>-<version>.tgz``, as the registry names tarballs."""
    return f"{quote(package.display_name, safe='@/')}/-/{quote(package.name)}-{quote(version, safe='+')}.tgz"


def _time(version: PackageVersion) -> str:
    return version.published.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _tarball(context: Context, scope: Optional[str], name: str, version_name: str) -> EndpointResponse:
    # Found here or through the upstreams (and then kept here: ``resolution.download``).
    asset = context.backend.download(context.repository, (FORMAT, scope, name), version_name, _tarball_of)
    if asset is None:
        raise EndpointError(
            404, f"Not found: '{_shown(scope, name)}@{version_name}' has no downloadable tarball"
        )
    return bytes_response(asset.content, "application/octet-stream", headers=conditional.file(asset))


# -- dist-tags --------------------------------------------------------------------------------------------


_TAGS_HELD = "npm dist-tag changes the tags of a repository's own package, naming versions it holds"


def _dist_tags(context: Context, scope: Optional[str], name: str) -> EndpointResponse:
    validators = conditional.document(context, (FORMAT, scope, name), "dist-tags")  # (a 304 is decided here)
    return json_response(200, _listing(context, scope, name).dist_tags, validators)


def _add_tag(context: Context, scope: Optional[str], name: str, tag: str, version: str) -> EndpointResponse:
    package = _held(context, scope, name, _TAGS_HELD, version)
    package.dist_tags[tag] = version
    package.versions_changed()
    return json_response(201, {"ok": True})


def _remove_tag(context: Context, scope: Optional[str], name: str, tag: str) -> EndpointResponse:
    package = _held(context, scope, name, _TAGS_HELD)
    if package.dist_tags.pop(tag, None) is None:
        raise EndpointError(404, f"Not found: '{package.display_name}' has no dist-tag '{tag}'")
    package.versions_changed()
    return json_response(200, {"ok": True})


# -- npm publish ------------------------------------------------------------------------------------------


class _Publication(NamedTuple):
    upload: Upload
    tags: dict[str, str]


def _publish(context: Context, publication: _Publication) -> EndpointResponse:
    version, _changed = context.backend.upload(context.repository, publication.upload)
    package = _found(context, publication.upload.namespace, publication.upload.package)
    package.dist_tags.update(publication.tags)
    package.dist_tags.setdefault("latest", version.version)  # a package's first publish names latest
    package.versions_changed()
    return json_response(201, {"ok": True, "id": package.display_name, "version": version.version})


def _read_publication(scope: Optional[str], name: str, document: dict[str, Any]) -> _Publication:
    """npm publish's document, checked whole before anything is stored."""
    shown = _shown(scope, name)
    _check_coordinates(scope, name, document)
    versions, attachments = document.get("versions"), document.get("_attachments")
    if not isinstance(versions, dict) or len(versions) != 1:
        raise EndpointError(400, "Bad request: a publish carries exactly one version in 'versions'")
    if not isinstance(attachments, dict) or len(attachments) != 1:
        raise EndpointError(400, "Bad request: a publish carries exactly one tarball in '_attachments'")
    ((version, manifest),) = versions.items()
    ((_filename, attachment),) = attachments.items()
    if not isinstance(manifest, dict) or manifest.get("version", version) != version:
        raise EndpointError(400, f"Bad request: the manifest of version '{version}' names another version")
    if manifest.get("name", shown) != shown:
        raise EndpointError(400, f"Bad request: the manifest names '{manifest.get('name')}', not '{shown}'")
    problems = value_problems(service_model().shape_for("PackageVersion"), version, "packageVersion")
    if problems:
        raise EndpointError(400, validation_message(problems))
    if not is_semver(version):  # as npm's registry checks with node-semver
        raise EndpointError(400, f"Bad request: invalid version: '{version}' is not a semantic version")
    content = _attachment_bytes(attachment, manifest)
    _check_package_json(content, shown, version)
    tags = document.get("dist-tags") or {}
    if not isinstance(tags, dict) or any(not isinstance(t, str) or not _TAG.fullmatch(t) for t in tags):
        raise EndpointError(400, "Bad request: 'dist-tags' must map tag names to the published version")
    if any(value != version for value in tags.values()):
        raise EndpointError(400, f"Bad request: a publish may only tag the version it publishes, {version}")
    stored = {key: value for key, value in manifest.items() if key not in ("_attachments", "readme")}
    upload = Upload(
        FORMAT,
        scope,
        name,
        version,
        ASSET,
        content,
        _metadata(manifest, document, stored),
        new_asset_names=False,
        again=lifecycle.NPM_PUBLISH_AGAIN,
    )
    return _Publication(upload, dict(tags))


def _check_coordinates(scope: Optional[str], name: str, document: dict[str, Any]) -> None:
    """A name the API would refuse, or npm's rules for a new package name (lower case, URL-safe)."""
    shape = service_model().shape_for
    problems = value_problems(shape("PackageName"), name, "package")
    if scope is not None:
        problems += value_problems(shape("PackageNamespace"), scope, "namespace")
        if not _SCOPE.fullmatch(scope):
            problems.append(
                f"Value '{scope}' at 'namespace' failed to satisfy constraint: not a valid npm scope"
            )
    if not _NAME.fullmatch(name):
        problems.append(f"Value '{name}' at 'package' failed to satisfy constraint: not a valid npm name")
    if problems:
        raise EndpointError(400, validation_message(problems))
    shown = _shown(scope, name)
    if document.get("name", shown) != shown:
        raise EndpointError(400, f"Bad request: the body names '{document.get('name')}', the URL '{shown}'")


def _attachment_bytes(attachment: Any, manifest: dict[str, Any]) -> bytes:
    """The tarball, checked against the attachment's length and the manifest's shasum and integrity."""
    data = attachment.get("data") if isinstance(attachment, dict) else None
    if not isinstance(data, str):
        raise EndpointError(400, "Bad request: the attachment has no base64 'data'")
    try:
        content = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise EndpointError(400, "Bad request: the attachment's data is not base64") from None
    length = attachment.get("length", len(content))
    if length != len(content):
        raise EndpointError(
            400, f"Bad request: the attachment's length is {len(content)} bytes, not {length}"
        )
    dist = manifest.get("dist")
    dist = dist if isinstance(dist, dict) else {}
    shasum = dist.get("shasum")
    if shasum is not None and shasum != hashlib.sha1(content).hexdigest():
        raise EndpointError(400, "Bad request: dist.shasum does not match the attachment")
    integrity = dist.get("integrity")
    if integrity is not None:
        if not isinstance(integrity, str):
            raise EndpointError(400, "Bad request: dist.integrity must be a string")
        for entry in integrity.split():
            algorithm, _, digest = entry.partition("-")
            if algorithm in ("sha1", "sha256", "sha384", "sha512"):
                expected = base64.b64encode(hashlib.new(algorithm, content).digest()).decode()
                if digest.split("?", 1)[0] != expected:
                    raise EndpointError(
                        400, f"Bad request: dist.integrity ({algorithm}) does not match the attachment"
                    )
    return content


def _check_package_json(content: bytes, shown: str, version: str) -> None:
    """The tarball is a whole gzipped tarball whose ``package/package.json`` names the package and version
    published. npm sends that file's name trimmed and its version cleaned (``semver.clean``: ``v1.2.3+b``
    is published as ``1.2.3``), so they are compared that way."""
    raw = tarball_member(content, "package/package.json", "the tarball")
    if raw is None:
        raise EndpointError(400, "Bad request: package.json not found in archive")
    package = json_document(raw, "package/package.json")
    named = package.get("name") if isinstance(package, dict) else None
    if not isinstance(named, str) or named.strip() != shown:
        raise EndpointError(
            400, f"Bad request: package/package.json names {_json_text(named)}, not '{shown}'"
        )
    declared = package.get("version")
    if not isinstance(declared, str) or clean(declared) != clean(version):
        raise EndpointError(
            400, f"Bad request: package/package.json has version {_json_text(declared)}, not '{version}'"
        )


def _json_text(value: Any) -> str:
    """A value of a client's document as JSON writes it, cut short for a message."""
    text = json.dumps(value)
    return text if len(text) <= 100 else text[:97] + "..."


def _metadata(manifest: dict[str, Any], document: dict[str, Any], stored: dict[str, Any]) -> VersionMetadata:
    """What the manifest says, as DescribePackageVersion, its readme and its dependencies show it."""
    repository = manifest.get("repository")
    source = repository.get("url") if isinstance(repository, dict) else repository
    licenses = []
    declared = manifest.get("license")
    for entry in [declared] if declared is not None else manifest.get("licenses") or []:
        if isinstance(entry, str) and entry:
            licenses.append({"name": entry})
        elif isinstance(entry, dict) and isinstance(entry.get("type"), str):
            licenses.append(
                {
                    "name": entry["type"],
                    **({"url": entry["url"]} if isinstance(entry.get("url"), str) else {}),
                }
            )
    dependencies = []
    for field, dependency_type in _DEPENDENCY_TYPES.items():
        declared_map = manifest.get(field)
        if not isinstance(declared_map, dict):
            continue
        for dependency, requirement in declared_map.items():
            scope, _, bare = (
                dependency[1:].partition("/") if dependency.startswith("@") else (None, "", dependency)
            )
            entry = {"package": bare, "dependencyType": dependency_type}
            if scope:
                entry["namespace"] = scope
            if isinstance(requirement, str) and requirement:
                entry["versionRequirement"] = requirement
            dependencies.append(entry)
    readme = manifest.get("readme") or document.get("readme")
    metadata = VersionMetadata(
        summary=text_value(manifest.get("description")),
        home_page=text_value(manifest.get("homepage")),
        source_code_repository=text_value(source),
        licenses=licenses,
        readme=text_value(readme),
        dependencies=dependencies,
    )
    metadata.document = stored
    return metadata


# -- npm deprecate ----------------------------------------------------------------------------------------


def _read_deprecations(scope: Optional[str], name: str, document: dict[str, Any]) -> dict[str, Optional[str]]:
    """npm deprecate PUTs the packument back with ``deprecated`` set (or "" to undo) on some versions:
    version -> message (None: not deprecated). Only ``deprecated`` is taken from the document."""
    _check_coordinates(scope, name, document)
    versions = document.get("versions")
    if not isinstance(versions, dict):
        raise EndpointError(
            400, "Bad request: a PUT without '_attachments' updates 'versions' (npm deprecate)"
        )
    wanted: dict[str, Optional[str]] = {}
    for version, manifest in versions.items():
        message = manifest.get("deprecated") if isinstance(manifest, dict) else 0
        if message is not None and not isinstance(message, str):
            raise EndpointError(400, f"Bad request: 'deprecated' of version '{version}' must be a string")
        wanted[version] = message or None
    return wanted


_DEPRECATE_HELD = "npm deprecate changes versions the repository holds"


def _deprecate(
    context: Context, scope: Optional[str], name: str, deprecations: dict[str, Optional[str]]
) -> EndpointResponse:
    """npm deprecate: the versions of the document whose ``deprecated`` changes. npm sends back every version
    of the packument it read, which through upstreams lists versions the repository does not hold: those
    left as they were shown are not changed; one changed is refused (404 when it is only upstream)."""
    package = _held(context, scope, name, _DEPRECATE_HELD)
    missing = [version for version in deprecations if version not in package.versions]
    if missing:
        shown = _shown_deprecations(context, scope, name)
        for absent in missing:
            if absent not in shown or shown[absent] != deprecations[absent]:
                if context.backend.upstream_source(context.repository, package.key, absent) is not None:
                    raise EndpointError(404, _not_held(context, scope, name, absent, _DEPRECATE_HELD))
                raise EndpointError(
                    400, f"Bad request: '{package.display_name}@{absent}' is not in this registry"
                )
    for version_name, message in deprecations.items():
        version = package.versions.get(version_name)
        if version is None:  # shown through the upstreams, and left as it was
            continue
        current = _manifest(package, version)
        if current.get("deprecated") == message:
            continue
        document = {key: value for key, value in current.items() if key != "deprecated"}
        if message is not None:
            document["deprecated"] = message
        # A new metadata object: a copied version (CopyPackageVersions) shares the original's.
        metadata = copy.copy(version.metadata) if version.metadata is not None else VersionMetadata()
        metadata.document = document
        version.metadata = metadata
    package.versions_changed()
    return json_response(200, {"ok": True})


def _shown_deprecations(context: Context, scope: Optional[str], name: str) -> dict[str, Optional[str]]:
    """version -> its ``deprecated`` message (None: none), as the repository's packument shows them."""
    found = context.backend.listing(context.repository, (FORMAT, scope, name))
    if found is None:
        return {}
    return {v.version: _manifest(found.package, v).get("deprecated") or None for v in found.versions}
