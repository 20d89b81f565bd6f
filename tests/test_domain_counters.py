"""DescribeDomain's repositoryCount and assetSizeBytes stay true as assets come and go.

After every step the counters are compared with what the API itself shows: the repositories of the domain
and the sizes of every asset of every version of every package. (ListDomains' DomainSummary has no
counters in the model, so DescribeDomain is the only place they appear.)
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from codeartifact_mock import CodeArtifactMock

DOMAIN = "acme"
OTHER = "bystander"


def _pages(call: Any, key: str, **kwargs: Any) -> list[Any]:
    items: list[Any] = []
    while True:
        page = call(**kwargs)
        items += page[key]
        if "nextToken" not in page:
            return items
        kwargs["nextToken"] = page["nextToken"]


def _walked(client: Any, domain: str) -> tuple[int, int]:
    """(repositories, asset bytes) of ``domain`` as the List* operations show them."""
    repositories = _pages(client.list_repositories_in_domain, "repositories", domain=domain)
    size = 0
    for repo in repositories:
        where = {"domain": domain, "repository": repo["name"]}
        for package in _pages(client.list_packages, "packages", **where):
            coordinates = {**where, "format": package["format"], "package": package["package"]}
            if "namespace" in package:
                coordinates["namespace"] = package["namespace"]
            for version in _pages(client.list_package_versions, "versions", **coordinates):
                assets = _pages(
                    client.list_package_version_assets,
                    "assets",
                    **coordinates,
                    packageVersion=version["version"],
                )
                size += sum(asset["size"] for asset in assets)
    return len(repositories), size


def _counters(client: Any, domain: str) -> tuple[int, int]:
    described = client.describe_domain(domain=domain)["domain"]
    return described["repositoryCount"], described["assetSizeBytes"]


@pytest.fixture
def check(client: Any, codeartifact_mock: CodeArtifactMock) -> Any:
    """Assert the counters match the walk, in this domain and in a bystander domain; return this domain's."""
    codeartifact_mock.add_package_version(
        OTHER, "misc", "npm", "left-pad", "1.0.0", assets={"package.tgz": b"x" * 7}
    )

    def assert_true() -> tuple[int, int]:
        counted = _counters(client, DOMAIN)
        assert counted == _walked(client, DOMAIN)
        assert _counters(client, OTHER) == _walked(client, OTHER) == (1, 7)
        return counted

    return assert_true


def _publish(client: Any, version: str, asset: str, content: bytes, *, unfinished: bool = False) -> None:
    client.publish_package_version(
        domain=DOMAIN,
        repository="tools",
        format="generic",
        namespace="acme",
        package="cli",
        packageVersion=version,
        assetName=asset,
        assetContent=content,
        assetSHA256=hashlib.sha256(content).hexdigest(),
        unfinished=unfinished,
    )


def test_counters_follow_seeding_publishing_and_every_kind_of_removal(
    client: Any, codeartifact_mock: CodeArtifactMock, check: Any
) -> None:
    seed = codeartifact_mock.add_package_version
    client.create_domain(domain=DOMAIN)
    assert check() == (0, 0)

    # Seeding: default assets, given assets, a replaced version, a Disposed version (no assets).
    seed(DOMAIN, "web", "npm", "ui", "1.0.0", namespace="acme")
    seed(DOMAIN, "web", "npm", "ui", "2.0.0", namespace="acme", assets={"package.tgz": b"u" * 100})
    seed(DOMAIN, "jvm", "maven", "core", "1.0.0", namespace="com.acme")
    assert check()[1] > 100
    seed(DOMAIN, "web", "npm", "ui", "2.0.0", namespace="acme", assets={"package.tgz": b"u" * 40})
    seed(DOMAIN, "web", "npm", "ui", "0.1.0", namespace="acme", status="Disposed", assets={"a.tgz": b"z" * 9})
    repositories, size = check()
    assert repositories == 2

    # Publishing: an Unfinished version gains assets, then is finished with a third one.
    client.create_repository(domain=DOMAIN, repository="tools")
    _publish(client, "1.0.0", "cli-linux", b"L" * 300, unfinished=True)
    _publish(client, "1.0.0", "cli-macos", b"M" * 200, unfinished=True)
    _publish(client, "1.0.0", "cli-linux", b"L" * 300, unfinished=True)  # the same bytes again: no change
    _publish(client, "1.0.0", "cli-windows", b"W" * 50)
    assert check() == (3, size + 550)

    # Dispose frees the assets; deleting a disposed version frees nothing more.
    web = {"domain": DOMAIN, "repository": "web", "format": "npm", "namespace": "acme", "package": "ui"}
    client.dispose_package_versions(**web, versions=["2.0.0"])
    assert check()[1] == size + 550 - 40
    client.delete_package_versions(**web, versions=["2.0.0", "0.1.0"])
    assert check()[1] == size + 550 - 40

    # Deleting a version with assets, a whole package, a whole repository.
    client.delete_package_versions(**web, versions=["1.0.0"])
    check()
    client.delete_package(
        domain=DOMAIN, repository="tools", format="generic", namespace="acme", package="cli"
    )
    check()
    client.delete_repository(domain=DOMAIN, repository="jvm")
    assert check() == (2, 0)
    client.delete_repository(domain=DOMAIN, repository="web")
    client.delete_repository(domain=DOMAIN, repository="tools")
    assert check() == (0, 0)


def test_a_recreated_repository_starts_from_zero(
    client: Any, codeartifact_mock: CodeArtifactMock, check: Any
) -> None:
    codeartifact_mock.add_package_version(
        DOMAIN, "web", "npm", "ui", "1.0.0", assets={"package.tgz": b"a" * 64}
    )
    assert check() == (1, 64)
    client.delete_repository(domain=DOMAIN, repository="web")
    client.create_repository(domain=DOMAIN, repository="web")
    assert check() == (1, 0)
    codeartifact_mock.add_package_version(
        DOMAIN, "web", "npm", "ui", "1.0.0", assets={"package.tgz": b"b" * 8}
    )
    assert check() == (1, 8)
