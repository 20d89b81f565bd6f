"""Who is calling, and what the identity, domain and repository policies let them do (issue 27), in process.

boto3 for the API and ``requests`` for the repository endpoints, both answered in process. The domain ``acme``
and its repositories belong to the mock's account; ``CI`` is a role of another account.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from npm_helpers import publish_document
from owner_policies import policy_document
from pypi_helpers import upload_form, wheel

from codeartifact_mock import CodeArtifactMock, mock_codeartifact

OWNER = "123456789012"  # the mock's account: it owns acme
OTHER = "210987654321"
ME = f"arn:aws:iam::{OWNER}:user/mock-user"  # the mock's own principal
THIRD = "111122223333"
CI = f"arn:aws:iam::{OTHER}:role/ci"
RELEASE = f"arn:aws:iam::{OWNER}:role/release"
DEV = f"arn:aws:iam::{OWNER}:user/dev"
ARN = f"arn:aws:codeartifact:us-east-1:{OWNER}"
PYPI = f"https://acme-{OWNER}.d.codeartifact.us-east-1.amazonaws.com/pypi/releases/"
NPM = f"https://acme-{OWNER}.d.codeartifact.us-east-1.amazonaws.com/npm/releases/"
MAVEN = f"https://acme-{OWNER}.d.codeartifact.us-east-1.amazonaws.com/maven/releases/"


def _statement(effect: str, principal: Any, actions: Any, resource: Any = "*", **more: Any) -> dict[str, Any]:
    principal = principal if principal == "*" else {"AWS": principal}
    return {"Effect": effect, "Principal": principal, "Action": actions, "Resource": resource, **more}


def _allow(principal: Any, *actions: str, resource: Any = "*", **more: Any) -> dict[str, Any]:
    return _statement("Allow", principal, [f"codeartifact:{a}" for a in actions], resource, **more)


def _deny(principal: Any, *actions: str, resource: Any = "*", **more: Any) -> dict[str, Any]:
    return _statement("Deny", principal, [f"codeartifact:{a}" for a in actions], resource, **more)


def _denied(call: Callable[..., Any], **params: Any) -> str:
    with pytest.raises(ClientError) as raised:
        call(**params)
    error = raised.value.response
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == (
        "AccessDeniedException",
        403,
    )
    return str(error["Error"]["Message"])


def _refusal(who: str, action: str, resource: str, cause: str) -> str:
    return f"User: {who} is not authorized to perform: codeartifact:{action} on resource: {resource} {cause}"


def _no_resource_policy(action: str) -> str:
    return f"because no resource-based policy allows the codeartifact:{action} action"


def _no_identity_policy(action: str) -> str:
    return f"because no identity-based policy allows the codeartifact:{action} action"


EXPLICIT_RESOURCE_DENY = "with an explicit deny in a resource-based policy"


class Acme:
    """The owner's domain ``acme``: ``releases`` (PyPI tool, npm chalk, Maven log4j) and ``staging``."""

    def __init__(self, ca: CodeArtifactMock) -> None:
        self.ca = ca
        self.client = boto3.client("codeartifact", region_name="us-east-1")
        self.wheel = wheel("tool", "1.0")
        ca.add_package_version("acme", "releases", "pypi", "tool", "1.0", assets=dict([self.wheel]))
        ca.add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
        ca.add_package_version("acme", "releases", "maven", "log4j", "2.13.1", namespace="org.apache")
        ca.add_package_version("acme", "staging", "npm", "chalk", "5.0.0")

    def domain_policy(self, *statements: dict[str, Any]) -> None:
        self.client.put_domain_permissions_policy(domain="acme", policyDocument=policy_document(*statements))

    def repository_policy(self, *statements: dict[str, Any], repository: str = "releases") -> None:
        self.client.put_repository_permissions_policy(
            domain="acme", repository=repository, policyDocument=policy_document(*statements)
        )

    def token(self, principal: str) -> str:
        with self.ca.as_principal(principal):
            return str(
                self.client.get_authorization_token(domain="acme", domainOwner=OWNER)["authorizationToken"]
            )

    def read(self, token: str) -> requests.Response:
        return requests.get(PYPI + "simple/tool/", auth=("aws", token), timeout=10)

    def upload(self, token: str, version: str = "2.0") -> requests.Response:
        filename, content = wheel("tool", version)
        content_type, body = upload_form("tool", version, filename, content)
        headers = {"Content-Type": content_type}
        return requests.post(PYPI, data=body, headers=headers, auth=("aws", token), timeout=10)


