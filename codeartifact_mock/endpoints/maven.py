"""Maven: the repository layout mvn deploys to and resolves from (spec section 6).

Relative to ``/maven/<repository>/``, with the groupId written as a path (``com/acme``):

- ``PUT <group>/<artifact>/<version>/<file>``: an asset of the version (``<artifact>-<version>.jar``,
  ``...-sources.jar``, ``.pom``...). A new version is created Unfinished; what an existing one takes is the
  lifecycle table's ``PUBLISH_AGAIN`` row. 201 for a new asset, 200 for the same bytes again.
- ``PUT <file>.md5|.sha1|.sha256|.sha512``: compared, case-sensitively, with the asset's lower-case hash (400
  when it differs, remembered against the version; 404 without the asset). Never stored as an asset.
- ``PUT <group>/<artifact>/maven-metadata.xml``: completes the Unfinished versions it lists (Published, the
  file kept as their ``maven-metadata.xml`` asset); 400 when one of them had a checksum mismatch.
- ``GET`` (and ``HEAD``) of a file: for downloadable versions; of ``maven-metadata.xml``: generated from the
  listed versions, in publish order; ``.md5``... of either: the hash of what the GET would answer.

SNAPSHOT versions, as CodeArtifact keeps them (user guide, "Use Maven snapshots"): only unique snapshots.
Each build's files (``1.0-SNAPSHOT/core-1.0-20210728.194552-1.jar``) make a version of its own,
``1.0-20210728.194552-1``, Unfinished; the SNAPSHOT's own ``1.0-SNAPSHOT/maven-metadata.xml`` naming that
build then keeps the build Unlisted and makes ``1.0-SNAPSHOT`` the Published version holding the build's
assets (``EndpointBackend.publish_snapshot``). Reading, that ``maven-metadata.xml`` is made from the
SNAPSHOT's assets (``<snapshot>``, ``<snapshotVersions>``); a build's file comes from that build, and a file
named after the SNAPSHOT itself (``core-1.0-SNAPSHOT.jar``) from the SNAPSHOT. A non-unique (Maven 2) upload
is a 400.
Through upstreams, an upstream's SNAPSHOT answers before the repository's own, and what a client downloads
from it is kept as it stands there, the SNAPSHOT with its newest build (``_in_snapshot``).

POMs and metadata are read by ``documents.xml_document``, which refuses any document with a DOCTYPE (so no
entity can expand).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from datetime import timezone
from typing import NamedTuple, Optional
from xml.sax.saxutils import escape

from ..backend import formats, lifecycle
from ..backend.endpoint_backend import Upload
from ..backend.entities import Asset, Package, PackageKey, PackageVersion, VersionMetadata
from ..backend.resolution import Listing
from ..wire import service_model
from ..wire.validate import validation_message, value_problems
from . import conditional
from .documents import xml_document
from .http import (
    PUBLISH,
    PUT_METADATA,
    READ,
    Context,
    EndpointError,
    EndpointRequest,
    EndpointResponse,
    Plan,
    bytes_response,
    text_response,
)

error_response = text_response  # mvn prints an error's status line and reason, and logs the body

FORMAT = "maven"
METADATA = "maven-metadata.xml"
# The checksum files Maven reads and writes: extension -> the name of the asset hash (as the API shows it).
CHECKSUMS = {"md5": "MD5", "sha1": "SHA-1", "sha256": "SHA-256", "sha512": "SHA-512"}
SNAPSHOT = formats.MAVEN_SNAPSHOT
# A unique snapshot build's timestamp and number (``20210728.194552-1``), and what follows "<artifact>-<base
# version>-" in the name of one of its files: those, an optional classifier and the extension.
_STAMP = r"[0-9]{8}\.[0-9]{6}-[0-9]+"
_BUILD_STAMP = re.compile(_STAMP)
_BUILD_FILE = re.compile(rf"(?P<stamp>{_STAMP})(?:-(?P<classifier>[^.]+))?\.(?P<extension>.+)")
_NOT_UNIQUE = (
    "codeartifact supports only unique snapshots, whose files are named "
    "<artifact>-<version>-<yyyyMMdd.HHmmss>-<build number> and listed by the SNAPSHOT's maven-metadata.xml, "
    "as Maven 3 deploys them; it does not support the non-unique snapshots of Maven 2"
)
_GROUP_SEGMENT = re.compile(r"[A-Za-z0-9_-]+")  # a groupId's parts; the path's "/" are its "."
_ARTIFACT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
_VERSION = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.+-]*")
_FILE = re.compile(r"[A-Za-z0-9_.+-]+")
# A ``${name}`` reference. The name excludes "$" and "{": a "${" without its "}" then costs a scan to the next
# "$" only, not to the end of the text (which made "${" repeated quadratic).
_PROPERTY = re.compile(r"\$\{([^${}]+)\}")
_LAYOUT = "Maven files are at <group path>/<artifact>/<version>/<file>"


class Target(NamedTuple):
    """What a Maven path names: a version's file, a package's ``maven-metadata.xml`` (``version`` None) or a
    SNAPSHOT's (``version`` the SNAPSHOT); ``checksum``: the extension of a checksum file of it (``sha1``...),
    else None. In a SNAPSHOT's directory, ``snapshot`` is the SNAPSHOT (``1.0-SNAPSHOT``) and ``version`` the
    build a file's name names (``1.0-20210728.194552-1``), or the SNAPSHOT itself."""

    group: str
    artifact: str
    version: Optional[str]
    filename: str
    checksum: Optional[str]
    snapshot: Optional[str] = None


