"""Helpers for the tests of UpdatePackageVersionsStatus, DisposePackageVersions and DeletePackageVersions.

Everything here goes through the public surface: ``CodeArtifactMock.add_package_version`` to seed, and boto3
clients to act and to look at the state afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Optional

import pytest
from botocore.exceptions import ClientError

from codeartifact_mock import CodeArtifactMock

DOMAIN = "my-domain"
REPO = "my_repo"
OWN_ACCOUNT = "123456789012"  # the account the mock answers as by default

# The three operations under test, by their botocore method names.
UPDATE = "update_package_versions_status"
DISPOSE = "dispose_package_versions"
DELETE = "delete_package_versions"
OPERATIONS = (UPDATE, DISPOSE, DELETE)
OPERATION_NAMES = {
    UPDATE: "UpdatePackageVersionsStatus",
    DISPOSE: "DisposePackageVersions",
    DELETE: "DeletePackageVersions",
}
# What a successful call of each operation leaves as the version's status (Update: the target used below).
RESULT_STATUS = {UPDATE: "Archived", DISPOSE: "Disposed", DELETE: "Deleted"}

STATUSES = ("Published", "Unfinished", "Unlisted", "Archived", "Disposed", "Deleted")
STATUS_ENUM = "[Published, Unfinished, Unlisted, Archived, Disposed, Deleted]"
DOMAIN_PATTERN = r"[a-z][a-z0-9\-]{0,48}[a-z0-9]"
REPOSITORY_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._\-]{1,99}"
COORDINATE_PATTERN = r"[^#/\s]+"


def coordinates(
    package: str,
    *,
    fmt: str = "npm",
    namespace: Optional[str] = None,
    domain: str = DOMAIN,
    repository: str = REPO,
    domain_owner: Optional[str] = None,
) -> dict[str, Any]:
    """The keyword arguments that name a package in every package-level CodeArtifact call."""
    kwargs: dict[str, Any] = {"domain": domain, "repository": repository, "format": fmt, "package": package}
    if namespace is not None:
        kwargs["namespace"] = namespace
    if domain_owner is not None:
        kwargs["domainOwner"] = domain_owner
    return kwargs


def call(
    client: Any,
    operation: str,
    where: Mapping[str, Any],
    versions: list[str],
    *,
    target: str = "Archived",
    expected: Optional[str] = None,
    revisions: Optional[dict[str, str]] = None,
) -> dict[str, Any]:
    """Call one of the three batch operations; ``target`` is used by Update only. Returns the body only."""
    kwargs: dict[str, Any] = dict(where, versions=versions)
    if operation == UPDATE:
        kwargs["targetStatus"] = target
    if expected is not None:
        kwargs["expectedStatus"] = expected
    if revisions is not None:
        kwargs["versionRevisions"] = revisions
    return body(getattr(client, operation)(**kwargs))


def body(response: Mapping[str, Any]) -> dict[str, Any]:
    """A response without botocore's ``ResponseMetadata``: what the AWS CLI would print."""
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


def ok(entries: Mapping[str, tuple[str, str]]) -> dict[str, Any]:
    """The documented body of a fully successful batch: version -> (revision, status)."""
    return {
        "successfulVersions": {v: {"revision": rev, "status": st} for v, (rev, st) in entries.items()},
        "failedVersions": {},
    }


def failed(entries: Mapping[str, tuple[str, str]]) -> dict[str, Any]:
    """The documented body of a rejected batch: version -> (errorCode, errorMessage)."""
    return {
        "successfulVersions": {},
        "failedVersions": {v: {"errorCode": c, "errorMessage": m} for v, (c, m) in entries.items()},
    }


def skipped(version: str) -> tuple[str, str]:
    return ("SKIPPED", f"version {version} is skipped")


def not_found(version: str) -> tuple[str, str]:
    return ("NOT_FOUND", f"Could not find version {version}")


