"""The files a package manager would have published for a seeded version, made from what it was told.

``add_package_version`` without ``assets`` stores what the format's client would have uploaded, so the real
client installs it: a wheel for PyPI (pip), a tarball of ``package/`` for npm, a ``.jar`` and a ``.pom`` for
Maven, a ``.crate`` for Cargo. Their metadata says what the seed was given (name, version, summary, home
page, source repository, licenses, readme, dependencies), as DescribePackageVersion and
ListPackageVersionDependencies show it.
Formats without a builder of their own get a small placeholder file named like their artifact.

Every builder is a function of a ``Release`` (the version and its metadata) to its files, asset name ->
bytes, and makes the same bytes for the same release: entries in a fixed order, fixed times (zip entries
1980-01-01, tar entries npm's 1985-10-26, gzip header time 0), fixed permissions and owners. Zip entries are
stored uncompressed, so no compressor's choices reach the bytes; npm's gzip is zlib's (the same zlib makes
the same bytes). To add a format, write its builder and list it in ``BUILDERS``.

Seeding never runs a builder: a version keeps its ``Recipe`` until its assets are first read
(``PackageVersion.keep_assets_as``), and its revision names the recipe rather than the bytes
(``revision.recipe_revision``), which the recipe alone determines.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import io
import json
import zipfile
from typing import Any, Callable, NamedTuple, Optional
from xml.sax.saxutils import escape

from .entities import Asset, VersionMetadata
from .errors import ValidationError

# Named in every seeded version's revision: change it whenever a builder changes the bytes it makes.
RECIPE = "codeartifact-mock seeded artifacts 2"  # 2: Cargo's .crate (was a placeholder)

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
_NPM_TIME = 499162500  # 1985-10-26T08:15:00Z: what npm pack writes into every tar entry

# npm: the package.json map each dependencyType of ListPackageVersionDependencies comes from (and goes to).
NPM_DEPENDENCY_TYPES = {
    "dependencies": "regular",
    "devDependencies": "dev",
    "peerDependencies": "peer",
    "optionalDependencies": "optional",
}
_NPM_MAPS = {dependency_type: field for field, dependency_type in NPM_DEPENDENCY_TYPES.items()}
# Maven: the dependency scopes a POM may give (any other dependencyType is left as the default, compile).
_MAVEN_SCOPES = frozenset({"compile", "provided", "runtime", "test", "system", "import"})
# Cargo: the dependency kinds (cargo's publish metadata and index say normal, dev, build: the
# dependencyType of ListPackageVersionDependencies), each with the Cargo.toml table it goes to.
CARGO_DEPENDENCY_TABLES = {"normal": "dependencies", "dev": "dev-dependencies", "build": "build-dependencies"}


class Release(NamedTuple):
    """What a builder is told: the version, and what its metadata file says (None: nothing but its name)."""

    format: str
    namespace: Optional[str]
    name: str  # as stored: PyPI's is PEP 503-normalised
    display_name: str  # as people write it: ``@scope/name``, ``Acme_Client``
    version: str
    metadata: Optional[VersionMetadata]


def wheel(release: Release) -> dict[str, bytes]:
    """A pure-Python wheel, ``<name>-<version>-py3-none-any.whl``: a module named after the project whose
    ``__version__`` is the version, METADATA (core metadata 2.1), WHEEL and RECORD."""
    dist = release.name.replace("-", "_")  # the stored name is PEP 503-normalised; wheels escape "-"
    version = release.version.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    files = [
        (f"{dist}/__init__.py", f"__version__ = {json.dumps(release.version)}\n".encode()),
        (f"{info}/METADATA", _core_metadata(release).encode()),
        (
            f"{info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: codeartifact-mock\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        ),
    ]
    record = "".join(f"{path},sha256={_record_hash(data)},{len(data)}\n" for path, data in files)
    files.append((f"{info}/RECORD", (record + f"{info}/RECORD,,\n").encode()))
    return {f"{dist}-{version}-py3-none-any.whl": _zip(files)}


def _core_metadata(release: Release) -> str:
    metadata = release.metadata or VersionMetadata()
    fields: list[tuple[str, Optional[str]]] = [
        ("Metadata-Version", "2.1"),
        ("Name", release.display_name),
        ("Version", release.version),
    ]
    fields += [("Summary", metadata.summary), ("Home-page", metadata.home_page)]
    if metadata.licenses:
        fields.append(
            ("License", ", ".join(item.get("name") or item.get("url", "") for item in metadata.licenses))
        )
    if metadata.source_code_repository:
        fields.append(("Project-URL", f"Source, {metadata.source_code_repository}"))
    fields += [("Requires-Dist", requirement) for requirement in pypi_requirements(metadata.dependencies)]
    lines = [f"{key}: {' '.join(value.split())}\n" for key, value in fields if value]
    return "".join(lines) + (f"\n{metadata.readme}\n" if metadata.readme else "")


def pypi_requirements(dependencies: list[dict[str, str]]) -> list[str]:
    """The ``Requires-Dist`` lines of a PyPI version's dependencies (``package`` and its
    ``versionRequirement``, a PEP 440 specifier such as ``>=2.0``); ``ValidationError`` for one that is no
    PEP 508 requirement, which pip would refuse to read."""
    # Imported when first needed, as tarfile is: packaging's requirement parser alone costs more to import
    # than the rest of the mock (benchmarks/bench.py, "import codeartifact_mock after boto3").
    from packaging.requirements import InvalidRequirement, Requirement

    requirements = []
    for dependency in dependencies:
        text = f"{dependency['package']} {dependency.get('versionRequirement', '')}".strip()
        try:
            requirement = Requirement(text)
        except InvalidRequirement:
            requirement = None
        if requirement is None or requirement.name != dependency["package"]:
            raise ValidationError(
                f"Invalid dependency of a pypi package version: '{text}' is not a PEP 508 requirement "
                "(a versionRequirement is a PEP 440 specifier, such as '>=2.0' or '==1.4.2')"
            )
        requirements.append(str(requirement))
    return requirements


def _record_hash(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def npm_manifest(display_name: str, version: str, metadata: Optional[VersionMetadata]) -> dict[str, Any]:
    """The ``package.json`` of a seeded npm version: name, version, and what its metadata says
    (``description``, ``homepage``, ``license``, ``repository``, a dependency map per dependencyType)."""
    manifest: dict[str, Any] = {"name": display_name, "version": version}
    if metadata is None:
        return manifest
    if metadata.summary:
        manifest["description"] = metadata.summary
    if metadata.home_page:
        manifest["homepage"] = metadata.home_page
    names = [item["name"] for item in metadata.licenses if item.get("name")]
    if names:
        manifest["license"] = names[0] if len(names) == 1 else f"({' OR '.join(names)})"  # SPDX
    if metadata.source_code_repository:
        manifest["repository"] = {"type": "git", "url": metadata.source_code_repository}
    for dependency in metadata.dependencies:
        field = _NPM_MAPS.get(dependency.get("dependencyType", "regular"), "dependencies")
        scope = dependency.get("namespace")
        name = dependency["package"] if not scope else f"@{scope.lstrip('@')}/{dependency['package']}"
        manifest.setdefault(field, {})[name] = dependency.get("versionRequirement", "*")
    return manifest


def npm_tarball(release: Release) -> dict[str, bytes]:
    """``package.tgz``, as ``npm pack`` lays it out: ``package/package.json``, ``package/index.js`` (which
    exports the name and version) and, when there is a readme, ``package/README.md``."""
    manifest = npm_manifest(release.display_name, release.version, release.metadata)
    exported = {"name": release.display_name, "version": release.version}
    files = [
        ("package/package.json", (json.dumps(manifest, indent=2) + "\n").encode()),
        ("package/index.js", f"module.exports = {json.dumps(exported)};\n".encode()),
    ]
    if release.metadata is not None and release.metadata.readme:
        files.append(("package/README.md", release.metadata.readme.encode()))
    return {"package.tgz": _tgz(files)}


def maven_jar_and_pom(release: Release) -> dict[str, bytes]:
    """``<artifact>-<version>.pom`` and a ``.jar`` holding the manifest and, as Maven's jar plugin writes
    them, ``META-INF/maven/<group>/<artifact>/pom.xml`` and ``pom.properties``."""
    group, artifact, version = release.namespace or "", release.name, release.version
    pom = _pom(release).encode()
    properties = f"artifactId={artifact}\ngroupId={group}\nversion={version}\n".encode()
    jar = _zip(
        [
            ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\r\nCreated-By: codeartifact-mock\r\n\r\n"),
            (f"META-INF/maven/{group}/{artifact}/pom.xml", pom),
            (f"META-INF/maven/{group}/{artifact}/pom.properties", properties),
        ]
    )
    return {f"{artifact}-{version}.jar": jar, f"{artifact}-{version}.pom": pom}


def _pom(release: Release) -> str:
    metadata = release.metadata or VersionMetadata()
    lines = [
        "  <modelVersion>4.0.0</modelVersion>",
        *_maven_parent(metadata.dependencies),
        _element("groupId", release.namespace),
        _element("artifactId", release.name),
        _element("version", release.version),
        "  <packaging>jar</packaging>",
        _element("description", metadata.summary),
        _element("url", metadata.home_page),
    ]
    if metadata.licenses:
        lines.append("  <licenses>")
        for item in metadata.licenses:
            lines += [
                "    <license>",
                _element("name", item.get("name"), 6),
                _element("url", item.get("url"), 6),
            ]
            lines.append("    </license>")
        lines.append("  </licenses>")
    if metadata.source_code_repository:
        lines += ["  <scm>", _element("url", metadata.source_code_repository, 4), "  </scm>"]
    dependencies = [item for item in metadata.dependencies if item.get("dependencyType") != "parent"]
    if dependencies:
        lines.append("  <dependencies>")
        for item in dependencies:
            scope = item.get("dependencyType")
            lines += [
                "    <dependency>",
                _element("groupId", item.get("namespace"), 6),
                _element("artifactId", item["package"], 6),
                _element("version", item.get("versionRequirement"), 6),
                _element("scope", scope if scope in _MAVEN_SCOPES else None, 6),
                "    </dependency>",
            ]
        lines.append("  </dependencies>")
    body = "".join(line + "\n" for line in lines if line)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://maven.apache.org/'
        f'POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">\n{body}</project>\n'
    )


def _maven_parent(dependencies: list[dict[str, str]]) -> list[str]:
    """A dependency of type ``parent`` is the POM's ``<parent>`` (as a published POM's is read back)."""
    for item in dependencies:
        if item.get("dependencyType") == "parent":
            return [
                "  <parent>",
                _element("groupId", item.get("namespace"), 4),
                _element("artifactId", item["package"], 4),
                _element("version", item.get("versionRequirement"), 4),
                "  </parent>",
            ]
    return []


def _element(tag: str, text: Optional[str], indent: int = 2) -> str:
    return "" if not text else f"{' ' * indent}<{tag}>{escape(text)}</{tag}>"


def crate(release: Release) -> dict[str, bytes]:
    """``<name>-<version>.crate``, as ``cargo package`` lays it out: ``<name>-<version>/Cargo.toml`` (the
    name, version and what the metadata says, the dependencies in the table of their dependencyType),
    ``src/lib.rs`` (whose ``VERSION`` is the version) and, when there is a readme, ``README.md``. Cargo
    resolves the dependencies from the index line, which is made from the same metadata."""
    metadata = release.metadata or VersionMetadata()
    root = f"{release.name}-{release.version}"
    files = [
        (f"{root}/Cargo.toml", _cargo_manifest(release, metadata).encode()),
        (f"{root}/src/lib.rs", f"pub const VERSION: &str = {_quoted(release.version)};\n".encode()),
    ]
    if metadata.readme:
        files.append((f"{root}/README.md", metadata.readme.encode()))
    return {f"{root}.crate": _tgz(files)}


def _cargo_manifest(release: Release, metadata: VersionMetadata) -> str:
    fields: list[tuple[str, Optional[str]]] = [
        ("name", release.name),
        ("version", release.version),
        ("edition", "2021"),
    ]
    fields += [("description", metadata.summary), ("homepage", metadata.home_page)]
    fields.append(("repository", metadata.source_code_repository))
    names = [item["name"] for item in metadata.licenses if item.get("name")]
    fields.append(("license", " OR ".join(names) or None))  # an SPDX expression
    fields.append(("readme", "README.md" if metadata.readme else None))
    lines = ["[package]"] + [f"{key} = {_quoted(value)}" for key, value in fields if value]
    tables: dict[str, list[str]] = {}
    for dependency in metadata.dependencies:
        table = CARGO_DEPENDENCY_TABLES.get(dependency.get("dependencyType", "normal"), "dependencies")
        requirement = dependency.get("versionRequirement") or "*"
        tables.setdefault(table, []).append(f"{_quoted(dependency['package'])} = {_quoted(requirement)}")
    for table in CARGO_DEPENDENCY_TABLES.values():
        if table in tables:
            lines += ["", f"[{table}]", *tables[table]]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A TOML basic string (and a Rust string literal, for the ASCII a version is): JSON's escapes are
    TOML's."""
    return json.dumps(text)


