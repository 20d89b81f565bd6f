"""PutPackageOriginConfiguration, and publishes refused by package or package group origin controls."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from botocore.exceptions import ClientError

from codeartifact_mock import CodeArtifactMock

DOMAIN, REPO, OTHER = "dom", "repo", "other"
LOC: dict[str, str] = {"domain": DOMAIN, "repository": REPO}


@pytest.fixture
def repo(client: Any) -> Any:
    client.create_domain(domain=DOMAIN)
    client.create_repository(domain=DOMAIN, repository=REPO)
    client.create_repository(domain=DOMAIN, repository=OTHER)
    return client


def _restrict(client: Any, publish: str, upstream: str = "BLOCK", **kw: Any) -> Any:
    kw.setdefault("format", "generic")
    kw.setdefault("namespace", "ns")
    kw.setdefault("package", "tool")
    kw.setdefault("repository", REPO)
    if kw["namespace"] is None:
        del kw["namespace"]
    restrictions = {"publish": publish, "upstream": upstream}
    return client.put_package_origin_configuration(domain=DOMAIN, restrictions=restrictions, **kw)


def _publish(client: Any, package: str = "tool", version: str = "1.0", repository: str = REPO) -> Any:
    content = f"{package}@{version}".encode()
    return client.publish_package_version(
        domain=DOMAIN,
        repository=repository,
        format="generic",
        namespace="ns",
        package=package,
        packageVersion=version,
        assetContent=content,
        assetName="tool.tar.gz",
        assetSHA256=hashlib.sha256(content).hexdigest(),
    )


def _set_group_publish(client: Any, pattern: str, mode: str, allowed: tuple[str, ...] = ()) -> None:
    if pattern != "/*":
        client.create_package_group(domain=DOMAIN, packageGroup=pattern)
    client.update_package_group_origin_configuration(
        domain=DOMAIN,
        packageGroup=pattern,
        restrictions={"PUBLISH": mode},
        addAllowedRepositories=[
            {"repositoryName": name, "originRestrictionType": "PUBLISH"} for name in allowed
        ],
    )


# --- PutPackageOriginConfiguration -------------------------------------------------------------------


def test_put_changes_an_existing_package(repo: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "1.0.0")
    resp = repo.put_package_origin_configuration(
        **LOC, format="npm", package="chalk", restrictions={"publish": "BLOCK", "upstream": "ALLOW"}
    )
    assert resp["originConfiguration"] == {"restrictions": {"publish": "BLOCK", "upstream": "ALLOW"}}
    described = repo.describe_package(**LOC, format="npm", package="chalk")["package"]
    assert described["originConfiguration"]["restrictions"] == {"publish": "BLOCK", "upstream": "ALLOW"}
    # the versions are untouched, and ListPackages filters on the new restrictions
    assert [
        v["version"] for v in repo.list_package_versions(**LOC, format="npm", package="chalk")["versions"]
    ] == ["1.0.0"]
    assert [p["package"] for p in repo.list_packages(**LOC, publish="BLOCK")["packages"]] == ["chalk"]
    assert repo.list_packages(**LOC, publish="ALLOW")["packages"] == []


def test_put_creates_a_missing_package_with_no_versions(repo: Any) -> None:
    _restrict(repo, "BLOCK", "ALLOW", format="npm", namespace="scope", package="fresh")
    described = repo.describe_package(**LOC, format="npm", namespace="scope", package="fresh")["package"]
    assert described == {
        "format": "npm",
        "namespace": "scope",
        "name": "fresh",
        "originConfiguration": {"restrictions": {"publish": "BLOCK", "upstream": "ALLOW"}},
    }
    listed = repo.list_package_versions(**LOC, format="npm", namespace="scope", package="fresh")
    assert listed["versions"] == []
    assert "defaultDisplayVersion" not in listed


def test_put_stores_pypi_names_normalized(repo: Any) -> None:
    repo.put_package_origin_configuration(
        **LOC,
        format="pypi",
        package="My_Package.Name",
        restrictions={"publish": "ALLOW", "upstream": "BLOCK"},
    )
    assert [p["package"] for p in repo.list_packages(**LOC)["packages"]] == ["my-package-name"]


@pytest.mark.parametrize(
    ("where", "resource_type"),
    [
        ({"domain": "nodomain", "repository": REPO}, "domain"),
        ({"domain": DOMAIN, "repository": "norepo"}, "repository"),
    ],
)
def test_put_needs_the_domain_and_repository(repo: Any, where: dict[str, str], resource_type: str) -> None:
    with pytest.raises(repo.exceptions.ResourceNotFoundException) as caught:
        repo.put_package_origin_configuration(
            **where, format="npm", package="x", restrictions={"publish": "ALLOW", "upstream": "BLOCK"}
        )
    assert caught.value.response["resourceType"] == resource_type


def test_put_checks_the_namespace_rules(repo: Any) -> None:
    with pytest.raises(
        repo.exceptions.ValidationException, match="A namespace is required for maven packages"
    ):
        repo.put_package_origin_configuration(
            **LOC, format="maven", package="guava", restrictions={"publish": "ALLOW", "upstream": "BLOCK"}
        )
    assert repo.list_packages(**LOC)["packages"] == []


def test_put_rejects_values_outside_the_enum(raw_client: Any) -> None:
    raw_client.create_domain(domain=DOMAIN)
    raw_client.create_repository(domain=DOMAIN, repository=REPO)
    with pytest.raises(ClientError) as caught:
        raw_client.put_package_origin_configuration(
            **LOC, format="npm", package="x", restrictions={"publish": "MAYBE", "upstream": "BLOCK"}
        )
    assert caught.value.response["Error"]["Message"] == (
        "1 validation error detected: Value 'MAYBE' at 'restrictions.publish' failed to satisfy constraint: "
        "Member must satisfy enum value set: [ALLOW, BLOCK]"
    )


# --- publishing against the package's own restrictions ------------------------------------------------


def test_publish_is_refused_when_the_package_blocks_it(repo: Any) -> None:
    _publish(repo, version="1.0")
    _restrict(repo, "BLOCK")
    with pytest.raises(repo.exceptions.AccessDeniedException) as caught:
        _publish(repo, version="2.0")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "blocked by the package's origin configuration (publish: BLOCK)" in str(caught.value)
    versions = repo.list_package_versions(**LOC, format="generic", namespace="ns", package="tool")["versions"]
    assert [v["version"] for v in versions] == ["1.0"]

    _restrict(repo, "ALLOW")
    assert _publish(repo, version="2.0")["status"] == "Published"


def test_blocking_a_package_before_its_first_publish(repo: Any) -> None:
    _restrict(repo, "BLOCK")
    with pytest.raises(repo.exceptions.AccessDeniedException):
        _publish(repo)
    # the block is per repository: the same package can be published elsewhere
    assert _publish(repo, repository=OTHER)["version"] == "1.0"


def test_first_publish_sets_allow_publish_block_upstream(repo: Any) -> None:
    _publish(repo)
    described = repo.describe_package(**LOC, format="generic", namespace="ns", package="tool")["package"]
    assert described["originConfiguration"]["restrictions"] == {"publish": "ALLOW", "upstream": "BLOCK"}


# --- publishing against package group origin controls -------------------------------------------------


def test_group_block_refuses_publishing_a_new_package(repo: Any) -> None:
    _set_group_publish(repo, "/generic/ns/*", "BLOCK")
    with pytest.raises(repo.exceptions.AccessDeniedException) as caught:
        _publish(repo, package="newtool")
    assert "package group '/generic/ns/*' (PUBLISH: BLOCK)" in str(caught.value)
    assert repo.list_packages(**LOC)["packages"] == []
    # packages outside the group are not affected
    content = b"x"
    repo.publish_package_version(
        **LOC,
        format="generic",
        namespace="elsewhere",
        package="newtool",
        packageVersion="1.0",
        assetContent=content,
        assetName="a.tgz",
        assetSHA256=hashlib.sha256(content).hexdigest(),
    )


def test_a_group_block_is_inherited_by_sub_groups(repo: Any) -> None:
    _set_group_publish(repo, "/generic/*", "BLOCK")
    repo.create_package_group(domain=DOMAIN, packageGroup="/generic/ns/*")  # INHERIT from /generic/*
    with pytest.raises(repo.exceptions.AccessDeniedException, match=r"package group '/generic/ns/\*'"):
        _publish(repo)


def test_root_group_block_refuses_every_new_package(repo: Any) -> None:
    _set_group_publish(repo, "/*", "BLOCK")
    with pytest.raises(repo.exceptions.AccessDeniedException):
        _publish(repo)


def test_allow_specific_repositories(repo: Any) -> None:
    _set_group_publish(repo, "/generic/*", "ALLOW_SPECIFIC_REPOSITORIES", allowed=(OTHER,))
    with pytest.raises(repo.exceptions.AccessDeniedException, match="ALLOW_SPECIFIC_REPOSITORIES"):
        _publish(repo)
    assert _publish(repo, repository=OTHER)["status"] == "Published"


def test_allowed_list_of_the_inherited_group_applies(repo: Any) -> None:
    _set_group_publish(repo, "/generic/*", "ALLOW_SPECIFIC_REPOSITORIES", allowed=(REPO,))
    repo.create_package_group(domain=DOMAIN, packageGroup="/generic/ns/*")
    assert _publish(repo)["status"] == "Published"
    with pytest.raises(repo.exceptions.AccessDeniedException):
        _publish(repo, repository=OTHER)


def test_package_level_configuration_overrides_the_group(repo: Any) -> None:
    _set_group_publish(repo, "/generic/*", "BLOCK")
    _restrict(repo, "ALLOW")  # the package now has its own restrictions
    assert _publish(repo)["status"] == "Published"


def test_an_existing_package_is_governed_by_its_own_restrictions(repo: Any) -> None:
    _publish(repo, version="1.0")
    _set_group_publish(repo, "/generic/*", "BLOCK")
    assert _publish(repo, version="2.0")["status"] == "Published"


def test_seeding_is_not_blocked(repo: Any, codeartifact_mock: CodeArtifactMock) -> None:
    _set_group_publish(repo, "/*", "BLOCK")
    _restrict(repo, "BLOCK", format="npm", namespace=None, package="chalk")
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "1.0.0")
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "lodash", "4.0.0")
    assert {p["package"] for p in repo.list_packages(**LOC)["packages"]} == {"chalk", "lodash"}
