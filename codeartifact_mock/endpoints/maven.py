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

SNAPSHOT versions (timestamped builds, version-level metadata) are not served yet: a PUT into a
``-SNAPSHOT`` directory is refused with 400 naming the limit. POMs and metadata are read by
``documents.xml_document``, which refuses any document with a DOCTYPE (so no entity can expand).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from datetime import timezone
from typing import NamedTuple, Optional
from xml.sax.saxutils import escape

from ..backend import lifecycle
from ..backend.entities import Asset, Package, PackageVersion, VersionMetadata
from ..backend.uploads import Upload
from ..wire import service_model
from ..wire.validate import validation_message, value_problems
from .documents import xml_document
from .http import (
    Context,
    EndpointError,
    EndpointRequest,
    EndpointResponse,
    Plan,
    bytes_response,
    text_response,
)

error_response = text_response  # mvn prints an error's status line and reason, and logs the body

READ, PUBLISH, PUT_METADATA = "ReadFromRepository", "PublishPackageVersion", "PutPackageMetadata"
FORMAT = "maven"
METADATA = "maven-metadata.xml"
# The checksum files Maven reads and writes: extension -> the name of the asset hash (as the API shows it).
CHECKSUMS = {"md5": "MD5", "sha1": "SHA-1", "sha256": "SHA-256", "sha512": "SHA-512"}
SNAPSHOT = "-SNAPSHOT"
_GROUP_SEGMENT = re.compile(r"[A-Za-z0-9_-]+")  # a groupId's parts; the path's "/" are its "."
_ARTIFACT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
_VERSION = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.+-]*")
_FILE = re.compile(r"[A-Za-z0-9_.+-]+")
# A ``${name}`` reference. The name excludes "$" and "{": a "${" without its "}" then costs a scan to the next
# "$" only, not to the end of the text (which made "${" repeated quadratic).
_PROPERTY = re.compile(r"\$\{([^${}]+)\}")
_LAYOUT = "Maven files are at <group path>/<artifact>/<version>/<file>"


class Target(NamedTuple):
    """What a Maven path names: a version's file, or a package's ``maven-metadata.xml`` (``version`` None);
    ``checksum``: the extension of a checksum file of it (``sha1``...), else None."""

    group: str
    artifact: str
    version: Optional[str]
    filename: str
    checksum: Optional[str]


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
    that names none, and 400 for a SNAPSHOT version."""
    not_found = 400 if writing else 404
    parts = path.split("/")
    name, checksum = parts[-1], None
    stem, dot, extension = name.rpartition(".")
    if dot and extension in CHECKSUMS:
        name, checksum = stem, extension
    is_metadata = name == METADATA
    if len(parts) >= 2 and parts[-2].endswith(SNAPSHOT):
        raise EndpointError(
            400 if writing else 404,
            f"SNAPSHOT versions are not supported by codeartifact-mock yet: {parts[-2]} "
            "(deploy a release version)",
        )
    coordinates = parts[:-1] if is_metadata else parts[:-2]  # group parts and the artifact
    if len(coordinates) < 2:
        raise EndpointError(not_found, f"Not found: no artifact in this path; {_LAYOUT}")
    group_parts, artifact = coordinates[:-1], coordinates[-1]
    version = None if is_metadata else parts[-2]
    if not all(_GROUP_SEGMENT.fullmatch(part) for part in group_parts) or not _ARTIFACT.fullmatch(artifact):
        raise EndpointError(not_found, f"Not found: not a Maven groupId and artifactId; {_LAYOUT}")
    if version is not None and not _VERSION.fullmatch(version):
        raise EndpointError(not_found, f"Not found: {version!r} is not a Maven version; {_LAYOUT}")
    if not is_metadata:
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
    return Target(group, artifact, version, name, checksum)


# -- reading ----------------------------------------------------------------------------------------------


def _package(context: Context, target: Target) -> Optional[Package]:
    return context.repository.packages.get((FORMAT, target.group, target.artifact))


def _read(context: Context, target: Target) -> EndpointResponse:
    package = _package(context, target)
    asset: Optional[Asset] = None
    if target.version is None:
        body = None if package is None else generated_metadata(package)
        if body is None:
            raise EndpointError(404, f"Not found: no listed versions of {target.group}:{target.artifact}")
        content_type = "text/xml"
    else:
        version = None if package is None else package.versions.get(target.version)
        if version is not None and version.status in lifecycle.DOWNLOADABLE:
            asset = version.assets.get(target.filename)
        if asset is None:
            raise EndpointError(
                404,
                f"Not found: {target.group}:{target.artifact} {target.version} has no downloadable file "
                f"{target.filename}",
            )
        body, content_type = asset.content, _content_type(target.filename)
    if target.checksum is not None:  # a stored asset's hashes are kept; the generated metadata's made now
        checksum = (Asset(body) if asset is None else asset).hashes()[CHECKSUMS[target.checksum]]
        return bytes_response(checksum.encode(), "text/plain")
    return bytes_response(body, content_type)


def generated_metadata(package: Package) -> Optional[bytes]:
    """The package's ``maven-metadata.xml``: its listed versions in publish order, the last as ``latest``
    and ``release``; None when no version is listed."""
    versions = [v for v in package.versions.by_publish_time.walk() if v.status in lifecycle.LISTED]
    if not versions:
        return None
    newest = versions[-1]
    updated = max(v.published for v in versions).astimezone(timezone.utc).strftime("%Y%m%d%H%M%S")
    lines = "".join(f"      <version>{escape(v.version)}</version>\n" for v in versions)
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<metadata>\n'
        f"  <groupId>{escape(package.namespace or '')}</groupId>\n"
        f"  <artifactId>{escape(package.name)}</artifactId>\n"
        "  <versioning>\n"
        f"    <latest>{escape(newest.version)}</latest>\n"
        f"    <release>{escape(newest.version)}</release>\n"
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
    repository = context.repository
    _version, changed = context.backend.upload(
        repository.domain.name, repository.domain.owner, repository.name, upload
    )
    return _created(changed)


def _put_checksum(context: Context, target: Target, sent: str) -> EndpointResponse:
    assert target.checksum is not None
    package = _package(context, target)
    version = None
    held: Optional[Asset] = None
    if target.version is None:  # the checksum of the maven-metadata.xml last uploaded
        content = None if package is None else package.uploaded_metadata
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
    repository = context.repository
    for version in completing:
        context.backend.upload(
            repository.domain.name,
            repository.domain.owner,
            repository.name,
            Upload(FORMAT, target.group, target.artifact, version.version, METADATA, body),
        )
    changed = bool(completing) or package.uploaded_metadata != body
    package.uploaded_metadata = body
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


def _metadata_versions(body: bytes, target: Target) -> list[str]:
    """The versions a package-level ``maven-metadata.xml`` lists (400 when it is not one of this package)."""
    root = xml_document(body, f"the {METADATA}")
    if root.tag != "metadata":
        raise EndpointError(400, f"Bad request: {METADATA} must have a <metadata> root element")
    for field, expected in (("groupId", target.group), ("artifactId", target.artifact)):
        value = _text(root, field)
        if value is not None and value != expected:
            raise EndpointError(
                400, f"Bad request: {METADATA} names {field} {value}, but its path names {expected}"
            )
    versions = [_text(element, ".") for element in root.findall("versioning/versions/version")]
    versions.append(_text(root, "version"))
    return [version for version in dict.fromkeys(versions) if version is not None]


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