def placeholder(release: Release) -> dict[str, bytes]:
    """A small file named like the format's artifact, its bytes different for each version: for the
    formats no builder makes real artifacts of yet (and generic ones, whose files AWS does not read)."""
    content = f"{release.format}:{release.namespace or ''}:{release.name}:{release.version}".encode()
    name, version = release.name, release.version
    if release.format == "nuget":
        return {f"{name}.{version}.nupkg": content}
    suffix = {"ruby": "gem", "swift": "zip"}.get(release.format, "tar.gz")
    return {f"{name}-{version}.{suffix}": content}


BUILDERS: dict[str, Callable[[Release], dict[str, bytes]]] = {
    "pypi": wheel,
    "npm": npm_tarball,
    "maven": maven_jar_and_pom,
    "cargo": crate,
}


def build(release: Release) -> dict[str, bytes]:
    """The files of ``release``: its format's builder's, else a placeholder."""
    return BUILDERS.get(release.format, placeholder)(release)


def check(fmt: str, metadata: Optional[VersionMetadata]) -> None:
    """``ValidationError`` for metadata the format's files cannot carry (a PyPI requirement pip cannot
    read), before a version whose files the builder will make is stored: it runs only when they are first
    read."""
    if fmt == "pypi" and metadata is not None:
        pypi_requirements(metadata.dependencies)


