"""ListPackages, DescribePackage and DeletePackage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from codeartifact_mock import CodeArtifactMock

DOMAIN, REPO = "dom", "repo"
LOC: dict[str, str] = {"domain": DOMAIN, "repository": REPO}


@pytest.fixture
def seeded(client: Any, codeartifact_mock: CodeArtifactMock) -> Any:
    seed = codeartifact_mock.add_package_version
    seed(DOMAIN, REPO, "npm", "chalk", "1.0.0")
    seed(DOMAIN, REPO, "npm", "core", "1.0.0", namespace="angular")
    seed(DOMAIN, REPO, "npm", "cli", "1.0.0", namespace="angular-devkit")
    seed(DOMAIN, REPO, "npm", "react", "18.0.0", namespace="facebook")
    seed(DOMAIN, REPO, "pypi", "requests", "2.31.0")
    seed(DOMAIN, REPO, "maven", "guava", "32.0", namespace="com.google.guava")
    seed(DOMAIN, REPO, "generic", "tool", "1.0", namespace="ns")
    return client


def _keys(packages: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(format, namespace or "", package), sorted."""
    return sorted((p["format"], p.get("namespace", ""), p["package"]) for p in packages)


def test_list_packages_all_formats(seeded: Any) -> None:
    resp = seeded.list_packages(**LOC)
    assert _keys(resp["packages"]) == [
        ("generic", "ns", "tool"),
        ("maven", "com.google.guava", "guava"),
        ("npm", "", "chalk"),
        ("npm", "angular", "core"),
        ("npm", "angular-devkit", "cli"),
        ("npm", "facebook", "react"),
        ("pypi", "", "requests"),
    ]
    for package in resp["packages"]:
        assert set(package["originConfiguration"]["restrictions"]) == {"publish", "upstream"}
    assert "nextToken" not in resp


def test_list_packages_filters(seeded: Any) -> None:
    npm = seeded.list_packages(**LOC, format="npm")["packages"]
    assert {p["package"] for p in npm} == {"chalk", "core", "cli", "react"}
    assert all(p["format"] == "npm" for p in npm)

    angular = seeded.list_packages(**LOC, format="npm", namespace="angular")["packages"]
    assert _keys(angular) == [("npm", "angular", "core"), ("npm", "angular-devkit", "cli")]

    prefixed = seeded.list_packages(**LOC, packagePrefix="c")["packages"]
    assert {p["package"] for p in prefixed} == {"chalk", "core", "cli"}

    both = seeded.list_packages(**LOC, format="npm", namespace="ang", packagePrefix="co")["packages"]
    assert _keys(both) == [("npm", "angular", "core")]

    assert seeded.list_packages(**LOC, format="cargo")["packages"] == []
    assert seeded.list_packages(**LOC, packagePrefix="zzz")["packages"] == []


