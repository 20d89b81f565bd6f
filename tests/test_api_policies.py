"""Put/Get/Delete DomainPermissionsPolicy and RepositoryPermissionsPolicy: revisions, locking, errors."""

from __future__ import annotations

import base64
import json
from typing import Any, Callable

import pytest
from owner_policies import owner_allows

from codeartifact_mock import CodeArtifactMock

ACCOUNT = "123456789012"
DOCUMENT = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": ["codeartifact:ReadFromRepository"],
                "Resource": "*",
            }
        ],
    }
)

NOTHING = '{"Version": "2012-10-17", "Statement": []}'  # a valid policy that allows nothing


class Target:
    """The three policy operations of one resource kind, with the arguments naming the resource."""

    def __init__(self, client: Any, kind: str, arn: str, resource_id: str, **names: str) -> None:
        self.kind, self.arn, self.resource_id, self.names = kind, arn, resource_id, names
        noun = "Domain" if kind == "domain" else "Repository"
        self.put: Callable[..., Any] = getattr(client, f"put_{noun.lower()}_permissions_policy")
        self.get: Callable[..., Any] = getattr(client, f"get_{noun.lower()}_permissions_policy")
        self.delete: Callable[..., Any] = getattr(client, f"delete_{noun.lower()}_permissions_policy")


@pytest.fixture(params=["domain", "repository"])
def target(request: pytest.FixtureRequest, client: Any) -> Target:
    client.create_domain(domain="acme")
    repo = client.create_repository(domain="acme", repository="releases")["repository"]
    if request.param == "domain":
        arn = f"arn:aws:codeartifact:us-east-1:{ACCOUNT}:domain/acme"
        return Target(client, "domain", arn, "acme", domain="acme")
    return Target(client, "repository", repo["arn"], "releases", domain="acme", repository="releases")


def _is_revision(value: str) -> bool:
    return len(value) == 44 and len(base64.b64decode(value, validate=True)) == 32


def test_put_returns_the_policy_as_given(target: Target) -> None:
    policy = target.put(**target.names, policyDocument=DOCUMENT)["policy"]
    assert policy["resourceArn"] == target.arn
    assert policy["document"] == DOCUMENT  # verbatim, not re-serialised
    assert _is_revision(policy["revision"])
    assert target.get(**target.names)["policy"] == policy


def test_every_put_makes_a_new_revision(target: Target) -> None:
    first = target.put(**target.names, policyDocument=DOCUMENT)["policy"]["revision"]
    second = target.put(**target.names, policyDocument=DOCUMENT)["policy"]["revision"]
    assert first != second
    assert target.get(**target.names)["policy"]["revision"] == second


def test_put_without_revision_replaces_the_current_policy(target: Target) -> None:
    target.put(**target.names, policyDocument=DOCUMENT)
    target.put(**target.names, policyDocument='{"Version": "2012-10-17", "Statement": []}')
    assert target.get(**target.names)["policy"]["document"] == '{"Version": "2012-10-17", "Statement": []}'


def test_put_with_the_current_revision_succeeds(target: Target) -> None:
    revision = target.put(**target.names, policyDocument=DOCUMENT)["policy"]["revision"]
    updated = target.put(**target.names, policyDocument=NOTHING, policyRevision=revision)["policy"]
    assert updated["document"] == NOTHING
    assert updated["revision"] != revision


def test_put_with_a_stale_revision_is_a_conflict_and_changes_nothing(client: Any, target: Target) -> None:
    stale = target.put(**target.names, policyDocument=NOTHING)["policy"]["revision"]
    current = target.put(**target.names, policyDocument=DOCUMENT)["policy"]
    with pytest.raises(client.exceptions.ConflictException) as excinfo:
        target.put(**target.names, policyDocument=NOTHING, policyRevision=stale)
    response = excinfo.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert (response["resourceType"], response["resourceId"]) == (target.kind, target.resource_id)
    assert stale in response["message"] and current["revision"] in response["message"]
    assert target.get(**target.names)["policy"] == current


def test_put_with_a_revision_when_there_is_no_policy_is_a_conflict(client: Any, target: Target) -> None:
    with pytest.raises(client.exceptions.ConflictException):
        target.put(**target.names, policyDocument=DOCUMENT, policyRevision="MQlyyTQRASRU3HB58gBtSDHXG7Q3hv=")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        target.get(**target.names)


def test_get_and_delete_without_a_policy_are_not_found(client: Any, target: Target) -> None:
    for call in (target.get, target.delete):
        with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
            call(**target.names)
        response = excinfo.value.response
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 404
        assert (response["resourceType"], response["resourceId"]) == (target.kind, target.resource_id)
        assert response["message"].startswith("No resource policy is set on ")