@pytest.fixture
def acme(codeartifact_mock: CodeArtifactMock) -> Acme:
    return Acme(codeartifact_mock)


# -- principals ------------------------------------------------------------------------------------------


def test_a_call_is_the_mock_own_principals_by_default(acme: Acme) -> None:
    acme.client.describe_domain(domain="acme")

    call = acme.ca.calls[-1]
    assert (call.principal, call.account_id) == (ME, OWNER)


def test_as_principal_makes_calls_that_principals_in_its_account(acme: Acme) -> None:
    with acme.ca.as_principal(CI):
        created = acme.client.create_domain(domain="ci-cache")["domain"]
        (call,) = acme.ca.calls[-1:]

    assert created["owner"] == OTHER  # CreateDomain creates in the caller's account
    assert created["arn"] == f"arn:aws:codeartifact:us-east-1:{OTHER}:domain/ci-cache"
    assert (call.operation, call.principal, call.account_id) == ("CreateDomain", CI, OTHER)
    assert [d["name"] for d in acme.client.list_domains()["domains"]] == ["acme"]  # the owner's account
    assert acme.ca.calls[-1].principal == ME


def test_as_principal_blocks_nest_and_decorate(acme: Acme) -> None:
    @acme.ca.as_principal(DEV)
    def list_as_dev() -> str:
        acme.client.list_domains()
        return acme.ca.calls[-1].principal

    with acme.ca.as_principal(CI):
        assert list_as_dev() == DEV
        acme.client.list_domains()
        assert acme.ca.calls[-1].principal == CI
    assert list_as_dev() == DEV
    acme.client.list_domains()
    assert acme.ca.calls[-1].principal == ME


def test_as_principal_applies_to_calls_from_other_threads(acme: Acme) -> None:
    def describe(_: int) -> str:
        client = boto3.client("codeartifact", region_name="us-east-1")
        return str(client.describe_repository(domain="acme", repository="releases")["repository"]["name"])

    with acme.ca.as_principal(RELEASE), ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(describe, range(8))) == ["releases"] * 8

    assert {call.principal for call in acme.ca.calls if call.operation == "DescribeRepository"} == {RELEASE}


def test_as_principal_checks_its_arguments(acme: Acme) -> None:
    for wrong in ("ci", "arn:aws:iam::21098765432:role/ci", "arn:aws:s3:::bucket", "arn:aws:iam::*:root"):
        with pytest.raises(ValueError, match="is not the ARN of an IAM principal"):
            acme.ca.as_principal(wrong)
    with pytest.raises(RuntimeError, match="start the mock"), CodeArtifactMock().as_principal(CI):
        pass


# -- across accounts: the domain policy, then the repository's --------------------------------------------


def test_another_account_gets_a_token_only_once_the_domain_policy_allows_it(acme: Acme) -> None:
    with acme.ca.as_principal(CI):
        message = _denied(acme.client.get_authorization_token, domain="acme", domainOwner=OWNER)
    assert message == _refusal(
        CI, "GetAuthorizationToken", f"{ARN}:domain/acme", _no_resource_policy("GetAuthorizationToken")
    )

    acme.domain_policy(_allow(CI, "GetAuthorizationToken"))

    assert acme.token(CI)
    assert acme.ca.calls[-1].principal == CI


