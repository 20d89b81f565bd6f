"""The CodeArtifact user guide's example resource policies, put and evaluated as the guide says they work.

From the pages "Repository policies" (repo-policies) and "Domain policies" (domain-policies): the domain and
its repositories belong to ``111122223333`` (here the mock's own account), and the policies grant access to
the account ``123456789012``. The documents are the guide's, but for ``region-id`` (us-east-1) and
``my_domain``, which the API's domain name pattern refuses (``my-domain``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from npm_helpers import publish_document

from codeartifact_mock import CodeArtifactMock, mock_codeartifact

OWNER = "111122223333"
GRANTEE = "123456789012"
BOB = f"arn:aws:iam::{GRANTEE}:user/bob"
ALICE = f"arn:aws:iam::{GRANTEE}:user/alice"
BUILD = f"arn:aws:iam::{GRANTEE}:role/build"
OUTSIDER = "arn:aws:iam::444455556666:role/build"
DOMAIN = "my-domain"
REPOSITORY = "example-repo"
ENDPOINT = f"https://{DOMAIN}-{OWNER}.d.codeartifact.us-east-1.amazonaws.com/npm/{REPOSITORY}/"

# -- repo-policies ---------------------------------------------------------------------------------------

READ_ACCESS = """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Action": [
                "codeartifact:ReadFromRepository"
            ],
            "Effect": "Allow",
            "Principal": {
                 "AWS": "arn:aws:iam::123456789012:root"
            },
            "Resource": "*"
        }
    ]
}"""

READ_AND_MORE = """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Action": [
                "codeartifact:DescribePackageVersion",
                "codeartifact:DescribeRepository",
                "codeartifact:GetPackageVersionReadme",
                "codeartifact:GetRepositoryEndpoint",
                "codeartifact:ListPackages",
                "codeartifact:ListPackageVersions",
                "codeartifact:ListPackageVersionAssets",
                "codeartifact:ListPackageVersionDependencies",
                "codeartifact:ReadFromRepository"
            ],
            "Effect": "Allow",
            "Principal": {
                 "AWS": "arn:aws:iam::123456789012:root"
            },
            "Resource": "*"
        }
    ]
}"""

READ_FOR_BOB = READ_ACCESS.replace("arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:user/bob")

WRITE_PARITY_UI = (
    """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Action": [
                "codeartifact:PublishPackageVersion"
            ],
            "Effect": "Allow",
            "Principal": {
                "AWS": "arn:aws:iam::123456789012:root"
            },
            "Resource": "PACKAGE_ARN"
        }
    ]
}""".replace(
        # the guide's ARN, on a line of its own to keep within the line length
        "PACKAGE_ARN",
        "arn:aws:codeartifact:region-id:111122223333:package/my_domain/example-repo/npm/parity/ui",
    )
    .replace("region-id", "us-east-1")
    .replace("my_domain", DOMAIN)
)

WRITE_REPOSITORY = WRITE_PARITY_UI.replace(
    f'"arn:aws:codeartifact:us-east-1:111122223333:package/{DOMAIN}/example-repo/npm/parity/ui"', '"*"'
)

# -- domain-policies -------------------------------------------------------------------------------------

CREATE_REPOSITORY = READ_ACCESS.replace("ReadFromRepository", "CreateRepository")
AUTHORIZATION_TOKEN = READ_ACCESS.replace("ReadFromRepository", "GetAuthorizationToken")

BASIC_DOMAIN_POLICY = """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "BasicDomainPolicy",
            "Action": [
                "codeartifact:GetDomainPermissionsPolicy",
                "codeartifact:ListRepositoriesInDomain",
                "codeartifact:GetAuthorizationToken",
                "codeartifact:DescribeDomain",
                "codeartifact:CreateRepository"
            ],
            "Effect": "Allow",
            "Resource": "*",
            "Principal": {
                "AWS": "arn:aws:iam::123456789012:root"
            }
        }
    ]
}"""

ORGANIZATION_POLICY = """{
    "Version": "2012-10-17",
    "Statement": {
        "Sid": "DomainPolicyForOrganization",
        "Effect": "Allow",
        "Principal": "*",
        "Action": [
             "codeartifact:GetDomainPermissionsPolicy",
             "codeartifact:ListRepositoriesInDomain",
             "codeartifact:GetAuthorizationToken",
             "codeartifact:DescribeDomain",
             "codeartifact:CreateRepository"
        ],
        "Resource": "*",
        "Condition": {
            "StringEquals": { "aws:PrincipalOrgID":["o-xxxxxxxxxxx"]}
        }
    }
}"""


class Guide:
    """The owner's domain and repository, with an npm package in it, and calls as any principal."""

    def __init__(self, ca: CodeArtifactMock) -> None:
        self.ca = ca
        self.client = boto3.client("codeartifact", region_name="us-east-1")
        ca.add_package_version(DOMAIN, REPOSITORY, "npm", "react", "18.2.0", readme="# react")
        self.package = {
            "domain": DOMAIN,
            "domainOwner": OWNER,
            "repository": REPOSITORY,
            "format": "npm",
            "package": "react",
        }

    def domain_policy(self, document: str) -> None:
        self.client.put_domain_permissions_policy(domain=DOMAIN, policyDocument=document)

    def repository_policy(self, document: str) -> None:
        self.client.put_repository_permissions_policy(
            domain=DOMAIN, repository=REPOSITORY, policyDocument=document
        )

    def allowed(self, principal: str, operation: str, **params: Any) -> bool:
        with self.ca.as_principal(principal):
            try:
                getattr(self.client, operation)(**params)
            except ClientError as error:
                if error.response["Error"]["Code"] != "AccessDeniedException":
                    raise
                return False
        return True

    def token(self, principal: str) -> str:
        with self.ca.as_principal(principal):
            return str(
                self.client.get_authorization_token(domain=DOMAIN, domainOwner=OWNER)["authorizationToken"]
            )

    def read(self, principal: str) -> int:
        token = self.token(principal)
        return requests.get(ENDPOINT + "react", auth=("aws", token), timeout=10).status_code

    def publish(self, principal: str, name: str) -> int:
        token, document = self.token(principal), publish_document({"name": name, "version": "1.0.0"})
        return requests.put(
            ENDPOINT + name.replace("/", "%2f"), json=document, auth=("aws", token), timeout=10
        ).status_code


