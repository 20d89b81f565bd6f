"""DescribePackageVersion, ListPackageVersions, ListPackageVersionAssets and GetPackageVersionAsset."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
from typing import Any

import pytest

from codeartifact_mock import CodeArtifactMock

DOMAIN, REPO = "dom", "repo"
LOC: dict[str, str] = {"domain": DOMAIN, "repository": REPO}


def _versions(client: Any, package: str = "chalk", fmt: str = "npm", **kw: Any) -> dict[str, Any]:
    return client.list_package_versions(**LOC, format=fmt, package=package, **kw)  # type: ignore[no-any-return]


def _seed_versions(
    ca: CodeArtifactMock, versions: list[tuple[str, str]], package: str = "chalk"
) -> dict[str, str]:
    return {v: ca.add_package_version(DOMAIN, REPO, "npm", package, v, status=s) for v, s in versions}


# -- DescribePackageVersion ------------------------------------------------------------------------


def test_describe_package_version(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    revision = codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "4.1.0", namespace="acme")
    resp = client.describe_package_version(
        **LOC, format="npm", namespace="acme", package="chalk", packageVersion="4.1.0"
    )
    assert set(resp) - {"ResponseMetadata"} == {"packageVersion"}
    pv = resp["packageVersion"]
    assert pv["format"] == "npm"
    assert pv["namespace"] == "acme"
    assert pv["packageName"] == "chalk"
    assert pv["displayName"] == "@acme/chalk"
    assert pv["version"] == "4.1.0"
    assert pv["status"] == "Published"
    assert pv["revision"] == revision
    assert isinstance(pv["publishedTime"], datetime.datetime)
    assert pv["origin"] == {"originType": "INTERNAL", "domainEntryPoint": {"repositoryName": REPO}}


def test_describe_package_version_without_namespace(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "pypi", "requests", "2.31.0", status="Unlisted")
    pv = client.describe_package_version(**LOC, format="pypi", package="requests", packageVersion="2.31.0")[
        "packageVersion"
    ]
    assert pv["displayName"] == "requests"
    assert pv["status"] == "Unlisted"
    assert "namespace" not in pv


def test_seeded_revision_can_be_pinned(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    pinned = "E3lhBp0RObRTut4pkjV5c1AQGkgSA7Oxtil6hMMzelc="
    assert (
        codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "1.0.0", revision=pinned)
        == pinned
    )
    pv = client.describe_package_version(**LOC, format="npm", package="chalk", packageVersion="1.0.0")
    assert pv["packageVersion"]["revision"] == pinned


def test_describe_missing_package_version(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "1.0.0")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.describe_package_version(**LOC, format="npm", package="chalk", packageVersion="9.9.9")
    assert excinfo.value.response["resourceType"] == "package-version"
    assert excinfo.value.response["resourceId"] == "9.9.9"
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.describe_package_version(**LOC, format="npm", package="nope", packageVersion="1.0.0")
    assert excinfo.value.response["resourceType"] == "package"
    assert excinfo.value.response["resourceId"] == "nope"
    # format is part of the package's identity
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_package_version(**LOC, format="pypi", package="chalk", packageVersion="1.0.0")


# -- ListPackageVersions ---------------------------------------------------------------------------


def test_list_versions_all_statuses_newest_version_first(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    order = [("2.0.0", "Published"), ("1.0.0", "Unlisted"), ("3.0.0", "Archived"), ("0.1.0", "Unfinished")]
    revisions = _seed_versions(codeartifact_mock, order)
    resp = _versions(client)
    assert resp["format"] == "npm"
    assert resp["package"] == "chalk"
    assert [(v["version"], v["status"]) for v in resp["versions"]] == sorted(order, reverse=True)
    for entry in resp["versions"]:
        assert entry["revision"] == revisions[entry["version"]]
        assert entry["origin"] == {"originType": "INTERNAL", "domainEntryPoint": {"repositoryName": REPO}}
    assert "nextToken" not in resp


def test_list_versions_sorted_by_published_time(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed_versions(
        codeartifact_mock, [("1.0.0", "Published"), ("0.5.0", "Published"), ("2.0.0", "Published")]
    )
    resp = _versions(client, sortBy="PUBLISHED_TIME")
    assert [v["version"] for v in resp["versions"]] == ["2.0.0", "0.5.0", "1.0.0"]


def test_list_versions_status_filter(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed_versions(codeartifact_mock, [("1.0.0", "Published"), ("1.1.0", "Unlisted"), ("1.2.0", "Published")])
    assert [v["version"] for v in _versions(client, status="Published")["versions"]] == ["1.2.0", "1.0.0"]
    assert [v["version"] for v in _versions(client, status="Unlisted")["versions"]] == ["1.1.0"]
    assert _versions(client, status="Archived")["versions"] == []
    assert _versions(client, status="Deleted")["versions"] == []


def test_list_versions_status_filter_pages(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    statuses = ["Published", "Unlisted", "Published", "Archived", "Published", "Published"]
    _seed_versions(codeartifact_mock, [(f"1.{i}.0", s) for i, s in enumerate(statuses)])
    first = _versions(client, status="Published", maxResults=3)
    assert [v["version"] for v in first["versions"]] == ["1.5.0", "1.4.0", "1.2.0"]
    rest = _versions(client, status="Published", maxResults=3, nextToken=first["nextToken"])
    assert [v["version"] for v in rest["versions"]] == ["1.0.0"]
    assert "nextToken" not in rest


def test_default_display_version(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed_versions(codeartifact_mock, [("1.0.0", "Published"), ("2.0.0", "Published"), ("3.0.0", "Unlisted")])
    assert _versions(client)["defaultDisplayVersion"] == "2.0.0"
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "0.9.0")
    assert _versions(client)["defaultDisplayVersion"] == "0.9.0"
    client.update_package_versions_status(
        **LOC, format="npm", package="chalk", versions=["0.9.0", "2.0.0"], targetStatus="Archived"
    )
    assert _versions(client)["defaultDisplayVersion"] == "1.0.0"


def test_default_display_version_absent_without_published(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    _seed_versions(codeartifact_mock, [("1.0.0", "Unlisted")])
    assert "defaultDisplayVersion" not in _versions(client)


def test_list_versions_pages(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    names = [f"1.0.{index}" for index in range(5)]
    _seed_versions(codeartifact_mock, [(v, "Published") for v in names])
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        kw: dict[str, Any] = {"maxResults": 2}
        if token:
            kw["nextToken"] = token
        page = _versions(client, **kw)
        pages += 1
        assert len(page["versions"]) <= 2
        seen += [v["version"] for v in page["versions"]]
        token = page.get("nextToken")
        if token is None:
            break
        assert isinstance(token, str) and token
    assert seen == names[::-1]
    assert pages == 3


def test_list_versions_max_results_exact_fit_has_no_token(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    _seed_versions(codeartifact_mock, [("1.0.0", "Published"), ("2.0.0", "Published")])
    resp = _versions(client, maxResults=2)
    assert len(resp["versions"]) == 2
    first = _versions(client, maxResults=1)
    second = _versions(client, maxResults=1, nextToken=first["nextToken"])
    assert [v["version"] for v in first["versions"] + second["versions"]] == ["2.0.0", "1.0.0"]


def test_list_versions_paginator(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    names = [f"2.{index}.0" for index in range(7)]
    _seed_versions(codeartifact_mock, [(v, "Published") for v in names])
    paginator = client.get_paginator("list_package_versions")
    pages = list(paginator.paginate(**LOC, format="npm", package="chalk", PaginationConfig={"PageSize": 3}))
    assert [len(p["versions"]) for p in pages] == [3, 3, 1]
    assert [v["version"] for p in pages for v in p["versions"]] == names[::-1]
    newest_first = paginator.paginate(
        **LOC, format="npm", package="chalk", sortBy="PUBLISHED_TIME", PaginationConfig={"PageSize": 2}
    ).build_full_result()
    assert [v["version"] for v in newest_first["versions"]] == names[::-1]


def test_forged_token_is_rejected(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed_versions(codeartifact_mock, [("1.0.0", "Published"), ("2.0.0", "Published")])
    forged = base64.b64encode(json.dumps({"s": 0, "h": "0" * 32}).encode()).decode()
    for token in ("not-a-token", forged, "eyJsaXN0UGFja2FnZVZlcnNpb25zIjp0cnVlfQ=="):
        with pytest.raises(client.exceptions.ValidationException) as excinfo:
            _versions(client, maxResults=1, nextToken=token)
        assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_token_from_another_query_is_rejected(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _seed_versions(codeartifact_mock, [("1.0.0", "Published"), ("2.0.0", "Published")], package="chalk")
    _seed_versions(codeartifact_mock, [("1.0.0", "Published"), ("2.0.0", "Published")], package="lodash")
    token = _versions(client, "chalk", maxResults=1)["nextToken"]
    with pytest.raises(client.exceptions.ValidationException):
        _versions(client, "lodash", maxResults=1, nextToken=token)
    with pytest.raises(client.exceptions.ValidationException):
        _versions(client, "chalk", maxResults=1, nextToken=token, status="Unlisted")
    with pytest.raises(client.exceptions.ValidationException):  # the other order
        _versions(client, "chalk", maxResults=1, nextToken=token, sortBy="PUBLISHED_TIME")
    # the token still works for the query that issued it
    assert [v["version"] for v in _versions(client, "chalk", maxResults=1, nextToken=token)["versions"]] == [
        "1.0.0"
    ]


def test_list_versions_of_missing_package(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "1.0.0")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        _versions(client, "lodash")
    assert excinfo.value.response["resourceType"] == "package"
    assert excinfo.value.response["resourceId"] == "lodash"


# -- ListPackageVersionAssets ----------------------------------------------------------------------


def test_list_assets(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    revision = codeartifact_mock.add_package_version(
        DOMAIN, REPO, "maven", "lib", "1.2.3", namespace="org.example"
    )
    resp = client.list_package_version_assets(
        **LOC, format="maven", namespace="org.example", package="lib", packageVersion="1.2.3"
    )
    assert resp["format"] == "maven"
    assert resp["namespace"] == "org.example"
    assert resp["package"] == "lib"
    assert resp["version"] == "1.2.3"
    assert resp["versionRevision"] == revision
    assert sorted(a["name"] for a in resp["assets"]) == ["lib-1.2.3.jar", "lib-1.2.3.pom"]
    for asset in resp["assets"]:
        content = client.get_package_version_asset(
            **LOC,
            format="maven",
            namespace="org.example",
            package="lib",
            packageVersion="1.2.3",
            asset=asset["name"],
        )["asset"].read()
        assert asset["size"] == len(content)
        assert asset["hashes"] == {
            "MD5": hashlib.md5(content).hexdigest(),
            "SHA-1": hashlib.sha1(content).hexdigest(),
            "SHA-256": hashlib.sha256(content).hexdigest(),
            "SHA-512": hashlib.sha512(content).hexdigest(),
        }


@pytest.mark.parametrize(
    ("fmt", "namespace", "name", "expected"),
    [
        ("npm", None, "chalk", ["package.tgz"]),
        ("pypi", None, "requests", ["requests-1.0-py3-none-any.whl"]),
        ("maven", "org.acme", "core", ["core-1.0.jar", "core-1.0.pom"]),
        ("nuget", None, "newtonsoft.json", ["newtonsoft.json.1.0.nupkg"]),
        ("generic", "ns", "tool", ["tool-1.0.tar.gz"]),
        ("ruby", None, "rails", ["rails-1.0.gem"]),
        ("swift", "apple", "collections", ["collections-1.0.zip"]),
        ("cargo", None, "serde", ["serde-1.0.crate"]),
    ],
)
def test_default_assets_per_format(
    client: Any,
    codeartifact_mock: CodeArtifactMock,
    fmt: str,
    namespace: str | None,
    name: str,
    expected: list[str],
) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, fmt, name, "1.0", namespace=namespace)
    kw = {"namespace": namespace} if namespace else {}
    assets = client.list_package_version_assets(**LOC, format=fmt, package=name, packageVersion="1.0", **kw)
    assert [a["name"] for a in assets["assets"]] == expected


def test_list_assets_pages(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    assets = {f"file-{index}.bin": bytes([index]) * (index + 1) for index in range(5)}
    codeartifact_mock.add_package_version(
        DOMAIN, REPO, "generic", "tool", "1.0", namespace="ns", assets=assets
    )
    kw: dict[str, Any] = {
        **LOC,
        "format": "generic",
        "namespace": "ns",
        "package": "tool",
        "packageVersion": "1.0",
    }
    first = client.list_package_version_assets(**kw, maxResults=2)
    assert len(first["assets"]) == 2
    rest = client.list_package_version_assets(**kw, maxResults=3, nextToken=first["nextToken"])
    assert len(rest["assets"]) == 3
    assert "nextToken" not in rest
    assert sorted(a["name"] for a in first["assets"] + rest["assets"]) == sorted(assets)
    pages = list(
        client.get_paginator("list_package_version_assets").paginate(**kw, PaginationConfig={"PageSize": 2})
    )
    assert [len(p["assets"]) for p in pages] == [2, 2, 1]
    sizes = {a["name"]: a["size"] for p in pages for a in p["assets"]}
    assert sizes == {name: len(content) for name, content in assets.items()}
    with pytest.raises(client.exceptions.ValidationException):
        client.list_package_version_assets(**kw, maxResults=2, nextToken="bogus")


def test_list_assets_of_missing_version(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "1.0.0")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.list_package_version_assets(**LOC, format="npm", package="chalk", packageVersion="2.0.0")
    assert excinfo.value.response["resourceType"] == "package-version"


# -- GetPackageVersionAsset ------------------------------------------------------------------------


def test_get_asset_streams_bytes_and_headers(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    content = bytes(range(256)) * 40
    revision = codeartifact_mock.add_package_version(
        DOMAIN, REPO, "npm", "chalk", "4.1.0", assets={"package.tgz": content}
    )
    resp = client.get_package_version_asset(
        **LOC, format="npm", package="chalk", packageVersion="4.1.0", asset="package.tgz"
    )
    assert resp["assetName"] == "package.tgz"
    assert resp["packageVersion"] == "4.1.0"
    assert resp["packageVersionRevision"] == revision
    assert resp["ResponseMetadata"]["HTTPHeaders"]["content-length"] == str(len(content))
    assert resp["asset"].read() == content
    # pinned to the current revision also works
    pinned = client.get_package_version_asset(
        **LOC,
        format="npm",
        package="chalk",
        packageVersion="4.1.0",
        asset="package.tgz",
        packageVersionRevision=revision,
    )
    assert pinned["asset"].read() == content


def test_get_asset_from_unlisted_version(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(
        DOMAIN, REPO, "npm", "chalk", "1.0.0", status="Unlisted", assets={"package.tgz": b"tgz"}
    )
    resp = client.get_package_version_asset(
        **LOC, format="npm", package="chalk", packageVersion="1.0.0", asset="package.tgz"
    )
    assert resp["asset"].read() == b"tgz"


@pytest.mark.parametrize("status", ["Archived", "Unfinished"])
def test_get_asset_of_unavailable_version_is_conflict(
    client: Any, codeartifact_mock: CodeArtifactMock, status: str
) -> None:
    codeartifact_mock.add_package_version(
        DOMAIN, REPO, "npm", "chalk", "1.0.0", status=status, assets={"package.tgz": b"tgz"}
    )
    with pytest.raises(client.exceptions.ConflictException) as excinfo:
        client.get_package_version_asset(
            **LOC, format="npm", package="chalk", packageVersion="1.0.0", asset="package.tgz"
        )
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409


def test_get_missing_asset_is_not_found(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "1.0.0")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.get_package_version_asset(
            **LOC, format="npm", package="chalk", packageVersion="1.0.0", asset="other.tgz"
        )
    resp = excinfo.value.response
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert resp["resourceType"] == "asset"
    assert resp["resourceId"] == "other.tgz"


def test_get_asset_with_wrong_revision_is_not_found(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "1.0.0")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_package_version_asset(
            **LOC,
            format="npm",
            package="chalk",
            packageVersion="1.0.0",
            asset="package.tgz",
            packageVersionRevision="Ciqe5/9yicvkJT13b5/LdLpCyE6fqA7poa9qp+FilPs=",
        )


def test_get_asset_of_missing_version_is_not_found(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "1.0.0")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.get_package_version_asset(
            **LOC, format="npm", package="chalk", packageVersion="2.0.0", asset="package.tgz"
        )
    assert excinfo.value.response["resourceType"] == "package-version"


# -- name normalisation (spec section 8) ------------------------------------------------------------


def test_pypi_names_are_normalised_when_stored_not_when_requested(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "pypi", "My_Cool.Package", "1.0")
    pv = client.describe_package_version(
        **LOC, format="pypi", package="my-cool-package", packageVersion="1.0"
    )
    assert pv["packageVersion"]["packageName"] == "my-cool-package"
    assert pv["packageVersion"]["displayName"] == "My_Cool.Package"
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_package_version(**LOC, format="pypi", package="My_Cool.Package", packageVersion="1.0")


def test_nuget_names_and_versions_are_normalised(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "nuget", "Newtonsoft.Json", "01.2.0.0+build.7")
    pv = client.describe_package_version(
        **LOC, format="nuget", package="NEWTONSOFT.JSON", packageVersion="1.2.0"
    )["packageVersion"]
    assert (pv["packageName"], pv["version"]) == ("newtonsoft.json", "1.2.0")
    listed = _versions(client, "NewtonSoft.JSON", fmt="nuget")["versions"]
    assert [v["version"] for v in listed] == ["1.2.0"]


def test_swift_names_and_namespaces_are_lowercased(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "swift", "Collections", "1.0.0", namespace="Apple")
    pv = client.describe_package_version(
        **LOC, format="swift", namespace="APPLE", package="collections", packageVersion="1.0.0"
    )["packageVersion"]
    assert (pv["namespace"], pv["packageName"]) == ("apple", "collections")


def test_npm_names_are_not_normalised(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "JSONStream", "1.3.5")
    pv = client.describe_package_version(**LOC, format="npm", package="JSONStream", packageVersion="1.3.5")
    assert pv["packageVersion"]["packageName"] == "JSONStream"
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_package_version(**LOC, format="npm", package="jsonstream", packageVersion="1.3.5")
