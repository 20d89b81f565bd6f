"""The Maven repository endpoint over raw HTTP: artifact, checksum and metadata PUTs, generated metadata,
downloads through the statuses, tokens, and bad input.

Each test drives the mock as users do: boto3 in process, and urllib (curl-style requests) against
``ca.serve()``'s server.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from typing import Any

import pytest
from endpoint_env import RepositoryEnv
from fingerprint import store_fingerprint
from maven_helpers import jar, metadata, pom
from pypi_helpers import Answer, http

from codeartifact_mock import ThreadedCodeArtifactServer, mock_codeartifact
from codeartifact_mock.activation import store as active_store

GROUP, ARTIFACT = "com.acme", "core"
PACKAGE = dict(domain="acme", repository="releases", format="maven", namespace=GROUP, package=ARTIFACT)


class Env(RepositoryEnv):
    FORMAT = "maven"

    def __init__(self, ca: Any, server: ThreadedCodeArtifactServer) -> None:
        super().__init__(ca, server)
        self.package_url = self.url + "com/acme/core/"

    def put(self, path: str, body: bytes, token: Any = ...) -> Answer:
        return http("PUT", self.package_url + path, token=self.token if token is ... else token, body=body)

    def get(self, path: str, method: str = "GET", token: Any = ...) -> Answer:
        return http(method, self.package_url + path, token=self.token if token is ... else token)

    def upload(self, version: str, extra: str = "") -> tuple[bytes, bytes]:
        """mvn's uploads of one version: the JAR and POM with their .sha1 and .md5 (not the metadata)."""
        files = (jar(ARTIFACT, version), pom(GROUP, ARTIFACT, version, extra))
        for suffix, content in zip(("jar", "pom"), files):
            name = f"{version}/{ARTIFACT}-{version}.{suffix}"
            assert self.put(name, content).status == 201
            for algorithm in ("sha1", "md5"):
                assert (
                    self.put(
                        f"{name}.{algorithm}", hashlib.new(algorithm, content).hexdigest().encode()
                    ).status
                    == 200
                )
        return files

    def publish(self, *versions: str) -> Answer:
        return self.put("maven-metadata.xml", metadata(GROUP, ARTIFACT, list(versions)))

    def statuses(self) -> dict[str, str]:
        listing = self.client.list_package_versions(**PACKAGE)
        return {v["version"]: v["status"] for v in listing["versions"]}

    def listed(self) -> list[str]:
        answer = self.get("maven-metadata.xml")
        assert answer.status == 200, answer
        root = ElementTree.fromstring(answer.body)
        return [element.text or "" for element in root.findall("versioning/versions/version")]


@pytest.fixture
def env() -> Iterator[Env]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Env(ca, server)


def test_a_version_is_unfinished_until_its_metadata_arrives(env: Env) -> None:
    jar_bytes, pom_bytes = env.upload("1.0")
    assert env.statuses() == {"1.0": "Unfinished"}
    assert env.get("1.0/core-1.0.jar").status == 404  # not downloadable yet
    assert env.get("maven-metadata.xml").status == 404  # nothing listed

    assert env.publish("1.0").status == 201
    assert env.statuses() == {"1.0": "Published"}
    download = env.get("1.0/core-1.0.jar")
    assert (download.status, download.body) == (200, jar_bytes)
    assert env.get("1.0/core-1.0.pom").body == pom_bytes
    for algorithm in ("md5", "sha1", "sha256", "sha512"):
        checksum = env.get(f"1.0/core-1.0.jar.{algorithm}")
        assert (checksum.status, checksum.body.decode()) == (
            200,
            hashlib.new(algorithm, jar_bytes).hexdigest(),
        )

    assets = env.client.list_package_version_assets(**PACKAGE, packageVersion="1.0")["assets"]
    assert [a["name"] for a in assets] == [
        "core-1.0.jar",
        "core-1.0.pom",
        "maven-metadata.xml",
    ]  # no checksums
    assert assets[0]["hashes"]["SHA-1"] == hashlib.sha1(jar_bytes).hexdigest()
    held = env.client.get_package_version_asset(**PACKAGE, packageVersion="1.0", asset="maven-metadata.xml")
    assert held["asset"].read() == metadata(GROUP, ARTIFACT, ["1.0"])
    described = env.client.describe_package_version(**PACKAGE, packageVersion="1.0")["packageVersion"]
    assert described["origin"]["originType"] == "INTERNAL"
    restrictions = env.client.describe_package(**{k: v for k, v in PACKAGE.items()})["package"]
    assert restrictions["originConfiguration"]["restrictions"] == {"publish": "ALLOW", "upstream": "BLOCK"}

    operations = [(c.operation, c.status) for c in env.ca.calls if c.params.get("format") == "maven"]
    assert ("PutPackageMetadata", 201) in operations
    recorded = next(c for c in env.ca.calls if c.operation == "PutPackageMetadata")
    assert (recorded.params["namespace"], recorded.params["package"]) == (GROUP, ARTIFACT)