def operation(method: str, path: str) -> str:
    if method in ("GET", "HEAD"):
        return READ
    if method == "PUT":
        name = path.rsplit("/", 1)[-1]
        stem, dot, extension = name.rpartition(".")
        checked = stem if dot and extension in CHECKSUMS else name  # a checksum file: of what
        return PUT_METADATA if checked == METADATA else PUBLISH
    raise EndpointError(405, f"Method {method} is not allowed: Maven repositories take GET, HEAD and PUT")


def plan(request: EndpointRequest) -> Plan:
    target = read_path(request.path, writing=request.method == "PUT")
    if request.method != "PUT":
        return Plan(target.group, target.artifact, target.version, lambda context: _read(context, target))
    if target.checksum is not None:
        sent = _checksum_text(request.body, target.checksum)
        group, artifact, version = target.group, target.artifact, target.version
        return Plan(group, artifact, version, lambda context: _put_checksum(context, target, sent))
    if target.version is None:
        listed = _metadata_versions(request.body, target)
        body = request.body
        return Plan(
            target.group, target.artifact, None, lambda context: _put_metadata(context, target, listed, body)
        )
    if target.filename == METADATA:  # a SNAPSHOT's own: it names the newest build
        build, body = _snapshot_build(request.body, target), request.body
        return Plan(
            target.group,
            target.artifact,
            target.version,
            lambda context: _put_snapshot_metadata(context, target, build, body),
        )
    metadata = _pom_metadata(request.body) if target.filename.endswith(".pom") else None
    upload = Upload(
        FORMAT,
        target.group,
        target.artifact,
        target.version,
        target.filename,
        request.body,
        metadata,
        status=lifecycle.UNFINISHED,  # until the package's maven-metadata.xml lists it
    )
    return Plan(target.group, target.artifact, target.version, lambda context: _put_file(context, upload))


