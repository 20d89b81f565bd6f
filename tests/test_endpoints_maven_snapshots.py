"""Maven SNAPSHOT versions over raw HTTP, as the user guide's "Use Maven snapshots" describes them.

Only unique snapshots: each build's files (``1.0-SNAPSHOT/core-1.0-20240102.030405-1.jar``) make a version
of their own, Unfinished until the SNAPSHOT's ``maven-metadata.xml`` names the build; then the build is
Unlisted and ``1.0-SNAPSHOT`` the Published version holding its files. Requests go as mvn sends them
(``maven_helpers``); ``test_endpoints_maven_real`` runs the real mvn.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator

import pytest
from fingerprint import store_fingerprint
from maven_helpers import jar, metadata, pom, snapshot_metadata
from test_endpoints_maven import ARTIFACT, GROUP, PACKAGE, Env

from codeartifact_mock import mock_codeartifact
from codeartifact_mock.activation import store as active_store

SNAPSHOT = "1.0-SNAPSHOT"
FIRST, SECOND = "20240102.030405-1", "20240103.040506-2"


@pytest.fixture
def env() -> Iterator[Env]:
    with mock_codeartifact() as ca, ca.serve() as server:
        yield Env(ca, server)


def _deploy_files(env: Env, stamp: str, *classified: str) -> dict[str, bytes]:
    """A build's files, as mvn deploy uploads them: each with its .sha1 and .md5."""
    build = f"1.0-{stamp}"
    files = {
        f"{ARTIFACT}-{build}.jar": jar(ARTIFACT, build),
        f"{ARTIFACT}-{build}.pom": pom(GROUP, ARTIFACT, SNAPSHOT),
    }
    files.update({f"{ARTIFACT}-{build}-{name}.jar": jar(name, build) for name in classified})
    for name, content in files.items():
        assert env.put(f"{SNAPSHOT}/{name}", content).status == 201
        for algorithm in ("sha1", "md5"):
            checksum = hashlib.new(algorithm, content).hexdigest().encode()
            assert env.put(f"{SNAPSHOT}/{name}.{algorithm}", checksum).status == 200
    return files


def _deploy(env: Env, stamp: str, *classified: str) -> dict[str, bytes]:
    """mvn deploy of one build: its files, the SNAPSHOT's metadata, then the package's."""
    files = _deploy_files(env, stamp, *classified)
    document = snapshot_metadata(
        GROUP, ARTIFACT, SNAPSHOT, stamp, ("jar", "pom", *(f"{c}:jar" for c in classified))
    )
    assert env.put(f"{SNAPSHOT}/maven-metadata.xml", document).status == 201
    assert (
        env.put(f"{SNAPSHOT}/maven-metadata.xml.sha1", hashlib.sha1(document).hexdigest().encode()).status
        == 200
    )
    assert env.publish(SNAPSHOT).status in (200, 201)
    return files


def _assets(env: Env, version: str) -> dict[str, str]:
    listed = env.client.list_package_version_assets(**PACKAGE, packageVersion=version)["assets"]
    return {asset["name"]: asset["hashes"]["SHA-256"] for asset in listed}


def test_a_build_is_unfinished_until_the_snapshot_metadata_names_it(env: Env) -> None:
    files = _deploy_files(env, FIRST)
    assert env.statuses() == {f"1.0-{FIRST}": "Unfinished"}
    assert env.get(f"{SNAPSHOT}/maven-metadata.xml").status == 404
    assert env.get(f"{SNAPSHOT}/{ARTIFACT}-1.0-{FIRST}.jar").status == 404  # not downloadable yet

    document = snapshot_metadata(GROUP, ARTIFACT, SNAPSHOT, FIRST)
    assert env.put(f"{SNAPSHOT}/maven-metadata.xml", document).status == 201
    assert env.put(f"{SNAPSHOT}/maven-metadata.xml", document).status == 200  # the same again
    assert env.statuses() == {SNAPSHOT: "Published", f"1.0-{FIRST}": "Unlisted"}
    hashes = {name: hashlib.sha256(content).hexdigest() for name, content in files.items()}
    assert _assets(env, SNAPSHOT) == _assets(env, f"1.0-{FIRST}") == hashes
    described = {
        version: env.client.describe_package_version(**PACKAGE, packageVersion=version)["packageVersion"]
        for version in (SNAPSHOT, f"1.0-{FIRST}")
    }
    assert described[SNAPSHOT]["revision"] != described[f"1.0-{FIRST}"]["revision"]  # as in the user guide
    listing = env.client.list_package_versions(**PACKAGE)
    assert listing["defaultDisplayVersion"] == SNAPSHOT

    # its checksums are checked against it, as mvn uploads them
    sha1 = hashlib.sha1(document).hexdigest().encode()
    assert env.put(f"{SNAPSHOT}/maven-metadata.xml.sha1", sha1).status == 200
    assert env.put(f"{SNAPSHOT}/maven-metadata.xml.sha1", b"0" * 40).status == 400