def test_list_packages_namespace_without_format_filters_every_format(
    seeded: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    """Spec section 13: namespace alone is a prefix filter across formats (the API reference sets no rule)."""
    seed = codeartifact_mock.add_package_version
    seed(DOMAIN, REPO, "maven", "core", "1.0", namespace="angular.tools")
    seed(DOMAIN, REPO, "generic", "cli", "1.0", namespace="angular")
    seed(DOMAIN, REPO, "swift", "kit", "1.0", namespace="angularkit")
    seed(DOMAIN, REPO, "nuget", "Newtonsoft.Json", "13.0.1")

    found = seeded.list_packages(**LOC, namespace="angular")["packages"]
    assert _keys(found) == [
        ("generic", "angular", "cli"),
        ("maven", "angular.tools", "core"),
        ("npm", "angular", "core"),
        ("npm", "angular-devkit", "cli"),
        ("swift", "angularkit", "kit"),
    ]
    # Swift packages are matched as Swift reads input, lower-cased; the other formats as given
    assert _keys(seeded.list_packages(**LOC, namespace="ANGULARK")["packages"]) == [
        ("swift", "angularkit", "kit")
    ]
    prefixed = seeded.list_packages(**LOC, namespace="angular", packagePrefix="c")["packages"]
    assert _keys(prefixed) == [
        ("generic", "angular", "cli"),
        ("maven", "angular.tools", "core"),
        ("npm", "angular", "core"),
        ("npm", "angular-devkit", "cli"),
    ]
    assert seeded.list_packages(**LOC, namespace="zzz")["packages"] == []
    # the same for packagePrefix without format: NuGet names are lower-cased, others taken as given
    assert _keys(seeded.list_packages(**LOC, packagePrefix="Newton")["packages"]) == [
        ("nuget", "", "newtonsoft.json")
    ]
    assert seeded.list_packages(**LOC, packagePrefix="Chalk")["packages"] == []
    # a namespace prefix never matches packages without a namespace (npm chalk here)
    assert _keys(seeded.list_packages(**LOC, namespace="c")["packages"]) == [
        ("maven", "com.google.guava", "guava")
    ]
    pages = seeded.get_paginator("list_packages").paginate(
        **LOC, namespace="angular", PaginationConfig={"PageSize": 2}
    )
    assert _keys([package for page in pages for package in page["packages"]]) == _keys(found)


def test_list_packages_pages(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    names = [f"pkg-{index}" for index in range(5)]
    for name in names:
        codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", name, "1.0.0")
    first = client.list_packages(**LOC, maxResults=2)
    assert len(first["packages"]) == 2
    seen = [p["package"] for p in first["packages"]]
    token = first["nextToken"]
    while token:
        page = client.list_packages(**LOC, maxResults=2, nextToken=token)
        seen += [p["package"] for p in page["packages"]]
        token = page.get("nextToken")
    assert sorted(seen) == names and len(seen) == 5

    pages = list(client.get_paginator("list_packages").paginate(**LOC, PaginationConfig={"PageSize": 2}))
    assert [len(p["packages"]) for p in pages] == [2, 2, 1]
    assert sorted(p["package"] for page in pages for p in page["packages"]) == names
    with pytest.raises(client.exceptions.ValidationException):
        client.list_packages(**LOC, maxResults=2, nextToken="made-up")


def test_list_packages_of_missing_repository(client: Any) -> None:
    client.create_domain(domain=DOMAIN)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.list_packages(**LOC)
    assert excinfo.value.response["resourceType"] == "repository"
    assert excinfo.value.response["resourceId"] == REPO


def test_describe_package(seeded: Any) -> None:
    resp = seeded.describe_package(**LOC, format="npm", namespace="angular", package="core")
    package = resp["package"]
    assert package["name"] == "core"
    assert "package" not in package
    assert package["format"] == "npm"
    assert package["namespace"] == "angular"
    assert set(package["originConfiguration"]["restrictions"]) == {"publish", "upstream"}

    plain = seeded.describe_package(**LOC, format="pypi", package="requests")["package"]
    assert plain["name"] == "requests"
    assert "namespace" not in plain


def test_describe_missing_package(seeded: Any) -> None:
    with pytest.raises(seeded.exceptions.ResourceNotFoundException) as excinfo:
        seeded.describe_package(**LOC, format="npm", package="lodash")
    resp = excinfo.value.response
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert resp["resourceType"] == "package"
    assert resp["resourceId"] == "lodash"
    # a package is identified by format and namespace too
    with pytest.raises(seeded.exceptions.ResourceNotFoundException):
        seeded.describe_package(**LOC, format="npm", package="core")
    with pytest.raises(seeded.exceptions.ResourceNotFoundException):
        seeded.describe_package(**LOC, format="pypi", package="chalk")


# (format, namespace as the caller passes it, package, how a person writes that package)
_SPELLINGS = [
    ("npm", "acme", "ui", "@acme/ui"),
    ("npm", "@acme", "ui", "@acme/ui"),  # the scope passed with its "@" (the API wants it without)
    ("maven", "com.acme", "core", "com.acme:core"),
    ("generic", "tools", "cli", "tools/cli"),
    ("swift", "acme", "kit", "acme/kit"),
    ("pypi", None, "requests", "requests"),
]


@pytest.mark.parametrize(("fmt", "namespace", "package", "written"), _SPELLINGS)
def test_messages_name_a_missing_package_as_it_is_written(
    client: Any, codeartifact_mock: CodeArtifactMock, fmt: str, namespace: Any, package: str, written: str
) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "other", "1.0.0")
    where = {**LOC, "format": fmt, "package": package}
    if namespace is not None:
        where["namespace"] = namespace
    expected = f"The {fmt} package '{written}' does not exist in repository '{REPO}'."
    calls = [
        lambda: client.describe_package(**where),
        lambda: client.list_package_versions(**where),
        lambda: client.describe_package_version(**where, packageVersion="1.0"),
        lambda: client.list_package_version_assets(**where, packageVersion="1.0"),
        lambda: client.get_package_version_asset(**where, packageVersion="1.0", asset="a"),
        lambda: client.update_package_versions_status(**where, versions=["1.0"], targetStatus="Archived"),
        lambda: client.delete_package(**where),
    ]
    for call in calls:
        with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
            call()
        assert excinfo.value.response["Error"]["Message"] == expected


@pytest.mark.parametrize(("fmt", "namespace", "package", "written"), _SPELLINGS)
def test_a_stored_package_is_named_as_it_is_written(
    client: Any, codeartifact_mock: CodeArtifactMock, fmt: str, namespace: Any, package: str, written: str
) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, fmt, package, "1.0", namespace=namespace)
    where = {**LOC, "format": fmt, "package": package}
    if namespace is not None:
        where["namespace"] = namespace
    described = client.describe_package_version(**where, packageVersion="1.0")["packageVersion"]
    assert described["displayName"] == written
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.describe_package_version(**where, packageVersion="9.9")
    message = excinfo.value.response["Error"]["Message"]
    assert message == f"The {fmt} package version '{written}@9.9' does not exist in repository '{REPO}'."
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.get_package_version_asset(**where, packageVersion="1.0", asset="missing.bin")
    message = excinfo.value.response["Error"]["Message"]
    assert f"package version '{written}@1.0'" in message


