"""CopyPackageVersions (user guide, "Copy packages between repositories", whose examples these reproduce,
and "Upstream repository API behavior")."""

from __future__ import annotations

from typing import Any, Optional

import pytest

from codeartifact_mock import CodeArtifactMock

DOMAIN = "my-domain"
SOURCE, DEST = "my_repo", "repo-2"


def _copy(client: Any, package: str = "array-unique", **kw: Any) -> dict[str, Any]:
    kw.setdefault("format", "npm")
    kw.setdefault("sourceRepository", SOURCE)
    kw.setdefault("destinationRepository", DEST)
    result = client.copy_package_versions(domain=DOMAIN, package=package, **kw)
    return {"successfulVersions": result["successfulVersions"], "failedVersions": result["failedVersions"]}


def _listed(client: Any, repository: str, package: str = "array-unique", **kw: Any) -> dict[str, str]:
    kw.setdefault("format", "npm")
    versions = client.list_package_versions(domain=DOMAIN, repository=repository, package=package, **kw)
    return {v["version"]: v["status"] for v in versions["versions"]}


def _describe(client: Any, repository: str, version: str, package: str = "array-unique") -> dict[str, Any]:
    return client.describe_package_version(  # type: ignore[no-any-return]
        domain=DOMAIN, repository=repository, format="npm", package=package, packageVersion=version
    )["packageVersion"]


def _seed(
    ca: CodeArtifactMock,
    repository: str,
    version: str,
    content: Optional[bytes] = None,
    package: str = "array-unique",
    **kw: Any,
) -> str:
    assets = None if content is None else {"package.tgz": content}
    return ca.add_package_version(DOMAIN, repository, "npm", package, version, assets=assets, **kw)


def _tarball_size(client: Any, repository: str, version: str, package: str = "array-unique") -> int:
    """The size of a version's package.tgz, as ListPackageVersionAssets shows it."""
    assets = client.list_package_version_assets(
        domain=DOMAIN, repository=repository, format="npm", package=package, packageVersion=version
    )["assets"]
    return sum(asset["size"] for asset in assets)  # type: ignore[no-any-return]


def _repos(client: Any, *names: str) -> None:
    for name in names:
        client.create_repository(domain=DOMAIN, repository=name)


# -- copying ---------------------------------------------------------------------------------------


