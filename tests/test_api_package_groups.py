"""Package groups: patterns, the hierarchy, origin configuration, associations, listings and tags."""

from __future__ import annotations

from typing import Any

import pytest

from codeartifact_mock import CodeArtifactMock

DOMAIN, REPO, OTHER = "dom", "repo", "other"
ACCOUNT = "123456789012"
ROOT_ARN = f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:package-group/{DOMAIN}/%2a"
D: dict[str, str] = {"domain": DOMAIN}


@pytest.fixture
def dom(client: Any) -> Any:
    client.create_domain(domain=DOMAIN)
    client.create_repository(domain=DOMAIN, repository=REPO)
    client.create_repository(domain=DOMAIN, repository=OTHER)
    return client


def _create(client: Any, *patterns: str) -> None:
    for pattern in patterns:
        client.create_package_group(**D, packageGroup=pattern)


def _parent(client: Any, pattern: str) -> str | None:
    group = client.describe_package_group(**D, packageGroup=pattern)["packageGroup"]
    return group["parent"]["pattern"] if "parent" in group else None


def _patterns(groups: list[dict[str, Any]]) -> list[str]:
    return [group["pattern"] for group in groups]


# --- the root group and creation ----------------------------------------------------------------------


def test_every_domain_has_the_root_group(dom: Any) -> None:
    groups = dom.list_package_groups(**D)["packageGroups"]
    assert len(groups) == 1
    root = groups[0]
    assert root["pattern"] == "/*"
    assert root["arn"] == ROOT_ARN
    assert (root["domainName"], root["domainOwner"]) == (DOMAIN, ACCOUNT)
    assert root["createdTime"] == dom.describe_domain(**D)["domain"]["createdTime"]
    assert "parent" not in root
    assert root["originConfiguration"]["restrictions"] == {
        kind: {"mode": "ALLOW", "effectiveMode": "ALLOW", "repositoriesCount": 0}
        for kind in ("EXTERNAL_UPSTREAM", "INTERNAL_UPSTREAM", "PUBLISH")
    }


def test_create_package_group(dom: Any) -> None:
    group = dom.create_package_group(
        **D, packageGroup="/npm/space/ui-kit$", contactInfo="team@example.com", description="UI kit"
    )["packageGroup"]
    assert (
        group["arn"] == f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:package-group/{DOMAIN}/npm/space/ui-kit%24"
    )
    assert group["pattern"] == "/npm/space/ui-kit$"
    assert (group["contactInfo"], group["description"]) == ("team@example.com", "UI kit")
    assert group["parent"] == {"arn": ROOT_ARN, "pattern": "/*"}
    for restriction in group["originConfiguration"]["restrictions"].values():
        assert restriction == {
            "mode": "INHERIT",
            "effectiveMode": "ALLOW",
            "inheritedFrom": {"arn": ROOT_ARN, "pattern": "/*"},
            "repositoriesCount": 0,
        }
    assert dom.describe_package_group(**D, packageGroup="/npm/space/ui-kit$")["packageGroup"] == group


def test_patterns_are_unique_ignoring_case(dom: Any) -> None:
    _create(dom, "/npm/Space/*")
    for duplicate in ("/npm/Space/*", "/npm/space/*", "/*"):
        with pytest.raises(dom.exceptions.ConflictException, match="already exists") as caught:
            dom.create_package_group(**D, packageGroup=duplicate)
        assert caught.value.response["resourceType"] == "package-group"
    # a lookup in another case finds the group, which keeps its pattern as created
    assert (
        dom.describe_package_group(**D, packageGroup="/NPM/SPACE/*")["packageGroup"]["pattern"]
        == "/npm/Space/*"
    )


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("npm/*", "a pattern starts with '/'"),
        ("/npm", "a pattern has the form"),
        ("/npm/space", "a namespace must end with '~'"),
        ("/npm/space/name", "a name must end with '~' (prefix) or '$' (exact name)"),
        ("/python//requests$", "'python' is not a package format"),
        ("/npm/*/react$", "the namespace contains '*'"),
        ("/npm/~", "the namespace is empty"),
        ("/npm//$", "the name is empty"),
        ("/pypi/ns/*", "pypi packages do not have a namespace"),
        ("/nuget/ns~", "nuget packages do not have a namespace"),
        ("/maven//guava$", "maven packages always have a namespace"),
        ("/pypi//my_package$", "PyPI names in a pattern must be normalized"),
        ("/npm/a/b/c$", "a pattern has the form"),
    ],
)
def test_invalid_patterns_are_rejected(dom: Any, pattern: str, reason: str) -> None:
    with pytest.raises(dom.exceptions.ValidationException) as caught:
        dom.create_package_group(**D, packageGroup=pattern)
    message = caught.value.response["Error"]["Message"]
    assert message.startswith(f"Invalid package group pattern '{pattern}': {reason}")
    assert _patterns(dom.list_package_groups(**D)["packageGroups"]) == ["/*"]