@pytest.fixture
def guide() -> Iterator[Guide]:
    with mock_codeartifact(account_id=OWNER) as ca:
        yield Guide(ca)


def test_the_read_access_policy_lets_the_account_download_and_nothing_else(guide: Guide) -> None:
    guide.domain_policy(AUTHORIZATION_TOKEN)  # "a domain policy for cross-account access will also be needed"
    guide.repository_policy(READ_ACCESS)

    assert guide.read(BOB) == guide.read(BUILD) == 200  # users and roles of the account
    assert not guide.allowed(BOB, "list_packages", domain=DOMAIN, domainOwner=OWNER, repository=REPOSITORY)
    assert not guide.allowed(BOB, "list_package_versions", **guide.package)  # "can't perform other actions"
    with pytest.raises(ClientError, match="GetAuthorizationToken"):
        guide.read(OUTSIDER)


def test_without_the_domain_policy_the_read_access_policy_gets_no_token(guide: Guide) -> None:
    guide.repository_policy(READ_ACCESS)

    with pytest.raises(
        ClientError, match="no resource-based policy allows the codeartifact:GetAuthorizationToken"
    ):
        guide.token(BOB)


def test_the_usual_read_policy_allows_each_of_its_actions(guide: Guide) -> None:
    guide.domain_policy(AUTHORIZATION_TOKEN)
    guide.repository_policy(READ_AND_MORE)
    version = {**guide.package, "packageVersion": "18.2.0"}
    repository = {"domain": DOMAIN, "domainOwner": OWNER, "repository": REPOSITORY}

    assert guide.allowed(BOB, "describe_package_version", **version)
    assert guide.allowed(BOB, "describe_repository", **repository)
    assert guide.allowed(BOB, "get_package_version_readme", **version)
    assert guide.allowed(BOB, "get_repository_endpoint", **repository, format="npm")
    assert guide.allowed(BOB, "list_packages", **repository)
    assert guide.allowed(BOB, "list_package_versions", **guide.package)
    assert guide.allowed(BOB, "list_package_version_assets", **version)
    assert guide.allowed(BOB, "list_package_version_dependencies", **version)
    assert guide.read(BOB) == 200
    assert not guide.allowed(
        BOB, "update_package_versions_status", **guide.package, versions=["18.2.0"], targetStatus="Archived"
    )
    assert not guide.allowed(BOB, "describe_domain", domain=DOMAIN, domainOwner=OWNER)  # not the repository's


def test_read_access_for_bob_only(guide: Guide) -> None:
    guide.domain_policy(AUTHORIZATION_TOKEN)
    guide.repository_policy(READ_FOR_BOB)

    assert guide.read(BOB) == 200
    assert guide.read(ALICE) == 403  # "To limit access to selected users or roles, use their ARN"


