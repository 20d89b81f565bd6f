"""Server-side, model-driven validation, worded as AWS's Coral framework words it.

Every call goes through ``raw_client`` (botocore's own checks off), so only the mock validates.
"""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import given, settings
from hypothesis import strategies as st

from codeartifact_mock import mock_codeartifact

DOMAIN_PATTERN = r"[a-z][a-z0-9\-]{0,48}[a-z0-9]"
FORMATS = "[npm, pypi, maven, nuget, generic, ruby, swift, cargo]"
LOC: dict[str, str] = {"domain": "dom", "repository": "repo"}


def _validation_error(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, dict[str, Any]]:
    resp = excinfo.value.response
    assert resp["Error"]["Code"] == "ValidationException"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert resp["reason"] == "FIELD_VALIDATION_FAILED"
    return resp["Error"]["Message"], resp


@pytest.fixture
def seeded(raw_client: Any) -> Any:
    raw_client.create_domain(domain="dom")
    raw_client.create_repository(domain="dom", repository="repo")
    return raw_client


def test_domain_pattern(raw_client: Any) -> None:
    with pytest.raises(raw_client.exceptions.ValidationException) as excinfo:
        raw_client.create_domain(domain="my_domain")
    message, _ = _validation_error(excinfo)
    assert message == (
        "1 validation error detected: Value 'my_domain' at 'domain' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {DOMAIN_PATTERN}"
    )
    assert raw_client.list_domains()["domains"] == []


def test_domain_too_long(raw_client: Any) -> None:
    name = "a" * 51
    with pytest.raises(raw_client.exceptions.ValidationException) as excinfo:
        raw_client.create_domain(domain=name)
    message, _ = _validation_error(excinfo)
    # 51 characters break both the length and the pattern's {0,48}
    assert message.startswith("2 validation errors detected: ")
    parts = set(message.removeprefix("2 validation errors detected: ").split("; "))
    assert parts == {
        f"Value '{name}' at 'domain' failed to satisfy constraint: "
        "Member must have length less than or equal to 50",
        f"Value '{name}' at 'domain' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {DOMAIN_PATTERN}",
    }
    assert raw_client.list_domains()["domains"] == []


def test_domain_too_short(raw_client: Any) -> None:
    with pytest.raises(raw_client.exceptions.ValidationException) as excinfo:
        raw_client.describe_domain(domain="a")
    message, _ = _validation_error(excinfo)
    assert (
        "Value 'a' at 'domain' failed to satisfy constraint: "
        "Member must have length greater than or equal to 2" in message
    )


def test_fifty_character_domain_is_accepted(raw_client: Any) -> None:
    name = "a" * 50
    assert raw_client.create_domain(domain=name)["domain"]["name"] == name


def test_enum(seeded: Any) -> None:
    with pytest.raises(seeded.exceptions.ValidationException) as excinfo:
        seeded.list_package_versions(**LOC, format="rpm", package="chalk")
    message, _ = _validation_error(excinfo)
    assert message == (
        "1 validation error detected: Value 'rpm' at 'format' failed to satisfy constraint: "
        f"Member must satisfy enum value set: {FORMATS}"
    )


def test_status_enum(seeded: Any) -> None:
    with pytest.raises(seeded.exceptions.ValidationException) as excinfo:
        seeded.list_package_versions(**LOC, format="npm", package="chalk", status="Gone")
    message, _ = _validation_error(excinfo)
    assert message == (
        "1 validation error detected: Value 'Gone' at 'status' failed to satisfy constraint: "
        "Member must satisfy enum value set: [Published, Unfinished, Unlisted, Archived, Disposed, Deleted]"
    )


def test_required_member_missing(raw_client: Any) -> None:
    with pytest.raises(raw_client.exceptions.ValidationException) as excinfo:
        raw_client.describe_domain()
    message, _ = _validation_error(excinfo)
    assert message == (
        "1 validation error detected: "
        "Value null at 'domain' failed to satisfy constraint: Member must not be null"
    )