def test_a_cross_account_role_reads_releases_once_both_policies_allow_it_and_cannot_publish(
    acme: Acme,
) -> None:
    acme.domain_policy(_allow(CI, "GetAuthorizationToken"))
    token = acme.token(CI)  # used outside the block: a token is its issuer's wherever it is used

    refused = acme.read(token)
    assert refused.status_code == 403
    resource = f"{ARN}:repository/acme/releases"
    assert (
        refused.text
        == _refusal(CI, "ReadFromRepository", resource, _no_resource_policy("ReadFromRepository")) + "\n"
    )

    acme.repository_policy(_allow(CI, "ReadFromRepository"))

    assert acme.read(token).status_code == 200
    assert (
        requests.get(PYPI + f"simple/tool/1.0/{acme.wheel[0]}", auth=("aws", token), timeout=10).content
        == (acme.wheel[1])
    )
    published = acme.upload(token)
    assert published.status_code == 403
    assert _no_resource_policy("PublishPackageVersion") in published.text
    document = publish_document({"name": "left-pad", "version": "1.0.0"})
    npm_published = requests.put(NPM + "left-pad", json=document, auth=("aws", token), timeout=10)
    assert npm_published.status_code == 403
    assert npm_published.json()["error"].endswith(_no_resource_policy("PublishPackageVersion"))
    read = [call for call in acme.ca.calls if call.operation == "ReadFromRepository"]
    assert [(call.status, call.principal, call.account_id) for call in read] == [(403, CI, OTHER)] + [
        (200, CI, OTHER)
    ] * 2
    # the repository policy is about reading: the API's other actions are not allowed
    with acme.ca.as_principal(CI):
        _denied(acme.client.list_packages, domain="acme", domainOwner=OWNER, repository="releases")
    # and the other repository has no policy at all
    staging = requests.get(NPM.replace("releases", "staging") + "chalk", auth=("aws", token), timeout=10)
    assert staging.status_code == 403


def test_either_the_domain_or_the_repository_policy_may_allow(acme: Acme) -> None:
    acme.domain_policy(
        _allow(CI, "GetAuthorizationToken"),
        _allow(CI, "ReadFromRepository", resource=f"{ARN}:repository/acme/staging"),
    )
    token = acme.token(CI)

    assert requests.get(NPM.replace("releases", "staging") + "chalk", auth=("aws", token), timeout=10).ok
    assert acme.read(token).status_code == 403  # the domain policy names only staging


def test_across_accounts_the_callers_identity_policy_must_allow_too(acme: Acme) -> None:
    acme.domain_policy(_allow(CI, "GetAuthorizationToken"))
    acme.ca.set_policy(
        {"Statement": [{"Effect": "Allow", "Action": "sts:GetServiceBearerToken", "Resource": "*"}]},
        principal=CI,
    )

    with acme.ca.as_principal(CI):
        message = _denied(acme.client.get_authorization_token, domain="acme", domainOwner=OWNER)
    assert message.endswith(_no_identity_policy("GetAuthorizationToken"))