def test_the_snapshot_metadata_is_made_from_the_newest_build(env: Env) -> None:
    _deploy(env, FIRST)
    newest = _deploy(env, SECOND, "sources")
    answer = env.get(f"{SNAPSHOT}/maven-metadata.xml")
    assert answer.status == 200
    root = ElementTree.fromstring(answer.body)
    assert root.findtext("version") == SNAPSHOT
    assert (
        root.findtext("versioning/snapshot/timestamp"),
        root.findtext("versioning/snapshot/buildNumber"),
    ) == (
        "20240103.040506",
        "2",
    )
    entries = {
        (entry.findtext("classifier"), entry.findtext("extension"), entry.findtext("value"))
        for entry in root.findall("versioning/snapshotVersions/snapshotVersion")
    }
    assert entries == {
        (None, "jar", f"1.0-{SECOND}"),
        (None, "pom", f"1.0-{SECOND}"),
        ("sources", "jar", f"1.0-{SECOND}"),
    }
    checksum = env.get(f"{SNAPSHOT}/maven-metadata.xml.sha1")
    assert checksum.body.decode() == hashlib.sha1(answer.body).hexdigest()

    assert env.statuses() == {SNAPSHOT: "Published", f"1.0-{FIRST}": "Unlisted", f"1.0-{SECOND}": "Unlisted"}
    unlisted = env.client.list_package_versions(**PACKAGE, status="Unlisted")["versions"]
    assert sorted(v["version"] for v in unlisted) == [f"1.0-{FIRST}", f"1.0-{SECOND}"]
    assert set(_assets(env, SNAPSHOT)) == set(newest)
    assert env.listed() == [SNAPSHOT]  # builds are not listed in the package's metadata


def test_each_file_comes_from_the_build_it_names(env: Env) -> None:
    first = _deploy(env, FIRST)
    second = _deploy(env, SECOND)
    for files in (first, second):
        for name, content in files.items():
            answer = env.get(f"{SNAPSHOT}/{name}")
            assert (answer.status, answer.body) == (200, content), name
            assert env.get(f"{SNAPSHOT}/{name}.sha1").body.decode() == hashlib.sha1(content).hexdigest()
    # a build's own directory serves it too: a build is a version like any other
    name = f"{ARTIFACT}-1.0-{FIRST}.jar"
    assert env.get(f"1.0-{FIRST}/{name}").body == first[name]
    # a file named after the SNAPSHOT itself is the newest build's
    newest = env.get(f"{SNAPSHOT}/{ARTIFACT}-{SNAPSHOT}.jar")
    assert (newest.status, newest.body) == (200, second[f"{ARTIFACT}-1.0-{SECOND}.jar"])
    assert env.get(f"{SNAPSHOT}/{ARTIFACT}-{SNAPSHOT}-sources.jar").status == 404


def test_a_build_takes_the_statuses_like_any_version(env: Env) -> None:
    _deploy(env, FIRST)
    second = _deploy(env, SECOND)
    build, name = f"1.0-{FIRST}", f"{ARTIFACT}-1.0-{FIRST}.jar"
    env.client.update_package_versions_status(**PACKAGE, versions=[build], targetStatus="Published")
    assert env.listed() == [build, SNAPSHOT]  # in publish order: the SNAPSHOT was remade by the second build
    env.client.update_package_versions_status(**PACKAGE, versions=[build], targetStatus="Archived")
    assert env.get(f"{SNAPSHOT}/{name}").status == 404
    env.client.dispose_package_versions(**PACKAGE, versions=[build])
    assert env.get(f"{SNAPSHOT}/{name}").status == 404
    assert _assets(env, build) == {}
    assert env.statuses() == {SNAPSHOT: "Published", build: "Disposed", f"1.0-{SECOND}": "Unlisted"}
    for name, content in second.items():  # the other build, and the SNAPSHOT, are untouched
        assert env.get(f"{SNAPSHOT}/{name}").body == content


def test_deleting_the_builds_leaves_the_snapshot_serving_the_newest(env: Env) -> None:
    """The user guide's clean-up: DeletePackageVersions of the builds, with expectedStatus Unlisted."""
    _deploy(env, FIRST)
    second = _deploy(env, SECOND)
    builds = [f"1.0-{FIRST}", f"1.0-{SECOND}"]
    deleted = env.client.delete_package_versions(**PACKAGE, versions=builds, expectedStatus="Unlisted")
    assert sorted(deleted["successfulVersions"]) == builds
    assert env.statuses() == {SNAPSHOT: "Published"}
    assert env.get(f"{SNAPSHOT}/maven-metadata.xml").status == 200
    for name, content in second.items():
        assert env.get(f"{SNAPSHOT}/{name}").body == content
    assert env.get(f"{SNAPSHOT}/{ARTIFACT}-1.0-{FIRST}.jar").status == 404

    env.client.delete_package_versions(**PACKAGE, versions=[SNAPSHOT])
    assert env.statuses() == {}
    assert env.get(f"{SNAPSHOT}/maven-metadata.xml").status == 404
    assert env.get(f"{SNAPSHOT}/{ARTIFACT}-1.0-{SECOND}.jar").status == 404


