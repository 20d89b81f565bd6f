"""What ``add_package_version`` stores when no ``assets`` are given: the files the format's client would have
published (``codeartifact_mock/backend/artifacts.py``), saying what the seed was given, the same bytes and
revision for the same arguments, made only when first read. Real clients installing them:
``test_seeded_real_clients``."""

from __future__ import annotations

import base64
import email.parser
import gc
import hashlib
import io
import json
import tarfile
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from maven_helpers import metadata as maven_metadata
from npm_helpers import publish_document
from pypi_helpers import http

from codeartifact_mock import CodeArtifactMock, mock_codeartifact
from codeartifact_mock.backend import artifacts

WHERE = {"domain": "acme", "repository": "releases"}
METADATA = {
    "summary": "Acme's tool",
    "home_page": "https://tool.acme.example",
    "source_code_repository": "https://git.acme.example/tool",
    "licenses": ["MIT"],
    "readme": "# Tool\n\nIt does things.\n",
}


def _asset(client: Any, fmt: str, package: str, version: str, asset: str, **where: Any) -> bytes:
    answer = client.get_package_version_asset(
        **WHERE, format=fmt, package=package, packageVersion=version, asset=asset, **where
    )
    return answer["asset"].read()  # type: ignore[no-any-return]


def _asset_names(client: Any, fmt: str, package: str, version: str, **where: Any) -> list[str]:
    listed = client.list_package_version_assets(
        **WHERE, format=fmt, package=package, packageVersion=version, **where
    )
    return [asset["name"] for asset in listed["assets"]]


# -- the files ---------------------------------------------------------------------------------------------