def test_the_mock_own_principal_is_held_to_the_account_boundary(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    codeartifact_mock.add_package_version("shared", "libs", "npm", "utils", "1.0.0", account_id=OTHER)
    domain_arn = f"arn:aws:codeartifact:us-east-1:{OTHER}:domain/shared"
    # The bug: no token, nor anything else, for another account's domain without its domain policy
    message = _denied(client.get_authorization_token, domain="shared", domainOwner=OTHER)
    assert message == _refusal(
        ME, "GetAuthorizationToken", domain_arn, _no_resource_policy("GetAuthorizationToken")
    )
    message = _denied(client.describe_domain, domain="shared", domainOwner=OTHER)
    assert message == _refusal(ME, "DescribeDomain", domain_arn, _no_resource_policy("DescribeDomain"))
    assert (codeartifact_mock.calls[-1].principal, codeartifact_mock.calls[-1].status) == (ME, 403)
    with codeartifact_mock.as_principal(f"arn:aws:iam::{THIRD}:role/ci"):  # as any named one is
        message = _denied(client.describe_domain, domain="shared", domainOwner=OTHER)
        assert message.endswith(_no_resource_policy("DescribeDomain"))
    with codeartifact_mock.as_principal(CI):  # OTHER's own role: its account owns the domain
        assert client.describe_domain(domain="shared")["domain"]["owner"] == OTHER
        client.put_domain_permissions_policy(
            domain="shared",
            policyDocument=policy_document(_allow(OWNER, "DescribeDomain", "GetAuthorizationToken")),
        )

    # the policy allows the account, and the mock's own principal has no identity policy to refuse it
    assert client.describe_domain(domain="shared", domainOwner=OTHER)["domain"]["owner"] == OTHER
    assert client.get_authorization_token(domain="shared", domainOwner=OTHER)["authorizationToken"]
    message = _denied(client.list_repositories_in_domain, domain="shared", domainOwner=OTHER)
    assert message == _refusal(
        ME, "ListRepositoriesInDomain", domain_arn, _no_resource_policy("ListRepositoriesInDomain")
    )


@pytest.mark.parametrize("caller", [ME, CI])
def test_a_domain_another_account_does_not_own_is_not_found_before_any_policy(
    codeartifact_mock: CodeArtifactMock, client: Any, caller: str
) -> None:
    codeartifact_mock.add_package_version("shared", "libs", "npm", "utils", "1.0.0", account_id=OTHER)
    as_caller = (
        contextlib.nullcontext if caller == ME else functools.partial(codeartifact_mock.as_principal, caller)
    )
    with as_caller():
        # no such domain in THIRD (nor "absent" in OTHER): no policy to ask, the operation answers
        for domain, owner in (("shared", THIRD), ("absent", OTHER if caller == ME else OWNER)):
            with pytest.raises(client.exceptions.ResourceNotFoundException):
                client.get_authorization_token(domain=domain, domainOwner=owner)
            with pytest.raises(client.exceptions.ResourceNotFoundException):
                client.list_packages(domain=domain, domainOwner=owner, repository="libs")
        # a malformed owner names no domain either: the validation error comes as it always has
        with pytest.raises(client.exceptions.ValidationException, match="at 'domainOwner'"):
            client.describe_domain(domain="shared", domainOwner="21098765432x")
    # an identity policy still decides first
    codeartifact_mock.set_policy({"Statement": []}, principal=caller)
    with as_caller():
        message = _denied(client.describe_domain, domain="shared", domainOwner=THIRD)
    assert message.endswith(_no_identity_policy("DescribeDomain"))


# -- explicit denies -------------------------------------------------------------------------------------


def test_an_explicit_deny_on_read_from_repository_refuses_every_download(acme: Acme) -> None:
    token = acme.token(ME)
    assert acme.read(token).status_code == 200

    acme.repository_policy(_deny("*", "ReadFromRepository"))

    refused = acme.read(token)
    assert (refused.status_code, refused.headers["Content-Type"]) == (403, "text/plain; charset=utf-8")
    expected = _refusal(ME, "ReadFromRepository", f"{ARN}:repository/acme/releases", EXPLICIT_RESOURCE_DENY)
    assert refused.text == expected + "\n"
    npm = requests.get(NPM + "chalk", auth=("aws", token), timeout=10)  # npm's error body
    assert (npm.status_code, npm.json()) == (403, {"error": expected})
    maven = requests.get(MAVEN + "org/apache/log4j/2.13.1/log4j-2.13.1.pom", auth=("aws", token), timeout=10)
    assert (maven.status_code, maven.text) == (403, expected + "\n")
    assert (acme.ca.calls[-1].status, acme.ca.calls[-1].error_code) == (403, "AccessDeniedException")
    # the API's own actions are not ReadFromRepository
    assert acme.client.describe_repository(domain="acme", repository="releases")


def test_a_deny_on_publishing_for_everyone_but_the_release_role(acme: Acme) -> None:
    acme.repository_policy(
        _deny("*", "PublishPackageVersion", Condition={"ArnNotEquals": {"aws:PrincipalArn": RELEASE}})
    )
    publish = {
        "domain": "acme",
        "domainOwner": OWNER,  # for the callers of other accounts
        "repository": "releases",
        "format": "generic",
        "namespace": "tools",
        "package": "cli",
        "assetContent": b"binary",
        "assetName": "cli.bin",
        "assetSHA256": hashlib.sha256(b"binary").hexdigest(),
    }

    for who in (ME, DEV, CI):
        with acme.ca.as_principal(who):
            message = _denied(acme.client.publish_package_version, **publish, packageVersion="1.0")
        assert message.endswith(EXPLICIT_RESOURCE_DENY), who
    with acme.ca.as_principal(RELEASE):
        assert acme.client.publish_package_version(**publish, packageVersion="1.0")["status"] == "Published"
    with acme.ca.as_principal(f"arn:aws:sts::{OWNER}:assumed-role/release/pipeline-7"):  # its sessions too
        assert acme.client.publish_package_version(**publish, packageVersion="1.1")["status"] == "Published"
    assert acme.token(RELEASE) and acme.upload(acme.token(RELEASE)).status_code == 200
    assert acme.upload(acme.token(DEV)).status_code == 403


def test_the_owner_cannot_lock_itself_out_of_its_policies(acme: Acme) -> None:
    everything = _statement("Deny", "*", "codeartifact:*")
    acme.repository_policy(everything)
    acme.domain_policy(everything)
    assert _denied(acme.client.describe_domain, domain="acme").endswith(EXPLICIT_RESOURCE_DENY)
    assert _denied(acme.client.describe_repository, domain="acme", repository="releases")
    with pytest.raises(ClientError, match=EXPLICIT_RESOURCE_DENY):  # the domain's policy applies to it
        acme.repository_policy(_allow(OWNER, "DescribeRepository"))

    # Each put ignores the policy it replaces (user guide, "Set a policy")
    acme.domain_policy(_allow(OWNER, "DescribeDomain"))
    assert acme.client.describe_domain(domain="acme")
    assert _denied(acme.client.describe_repository, domain="acme", repository="releases")
    acme.repository_policy(_allow(OWNER, "DescribeRepository"))
    assert acme.client.describe_repository(domain="acme", repository="releases")


# -- within the account ----------------------------------------------------------------------------------


def test_within_the_account_a_resource_policy_naming_the_principal_suffices(acme: Acme) -> None:
    list_only = {"Effect": "Allow", "Action": "codeartifact:ListDomains", "Resource": "*"}
    acme.ca.set_policy({"Statement": [list_only]}, principal=DEV)
    describe = {"domain": "acme", "repository": "releases"}
    with acme.ca.as_principal(DEV):
        message = _denied(acme.client.describe_repository, **describe)
    assert message.endswith(_no_identity_policy("DescribeRepository"))

    acme.repository_policy(_allow(OWNER, "DescribeRepository"))  # the account: it defers to DEV's policy
    with acme.ca.as_principal(DEV):
        message = _denied(acme.client.describe_repository, **describe)
    assert message.endswith(_no_identity_policy("DescribeRepository"))

    acme.repository_policy(_allow(DEV, "DescribeRepository"))  # DEV itself
    with acme.ca.as_principal(DEV):
        assert acme.client.describe_repository(**describe)
        _denied(acme.client.describe_repository, domain="acme", repository="staging")


def test_a_roles_identity_policy_is_its_sessions(acme: Acme) -> None:
    acme.ca.set_policy({"Statement": []}, principal=RELEASE)  # allows nothing

    with acme.ca.as_principal(f"arn:aws:sts::{OWNER}:assumed-role/release/pipeline-7"):
        message = _denied(acme.client.list_domains)
    assert message.startswith(f"User: arn:aws:sts::{OWNER}:assumed-role/release/pipeline-7 is not authorized")


def test_a_principal_without_an_identity_policy_may_do_what_no_resource_policy_denies(acme: Acme) -> None:
    acme.repository_policy(_deny(DEV, "DeleteRepository"))
    with acme.ca.as_principal(DEV):
        message = _denied(acme.client.delete_repository, domain="acme", repository="releases")
        assert message.endswith(EXPLICIT_RESOURCE_DENY)
        assert acme.client.delete_repository(domain="acme", repository="staging")


def test_get_authorization_token_needs_sts_get_service_bearer_token(acme: Acme) -> None:
    token_only = {"Effect": "Allow", "Action": "codeartifact:GetAuthorizationToken", "Resource": "*"}
    acme.ca.set_policy({"Statement": [token_only]}, principal=DEV)
    with acme.ca.as_principal(DEV):
        message = _denied(acme.client.get_authorization_token, domain="acme")
    assert message == (
        f"User: {DEV} is not authorized to perform: sts:GetServiceBearerToken on resource: * because no "
        "identity-based policy allows the sts:GetServiceBearerToken action"
    )

    # The user guide's statement ("Tokens authentication"), with its condition on the service
    bearer = {
        "Effect": "Allow",
        "Action": "sts:GetServiceBearerToken",
        "Resource": "*",
        "Condition": {"StringEquals": {"sts:AWSServiceName": "codeartifact.amazonaws.com"}},
    }
    acme.ca.set_policy({"Statement": [token_only, bearer]}, principal=DEV)
    assert acme.token(DEV)

    other_service = {**bearer, "Condition": {"StringEquals": {"sts:AWSServiceName": "lambda.amazonaws.com"}}}
    acme.ca.set_policy({"Statement": [token_only, other_service]}, principal=DEV)
    with acme.ca.as_principal(DEV):
        _denied(acme.client.get_authorization_token, domain="acme")


# -- principals and conditions in resource policies ------------------------------------------------------


@pytest.mark.parametrize(
    ("named", "caller", "allowed"),
    [
        ("*", CI, True),
        (OTHER, CI, True),  # an account id stands for the account's root: all its principals
        (f"arn:aws:iam::{OTHER}:root", CI, True),
        (f"arn:aws:iam::{OTHER}:root", f"arn:aws:iam::{OTHER}:user/someone", True),
        (CI, CI, True),
        (CI, f"arn:aws:sts::{OTHER}:assumed-role/ci/build-42", True),  # a role names its sessions
        (
            f"arn:aws:sts::{OTHER}:assumed-role/ci/build-42",
            f"arn:aws:sts::{OTHER}:assumed-role/ci/build-42",
            True,
        ),
        (f"arn:aws:sts::{OTHER}:assumed-role/ci/build-42", CI, False),
        (CI, f"arn:aws:iam::{OTHER}:role/deploy", False),
        (CI, "arn:aws:iam::999999999999:role/ci", False),  # the same name in another account
        (f"arn:aws:iam::{OTHER}:user/bob", f"arn:aws:iam::{OTHER}:user/bob", True),
        (f"arn:aws:iam::{OTHER}:user/bob", f"arn:aws:iam::{OTHER}:user/alice", False),
        ("999999999999", CI, False),
    ],
)
def test_a_principal_element_names_callers_as_iam_does(
    acme: Acme, named: str, caller: str, allowed: bool
) -> None:
    acme.domain_policy(_allow(named, "DescribeDomain"))
    with acme.ca.as_principal(caller):
        if allowed:
            assert acme.client.describe_domain(domain="acme", domainOwner=OWNER)
        else:
            _denied(acme.client.describe_domain, domain="acme", domainOwner=OWNER)


def test_not_principal_applies_to_everyone_else(acme: Acme) -> None:
    acme.repository_policy(
        {
            "Effect": "Deny",
            "NotPrincipal": {"AWS": [RELEASE, OWNER]},
            "Action": "codeartifact:*",
            "Resource": "*",
        },
        _allow("*", "DescribeRepository"),
    )
    with acme.ca.as_principal(RELEASE):
        assert acme.client.describe_repository(domain="acme", repository="releases", domainOwner=OWNER)
    with acme.ca.as_principal(CI):
        message = _denied(
            acme.client.describe_repository, domain="acme", repository="releases", domainOwner=OWNER
        )
    assert message.endswith(EXPLICIT_RESOURCE_DENY)


DEPLOY = f"arn:aws:iam::{OTHER}:role/deploy"
SESSION = f"arn:aws:sts::{OTHER}:assumed-role/ci/run-9"  # aws:PrincipalArn is CI, its role
STRANGER = f"arn:aws:iam::{THIRD}:role/ci"  # another account, in no organization


@pytest.mark.parametrize(
    ("condition", "allowed"),
    [
        ({"StringEquals": {"aws:PrincipalAccount": OTHER}}, {CI, DEPLOY, SESSION}),
        ({"StringNotEquals": {"aws:PrincipalAccount": [OTHER, "999999999999"]}}, {STRANGER}),
        ({"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/c?"}}, {CI, SESSION, STRANGER}),
        ({"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{OTHER}:role/*"}}, {CI, DEPLOY, SESSION}),
        ({"ArnEquals": {"aws:PrincipalArn": CI}}, {CI, SESSION}),
        ({"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ci"}}, {DEPLOY}),
        ({"StringEqualsIgnoreCase": {"AWS:PRINCIPALARN": CI.upper()}}, {CI, SESSION}),  # keys ignore case
        ({"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, {CI, DEPLOY, SESSION}),
        ({"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}, {STRANGER}),  # absent: a Not* holds
        ({"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-zzzzzzzzzz"}}, {STRANGER}),
        ({"StringEquals": {"aws:PrincipalOrgID": ["o-zzzzzzzzzz", "o-a1b2c3d4e5"]}}, {CI, DEPLOY, SESSION}),
        (
            {"StringEquals": {"aws:PrincipalAccount": OTHER}, "StringLike": {"aws:PrincipalArn": "*/deploy"}},
            {DEPLOY},
        ),
    ],
)
def test_conditions_on_the_principal(acme: Acme, condition: dict[str, Any], allowed: set[str]) -> None:
    acme.ca.set_organization("o-a1b2c3d4e5", [OTHER])
    acme.domain_policy(_allow("*", "DescribeDomain", Condition=condition))
    admitted = set()
    for caller in (CI, DEPLOY, SESSION, STRANGER):
        with acme.ca.as_principal(caller):
            try:
                acme.client.describe_domain(domain="acme", domainOwner=OWNER)
            except acme.client.exceptions.AccessDeniedException:
                continue
        admitted.add(caller)
    assert admitted == allowed


# -- resource policies are checked when put --------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "complaint"),
    [
        ({"Effect": "Allow", "Action": "codeartifact:*", "Resource": "*"}, "needs a Principal"),
        (_allow("arn:aws:iam::*:root", "ReadFromRepository"), "invalid principal 'arn:aws:iam::*:root'"),
        (_allow("ci", "ReadFromRepository"), "invalid principal 'ci'"),
        (
            _allow(CI, "ReadFromRepository", Condition={"Bool": {"aws:SecureTransport": "true"}}),
            "operator 'Bool'",
        ),
        (
            _allow(CI, "ReadFromRepository", Condition={"StringEquals": {"aws:SourceIp": "10.0.0.1"}}),
            "the condition key 'aws:SourceIp' is not supported by codeartifact-mock",
        ),
        (
            _allow(
                CI, "ReadFromRepository", Condition={"ForAnyValue:StringEquals": {"aws:PrincipalArn": CI}}
            ),
            "operator 'ForAnyValue:StringEquals'",
        ),
        (
            {**_allow(CI, "ReadFromRepository"), "NotPrincipal": {"AWS": CI}},
            "exactly one of Principal or NotPrincipal",
        ),
        (
            {"Effect": "Allow", "Principal": {"Group": "x"}, "Action": "codeartifact:*", "Resource": "*"},
            "unknown principal type 'Group'",
        ),
        (_statement("Maybe", CI, "codeartifact:*"), "Effect must be 'Allow' or 'Deny'"),
    ],
)
def test_a_resource_policy_iam_would_refuse_or_the_mock_cannot_evaluate_is_a_validation_error(
    acme: Acme, statement: dict[str, Any], complaint: str
) -> None:
    for put in (acme.domain_policy, acme.repository_policy):
        with pytest.raises(acme.client.exceptions.ValidationException) as raised:
            put(statement)
        message = raised.value.response["Error"]["Message"]
        assert message.startswith("Policy document is not a valid resource policy: Statement[0]"), message
        assert complaint in message
    with pytest.raises(acme.client.exceptions.ResourceNotFoundException):  # nothing was stored
        acme.client.get_domain_permissions_policy(domain="acme")


