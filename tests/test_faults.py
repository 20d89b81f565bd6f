"""ca.inject_error: the next calls of an operation fail with a modeled error, serialized as AWS would."""

from __future__ import annotations

import time
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from codeartifact_mock import CodeArtifactMock, mock_codeartifact


def _client(**retries: Any) -> Any:
    return boto3.client("codeartifact", region_name="us-east-1", config=Config(retries=retries))


@pytest.fixture
def no_retry() -> Any:
    """A client that makes exactly one attempt per call, so each call meets one injected fault."""
    return _client(total_max_attempts=1)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """botocore's retry back-off sleeps, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    return slept


def _error(call: Any, **params: Any) -> ClientError:
    with pytest.raises(ClientError) as raised:
        call(**params)
    return raised.value


def test_the_next_call_fails_with_the_modeled_error(
    codeartifact_mock: CodeArtifactMock, no_retry: Any
) -> None:
    codeartifact_mock.inject_error("CreateDomain", "InternalServerException")

    error = _error(no_retry.create_domain, domain="acme")

    assert isinstance(error, no_retry.exceptions.InternalServerException)
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert error.response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"] == "InternalServerException"
    # the model's own description of the error: no real CodeArtifact wording is public for it
    assert error.response["Error"]["Message"] == (
        "The operation did not succeed because of an error that occurred inside CodeArtifact."
    )
    # the fault answered instead of the service: nothing was created, and the next call goes through
    assert no_retry.list_domains()["domains"] == []
    assert no_retry.create_domain(domain="acme")["domain"]["name"] == "acme"


def test_the_boto3_method_name_names_the_operation_too(
    codeartifact_mock: CodeArtifactMock, no_retry: Any
) -> None:
    codeartifact_mock.inject_error("list_domains", "AccessDeniedException", message="nope")

    error = _error(no_retry.list_domains)

    assert isinstance(error, no_retry.exceptions.AccessDeniedException)
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert error.response["Error"]["Message"] == "nope"


def test_throttling_says_rate_exceeded_with_retry_after(
    codeartifact_mock: CodeArtifactMock, no_retry: Any
) -> None:
    codeartifact_mock.inject_error("ListDomains", "ThrottlingException")
    codeartifact_mock.inject_error("ListDomains", "ThrottlingException", retry_after_seconds=30)

    default = _error(no_retry.list_domains)
    chosen = _error(no_retry.list_domains)

    assert isinstance(default, no_retry.exceptions.ThrottlingException)
    assert default.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    assert default.response["Error"]["Message"] == "Rate exceeded"
    assert default.response["ResponseMetadata"]["HTTPHeaders"]["retry-after"] == "1"
    assert default.response["retryAfterSeconds"] == 1  # the modeled header member, parsed by botocore
    assert chosen.response["retryAfterSeconds"] == 30


def test_fields_fill_the_error_shape(codeartifact_mock: CodeArtifactMock, no_retry: Any) -> None:
    codeartifact_mock.inject_error(
        "DescribeDomain",
        "ResourceNotFoundException",
        message="Domain 'acme' not found",
        fields={"resourceType": "domain", "resourceId": "acme"},
    )

    error = _error(no_retry.describe_domain, domain="acme")

    assert error.response["resourceType"] == "domain"
    assert error.response["resourceId"] == "acme"
    assert error.response["Error"]["Message"] == "Domain 'acme' not found"


def test_times_counts_calls_and_injections_queue_in_order(
    codeartifact_mock: CodeArtifactMock, no_retry: Any
) -> None:
    codeartifact_mock.inject_error("ListDomains", "ThrottlingException", times=2)
    codeartifact_mock.inject_error("ListDomains", "InternalServerException")

    codes = []
    for _ in range(4):
        try:
            no_retry.list_domains()
            codes.append("ok")
        except ClientError as error:
            codes.append(error.response["Error"]["Code"])

    assert codes == ["ThrottlingException", "ThrottlingException", "InternalServerException", "ok"]


def test_only_the_named_operation_fails(codeartifact_mock: CodeArtifactMock, no_retry: Any) -> None:
    codeartifact_mock.inject_error("DeleteDomain", "ConflictException")

    no_retry.create_domain(domain="acme")  # other operations are untouched
    assert no_retry.describe_domain(domain="acme")["domain"]["name"] == "acme"
    error = _error(no_retry.delete_domain, domain="acme")

    assert isinstance(error, no_retry.exceptions.ConflictException)
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 409


def test_times_none_fails_every_call_until_reset(codeartifact_mock: CodeArtifactMock, no_retry: Any) -> None:
    codeartifact_mock.inject_error("ListDomains", "InternalServerException", times=None)

    for _ in range(3):
        _error(no_retry.list_domains)
    codeartifact_mock.reset()

    assert no_retry.list_domains()["domains"] == []


def test_the_fault_comes_before_validation(codeartifact_mock: CodeArtifactMock, raw_client: Any) -> None:
    codeartifact_mock.inject_error("DescribeDomain", "ThrottlingException")
    unretried = boto3.client(
        "codeartifact",
        region_name="us-east-1",
        config=Config(parameter_validation=False, retries={"total_max_attempts": 1}),
    )

    throttled = _error(unretried.describe_domain, domain="Not_Valid")
    invalid = _error(unretried.describe_domain, domain="Not_Valid")

    assert throttled.response["Error"]["Code"] == "ThrottlingException"  # AWS throttles before reading
    assert invalid.response["Error"]["Code"] == "ValidationException"


def test_standard_retries_consume_one_injection_per_attempt(
    codeartifact_mock: CodeArtifactMock, sleeps: list[float]
) -> None:
    client = _client(mode="standard")  # 3 attempts in all
    codeartifact_mock.inject_error("CreateDomain", "ThrottlingException", times=2)

    response = client.create_domain(domain="acme")

    assert response["domain"]["name"] == "acme"
    assert response["ResponseMetadata"]["RetryAttempts"] == 2
    assert len(sleeps) == 2  # botocore backed off before each retry
    assert [(call.status, call.error_code) for call in codeartifact_mock.calls] == [
        (429, "ThrottlingException"),
        (429, "ThrottlingException"),
        (200, None),
    ]


def test_standard_retries_give_up_after_three_attempts(
    codeartifact_mock: CodeArtifactMock, sleeps: list[float]
) -> None:
    client = _client(mode="standard")
    codeartifact_mock.inject_error("ListDomains", "ThrottlingException", times=4)

    error = _error(client.list_domains)

    assert isinstance(error, client.exceptions.ThrottlingException)
    assert error.response["ResponseMetadata"]["RetryAttempts"] == 2
    assert error.response["ResponseMetadata"]["MaxAttemptsReached"] is True
    assert len(codeartifact_mock.calls) == 3
    # three attempts used three of the four: one is left for the next call, which retries past it
    assert client.list_domains()["ResponseMetadata"]["RetryAttempts"] == 1


def test_legacy_retries_make_five_attempts(codeartifact_mock: CodeArtifactMock, sleeps: list[float]) -> None:
    client = _client(mode="legacy")
    codeartifact_mock.inject_error("ListDomains", "ThrottlingException", times=4)

    response = client.list_domains()

    assert response["ResponseMetadata"]["RetryAttempts"] == 4
    assert [call.error_code for call in codeartifact_mock.calls] == ["ThrottlingException"] * 4 + [None]

    codeartifact_mock.inject_error("ListDomains", "ThrottlingException", times=5)
    error = _error(client.list_domains)
    assert error.response["ResponseMetadata"]["RetryAttempts"] == 4


def test_injections_are_reset_with_the_state() -> None:
    with mock_codeartifact() as ca:
        # Made inside a mock (a client made before any mock runs botocore's credential chain), used in both.
        no_retry = _client(total_max_attempts=1)
        ca.inject_error("ListDomains", "InternalServerException")
    with mock_codeartifact():
        assert no_retry.list_domains()["domains"] == []


def test_an_inactive_mock_refuses_injections() -> None:
    with pytest.raises(RuntimeError, match="start the mock"):
        CodeArtifactMock().inject_error("ListDomains", "ThrottlingException")


@pytest.mark.parametrize(
    ("operation", "code", "options", "complaint"),
    [
        (
            "ListDomain",
            "ThrottlingException",
            {},
            r"'ListDomain' is not a CodeArtifact operation.*ListDomains",
        ),
        (
            "ListDomains",
            "ConflictException",
            {},
            r"ListDomains cannot fail with 'ConflictException': the service model lists only "
            r"AccessDeniedException, InternalServerException, ThrottlingException, ValidationException",
        ),
        ("ListDomains", "Throttling", {}, r"cannot fail with 'Throttling'"),
        (
            "ListDomains",
            "InternalServerException",
            {"retry_after_seconds": 5},
            "retry_after_seconds applies only to ThrottlingException",
        ),
        ("ListDomains", "ThrottlingException", {"retry_after_seconds": 1.5}, "whole number of seconds"),
        ("ListDomains", "ThrottlingException", {"times": 0}, "times must be a positive number"),
        (
            "DescribeDomain",
            "ResourceNotFoundException",
            {"fields": {"reason": "x"}},
            "ResourceNotFoundException has no member reason; its fields are: resourceId, resourceType",
        ),
        (
            "DescribeDomain",
            "ResourceNotFoundException",
            {"fields": {"resourceType": "banana"}},
            "Value 'banana' at 'resourceType' failed to satisfy constraint: Member must satisfy enum",
        ),
    ],
)
def test_what_the_model_does_not_allow_is_a_value_error(
    codeartifact_mock: CodeArtifactMock, operation: str, code: str, options: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint):
        codeartifact_mock.inject_error(operation, code, **options)
    assert codeartifact_mock.calls == ()  # nothing was queued or answered