def test_a_pypi_seed_is_a_wheel_whose_metadata_says_what_was_seeded(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    dependencies = [{"package": "requests", "versionRequirement": ">=2.0"}, {"package": "six"}]
    codeartifact_mock.add_package_version(
        **WHERE, format="pypi", package="Acme_Tool", version="1.0", dependencies=dependencies, **METADATA
    )
    assert _asset_names(client, "pypi", "acme-tool", "1.0") == ["acme_tool-1.0-py3-none-any.whl"]
    wheel = zipfile.ZipFile(
        io.BytesIO(_asset(client, "pypi", "acme-tool", "1.0", "acme_tool-1.0-py3-none-any.whl"))
    )
    assert wheel.namelist() == [
        "acme_tool/__init__.py",
        "acme_tool-1.0.dist-info/METADATA",
        "acme_tool-1.0.dist-info/WHEEL",
        "acme_tool-1.0.dist-info/RECORD",
    ]
    assert wheel.read("acme_tool/__init__.py") == b'__version__ = "1.0"\n'
    core = email.parser.Parser().parsestr(wheel.read("acme_tool-1.0.dist-info/METADATA").decode())
    assert (core["Name"], core["Version"], core["Summary"]) == ("Acme_Tool", "1.0", "Acme's tool")
    assert (core["Home-page"], core["License"]) == ("https://tool.acme.example", "MIT")
    assert core["Project-URL"] == "Source, https://git.acme.example/tool"
    assert core.get_all("Requires-Dist") == ["requests>=2.0", "six"]
    assert core.get_payload().strip() == METADATA["readme"].strip()
    assert "Tag: py3-none-any" in wheel.read("acme_tool-1.0.dist-info/WHEEL").decode()
    recorded = {}
    for line in wheel.read("acme_tool-1.0.dist-info/RECORD").decode().splitlines():
        path, digest, size = line.split(",")
        recorded[path] = digest
        if digest:  # every file but RECORD itself, with its hash and size (pip checks them)
            data = wheel.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert (digest, int(size)) == (f"sha256={expected}", len(data))
    assert sorted(recorded) == sorted(wheel.namelist())  # every file is recorded, all but RECORD hashed
    assert [path for path, digest in recorded.items() if not digest] == ["acme_tool-1.0.dist-info/RECORD"]
    for entry in wheel.infolist():
        assert (entry.date_time, entry.external_attr >> 16, entry.compress_type) == (
            (1980, 1, 1, 0, 0, 0),
            0o100644,
            zipfile.ZIP_STORED,
        )


def test_an_npm_seed_is_a_tarball_whose_package_json_says_what_was_seeded(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    dependencies = [
        {"package": "left-pad", "versionRequirement": "^1.3.0"},
        {"namespace": "acme", "package": "core", "dependencyType": "regular", "versionRequirement": "~2.0.0"},
        {"package": "jest", "dependencyType": "dev", "versionRequirement": "29"},
        {"package": "react", "dependencyType": "peer", "versionRequirement": ">=18"},
        {"package": "fsevents", "dependencyType": "optional"},
    ]
    codeartifact_mock.add_package_version(
        **WHERE,
        format="npm",
        package="ui",
        version="3.0.0",
        namespace="acme",
        dependencies=dependencies,
        **METADATA,
    )
    assert _asset_names(client, "npm", "ui", "3.0.0", namespace="acme") == ["package.tgz"]
    content = _asset(client, "npm", "ui", "3.0.0", "package.tgz", namespace="acme")
    assert content[4:8] == b"\0\0\0\0"  # the gzip header's time
    with tarfile.open(fileobj=io.BytesIO(content)) as archive:
        members = archive.getmembers()
        assert [m.name for m in members] == ["package/package.json", "package/index.js", "package/README.md"]
        assert {(m.mtime, m.mode, m.uid, m.gid) for m in members} == {(499162500, 0o644, 0, 0)}
        files = {m.name: archive.extractfile(m).read() for m in members}  # type: ignore[union-attr]
    assert json.loads(files["package/package.json"]) == {
        "name": "@acme/ui",
        "version": "3.0.0",
        "description": "Acme's tool",
        "homepage": "https://tool.acme.example",
        "license": "MIT",
        "repository": {"type": "git", "url": "https://git.acme.example/tool"},
        "dependencies": {"left-pad": "^1.3.0", "@acme/core": "~2.0.0"},
        "devDependencies": {"jest": "29"},
        "peerDependencies": {"react": ">=18"},
        "optionalDependencies": {"fsevents": "*"},
    }
    assert files["package/index.js"] == b'module.exports = {"name": "@acme/ui", "version": "3.0.0"};\n'
    assert files["package/README.md"].decode() == METADATA["readme"]


def test_a_maven_seed_is_a_jar_and_pom_saying_what_was_seeded(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    dependencies = [
        {"namespace": "com.acme", "package": "parent", "dependencyType": "parent", "versionRequirement": "7"},
        {"namespace": "com.google.guava", "package": "guava", "versionRequirement": "33.0"},
        {"namespace": "junit", "package": "junit", "dependencyType": "test", "versionRequirement": "4.13"},
    ]
    core = {"namespace": "com.acme"}
    codeartifact_mock.add_package_version(
        **WHERE, format="maven", package="core", version="1.0", dependencies=dependencies, **core, **METADATA
    )
    assert _asset_names(client, "maven", "core", "1.0", **core) == ["core-1.0.jar", "core-1.0.pom"]
    pom = _asset(client, "maven", "core", "1.0", "core-1.0.pom", **core)
    jar = zipfile.ZipFile(io.BytesIO(_asset(client, "maven", "core", "1.0", "core-1.0.jar", **core)))
    assert jar.namelist() == [
        "META-INF/MANIFEST.MF",
        "META-INF/maven/com.acme/core/pom.xml",
        "META-INF/maven/com.acme/core/pom.properties",
    ]
    assert jar.read("META-INF/maven/com.acme/core/pom.xml") == pom
    assert (
        jar.read("META-INF/maven/com.acme/core/pom.properties")
        == b"artifactId=core\ngroupId=com.acme\nversion=1.0\n"
    )
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    project = ElementTree.fromstring(pom)
    assert [project.findtext(f"m:{tag}", namespaces=ns) for tag in ("groupId", "artifactId", "version")] == [
        "com.acme",
        "core",
        "1.0",
    ]
    assert project.findtext("m:parent/m:artifactId", namespaces=ns) == "parent"
    assert project.findtext("m:description", namespaces=ns) == "Acme's tool"
    scopes = [
        (d.findtext("m:artifactId", namespaces=ns), d.findtext("m:scope", namespaces=ns))
        for d in project.findall("m:dependencies/m:dependency", ns)
    ]
    assert scopes == [("guava", None), ("junit", "test")]


@pytest.mark.parametrize(("fmt", "namespace"), [("nuget", None), ("generic", "tools"), ("ruby", None)])
def test_formats_without_a_builder_keep_a_placeholder(
    client: Any, codeartifact_mock: CodeArtifactMock, fmt: str, namespace: Any
) -> None:
    codeartifact_mock.add_package_version(
        **WHERE, format=fmt, package="tool", version="1.0", namespace=namespace
    )
    where = {"namespace": namespace} if namespace else {}
    (name,) = _asset_names(client, fmt, "tool", "1.0", **where)
    assert _asset(client, fmt, "tool", "1.0", name, **where) == f"{fmt}:{namespace or ''}:tool:1.0".encode()


# -- the metadata the files carry is the metadata the API shows --------------------------------------------


@pytest.fixture
def served() -> Iterator[tuple[Any, Any]]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield ca, server


def test_the_seeded_files_published_again_show_the_seeded_metadata(served: tuple[Any, Any]) -> None:
    """The tarball's package.json through npm publish, and the POM through mvn's PUT, read back as the very
    dependencies, summary and licenses the seed was given."""
    ca, server = served
    api = boto3.client("codeartifact", region_name="us-east-1")
    npm_dependencies = [
        {"package": "left-pad", "dependencyType": "regular", "versionRequirement": "^1.3.0"},
        {"namespace": "acme", "package": "core", "dependencyType": "dev", "versionRequirement": "~2.0.0"},
    ]
    maven_dependencies = [
        {"namespace": "com.acme", "package": "parent", "dependencyType": "parent", "versionRequirement": "7"},
        {"namespace": "junit", "package": "junit", "dependencyType": "test", "versionRequirement": "4.13"},
    ]
    seeded = {"summary": "Acme's tool", "licenses": ["MIT"]}
    ca.add_package_version("acme", "seeded", "npm", "tool", "1.0.0", dependencies=npm_dependencies, **seeded)
    ca.add_package_version(
        "acme",
        "seeded",
        "maven",
        "core",
        "1.0",
        namespace="com.acme",
        dependencies=maven_dependencies,
        **seeded,
    )
    api.create_repository(domain="acme", repository="published")
    token = api.get_authorization_token(domain="acme")["authorizationToken"]
    seeded_where = {"domain": "acme", "repository": "seeded"}
    tgz = api.get_package_version_asset(
        **seeded_where, format="npm", package="tool", packageVersion="1.0.0", asset="package.tgz"
    )["asset"].read()
    with tarfile.open(fileobj=io.BytesIO(tgz)) as archive:
        package_json = json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type]
    npm = server.endpoint_url("acme", "published", "npm")
    document = json.dumps(publish_document(package_json, tgz)).encode()
    assert (
        http("PUT", npm + "tool", body=document, headers={"Authorization": f"Bearer {token}"}).status == 201
    )

    maven = server.endpoint_url("acme", "published", "maven") + "com/acme/core/"
    for name in ("core-1.0.jar", "core-1.0.pom"):
        content = api.get_package_version_asset(
            **seeded_where,
            format="maven",
            namespace="com.acme",
            package="core",
            packageVersion="1.0",
            asset=name,
        )["asset"].read()
        assert http("PUT", maven + f"1.0/{name}", token=token, body=content).status == 201
    assert (
        http(
            "PUT", maven + "maven-metadata.xml", token=token, body=maven_metadata("com.acme", "core", ["1.0"])
        ).status
        == 201
    )

    for fmt, where, version in (
        ("npm", {"package": "tool"}, "1.0.0"),
        ("maven", {"namespace": "com.acme", "package": "core"}, "1.0"),
    ):
        shown = []
        for repository in ("seeded", "published"):
            coordinates = {
                "domain": "acme",
                "repository": repository,
                "format": fmt,
                "packageVersion": version,
            }
            described = api.describe_package_version(**coordinates, **where)["packageVersion"]
            listed = api.list_package_version_dependencies(**coordinates, **where)["dependencies"]
            shown.append((described.get("summary"), described.get("licenses"), listed))
        assert shown[0] == shown[1], fmt
        assert shown[0][:2] == ("Acme's tool", [{"name": "MIT"}])


# -- the same arguments, the same bytes and revision ------------------------------------------------------


def _seed_everything(ca: CodeArtifactMock) -> dict[str, Any]:
    """Every format's seed, with and without metadata: revision and every asset's bytes."""
    client = boto3.client("codeartifact", region_name="us-east-1")
    seen: dict[str, Any] = {}
    for fmt, namespace in (("pypi", None), ("npm", "acme"), ("maven", "com.acme"), ("generic", "tools")):
        for version, metadata in (("1.0", {}), ("2.0", {"summary": "Two"} if fmt != "generic" else {})):
            revision = ca.add_package_version(
                **WHERE, format=fmt, package="tool", version=version, namespace=namespace, **metadata
            )
            where = {"namespace": namespace} if namespace else {}
            files = {
                name: _asset(client, fmt, "tool", version, name, **where)
                for name in _asset_names(client, fmt, "tool", version, **where)
            }
            seen[f"{fmt} {version}"] = (revision, files)
    return seen


def test_the_same_arguments_make_the_same_bytes_and_revision() -> None:
    with mock_codeartifact() as ca:
        first = _seed_everything(ca)
    with mock_codeartifact() as ca:
        second = _seed_everything(ca)
    assert first == second
    revisions = [revision for revision, _files in first.values()]
    assert len(set(revisions)) == len(revisions)  # and different arguments, different revisions
    assert first["npm 1.0"][1] != first["npm 2.0"][1]


def test_a_revision_names_what_the_seed_was_given(codeartifact_mock: CodeArtifactMock) -> None:
    seed = codeartifact_mock.add_package_version
    plain = seed(**WHERE, format="npm", package="tool", version="1.0.0")
    assert seed(**WHERE, format="npm", package="tool", version="1.0.0") == plain  # re-seeded: the same
    described = seed(**WHERE, format="npm", package="tool", version="1.0.0", summary="A tool")
    assert described != plain
    tagged = seed(**WHERE, format="npm", package="tool", version="1.0.0", dist_tags=["beta"])
    assert tagged == plain  # tags are the package's, not the version's content
    given = seed(**WHERE, format="npm", package="tool", version="1.0.0", assets={"package.tgz": b"x"})
    assert given not in (plain, described)


def _walked_size(client: Any, domain: str = "acme") -> int:
    """The bytes of every asset of every version in ``domain``, as the List operations show them."""
    total = 0
    for repository in client.list_repositories_in_domain(domain=domain)["repositories"]:
        in_repository = {"domain": domain, "repository": repository["name"]}
        for package in client.list_packages(**in_repository)["packages"]:
            where = {
                **in_repository,
                **{k: package[k] for k in ("format", "namespace", "package") if k in package},
            }
            for version in client.list_package_versions(**where)["versions"]:
                assets = client.list_package_version_assets(**where, packageVersion=version["version"])[
                    "assets"
                ]
                total += sum(asset["size"] for asset in assets)
    return total


def test_the_name_as_spelled_counts_too() -> None:
    """The wheel spells the name as first given: another spelling, other bytes, another revision."""
    seen = []
    for spelling in ("Acme_Tool", "acme-tool"):
        with mock_codeartifact() as ca:
            revision = ca.add_package_version(**WHERE, format="pypi", package=spelling, version="1.0")
            client = boto3.client("codeartifact", region_name="us-east-1")
            seen.append(
                (revision, _asset(client, "pypi", "acme-tool", "1.0", "acme_tool-1.0-py3-none-any.whl"))
            )
    assert seen[0][0] != seen[1][0] and seen[0][1] != seen[1][1]


def test_a_seed_makes_no_file_until_one_is_read(
    monkeypatch: pytest.MonkeyPatch, client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    made: list[str] = []

    def counting(release: artifacts.Release) -> dict[str, bytes]:
        made.append(release.version)
        return artifacts.npm_tarball(release)

    monkeypatch.setitem(artifacts.BUILDERS, "npm", counting)
    for number in range(50):
        codeartifact_mock.add_package_version(**WHERE, format="npm", package="tool", version=f"1.0.{number}")
    client.list_package_versions(**WHERE, format="npm", package="tool")
    client.describe_package_version(**WHERE, format="npm", package="tool", packageVersion="1.0.3")
    assert made == []
    size = client.describe_domain(domain="acme")["domain"]["assetSizeBytes"]  # sizes them, keeps none
    assert sorted(made) == sorted(f"1.0.{number}" for number in range(50))
    assert client.describe_domain(domain="acme")["domain"]["assetSizeBytes"] == size  # counted once
    assert len(made) == 50
    _asset(client, "npm", "tool", "1.0.7", "package.tgz")
    _asset(client, "npm", "tool", "1.0.7", "package.tgz")  # made when first read, then kept
    assert made.count("1.0.7") == 2
    assert _walked_size(client) == size


def test_the_domain_size_counts_seeded_files_through_every_change(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    """Seeded files are counted when the size is first asked for: versions deleted, disposed, replaced,
    copied or given more assets before then count as they are then."""
    seed = codeartifact_mock.add_package_version
    for version in ("1.0", "2.0", "3.0", "4.0", "5.0"):
        seed(**WHERE, format="pypi", package="tool", version=version)
    seed(**WHERE, format="generic", package="cli", version="1.0", namespace="ns", status="Unfinished")
    seed("acme", "gone", "npm", "tool", "1.0.0")
    seed("acme", "emptied", "npm", "tool", "1.0.0")
    pypi = {**WHERE, "format": "pypi", "package": "tool"}
    client.delete_package_versions(**pypi, versions=["1.0"])
    client.dispose_package_versions(**pypi, versions=["2.0"])
    seed(**WHERE, format="pypi", package="tool", version="3.0", assets={"tool-3.0.tar.gz": b"x" * 10})
    client.create_repository(domain="acme", repository="copies")
    client.copy_package_versions(
        domain="acme",
        sourceRepository="releases",
        destinationRepository="copies",
        format="pypi",
        package="tool",
        versions=["4.0"],
    )
    content = b"more"
    client.publish_package_version(
        **WHERE,
        format="generic",
        namespace="ns",
        package="cli",
        packageVersion="1.0",
        assetName="more.bin",
        assetContent=content,
        assetSHA256=hashlib.sha256(content).hexdigest(),
        unfinished=True,
    )
    client.delete_repository(domain="acme", repository="gone")
    client.delete_package(domain="acme", repository="emptied", format="npm", package="tool")

    size = client.describe_domain(domain="acme")["domain"]["assetSizeBytes"]
    assert size == _walked_size(client)
    wheel = len(_asset(client, "pypi", "tool", "5.0", "tool-5.0-py3-none-any.whl"))
    placeholder = len(b"generic:ns:cli:1.0")
    assert size == 10 + 2 * wheel + wheel + placeholder + len(content)  # 3.0 given; 4.0 twice; 5.0; cli
    client.delete_package_versions(**pypi, versions=["4.0", "5.0"])
    assert (
        client.describe_domain(domain="acme")["domain"]["assetSizeBytes"]
        == _walked_size(client)
        == size - 2 * wheel
    )


def _read_wheel(client: Any, version: str) -> None:
    """Download a seeded wheel, keeping nothing of it."""
    assert _asset(client, "pypi", "tool", version, f"tool-{version}-py3-none-any.whl")


def test_a_deleted_seeded_version_s_files_are_kept_nowhere(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    """Left to be counted, a seeded version is remembered by name only: once deleted, the files made when it
    was read go with it, whether or not the domain's size was asked for."""
    marker = "kept-nowhere-8c1f"
    codeartifact_mock.add_package_version(
        **WHERE, format="pypi", package="tool", version="1.0", summary=marker
    )
    _read_wheel(client, "1.0")

    def holders() -> list[str]:
        gc.collect()
        return [
            type(holder).__name__
            for holder in gc.get_objects()
            for held in gc.get_referents(holder)
            if isinstance(held, bytes) and marker.encode() in held and len(held) > 200
        ]

    assert holders()  # the made wheel, held by its asset
    client.delete_package_versions(**WHERE, format="pypi", package="tool", versions=["1.0"])
    assert holders() == []
    assert client.describe_domain(domain="acme")["domain"]["assetSizeBytes"] == 0


# -- bad arguments ------------------------------------------------------------------------------------------


def test_a_pypi_requirement_pip_cannot_read_is_refused(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    with pytest.raises(ValueError, match=r"'tool 1\.0' is not a PEP 508 requirement"):
        codeartifact_mock.add_package_version(
            **WHERE,
            format="pypi",
            package="app",
            version="1.0",
            dependencies=[{"package": "tool", "versionRequirement": "1.0"}],
        )
    assert client.list_domains()["domains"] == []  # nothing stored


def test_dist_tags_are_npm_tags(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    seed = codeartifact_mock.add_package_version
    with pytest.raises(ValueError, match="dist_tags are npm's: pypi package versions have none"):
        seed(**WHERE, format="pypi", package="tool", version="1.0", dist_tags=["beta"])
    for tags in (["1.0"], ["v2"], [""], ["a b"], "beta"):
        with pytest.raises(ValueError, match=r"dist-tag|list of tag names"):
            seed(**WHERE, format="npm", package="tool", version="1.0.0", dist_tags=tags)  # type: ignore[arg-type]
    assert client.list_domains()["domains"] == []  # nothing stored


# -- dist-tags --------------------------------------------------------------------------------------------


def _tags(ca: CodeArtifactMock, package: str = "tool") -> dict[str, str]:
    """The dist-tags npm sees: the packument's, through the server."""
    client = boto3.client("codeartifact", region_name="us-east-1")
    token = client.get_authorization_token(domain="acme")["authorizationToken"]
    with ca.serve() as server:
        answer = http(
            "GET",
            server.endpoint_url("acme", "releases", "npm") + f"-/package/{package}/dist-tags",
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status == 200, answer.body
    return json.loads(answer.body)  # type: ignore[no-any-return]


def test_a_seeded_npm_version_is_tagged_latest_as_npm_publish_tags_it(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    seed = codeartifact_mock.add_package_version
    seed(**WHERE, format="npm", package="tool", version="1.0.0")
    assert _tags(codeartifact_mock) == {"latest": "1.0.0"}
    seed(**WHERE, format="npm", package="tool", version="1.1.0")
    assert _tags(codeartifact_mock) == {"latest": "1.1.0"}
    seed(**WHERE, format="npm", package="tool", version="2.0.0-rc.1", dist_tags=["next"])
    assert _tags(codeartifact_mock) == {"latest": "1.1.0", "next": "2.0.0-rc.1"}
    seed(**WHERE, format="npm", package="tool", version="0.9.0", dist_tags=[])
    assert _tags(codeartifact_mock) == {"latest": "1.1.0", "next": "2.0.0-rc.1"}
    listing = client.list_package_versions(**WHERE, format="npm", package="tool")
    assert listing["defaultDisplayVersion"] == "1.1.0"  # npm's: the latest tag
    seed(**WHERE, format="npm", package="tool", version="1.2.0", status="Unlisted")
    assert _tags(codeartifact_mock) == {"next": "2.0.0-rc.1"}  # latest names an unlisted version


def test_back_dated_versions_are_tagged_as_if_published_then(codeartifact_mock: CodeArtifactMock) -> None:
    january = datetime(2024, 1, 1, tzinfo=timezone.utc)
    for version, days in (("1.10.0", 40), ("1.9.0", 90), ("1.8.0", 10)):
        codeartifact_mock.add_package_version(
            **WHERE,
            format="npm",
            package="tool",
            version=version,
            published_time=january + timedelta(days=days),
        )
    assert _tags(codeartifact_mock) == {"latest": "1.9.0"}  # the last published


def test_no_dist_tags_is_what_npm_dist_tag_finds(codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(
        **WHERE, format="npm", package="tool", version="1.0.0", dist_tags=[]
    )
    assert _tags(codeartifact_mock) == {}


def test_dist_tags_over_the_control_api(codeartifact_mock: CodeArtifactMock) -> None:
    with codeartifact_mock.serve() as server:
        body = {
            **WHERE,
            "format": "npm",
            "package": "tool",
            "version": "2.0.0",
            "dist_tags": ["beta", "next"],
        }
        answer = http(
            "POST", server.url + "/_codeartifact_mock/package-versions", body=json.dumps(body).encode()
        )
        assert answer.status == 200, answer.body
        refused = http(
            "POST",
            server.url + "/_codeartifact_mock/package-versions",
            body=json.dumps({**body, "dist_tags": "beta"}).encode(),
        )
        assert refused.status == 400
    assert _tags(codeartifact_mock) == {"beta": "2.0.0", "next": "2.0.0"}