def read_path(path: str, writing: bool) -> Target:
    """The target of a path below the repository; ``EndpointError`` (404 reading, 400 writing) for a path
    that names none, and 400 for a non-unique SNAPSHOT file written."""
    not_found = 400 if writing else 404
    parts = path.split("/")
    name, checksum = parts[-1], None
    stem, dot, extension = name.rpartition(".")
    if dot and extension in CHECKSUMS:
        name, checksum = stem, extension
    snapshot = parts[-2] if len(parts) >= 2 and parts[-2].endswith(SNAPSHOT) else None
    is_metadata = name == METADATA and snapshot is None  # the package's; a SNAPSHOT's is the version's file
    coordinates = parts[:-1] if is_metadata else parts[:-2]  # group parts and the artifact
    if len(coordinates) < 2:
        raise EndpointError(not_found, f"Not found: no artifact in this path; {_LAYOUT}")
    group_parts, artifact = coordinates[:-1], coordinates[-1]
    version = None if is_metadata else parts[-2]
    if not all(_GROUP_SEGMENT.fullmatch(part) for part in group_parts) or not _ARTIFACT.fullmatch(artifact):
        raise EndpointError(not_found, f"Not found: not a Maven groupId and artifactId; {_LAYOUT}")
    if version is not None and not _VERSION.fullmatch(version):
        raise EndpointError(not_found, f"Not found: {version!r} is not a Maven version; {_LAYOUT}")
    if snapshot is not None and name != METADATA:
        build = _build_file(artifact, snapshot, name)
        if build is not None:
            version = build[0]
        elif writing:
            raise EndpointError(400, f"Bad request: {name} is a non-unique snapshot file: {_NOT_UNIQUE}")
    if not is_metadata and name != METADATA:
        prefix = f"{artifact}-{version}"
        after = name[len(prefix) : len(prefix) + 1]  # "." (extension) or "-" (classifier)
        if not (_FILE.fullmatch(name) and name.startswith(prefix) and after and after in "-."):
            raise EndpointError(
                not_found, f"Not found: file {name!r} does not belong to {artifact} {version}; {_LAYOUT}"
            )
        if name in (prefix, prefix + ".", prefix + "-"):
            raise EndpointError(not_found, f"Not found: file {name!r} has no extension; {_LAYOUT}")
    group = ".".join(group_parts)
    shape = service_model().shape_for
    problems = value_problems(shape("PackageNamespace"), group, "namespace")
    problems += value_problems(shape("PackageName"), artifact, "package")
    if version is not None:
        problems += value_problems(shape("PackageVersion"), version, "packageVersion")
        problems += value_problems(shape("AssetName"), name, "assetName")
    if problems:
        raise EndpointError(400 if writing else 404, validation_message(problems))
    return Target(group, artifact, version, name, checksum, snapshot)


def _build_file(artifact: str, snapshot: str, filename: str) -> Optional[tuple[str, Optional[str], str]]:
    """(build version, classifier, extension) of a unique snapshot build's file of ``artifact`` in the
    ``snapshot`` directory (``core-1.0-20210728.194552-1-sources.jar`` in ``1.0-SNAPSHOT``: ``1.0-20210728.
    194552-1``, ``sources``, ``jar``); None for a file named otherwise."""
    base = snapshot[: -len(SNAPSHOT)]
    prefix = f"{artifact}-{base}-"
    match = _BUILD_FILE.fullmatch(filename, len(prefix)) if filename.startswith(prefix) else None
    if match is None:
        return None
    return f"{base}-{match.group('stamp')}", match.group("classifier"), match.group("extension")


# -- reading ----------------------------------------------------------------------------------------------


def _package(context: Context, target: Target) -> Optional[Package]:
    return context.repository.packages.get((FORMAT, target.group, target.artifact))


def _read(context: Context, target: Target) -> EndpointResponse:
    key = (FORMAT, target.group, target.artifact)
    asset: Optional[Asset] = None
    if target.version is None:
        validators = conditional.document(context, key, METADATA)  # (a 304 is decided here)
        # Made once per state of what it lists (``resolution.kept_document``).
        body = context.backend.kept_document(context.repository, key, METADATA, generated_metadata)
        if body is None:
            raise EndpointError(404, f"Not found: no listed versions of {target.group}:{target.artifact}")
        content_type = "text/xml"
    elif target.filename == METADATA:  # a SNAPSHOT's, from where the search finds that SNAPSHOT
        validators = conditional.document(context, key, (METADATA, target.version))
        holder = context.backend.snapshot_holder(context.repository, key, target.version)
        body = None if holder is None else snapshot_metadata(holder.package, target.version)
        if body is None:
            raise EndpointError(
                404, f"Not found: {target.group}:{target.artifact} has no downloadable {target.version} build"
            )
        content_type = "text/xml"
    else:
        asset = None if target.snapshot is None else _in_snapshot(context, key, target)
        if asset is None:
            # Found here or through the upstreams (and then kept here, every file: ``resolution.download``).
            filename = target.filename
            asset = context.backend.download(
                context.repository, key, target.version, lambda version: version.assets.get(filename)
            )
        if asset is None:
            raise EndpointError(
                404,
                f"Not found: {target.group}:{target.artifact} {target.version} has no downloadable file "
                f"{target.filename}",
            )
        body, content_type = asset.content, _content_type(target.filename)
        validators = conditional.file(asset)
    if target.checksum is not None:  # a stored asset's hashes are kept; the generated metadata's made now
        # (its validators are those of what it is the checksum of: it changes when that does)
        checksum = (Asset(body) if asset is None else asset).hashes()[CHECKSUMS[target.checksum]]
        return bytes_response(checksum.encode(), "text/plain", headers=validators)
    return bytes_response(body, content_type, headers=validators)