def test_several_required_members_missing(raw_client: Any) -> None:
    with pytest.raises(raw_client.exceptions.ValidationException) as excinfo:
        raw_client.describe_repository()
    message, _ = _validation_error(excinfo)
    assert message.startswith("2 validation errors detected: ")
    parts = set(message.removeprefix("2 validation errors detected: ").split("; "))
    assert parts == {
        "Value null at 'domain' failed to satisfy constraint: Member must not be null",
        "Value null at 'repository' failed to satisfy constraint: Member must not be null",
    }


def test_several_errors_at_once(raw_client: Any) -> None:
    with pytest.raises(raw_client.exceptions.ValidationException) as excinfo:
        raw_client.create_repository(domain="Bad_Domain", repository="-bad")
    message, _ = _validation_error(excinfo)
    assert message.startswith("2 validation errors detected: ")
    parts = set(message.removeprefix("2 validation errors detected: ").split("; "))
    assert parts == {
        "Value 'Bad_Domain' at 'domain' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {DOMAIN_PATTERN}",
        "Value '-bad' at 'repository' failed to satisfy constraint: "
        r"Member must satisfy regular expression pattern: [A-Za-z0-9][A-Za-z0-9._\-]{1,99}",
    }


def test_package_name_pattern(seeded: Any) -> None:
    with pytest.raises(seeded.exceptions.ValidationException) as excinfo:
        seeded.describe_package(**LOC, format="npm", package="org/package")
    message, _ = _validation_error(excinfo)
    assert message == (
        "1 validation error detected: Value 'org/package' at 'package' failed to satisfy constraint: "
        r"Member must satisfy regular expression pattern: [^#/\s]+"
    )


def test_version_list_max(seeded: Any, codeartifact_mock: Any) -> None:
    codeartifact_mock.add_package_version("dom", "repo", "npm", "chalk", "1.0.0")
    versions = [f"1.0.{index}" for index in range(101)]
    with pytest.raises(seeded.exceptions.ValidationException) as excinfo:
        seeded.update_package_versions_status(
            **LOC, format="npm", package="chalk", versions=versions, targetStatus="Archived"
        )
    message, _ = _validation_error(excinfo)
    assert message.startswith("1 validation error detected: Value ")
    assert message.endswith(
        "at 'versions' failed to satisfy constraint: Member must have length less than or equal to 100"
    )
    status = seeded.describe_package_version(**LOC, format="npm", package="chalk", packageVersion="1.0.0")
    assert status["packageVersion"]["status"] == "Published"


@pytest.mark.parametrize(
    ("value", "constraint"),
    [
        (0, "Member must have value greater than or equal to 1"),
        (1001, "Member must have value less than or equal to 1000"),
    ],
)
def test_max_results_range(seeded: Any, codeartifact_mock: Any, value: int, constraint: str) -> None:
    codeartifact_mock.add_package_version("dom", "repo", "npm", "chalk", "1.0.0")
    with pytest.raises(seeded.exceptions.ValidationException) as excinfo:
        seeded.list_package_versions(**LOC, format="npm", package="chalk", maxResults=value)
    message, _ = _validation_error(excinfo)
    assert message == (
        f"1 validation error detected: "
        f"Value '{value}' at 'maxResults' failed to satisfy constraint: {constraint}"
    )
    with pytest.raises(seeded.exceptions.ValidationException):
        seeded.list_packages(**LOC, maxResults=value)
    assert (
        len(seeded.list_package_versions(**LOC, format="npm", package="chalk", maxResults=1000)["versions"])
        == 1
    )


def test_sha256_pattern(seeded: Any) -> None:
    with pytest.raises(seeded.exceptions.ValidationException) as excinfo:
        seeded.publish_package_version(
            **LOC,
            format="generic",
            namespace="ns",
            package="tool",
            packageVersion="1.0",
            assetContent=b"x",
            assetName="a.bin",
            assetSHA256="abc",
        )
    message, _ = _validation_error(excinfo)
    assert "Value 'abc' at 'assetSHA256' failed to satisfy constraint: " in message
    assert seeded.list_packages(**LOC)["packages"] == []