def test_update_status_publishes_an_unfinished_version_too(env: Env) -> None:
    jar_bytes, _ = env.upload("1.0")
    env.client.update_package_versions_status(**PACKAGE, versions=["1.0"], targetStatus="Published")
    assert env.get("1.0/core-1.0.jar").body == jar_bytes
    assert env.listed() == ["1.0"]


def test_head_answers_every_get_route(env: Env) -> None:
    env.upload("1.0")
    env.publish("1.0")
    for path in ("1.0/core-1.0.jar", "1.0/core-1.0.jar.sha1", "maven-metadata.xml", "maven-metadata.xml.md5"):
        got, head = env.get(path), env.get(path, method="HEAD")
        assert (head.status, head.body) == (200, b""), path
        assert head.header("Content-Length") == [str(len(got.body))], path
        assert head.header("Content-Type") == got.header("Content-Type"), path
    assert env.get("2.0/core-2.0.jar", method="HEAD").status == 404


def test_generated_metadata_lists_published_versions_in_publish_order(env: Env) -> None:
    for version in ("2.0", "1.5", "3.0-beta"):  # publish order, not version order
        env.upload(version)
    env.upload("4.0")  # left Unfinished
    assert env.publish("2.0", "1.5", "3.0-beta").status == 201
    assert env.statuses() == {
        "2.0": "Published",
        "1.5": "Published",
        "3.0-beta": "Published",
        "4.0": "Unfinished",
    }
    assert env.listed() == ["2.0", "1.5", "3.0-beta"]
    answer = env.get("maven-metadata.xml")
    root = ElementTree.fromstring(answer.body)
    assert root.findtext("groupId") == GROUP and root.findtext("artifactId") == ARTIFACT
    assert root.findtext("versioning/latest") == root.findtext("versioning/release") == "3.0-beta"
    assert len(root.findtext("versioning/lastUpdated") or "") == 14
    for algorithm in ("md5", "sha1", "sha256", "sha512"):
        checksum = env.get(f"maven-metadata.xml.{algorithm}")
        assert checksum.body.decode() == hashlib.new(algorithm, answer.body).hexdigest()


@pytest.mark.parametrize(
    ("status", "listed", "downloads"),
    [("Published", True, 200), ("Unlisted", False, 200), ("Archived", False, 404), ("Disposed", False, 404)],
)
def test_status_table(env: Env, status: str, listed: bool, downloads: int) -> None:
    env.upload("1.0")
    env.upload("2.0")  # keeps the metadata alive whatever 1.0 becomes
    env.publish("1.0", "2.0")
    if status == "Disposed":
        env.client.dispose_package_versions(**PACKAGE, versions=["1.0"])
    elif status != "Published":
        env.client.update_package_versions_status(**PACKAGE, versions=["1.0"], targetStatus=status)
    assert env.listed() == (["1.0", "2.0"] if listed else ["2.0"])
    assert env.get("1.0/core-1.0.jar").status == downloads
    assert env.get("1.0/core-1.0.jar.sha1").status == downloads


def test_nothing_listable_is_404(env: Env) -> None:
    env.upload("1.0")
    env.publish("1.0")
    env.client.update_package_versions_status(**PACKAGE, versions=["1.0"], targetStatus="Unlisted")
    assert env.get("maven-metadata.xml").status == 404
    assert env.get("maven-metadata.xml.sha1").status == 404
    assert http("GET", env.url + "com/acme/unknown/maven-metadata.xml", token=env.token).status == 404