def test_an_unlisted_snapshot_is_published_again_by_a_new_build(env: Env) -> None:
    _deploy(env, FIRST)
    env.client.update_package_versions_status(**PACKAGE, versions=[SNAPSHOT], targetStatus="Unlisted")
    assert env.get(f"{SNAPSHOT}/maven-metadata.xml").status == 200  # downloadable, though not listed
    _deploy(env, SECOND)
    assert env.statuses()[SNAPSHOT] == "Published"


@pytest.mark.parametrize("archived", [SNAPSHOT, f"1.0-{SECOND}"])
def test_an_archived_snapshot_or_build_refuses_the_metadata(env: Env, archived: str) -> None:
    _deploy(env, FIRST)
    _deploy_files(env, SECOND)
    if archived == SNAPSHOT:
        env.client.update_package_versions_status(**PACKAGE, versions=[SNAPSHOT], targetStatus="Archived")
    else:
        env.client.update_package_versions_status(**PACKAGE, versions=[archived], targetStatus="Archived")
    before = store_fingerprint(active_store)
    answer = env.put(f"{SNAPSHOT}/maven-metadata.xml", snapshot_metadata(GROUP, ARTIFACT, SNAPSHOT, SECOND))
    assert answer.status == 409
    assert b"it cannot be published again" in answer.body
    assert store_fingerprint(active_store) == before


def test_non_unique_snapshots_are_refused_saying_why(env: Env) -> None:
    before = store_fingerprint(active_store)
    for name in (
        f"{ARTIFACT}-{SNAPSHOT}.jar",
        f"{ARTIFACT}-{SNAPSHOT}.pom",
        f"{ARTIFACT}-{SNAPSHOT}.jar.sha1",
    ):
        answer = env.put(f"{SNAPSHOT}/{name}", b"content")
        assert answer.status == 400, name
        assert b"non-unique snapshot file" in answer.body
        assert b"supports only unique snapshots" in answer.body
    maven2 = (
        f"<metadata><groupId>{GROUP}</groupId><artifactId>{ARTIFACT}</artifactId><version>{SNAPSHOT}</version>"
        "<versioning><snapshot><localCopy>true</localCopy></snapshot></versioning></metadata>"
    ).encode()
    answer = env.put(f"{SNAPSHOT}/maven-metadata.xml", maven2)
    assert answer.status == 400
    assert b"names no unique build" in answer.body
    assert store_fingerprint(active_store) == before


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (snapshot_metadata(GROUP, ARTIFACT, SNAPSHOT, FIRST), b"whose files were not uploaded"),
        (snapshot_metadata(GROUP, ARTIFACT, "2.0-SNAPSHOT", FIRST), b"names version 2.0-SNAPSHOT"),
        (snapshot_metadata(GROUP, "other", SNAPSHOT, FIRST), b"names artifactId other"),
        (b"<metadata><versioning/>", b"not well-formed XML"),
    ],
)
def test_bad_snapshot_metadata_is_a_400_and_changes_nothing(
    env: Env, document: bytes, message: bytes
) -> None:
    _deploy_files(env, SECOND)
    before = store_fingerprint(active_store)
    answer = env.put(f"{SNAPSHOT}/maven-metadata.xml", document)
    assert answer.status == 400
    assert message in answer.body
    assert store_fingerprint(active_store) == before


def test_a_build_with_a_checksum_mismatch_is_not_published(env: Env) -> None:
    _deploy_files(env, FIRST)
    assert env.put(f"{SNAPSHOT}/{ARTIFACT}-1.0-{FIRST}.jar.sha1", b"0" * 40).status == 400
    answer = env.put(f"{SNAPSHOT}/maven-metadata.xml", snapshot_metadata(GROUP, ARTIFACT, SNAPSHOT, FIRST))
    assert answer.status == 400
    assert b"did not match" in answer.body
    assert env.statuses() == {f"1.0-{FIRST}": "Unfinished"}


def test_a_seeded_snapshot_serves_its_own_files(env: Env) -> None:
    """A SNAPSHOT seeded without builds has files named after itself, which clients ask for when the
    SNAPSHOT has no metadata."""
    env.ca.add_package_version("acme", "releases", "maven", ARTIFACT, SNAPSHOT, namespace=GROUP)
    assert env.get(f"{SNAPSHOT}/maven-metadata.xml").status == 404
    assert sorted(_assets(env, SNAPSHOT)) == [f"{ARTIFACT}-{SNAPSHOT}.jar", f"{ARTIFACT}-{SNAPSHOT}.pom"]
    answer = env.get(f"{SNAPSHOT}/{ARTIFACT}-{SNAPSHOT}.pom")
    assert answer.status == 200
    assert (
        ElementTree.fromstring(answer.body).findtext("{http://maven.apache.org/POM/4.0.0}version") == SNAPSHOT
    )
    release = env.get("maven-metadata.xml")
    assert ElementTree.fromstring(release.body).findtext("versioning/release") is None  # no release yet
    assert env.put("maven-metadata.xml", metadata(GROUP, ARTIFACT, [SNAPSHOT])).status == 201