def test_the_model_pattern_is_checked_too(dom: Any) -> None:
    with pytest.raises(dom.exceptions.ValidationException, match="Member must satisfy regular expression"):
        dom.describe_package_group(**D, packageGroup="/npm/a b/*")


def test_missing_domain_and_group(dom: Any) -> None:
    with pytest.raises(dom.exceptions.ResourceNotFoundException) as caught:
        dom.create_package_group(domain="nodomain", packageGroup="/npm/*")
    assert caught.value.response["resourceType"] == "domain"
    with pytest.raises(dom.exceptions.ResourceNotFoundException) as caught:
        dom.describe_package_group(**D, packageGroup="/npm/*")
    assert caught.value.response["resourceType"] == "package-group"
    assert caught.value.response["resourceId"] == "/npm/*"
    assert caught.value.response["Error"]["Message"] == (
        f"Package group not found. Package group '/npm/*' in domain '{DOMAIN}' owned by account "
        f"'{ACCOUNT}' does not exist"
    )
    for call in (dom.update_package_group, dom.delete_package_group, dom.list_sub_package_groups):
        with pytest.raises(dom.exceptions.ResourceNotFoundException):
            call(**D, packageGroup="/npm/*")


def test_update_package_group(dom: Any) -> None:
    _create(dom, "/npm/*")
    group = dom.update_package_group(**D, packageGroup="/npm/*", contactInfo="ops")["packageGroup"]
    assert group["contactInfo"] == "ops" and "description" not in group
    group = dom.update_package_group(**D, packageGroup="/npm/*", description="all npm")["packageGroup"]
    assert (group["contactInfo"], group["description"]) == ("ops", "all npm")


# --- the hierarchy ------------------------------------------------------------------------------------


def test_parent_is_the_most_specific_containing_group(dom: Any) -> None:
    _create(dom, "/npm/space/ui-kit$", "/npm/*", "/npm/space/ui~", "/npm/space/*", "/npm/space~", "/maven/*")
    assert _parent(dom, "/npm/*") == "/*"
    assert _parent(dom, "/npm/space~") == "/npm/*"
    assert _parent(dom, "/npm/space/*") == "/npm/space~"
    assert _parent(dom, "/npm/space/ui~") == "/npm/space/*"
    assert _parent(dom, "/npm/space/ui-kit$") == "/npm/space/ui~"
    assert _parent(dom, "/maven/*") == "/*"
    subs = dom.list_sub_package_groups(**D, packageGroup="/*")["packageGroups"]
    assert sorted(_patterns(subs)) == ["/maven/*", "/npm/*"]
    assert _patterns(dom.list_sub_package_groups(**D, packageGroup="/npm/space/*")["packageGroups"]) == [
        "/npm/space/ui~"
    ]
    assert dom.list_sub_package_groups(**D, packageGroup="/npm/space/ui-kit$")["packageGroups"] == []


def test_prefixes_stop_at_word_boundaries(dom: Any) -> None:
    _create(dom, "/npm/space/ui~", "/npm/space/uikit$")
    assert _parent(dom, "/npm/space/uikit$") == "/*"  # 'ui~' matches ui, ui-kit, ui.kit but not uikit


def test_deleting_a_group_moves_its_children_up(dom: Any) -> None:
    _create(dom, "/npm/*", "/npm/space/*", "/npm/space/ui~")
    deleted = dom.delete_package_group(**D, packageGroup="/npm/space/*")["packageGroup"]
    assert deleted["pattern"] == "/npm/space/*"
    assert deleted["parent"]["pattern"] == "/npm/*"
    assert _parent(dom, "/npm/space/ui~") == "/npm/*"
    with pytest.raises(dom.exceptions.ResourceNotFoundException):
        dom.describe_package_group(**D, packageGroup="/npm/space/*")


def test_the_root_group_cannot_be_deleted(dom: Any) -> None:
    with pytest.raises(dom.exceptions.ConflictException, match=r"root package group '/\*' cannot be deleted"):
        dom.delete_package_group(**D, packageGroup="/*")
    assert _patterns(dom.list_package_groups(**D)["packageGroups"]) == ["/*"]


