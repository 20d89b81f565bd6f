"""GetAuthorizationToken (lifetime, validation), GetRepositoryEndpoint (URL per format and endpoint type)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from owner_policies import owner_allows

from codeartifact_mock import CodeArtifactMock

ACCOUNT = "123456789012"
FORMATS = ["npm", "pypi", "maven", "nuget", "generic", "ruby", "swift", "cargo"]


@pytest.fixture
def acme(client: Any) -> Any:
    client.create_domain(domain="acme")
    client.create_repository(domain="acme", repository="releases")
    return client


def _lifetime(response: dict[str, Any], before: datetime) -> timedelta:
    return response["expiration"] - before


@pytest.mark.parametrize(
    ("duration", "expected"),
    [(None, 43200), (900, 900), (3600, 3600), (43200, 43200), (0, 3600)],
)
def test_token_expires_after_the_requested_duration(acme: Any, duration: Any, expected: int) -> None:
    kwargs = {} if duration is None else {"durationSeconds": duration}
    before = datetime.now(timezone.utc)
    response = acme.get_authorization_token(domain="acme", **kwargs)
    lifetime = _lifetime(response, before)
    assert timedelta(seconds=expected) <= lifetime < timedelta(seconds=expected + 5)


def test_each_token_is_a_new_opaque_string(acme: Any) -> None:
    first = acme.get_authorization_token(domain="acme")["authorizationToken"]
    second = acme.get_authorization_token(domain="acme")["authorizationToken"]
    assert isinstance(first, str) and len(first) > 100 and first != second
    assert first.startswith("eyJ")  # like AWS's: a base64url JSON header first


@pytest.mark.parametrize("duration", [1, 899])
def test_durations_between_zero_and_fifteen_minutes_are_rejected(acme: Any, duration: int) -> None:
    with pytest.raises(acme.exceptions.ValidationException) as excinfo:
        acme.get_authorization_token(domain="acme", durationSeconds=duration)
    assert excinfo.value.response["message"] == (
        f"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: "
        "Member must be 0 or between 900 and 43200"
    )


def test_durations_beyond_twelve_hours_break_the_model_bound(acme: Any) -> None:
    with pytest.raises(acme.exceptions.ValidationException) as excinfo:
        acme.get_authorization_token(domain="acme", durationSeconds=43201)
    assert excinfo.value.response["message"] == (
        "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: "
        "Member must have value less than or equal to 43200"
    )


def test_a_token_needs_an_existing_domain(client: Any, codeartifact_mock: CodeArtifactMock) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.get_authorization_token(domain="nowhere")
    assert (excinfo.value.response["resourceType"], excinfo.value.response["resourceId"]) == (
        "domain",
        "nowhere",
    )
    codeartifact_mock.add_package_version(
        "shared", "libs", "npm", "utils", "1.0.0", account_id="111122223333"
    )
    with pytest.raises(client.exceptions.ResourceNotFoundException):  # not in the account domainOwner names
        client.get_authorization_token(domain="nowhere", domainOwner="111122223333")
    # another account's domain exists: its domain policy must grant the token
    with pytest.raises(client.exceptions.AccessDeniedException):
        client.get_authorization_token(domain="shared", domainOwner="111122223333")
    owner_allows(codeartifact_mock, client, "111122223333", "shared", ["codeartifact:GetAuthorizationToken"])
    assert client.get_authorization_token(domain="shared", domainOwner="111122223333")["authorizationToken"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_ipv4_endpoint_per_format(acme: Any, fmt: str) -> None:
    url = acme.get_repository_endpoint(domain="acme", repository="releases", format=fmt)["repositoryEndpoint"]
    assert url == f"https://acme-{ACCOUNT}.d.codeartifact.us-east-1.amazonaws.com/{fmt}/releases/"
    explicit = acme.get_repository_endpoint(
        domain="acme", repository="releases", format=fmt, endpointType="ipv4"
    )
    assert explicit["repositoryEndpoint"] == url


@pytest.mark.parametrize("fmt", FORMATS)
def test_dualstack_endpoint_per_format(acme: Any, fmt: str) -> None:
    url = acme.get_repository_endpoint(
        domain="acme", repository="releases", format=fmt, endpointType="dualstack"
    )["repositoryEndpoint"]
    assert url == f"https://acme-{ACCOUNT}.codeartifact.us-east-1.on.aws/{fmt}/releases/"


def test_the_endpoint_names_the_domain_owner_and_region(codeartifact_mock: CodeArtifactMock) -> None:
    codeartifact_mock.add_package_version(
        "shared", "Libs.v2", "npm", "utils", "1.0.0", account_id="111122223333", region="eu-west-1"
    )
    client = boto3.client("codeartifact", region_name="eu-west-1")
    with codeartifact_mock.as_principal("arn:aws:iam::111122223333:user/admin"):  # the owner asks
        url = client.get_repository_endpoint(
            domain="shared", domainOwner="111122223333", repository="Libs.v2", format="npm"
        )["repositoryEndpoint"]
    assert url == "https://shared-111122223333.d.codeartifact.eu-west-1.amazonaws.com/npm/Libs.v2/"


def test_the_endpoint_of_a_missing_repository_is_not_found(acme: Any) -> None:
    with pytest.raises(acme.exceptions.ResourceNotFoundException) as excinfo:
        acme.get_repository_endpoint(domain="acme", repository="nowhere", format="npm")
    assert (excinfo.value.response["resourceType"], excinfo.value.response["resourceId"]) == (
        "repository",
        "nowhere",
    )


def test_an_unknown_endpoint_type_is_rejected(acme: Any) -> None:
    with pytest.raises(acme.exceptions.ValidationException) as excinfo:
        acme.get_repository_endpoint(domain="acme", repository="releases", format="npm", endpointType="ipv6")
    assert "Member must satisfy enum value set: [dualstack, ipv4]" in excinfo.value.response["message"]