def _in_snapshot(context: Context, key: PackageKey, target: Target) -> Optional[Asset]:
    """A file in a SNAPSHOT's directory, through the repository; None to look for the version the file's
    name names as for any other file (``resolution.download``).

    A build the repository holds answers for its own files. Otherwise the SNAPSHOT answers where the
    repository's search finds it (``resolution.snapshot_holder``: an upstream's before the repository's
    own), by ``_file``'s rules; a file served from an upstream keeps its version here, and, when that is the
    SNAPSHOT or the newest build it holds, both of them: the repository then holds the SNAPSHOT as the
    upstream does, its newest build Unlisted beside it (``resolution.keep``)."""
    assert target.snapshot is not None and target.version is not None
    own = context.repository.packages.get(key)
    if own is not None and target.version != target.snapshot and target.version in own.versions:
        found = _file(own, target)
        return None if found is None else found[1]
    holder = context.backend.snapshot_holder(context.repository, key, target.snapshot)
    found = None if holder is None else _file(holder.package, target)
    if holder is None or found is None:
        return None
    version, asset = found
    if holder.package is not own:
        snapshot = holder.package.versions.get(target.snapshot)
        newest = None if snapshot is None else _held_build(holder.package, snapshot)
        kept = [version]
        if version is snapshot or version is newest:
            kept = [held for held in (newest, snapshot) if held is not None]
        context.backend.keep(context.repository, holder, kept)
    return asset


def _file(package: Package, target: Target) -> Optional[tuple[PackageVersion, Asset]]:
    """The downloadable file a path names in ``package``, with the version that holds it: the version's. In
    a SNAPSHOT's directory, a build's file once the build is gone comes from the SNAPSHOT if it still holds
    it, and a file named after the SNAPSHOT itself (``core-1.0-SNAPSHOT.jar``) is the SNAPSHOT's own, else
    the same file of the build it holds."""
    assert target.version is not None
    wanted = [(target.version, target.filename)]
    snapshot = None if target.snapshot is None else package.versions.get(target.snapshot)
    if snapshot is not None and target.version != target.snapshot:
        if target.version not in package.versions:  # the build was deleted (an Archived one stays 404)
            wanted.append((snapshot.version, target.filename))
    elif snapshot is not None:
        suffix = target.filename[len(f"{package.name}-{snapshot.version}") :]  # "-sources.jar", ".pom"
        for build, filename in _build_files(package, snapshot):
            if filename == f"{package.name}-{build[0]}{suffix}":
                wanted.append((snapshot.version, filename))
    for name, filename in wanted:
        version = package.versions.get(name)
        if version is not None and version.status in lifecycle.DOWNLOADABLE:
            asset = version.assets.get(filename)
            if asset is not None:
                return version, asset
    return None


def _build_files(
    package: Package, snapshot: PackageVersion
) -> list[tuple[tuple[str, Optional[str], str], str]]:
    """The files of unique builds a SNAPSHOT version holds: ((build version, classifier, extension), file
    name) for each (none for a seeded SNAPSHOT, whose files are named after itself)."""
    files = ((_build_file(package.name, snapshot.version, name), name) for name in snapshot.assets)
    return [(build, name) for build, name in files if build is not None]


def _held_build(package: Package, snapshot: PackageVersion) -> Optional[PackageVersion]:
    """The build version whose files a SNAPSHOT holds (its newest), if the package still has it."""
    files = _build_files(package, snapshot)
    return package.versions.get(files[0][0][0]) if files else None


