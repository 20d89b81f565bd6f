"""Principals in server mode: the access key a request is signed with names its principal (issue 27).

The AWS CLI signs with ``AWS_ACCESS_KEY_ID``; ``add_access_key`` (or ``POST /_codeartifact_mock/access-keys``)
maps a key to a principal, and any other key is the server's own principal. The domain belongs to the
server's account; ``CI`` is a role of another account.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from owner_policies import policy_document
from server_helpers import AWS, aws_cli, client, control, recorded, request

from codeartifact_mock import ThreadedCodeArtifactServer

OWNER = "123456789012"
OTHER = "210987654321"
CI = f"arn:aws:iam::{OTHER}:role/ci"
SERVER_PRINCIPAL = f"arn:aws:iam::{OWNER}:user/mock-user"


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


def _basic(token: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"aws:{token}".encode()).decode()}


def _recorded_principals(server: ThreadedCodeArtifactServer) -> list[tuple[str, str, str]]:
    return [(call["operation"], call["principal"], call["accountId"]) for call in recorded(server)]


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

    (tmp_path / "domain.json").write_text(policy_document(_allow(CI, "GetAuthorizationToken")))
    (tmp_path / "releases.json").write_text(policy_document(_allow(CI, "ReadFromRepository")))
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
    owner = client(server, access_key_id="anything")  # an unknown key: the server's own principal
    owner.put_domain_permissions_policy(
        domain="acme", policyDocument=policy_document(_allow(CI, "GetAuthorizationToken"))
    )
    token = client(server, access_key_id="AKIACI").get_authorization_token(domain="acme", domainOwner=OWNER)[
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
        domain="acme", repository="releases", policyDocument=policy_document(_allow(CI, "ReadFromRepository"))
    )
    assert request(server, "GET", packument, headers=_basic(token)).status == 200
    owners_token = owner.get_authorization_token(domain="acme")["authorizationToken"]
    assert request(server, "GET", packument, headers=_basic(owners_token)).status == 200
    assert [(op, who) for op, who, _ in _recorded_principals(server) if op == "ReadFromRepository"] == [
        ("ReadFromRepository", CI),
        ("ReadFromRepository", CI),
        ("ReadFromRepository", SERVER_PRINCIPAL),
    ]


# -- the server's own principal and another account's domain (the bug) ---------------------------

OTHERS_ADMIN = f"arn:aws:iam::{OTHER}:user/admin"
SHARED_UTILS = f"/npm/d/shared-{OTHER}/libs/utils"  # another account's repository, as the server serves it


def _no_resource_policy(action: str, resource: str) -> str:
    return (
        f"User: {SERVER_PRINCIPAL} is not authorized to perform: codeartifact:{action} on resource: "
        f"arn:aws:codeartifact:us-east-1:{OTHER}:{resource} because no resource-based policy allows the "
        f"codeartifact:{action} action"
    )


@pytest.fixture
def shared(server: ThreadedCodeArtifactServer) -> ThreadedCodeArtifactServer:
    """The server, with ``shared/libs`` of account OTHER, whose user ``admin`` signs as AKIAADMIN."""
    server.add_package_version("shared", "libs", "npm", "utils", "1.0.0", account_id=OTHER)
    server.add_access_key("AKIAADMIN", OTHERS_ADMIN)
    return server


def test_the_servers_own_principal_gets_no_token_for_another_accounts_domain_without_its_policy(
    shared: ThreadedCodeArtifactServer,
) -> None:
    own = client(shared)
    with pytest.raises(own.exceptions.AccessDeniedException) as refused:
        own.get_authorization_token(domain="shared", domainOwner=OTHER)
    expected = _no_resource_policy("GetAuthorizationToken", "domain/shared")
    assert refused.value.response["Error"]["Message"] == expected
    # the same over raw HTTP, with no signature at all
    raw = request(shared, "POST", f"/v1/authorization-token?domain=shared&domain-owner={OTHER}")
    assert (raw.status, raw.error_type, raw.json()["message"]) == (403, "AccessDeniedException", expected)
    with pytest.raises(own.exceptions.AccessDeniedException):
        own.list_package_versions(
            domain="shared", domainOwner=OTHER, repository="libs", format="npm", package="utils"
        )
    # a domain the other account does not have is still not found
    with pytest.raises(own.exceptions.ResourceNotFoundException):
        own.get_authorization_token(domain="acme", domainOwner=OTHER)
    assert [(call["operation"], call["status"]) for call in recorded(shared)] == [
        ("GetAuthorizationToken", 403),
        ("GetAuthorizationToken", 403),
        ("ListPackageVersions", 403),
        ("GetAuthorizationToken", 404),
    ]


def test_a_token_of_another_account_reads_only_what_the_owners_policies_allow(
    shared: ThreadedCodeArtifactServer,
) -> None:
    own, admin = client(shared), client(shared, access_key_id="AKIAADMIN")
    admin.put_domain_permissions_policy(
        domain="shared", policyDocument=policy_document(_allow(OWNER, "GetAuthorizationToken"))
    )
    token = own.get_authorization_token(domain="shared", domainOwner=OTHER)["authorizationToken"]

    refused = request(shared, "GET", SHARED_UTILS, headers=_basic(token))
    assert (refused.status, refused.json()) == (
        403,
        {"error": _no_resource_policy("ReadFromRepository", "repository/shared/libs")},
    )
    admin.put_repository_permissions_policy(
        domain="shared",
        repository="libs",
        policyDocument=policy_document(_allow(OWNER, "ReadFromRepository")),
    )
    packument = request(shared, "GET", SHARED_UTILS, headers=_basic(token))
    assert (packument.status, list(packument.json()["versions"])) == (200, ["1.0.0"])
    admin.delete_repository_permissions_policy(domain="shared", repository="libs")
    assert request(shared, "GET", SHARED_UTILS, headers=_basic(token)).status == 403  # the token is no key
    # the owner's own token needs no policy of its domain
    owners_token = admin.get_authorization_token(domain="shared")["authorizationToken"]
    assert request(shared, "GET", SHARED_UTILS, headers=_basic(owners_token)).status == 200
    reads = [
        (c["principal"], c["status"]) for c in recorded(shared) if c["operation"] == "ReadFromRepository"
    ]
    assert reads == [
        (SERVER_PRINCIPAL, 403),
        (SERVER_PRINCIPAL, 200),
        (SERVER_PRINCIPAL, 403),
        (OTHERS_ADMIN, 200),
    ]


@pytest.mark.real_client
@pytest.mark.skipif(not AWS.exists(), reason="the AWS CLI (test extra) is not installed")
def test_the_aws_cli_as_the_server_gets_no_token_for_another_accounts_domain(
    shared: ThreadedCodeArtifactServer, tmp_path: Path
) -> None:
    own, admin = aws_cli(shared, tmp_path), aws_cli(shared, tmp_path, access_key_id="AKIAADMIN")
    token_command = f"get-authorization-token --domain shared --domain-owner {OTHER}"

    refused = own(token_command, fails=True)
    assert "AccessDeniedException" in refused
    assert _no_resource_policy("GetAuthorizationToken", "domain/shared") in refused

    (tmp_path / "domain.json").write_text(policy_document(_allow(OWNER, "GetAuthorizationToken")))
    admin("put-domain-permissions-policy --domain shared --policy-document file://domain.json")
    assert own(token_command)["authorizationToken"]


def test_a_deny_on_read_from_repository_refuses_the_owners_own_downloads(
    server: ThreadedCodeArtifactServer,
) -> None:
    owner = client(server, access_key_id="testing")
    token = owner.get_authorization_token(domain="acme")["authorizationToken"]
    deny = {"Effect": "Deny", "Principal": "*", "Action": "codeartifact:ReadFromRepository", "Resource": "*"}
    owner.put_repository_permissions_policy(
        domain="acme", repository="releases", policyDocument=policy_document(deny)
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
    client(server, access_key_id="AKIACI").list_domains()  # no key was mapped
    assert _recorded_principals(server) == [("ListDomains", SERVER_PRINCIPAL, OWNER)]


def test_an_organization_set_over_http(server: ThreadedCodeArtifactServer) -> None:
    server.add_access_key("AKIACI", CI)
    in_organization = {
        **_allow("*", "DescribeDomain"),
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
    }
    client(server, access_key_id="testing").put_domain_permissions_policy(
        domain="acme", policyDocument=policy_document(in_organization)
    )
    ci = client(server, access_key_id="AKIACI")
    with pytest.raises(ci.exceptions.AccessDeniedException):
        ci.describe_domain(domain="acme", domainOwner=OWNER)

    reply = control(server, "organizations", {"organization_id": "o-a1b2c3d4e5", "account_ids": [OTHER]})

    assert reply.status == 200
    assert ci.describe_domain(domain="acme", domainOwner=OWNER)["domain"]["name"] == "acme"


def test_reset_forgets_access_keys(server: ThreadedCodeArtifactServer) -> None:
    server.add_access_key("AKIACI", CI)
    server.reset()

    client(server, access_key_id="AKIACI").list_domains()

    assert _recorded_principals(server) == [("ListDomains", SERVER_PRINCIPAL, OWNER)]