# --- origin configuration -----------------------------------------------------------------------------


def test_modes_are_inherited_from_the_first_non_inherit_ancestor(dom: Any) -> None:
    _create(dom, "/npm/*", "/npm/space/*")
    resp = dom.update_package_group_origin_configuration(
        **D, packageGroup="/npm/*", restrictions={"PUBLISH": "BLOCK", "EXTERNAL_UPSTREAM": "ALLOW"}
    )
    npm = resp["packageGroup"]["originConfiguration"]["restrictions"]
    assert npm["PUBLISH"] == {"mode": "BLOCK", "effectiveMode": "BLOCK", "repositoriesCount": 0}
    assert npm["INTERNAL_UPSTREAM"]["mode"] == "INHERIT"  # not named in the update: unchanged
    assert resp["allowedRepositoryUpdates"] == {}

    space = dom.describe_package_group(**D, packageGroup="/npm/space/*")["packageGroup"]
    publish = space["originConfiguration"]["restrictions"]["PUBLISH"]
    assert publish["mode"] == "INHERIT" and publish["effectiveMode"] == "BLOCK"
    assert publish["inheritedFrom"]["pattern"] == "/npm/*"
    internal = space["originConfiguration"]["restrictions"]["INTERNAL_UPSTREAM"]
    assert internal["effectiveMode"] == "ALLOW" and internal["inheritedFrom"]["pattern"] == "/*"


def test_the_root_group_cannot_inherit(dom: Any) -> None:
    with pytest.raises(dom.exceptions.ValidationException, match="has no parent to inherit"):
        dom.update_package_group_origin_configuration(
            **D, packageGroup="/*", restrictions={"PUBLISH": "INHERIT"}
        )


def test_allowed_repositories(dom: Any) -> None:
    _create(dom, "/npm/*")
    resp = dom.update_package_group_origin_configuration(
        **D,
        packageGroup="/npm/*",
        restrictions={"PUBLISH": "ALLOW_SPECIFIC_REPOSITORIES"},
        addAllowedRepositories=[
            {"repositoryName": REPO, "originRestrictionType": "PUBLISH"},
            {"repositoryName": OTHER, "originRestrictionType": "PUBLISH"},
            {"repositoryName": OTHER, "originRestrictionType": "INTERNAL_UPSTREAM"},
        ],
    )
    assert resp["allowedRepositoryUpdates"] == {
        "PUBLISH": {"ADDED": [REPO, OTHER]},
        "INTERNAL_UPSTREAM": {"ADDED": [OTHER]},
    }
    restrictions = resp["packageGroup"]["originConfiguration"]["restrictions"]
    assert restrictions["PUBLISH"]["repositoriesCount"] == 2
    assert restrictions["INTERNAL_UPSTREAM"]["repositoriesCount"] == 1
    listed = dom.list_allowed_repositories_for_group(
        **D, packageGroup="/npm/*", originRestrictionType="PUBLISH"
    )
    assert listed["allowedRepositories"] == [REPO, OTHER]

    resp = dom.update_package_group_origin_configuration(
        **D,
        packageGroup="/npm/*",
        removeAllowedRepositories=[{"repositoryName": REPO, "originRestrictionType": "PUBLISH"}],
    )
    assert resp["allowedRepositoryUpdates"] == {"PUBLISH": {"REMOVED": [REPO]}}
    listed = dom.list_allowed_repositories_for_group(
        **D, packageGroup="/npm/*", originRestrictionType="PUBLISH"
    )
    assert listed["allowedRepositories"] == [OTHER]
    empty = dom.list_allowed_repositories_for_group(
        **D, packageGroup="/npm/*", originRestrictionType="EXTERNAL_UPSTREAM"
    )
    assert empty["allowedRepositories"] == []


def test_an_allowed_repository_must_exist(dom: Any) -> None:
    _create(dom, "/npm/*")
    with pytest.raises(dom.exceptions.ResourceNotFoundException) as caught:
        dom.update_package_group_origin_configuration(
            **D,
            packageGroup="/npm/*",
            restrictions={"PUBLISH": "ALLOW_SPECIFIC_REPOSITORIES"},
            addAllowedRepositories=[{"repositoryName": "norepo", "originRestrictionType": "PUBLISH"}],
        )
    assert caught.value.response["resourceType"] == "repository"
    # nothing of the rejected update was applied
    group = dom.describe_package_group(**D, packageGroup="/npm/*")["packageGroup"]
    assert group["originConfiguration"]["restrictions"]["PUBLISH"]["mode"] == "INHERIT"