def test_copy_package_versions(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    revisions = {v: _seed(codeartifact_mock, SOURCE, v, package="my-package") for v in ("4.0.0", "6.0.2")}
    _repos(client, DEST)
    result = _copy(client, "my-package", versions=["6.0.2", "4.0.0"])
    assert result == {
        "successfulVersions": {
            "6.0.2": {"revision": revisions["6.0.2"], "status": "Published"},
            "4.0.0": {"revision": revisions["4.0.0"], "status": "Published"},
        },
        "failedVersions": {},
    }
    assert _listed(client, DEST, "my-package") == {"6.0.2": "Published", "4.0.0": "Published"}
    source_page = client.list_package_versions(
        domain=DOMAIN, repository=SOURCE, format="npm", package="my-package"
    )
    assert source_page["versions"][-1]["revision"] == revisions["4.0.0"]  # the source keeps its versions


def test_a_copy_keeps_status_revision_time_origin_and_assets(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    revision = _seed(codeartifact_mock, SOURCE, "1.0.0", b"tarball bytes", status="Unlisted")
    _seed(codeartifact_mock, SOURCE, "2.0.0", b"archived", status="Archived")
    _repos(client, DEST)
    result = _copy(client, versions=["1.0.0", "2.0.0"])
    assert result["successfulVersions"]["1.0.0"] == {"revision": revision, "status": "Unlisted"}
    assert result["successfulVersions"]["2.0.0"]["status"] == "Archived"
    original, copied = _describe(client, SOURCE, "1.0.0"), _describe(client, DEST, "1.0.0")
    for key in ("revision", "status", "publishedTime", "displayName", "packageName"):
        assert copied[key] == original[key]
    # the version entered the domain through the source repository, and still says so
    assert copied["origin"] == {"domainEntryPoint": {"repositoryName": SOURCE}, "originType": "INTERNAL"}
    asset = client.get_package_version_asset(
        domain=DOMAIN,
        repository=DEST,
        format="npm",
        package="array-unique",
        packageVersion="1.0.0",
        asset="package.tgz",
    )
    assert asset["asset"].read() == b"tarball bytes"
    assert asset["packageVersionRevision"] == revision


def test_destination_package_is_created_and_storage_is_charged(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    _seed(codeartifact_mock, SOURCE, "1.0.0", b"12345")
    _seed(codeartifact_mock, SOURCE, "2.0.0", b"123")
    _repos(client, DEST)
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 8
    _copy(client, versions=["1.0.0", "2.0.0"])
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 16
    package = client.describe_package(domain=DOMAIN, repository=DEST, format="npm", package="array-unique")
    assert package["package"]["originConfiguration"] == {
        "restrictions": {"publish": "ALLOW", "upstream": "BLOCK"}
    }
    # the copy is the destination's own: deleting the source repository's versions frees only theirs
    client.delete_package_versions(
        domain=DOMAIN, repository=SOURCE, format="npm", package="array-unique", versions=["1.0.0", "2.0.0"]
    )
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 8
    assert _listed(client, DEST) == {"1.0.0": "Published", "2.0.0": "Published"}
    client.delete_repository(domain=DOMAIN, repository=DEST)
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 0


def test_copy_with_version_revisions(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    revisions = {v: _seed(codeartifact_mock, SOURCE, v, package="my-package") for v in ("0.3.2", "0.3.13")}
    _repos(client, DEST)
    result = _copy(client, "my-package", versionRevisions=revisions)
    assert result["failedVersions"] == {}
    assert set(result["successfulVersions"]) == {"0.3.2", "0.3.13"}


def test_mismatched_revision_fails_the_batch(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    current = _seed(codeartifact_mock, SOURCE, "0.3.2")
    good = _seed(codeartifact_mock, SOURCE, "0.3.13")
    _repos(client, DEST)
    wrong = "REVISION-1-SAMPLE-6C81EFF7DA55CC"
    result = _copy(client, versionRevisions={"0.3.2": wrong, "0.3.13": good})
    assert result == {
        "successfulVersions": {},
        "failedVersions": {
            "0.3.2": {
                "errorCode": "MISMATCHED_REVISION",
                "errorMessage": f"current revision: {current}, expected revision: {wrong}",
            },
            "0.3.13": {"errorCode": "SKIPPED", "errorMessage": "Version 0.3.13 was skipped"},
        },
    }
    assert client.list_packages(domain=DOMAIN, repository=DEST)["packages"] == []


@pytest.mark.parametrize("both", [True, False])
def test_versions_xor_version_revisions(client: Any, codeartifact_mock: CodeArtifactMock, both: bool) -> None:
    revision = _seed(codeartifact_mock, SOURCE, "1.0.0")
    _repos(client, DEST)
    kw: dict[str, Any] = {"versions": ["1.0.0"], "versionRevisions": {"1.0.0": revision}} if both else {}
    with pytest.raises(client.exceptions.ValidationException) as excinfo:
        _copy(client, **kw)
    assert excinfo.value.response["message"] == (
        "You must specify versions or versionRevisions. You cannot specify both."
    )


def test_versions_that_do_not_exist_in_the_source(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed(codeartifact_mock, SOURCE, "0.2.0")
    _repos(client, DEST)
    assert _copy(client, versions=["0.2.0", "5.6.7"]) == {
        "successfulVersions": {},
        "failedVersions": {
            "0.2.0": {"errorCode": "SKIPPED", "errorMessage": "Version 0.2.0 was skipped"},
            "5.6.7": {"errorCode": "NOT_FOUND", "errorMessage": "Could not find version 5.6.7"},
        },
    }
    assert client.list_packages(domain=DOMAIN, repository=DEST)["packages"] == []
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == _tarball_size(
        client, SOURCE, "0.2.0"
    )


def test_identical_versions_already_in_the_destination_are_left_out(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    _seed(codeartifact_mock, SOURCE, "0.2.1")
    revision = _seed(codeartifact_mock, SOURCE, "0.2.0")
    _seed(codeartifact_mock, DEST, "0.2.1")
    assert _copy(client, versions=["0.2.1", "0.2.0"]) == {
        "successfulVersions": {"0.2.0": {"revision": revision, "status": "Published"}},
        "failedVersions": {},
    }
    # idempotent: copying again succeeds with nothing to report
    assert _copy(client, versions=["0.2.1", "0.2.0"]) == {"successfulVersions": {}, "failedVersions": {}}
    assert _copy(client, versions=["0.2.1"], allowOverwrite=True) == {
        "successfulVersions": {},
        "failedVersions": {},
    }


def test_versions_that_already_exist_in_the_destination(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    _seed(codeartifact_mock, SOURCE, "0.3.2", b"new content")
    _seed(codeartifact_mock, SOURCE, "0.2.1")
    old = _seed(codeartifact_mock, DEST, "0.3.2", b"old", status="Unlisted")
    before = client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"]
    assert _copy(client, versions=["0.3.2", "0.2.1"]) == {
        "successfulVersions": {},
        "failedVersions": {
            "0.2.1": {"errorCode": "SKIPPED", "errorMessage": "Version 0.2.1 was skipped"},
            "0.3.2": {"errorCode": "ALREADY_EXISTS", "errorMessage": "Version 0.3.2 already exists"},
        },
    }
    assert _describe(client, DEST, "0.3.2")["revision"] == old
    assert _listed(client, DEST) == {"0.3.2": "Unlisted"}

    new = _copy(client, versions=["0.3.2", "0.2.1"], allowOverwrite=True)["successfulVersions"]
    assert new["0.3.2"]["status"] == "Published" and new["0.3.2"]["revision"] != old
    assert _describe(client, DEST, "0.3.2")["revision"] == new["0.3.2"]["revision"]
    assert list(_listed(client, DEST)) == ["0.3.2", "0.2.1"]  # the overwritten version keeps its place
    grown = len(b"new content") - len(b"old") + _tarball_size(client, SOURCE, "0.2.1")
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == before + grown


def test_disposed_versions_cannot_be_copied(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed(codeartifact_mock, SOURCE, "1.0.0", status="Disposed")
    _seed(codeartifact_mock, SOURCE, "1.0.1")
    _repos(client, DEST)
    assert _copy(client, versions=["1.0.0", "1.0.1"])["failedVersions"] == {
        "1.0.0": {
            "errorCode": "NOT_ALLOWED",
            "errorMessage": "Version 1.0.0 cannot be copied because its status is Disposed",
        },
        "1.0.1": {"errorCode": "SKIPPED", "errorMessage": "Version 1.0.1 was skipped"},
    }


def test_copy_a_scoped_npm_package_and_a_maven_package(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    codeartifact_mock.add_package_version(DOMAIN, "repo-1", "npm", "react", "0.12.2", namespace="types")
    codeartifact_mock.add_package_version(
        DOMAIN, SOURCE, "maven", "guava", "27.1-jre", namespace="com.google.guava"
    )
    _repos(client, DEST)
    scoped = client.copy_package_versions(
        domain=DOMAIN,
        sourceRepository="repo-1",
        destinationRepository=DEST,
        format="npm",
        namespace="types",
        package="react",
        versions=["0.12.2"],
    )
    assert list(scoped["successfulVersions"]) == ["0.12.2"]
    assert _describe_scoped(client) == "@types/react"
    maven = _copy(client, "guava", format="maven", namespace="com.google.guava", versions=["27.1-jre"])
    assert maven["successfulVersions"]["27.1-jre"]["status"] == "Published"
    with pytest.raises(client.exceptions.ValidationException, match="namespace is required"):
        _copy(client, "guava", format="maven", versions=["27.1-jre"])


def _describe_scoped(client: Any) -> str:
    described = client.describe_package_version(
        domain=DOMAIN,
        repository=DEST,
        format="npm",
        namespace="types",
        package="react",
        packageVersion="0.12.2",
    )
    return described["packageVersion"]["displayName"]  # type: ignore[no-any-return]


def test_copying_an_ingested_version_keeps_it_external(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    _seed(codeartifact_mock, "npm-store", "4.17.20", package="lodash", origin="public:npmjs")
    _repos(client, DEST)
    _copy(client, "lodash", sourceRepository="npm-store", versions=["4.17.20"])
    external = {"domainEntryPoint": {"externalConnectionName": "public:npmjs"}, "originType": "EXTERNAL"}
    assert _describe(client, DEST, "4.17.20", "lodash")["origin"] == external
    package = client.describe_package(domain=DOMAIN, repository=DEST, format="npm", package="lodash")
    assert package["package"]["originConfiguration"] == {
        "restrictions": {"publish": "BLOCK", "upstream": "ALLOW"}
    }
    listed = client.list_package_versions(
        domain=DOMAIN, repository=DEST, format="npm", package="lodash", originType="EXTERNAL"
    )
    assert [v["version"] for v in listed["versions"]] == ["4.17.20"]


def test_an_existing_destination_package_keeps_its_restrictions(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    _seed(codeartifact_mock, "npm-store", "2.0.0", package="lodash", origin="public:npmjs")
    _seed(codeartifact_mock, DEST, "1.0.0", package="lodash")
    _copy(client, "lodash", sourceRepository="npm-store", versions=["2.0.0"])
    package = client.describe_package(domain=DOMAIN, repository=DEST, format="npm", package="lodash")
    assert package["package"]["originConfiguration"] == {
        "restrictions": {"publish": "ALLOW", "upstream": "BLOCK"}
    }


def test_copy_back_to_where_a_version_was_published(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed(codeartifact_mock, SOURCE, "1.0.0")
    _repos(client, DEST)
    _copy(client, versions=["1.0.0"])
    client.delete_package_versions(
        domain=DOMAIN, repository=SOURCE, format="npm", package="array-unique", versions=["1.0.0"]
    )
    _copy(client, sourceRepository=DEST, destinationRepository=SOURCE, versions=["1.0.0"])
    assert _describe(client, SOURCE, "1.0.0")["origin"] == {
        "domainEntryPoint": {"repositoryName": SOURCE},
        "originType": "INTERNAL",
    }


# -- upstreams -------------------------------------------------------------------------------------


def _chain(client: Any, downstream: str, *upstreams: str) -> None:
    client.update_repository(
        domain=DOMAIN, repository=downstream, upstreams=[{"repositoryName": name} for name in upstreams]
    )


def test_include_from_upstream(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed(codeartifact_mock, "upstream-repo", "4.17.20", package="lodash")
    _repos(client, "target-repo", DEST)
    _chain(client, "target-repo", "upstream-repo")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:  # only the source is searched
        _copy(client, "lodash", sourceRepository="target-repo", versions=["4.17.20"])
    assert excinfo.value.response["resourceType"] == "package"
    copied = _copy(
        client, "lodash", sourceRepository="target-repo", versions=["4.17.20"], includeFromUpstream=True
    )
    assert list(copied["successfulVersions"]) == ["4.17.20"]
    assert _describe(client, DEST, "4.17.20", "lodash")["origin"]["domainEntryPoint"] == {
        "repositoryName": "upstream-repo"
    }
    # the source repository itself gains nothing
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_package_versions(domain=DOMAIN, repository="target-repo", format="npm", package="lodash")


def test_without_include_from_upstream_a_version_only_upstream_is_not_found(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    _seed(codeartifact_mock, "upstream-repo", "2.0.0")
    _seed(codeartifact_mock, "target-repo", "1.0.0")
    _repos(client, DEST)
    _chain(client, "target-repo", "upstream-repo")
    failed = _copy(client, sourceRepository="target-repo", versions=["1.0.0", "2.0.0"])["failedVersions"]
    assert failed["2.0.0"]["errorCode"] == "NOT_FOUND" and failed["1.0.0"]["errorCode"] == "SKIPPED"
    both = _copy(
        client, sourceRepository="target-repo", versions=["1.0.0", "2.0.0"], includeFromUpstream=True
    )
    assert set(both["successfulVersions"]) == {"1.0.0", "2.0.0"}


def test_upstreams_are_searched_in_priority_order(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    """The user guide's complex example: my_repo -> A, B; A -> C, D; D -> E. Search: my_repo A C D E B."""
    for name in ("repo-A", "repo-B", "repo-C", "repo-D", "repo-E"):
        _seed(codeartifact_mock, name, "0.0.1")  # every repository holds the package
    revisions = {
        "repo-D": _seed(codeartifact_mock, "repo-D", "1.0.0", b"from D"),
        "repo-B": _seed(codeartifact_mock, "repo-B", "1.0.0", b"from B"),
        "repo-E": _seed(codeartifact_mock, "repo-E", "2.0.0", b"from E"),
    }
    _seed(codeartifact_mock, "repo-B", "2.0.0", b"from B too")
    _repos(client, SOURCE, DEST)
    _chain(client, SOURCE, "repo-A", "repo-B")
    _chain(client, "repo-A", "repo-C", "repo-D")
    _chain(client, "repo-D", "repo-E")
    copied = _copy(client, versions=["1.0.0", "2.0.0"], includeFromUpstream=True)["successfulVersions"]
    assert copied["1.0.0"]["revision"] == revisions["repo-D"]  # D is searched before B
    assert copied["2.0.0"]["revision"] == revisions["repo-E"]  # and so is E, D's upstream


def test_cyclic_upstreams_are_searched_once(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed(codeartifact_mock, "repo-A", "1.0.0")
    _seed(codeartifact_mock, "repo-B", "2.0.0")
    _repos(client, DEST)
    _chain(client, "repo-A", "repo-B")
    _chain(client, "repo-B", "repo-A")
    result = _copy(
        client, sourceRepository="repo-A", versions=["1.0.0", "2.0.0", "3.0.0"], includeFromUpstream=True
    )
    assert result["failedVersions"]["3.0.0"]["errorCode"] == "NOT_FOUND"


def test_a_search_looks_in_at_most_twenty_five_repositories(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    names = [f"chain-{index:02d}" for index in range(26)]  # chain-00 -> chain-01 -> ... -> chain-25
    for name in names:
        _seed(codeartifact_mock, name, "0.0.1")
    _seed(codeartifact_mock, names[24], "1.0.0")
    _seed(codeartifact_mock, names[25], "2.0.0")
    _repos(client, DEST)
    for downstream, upstream in zip(names, names[1:]):
        _chain(client, downstream, upstream)
    reached = _copy(client, sourceRepository=names[0], versions=["1.0.0"], includeFromUpstream=True)
    assert list(reached["successfulVersions"]) == ["1.0.0"]  # the 25th repository searched
    beyond = _copy(client, sourceRepository=names[0], versions=["2.0.0"], includeFromUpstream=True)
    assert beyond["failedVersions"]["2.0.0"]["errorCode"] == "NOT_FOUND"  # the 26th is not


# -- request errors --------------------------------------------------------------------------------


def test_source_and_destination_must_differ(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed(codeartifact_mock, SOURCE, "1.0.0")
    with pytest.raises(client.exceptions.ValidationException, match="must be different"):
        _copy(client, destinationRepository=SOURCE, versions=["1.0.0"])


def test_missing_resources(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed(codeartifact_mock, SOURCE, "1.0.0")
    _repos(client, DEST)
    cases = [
        ({"sourceRepository": "ghost"}, "repository", "ghost"),
        ({"destinationRepository": "ghost"}, "repository", "ghost"),
        ({"package": "ghost"}, "package", "ghost"),
    ]
    for kw, resource_type, resource_id in cases:
        kw = {"package": "array-unique", **kw}
        with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
            _copy(client, versions=["1.0.0"], **kw)
        response = excinfo.value.response
        assert (response["resourceType"], response["resourceId"]) == (resource_type, resource_id)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.copy_package_versions(
            domain="no-domain",
            sourceRepository=SOURCE,
            destinationRepository=DEST,
            format="npm",
            package="array-unique",
            versions=["1.0.0"],
        )
    assert excinfo.value.response["resourceType"] == "domain"


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        ([], "Member must have length greater than or equal to 1"),
        (["1.0.0", "1.0.0"], "Duplicate package version in versions: 1.0.0"),
        ([f"1.0.{i}" for i in range(101)], "Member must have length less than or equal to 100"),
    ],
)
def test_bad_version_lists(
    raw_client: Any, codeartifact_mock: CodeArtifactMock, versions: list[str], message: str
) -> None:
    _seed(codeartifact_mock, SOURCE, "1.0.0")
    _repos(raw_client, DEST)
    with pytest.raises(raw_client.exceptions.ValidationException, match=message):
        _copy(raw_client, versions=versions)
    assert raw_client.list_packages(domain=DOMAIN, repository=DEST)["packages"] == []


def test_listing_the_destination_pages_as_usual(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    versions = [f"1.0.{index}" for index in range(5)]
    for version in versions:
        _seed(codeartifact_mock, SOURCE, version)
    _repos(client, DEST)
    _copy(client, versions=versions)
    paginator = client.get_paginator("list_package_versions")
    pages = list(
        paginator.paginate(
            domain=DOMAIN,
            repository=DEST,
            format="npm",
            package="array-unique",
            PaginationConfig={"PageSize": 2},
        )
    )
    assert [len(page["versions"]) for page in pages] == [2, 2, 1]
    assert [v["version"] for page in pages for v in page["versions"]] == versions[::-1]
    packages = list(client.get_paginator("list_packages").paginate(domain=DOMAIN, repository=DEST))
    assert [p["package"] for page in packages for p in page["packages"]] == ["array-unique"]


def test_an_older_copied_version_takes_its_place_in_publish_order(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    _seed(codeartifact_mock, SOURCE, "9.0.0")  # published first, copied last
    _seed(codeartifact_mock, DEST, "2.0.0")
    _seed(codeartifact_mock, DEST, "3.0.0")
    _copy(client, versions=["9.0.0"])
    assert list(_listed(client, DEST)) == ["9.0.0", "3.0.0", "2.0.0"]  # version order
    assert list(_listed(client, DEST, sortBy="PUBLISHED_TIME")) == ["3.0.0", "2.0.0", "9.0.0"]
    times = [_describe(client, DEST, v)["publishedTime"] for v in ("9.0.0", "2.0.0", "3.0.0")]
    assert times == sorted(times)
    listing = client.list_package_versions(
        domain=DOMAIN, repository=DEST, format="npm", package="array-unique"
    )
    # npm's: the version the latest tag names, which came with the copy (user guide, "Copy packages")
    assert listing["defaultDisplayVersion"] == "9.0.0"
    pages = client.get_paginator("list_package_versions").paginate(
        domain=DOMAIN,
        repository=DEST,
        format="npm",
        package="array-unique",
        sortBy="PUBLISHED_TIME",
        PaginationConfig={"PageSize": 1},
    )
    assert [v["version"] for page in pages for v in page["versions"]] == ["3.0.0", "2.0.0", "9.0.0"]
