"""PublishPackageVersion (generic): responses, hashes, the unfinished flow, conflicts and asset-name rules."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from codeartifact_mock import CodeArtifactMock

DOMAIN, REPO, NS, PKG = "dom", "repo", "my-ns", "tool"


@pytest.fixture
def repo(client: Any) -> Any:
    client.create_domain(domain=DOMAIN)
    client.create_repository(domain=DOMAIN, repository=REPO)
    return client


def _publish(
    client: Any,
    content: bytes,
    *,
    asset: str = "tool.tar.gz",
    version: str = "1.0.0",
    sha256: str | None = None,
    **kw: Any,
) -> Any:
    kw.setdefault("namespace", NS)
    if kw["namespace"] is None:
        del kw["namespace"]
    kw.setdefault("format", "generic")
    return client.publish_package_version(
        domain=DOMAIN,
        repository=REPO,
        package=PKG,
        packageVersion=version,
        assetContent=content,
        assetName=asset,
        assetSHA256=sha256 if sha256 is not None else hashlib.sha256(content).hexdigest(),
        **kw,
    )


def _describe(client: Any, version: str = "1.0.0") -> dict[str, Any]:
    described: dict[str, Any] = client.describe_package_version(
        domain=DOMAIN, repository=REPO, format="generic", namespace=NS, package=PKG, packageVersion=version
    )["packageVersion"]
    return described


def _asset_names(client: Any, version: str = "1.0.0") -> list[str]:
    assets = client.list_package_version_assets(
        domain=DOMAIN, repository=REPO, format="generic", namespace=NS, package=PKG, packageVersion=version
    )["assets"]
    return [a["name"] for a in assets]


def test_publish_response_shape_and_hashes(repo: Any) -> None:
    content = b"hello generic world\n" * 3
    resp = _publish(repo, content)
    assert resp["format"] == "generic"
    assert resp["namespace"] == NS
    assert resp["package"] == PKG
    assert resp["version"] == "1.0.0"
    assert resp["status"] == "Published"
    assert isinstance(resp["versionRevision"], str) and resp["versionRevision"]
    asset = resp["asset"]
    assert asset["name"] == "tool.tar.gz"
    assert asset["size"] == len(content)
    assert asset["hashes"] == {
        "MD5": hashlib.md5(content).hexdigest(),
        "SHA-1": hashlib.sha1(content).hexdigest(),
        "SHA-256": hashlib.sha256(content).hexdigest(),
        "SHA-512": hashlib.sha512(content).hexdigest(),
    }
    assert all(value == value.lower() for value in asset["hashes"].values())


def test_published_version_is_visible_everywhere(repo: Any) -> None:
    content = b"payload"
    revision = _publish(repo, content)["versionRevision"]
    described = _describe(repo)
    assert described["status"] == "Published"
    assert described["revision"] == revision
    assert described["origin"] == {"originType": "INTERNAL", "domainEntryPoint": {"repositoryName": REPO}}
    got = repo.get_package_version_asset(
        domain=DOMAIN,
        repository=REPO,
        format="generic",
        namespace=NS,
        package=PKG,
        packageVersion="1.0.0",
        asset="tool.tar.gz",
    )
    assert got["asset"].read() == content
    package = repo.describe_package(
        domain=DOMAIN, repository=REPO, format="generic", namespace=NS, package=PKG
    )
    assert package["package"]["originConfiguration"] == {
        "restrictions": {"publish": "ALLOW", "upstream": "BLOCK"}
    }
    listed = repo.list_package_versions(
        domain=DOMAIN, repository=REPO, format="generic", namespace=NS, package=PKG
    )["versions"]
    assert listed == [
        {
            "version": "1.0.0",
            "revision": revision,
            "status": "Published",
            "origin": {"originType": "INTERNAL", "domainEntryPoint": {"repositoryName": REPO}},
        }
    ]


def test_unfinished_flow(repo: Any) -> None:
    first = _publish(repo, b"part one", asset="one.bin", unfinished=True)
    assert first["status"] == "Unfinished"
    assert _describe(repo)["status"] == "Unfinished"
    second = _publish(repo, b"part two", asset="two.bin", unfinished=True)
    assert second["status"] == "Unfinished"
    assert second["versionRevision"] != first["versionRevision"]
    assert sorted(_asset_names(repo)) == ["one.bin", "two.bin"]

    resp = repo.update_package_versions_status(
        domain=DOMAIN,
        repository=REPO,
        format="generic",
        namespace=NS,
        package=PKG,
        versions=["1.0.0"],
        targetStatus="Published",
    )
    assert resp["successfulVersions"]["1.0.0"]["status"] == "Published"
    described = _describe(repo)
    assert described["status"] == "Published"
    assert described["revision"] == second["versionRevision"]


def test_unfinished_false_publishes(repo: Any) -> None:
    assert _publish(repo, b"x", unfinished=False)["status"] == "Published"


def test_last_asset_without_unfinished_publishes_the_version(repo: Any) -> None:
    _publish(repo, b"part one", asset="one.bin", unfinished=True)
    resp = _publish(repo, b"part two", asset="two.bin")
    assert resp["status"] == "Published"
    assert sorted(_asset_names(repo)) == ["one.bin", "two.bin"]


def test_new_asset_into_published_version_is_conflict(repo: Any) -> None:
    revision = _publish(repo, b"first")["versionRevision"]
    with pytest.raises(repo.exceptions.ConflictException) as excinfo:
        _publish(repo, b"second", asset="other.bin")
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert _asset_names(repo) == ["tool.tar.gz"]
    assert _describe(repo)["revision"] == revision


def test_identical_reupload_is_idempotent(repo: Any) -> None:
    first = _publish(repo, b"same bytes")
    again = _publish(repo, b"same bytes")
    assert again["versionRevision"] == first["versionRevision"]
    assert again["asset"] == first["asset"]
    assert again["status"] == "Published"
    assert _asset_names(repo) == ["tool.tar.gz"]
    # the bytes are stored, and counted, once
    assert repo.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == len(b"same bytes")


def test_same_asset_with_other_content_is_conflict(repo: Any) -> None:
    _publish(repo, b"original", unfinished=True)
    with pytest.raises(repo.exceptions.ConflictException):
        _publish(repo, b"changed", unfinished=True)
    got = repo.list_package_version_assets(
        domain=DOMAIN, repository=REPO, format="generic", namespace=NS, package=PKG, packageVersion="1.0.0"
    )["assets"]
    assert got[0]["hashes"]["SHA-256"] == hashlib.sha256(b"original").hexdigest()


@pytest.mark.parametrize("status", ["Archived", "Unlisted", "Disposed"])
def test_publish_into_non_published_states_is_conflict(
    client: Any, codeartifact_mock: CodeArtifactMock, status: str
) -> None:
    codeartifact_mock.add_package_version(
        DOMAIN, REPO, "generic", PKG, "1.0.0", namespace=NS, status=status, assets={"a.bin": b"a"}
    )
    with pytest.raises(client.exceptions.ConflictException):
        _publish(client, b"new", asset="b.bin", unfinished=True)
    assert _describe(client)["status"] == status


def test_sha256_mismatch(repo: Any) -> None:
    wrong = hashlib.sha256(b"something else").hexdigest()
    with pytest.raises(repo.exceptions.ValidationException) as excinfo:
        _publish(repo, b"actual content", sha256=wrong)
    message = excinfo.value.response["Error"]["Message"]
    assert message.startswith(
        "The provided content hashes do not match the calculated content hashes. "
        "Hash algorithm 'SHA-256', Expected hash"
    )
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(repo.exceptions.ResourceNotFoundException):
        _describe(repo)


def test_uppercase_sha256_is_rejected(repo: Any) -> None:
    content = b"content"
    with pytest.raises(repo.exceptions.ValidationException):
        _publish(repo, content, sha256=hashlib.sha256(content).hexdigest().upper())


@pytest.mark.parametrize("fmt", ["npm", "pypi", "maven", "nuget", "ruby", "swift", "cargo"])
def test_only_generic_can_be_published(repo: Any, fmt: str) -> None:
    namespace = {"maven": "org.example", "swift": "scope", "npm": "scope"}.get(fmt)
    with pytest.raises(repo.exceptions.ValidationException):
        _publish(repo, b"x", format=fmt, namespace=namespace)
    assert repo.list_packages(domain=DOMAIN, repository=REPO)["packages"] == []


def test_namespace_is_required(repo: Any) -> None:
    with pytest.raises(repo.exceptions.ValidationException):
        _publish(repo, b"x", namespace=None)
    assert repo.list_packages(domain=DOMAIN, repository=REPO)["packages"] == []


@pytest.mark.parametrize(
    "name", [".", "..", " lead", "trail ", "dou  ble", "star*", "sla/sh", "tab\tname", "q?"]
)
def test_invalid_asset_names(repo: Any, name: str) -> None:
    with pytest.raises(repo.exceptions.ValidationException):
        _publish(repo, b"x", asset=name)
    assert repo.list_packages(domain=DOMAIN, repository=REPO)["packages"] == []


@pytest.mark.parametrize(
    "name", ["file.tar.gz", "my file (1).zip", "~!@^&()-_+[]{};,.", "ünïcödé-名前.bin", "a", "..."]
)
def test_valid_asset_names(repo: Any, name: str) -> None:
    assert _publish(repo, b"x", asset=name)["asset"]["name"] == name
    assert _asset_names(repo) == [name]


def test_publish_to_missing_repository_is_not_found(client: Any) -> None:
    client.create_domain(domain=DOMAIN)
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        _publish(client, b"x")
    assert excinfo.value.response["resourceType"] == "repository"
    assert excinfo.value.response["resourceId"] == REPO


def test_publish_updates_domain_asset_size(repo: Any) -> None:
    _publish(repo, b"12345", asset="a.bin", unfinished=True)
    _publish(repo, b"678", asset="b.bin")
    assert repo.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"] == 8