def test_delete_returns_the_deleted_policy(client: Any, target: Target) -> None:
    policy = target.put(**target.names, policyDocument=DOCUMENT)["policy"]
    assert target.delete(**target.names)["policy"] == policy
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        target.get(**target.names)


def test_delete_checks_the_revision(client: Any, target: Target) -> None:
    stale = target.put(**target.names, policyDocument=NOTHING)["policy"]["revision"]
    current = target.put(**target.names, policyDocument=DOCUMENT)["policy"]
    with pytest.raises(client.exceptions.ConflictException):
        target.delete(**target.names, policyRevision=stale)
    assert target.get(**target.names)["policy"] == current
    assert target.delete(**target.names, policyRevision=current["revision"])["policy"] == current


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"Version": "2012-10-17",', "Policy document is not valid JSON: "),
        ("not json", "Policy document is not valid JSON: "),
        ('["a", "list"]', "Policy document must be a JSON object"),
    ],
)
def test_a_document_that_is_not_a_json_object_is_rejected(
    client: Any, target: Target, document: str, message: str
) -> None:
    with pytest.raises(client.exceptions.ValidationException) as excinfo:
        target.put(**target.names, policyDocument=document)
    assert excinfo.value.response["message"].startswith(message)
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        target.get(**target.names)


def test_a_document_longer_than_the_model_allows_is_rejected(client: Any, target: Target) -> None:
    document = json.dumps({"Sid": "x" * 7200})
    with pytest.raises(client.exceptions.ValidationException) as excinfo:
        target.put(**target.names, policyDocument=document)
    assert (
        "at 'policyDocument' failed to satisfy constraint: Member must have length less than or equal to 7168"
        in (excinfo.value.response["message"])
    )


def test_missing_domain_and_repository_are_not_found(client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.put_domain_permissions_policy(domain="nowhere", policyDocument=DOCUMENT)
    assert excinfo.value.response["resourceType"] == "domain"
    client.create_domain(domain="acme")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.get_repository_permissions_policy(domain="acme", repository="nowhere")
    assert (excinfo.value.response["resourceType"], excinfo.value.response["resourceId"]) == (
        "repository",
        "nowhere",
    )


def test_the_domain_and_each_repository_have_their_own_policy(client: Any) -> None:
    client.create_domain(domain="acme")
    client.create_repository(domain="acme", repository="one")
    client.create_repository(domain="acme", repository="two")
    client.put_repository_permissions_policy(domain="acme", repository="one", policyDocument=DOCUMENT)
    for call, kwargs in (
        (client.get_domain_permissions_policy, {"domain": "acme"}),
        (client.get_repository_permissions_policy, {"domain": "acme", "repository": "two"}),
    ):
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            call(**kwargs)


def test_a_recreated_repository_has_no_policy(client: Any) -> None:
    client.create_domain(domain="acme")
    client.create_repository(domain="acme", repository="releases")
    client.put_repository_permissions_policy(domain="acme", repository="releases", policyDocument=DOCUMENT)
    client.delete_repository(domain="acme", repository="releases")
    client.create_repository(domain="acme", repository="releases")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_repository_permissions_policy(domain="acme", repository="releases")


def test_policies_on_another_accounts_domain_use_domain_owner(
    client: Any, codeartifact_mock: CodeArtifactMock
) -> None:
    codeartifact_mock.add_package_version(
        "shared", "libs", "npm", "utils", "1.0.0", account_id="111122223333"
    )
    put = {
        "domain": "shared",
        "domainOwner": "111122223333",
        "repository": "libs",
        "policyDocument": DOCUMENT,
    }
    # another account's domain: refused until its owner's domain policy lets the mock's account in
    with pytest.raises(client.exceptions.AccessDeniedException) as refused:
        client.put_repository_permissions_policy(**put)
    assert refused.value.response["Error"]["Message"].endswith(
        "because no resource-based policy allows the codeartifact:PutRepositoryPermissionsPolicy action"
    )
    owner_allows(
        codeartifact_mock, client, "111122223333", "shared", ["codeartifact:PutRepositoryPermissionsPolicy"]
    )

    policy = client.put_repository_permissions_policy(**put)["policy"]
    assert policy["resourceArn"] == "arn:aws:codeartifact:us-east-1:111122223333:repository/shared/libs"
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_repository_permissions_policy(domain="shared", repository="libs")  # not the caller's