def test_delete_package(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    for version in ("1.0.0", "1.1.0", "2.0.0"):
        codeartifact_mock.add_package_version(
            DOMAIN, REPO, "npm", "core", version, namespace="angular", assets={"package.tgz": b"1234"}
        )
    codeartifact_mock.add_package_version(
        DOMAIN, REPO, "npm", "chalk", "1.0.0", assets={"package.tgz": b"12"}
    )
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 14

    resp = client.delete_package(**LOC, format="npm", namespace="angular", package="core")
    deleted = resp["deletedPackage"]
    assert deleted["format"] == "npm"
    assert deleted["namespace"] == "angular"
    assert deleted["package"] == "core"
    assert "originConfiguration" in deleted

    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_package(**LOC, format="npm", namespace="angular", package="core")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_package_versions(**LOC, format="npm", namespace="angular", package="core")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_package_version(
            **LOC, format="npm", namespace="angular", package="core", packageVersion="1.0.0"
        )
    assert _keys(client.list_packages(**LOC)["packages"]) == [("npm", "", "chalk")]
    assert client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 2


def test_delete_missing_package_is_not_found(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "1.0.0")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.delete_package(**LOC, format="npm", package="lodash")
    resp = excinfo.value.response
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert resp["resourceType"] == "package"
    assert resp["resourceId"] == "lodash"
    assert len(client.list_packages(**LOC)["packages"]) == 1


def test_package_survives_deletion_of_last_version(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "1.0.0")
    client.delete_package_versions(**LOC, format="npm", package="chalk", versions=["1.0.0"])
    assert client.describe_package(**LOC, format="npm", package="chalk")["package"]["name"] == "chalk"
    assert client.list_package_versions(**LOC, format="npm", package="chalk")["versions"] == []
    client.delete_package(**LOC, format="npm", package="chalk")
    assert client.list_packages(**LOC)["packages"] == []


@pytest.mark.parametrize(("fmt", "name"), [("maven", "guava"), ("generic", "tool"), ("swift", "collections")])
def test_namespace_is_required_for_maven_swift_generic(
    client: Any, codeartifact_mock: CodeArtifactMock, fmt: str, name: str
) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, fmt, name, "1.0", namespace="ns")
    calls: list[Callable[[], Any]] = [
        lambda: client.describe_package(**LOC, format=fmt, package=name),
        lambda: client.list_package_versions(**LOC, format=fmt, package=name),
        lambda: client.describe_package_version(**LOC, format=fmt, package=name, packageVersion="1.0"),
        lambda: client.list_package_version_assets(**LOC, format=fmt, package=name, packageVersion="1.0"),
        lambda: client.delete_package(**LOC, format=fmt, package=name),
    ]
    for call in calls:
        with pytest.raises(client.exceptions.ValidationException) as excinfo:
            call()
        assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert client.describe_package(**LOC, format=fmt, namespace="ns", package=name)["package"]["name"] == name