def test_a_document_without_statements_is_refused(acme: Acme) -> None:
    with pytest.raises(acme.client.exceptions.ValidationException, match="a policy needs a Statement"):
        acme.client.put_domain_permissions_policy(domain="acme", policyDocument="{}")


def test_with_no_policy_anywhere_every_principal_may_do_everything_in_its_own_account(acme: Acme) -> None:
    assert acme.client.get_authorization_token(domain="acme", domainOwner=OWNER)
    assert acme.read(acme.token(ME)).status_code == 200
    assert acme.read(acme.token(DEV)).status_code == 200  # a named principal of the owner's account too
    with acme.ca.as_principal(CI):
        assert acme.client.create_domain(domain="ci-cache")["domain"]["owner"] == OTHER
        assert acme.client.describe_domain(domain="ci-cache", domainOwner=OTHER)
    assert not any(call.error_code for call in acme.ca.calls)


@pytest.fixture
def fresh() -> Iterator[CodeArtifactMock]:
    with mock_codeartifact() as ca:
        yield ca


def test_principals_and_policies_end_with_the_mock(fresh: CodeArtifactMock) -> None:
    fresh.set_policy({"Statement": []}, principal=DEV)
    fresh.set_organization("o-a1b2c3d4e5", [OTHER])
    fresh.reset()
    with fresh.as_principal(DEV):
        assert boto3.client("codeartifact", region_name="us-east-1").list_domains()["domains"] == []
