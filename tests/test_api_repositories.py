"""CreateRepository, DescribeRepository, ListRepositories, ListRepositoriesInDomain, DeleteRepository."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from codeartifact_mock import CodeArtifactMock

ACCOUNT = "123456789012"


def _arn(domain: str, repo: str) -> str:
    return f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:repository/{domain}/{repo}"


def test_create_repository_returns_description(client: Any) -> None:
    client.create_domain(domain="dom")
    client.create_repository(domain="dom", repository="upstream-repo")
    resp = client.create_repository(
        domain="dom",
        repository="My_Repo.1",
        description="team packages",
        upstreams=[{"repositoryName": "upstream-repo"}],
        tags=[{"key": "k", "value": "v"}],
    )
    repo = resp["repository"]
    assert repo["name"] == "My_Repo.1"
    assert repo["domainName"] == "dom"
    assert repo["domainOwner"] == ACCOUNT
    assert repo["administratorAccount"] == ACCOUNT
    assert repo["arn"] == _arn("dom", "My_Repo.1")
    assert repo["description"] == "team packages"
    assert repo["upstreams"] == [{"repositoryName": "upstream-repo"}]
    assert repo["externalConnections"] == []
    assert isinstance(repo["createdTime"], datetime.datetime)
    assert client.describe_domain(domain="dom")["domain"]["repositoryCount"] == 2


def test_create_repository_twice_is_conflict(client: Any) -> None:
    client.create_domain(domain="dom")
    client.create_repository(domain="dom", repository="repo", description="first")
    with pytest.raises(client.exceptions.ConflictException) as excinfo:
        client.create_repository(domain="dom", repository="repo", description="second")
    resp = excinfo.value.response
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert resp["resourceType"] == "repository"
    assert resp["resourceId"] == "repo"
    assert client.describe_repository(domain="dom", repository="repo")["repository"]["description"] == "first"


def test_create_repository_in_missing_domain_is_not_found(client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.create_repository(domain="no-domain", repository="repo")
    resp = excinfo.value.response
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert resp["resourceType"] == "domain"
    assert resp["resourceId"] == "no-domain"
    assert client.list_domains()["domains"] == []


def test_create_repository_with_missing_upstream_fails(client: Any) -> None:
    client.create_domain(domain="dom")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.create_repository(domain="dom", repository="repo", upstreams=[{"repositoryName": "ghost"}])
    resp = excinfo.value.response
    assert resp["resourceType"] == "repository"
    assert resp["resourceId"] == "ghost"
    assert client.list_repositories_in_domain(domain="dom")["repositories"] == []
    assert client.describe_domain(domain="dom")["domain"]["repositoryCount"] == 0


def test_describe_repository(client: Any) -> None:
    client.create_domain(domain="dom")
    created = client.create_repository(domain="dom", repository="repo")["repository"]
    described = client.describe_repository(domain="dom", repository="repo")["repository"]
    assert described["name"] == "repo"
    assert described["arn"] == _arn("dom", "repo")
    assert described["domainName"] == "dom"
    assert described["domainOwner"] == ACCOUNT
    assert described["administratorAccount"] == ACCOUNT
    assert described["upstreams"] == []
    assert described["externalConnections"] == []
    assert described["createdTime"] == created["createdTime"]


def test_describe_missing_repository_is_not_found(client: Any) -> None:
    client.create_domain(domain="dom")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.describe_repository(domain="dom", repository="missing")
    assert excinfo.value.response["resourceType"] == "repository"
    assert excinfo.value.response["resourceId"] == "missing"
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.describe_repository(domain="no-dom", repository="missing")
    assert excinfo.value.response["resourceType"] == "domain"
    assert excinfo.value.response["resourceId"] == "no-dom"


def test_list_repositories_across_domains_with_prefix(client: Any) -> None:
    client.create_domain(domain="one")
    client.create_domain(domain="two")
    client.create_repository(domain="one", repository="team-a")
    client.create_repository(domain="one", repository="other")
    client.create_repository(domain="two", repository="team-b")
    everything = client.list_repositories()["repositories"]
    assert sorted((r["domainName"], r["name"]) for r in everything) == [
        ("one", "other"),
        ("one", "team-a"),
        ("two", "team-b"),
    ]
    for summary in everything:
        assert summary["arn"] == _arn(summary["domainName"], summary["name"])
        assert summary["domainOwner"] == ACCOUNT
        assert summary["administratorAccount"] == ACCOUNT
    prefixed = client.list_repositories(repositoryPrefix="team")["repositories"]
    assert sorted(r["name"] for r in prefixed) == ["team-a", "team-b"]
    assert client.list_repositories(repositoryPrefix="zzz")["repositories"] == []


def test_list_repositories_in_domain_filters(client: Any) -> None:
    client.create_domain(domain="dom")
    client.create_domain(domain="elsewhere")
    client.create_repository(domain="elsewhere", repository="team-x")
    for name in ("team-a", "team-b", "tools"):
        client.create_repository(domain="dom", repository=name)
    names = sorted(r["name"] for r in client.list_repositories_in_domain(domain="dom")["repositories"])
    assert names == ["team-a", "team-b", "tools"]
    prefixed = client.list_repositories_in_domain(domain="dom", repositoryPrefix="team")["repositories"]
    assert sorted(r["name"] for r in prefixed) == ["team-a", "team-b"]
    mine = client.list_repositories_in_domain(domain="dom", administratorAccount=ACCOUNT)["repositories"]
    assert len(mine) == 3
    theirs = client.list_repositories_in_domain(domain="dom", administratorAccount="210987654321")
    assert theirs["repositories"] == []


def test_list_repositories_in_missing_domain_is_not_found(client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.list_repositories_in_domain(domain="nope")
    assert excinfo.value.response["resourceType"] == "domain"


def test_list_repositories_in_domain_pages(client: Any) -> None:
    client.create_domain(domain="dom")
    names = [f"repo-{index}" for index in range(5)]
    for name in names:
        client.create_repository(domain="dom", repository=name)
    first = client.list_repositories_in_domain(domain="dom", maxResults=3)
    assert len(first["repositories"]) == 3
    second = client.list_repositories_in_domain(domain="dom", maxResults=3, nextToken=first["nextToken"])
    assert len(second["repositories"]) == 2
    assert "nextToken" not in second
    assert sorted(r["name"] for r in first["repositories"] + second["repositories"]) == names

    paginator = client.get_paginator("list_repositories_in_domain")
    pages = list(paginator.paginate(domain="dom", PaginationConfig={"PageSize": 2}))
    assert [len(p["repositories"]) for p in pages] == [2, 2, 1]
    assert sorted(r["name"] for p in pages for r in p["repositories"]) == names

    pages = list(client.get_paginator("list_repositories").paginate(PaginationConfig={"PageSize": 4}))
    assert [len(p["repositories"]) for p in pages] == [4, 1]


def test_delete_repository(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(
        "dom", "repo", "npm", "chalk", "1.0.0", assets={"package.tgz": b"abc"}
    )
    codeartifact_mock.add_package_version(
        "dom", "keep", "npm", "chalk", "1.0.0", assets={"package.tgz": b"12345"}
    )
    before = client.describe_domain(domain="dom")["domain"]
    assert (before["repositoryCount"], before["assetSizeBytes"]) == (2, 8)

    deleted = client.delete_repository(domain="dom", repository="repo")["repository"]
    assert deleted["name"] == "repo"
    assert deleted["arn"] == _arn("dom", "repo")

    after = client.describe_domain(domain="dom")["domain"]
    assert (after["repositoryCount"], after["assetSizeBytes"]) == (1, 5)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_repository(domain="dom", repository="repo")
    # a repository recreated under the same name starts empty
    client.create_repository(domain="dom", repository="repo")
    assert client.list_packages(domain="dom", repository="repo")["packages"] == []
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_package(domain="dom", repository="repo", format="npm", package="chalk")
    # the other repository is untouched
    assert len(client.list_packages(domain="dom", repository="keep")["packages"]) == 1


def test_delete_missing_repository_is_not_found(client: Any) -> None:
    client.create_domain(domain="dom")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.delete_repository(domain="dom", repository="missing")
    resp = excinfo.value.response
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert resp["resourceType"] == "repository"
    assert resp["resourceId"] == "missing"