def snapshot_metadata(package: Package, snapshot: str) -> Optional[bytes]:
    """A SNAPSHOT's ``maven-metadata.xml``, as Maven 3 writes it: the build the SNAPSHOT holds
    (``<snapshot>``) and each of its files (``<snapshotVersions>``); None when the SNAPSHOT is missing, not
    downloadable, or holds no unique build's files (a seeded one: clients then ask for its own files)."""
    version = package.versions.get(snapshot)
    if version is None or version.status not in lifecycle.DOWNLOADABLE:
        return None
    files = [build for build, _name in _build_files(package, version)]
    if not files:
        return None
    stamp = files[0][0][len(snapshot) - len(SNAPSHOT) + 1 :]  # "20210728.194552-1"
    timestamp, _, number = stamp.rpartition("-")
    updated = version.published.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S")
    entries = "".join(
        "      <snapshotVersion>\n"
        + (f"        <classifier>{escape(classifier)}</classifier>\n" if classifier else "")
        + f"        <extension>{escape(extension)}</extension>\n"
        f"        <value>{escape(build)}</value>\n"
        f"        <updated>{updated}</updated>\n"
        "      </snapshotVersion>\n"
        for build, classifier, extension in files
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<metadata modelVersion="1.1.0">\n'
        f"  <groupId>{escape(package.namespace or '')}</groupId>\n"
        f"  <artifactId>{escape(package.name)}</artifactId>\n"
        f"  <version>{escape(snapshot)}</version>\n"
        "  <versioning>\n"
        f"    <snapshot>\n      <timestamp>{timestamp}</timestamp>\n"
        f"      <buildNumber>{number}</buildNumber>\n    </snapshot>\n"
        f"    <lastUpdated>{updated}</lastUpdated>\n"
        f"    <snapshotVersions>\n{entries}    </snapshotVersions>\n"
        "  </versioning>\n</metadata>\n"
    )
    return text.encode("utf-8")


def generated_metadata(found: Optional[Listing]) -> Optional[bytes]:
    """The package's ``maven-metadata.xml``: its listed versions (through the repository's upstreams) in
    publish order, the last as ``latest``, the last that is no SNAPSHOT as ``release``; None when no version
    is listed."""
    if found is None or not found.versions:
        return None
    package, versions = found.package, found.versions
    newest = versions[-1]
    releases = [v.version for v in versions if not v.version.endswith(SNAPSHOT)]
    release = f"    <release>{escape(releases[-1])}</release>\n" if releases else ""
    updated = max(v.published for v in versions).astimezone(timezone.utc).strftime("%Y%m%d%H%M%S")
    lines = "".join(f"      <version>{escape(v.version)}</version>\n" for v in versions)
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<metadata>\n'
        f"  <groupId>{escape(package.namespace or '')}</groupId>\n"
        f"  <artifactId>{escape(package.name)}</artifactId>\n"
        "  <versioning>\n"
        f"    <latest>{escape(newest.version)}</latest>\n"
        f"{release}"
        f"    <versions>\n{lines}    </versions>\n"
        f"    <lastUpdated>{updated}</lastUpdated>\n"
        "  </versioning>\n</metadata>\n"
    )
    return text.encode("utf-8")


def _content_type(filename: str) -> str:
    if filename.endswith((".pom", ".xml")):
        return "text/xml"
    if filename.endswith(".jar"):
        return "application/java-archive"
    return "application/octet-stream"


# -- writing ----------------------------------------------------------------------------------------------


def _created(changed: bool) -> EndpointResponse:
    """201 when the upload stored something new, 200 when it was already there."""
    return EndpointResponse(201 if changed else 200, [("Content-Length", "0")], b"")


def _put_file(context: Context, upload: Upload) -> EndpointResponse:
    _version, changed = context.backend.upload(context.repository, upload)
    return _created(changed)


