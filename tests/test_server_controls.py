"""Server mode's test controls over HTTP (injected errors, access policy, recorded calls) and in Python."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from server_helpers import AWS, Reply, aws_cli, client, control, domain_names, recorded, request

from codeartifact_mock import ThreadedCodeArtifactServer
from codeartifact_mock.controls.recording import Call

NO_RETRIES = Config(retries={"total_max_attempts": 1})  # every injected error reaches the test


@pytest.fixture
def server() -> Iterator[ThreadedCodeArtifactServer]:
    with ThreadedCodeArtifactServer() as running:
        yield running


def ok(reply: Reply) -> bool:
    return (reply.status, reply.json()) == (200, {})


ALLOW_LIST_DOMAINS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "codeartifact:ListDomains", "Resource": "*"}],
}


# -- injected errors -------------------------------------------------------------------------------------


def test_an_injected_error_reaches_boto3_with_its_fields(server: ThreadedCodeArtifactServer) -> None:
    reply = control(
        server,
        "errors",
        {
            "operation": "describe_domain",
            "code": "ResourceNotFoundException",
            "message": "Domain gone",
            "fields": {"resourceType": "domain", "resourceId": "acme"},
        },
    )
    client(server).create_domain(domain="acme")

    with pytest.raises(client(server).exceptions.ResourceNotFoundException) as excinfo:
        client(server).describe_domain(domain="acme")

    assert ok(reply)
    error = excinfo.value.response
    assert (error["Error"]["Message"], error["resourceType"], error["resourceId"]) == (
        "Domain gone",
        "domain",
        "acme",
    )
    assert client(server).describe_domain(domain="acme")["domain"]["name"] == "acme"  # times defaults to 1


def test_throttling_counts_down_and_carries_retry_after(server: ThreadedCodeArtifactServer) -> None:
    injected = {
        "operation": "ListDomains",
        "code": "ThrottlingException",
        "times": 2,
        "retry_after_seconds": 7,
    }
    assert ok(control(server, "errors", injected))
    ca = client(server, config=NO_RETRIES)

    failures = []
    for _ in range(2):
        with pytest.raises(ca.exceptions.ThrottlingException) as excinfo:
            ca.list_domains()
        failures.append(excinfo.value.response)

    assert [(f["Error"]["Message"], f["retryAfterSeconds"]) for f in failures] == [("Rate exceeded", 7)] * 2
    assert [f["ResponseMetadata"]["HTTPStatusCode"] for f in failures] == [429, 429]
    assert ca.list_domains()["domains"] == []


def test_times_null_fails_every_call_until_a_reset(server: ThreadedCodeArtifactServer) -> None:
    control(server, "errors", {"operation": "ListDomains", "code": "InternalServerException", "times": None})
    ca = client(server, config=NO_RETRIES)

    for _ in range(3):
        with pytest.raises(ca.exceptions.InternalServerException):
            ca.list_domains()
    assert ok(control(server, "reset"))

    assert ca.list_domains()["domains"] == []


@pytest.mark.skipif(not AWS.exists(), reason="the AWS CLI (awscli, in the test extra) is missing")
def test_the_aws_cli_retries_an_injected_throttle_then_succeeds(
    server: ThreadedCodeArtifactServer, tmp_path: Path
) -> None:
    control(
        server,
        "errors",
        {"operation": "ListDomains", "code": "ThrottlingException", "retry_after_seconds": 0},
    )

    output = aws_cli(server, tmp_path)("list-domains")

    assert output == {"domains": []}
    assert [(call["operation"], call["status"], call["errorCode"]) for call in recorded(server)] == [
        ("ListDomains", 429, "ThrottlingException"),
        ("ListDomains", 200, None),
    ]


# -- the access policy -----------------------------------------------------------------------------------


def test_a_policy_set_over_http_refuses_what_it_does_not_allow(server: ThreadedCodeArtifactServer) -> None:
    reply = control(
        server, "policy", {"document": ALLOW_LIST_DOMAINS, "principal": "arn:aws:iam::123456789012:user/ci"}
    )
    ci = {"access_key_id": "AKIDCI", "principal_arn": "arn:aws:iam::123456789012:user/ci"}
    mapped = control(server, "access-keys", ci)
    ca = boto3.client(
        "codeartifact",
        endpoint_url=server.url,
        region_name="eu-west-1",
        aws_access_key_id="AKIDCI",
        aws_secret_access_key="testing",
    )

    with pytest.raises(ca.exceptions.AccessDeniedException) as excinfo:
        ca.create_domain(domain="acme")

    assert ok(reply) and ok(mapped)
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert excinfo.value.response["Error"]["Message"] == (
        "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: codeartifact:CreateDomain"
        " on resource: * because no identity-based policy allows the codeartifact:CreateDomain action"
    )
    assert ca.list_domains()["domains"] == []
    assert client(server, "eu-west-1").create_domain(domain="acme")  # the server's own principal: no policy


def test_a_policy_as_json_text_then_lifted_with_null(server: ThreadedCodeArtifactServer) -> None:
    deny_all = '{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}'
    assert ok(control(server, "policy", {"document": deny_all}))
    with pytest.raises(ClientError, match="with an explicit deny in an identity-based policy"):
        client(server).list_domains()

    assert ok(control(server, "policy", {"document": None}))

    assert client(server).list_domains()["domains"] == []


# -- recorded calls --------------------------------------------------------------------------------------


def test_calls_list_every_answer_with_json_params(server: ThreadedCodeArtifactServer) -> None:
    ca = client(server, "eu-west-1")
    ca.create_domain(domain="acme")
    ca.create_repository(domain="acme", repository="releases")
    content = b"\x00\xffbinary"
    ca.publish_package_version(
        domain="acme",
        repository="releases",
        format="generic",
        namespace="tools",
        package="cli",
        packageVersion="1.0.0",
        assetName="cli.bin",
        assetContent=content,
        assetSHA256=hashlib.sha256(content).hexdigest(),
    )
    with pytest.raises(ca.exceptions.ConflictException):
        ca.create_domain(domain="acme")

    calls = recorded(server)

    assert [(c["operation"], c["status"], c["errorCode"]) for c in calls] == [
        ("CreateDomain", 200, None),
        ("CreateRepository", 200, None),
        ("PublishPackageVersion", 200, None),
        ("CreateDomain", 409, "ConflictException"),
    ]
    assert {(c["region"], c["accountId"]) for c in calls} == {("eu-west-1", "123456789012")}
    assert calls[0]["params"] == {"domain": "acme"}
    published = calls[2]["params"]
    assert "assetContent" not in published  # no asset bytes: their size and the SHA-256 sent say enough
    assert published["bytesTransferredIn"] == len(content)
    assert published["assetSHA256"] == hashlib.sha256(content).hexdigest()
    assert (published["namespace"], published["packageVersion"]) == ("tools", "1.0.0")


def test_reset_empties_errors_policy_and_calls(server: ThreadedCodeArtifactServer) -> None:
    client(server).create_domain(domain="acme")
    control(server, "errors", {"operation": "DescribeDomain", "code": "InternalServerException"})
    control(server, "policy", {"document": ALLOW_LIST_DOMAINS})

    assert ok(control(server, "reset"))

    assert recorded(server) == []
    client(server).create_domain(domain="other")  # no policy any more
    assert client(server).describe_domain(domain="other")["domain"]["name"] == "other"  # no error queued


# -- bad control requests --------------------------------------------------------------------------------

THROTTLE = {"operation": "ListDomains", "code": "ThrottlingException"}


@pytest.mark.parametrize(
    ("call", "document", "message"),
    [
        ("errors", {**THROTTLE, "operation": "Explode"}, "'Explode' is not a CodeArtifact operation."),
        ("errors", {**THROTTLE, "code": "ConflictException"}, "ListDomains cannot fail with 'ConflictExc"),
        ("errors", {"operation": "ListDomains"}, "Invalid inject_error arguments: missing a required argu"),
        ("errors", {**THROTTLE, "colour": "red"}, "got an unexpected keyword argument 'colour'"),
        ("errors", {**THROTTLE, "times": 0}, "times must be a positive number of calls"),
        ("errors", {**THROTTLE, "times": "2"}, "Invalid inject_error arguments: times must be an integer"),
        ("errors", {**THROTTLE, "fields": ["a"]}, "Invalid inject_error arguments: fields must be an object"),
        (
            "errors",
            {**THROTTLE, "code": "InternalServerException", "retry_after_seconds": 1},
            "retry_after_seconds applies only to ThrottlingException",
        ),
        ("errors", {**THROTTLE, "fields": {"resourceType": "x"}}, "ThrottlingException has no member"),
        ("policy", {}, "Invalid set_policy arguments: missing a required argument: 'document'"),
        ("policy", {"document": 5}, "Invalid set_policy arguments: document must be a string or an object"),
        ("policy", {"document": {"Statement": {"Effect": "Maybe"}}}, "Effect must be 'Allow' or 'Deny'"),
        (
            "policy",
            {"document": {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {}}}},
            "Condition must name at least one condition operator",
        ),
        ("policy", {"document": ALLOW_LIST_DOMAINS, "principal": 7}, "principal must be a string"),
        # refused as set_policy(principal="") refuses it: only a principal not given is the server's own
        ("policy", {"document": ALLOW_LIST_DOMAINS, "principal": ""}, "'' is not the ARN of an IAM"),
        ("errors", [], "The request body must be a JSON object"),
    ],
)
def test_bad_control_requests_are_validation_exceptions_that_change_nothing(
    server: ThreadedCodeArtifactServer, call: str, document: Any, message: str
) -> None:
    reply = control(server, call, document)

    assert (reply.status, reply.error_type, reply.headers["content-type"]) == (
        400,
        "ValidationException",
        "application/json",
    )
    assert message in reply.json()["message"]
    client(server).create_domain(domain="acme")  # no error queued, no policy set
    assert domain_names(server) == ["acme"]


def test_a_control_body_that_is_not_json(server: ThreadedCodeArtifactServer) -> None:
    reply = request(server, "POST", "/_codeartifact_mock/errors", b"{operation: ListDomains")

    assert (reply.status, reply.error_type) == (400, "ValidationException")
    assert reply.json() == {"message": "Could not parse the request body as JSON", "reason": "CANNOT_PARSE"}


def test_the_controls_answer_only_their_own_method(server: ThreadedCodeArtifactServer) -> None:
    assert request(server, "POST", "/_codeartifact_mock/calls").status == 404
    assert request(server, "GET", "/_codeartifact_mock/errors").status == 404


# -- the same controls in Python -------------------------------------------------------------------------


def test_python_controls_share_the_state_of_the_http_ones(server: ThreadedCodeArtifactServer) -> None:
    server.inject_error("create_domain", "ServiceQuotaExceededException", message="Too many domains")
    ca = client(server, config=NO_RETRIES)

    with pytest.raises(ca.exceptions.ServiceQuotaExceededException, match="Too many domains"):
        ca.create_domain(domain="acme")
    server.set_policy(ALLOW_LIST_DOMAINS)
    with pytest.raises(ca.exceptions.AccessDeniedException):
        ca.create_domain(domain="acme")

    assert server.calls == (
        Call(
            "CreateDomain",
            {"domain": "acme"},
            402,
            "ServiceQuotaExceededException",
            "us-east-1",
            server.account_id,
            f"arn:aws:iam::{server.account_id}:user/mock-user",
        ),
        Call(
            "CreateDomain",
            {"domain": "acme"},
            403,
            "AccessDeniedException",
            "us-east-1",
            server.account_id,
            f"arn:aws:iam::{server.account_id}:user/mock-user",
        ),
    )
    assert [call["errorCode"] for call in recorded(server)] == [
        "ServiceQuotaExceededException",
        "AccessDeniedException",
    ]
    with pytest.raises(ValueError, match="ListDomains cannot fail with 'ConflictException'"):
        server.inject_error("ListDomains", "ConflictException")
    with pytest.raises(ValueError, match="a policy needs a Statement"):
        server.set_policy({})
    server.set_policy(None)
    server.reset()
    assert not server.calls
    assert ca.create_domain(domain="acme")["domain"]["name"] == "acme"
