"""The lifecycle table (``codeartifact_mock/backend/lifecycle.py``) is the state machine the API follows:
each of its rows, read for a version of each status, is what a real client sees. And it is the only place a
status is spelled."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from codeartifact_mock import CodeArtifactMock
from codeartifact_mock.backend.lifecycle import (
    DELETED,
    LIFECYCLE,
    PUBLISH_AGAIN,
    SAME,
    STORED,
    TARGET,
    UPDATE_TARGETS,
    Conflict,
    Failed,
    Gone,
)

WHERE = {"domain": "dom", "repository": "repo", "format": "npm", "package": "pkg"}
STATUS_NAMES = {"Published", "Unfinished", "Unlisted", "Archived", "Disposed", "Deleted"}


def _seed(ca: CodeArtifactMock, status: str) -> None:
    ca.add_package_version("dom", "repo", "npm", "pkg", "1.0.0", status=status)
    ca.add_package_version("dom", "repo", "npm", "pkg", "2.0.0")  # a Published neighbour in the batch


def _status(client: Any, version: str = "1.0.0") -> str:
    return str(client.describe_package_version(**WHERE, packageVersion=version)["packageVersion"]["status"])


@pytest.mark.parametrize(
    "operation", [op for op in LIFECYCLE if op != "UpdatePackageVersionsStatus targetStatus"]
)
def test_every_row_says_what_happens_to_a_version_of_every_stored_status(operation: str) -> None:
    assert set(STORED) <= set(LIFECYCLE[operation])


def test_update_may_name_published_unlisted_and_archived_only() -> None:
    assert UPDATE_TARGETS == ("Published", "Unlisted", "Archived")


def test_the_endpoints_publish_again_row_is_the_endpoint_spec_column() -> None:
    # endpoints.md section 3: Unlisted "as Published"; Archived and Disposed 409; Unfinished and new allowed
    assert PUBLISH_AGAIN["Unlisted"] == PUBLISH_AGAIN["Published"]
    assert PUBLISH_AGAIN["Archived"] == PUBLISH_AGAIN["Disposed"] == "409"
    assert PUBLISH_AGAIN["Unfinished"] == PUBLISH_AGAIN[DELETED]


@pytest.mark.parametrize("status", STORED)
@pytest.mark.parametrize(
    "operation", ["UpdatePackageVersionsStatus", "DisposePackageVersions", "DeletePackageVersions"]
)
def test_the_batch_rows_are_what_a_client_sees(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str, status: str
) -> None:
    _seed(codeartifact_mock, status)
    target = "Archived"
    extra = {"targetStatus": target} if operation == "UpdatePackageVersionsStatus" else {}
    method = {
        "UpdatePackageVersionsStatus": client.update_package_versions_status,
        "DisposePackageVersions": client.dispose_package_versions,
        "DeletePackageVersions": client.delete_package_versions,
    }[operation]
    answer = method(**WHERE, versions=["1.0.0", "2.0.0"], **extra)
    outcome = LIFECYCLE[operation][status]
    if isinstance(outcome, Failed):
        message = outcome.message.format(version="1.0.0", status=status, target=target)
        assert answer["failedVersions"] == {
            "1.0.0": {"errorCode": outcome.code, "errorMessage": message},
            "2.0.0": {"errorCode": "SKIPPED", "errorMessage": "version 2.0.0 is skipped"},
        }
        assert _status(client) == status  # all or nothing
    else:
        moved = target if outcome == TARGET else outcome
        assert answer["failedVersions"] == {}
        assert answer["successfulVersions"]["1.0.0"]["status"] == moved
        if moved != DELETED:
            assert _status(client) == moved


@pytest.mark.parametrize("status", STORED)
def test_the_copy_row_is_what_a_client_sees(
    codeartifact_mock: CodeArtifactMock, client: Any, status: str
) -> None:
    _seed(codeartifact_mock, status)
    client.create_repository(domain="dom", repository="other")
    answer = client.copy_package_versions(
        domain="dom",
        sourceRepository="repo",
        destinationRepository="other",
        format="npm",
        package="pkg",
        versions=["1.0.0"],
    )
    outcome = LIFECYCLE["CopyPackageVersions"][status]
    if isinstance(outcome, Failed):
        expected = {"errorCode": outcome.code, "errorMessage": outcome.message.format(version="1.0.0")}
        assert answer["failedVersions"] == {"1.0.0": expected}
    else:
        assert outcome == SAME
        assert answer["successfulVersions"]["1.0.0"]["status"] == status


@pytest.mark.parametrize("status", STORED)
def test_the_download_row_is_what_a_client_sees(
    codeartifact_mock: CodeArtifactMock, client: Any, status: str
) -> None:
    codeartifact_mock.add_package_version(
        "dom", "repo", "npm", "pkg", "1.0.0", status=status, assets={"a": b"x"}
    )
    outcome = LIFECYCLE["GetPackageVersionAsset"][status]
    if outcome == SAME:
        answer = client.get_package_version_asset(**WHERE, packageVersion="1.0.0", asset="a")
        assert answer["asset"].read() == b"x"
        return
    with pytest.raises(ClientError) as raised:
        client.get_package_version_asset(**WHERE, packageVersion="1.0.0", asset="a")
    error = raised.value.response["Error"]
    if isinstance(outcome, Conflict):
        assert error["Code"] == "ConflictException"
        assert error["Message"] == outcome.message.format(
            format="npm", coordinates="pkg@1.0.0", status=status
        )
    else:
        assert isinstance(outcome, Gone)
        assert error["Code"] == "ResourceNotFoundException"
        assert f" {outcome.why} " in error["Message"]


def test_no_other_module_spells_a_package_version_status() -> None:
    """Every status string (a whole string literal, not a word in a sentence) is in lifecycle.py; the one
    exception is the domain status Deleted, a different enum, named as such."""
    package = Path(__file__).resolve().parent.parent / "codeartifact_mock"
    spelled = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "lifecycle.py":
            continue
        for token in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
            if token.type == tokenize.STRING and token.string.strip("\"'") in STATUS_NAMES:
                line = token.line.strip()
                if not line.startswith("DOMAIN_DELETED = "):
                    spelled.append(f"{path.relative_to(package)}:{token.start[0]}: {line}")
    assert spelled == []