def _put_checksum(context: Context, target: Target, sent: str) -> EndpointResponse:
    assert target.checksum is not None
    package = _package(context, target)
    version = None
    held: Optional[Asset] = None
    if target.version is None or target.filename == METADATA:  # of the maven-metadata.xml last uploaded there
        content = None if package is None else package.uploaded_metadata.get(target.version)
    else:
        version = None if package is None else package.versions.get(target.version)
        held = None if version is None else version.assets.get(target.filename)
        content = None if held is None else held.content
    if content is None:
        raise EndpointError(
            404, f"Not found: no {target.filename} was uploaded for {target.group}:{target.artifact}"
        )
    checked = Asset(content) if held is None else held  # a stored asset's hashes are kept
    # case-sensitive: Maven writes lower-case hex
    matches = sent == checked.hashes()[CHECKSUMS[target.checksum]]
    if version is not None:  # remembered: the metadata upload refuses a version with a mismatch
        mismatches, checksum_file = (
            version.checksum_mismatches or set(),
            f"{target.filename}.{target.checksum}",
        )
        if matches:
            mismatches.discard(checksum_file)
        else:
            mismatches.add(checksum_file)
        version.checksum_mismatches = mismatches or None
    if not matches:
        raise EndpointError(
            400,
            f"Bad request: the {target.checksum} checksum sent for {target.filename} does not match its "
            "content",
        )
    return _created(False)


def _put_metadata(context: Context, target: Target, listed: list[str], body: bytes) -> EndpointResponse:
    """Complete every Unfinished version ``listed``: all of them, or none when one cannot be."""
    package = _package(context, target)
    if package is None:
        raise EndpointError(404, f"Not found: no versions of {target.group}:{target.artifact} were uploaded")
    completing: list[PackageVersion] = []
    for name in listed:
        version = package.versions.get(name)
        # A version a publish completes (the lifecycle table's FINISHED): Unfinished.
        if version is None or lifecycle.PUBLISH_AGAIN[version.status] != lifecycle.FINISHED:
            continue
        if version.checksum_mismatches:
            raise EndpointError(
                400,
                f"Bad request: {target.group}:{target.artifact} {name} cannot be published: the uploaded "
                f"{', '.join(sorted(version.checksum_mismatches))} did not match",
            )
        held = version.assets.get(METADATA)
        if held is not None and held.content != body:
            raise EndpointError(409, f"Conflict: {name} already holds another {METADATA}")
        completing.append(version)
    for version in completing:
        context.backend.upload(
            context.repository, Upload(FORMAT, target.group, target.artifact, version.version, METADATA, body)
        )
    changed = bool(completing) or package.uploaded_metadata.get(None) != body
    package.uploaded_metadata[None] = body
    return _created(changed)


def _put_snapshot_metadata(context: Context, target: Target, build: str, body: bytes) -> EndpointResponse:
    """A SNAPSHOT's ``maven-metadata.xml``, naming its newest build: that build (whose files were uploaded)
    is kept Unlisted and the SNAPSHOT made the Published version holding its assets."""
    assert target.version is not None
    package = _package(context, target)
    version = None if package is None else package.versions.get(build)
    if package is None or version is None:
        raise EndpointError(
            400,
            f"Bad request: {METADATA} names build {build} of {target.group}:{target.artifact} "
            f"{target.version}, whose files were not uploaded",
        )
    if version.checksum_mismatches:
        raise EndpointError(
            400,
            f"Bad request: {target.group}:{target.artifact} {build} cannot be published: the uploaded "
            f"{', '.join(sorted(version.checksum_mismatches))} did not match",
        )
    changed = context.backend.publish_snapshot(
        context.repository, target.group, target.artifact, target.version, build
    )
    changed = changed or package.uploaded_metadata.get(target.version) != body
    package.uploaded_metadata[target.version] = body
    return _created(changed)


def _checksum_text(body: bytes, extension: str) -> str:
    """The hash a checksum file holds: its first word (``sha1sum`` adds the file name after it)."""
    try:
        words = body.decode("ascii").split()
    except UnicodeDecodeError:
        raise EndpointError(400, f"Bad request: a .{extension} file holds a hexadecimal hash") from None
    return words[0] if words else ""


# -- documents ----------------------------------------------------------------------------------------------


def _text(element: Optional[ElementTree.Element], path: str) -> Optional[str]:
    found = None if element is None else element.find(path)
    text = None if found is None or found.text is None else " ".join(found.text.split())
    return text or None


