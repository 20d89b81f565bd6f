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
from functools import partial
from typing import Optional
from urllib.parse import quote

from ..backend import lifecycle
from ..backend.entities import Package, VersionMetadata
from ..backend.formats import stored_coordinates
from ..backend.uploads import Upload
from ..wire import service_model
from ..wire.validate import validation_message, value_problems
from .http import (
    Context,
    EndpointError,
    EndpointRequest,
    EndpointResponse,
    Plan,
    bytes_response,
    text_response,
)

READ, PUBLISH = "ReadFromRepository", "PublishPackageVersion"
FORMAT = "pypi"
_PROJECT_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")  # PEP 508 / core metadata
_REQUIREMENT = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*\(?([^;()]*)\)?\s*(;.*)?")
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


def plan(request: EndpointRequest) -> Plan:
    if request.method == "POST":
        upload = _read_upload(request)
        return Plan(
            None, normalized(upload.package), upload.version, lambda context: _publish(context, upload)
        )
    parts = request.path.split("/")  # "simple", project, ["", | version, filename]
    if len(parts) < 2 or not parts[1] or not _PROJECT_NAME.fullmatch(parts[1]):
        raise EndpointError(
            404, "Not found: codeartifact serves no simple/ root index; ask for simple/<project>/"
        )
    name = normalized(parts[1])
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


def _package(context: Context, name: str) -> Optional[Package]:
    return context.repository.packages.get((FORMAT, None, name))


def _page(context: Context, name: str) -> EndpointResponse:
    package = _package(context, name)
    # Made once per state of the versions (``Package.listing``); None: nothing listable, as for no package.
    body = None if package is None else package.listing(FORMAT, partial(_make_page, package))
    if body is None:
        raise EndpointError(404, f"Not found: no listed versions of {name}")
    return bytes_response(body, "text/html; charset=utf-8")


def _make_page(package: Package) -> Optional[bytes]:
    links = "".join(_links(package))
    if not links:
        return None
    return (_HTML_HEAD.format(name=html.escape(package.name)) + links + "  </body>\n</html>\n").encode()


def _links(package: Package) -> Iterator[str]:
    """One anchor per file of every listed version, in publish order: O(the page's size)."""
    for version in package.versions.by_publish_time.walk():
        if version.status not in lifecycle.LISTED:
            continue
        metadata = version.metadata
        requires = "" if metadata is None or not metadata.requires_python else metadata.requires_python
        attribute = f' data-requires-python="{html.escape(requires)}"' if requires else ""
        prefix = quote(version.version, safe="")
        for filename, asset in version.assets.items():
            href = html.escape(f"{prefix}/{quote(filename, safe='')}#sha256={asset.sha256}")
            yield f'    <a href="{href}"{attribute}>{html.escape(filename)}</a><br/>\n'


def _download(context: Context, name: str, version_name: str, filename: str) -> EndpointResponse:
    package = _package(context, name)
    version = None if package is None else package.versions.get(version_name)
    asset = None
    if version is not None and version.status in lifecycle.DOWNLOADABLE:
        asset = version.assets.get(filename)
    if asset is None:
        raise EndpointError(404, f"Not found: {name} {version_name} has no downloadable file {filename}")
    return bytes_response(asset.content, "application/octet-stream")


# -- twine's upload ---------------------------------------------------------------------------------------


def _publish(context: Context, upload: Upload) -> EndpointResponse:
    repository = context.repository
    context.backend.upload(repository.domain.name, repository.domain.owner, repository.name, upload)
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
    if not _PROJECT_NAME.fullmatch(name):
        problems.append(f"Value '{name}' at 'package' failed to satisfy constraint: not a valid PyPI name")
    if "/" in filename or "\\" in filename or filename in (".", ".."):
        problems.append(f"Value '{filename}' at 'assetName' failed to satisfy constraint: not a file name")
    if problems:
        raise EndpointError(400, validation_message(problems))
    for field, algorithm in _DIGESTS.items():
        sent = _one(fields, field)
        if sent is None:
            continue
        digest = (
            hashlib.blake2b(data, digest_size=32) if algorithm == "blake2b" else hashlib.new(algorithm, data)
        )
        if sent.strip().lower() != digest.hexdigest():
            raise EndpointError(400, f"Bad request: {field} does not match the uploaded file's content")
    return Upload(FORMAT, None, name, version, filename, data, _metadata(fields))


def _metadata(fields: dict[str, list[str]]) -> VersionMetadata:
    """What twine sends about the version, as DescribePackageVersion and its siblings show it."""
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
    for requirement in fields.get("requires_dist", []):
        match = _REQUIREMENT.fullmatch(requirement)
        if match is None:
            continue
        dependency = {"package": normalized(match.group(1))}
        specifier = match.group(3).strip()
        if specifier:
            dependency["versionRequirement"] = specifier
        dependencies.append(dependency)
    metadata = VersionMetadata(
        summary=_one(fields, "summary") or None,
        home_page=home_page or None,
        source_code_repository=source or None,
        licenses=[{"name": name} for name in names],
        readme=_one(fields, "description") or None,
        dependencies=dependencies,
    )
    metadata.requires_python = _one(fields, "requires_python") or None
    return metadata


def _one(fields: dict[str, list[str]], name: str) -> Optional[str]:
    values = fields.get(name)
    return values[0] if values else None


_BOUNDARY = re.compile(r'boundary=(?:"([^"]+)"|([^;\s]+))', re.IGNORECASE)
_DISPOSITION_PARAM = re.compile(r';\s*(\w+)="((?:[^"\\]|\\.)*)"')


def _multipart(content_type: str, body: bytes) -> tuple[dict[str, list[str]], dict[str, tuple[str, bytes]]]:
    """``multipart/form-data``: text fields (name -> values) and files (name -> (filename, bytes))."""
    match = _BOUNDARY.search(content_type)
    if not content_type.lower().startswith("multipart/form-data") or match is None:
        raise EndpointError(400, "Bad request: an upload must be multipart/form-data with a boundary")
    delimiter = b"--" + (match.group(1) or match.group(2)).encode("latin-1")
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