def mismatched_status(current: str, expected: str) -> tuple[str, str]:
    return ("MISMATCHED_STATUS", f"current status: {current}, expected status: {expected}")


def mismatched_revision(current: str, expected: str) -> tuple[str, str]:
    return ("MISMATCHED_REVISION", f"current revision: {current}, expected revision: {expected}")


def not_allowed(version: str, target: str) -> tuple[str, str]:
    return ("NOT_ALLOWED", f"cannot change status of version {version} from Disposed to {target}")


def version_states(client: Any, where: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """Every version of the package, all statuses: version -> (status, revision), read through paging."""
    states: dict[str, tuple[str, str]] = {}
    token: Optional[str] = None
    while True:
        kwargs: dict[str, Any] = dict(where, maxResults=1000)
        if token is not None:
            kwargs["nextToken"] = token
        page = client.list_package_versions(**kwargs)
        for entry in page["versions"]:
            assert entry["version"] not in states, f"version {entry['version']} listed twice"
            states[entry["version"]] = (entry["status"], entry["revision"])
        token = page.get("nextToken")
        if token is None:
            return states


def listed_versions(client: Any, where: Mapping[str, Any]) -> list[str]:
    """The versions ListPackageVersions returns, in its default order."""
    return [entry["version"] for entry in client.list_package_versions(**where, maxResults=1000)["versions"]]


def describe(client: Any, where: Mapping[str, Any], version: str) -> dict[str, Any]:
    result: dict[str, Any] = client.describe_package_version(**where, packageVersion=version)[
        "packageVersion"
    ]
    return result


def status_and_revision(client: Any, where: Mapping[str, Any], version: str) -> tuple[str, str]:
    description = describe(client, where, version)
    return description["status"], description["revision"]


def asset_names(client: Any, where: Mapping[str, Any], version: str) -> list[str]:
    response = client.list_package_version_assets(**where, packageVersion=version)
    return [asset["name"] for asset in response["assets"]]


def domain_asset_bytes(client: Any, domain: str = DOMAIN, domain_owner: Optional[str] = None) -> int:
    kwargs: dict[str, Any] = {"domain": domain}
    if domain_owner is not None:
        kwargs["domainOwner"] = domain_owner
    size: int = client.describe_domain(**kwargs)["domain"]["assetSizeBytes"]
    return size


def seed(
    ca: CodeArtifactMock,
    package: str,
    versions: Iterable[str],
    *,
    fmt: str = "npm",
    namespace: Optional[str] = None,
    status: str = "Published",
    domain: str = DOMAIN,
    repository: str = REPO,
    account_id: Optional[str] = None,
) -> dict[str, str]:
    """Seed several versions of one package with the same status; returns version -> revision."""
    return {
        version: ca.add_package_version(
            domain,
            repository,
            fmt,
            package,
            version,
            namespace=namespace,
            status=status,
            account_id=account_id,
        )
        for version in versions
    }


def client_error(excinfo: pytest.ExceptionInfo[ClientError], code: str, http_status: int) -> dict[str, Any]:
    """Assert the error code and HTTP status of a ClientError; return its parsed response."""
    response: dict[str, Any] = excinfo.value.response
    assert response["Error"]["Code"] == code, response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == http_status, response
    return response


def validation_error(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    """Assert a 400 ValidationException; return its message."""
    response = client_error(excinfo, "ValidationException", 400)
    message: str = response["Error"]["Message"]
    assert message, "a ValidationException must say what is wrong"
    return message


def coral(value: Optional[str], field: str, constraint: str) -> str:
    """One Coral-style validation sentence, as AWS words it."""
    shown = "null" if value is None else f"'{value}'"
    return f"Value {shown} at '{field}' failed to satisfy constraint: Member must {constraint}"


def coral_message(*sentences: str) -> str:
    noun = "error" if len(sentences) == 1 else "errors"
    return f"{len(sentences)} validation {noun} detected: " + "; ".join(sentences)