def _metadata_root(body: bytes, coordinates: tuple[tuple[str, str], ...]) -> ElementTree.Element:
    """A ``maven-metadata.xml``'s ``<metadata>`` element (400 when it is not one, or names another of
    ``coordinates``: (field, what its path names) pairs)."""
    root = xml_document(body, f"the {METADATA}")
    if root.tag != "metadata":
        raise EndpointError(400, f"Bad request: {METADATA} must have a <metadata> root element")
    for field, expected in coordinates:
        value = _text(root, field)
        if value is not None and value != expected:
            raise EndpointError(
                400, f"Bad request: {METADATA} names {field} {value}, but its path names {expected}"
            )
    return root


def _metadata_versions(body: bytes, target: Target) -> list[str]:
    """The versions a package-level ``maven-metadata.xml`` lists (400 when it is not one of this package)."""
    root = _metadata_root(body, (("groupId", target.group), ("artifactId", target.artifact)))
    versions = [_text(element, ".") for element in root.findall("versioning/versions/version")]
    versions.append(_text(root, "version"))
    return [version for version in dict.fromkeys(versions) if version is not None]


def _snapshot_build(body: bytes, target: Target) -> str:
    """The build a SNAPSHOT's ``maven-metadata.xml`` names (``1.0-20210728.194552-1``) by its
    ``<snapshot>``'s ``<timestamp>`` and ``<buildNumber>`` (400 for a document of another version, or of a
    non-unique snapshot, which has neither)."""
    assert target.version is not None
    root = _metadata_root(
        body, (("groupId", target.group), ("artifactId", target.artifact), ("version", target.version))
    )
    stamp = f"{_text(root, 'versioning/snapshot/timestamp')}-{_text(root, 'versioning/snapshot/buildNumber')}"
    if _BUILD_STAMP.fullmatch(stamp) is None:
        raise EndpointError(
            400,
            f"Bad request: {METADATA} of {target.version} names no unique build (a <snapshot> with "
            f"<timestamp> yyyyMMdd.HHmmss and <buildNumber>): {_NOT_UNIQUE}",
        )
    return f"{target.version[: -len(SNAPSHOT)]}-{stamp}"


def _pom_metadata(body: bytes) -> VersionMetadata:
    """What a POM says about its version, as DescribePackageVersion and ListPackageVersionDependencies
    show it: summary (description, else name), home page, source repository, licenses, dependencies (the
    ``<parent>`` as dependencyType ``parent``, the others by scope)."""
    project = xml_document(body, "the POM")
    if project.tag != "project":
        raise EndpointError(400, "Bad request: a POM must have a <project> root element")
    properties = {str(child.tag): _text(child, ".") or "" for child in project.findall("properties/*")}
    for key in ("groupId", "artifactId", "version"):  # ${project.version}...; a child inherits its parent's
        value = _text(project, key) or _text(project, f"parent/{key}")
        if value is not None:
            properties[f"project.{key}"] = value

    def resolved(value: Optional[str]) -> Optional[str]:
        if value is None:
            return None
        return _PROPERTY.sub(lambda m: properties.get(m.group(1), m.group(0)), value)

    dependencies = []
    parent = project.find("parent")
    elements: list[tuple[ElementTree.Element, Optional[str]]] = [] if parent is None else [(parent, "parent")]
    elements += [(dependency, None) for dependency in project.findall("dependencies/dependency")]
    for element, kind in elements:
        artifact = resolved(_text(element, "artifactId"))
        if artifact is None:
            continue
        dependency = {"namespace": resolved(_text(element, "groupId")), "package": artifact}
        dependency["dependencyType"] = kind or resolved(_text(element, "scope")) or "compile"
        dependency["versionRequirement"] = resolved(_text(element, "version"))
        dependencies.append({key: value for key, value in dependency.items() if value is not None})
    licenses = []
    for element in project.findall("licenses/license"):
        license = {"name": _text(element, "name"), "url": _text(element, "url")}
        if license["name"] or license["url"]:
            licenses.append({key: value for key, value in license.items() if value is not None})
    return VersionMetadata(
        summary=resolved(_text(project, "description") or _text(project, "name")),
        home_page=resolved(_text(project, "url")),
        source_code_repository=resolved(_text(project, "scm/url")),
        licenses=licenses,
        dependencies=dependencies,
    )