class Recipe(NamedTuple):
    """How to make a seeded version's files again (``PackageVersion.keep_assets_as``): its release but the
    version, which ``make`` is given."""

    format: str
    namespace: Optional[str]
    name: str
    display_name: str
    metadata: Optional[VersionMetadata]

    def make(self, version: str) -> dict[str, Asset]:
        release = Release(self.format, self.namespace, self.name, self.display_name, version, self.metadata)
        return {asset_name: Asset(content) for asset_name, content in build(release).items()}


def recipe(
    fmt: str, namespace: Optional[str], name: str, display_name: str, metadata: Optional[VersionMetadata]
) -> Recipe:
    """The recipe of a seeded version; one shared by a package's versions seeded without metadata."""
    if metadata is None:
        return _shared_recipe(fmt, namespace, name, display_name)
    return Recipe(fmt, namespace, name, display_name, metadata)


@functools.lru_cache(maxsize=1024)
def _shared_recipe(fmt: str, namespace: Optional[str], name: str, display_name: str) -> Recipe:
    return Recipe(fmt, namespace, name, display_name, None)


def _zip(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # ZIP_STORED
        for path, data in files:
            entry = zipfile.ZipInfo(path, _ZIP_TIME)
            entry.create_system = 3  # Unix, whatever the platform that makes it
            entry.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(entry, data)
    return buffer.getvalue()


def _tgz(files: list[tuple[str, bytes]]) -> bytes:
    import tarfile  # when first needed: its import is a sixth of the mock's (see pypi_requirements)

    tar = io.BytesIO()
    with tarfile.open(fileobj=tar, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for path, data in files:
            entry = tarfile.TarInfo(path)  # owner 0/0 with no names
            entry.size, entry.mtime, entry.mode = len(data), _NPM_TIME, 0o644
            archive.addfile(entry, io.BytesIO(data))
    compressed = io.BytesIO()
    # GzipFile writes the same header on every Python (gzip.compress's differs from 3.11 on)
    with gzip.GzipFile(filename="", mode="wb", fileobj=compressed, mtime=0) as stream:
        stream.write(tar.getvalue())
    return compressed.getvalue()
