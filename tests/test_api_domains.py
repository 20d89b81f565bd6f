"""CreateDomain, DescribeDomain, ListDomains, DeleteDomain: shapes, errors, quota, region, owner."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from owner_policies import owner_allows

from codeartifact_mock import CodeArtifactMock

ACCOUNT = "123456789012"


def _error(excinfo: pytest.ExceptionInfo[ClientError]) -> dict[str, Any]:
    response: dict[str, Any] = excinfo.value.response
    return response


def _publish(client: Any, domain: str, repo: str, content: bytes, *, asset: str = "a.bin", **kw: Any) -> Any:
    return client.publish_package_version(
        domain=domain,
        repository=repo,
        format="generic",
        namespace="ns",
        package=kw.pop("package", "pkg"),
        packageVersion=kw.pop("version", "1.0.0"),
        assetContent=content,
        assetName=asset,
        assetSHA256=hashlib.sha256(content).hexdigest(),
        **kw,
    )


def test_create_domain_returns_description(client: Any) -> None:
    resp = client.create_domain(domain="my-domain", tags=[{"key": "team", "value": "platform"}])
    domain = resp["domain"]
    assert domain["name"] == "my-domain"
    assert domain["owner"] == ACCOUNT
    assert domain["arn"] == f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:domain/my-domain"
    assert domain["status"] == "Active"
    assert isinstance(domain["createdTime"], datetime.datetime)
    assert domain["repositoryCount"] == 0
    assert domain["assetSizeBytes"] == 0
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_create_domain_twice_is_conflict(client: Any) -> None:
    client.create_domain(domain="dup")
    with pytest.raises(client.exceptions.ConflictException) as excinfo:
        client.create_domain(domain="dup")
    resp = _error(excinfo)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert resp["resourceType"] == "domain"
    assert resp["resourceId"] == "dup"
    assert [d["name"] for d in client.list_domains()["domains"]] == ["dup"]


def test_eleventh_domain_exceeds_quota(client: Any) -> None:
    for index in range(10):
        client.create_domain(domain=f"domain-{index}")
    with pytest.raises(client.exceptions.ServiceQuotaExceededException) as excinfo:
        client.create_domain(domain="domain-10")
    assert _error(excinfo)["ResponseMetadata"]["HTTPStatusCode"] == 402
    assert len(client.list_domains()["domains"]) == 10
    # deleting one frees a slot
    client.delete_domain(domain="domain-0")
    assert client.create_domain(domain="domain-10")["domain"]["name"] == "domain-10"


def test_describe_domain(client: Any) -> None:
    created = client.create_domain(domain="described")["domain"]
    described = client.describe_domain(domain="described")["domain"]
    assert described["name"] == "described"
    assert described["owner"] == ACCOUNT
    assert described["arn"] == f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:domain/described"
    assert described["status"] == "Active"
    assert described["createdTime"] == created["createdTime"]
    assert isinstance(described["createdTime"], datetime.datetime)
    assert described["repositoryCount"] == 0
    assert described["assetSizeBytes"] == 0


def test_describe_missing_domain_is_not_found(client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.describe_domain(domain="nowhere")
    resp = _error(excinfo)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert resp["resourceType"] == "domain"
    assert resp["resourceId"] == "nowhere"
    assert resp["Error"]["Code"] == "ResourceNotFoundException"
    assert resp["Error"]["Message"]
    assert resp["message"] == resp["Error"]["Message"]
    assert (
        resp["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"].split(":")[0]
        == "ResourceNotFoundException"
    )


def test_repository_count_and_asset_size_follow_the_content(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    client.create_domain(domain="sized")
    client.create_repository(domain="sized", repository="r1")
    client.create_repository(domain="sized", repository="r2")
    assert client.describe_domain(domain="sized")["domain"]["repositoryCount"] == 2

    codeartifact_mock.add_package_version(
        "sized", "r1", "npm", "chalk", "1.0.0", assets={"package.tgz": b"x" * 10}
    )
    codeartifact_mock.add_package_version(
        "sized", "r2", "pypi", "requests", "2.0.0", assets={"r.whl": b"y" * 7}
    )
    assert client.describe_domain(domain="sized")["domain"]["assetSizeBytes"] == 17

    _publish(client, "sized", "r1", b"z" * 5)
    assert client.describe_domain(domain="sized")["domain"]["assetSizeBytes"] == 22

    client.delete_package_versions(
        domain="sized", repository="r1", format="npm", package="chalk", versions=["1.0.0"]
    )
    assert client.describe_domain(domain="sized")["domain"]["assetSizeBytes"] == 12

    client.dispose_package_versions(
        domain="sized", repository="r1", format="generic", namespace="ns", package="pkg", versions=["1.0.0"]
    )
    assert client.describe_domain(domain="sized")["domain"]["assetSizeBytes"] == 7

    client.delete_repository(domain="sized", repository="r2")
    described = client.describe_domain(domain="sized")["domain"]
    assert described["assetSizeBytes"] == 0
    assert described["repositoryCount"] == 1


def test_seeding_creates_the_domain(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version("seeded", "repo", "npm", "chalk", "4.1.0")
    described = client.describe_domain(domain="seeded")["domain"]
    assert described["repositoryCount"] == 1
    assets = client.list_package_version_assets(
        domain="seeded", repository="repo", format="npm", package="chalk", packageVersion="4.1.0"
    )["assets"]
    assert [a["name"] for a in assets] == ["package.tgz"]
    assert described["assetSizeBytes"] == assets[0]["size"] > 0


def test_list_domains(client: Any) -> None:
    assert client.list_domains()["domains"] == []
    for name in ("alpha", "beta", "gamma"):
        client.create_domain(domain=name)
    domains = client.list_domains()["domains"]
    assert sorted(d["name"] for d in domains) == ["alpha", "beta", "gamma"]
    for summary in domains:
        assert summary["owner"] == ACCOUNT
        assert summary["arn"] == f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:domain/{summary['name']}"
        assert summary["status"] == "Active"
        assert isinstance(summary["createdTime"], datetime.datetime)
    assert "nextToken" not in client.list_domains()


def test_list_domains_pages(client: Any) -> None:
    names = [f"d-{index}" for index in range(5)]
    for name in names:
        client.create_domain(domain=name)
    first = client.list_domains(maxResults=2)
    assert len(first["domains"]) == 2
    assert "nextToken" in first
    seen = [d["name"] for d in first["domains"]]
    token = first["nextToken"]
    while token:
        page = client.list_domains(maxResults=2, nextToken=token)
        assert len(page["domains"]) <= 2
        seen += [d["name"] for d in page["domains"]]
        token = page.get("nextToken")
    assert sorted(seen) == names
    assert len(seen) == len(set(seen))

    with pytest.raises(client.exceptions.ValidationException):
        client.list_domains(maxResults=2, nextToken="forged")

    pages = list(client.get_paginator("list_domains").paginate(PaginationConfig={"PageSize": 2}))
    assert [len(p["domains"]) for p in pages] == [2, 2, 1]
    assert sorted(d["name"] for p in pages for d in p["domains"]) == names


def test_delete_domain_returns_deleted_description(client: Any) -> None:
    client.create_domain(domain="gone")
    resp = client.delete_domain(domain="gone")
    assert resp["domain"]["name"] == "gone"
    assert resp["domain"]["status"] == "Deleted"
    assert resp["domain"]["arn"] == f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:domain/gone"
    assert client.list_domains()["domains"] == []
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_domain(domain="gone")
    # the name is free again
    assert client.create_domain(domain="gone")["domain"]["status"] == "Active"


def test_delete_domain_with_repositories_is_conflict(client: Any) -> None:
    client.create_domain(domain="busy")
    client.create_repository(domain="busy", repository="repo")
    with pytest.raises(client.exceptions.ConflictException) as excinfo:
        client.delete_domain(domain="busy")
    resp = _error(excinfo)
    assert resp["Error"]["Message"] == "Domain must contain 0 repositories before deletion"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert resp["resourceType"] == "domain"
    assert resp["resourceId"] == "busy"
    assert client.describe_domain(domain="busy")["domain"]["repositoryCount"] == 1


def test_delete_missing_domain_succeeds_without_domain(client: Any) -> None:
    resp = client.delete_domain(domain="never-there")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "domain" not in resp


def test_domain_in_other_region_is_invisible(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version("western", "repo", "npm", "chalk", "1.0.0", region="us-west-2")
    assert client.list_domains()["domains"] == []
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_domain(domain="western")
    west = boto3.client("codeartifact", region_name="us-west-2")
    described = west.describe_domain(domain="western")["domain"]
    assert described["arn"] == f"arn:aws:codeartifact:us-west-2:{ACCOUNT}:domain/western"
    # same name can exist independently in us-east-1
    client.create_domain(domain="western")
    assert client.describe_domain(domain="western")["domain"]["repositoryCount"] == 0
    assert west.describe_domain(domain="western")["domain"]["repositoryCount"] == 1


def test_domain_owner_must_match(client: Any) -> None:
    client.create_domain(domain="owned")
    assert client.describe_domain(domain="owned", domainOwner=ACCOUNT)["domain"]["name"] == "owned"
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.describe_domain(domain="owned", domainOwner="999999999999")
    assert _error(excinfo)["resourceType"] == "domain"
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_repositories_in_domain(domain="owned", domainOwner="999999999999")


def test_cross_account_domain_owner(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    other = "111122223333"
    codeartifact_mock.add_package_version("shared", "repo", "npm", "chalk", "1.0.0", account_id=other)
    # the domain is found in the account domainOwner names, and closed to the caller's without its policy
    with pytest.raises(client.exceptions.AccessDeniedException) as refused:
        client.describe_domain(domain="shared", domainOwner=other)
    assert (
        f"on resource: arn:aws:codeartifact:us-east-1:{other}:domain/shared because"
        in _error(refused)["Error"]["Message"]
    )
    with pytest.raises(client.exceptions.ResourceNotFoundException):  # no "shared" in a third account
        client.describe_domain(domain="shared", domainOwner="999999999999")
    actions = ["codeartifact:DescribeDomain", "codeartifact:ListPackageVersions"]
    owner_allows(codeartifact_mock, client, other, "shared", actions)  # the owner lets it in

    described = client.describe_domain(domain="shared", domainOwner=other)["domain"]
    assert described["owner"] == other
    assert described["arn"] == f"arn:aws:codeartifact:us-east-1:{other}:domain/shared"
    versions = client.list_package_versions(
        domain="shared", domainOwner=other, repository="repo", format="npm", package="chalk"
    )["versions"]
    assert [v["version"] for v in versions] == ["1.0.0"]
    # without domainOwner the caller's own account is searched
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_domain(domain="shared")