def test_publishing_again(env: Env) -> None:
    jar_bytes, _ = env.upload("1.0")
    assert env.put("1.0/core-1.0.jar", jar_bytes).status == 200  # identical: accepted again
    assert env.put("1.0/core-1.0.jar", jar_bytes + b"x").status == 409  # other bytes: refused
    env.publish("1.0")
    assert env.put("1.0/core-1.0.jar", jar_bytes).status == 200
    assert env.put("1.0/core-1.0-sources.jar", b"sources").status == 201  # a new asset joins Published
    assert env.statuses() == {"1.0": "Published"}
    assert env.get("1.0/core-1.0-sources.jar").body == b"sources"
    assert env.publish("1.0").status == 200  # the same metadata again: nothing new

    env.client.update_package_versions_status(**PACKAGE, versions=["1.0"], targetStatus="Archived")
    assert env.put("1.0/core-1.0.jar", jar_bytes).status == 409
    env.client.dispose_package_versions(**PACKAGE, versions=["1.0"])
    assert env.put("1.0/core-1.0.jar", jar_bytes).status == 409
    env.client.delete_package_versions(**PACKAGE, versions=["1.0"])
    assert env.put("1.0/core-1.0.jar", jar_bytes).status == 201  # Deleted: a new, Unfinished version
    assert env.statuses() == {"1.0": "Unfinished"}


def test_checksums_are_compared_case_sensitively_and_remembered(env: Env) -> None:
    content = jar(ARTIFACT, "1.0")
    env.put("1.0/core-1.0.jar", content)
    sha1 = hashlib.sha1(content).hexdigest()
    assert env.put("1.0/core-1.0.jar.sha1", sha1.upper().encode()).status == 400
    assert env.put("1.0/core-1.0.pom.sha1", sha1.encode()).status == 404  # no such asset
    assert env.put("1.0/core-1.0.jar.sha256", hashlib.sha256(content).hexdigest().encode()).status == 200

    refused = env.publish("1.0")
    assert refused.status == 400
    assert b"core-1.0.jar" in refused.body
    assert env.statuses() == {"1.0": "Unfinished"}
    assert env.get("maven-metadata.xml").status == 404

    assert env.put("1.0/core-1.0.jar.sha1", f"{sha1}  core-1.0.jar\n".encode()).status == 200  # sha1sum form
    assert env.publish("1.0").status == 201
    assert env.statuses() == {"1.0": "Published"}
    assets = env.client.list_package_version_assets(**PACKAGE, packageVersion="1.0")["assets"]
    assert not [a for a in assets if a["name"].endswith((".sha1", ".sha256"))]

    uploaded = metadata(GROUP, ARTIFACT, ["1.0"])
    assert env.put("maven-metadata.xml.sha1", hashlib.sha1(uploaded).hexdigest().encode()).status == 200
    assert env.put("maven-metadata.xml.md5", b"0" * 32).status == 400


def test_what_the_pom_says_is_what_the_api_shows(env: Env) -> None:
    extra = """  <name>Acme Core</name>
  <description>The core of
    Acme.</description>
  <url>https://example.invalid/core</url>
  <parent><groupId>com.acme</groupId><artifactId>parent</artifactId><version>7</version></parent>
  <properties><guava.version>33.0</guava.version></properties>
  <licenses><license><name>Apache-2.0</name><url>https://example.invalid/license</url></license></licenses>
  <scm><url>https://example.invalid/src</url></scm>
  <dependencies>
    <dependency><groupId>com.google</groupId><artifactId>guava</artifactId><version>${guava.version}</version></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13</version><scope>test</scope></dependency>
  </dependencies>
"""
    env.upload("1.0", extra)
    env.publish("1.0")
    described = env.client.describe_package_version(**PACKAGE, packageVersion="1.0")["packageVersion"]
    assert described["displayName"] == "com.acme:core"
    assert described["summary"] == "The core of Acme."
    assert described["homePage"] == "https://example.invalid/core"
    assert described["sourceCodeRepository"] == "https://example.invalid/src"
    assert described["licenses"] == [{"name": "Apache-2.0", "url": "https://example.invalid/license"}]
    dependencies = env.client.list_package_version_dependencies(**PACKAGE, packageVersion="1.0")[
        "dependencies"
    ]
    assert dependencies == [
        {"namespace": "com.acme", "package": "parent", "dependencyType": "parent", "versionRequirement": "7"},
        {
            "namespace": "com.google",
            "package": "guava",
            "dependencyType": "compile",
            "versionRequirement": "33.0",
        },
        {"namespace": "junit", "package": "junit", "dependencyType": "test", "versionRequirement": "4.13"},
    ]


