"""TagResource, UntagResource, ListTagsForResource on domains, repositories and package groups."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from owner_policies import owner_allows

ACCOUNT = "123456789012"
DOMAIN_ARN = f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:domain/acme"
REPO_ARN = f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:repository/acme/releases"


@pytest.fixture
def acme(client: Any) -> Any:
    client.create_domain(domain="acme", tags=[{"key": "team", "value": "platform"}])
    client.create_repository(domain="acme", repository="releases", tags=[{"key": "tier", "value": "prod"}])
    return client


def _tags(client: Any, arn: str) -> dict[str, str]:
    return {tag["key"]: tag["value"] for tag in client.list_tags_for_resource(resourceArn=arn)["tags"]}


def test_tags_given_at_creation_are_listed(acme: Any) -> None:
    assert acme.list_tags_for_resource(resourceArn=DOMAIN_ARN)["tags"] == [
        {"key": "team", "value": "platform"}
    ]
    assert _tags(acme, REPO_ARN) == {"tier": "prod"}


@pytest.mark.parametrize("arn", [DOMAIN_ARN, REPO_ARN])
def test_tag_adds_and_updates_untag_removes(acme: Any, arn: str) -> None:
    before = _tags(acme, arn)
    acme.tag_resource(
        resourceArn=arn, tags=[{"key": "cost-center", "value": "42"}, {"key": "empty", "value": ""}]
    )
    assert _tags(acme, arn) == {**before, "cost-center": "42", "empty": ""}
    acme.tag_resource(resourceArn=arn, tags=[{"key": "cost-center", "value": "43"}])
    assert _tags(acme, arn)["cost-center"] == "43"
    acme.untag_resource(resourceArn=arn, tagKeys=["cost-center", "never-there"])
    assert _tags(acme, arn) == {**before, "empty": ""}


def test_tags_are_per_resource(acme: Any) -> None:
    acme.tag_resource(resourceArn=REPO_ARN, tags=[{"key": "only", "value": "repo"}])
    assert "only" not in _tags(acme, DOMAIN_ARN)


def test_fifty_tags_fit_fifty_one_do_not(acme: Any) -> None:
    acme.tag_resource(resourceArn=DOMAIN_ARN, tags=[{"key": f"k{i}", "value": "v"} for i in range(49)])
    assert len(_tags(acme, DOMAIN_ARN)) == 50
    acme.tag_resource(resourceArn=DOMAIN_ARN, tags=[{"key": "k0", "value": "updated"}])  # an update adds none
    with pytest.raises(acme.exceptions.ServiceQuotaExceededException) as excinfo:
        acme.tag_resource(resourceArn=DOMAIN_ARN, tags=[{"key": "one-too-many", "value": "v"}])
    response = excinfo.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 402
    assert (response["resourceType"], response["resourceId"]) == ("domain", "acme")
    assert "at most 50 tags" in response["message"]
    assert "one-too-many" not in _tags(acme, DOMAIN_ARN)


def test_a_key_twice_in_one_request_is_rejected(acme: Any) -> None:
    with pytest.raises(acme.exceptions.ValidationException):
        acme.tag_resource(
            resourceArn=DOMAIN_ARN, tags=[{"key": "a", "value": "1"}, {"key": "a", "value": "2"}]
        )
    assert _tags(acme, DOMAIN_ARN) == {"team": "platform"}


@pytest.mark.parametrize("key", ["aws:createdBy", "AWS:team"])
def test_the_aws_prefix_is_reserved(acme: Any, key: str) -> None:
    with pytest.raises(acme.exceptions.ValidationException) as excinfo:
        acme.tag_resource(
            resourceArn=DOMAIN_ARN, tags=[{"key": key, "value": "x"}, {"key": "ok", "value": "y"}]
        )
    assert "reserved for AWS use" in excinfo.value.response["message"]
    with pytest.raises(acme.exceptions.ValidationException):
        acme.untag_resource(resourceArn=DOMAIN_ARN, tagKeys=[key])
    assert _tags(acme, DOMAIN_ARN) == {"team": "platform"}


def test_key_and_value_constraints_come_from_the_model(acme: Any, raw_client: Any) -> None:
    with pytest.raises(raw_client.exceptions.ValidationException) as excinfo:
        raw_client.tag_resource(resourceArn=DOMAIN_ARN, tags=[{"key": "k" * 129, "value": "v" * 257}])
    assert excinfo.value.response["message"] == (
        f"2 validation errors detected: Value '{'k' * 129}' at 'tags.1.member.key' failed to satisfy "
        "constraint: Member must have length less than or equal to 128; "
        f"Value '{'v' * 257}' at 'tags.1.member.value' failed to satisfy constraint: Member must have length "
        "less than or equal to 256"
    )
    assert _tags(acme, DOMAIN_ARN) == {"team": "platform"}


@pytest.mark.parametrize(
    ("arn", "resource_type", "resource_id"),
    [
        (f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:domain/nowhere", "domain", "nowhere"),
        (f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:repository/acme/nowhere", "repository", "nowhere"),
        (f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:repository/nowhere/releases", "domain", "nowhere"),
        ("arn:aws:codeartifact:us-east-1:111122223333:domain/acme", "domain", "acme"),  # another owner
        (f"arn:aws:codeartifact:eu-west-1:{ACCOUNT}:domain/acme", "domain", "acme"),  # another region
        (
            f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:package-group/acme/npm/nothing",
            "package-group",
            "/npm/nothing",
        ),
    ],
)
def test_an_unknown_resource_is_not_found(acme: Any, arn: str, resource_type: str, resource_id: str) -> None:
    for call, kwargs in (
        (acme.list_tags_for_resource, {}),
        (acme.tag_resource, {"tags": [{"key": "k", "value": "v"}]}),
        (acme.untag_resource, {"tagKeys": ["k"]}),
    ):
        with pytest.raises(acme.exceptions.ResourceNotFoundException) as excinfo:
            call(resourceArn=arn, **kwargs)
        response = excinfo.value.response
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
        assert (response["resourceType"], response["resourceId"]) == (resource_type, resource_id)


@pytest.mark.parametrize(
    "arn",
    [
        "acme",
        f"arn:aws:s3:::{ACCOUNT}",
        f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:bucket/acme",
        f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:domain/acme/releases",
        f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:repository/acme",
        "arn:aws:codeartifact:us-east-1:12345:domain/acme",
    ],
)
def test_a_malformed_arn_is_rejected(acme: Any, arn: str) -> None:
    with pytest.raises(acme.exceptions.ValidationException) as excinfo:
        acme.list_tags_for_resource(resourceArn=arn)
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert arn in excinfo.value.response["message"]


def test_tags_go_with_their_resource(acme: Any) -> None:
    acme.delete_repository(domain="acme", repository="releases")
    with pytest.raises(acme.exceptions.ResourceNotFoundException):
        acme.list_tags_for_resource(resourceArn=REPO_ARN)
    acme.create_repository(domain="acme", repository="releases")
    assert _tags(acme, REPO_ARN) == {}


def test_a_domain_of_another_account_is_tagged_through_its_arn(client: Any, codeartifact_mock: Any) -> None:
    codeartifact_mock.add_package_version(
        "shared", "libs", "npm", "utils", "1.0.0", account_id="111122223333"
    )
    arn = "arn:aws:codeartifact:us-east-1:111122223333:repository/shared/libs"
    with pytest.raises(client.exceptions.AccessDeniedException) as refused:  # the owner's policy must allow
        client.tag_resource(resourceArn=arn, tags=[{"key": "k", "value": "v"}])
    assert refused.value.response["Error"]["Message"].endswith(
        "because no resource-based policy allows the codeartifact:TagResource action"
    )
    actions = ["codeartifact:TagResource", "codeartifact:ListTagsForResource"]
    owner_allows(codeartifact_mock, client, "111122223333", "shared", actions, repository="libs")

    client.tag_resource(resourceArn=arn, tags=[{"key": "k", "value": "v"}])
    assert _tags(client, arn) == {"k": "v"}


def test_package_groups_are_tagged_like_any_resource(client: Any) -> None:
    client.create_domain(domain="acme")
    group = client.create_package_group(
        domain="acme", packageGroup="/npm/*", tags=[{"key": "owner", "value": "web"}]
    )["packageGroup"]
    arn = group["arn"]
    assert _tags(client, arn) == {"owner": "web"}
    client.tag_resource(resourceArn=arn, tags=[{"key": "tier", "value": "gold"}])
    client.untag_resource(resourceArn=arn, tagKeys=["owner"])
    assert _tags(client, arn) == {"tier": "gold"}


@pytest.mark.parametrize(
    ("create", "resource_type", "resource_id"),
    [
        (lambda client, tags: client.create_domain(domain="acme", tags=tags), "domain", "acme"),
        (
            lambda client, tags: client.create_repository(domain="base", repository="libs", tags=tags),
            "repository",
            "libs",
        ),
        (
            lambda client, tags: client.create_package_group(domain="base", packageGroup="/npm/*", tags=tags),
            "package-group",
            "/npm/*",
        ),
    ],
)
def test_tags_given_at_creation_follow_the_same_rules(
    client: Any, create: Any, resource_type: str, resource_id: str
) -> None:
    client.create_domain(domain="base")
    too_many = [{"key": f"k{i}", "value": "v"} for i in range(51)]
    with pytest.raises(ClientError) as refused:
        create(client, too_many)
    assert refused.value.response["Error"]["Code"] == "ServiceQuotaExceededException"
    assert (refused.value.response["resourceType"], refused.value.response["resourceId"]) == (
        resource_type,
        resource_id,
    )
    for bad in (
        [{"key": "aws:team", "value": "x"}],
        [{"key": "a", "value": "1"}, {"key": "a", "value": "2"}],
    ):
        with pytest.raises(ClientError) as invalid:
            create(client, bad)
        assert invalid.value.response["Error"]["Code"] == "ValidationException"
    assert [domain["name"] for domain in client.list_domains()["domains"]] == ["base"]
    assert client.list_repositories()["repositories"] == []
    assert [group["pattern"] for group in client.list_package_groups(domain="base")["packageGroups"]] == [
        "/*"
    ]
    create(client, [{"key": "team", "value": "web"}])  # within the rules, creation works