def test_write_access_to_one_package(guide: Guide) -> None:
    guide.domain_policy(AUTHORIZATION_TOKEN)
    guide.repository_policy(WRITE_PARITY_UI)

    assert guide.publish(BUILD, "@parity/ui") == 201
    assert guide.publish(BUILD, "@parity/core") == 403
    assert guide.publish(BUILD, "left-pad") == 403
    assert guide.read(BUILD) == 403  # publishing is all it grants


def test_a_package_policy_attached_to_another_repository_allows_nothing(guide: Guide) -> None:
    # "it allows publishing only when attached to that repository": the Resource names example-repo
    guide.ca.add_package_version(DOMAIN, "other-repo", "npm", "react", "18.2.0")
    guide.domain_policy(AUTHORIZATION_TOKEN)
    guide.client.put_repository_permissions_policy(
        domain=DOMAIN, repository="other-repo", policyDocument=WRITE_PARITY_UI
    )
    token, document = guide.token(BUILD), publish_document({"name": "@parity/ui", "version": "1.0.0"})
    other = ENDPOINT.replace(REPOSITORY, "other-repo") + "@parity%2fui"

    assert requests.put(other, json=document, auth=("aws", token), timeout=10).status_code == 403


def test_write_access_to_a_repository(guide: Guide) -> None:
    guide.domain_policy(AUTHORIZATION_TOKEN)
    guide.repository_policy(WRITE_REPOSITORY)

    assert guide.publish(BUILD, "@parity/ui") == 201
    assert guide.publish(BUILD, "left-pad") == 201


def test_the_domain_policy_lets_the_account_create_repositories(guide: Guide) -> None:
    create = {"domain": DOMAIN, "domainOwner": OWNER}
    assert not guide.allowed(BUILD, "create_repository", **create, repository="team")

    guide.domain_policy(CREATE_REPOSITORY)

    with guide.ca.as_principal(BUILD):
        created = guide.client.create_repository(**create, repository="team")["repository"]
    assert (created["domainOwner"], created["administratorAccount"]) == (OWNER, GRANTEE)
    assert not guide.allowed(BUILD, "describe_domain", domain=DOMAIN, domainOwner=OWNER)
    assert not guide.allowed(OUTSIDER, "create_repository", **create, repository="other")


def test_the_domain_policy_grants_tokens_for_any_repository(guide: Guide) -> None:
    guide.domain_policy(AUTHORIZATION_TOKEN)

    assert guide.token(BOB)
    assert guide.read(BOB) == 403  # "must be granted the ReadFromRepository permission ... in addition"


def test_the_basic_domain_policy(guide: Guide) -> None:
    guide.domain_policy(BASIC_DOMAIN_POLICY)
    domain = {"domain": DOMAIN, "domainOwner": OWNER}

    for operation in (
        "get_domain_permissions_policy",
        "list_repositories_in_domain",
        "get_authorization_token",
        "describe_domain",
    ):
        assert guide.allowed(BOB, operation, **domain), operation
    assert guide.allowed(BOB, "create_repository", **domain, repository="team")
    assert not guide.allowed(BOB, "delete_domain", **domain)
    assert not guide.allowed(
        BOB, "put_domain_permissions_policy", **domain, policyDocument=BASIC_DOMAIN_POLICY
    )
    assert not guide.allowed(OUTSIDER, "describe_domain", **domain)


def test_the_organization_domain_policy(guide: Guide) -> None:
    guide.domain_policy(ORGANIZATION_POLICY)
    domain = {"domain": DOMAIN, "domainOwner": OWNER}
    assert not guide.allowed(BOB, "describe_domain", **domain)

    guide.ca.set_organization("o-xxxxxxxxxxx", [GRANTEE, OWNER])

    assert guide.allowed(BOB, "describe_domain", **domain)
    assert guide.allowed(BUILD, "get_authorization_token", **domain)
    assert not guide.allowed(OUTSIDER, "describe_domain", **domain)  # not in the organization


def test_both_policies_are_evaluated_and_either_allowing_suffices(guide: Guide) -> None:
    # "When both policies are present, both policies will be evaluated and an action will be allowed if
    # allowed by either policy."
    guide.domain_policy(BASIC_DOMAIN_POLICY)
    guide.repository_policy(READ_ACCESS)

    assert guide.read(BOB) == 200  # the token from the domain's, the read from the repository's
    deny_read = json.loads(READ_ACCESS)
    deny_read["Statement"][0]["Effect"] = "Deny"
    guide.domain_policy(
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [*json.loads(BASIC_DOMAIN_POLICY)["Statement"], *deny_read["Statement"]],
            }
        )
    )
    assert guide.read(BOB) == 403  # and a Deny in either refuses