def test_allowed_repository_entries_need_both_members(raw_client: Any) -> None:
    raw_client.create_domain(domain=DOMAIN)
    with pytest.raises(raw_client.exceptions.ValidationException) as caught:
        raw_client.update_package_group_origin_configuration(
            **D, packageGroup="/*", addAllowedRepositories=[{"repositoryName": REPO}]
        )
    assert caught.value.response["Error"]["Message"] == (
        "1 validation error detected: Value null at 'addAllowedRepositories.1.member.originRestrictionType' "
        "failed to satisfy constraint: Member must not be null"
    )


# --- associations -------------------------------------------------------------------------------------


def _associated(client: Any, fmt: str, package: str, namespace: str | None = None) -> tuple[str, str]:
    kw = {"namespace": namespace} if namespace is not None else {}
    resp = client.get_associated_package_group(**D, format=fmt, package=package, **kw)
    return resp["packageGroup"]["pattern"], resp["associationType"]


def test_most_specific_group_wins(dom: Any) -> None:
    _create(
        dom,
        "/npm/*",
        "/npm/space/*",
        "/npm/space/ui~",
        "/npm//react$",
        "/pypi//requests$",
        "/maven/com.acme~",
    )
    assert _associated(dom, "npm", "vue") == ("/npm/*", "STRONG")
    assert _associated(dom, "npm", "core", "space") == ("/npm/space/*", "STRONG")
    assert _associated(dom, "npm", "ui-kit", "space") == ("/npm/space/ui~", "STRONG")
    assert _associated(dom, "npm", "uikit", "space") == ("/npm/space/*", "STRONG")
    assert _associated(dom, "pypi", "requests") == ("/pypi//requests$", "STRONG")
    assert _associated(dom, "npm", "react") == ("/npm//react$", "STRONG")
    assert _associated(dom, "npm", "React") == ("/npm//react$", "WEAK")  # matches only ignoring case
    assert _associated(dom, "maven", "app", "com.acme.tools") == ("/maven/com.acme~", "STRONG")
    assert _associated(dom, "maven", "app", "com.acmetools") == ("/*", "STRONG")
    assert _associated(dom, "cargo", "serde") == ("/*", "STRONG")  # the package need not exist


def test_names_are_normalized_before_matching(dom: Any) -> None:
    _create(dom, "/pypi//my-package$")
    assert _associated(dom, "pypi", "My_Package") == ("/pypi//my-package$", "STRONG")
    assert _associated(dom, "pypi", "my.package") == ("/pypi//my-package$", "STRONG")


def test_get_associated_package_group_checks_the_namespace(dom: Any) -> None:
    with pytest.raises(
        dom.exceptions.ValidationException, match="A namespace is required for maven packages"
    ):
        dom.get_associated_package_group(**D, format="maven", package="guava")


def test_list_associated_packages(dom: Any, codeartifact_mock: CodeArtifactMock) -> None:
    seed = codeartifact_mock.add_package_version
    seed(DOMAIN, REPO, "npm", "react", "18.0.0")
    seed(DOMAIN, OTHER, "npm", "react", "18.1.0")  # the same package in another repository: listed once
    seed(DOMAIN, REPO, "npm", "core", "1.0.0", namespace="space")
    seed(DOMAIN, REPO, "npm", "React-Dom", "18.0.0")
    seed(DOMAIN, REPO, "pypi", "requests", "2.31.0")
    _create(dom, "/npm/*", "/npm/space/*", "/npm//react-dom$")

    npm = dom.list_associated_packages(**D, packageGroup="/npm/*")["packages"]
    assert npm == [{"format": "npm", "package": "react", "associationType": "STRONG"}]
    dom_group = dom.list_associated_packages(**D, packageGroup="/npm//react-dom$")["packages"]
    assert dom_group == [{"format": "npm", "package": "React-Dom", "associationType": "WEAK"}]
    space = dom.list_associated_packages(**D, packageGroup="/npm/space/*")["packages"]
    assert space == [{"format": "npm", "namespace": "space", "package": "core", "associationType": "STRONG"}]
    root = dom.list_associated_packages(**D, packageGroup="/*")["packages"]
    assert root == [{"format": "pypi", "package": "requests", "associationType": "STRONG"}]