def test_rejected_call_changes_nothing(seeded: Any, codeartifact_mock: Any) -> None:
    codeartifact_mock.add_package_version("dom", "repo", "npm", "chalk", "1.0.0")
    before = seeded.describe_package_version(**LOC, format="npm", package="chalk", packageVersion="1.0.0")
    with pytest.raises(seeded.exceptions.ValidationException):
        seeded.update_package_versions_status(
            **LOC, format="npm", package="chalk", versions=["1.0.0"], targetStatus="Bogus"
        )
    with pytest.raises(seeded.exceptions.ValidationException):
        seeded.delete_package_versions(
            **LOC, format="npm", package="chalk", versions=["1.0.0"], expectedStatus="X"
        )
    with pytest.raises(seeded.exceptions.ValidationException):
        seeded.create_repository(domain="dom", repository="r" * 101)
    with pytest.raises(seeded.exceptions.ValidationException):
        seeded.delete_repository(domain="dom", repository="repo", domainOwner="12345")
    after = seeded.describe_package_version(**LOC, format="npm", package="chalk", packageVersion="1.0.0")
    assert after["packageVersion"]["status"] == before["packageVersion"]["status"] == "Published"
    assert after["packageVersion"]["revision"] == before["packageVersion"]["revision"]
    assert [r["name"] for r in seeded.list_repositories_in_domain(domain="dom")["repositories"]] == ["repo"]


def test_seeding_rejects_bad_arguments(codeartifact_mock: Any, client: Any) -> None:
    with pytest.raises(ValueError, match="Member must satisfy regular expression pattern"):
        codeartifact_mock.add_package_version("Bad_Domain", "repo", "npm", "chalk", "1.0.0")
    with pytest.raises(ValueError, match="enum value set"):
        codeartifact_mock.add_package_version("dom", "repo", "rpm", "chalk", "1.0.0")
    with pytest.raises(ValueError):
        codeartifact_mock.add_package_version("dom", "repo", "npm", "chalk", "1.0.0", status="Bogus")
    with pytest.raises(ValueError):
        codeartifact_mock.add_package_version("dom", "repo", "generic", "tool", "1.0.0")  # namespace missing
    with pytest.raises(ValueError, match=r"at 'revision' .* regular expression pattern: \\S\+"):
        codeartifact_mock.add_package_version("dom", "repo", "npm", "chalk", "1.0.0", revision="has space")
    with pytest.raises(ValueError, match="Deleted is not stored"):
        codeartifact_mock.add_package_version("dom", "repo", "npm", "chalk", "1.0.0", status="Deleted")
    assert client.list_domains()["domains"] == []


_VALID = re.compile(DOMAIN_PATTERN)

_names = st.one_of(
    st.from_regex(DOMAIN_PATTERN, fullmatch=True),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.text(alphabet="abcxyz019-_A. ", min_size=0, max_size=55),
)


@settings(max_examples=100, deadline=None)
@given(name=_names)
def test_domain_name_property(name: str) -> None:
    should_pass = _VALID.fullmatch(name) is not None and 2 <= len(name) <= 50
    with mock_codeartifact():
        # Made inside the mock: a client made before any mock runs botocore's credential chain.
        client = boto3.client(
            "codeartifact", region_name="us-east-1", config=Config(parameter_validation=False)
        )
        try:
            created = client.create_domain(domain=name)
        except client.exceptions.ValidationException as error:
            assert not should_pass, f"{name!r} was rejected: {error}"
            assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
            assert client.list_domains()["domains"] == []
        else:
            assert should_pass, f"{name!r} was accepted"
            assert created["domain"]["name"] == name
            assert client.describe_domain(domain=name)["domain"]["name"] == name
