"""PyPI: PEP 503 project pages, file downloads, and twine's uploads (spec section 4).

Relative to ``/pypi/<repository>/``:

- ``GET simple/<project>/``: a PEP 503 page of every file of every listed version, any spelling of the
  name; ``simple/<project>`` redirects there; no ``simple/`` root index (AWS serves none).
- ``GET simple/<project>/<version>/<filename>``: the file, for versions whose status is downloadable.
- ``POST`` (the repository URL itself): twine's ``multipart/form-data`` upload, ``:action=file_upload``.

Which versions are listed, downloadable, or take another upload is the lifecycle table's to say.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Optional
from urllib.parse import quote

from ..backend.endpoint_backend import Upload
from ..backend.entities import PackageVersion, VersionMetadata
from ..backend.formats import stored_coordinates
from ..backend.resolution import Listing
from ..wire import service_model
from ..wire.validate import validation_message, value_problems
from . import conditional
from .http import (
    PUBLISH,
    READ,
    Context,
    EndpointError,
    EndpointRequest,
    EndpointResponse,
    Plan,
    bytes_response,
    text_response,
)

if TYPE_CHECKING:
    from packaging.version import Version

# Names, versions, requirements and file names are read by ``packaging``, as pip reads them. It is imported
# where it is used, so it loads with the first PyPI request rather than with ``import codeartifact_mock``
# (its modules take as long to import as the rest of the mock: docs/performance.md).

FORMAT = "pypi"
_CORE_METADATA = "https://packaging.python.org/specifications/core-metadata"
_EXTENSIONS = (
    "Invalid file extension: Use .tar.gz, .whl or .zip extension. "
    "See https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more information"
)
_DIGESTS = {"sha256_digest": "sha256", "md5_digest": "md5", "blake2_256_digest": "blake2b"}
_HTML_HEAD = (
    '<!DOCTYPE html>\n<html>\n  <head>\n    <meta name="pypi:repository-version" content="1.0">\n'
    "    <title>Links for {name}</title>\n  </head>\n  <body>\n    <h1>Links for {name}</h1>\n"
)


def operation(method: str, path: str) -> str:
    if method in ("GET", "HEAD"):
        if path.startswith("simple/"):
            return READ
        raise EndpointError(404, "Not found: PyPI pages are under simple/")
    if method == "POST":
        if path in ("", "legacy/"):
            return PUBLISH
        raise EndpointError(404, "Not found: twine uploads go to the repository URL itself")
    raise EndpointError(405, f"Method {method} is not allowed here")


error_response = text_response  # errors are short text answers (twine and pip print them)


def normalized(name: str) -> str:
    """PEP 503: lower case, runs of ``.-_`` as one ``-`` (as the backend stores PyPI names)."""
    return stored_coordinates(FORMAT, None, name)[1]


def _project_name(text: str) -> Optional[str]:
    """The normalized name of a valid project name (the core metadata's rule), else None."""
    from packaging.utils import InvalidName, canonicalize_name

    try:
        return canonicalize_name(text, validate=True)
    except InvalidName:
        return None


def plan(request: EndpointRequest) -> Plan:
    if request.method == "POST":
        upload = _read_upload(request)
        return Plan(
            None, normalized(upload.package), upload.version, lambda context: _publish(context, upload)
        )
    parts = request.path.split("/")  # "simple", project, ["", | version, filename]
    name = _project_name(parts[1]) if len(parts) >= 2 else None
    if name is None:
        raise EndpointError(
            404, "Not found: codeartifact serves no simple/ root index; ask for simple/<project>/"
        )
    if len(parts) == 2:  # PEP 503: a page URL without its final "/" redirects to the one with it
        location = quote(parts[1]) + "/"
        return Plan(None, name, None, lambda context: EndpointResponse(301, [("Location", location)], b""))
    if len(parts) == 3 and not parts[2]:
        return Plan(None, name, None, lambda context: _page(context, name))
    if len(parts) == 4 and parts[2] and parts[3]:
        version, filename = parts[2], parts[3]
        return Plan(None, name, version, lambda context: _download(context, name, version, filename))
    raise EndpointError(404, "Not found: files are at simple/<project>/<version>/<filename>")


# -- reading ----------------------------------------------------------------------------------------------


def _page(context: Context, name: str) -> EndpointResponse:
    key = (FORMAT, None, name)
    validators = conditional.document(context, key, FORMAT)  # (a 304 is decided here, before the page)
    # Made once per state of what it shows (``resolution.kept_document``); None: nothing listable.
    body = context.backend.kept_document(context.repository, key, FORMAT, _make_page)
    if body is None:
        raise EndpointError(404, f"Not found: no listed versions of {name}")
    return bytes_response(body, "text/html; charset=utf-8", headers=validators)


def _make_page(found: Optional[Listing]) -> Optional[bytes]:
    if found is None:
        return None
    links = "".join(_links(found.versions))
    if not links:
        return None
    head = _HTML_HEAD.format(name=html.escape(found.package.name))
    return (head + links + "  </body>\n</html>\n").encode()


def _links(versions: list[PackageVersion]) -> Iterator[str]:
    """One anchor per file of every version listed, in their order (publish order): O(the page's size)."""
    for version in versions:
        metadata = version.metadata
        requires = "" if metadata is None or not metadata.requires_python else metadata.requires_python
        attribute = f' data-requires-python="{html.escape(requires)}"' if requires else ""
        prefix = quote(version.version, safe="")
        for filename, asset in version.assets.items():
            href = html.escape(f"{prefix}/{quote(filename, safe='')}#sha256={asset.sha256}")
            yield f'    <a href="{href}"{attribute}>{html.escape(filename)}</a><br/>\n'


def _download(context: Context, name: str, version_name: str, filename: str) -> EndpointResponse:
    # Found here or through the upstreams (and then kept here: ``resolution.download``).
    key = (FORMAT, None, name)
    asset = context.backend.download(context.repository, key, version_name, lambda v: v.assets.get(filename))
    if asset is None:
        raise EndpointError(404, f"Not found: {name} {version_name} has no downloadable file {filename}")
    return bytes_response(asset.content, "application/octet-stream", headers=conditional.file(asset))


# -- twine's upload ---------------------------------------------------------------------------------------


def _publish(context: Context, upload: Upload) -> EndpointResponse:
    context.backend.upload(context.repository, upload)
    return EndpointResponse(
        200, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", "3")], b"OK\n"
    )


def _read_upload(request: EndpointRequest) -> Upload:
    fields, files = _multipart(request.headers.get("content-type", ""), request.body)
    if _one(fields, ":action") != "file_upload":
        raise EndpointError(400, "Bad request: :action must be file_upload")
    name, version = _one(fields, "name"), _one(fields, "version")
    content = files.get("content")
    if name is None or version is None or content is None:
        raise EndpointError(400, "Bad request: an upload needs name, version and a content file")
    filename, data = content
    shape = service_model().shape_for
    problems = value_problems(shape("PackageName"), name, "package")
    problems += value_problems(shape("PackageVersion"), version, "packageVersion")
    problems += value_problems(shape("AssetName"), filename, "assetName")
    if "/" in filename or "\\" in filename or filename in (".", ".."):
        problems.append(f"Value '{filename}' at 'assetName' failed to satisfy constraint: not a file name")
    if problems:
        raise EndpointError(400, validation_message(problems))
    # PyPI's own checks, in its order and words: the name, the version, the other metadata, the file's name.
    from packaging.version import InvalidVersion, Version

    project = _project_name(name)
    if project is None:
        raise _invalid(name, "name")
    try:
        release = Version(version)
    except InvalidVersion:
        raise _invalid(version, "version") from None
    metadata = _metadata(fields)
    _check_filename(filename, name, project, release)
    for field, algorithm in _DIGESTS.items():
        sent = _one(fields, field)
        if sent is None:
            continue
        digest = (
            hashlib.blake2b(data, digest_size=32) if algorithm == "blake2b" else hashlib.new(algorithm, data)
        )
        if sent.strip().lower() != digest.hexdigest():
            raise EndpointError(400, f"Bad request: {field} does not match the uploaded file's content")
    return Upload(FORMAT, None, name, version, filename, data, metadata)


def _invalid(value: str, field: str) -> EndpointError:
    """PyPI's answer to a core metadata field that does not parse (packaging's words, then its pointer)."""
    shown = value if len(value) <= 60 else f"{value[:30]}...{value[-30:]}"  # as PyPI cuts long values
    return EndpointError(
        400, f"{shown!r} is invalid for '{field}'. See {_CORE_METADATA} for more information."
    )


def _check_filename(filename: str, name: str, project: str, release: Version) -> None:
    """A wheel or sdist of this project and version (PyPI's checks and words; packaging reads the name)."""
    from packaging.utils import (
        InvalidSdistFilename,
        InvalidWheelFilename,
        parse_sdist_filename,
        parse_wheel_filename,
    )

    try:
        if filename.endswith(".whl"):
            found, found_version, _build, _tags = parse_wheel_filename(filename)
        elif filename.endswith((".tar.gz", ".zip")):
            found, found_version = parse_sdist_filename(filename)
        else:
            raise EndpointError(400, _EXTENSIONS)
    except InvalidWheelFilename as error:
        raise EndpointError(400, str(error)) from None
    except InvalidSdistFilename:
        raise EndpointError(400, f"Invalid source distribution filename: {filename}") from None
    if found != project:
        raise EndpointError(400, f"Start filename for {name!r} with {project.replace('-', '_')!r}.")
    if found_version != release:
        raise EndpointError(
            400, f"Version in filename should be {str(release)!r} not {str(found_version)!r}."
        )


def _metadata(fields: dict[str, list[str]]) -> VersionMetadata:
    """What twine sends about the version, as DescribePackageVersion and its siblings show it."""
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    urls = {}
    for entry in fields.get("project_urls", []):
        label, _, url = entry.partition(",")
        urls[label.strip().lower().replace(" ", "").replace("-", "")] = url.strip()
    home_page = _one(fields, "home_page") or urls.get("homepage") or urls.get("home")
    source = urls.get("source") or urls.get("repository") or urls.get("sourcecode")
    license_name = _one(fields, "license_expression") or _one(fields, "license")
    if license_name and ("\n" in license_name or len(license_name) > 100):
        license_name = None  # a whole license text, not a name
    names = [license_name] if license_name else []
    if not names:
        classifiers = fields.get("classifiers", [])
        names = [
            c.rsplit("::", 1)[1].strip() for c in classifiers if c.startswith("License ::") and "::" in c[9:]
        ]
    dependencies = []
    for text in fields.get("requires_dist", []):
        if not text.strip():
            continue
        try:
            requirement = Requirement(text)
        except (InvalidRequirement, RecursionError):  # packaging before 25 recurses per "(" of a marker
            raise _invalid(text, "requires-dist") from None
        dependency = {"package": normalized(requirement.name)}
        if requirement.specifier:  # packaging's form: specifiers sorted, no blanks (">=2.0" or "<3,>=2.0")
            dependency["versionRequirement"] = str(requirement.specifier)
        dependencies.append(dependency)
    requires_python = _one(fields, "requires_python") or None
    if requires_python is not None:
        try:
            SpecifierSet(requires_python)
        except InvalidSpecifier:
            raise _invalid(requires_python, "requires-python") from None
    metadata = VersionMetadata(
        summary=_one(fields, "summary") or None,
        home_page=home_page or None,
        source_code_repository=source or None,
        licenses=[{"name": name} for name in names],
        readme=_one(fields, "description") or None,
        dependencies=dependencies,
    )
    metadata.requires_python = requires_python
    return metadata


def _one(fields: dict[str, list[str]], name: str) -> Optional[str]:
    values = fields.get(name)
    return values[0] if values else None


# Both run in time linear in the header: each repetition stops at a character that ends it (a quote, a ";",
# a blank). A quoted value is written as runs of plain characters between backslash pairs ("unrolled"): a
# run is one class repeated, which the regex engine scans in a tight loop, where one alternation per
# character kept a backtracking point per character (linear still, but 60 times slower at 200,000).
_BOUNDARY = re.compile(r'boundary=(?:"([^"]+)"|([^;\s]+))', re.IGNORECASE)
_DISPOSITION_PARAM = re.compile(r';\s*(\w+)="([^"\\]*(?:\\.[^"\\]*)*)"')
_BOUNDARY_LIMIT = 70  # RFC 2046's longest boundary; a longer one could make each search of the body cost more
_PART_HEADERS_LIMIT = 8 * 1024  # twine's part headers are a line or two; this bounds every scan of them


def _multipart(content_type: str, body: bytes) -> tuple[dict[str, list[str]], dict[str, tuple[str, bytes]]]:
    """``multipart/form-data``: text fields (name -> values) and files (name -> (filename, bytes)).

    Not the stdlib's ``email`` parser, the one multipart parser left in the stdlib (``cgi`` is gone in 3.13):
    it reads a header's parameters (``get_param``, ``get_filename``) in time quadratic in the header's length
    (a Content-Disposition of 200,000 ";" in a quoted value took 40 s, on 3.11 and 3.13 alike), and it takes
    a malformed body without complaint (its defects are only noted), and it reads a body line by line in
    Python: a 10 MB file took it 1 s (10.8 s when the file was newlines) where this reader took 0.07 s. This
    reader is one split on the delimiter and one partition per part: linear, and strict.
    """
    match = _BOUNDARY.search(content_type)
    if not content_type.lower().startswith("multipart/form-data") or match is None:
        raise EndpointError(400, "Bad request: an upload must be multipart/form-data with a boundary")
    boundary = match.group(1) or match.group(2)
    if len(boundary) > _BOUNDARY_LIMIT:
        raise EndpointError(400, f"Bad request: a multipart boundary is at most {_BOUNDARY_LIMIT} characters")
    delimiter = b"--" + boundary.encode("latin-1")
    if not body.startswith(delimiter):
        raise EndpointError(400, "Bad request: malformed multipart body")
    fields: dict[str, list[str]] = {}
    files: dict[str, tuple[str, bytes]] = {}
    chunks = body.split(b"\r\n" + delimiter)
    chunks[0] = chunks[0][len(delimiter) :]
    if len(chunks) < 2 or not chunks[-1].startswith(b"--"):
        raise EndpointError(400, "Bad request: malformed multipart body (no closing boundary)")
    for chunk in chunks[:-1]:
        head, separator, content = chunk.partition(b"\r\n\r\n")
        if not head.startswith(b"\r\n") or not separator:
            raise EndpointError(400, "Bad request: malformed multipart part")
        if len(head) > _PART_HEADERS_LIMIT:
            raise EndpointError(
                400, f"Bad request: a multipart part's headers are longer than {_PART_HEADERS_LIMIT} bytes"
            )
        try:
            headers = head.decode("utf-8").strip().split("\r\n")
        except UnicodeDecodeError:
            raise EndpointError(400, "Bad request: multipart headers are not UTF-8") from None
        disposition = next((h for h in headers if h.lower().startswith("content-disposition:")), None)
        params = dict(_DISPOSITION_PARAM.findall(disposition or ""))
        if "name" not in params:
            raise EndpointError(400, "Bad request: a multipart part without a form-data name")
        if "filename" in params:
            files[params["name"]] = (params["filename"], content)
            continue
        try:
            fields.setdefault(params["name"], []).append(content.decode("utf-8"))
        except UnicodeDecodeError:
            raise EndpointError(400, f"Bad request: field {params['name']} is not UTF-8") from None
    return fields, files