def test_list_associated_packages_preview(dom: Any, codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "react", "18.0.0")
    codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "vue", "3.0.0")
    with pytest.raises(dom.exceptions.ResourceNotFoundException):
        dom.list_associated_packages(**D, packageGroup="/npm//react~")
    preview = dom.list_associated_packages(**D, packageGroup="/npm//react~", preview=True)["packages"]
    assert [p["package"] for p in preview] == ["react"]
    # preview does not create the group
    assert _patterns(dom.list_package_groups(**D)["packageGroups"]) == ["/*"]


# --- listings and paginators --------------------------------------------------------------------------


def test_list_package_groups_prefix_and_paginator(dom: Any) -> None:
    _create(dom, "/npm/*", "/npm/space/*", "/maven/*", "/pypi/*", "/npm//react$")
    assert _patterns(dom.list_package_groups(**D, prefix="/npm")["packageGroups"]) == [
        "/npm/*",
        "/npm/space/*",
        "/npm//react$",
    ]
    first = dom.list_package_groups(**D, maxResults=2)
    assert _patterns(first["packageGroups"]) == ["/*", "/npm/*"] and "nextToken" in first
    pages = list(dom.get_paginator("list_package_groups").paginate(**D, PaginationConfig={"PageSize": 2}))
    assert [len(page["packageGroups"]) for page in pages] == [2, 2, 2]
    assert _patterns([g for page in pages for g in page["packageGroups"]]) == [
        "/*",
        "/npm/*",
        "/npm/space/*",
        "/maven/*",
        "/pypi/*",
        "/npm//react$",
    ]


def test_list_sub_package_groups_paginator(dom: Any) -> None:
    _create(dom, "/npm/*", "/maven/*", "/pypi/*", "/npm/space/*")
    pages = dom.get_paginator("list_sub_package_groups").paginate(
        **D, packageGroup="/*", PaginationConfig={"PageSize": 2}
    )
    assert [_patterns(page["packageGroups"]) for page in pages] == [["/npm/*", "/maven/*"], ["/pypi/*"]]


def test_list_allowed_repositories_paginator(dom: Any) -> None:
    names = [f"repo-{i}" for i in range(5)]
    for name in names:
        dom.create_repository(**D, repository=name)
    dom.update_package_group_origin_configuration(
        **D,
        packageGroup="/*",
        addAllowedRepositories=[
            {"repositoryName": name, "originRestrictionType": "PUBLISH"} for name in names
        ],
    )
    pages = list(
        dom.get_paginator("list_allowed_repositories_for_group").paginate(
            **D, packageGroup="/*", originRestrictionType="PUBLISH", PaginationConfig={"PageSize": 2}
        )
    )
    assert [page["allowedRepositories"] for page in pages] == [names[:2], names[2:4], names[4:]]


def test_list_associated_packages_paginator(dom: Any, codeartifact_mock: CodeArtifactMock) -> None:
    names = ["a", "b", "c", "d", "e"]
    for name in names:
        codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", name, "1.0.0")
    pages = list(
        dom.get_paginator("list_associated_packages").paginate(
            **D, packageGroup="/*", PaginationConfig={"PageSize": 2}
        )
    )
    assert [[p["package"] for p in page["packages"]] for page in pages] == [["a", "b"], ["c", "d"], ["e"]]


def test_a_token_from_another_listing_is_rejected(dom: Any) -> None:
    _create(dom, "/npm/*", "/maven/*")
    token = dom.list_package_groups(**D, maxResults=1)["nextToken"]
    with pytest.raises(dom.exceptions.ValidationException, match="Invalid nextToken"):
        dom.list_sub_package_groups(**D, packageGroup="/*", nextToken=token)


# --- tags ---------------------------------------------------------------------------------------------


def test_tags_given_at_creation_and_through_tag_resource(dom: Any) -> None:
    arn = dom.create_package_group(**D, packageGroup="/npm/*", tags=[{"key": "team", "value": "web"}])[
        "packageGroup"
    ]["arn"]
    assert dom.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "team", "value": "web"}]
    dom.tag_resource(resourceArn=arn, tags=[{"key": "tier", "value": "1"}])
    dom.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert dom.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "tier", "value": "1"}]
    assert dom.list_tags_for_resource(resourceArn=ROOT_ARN)["tags"] == []
    dom.delete_package_group(**D, packageGroup="/npm/*")
    with pytest.raises(dom.exceptions.ResourceNotFoundException):
        dom.list_tags_for_resource(resourceArn=arn)
