"""ca.calls: every call the mock answered, in order, with its parameters and outcome."""

from __future__ import annotations

import hashlib
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from codeartifact_mock import CodeArtifactMock, activation, active_mock, mock_codeartifact
from codeartifact_mock.backend.store import DEFAULT_MAX_CALLS
from codeartifact_mock.controls.recording import Call

NO_RETRIES = Config(retries={"total_max_attempts": 1})


def test_each_answered_call_is_recorded_in_order(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    codeartifact_mock.add_package_version("acme", "releases", "npm", "core", "8.0.0", namespace="nestjs")
    versions = ["8.0.0"]

    client.update_package_versions_status(
        domain="acme",
        repository="releases",
        format="npm",
        namespace="nestjs",
        package="core",
        versions=versions,
        targetStatus="Unlisted",
    )
    client.list_domains()

    first, second = codeartifact_mock.calls  # seeding is not a call
    assert first == Call(
        operation="UpdatePackageVersionsStatus",
        params={
            "domain": "acme",
            "repository": "releases",
            "format": "npm",
            "namespace": "nestjs",
            "package": "core",
            "versions": ["8.0.0"],
            "targetStatus": "Unlisted",
        },
        status=200,
        error_code=None,
        region="us-east-1",
        account_id="123456789012",
        principal="arn:aws:iam::123456789012:user/mock-user",  # the mock's own: no other was named
    )
    assert first.ok
    assert (second.operation, second.params, second.status) == ("ListDomains", {}, 200)


def test_failed_calls_are_recorded_with_their_error(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_package_version(
            domain="acme", repository="releases", format="npm", package="chalk", packageVersion="4.1.0"
        )

    (call,) = codeartifact_mock.calls
    assert call.operation == "DescribePackageVersion"
    assert call.params["packageVersion"] == "4.1.0"  # model member names, not wire names ("version")
    assert (call.status, call.error_code, call.ok) == (404, "ResourceNotFoundException", False)


def test_invalid_injected_and_refused_calls_are_recorded(
    codeartifact_mock: CodeArtifactMock, raw_client: Any
) -> None:
    client = boto3.client(
        "codeartifact",
        region_name="us-east-1",
        config=Config(parameter_validation=False, retries={"total_max_attempts": 1}),
    )
    codeartifact_mock.inject_error("DescribeDomain", "ThrottlingException")
    for _ in range(2):
        with pytest.raises(ClientError):
            client.describe_domain(domain="Bad_Name")
    codeartifact_mock.set_policy({"Statement": []})
    with pytest.raises(ClientError):
        client.describe_domain(domain="acme")

    assert [(c.params, c.status, c.error_code) for c in codeartifact_mock.calls] == [
        ({"domain": "Bad_Name"}, 429, "ThrottlingException"),  # the fault still shows what was sent
        ({"domain": "Bad_Name"}, 400, "ValidationException"),
        ({"domain": "acme"}, 403, "AccessDeniedException"),
    ]


def test_a_request_that_cannot_be_parsed_is_recorded_without_params(
    codeartifact_mock: CodeArtifactMock, raw_client: Any
) -> None:
    with pytest.raises(raw_client.exceptions.ValidationException, match="could not be parsed as an integer"):
        raw_client.list_packages(domain="acme", repository="releases", maxResults="many")

    (call,) = codeartifact_mock.calls
    assert (call.operation, call.params, call.error_code) == ("ListPackages", {}, "ValidationException")


def test_records_cannot_be_changed_afterwards(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    versions = ["1.0.0"]
    with pytest.raises(ClientError):
        client.dispose_package_versions(
            domain="acme", repository="releases", format="npm", package="chalk", versions=versions
        )
    versions.append("2.0.0")  # the caller's list changing later does not reach the record

    (call,) = codeartifact_mock.calls
    assert call.params["versions"] == ["1.0.0"]
    with pytest.raises(TypeError):
        call.params["versions"] = []  # type: ignore[index]
    assert isinstance(codeartifact_mock.calls, tuple)  # a snapshot, not the live list


def test_region_and_account_are_those_of_the_call() -> None:
    with mock_codeartifact(account_id="111122223333") as ca:
        boto3.client("codeartifact", region_name="eu-west-1").list_domains()

        (call,) = ca.calls
        assert (call.region, call.account_id) == ("eu-west-1", "111122223333")


def test_calls_are_reset_with_the_state() -> None:
    client = boto3.client("codeartifact", region_name="us-east-1")
    with mock_codeartifact() as ca:
        client.list_domains()
        ca.reset()
        assert ca.calls == ()
        client.list_domains()
        assert len(ca.calls) == 1
    with mock_codeartifact() as ca:
        assert ca.calls == ()


def _publish(client: Any, content: bytes, version: str = "1.0.0") -> Any:
    return client.publish_package_version(
        domain="acme",
        repository="releases",
        format="generic",
        namespace="tools",
        package="cli",
        packageVersion=version,
        assetName="cli.bin",
        assetContent=content,
        assetSHA256=hashlib.sha256(content).hexdigest(),
    )


def test_a_recorded_publish_keeps_the_size_and_the_sha256_not_the_bytes(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    client.create_domain(domain="acme")
    client.create_repository(domain="acme", repository="releases")
    content = b"\x00\xff" * 500
    _publish(client, content)
    codeartifact_mock.inject_error("PublishPackageVersion", "InternalServerException")
    with pytest.raises(ClientError):
        _publish(boto3.client("codeartifact", region_name="us-east-1", config=NO_RETRIES), content, "2.0.0")
    with pytest.raises(client.exceptions.ValidationException):
        _publish(client, content, "bad version/")

    published = [call.params for call in codeartifact_mock.calls if call.operation == "PublishPackageVersion"]

    assert len(published) == 3  # answered, injected fault, refused
    for params in published:
        assert "assetContent" not in params
        assert params["bytesTransferredIn"] == 1000
        assert params["assetSHA256"] == hashlib.sha256(content).hexdigest()
        assert params["assetName"] == "cli.bin"


def test_calls_keep_the_most_recent_max_calls_and_count_them_all() -> None:
    client = boto3.client("codeartifact", region_name="us-east-1")
    with mock_codeartifact(max_calls=3) as ca:
        for index in range(5):
            client.create_domain(domain=f"d{index}")

        assert [call.params["domain"] for call in ca.calls] == ["d2", "d3", "d4"]
        assert ca.calls_total == 5
        ca.reset()
        assert (ca.calls, ca.calls_total) == ((), 0)
        client.list_domains()
        assert (len(ca.calls), ca.calls_total) == (1, 1)  # the reset kept the limit
        with mock_codeartifact(max_calls=None) as inner:  # nested: the outermost mock's state and limit
            for _ in range(3):
                client.list_domains()
            assert (len(inner.calls), inner.calls_total) == (3, 4)


def test_max_calls_none_keeps_every_call_and_zero_only_counts() -> None:
    client = boto3.client("codeartifact", region_name="us-east-1")
    with mock_codeartifact(max_calls=None) as ca:
        for _ in range(3):
            client.list_domains()
        assert (len(ca.calls), ca.calls_total) == (3, 3)
        assert activation.store.calls.maxlen is None  # a list's worth: nothing is ever dropped
    with mock_codeartifact(max_calls=0) as ca:
        client.list_domains()
        assert (ca.calls, ca.calls_total) == ((), 1)
    with mock_codeartifact() as ca:
        assert activation.store.calls.maxlen == DEFAULT_MAX_CALLS


@pytest.mark.parametrize("bad", [-1, 1.5, "10", True])
def test_a_bad_max_calls_is_a_value_error(bad: Any) -> None:
    with pytest.raises(ValueError, match=r"max_calls must be an integer of at least 0, or None, not "):
        mock_codeartifact(max_calls=bad)


@mock_codeartifact(max_calls=1)
class TestADecoratedClassKeepsItsMaxCalls:
    def test_each_test_gets_the_limit(self) -> None:
        client = boto3.client("codeartifact", region_name="us-east-1")
        client.list_domains()
        client.list_domains()
        assert (len(active_mock().calls), active_mock().calls_total) == (1, 2)
