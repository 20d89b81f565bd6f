"""Principals in server mode: the access key a request is signed with names its principal (issue 27).

The AWS CLI signs with ``AWS_ACCESS_KEY_ID``; ``add_access_key`` (or ``POST /_codeartifact_mock/access-keys``)
maps a key to a principal, and any other key is the server's own principal. The domain belongs to the
server's account; ``CI`` is a role of another account.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from server_helpers import AWS, aws_cli, control, request

from codeartifact_mock import ThreadedCodeArtifactServer

OWNER = "123456789012"
OTHER = "210987654321"
CI = f"arn:aws:iam::{OTHER}:role/ci"
SERVER_PRINCIPAL = f"arn:aws:iam::{OWNER}:user/mock-user"


def _document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _allow(principal: str, *actions: str) -> dict[str, Any]:
    return {
        "Effect": "Allow",
        "Principal": {"AWS": principal},
        "Action": [f"codeartifact:{action}" for action in actions],
        "Resource": "*",
    }


@pytest.fixture
def server() -> Iterator[ThreadedCodeArtifactServer]:
    with ThreadedCodeArtifactServer() as running:
        running.add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
        yield running


def _client(server: ThreadedCodeArtifactServer, access_key_id: str) -> Any:
    return boto3.client(
        "codeartifact",
        endpoint_url=server.url,
        region_name="us-east-1",
        aws_access_key_id=access_key_id,
        aws_secret_access_key="testing",
    )


def _basic(token: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"aws:{token}".encode()).decode()}


def _recorded_principals(server: ThreadedCodeArtifactServer) -> list[tuple[str, str, str]]:
    calls = request(server, "GET", "/_codeartifact_mock/calls").json()["calls"]
    return [(call["operation"], call["principal"], call["accountId"]) for call in calls]


@pytest.mark.real_client
@pytest.mark.skipif(not AWS.exists(), reason="the AWS CLI (test extra) is not installed")
def test_the_aws_cli_as_two_principals(server: ThreadedCodeArtifactServer, tmp_path: Path) -> None:
    assert (control(server, "access-keys", {"access_key_id": "AKIACI", "principal_arn": CI})).status == 200
    owner, ci = aws_cli(server, tmp_path), aws_cli(server, tmp_path, access_key_id="AKIACI")
    token_command = f"get-authorization-token --domain acme --domain-owner {OWNER}"

    refused = ci(token_command, fails=True)
    assert "AccessDeniedException" in refused
    assert (
        f"User: {CI} is not authorized to perform: codeartifact:GetAuthorizationToken on resource: "
        f"arn:aws:codeartifact:us-east-1:{OWNER}:domain/acme because no resource-based policy allows the "
        "codeartifact:GetAuthorizationToken action"
    ) in refused

    (tmp_path / "domain.json").write_text(_document(_allow(CI, "GetAuthorizationToken")))
    (tmp_path / "releases.json").write_text(_document(_allow(CI, "ReadFromRepository")))
    owner("put-domain-permissions-policy --domain acme --policy-document file://domain.json")
    owner(
        "put-repository-permissions-policy --domain acme --repository releases "
        "--policy-document file://releases.json"
    )

    token = ci(token_command)["authorizationToken"]
    packument = request(server, "GET", f"/npm/d/acme-{OWNER}/releases/chalk", headers=_basic(token))
    assert (packument.status, list(packument.json()["versions"])) == (200, ["4.1.0"])
    (tmp_path / "cli.bin").write_bytes(b"binary")
    publish = ci(
        f"publish-package-version --domain acme --domain-owner {OWNER} --repository releases "
        "--format generic --namespace tools --package cli --package-version 2.0 --asset-content cli.bin "
        "--asset-name cli.bin "
        f"--asset-sha256 {hashlib.sha256(b'binary').hexdigest()}",
        fails=True,
    )
    assert "no resource-based policy allows the codeartifact:PublishPackageVersion action" in publish
    created = ci("create-domain --domain ci-cache")["domain"]
    assert created["owner"] == OTHER  # a principal's calls are its account's

    principals = _recorded_principals(server)
    assert principals[0] == ("GetAuthorizationToken", CI, OTHER)
    assert ("PutDomainPermissionsPolicy", SERVER_PRINCIPAL, OWNER) in principals
    assert principals[-2:] == [("PublishPackageVersion", CI, OTHER), ("CreateDomain", CI, OTHER)]


def test_a_token_carries_its_principal_to_the_endpoints(server: ThreadedCodeArtifactServer) -> None:
    server.add_access_key("AKIACI", CI)
    owner = _client(server, "anything")  # an unknown key: the server's own principal
    owner.put_domain_permissions_policy(
        domain="acme", policyDocument=_document(_allow(CI, "GetAuthorizationToken"))
    )
    token = _client(server, "AKIACI").get_authorization_token(domain="acme", domainOwner=OWNER)[
        "authorizationToken"
    ]
    packument = f"/npm/d/acme-{OWNER}/releases/chalk"

    refused = request(server, "GET", packument, headers=_basic(token))
    assert refused.status == 403
    assert refused.json() == {
        "error": f"User: {CI} is not authorized to perform: codeartifact:ReadFromRepository on resource: "
        f"arn:aws:codeartifact:us-east-1:{OWNER}:repository/acme/releases because no resource-based policy "
        "allows the codeartifact:ReadFromRepository action"
    }
    owner.put_repository_permissions_policy(
        domain="acme", repository="releases", policyDocument=_document(_allow(CI, "ReadFromRepository"))
    )
    assert request(server, "GET", packument, headers=_basic(token)).status == 200
    owners_token = owner.get_authorization_token(domain="acme")["authorizationToken"]
    assert request(server, "GET", packument, headers=_basic(owners_token)).status == 200
    assert [(op, who) for op, who, _ in _recorded_principals(server) if op == "ReadFromRepository"] == [
        ("ReadFromRepository", CI),
        ("ReadFromRepository", CI),
        ("ReadFromRepository", SERVER_PRINCIPAL),
    ]


def test_a_deny_on_read_from_repository_refuses_the_owners_own_downloads(
    server: ThreadedCodeArtifactServer,
) -> None:
    owner = _client(server, "testing")
    token = owner.get_authorization_token(domain="acme")["authorizationToken"]
    deny = {"Effect": "Deny", "Principal": "*", "Action": "codeartifact:ReadFromRepository", "Resource": "*"}
    owner.put_repository_permissions_policy(
        domain="acme", repository="releases", policyDocument=_document(deny)
    )

    refused = request(server, "GET", f"/npm/d/acme-{OWNER}/releases/chalk", headers=_basic(token))

    assert refused.status == 403
    assert refused.json()["error"].endswith("with an explicit deny in a resource-based policy")


def test_the_controls_refuse_what_names_no_principal(server: ThreadedCodeArtifactServer) -> None:
    for document, complaint in [
        ({"access_key_id": "AKIACI", "principal_arn": "ci"}, "is not the ARN of an IAM principal"),
        ({"access_key_id": "AKIA CI", "principal_arn": CI}, "access_key_id must be"),
        ({"access_key_id": "AKIACI"}, "missing a required argument: 'principal_arn'"),
    ]:
        reply = control(server, "access-keys", document)
        assert (reply.status, reply.error_type) == (400, "ValidationException")
        assert complaint in reply.json()["message"]
    reply = control(server, "organizations", {"organization_id": "org-1", "account_ids": [OTHER]})
    assert (reply.status, reply.error_type) == (400, "ValidationException")
    reply = control(server, "policy", {"document": {"Statement": []}, "principal": "arn:aws:s3:::bucket"})
    assert (reply.status, reply.error_type) == (400, "ValidationException")
    _client(server, "AKIACI").list_domains()  # no key was mapped
    assert _recorded_principals(server) == [("ListDomains", SERVER_PRINCIPAL, OWNER)]


def test_an_organization_set_over_http(server: ThreadedCodeArtifactServer) -> None:
    server.add_access_key("AKIACI", CI)
    in_organization = {
        **_allow("*", "DescribeDomain"),
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
    }
    _client(server, "testing").put_domain_permissions_policy(
        domain="acme", policyDocument=_document(in_organization)
    )
    ci = _client(server, "AKIACI")
    with pytest.raises(ci.exceptions.AccessDeniedException):
        ci.describe_domain(domain="acme", domainOwner=OWNER)

    reply = control(server, "organizations", {"organization_id": "o-a1b2c3d4e5", "account_ids": [OTHER]})

    assert reply.status == 200
    assert ci.describe_domain(domain="acme", domainOwner=OWNER)["domain"]["name"] == "acme"


def test_reset_forgets_access_keys(server: ThreadedCodeArtifactServer) -> None:
    server.add_access_key("AKIACI", CI)
    server.reset()

    _client(server, "AKIACI").list_domains()

    assert _recorded_principals(server) == [("ListDomains", SERVER_PRINCIPAL, OWNER)]
