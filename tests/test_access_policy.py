"""ca.set_policy: each call authorized as IAM would, on the resource ARN AWS checks for the operation."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from owner_policies import owner_allows

from codeartifact_mock import CodeArtifactMock, mock_codeartifact
from codeartifact_mock.controls.faults import ENDPOINT_OPERATIONS
from codeartifact_mock.controls.permissions import REQUIRED
from codeartifact_mock.wire.botocore_model import service_model

ACCOUNT = "123456789012"
USER = f"arn:aws:iam::{ACCOUNT}:user/mock-user"
ARN = f"arn:aws:codeartifact:us-east-1:{ACCOUNT}"


def _policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _allow(action: Any, resource: Any = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def _deny(action: Any, resource: Any = "*") -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource}


def _denied(call: Any, **params: Any) -> str:
    with pytest.raises(ClientError) as raised:
        call(**params)
    error = raised.value
    assert error.response["Error"]["Code"] == "AccessDeniedException"
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    return str(error.response["Error"]["Message"])


def _not_allowed(action: str, resource: str) -> str:
    return (
        f"User: {USER} is not authorized to perform: codeartifact:{action} on resource: {resource} "
        f"because no identity-based policy allows the codeartifact:{action} action"
    )


@pytest.fixture
def seeded(codeartifact_mock: CodeArtifactMock) -> CodeArtifactMock:
    codeartifact_mock.add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
    codeartifact_mock.add_package_version("acme", "releases", "npm", "core", "8.0.0", namespace="nestjs")
    codeartifact_mock.add_package_version("acme", "staging", "npm", "chalk", "5.0.0")
    return codeartifact_mock


def test_without_a_policy_every_call_is_allowed(seeded: CodeArtifactMock, client: Any) -> None:
    assert client.describe_domain(domain="acme")["domain"]["name"] == "acme"


def test_an_action_no_statement_allows_is_denied(seeded: CodeArtifactMock, client: Any) -> None:
    seeded.set_policy(_policy(_allow("codeartifact:Describe*")))

    assert client.describe_domain(domain="acme")["domain"]["name"] == "acme"
    message = _denied(client.delete_repository, domain="acme", repository="releases")

    assert message == _not_allowed("DeleteRepository", f"{ARN}:repository/acme/releases")
    assert client.describe_repository(domain="acme", repository="releases")  # nothing was deleted


def test_an_explicit_deny_wins(seeded: CodeArtifactMock, client: Any) -> None:
    seeded.set_policy(
        _policy(
            _allow("codeartifact:*"), _deny("codeartifact:DeleteRepository", f"{ARN}:repository/acme/rel*")
        )
    )

    message = _denied(client.delete_repository, domain="acme", repository="releases")

    assert message == (
        f"User: {USER} is not authorized to perform: codeartifact:DeleteRepository on resource: "
        f"{ARN}:repository/acme/releases with an explicit deny in an identity-based policy"
    )
    assert client.delete_repository(domain="acme", repository="staging")["repository"]["name"] == "staging"


def test_actions_match_case_insensitively_resources_do_not(seeded: CodeArtifactMock, client: Any) -> None:
    seeded.set_policy(_policy(_allow("CODEARTIFACT:describedomain", f"{ARN}:domain/ACME")))
    _denied(client.describe_domain, domain="acme")

    seeded.set_policy(_policy(_allow("CODEARTIFACT:describedomain", f"{ARN}:domain/acme")))
    assert client.describe_domain(domain="acme")["domain"]["name"] == "acme"


def test_not_action_and_not_resource(seeded: CodeArtifactMock, client: Any) -> None:
    seeded.set_policy(
        _policy(
            {"Effect": "Allow", "NotAction": ["codeartifact:Delete*"], "Resource": "*"},
            {"Effect": "Deny", "Action": "codeartifact:*", "NotResource": f"{ARN}:*/acme*"},
        )
    )

    assert client.describe_repository(domain="acme", repository="releases")
    _denied(client.delete_repository, domain="acme", repository="releases")  # not allowed
    message = _denied(client.describe_domain, domain="other")  # explicitly denied: outside acme
    assert message.endswith("with an explicit deny in an identity-based policy")


def test_wildcards_in_an_arn_stay_within_their_field(seeded: CodeArtifactMock, client: Any) -> None:
    # '?' is one character; '*' before the resource part does not cross ':'
    seeded.set_policy(_policy(_allow("codeartifact:DescribeDomain", "arn:aws:codeartifact:*:*:domain/ac?e")))
    assert client.describe_domain(domain="acme")["domain"]["name"] == "acme"

    seeded.set_policy(_policy(_allow("codeartifact:DescribeDomain", "arn:aws:*:domain/acme")))
    _denied(client.describe_domain, domain="acme")


@pytest.mark.parametrize(
    ("call", "params", "action", "resource"),
    [
        ("describe_domain", {"domain": "acme"}, "DescribeDomain", f"{ARN}:domain/acme"),
        ("list_repositories_in_domain", {"domain": "acme"}, "ListRepositoriesInDomain", f"{ARN}:domain/acme"),
        (
            "list_packages",
            {"domain": "acme", "repository": "releases"},
            "ListPackages",
            f"{ARN}:repository/acme/releases",
        ),
        (
            "list_package_versions",
            {"domain": "acme", "repository": "releases", "format": "npm", "package": "chalk"},
            "ListPackageVersions",
            f"{ARN}:package/acme/releases/npm//chalk",  # no namespace: an empty field
        ),
        (
            "describe_package_version",
            {
                "domain": "acme",
                "repository": "releases",
                "format": "npm",
                "namespace": "nestjs",
                "package": "core",
                "packageVersion": "8.0.0",
            },
            "DescribePackageVersion",
            f"{ARN}:package/acme/releases/npm/nestjs/core",
        ),
        ("list_domains", {}, "ListDomains", "*"),  # the page lists no resource type for it
        ("create_domain", {"domain": "fresh"}, "CreateDomain", "*"),
    ],
)
def test_each_operation_is_checked_on_the_resource_aws_checks(
    seeded: CodeArtifactMock, client: Any, call: str, params: dict[str, Any], action: str, resource: str
) -> None:
    seeded.set_policy(_policy(_allow("codeartifact:*", resource)))
    getattr(client, call)(**params)  # allowed on exactly that resource

    seeded.set_policy(_policy(_allow(f"codeartifact:{action}", "arn:aws:codeartifact:us-east-1:*:nothing/*")))
    assert _denied(getattr(client, call), **params) == _not_allowed(action, resource)


def test_the_arn_carries_the_domain_owner_and_the_client_region(codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(
        "shared", "libs", "npm", "utils", "1.0.0", account_id="111122223333"
    )
    codeartifact_mock.add_package_version("shared", "libs", "npm", "utils", "1.0.0", region="eu-west-1")
    codeartifact_mock.set_policy(
        _policy(_allow("codeartifact:DescribeDomain", "arn:aws:codeartifact:us-east-1:111122223333:domain/*"))
    )
    us = boto3.client("codeartifact", region_name="us-east-1")
    eu = boto3.client("codeartifact", region_name="eu-west-1")

    # Across accounts the identity policy is not enough: the domain's policy must allow too
    message = _denied(us.describe_domain, domain="shared", domainOwner="111122223333")
    assert message == (
        f"User: {USER} is not authorized to perform: codeartifact:DescribeDomain on resource: "
        "arn:aws:codeartifact:us-east-1:111122223333:domain/shared because no resource-based policy allows "
        "the codeartifact:DescribeDomain action"
    )
    owner_allows(codeartifact_mock, us, "111122223333", "shared", ["codeartifact:DescribeDomain"])
    assert (
        us.describe_domain(domain="shared", domainOwner="111122223333")["domain"]["owner"] == "111122223333"
    )
    message = _denied(eu.describe_domain, domain="shared")
    assert message == _not_allowed(
        "DescribeDomain", f"arn:aws:codeartifact:eu-west-1:{ACCOUNT}:domain/shared"
    )


def test_package_groups_and_tagged_resources_are_checked_on_the_arns_the_service_gives_them(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    domain_arn = client.create_domain(domain="acme")["domain"]["arn"]
    group = client.create_package_group(domain="acme", packageGroup="/npm/@scope/*")["packageGroup"]
    group_arn = group["arn"]
    codeartifact_mock.set_policy(_policy(_allow("codeartifact:*", [domain_arn, group_arn])))

    client.describe_package_group(domain="acme", packageGroup="/npm/@scope/*")
    client.tag_resource(resourceArn=domain_arn, tags=[{"key": "team", "value": "web"}])
    message = _denied(client.describe_package_group, domain="acme", packageGroup="/npm/*")
    assert message == _not_allowed("DescribePackageGroup", f"{ARN}:package-group/acme/npm/%2a")


def test_copy_needs_read_on_the_source_and_copy_on_the_destination(
    seeded: CodeArtifactMock, client: Any
) -> None:
    copy = {
        "domain": "acme",
        "sourceRepository": "staging",
        "destinationRepository": "releases",
        "format": "npm",
        "package": "chalk",
        "versions": ["5.0.0"],
    }
    seeded.set_policy(_policy(_allow("codeartifact:CopyPackageVersions")))
    message = _denied(client.copy_package_versions, **copy)
    assert message == _not_allowed("ReadFromRepository", f"{ARN}:repository/acme/staging")

    seeded.set_policy(
        _policy(
            _allow(
                "codeartifact:CopyPackageVersions",
                [f"{ARN}:repository/acme/releases", f"{ARN}:package/acme/releases/*"],
            ),
            _allow("codeartifact:ReadFromRepository", f"{ARN}:repository/acme/staging"),
        )
    )
    assert list(client.copy_package_versions(**copy)["successfulVersions"]) == ["5.0.0"]


# The user guide's "Required IAM permissions to update a package version status" statement, verbatim
# (seed 002): UpdatePackageVersionsStatus on the npm package chalk, and nothing else.
USER_GUIDE_STATEMENT: dict[str, Any] = {
    "Action": ["codeartifact:UpdatePackageVersionsStatus"],
    "Effect": "Allow",
    "Resource": "arn:aws:codeartifact:us-east-1:111122223333:package/my_domain/my_repo/npm//chalk",
}


def test_the_user_guide_statement_allows_updating_chalk_only(codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.set_policy(_policy(USER_GUIDE_STATEMENT))
    client = boto3.client("codeartifact", region_name="us-east-1", config=Config(parameter_validation=False))
    update = {
        "domain": "my_domain",
        "domainOwner": "111122223333",
        "repository": "my_repo",
        "format": "npm",
        "package": "chalk",
        "versions": ["4.1.0"],
        "targetStatus": "Archived",
    }

    # Authorized: the request goes on, and fails only because the guide's domain name breaks the API's pattern
    with pytest.raises(client.exceptions.ValidationException, match="at 'domain'"):
        client.update_package_versions_status(**update)

    resource = "arn:aws:codeartifact:us-east-1:111122223333:package/my_domain/my_repo"
    scoped = {
        **update,
        "namespace": "nestjs",
        "package": "core",
        "versions": ["8.0.0"],
        "targetStatus": "Unlisted",
    }
    assert _denied(client.update_package_versions_status, **scoped) == _not_allowed(
        "UpdatePackageVersionsStatus", f"{resource}/npm/nestjs/core"
    )
    dispose = {key: value for key, value in update.items() if key != "targetStatus"}
    assert _denied(client.dispose_package_versions, **dispose) == _not_allowed(  # its own permission
        "DisposePackageVersions", f"{resource}/npm//chalk"
    )
    listing = {key: update[key] for key in ("domain", "domainOwner", "repository", "format", "package")}
    _denied(client.list_package_versions, **listing)


def test_the_user_guide_statement_with_a_valid_domain_name(codeartifact_mock: CodeArtifactMock) -> None:
    revision = "+Oz8skWbwY3k8M6SrNIqNj6bVH/ax+CxvkJx+No5j8I="
    codeartifact_mock.add_package_version(
        "my-domain", "my_repo", "npm", "chalk", "4.1.0", account_id="111122223333", revision=revision
    )
    statement = {
        **USER_GUIDE_STATEMENT,
        "Resource": USER_GUIDE_STATEMENT["Resource"].replace("my_domain", "my-domain"),
    }
    # The guide's user is of the owner's account, 111122223333; JSON text works as well as a dict
    guide_user = "arn:aws:iam::111122223333:user/release"
    codeartifact_mock.set_policy(json.dumps(_policy(statement)), principal=guide_user)
    client = boto3.client("codeartifact", region_name="us-east-1")

    chalk = {
        "domain": "my-domain",
        "domainOwner": "111122223333",
        "repository": "my_repo",
        "format": "npm",
        "package": "chalk",
        "versions": ["4.1.0"],
    }

    with codeartifact_mock.as_principal(guide_user):
        response = client.update_package_versions_status(**chalk, targetStatus="Archived")
        _denied(client.dispose_package_versions, **chalk)  # the statement allows that only

    # the guide's sample output
    assert response["successfulVersions"] == {"4.1.0": {"revision": revision, "status": "Archived"}}
    assert response["failedVersions"] == {}


def test_authorization_comes_before_validation(codeartifact_mock: CodeArtifactMock, raw_client: Any) -> None:
    codeartifact_mock.set_policy(_policy(_allow("codeartifact:ListDomains")))

    _denied(raw_client.describe_domain, domain="Not_Valid")


def test_an_injected_fault_comes_before_authorization(codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.set_policy(_policy())
    codeartifact_mock.inject_error("ListDomains", "InternalServerException")
    client = boto3.client(
        "codeartifact", region_name="us-east-1", config=Config(retries={"total_max_attempts": 1})
    )

    with pytest.raises(client.exceptions.InternalServerException):
        client.list_domains()
    _denied(client.list_domains)


def test_a_policy_is_the_principals_it_is_set_for(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    role = "arn:aws:sts::123456789012:assumed-role/ci/build-42"
    codeartifact_mock.set_policy(_policy(), principal=role)

    assert client.list_domains()["domains"] == []  # the mock's own principal has no policy
    with codeartifact_mock.as_principal(role):
        assert _denied(client.list_domains).startswith(f"User: {role} is not authorized to perform")


def test_none_lifts_the_policy_and_reset_forgets_it(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    codeartifact_mock.set_policy({"Statement": []})  # allows nothing
    _denied(client.list_domains)

    codeartifact_mock.set_policy(None)
    assert client.list_domains()["domains"] == []

    codeartifact_mock.set_policy({"Statement": []})
    codeartifact_mock.reset()
    assert client.list_domains()["domains"] == []


def test_a_policy_does_not_outlive_its_mock() -> None:
    with mock_codeartifact() as ca:
        # Made inside a mock (a client made before any mock runs botocore's credential chain), used in both.
        client = boto3.client("codeartifact", region_name="us-east-1")
        ca.set_policy({"Statement": []})
    with mock_codeartifact():
        assert client.list_domains()["domains"] == []


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        ("{not json", "not valid JSON"),
        (["a", "list"], "a policy must be a JSON object"),
        ({"Version": "2012-10-17"}, "a policy needs a Statement"),
        ({"Version": "2020-01-01", "Statement": []}, "Version must be one of"),
        ({"Statement": [], "Extra": 1}, "unknown policy element"),
        ({"Statement": "Allow"}, "Statement must be an object or a list"),
        (
            {"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]},
            "Effect must be 'Allow' or 'Deny'",
        ),
        ({"Statement": [{"Effect": "Allow", "Resource": "*"}]}, "exactly one of Action or NotAction"),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "*", "Resource": "*"}]},
            "exactly one of Action or NotAction",
        ),
        ({"Statement": [{"Effect": "Allow", "Action": "*"}]}, "exactly one of Resource or NotResource"),
        ({"Statement": [{"Effect": "Allow", "Action": [], "Resource": "*"}]}, "non-empty list of strings"),
        ({"Statement": [_allow("DescribeDomain")]}, "must look like 'codeartifact:DescribeDomain'"),
        ({"Statement": [_allow("*", "domain/acme")]}, "must be an ARN or"),
        ({"Statement": [_allow("*", "arn:aws:iam::*:user/${aws:username}")]}, "policy variables"),
        (
            {"Statement": [{**_allow("*"), "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]},
            "conditions",
        ),
        ({"Statement": [{**_allow("*"), "Principal": "*"}]}, "cannot name a principal"),
        ({"Statement": [{**_allow("*"), "Effects": "Allow"}]}, "unknown element 'Effects'"),
    ],
)
def test_a_malformed_policy_is_a_value_error(
    codeartifact_mock: CodeArtifactMock, client: Any, document: Any, complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint):
        codeartifact_mock.set_policy(document)
    assert client.list_domains()["domains"] == []  # the previous state (no policy) stands


def test_an_inactive_mock_refuses_a_policy() -> None:
    with pytest.raises(RuntimeError, match="start the mock"):
        CodeArtifactMock().set_policy({"Statement": []})


def test_the_table_covers_every_operation_in_the_model() -> None:
    # and the operations only the repository endpoints answer (CloudTrail's names for them)
    assert sorted(REQUIRED) == sorted([*service_model().operation_names, *ENDPOINT_OPERATIONS])