def test_tokens_and_methods(env: Env) -> None:
    env.upload("1.0")
    env.publish("1.0")
    for token in (None, "not-a-token"):
        answer = env.get("maven-metadata.xml", token=token)
        assert answer.status == 401
        assert answer.header("WWW-Authenticate") == [
            'Bearer realm="acme/releases"',
            'Basic realm="acme/releases"',
        ]
        assert env.put("2.0/core-2.0.jar", b"x", token=token).status == 401
    assert http("DELETE", env.package_url + "1.0/core-1.0.jar", token=env.token).status == 405
    assert env.statuses() == {"1.0": "Published"}


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("1.0/core-2.0.jar", b"jar", 400),  # the file does not belong to its version directory
        ("1.0/other-1.0.jar", b"jar", 400),
        ("1.0/core-1.0", b"jar", 400),  # no extension
        ("1.0/core-1.0.pom", b"not xml", 400),
        ("1.0/core-1.0.pom", b"<metadata/>", 400),  # not a POM
        ("maven-metadata.xml", b"not xml", 400),
        ("maven-metadata.xml", b'<!DOCTYPE m [<!ENTITY e "x">]><metadata>&e;</metadata>', 400),
        ("maven-metadata.xml", metadata("com.other", ARTIFACT, ["1.0"]), 400),  # another package's
        ("1.0-SNAPSHOT/core-1.0-SNAPSHOT.jar", b"jar", 400),
        ("1.0-SNAPSHOT/maven-metadata.xml", b"<metadata/>", 400),
        ("1.0/core-1.0.jar.sha1", b"\xff", 400),
    ],
)
def test_bad_input_changes_nothing(env: Env, path: str, body: bytes, status: int) -> None:
    env.upload("1.0")
    before = store_fingerprint(active_store)
    answer = env.put(path, body)
    assert answer.status == status, answer
    assert len(answer.body) < 500
    assert store_fingerprint(active_store) == before
    assert env.statuses() == {"1.0": "Unfinished"}


@pytest.mark.parametrize("path", ["core-1.0.jar", "com/core-1.0.jar", "", "com/acme/", "com/acme/core/1.0/"])
def test_paths_without_an_artifact(env: Env, path: str) -> None:
    before = store_fingerprint(active_store)
    assert http("PUT", env.url + path, token=env.token, body=b"x").status == 400
    assert http("GET", env.url + path, token=env.token).status == 404
    assert store_fingerprint(active_store) == before


def test_metadata_of_a_package_never_uploaded_is_404(env: Env) -> None:
    assert env.put("maven-metadata.xml", metadata(GROUP, ARTIFACT, ["1.0"])).status == 404
    assert env.put("maven-metadata.xml.sha1", b"0" * 40).status == 404


@pytest.mark.parametrize(
    ("allowed", "status"),
    [
        (["codeartifact:PutPackageMetadata"], 403),
        (["codeartifact:PublishPackageVersion"], 403),
        (["codeartifact:PutPackageMetadata", "codeartifact:PublishPackageVersion"], 201),
    ],
)
def test_publishing_metadata_needs_both_actions(env: Env, allowed: list[str], status: int) -> None:
    """endpoints.md section 2: publishing needs PublishPackageVersion; Maven metadata also needs
    PutPackageMetadata."""
    env.upload("1.0")
    env.ca.set_policy(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": allowed, "Resource": "*"},
                {"Effect": "Allow", "Action": "codeartifact:ReadFromRepository", "Resource": "*"},
            ],
        }
    )
    assert env.publish("1.0").status == status
    last = env.ca.calls[-1]
    assert (last.operation, last.status) == ("PutPackageMetadata", status)
    env.ca.set_policy(None)
    assert env.statuses() == {"1.0": "Published" if status == 201 else "Unfinished"}
