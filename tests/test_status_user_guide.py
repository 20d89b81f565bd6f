"""Every worked example of the user guide page "Update package version status" (seed 002), reproduced byte
for byte, plus the AWS CLI reference example of seed 003.

The documented commands use ``--domain my_domain``, which the service model's domain pattern rejects; the
tests use ``my-domain``. The domain is owned by the documented account 111122223333, whose commands they are:
the mock answers as that account, and every call passes ``domainOwner="111122223333"`` as the commands do.
Revisions are pinned with ``revision=`` so the sample outputs come back exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from helpers_status import (
    DELETE,
    DISPOSE,
    REPO,
    UPDATE,
    asset_names,
    body,
    call,
    coordinates,
    describe,
    failed,
    mismatched_revision,
    mismatched_status,
    not_allowed,
    ok,
    skipped,
    status_and_revision,
    validation_error,
    version_states,
)

from codeartifact_mock import CodeArtifactMock, mock_codeartifact

DOMAIN = "my-domain"
OWNER = "111122223333"

R_OZ8 = "+Oz8skWbwY3k8M6SrNIqNj6bVH/ax+CxvkJx+No5j8I="
R_25 = "25/UjBleHs1DZewk+zozoeqH/R80Rc9gL1P8vbzVMJ4="
# The single-version --version-revisions command prints 4.1.0's revision without its "v" (a doc typo).
R_25_AS_PRINTED = "25/UjBleHs1DZewk+zozoeqH/R80Rc9gL1P8bzVMJ4="
# The revision the MISMATCHED_REVISION example passes on purpose.
R_25_WRONG = "25/UjBleHs1DZewk+zozoeqH/R80Rc9gL1P8vbzVMJ="
R_E3 = "E3lhBp0RObRTut4pkjV5c1AQGkgSA7Oxtil6hMMzelc="
R_CIQE5 = "Ciqe5/9yicvkJT13b5/LdLpCyE6fqA7poa9qp+FilPs="

CHALK = coordinates("chalk", domain=DOMAIN, domain_owner=OWNER)


@pytest.fixture
def codeartifact_mock() -> Iterator[CodeArtifactMock]:
    """The mock answering as the owner, 111122223333: the guide's commands are run in its account."""
    with mock_codeartifact(account_id=OWNER) as mock:
        yield mock


def seed_chalk(ca: CodeArtifactMock, revisions: dict[str, str], status: str = "Published") -> None:
    for version, revision in revisions.items():
        ca.add_package_version(
            DOMAIN, REPO, "npm", "chalk", version, status=status, account_id=OWNER, revision=revision
        )


# --- Updating package version status ---------------------------------------------------------------


def test_archive_one_version(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """aws codeartifact update-package-versions-status ... --package chalk --versions 4.1.0
    --target-status Archived"""
    seed_chalk(codeartifact_mock, {"4.1.0": R_OZ8})

    response = client.update_package_versions_status(
        domain=DOMAIN,
        domainOwner=OWNER,
        repository=REPO,
        format="npm",
        package="chalk",
        versions=["4.1.0"],
        targetStatus="Archived",
    )

    assert body(response) == {
        "successfulVersions": {"4.1.0": {"revision": R_OZ8, "status": "Archived"}},
        "failedVersions": {},
    }
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert status_and_revision(client, CHALK, "4.1.0") == ("Archived", R_OZ8)


def test_archive_two_versions_in_one_call(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """... --versions 4.1.0 4.1.1 --target-status Archived"""
    seed_chalk(codeartifact_mock, {"4.1.0": R_25, "4.1.1": R_OZ8})

    response = client.update_package_versions_status(
        domain=DOMAIN,
        domainOwner=OWNER,
        repository=REPO,
        format="npm",
        package="chalk",
        versions=["4.1.0", "4.1.1"],
        targetStatus="Archived",
    )

    assert body(response) == {
        "successfulVersions": {
            "4.1.0": {"revision": R_25, "status": "Archived"},
            "4.1.1": {"revision": R_OZ8, "status": "Archived"},
        },
        "failedVersions": {},
    }
    assert version_states(client, CHALK) == {"4.1.0": ("Archived", R_25), "4.1.1": ("Archived", R_OZ8)}


def test_unfinished_is_not_a_permitted_target_status(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    """ "once published, a package version cannot be moved back to the Unfinished state, so this status is not
    permitted as a value for the --target-status parameter"."""
    seed_chalk(codeartifact_mock, {"4.1.0": R_25})

    with pytest.raises(ClientError) as excinfo:
        call(client, UPDATE, CHALK, ["4.1.0"], target="Unfinished")

    assert "Unfinished" in validation_error(excinfo)
    assert status_and_revision(client, CHALK, "4.1.0") == ("Published", R_25)


def test_disposed_target_status_points_to_dispose_package_versions(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    """ "To move the package version to the Disposed state, use the dispose-package-versions command
    instead"."""
    seed_chalk(codeartifact_mock, {"4.1.0": R_25})

    with pytest.raises(ClientError) as excinfo:
        call(client, UPDATE, CHALK, ["4.1.0"], target="Disposed")

    message = validation_error(excinfo)
    assert "Disposed" in message
    assert "DisposePackageVersions" in message
    assert status_and_revision(client, CHALK, "4.1.0") == ("Published", R_25)
    assert asset_names(client, CHALK, "4.1.0") == ["package.tgz"]


def test_unlisted_version_can_still_be_downloaded(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """ "when a package version has a status of Unlisted, it can still be downloaded as normal"."""
    codeartifact_mock.add_package_version(
        DOMAIN, REPO, "npm", "chalk", "4.1.0", account_id=OWNER, assets={"package.tgz": b"chalk tarball"}
    )

    call(client, UPDATE, CHALK, ["4.1.0"], target="Unlisted")

    asset = client.get_package_version_asset(**CHALK, packageVersion="4.1.0", asset="package.tgz")
    assert asset["asset"].read() == b"chalk tarball"
    assert describe(client, CHALK, "4.1.0")["status"] == "Unlisted"


# --- Updating status for a scoped npm package -------------------------------------------------------


def test_unlist_scoped_npm_package(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """... --format npm --namespace nestjs --package core --versions 8.0.0 --target-status Unlisted"""
    revision = codeartifact_mock.add_package_version(
        DOMAIN, REPO, "npm", "core", "8.0.0", namespace="nestjs", account_id=OWNER
    )

    response = client.update_package_versions_status(
        domain=DOMAIN,
        domainOwner=OWNER,
        repository=REPO,
        format="npm",
        namespace="nestjs",
        package="core",
        versions=["8.0.0"],
        targetStatus="Unlisted",
    )

    assert body(response) == ok({"8.0.0": (revision, "Unlisted")})
    nestjs_core = coordinates("core", namespace="nestjs", domain=DOMAIN, domain_owner=OWNER)
    description = describe(client, nestjs_core, "8.0.0")
    assert (description["namespace"], description["packageName"]) == ("nestjs", "core")
    assert description["displayName"] == "@nestjs/core"
    assert (description["status"], description["revision"]) == ("Unlisted", revision)


def test_scoped_npm_package_needs_its_namespace(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """Without --namespace the call addresses the unscoped package ``core``, which does not exist."""
    revision = codeartifact_mock.add_package_version(
        DOMAIN, REPO, "npm", "core", "8.0.0", namespace="nestjs", account_id=OWNER
    )

    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        call(
            client,
            UPDATE,
            coordinates("core", domain=DOMAIN, domain_owner=OWNER),
            ["8.0.0"],
            target="Unlisted",
        )

    assert excinfo.value.response["resourceType"] == "package"
    nestjs_core = coordinates("core", namespace="nestjs", domain=DOMAIN, domain_owner=OWNER)
    assert status_and_revision(client, nestjs_core, "8.0.0") == ("Published", revision)


# --- Updating status for a Maven package ------------------------------------------------------------


def test_archive_maven_package(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """... --format maven --namespace org.apache.logging.log4j --package log4j --versions 2.13.1
    --target-status Archived"""
    revision = codeartifact_mock.add_package_version(
        DOMAIN, REPO, "maven", "log4j", "2.13.1", namespace="org.apache.logging.log4j", account_id=OWNER
    )

    response = client.update_package_versions_status(
        domain=DOMAIN,
        domainOwner=OWNER,
        repository=REPO,
        format="maven",
        namespace="org.apache.logging.log4j",
        package="log4j",
        versions=["2.13.1"],
        targetStatus="Archived",
    )

    assert body(response) == ok({"2.13.1": (revision, "Archived")})
    log4j = coordinates(
        "log4j", fmt="maven", namespace="org.apache.logging.log4j", domain=DOMAIN, domain_owner=OWNER
    )
    assert status_and_revision(client, log4j, "2.13.1") == ("Archived", revision)
    assert describe(client, log4j, "2.13.1")["displayName"] == "org.apache.logging.log4j:log4j"


# --- Specifying a package version revision ----------------------------------------------------------


def test_version_revision_single(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """--version-revisions "4.1.0=<its current revision>" --versions 4.1.0 --target-status Archived"""
    seed_chalk(codeartifact_mock, {"4.1.0": R_25})

    response = client.update_package_versions_status(
        domain=DOMAIN,
        domainOwner=OWNER,
        repository=REPO,
        format="npm",
        package="chalk",
        versionRevisions={"4.1.0": R_25},
        versions=["4.1.0"],
        targetStatus="Archived",
    )

    assert body(response) == ok({"4.1.0": (R_25, "Archived")})
    assert status_and_revision(client, CHALK, "4.1.0") == ("Archived", R_25)


def test_version_revision_single_as_printed_is_a_mismatch(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    """The printed command drops a "v" from 4.1.0's revision: the version is left alone, as documented
    ("The status of a package version will only be updated if the current revision ... matches")."""
    seed_chalk(codeartifact_mock, {"4.1.0": R_25})

    response = call(client, UPDATE, CHALK, ["4.1.0"], target="Archived", revisions={"4.1.0": R_25_AS_PRINTED})

    assert response == failed({"4.1.0": mismatched_revision(R_25, R_25_AS_PRINTED)})
    assert status_and_revision(client, CHALK, "4.1.0") == ("Published", R_25)


def test_version_revisions_multiple(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """--version-revisions "4.1.0=25/Uj...,4.0.0=E3lh..." --versions 4.1.0 4.0.0 --target-status Published"""
    seed_chalk(codeartifact_mock, {"4.0.0": R_E3, "4.1.0": R_25}, status="Archived")

    response = client.update_package_versions_status(
        domain=DOMAIN,
        domainOwner=OWNER,
        repository=REPO,
        format="npm",
        package="chalk",
        versionRevisions={"4.1.0": R_25, "4.0.0": R_E3},
        versions=["4.1.0", "4.0.0"],
        targetStatus="Published",
    )

    assert body(response) == {
        "successfulVersions": {
            "4.0.0": {"revision": R_E3, "status": "Published"},
            "4.1.0": {"revision": R_25, "status": "Published"},
        },
        "failedVersions": {},
    }
    assert version_states(client, CHALK) == {"4.0.0": ("Published", R_E3), "4.1.0": ("Published", R_25)}


@pytest.mark.parametrize(
    "revisions",
    [
        pytest.param({"4.1.0": R_25}, id="fewer-revisions-than-versions"),
        pytest.param({"4.1.0": R_25, "4.0.0": R_E3, "4.1.1": R_OZ8}, id="more-revisions-than-versions"),
        pytest.param({"4.1.0": R_25, "4.1.1": R_OZ8}, id="other-versions"),
    ],
)
def test_version_revisions_must_name_the_same_versions(
    codeartifact_mock: CodeArtifactMock, client: Any, revisions: dict[str, str]
) -> None:
    """ "the versions passed to --version-revisions must be the same as the versions passed to --versions"."""
    seed_chalk(codeartifact_mock, {"4.0.0": R_E3, "4.1.0": R_25, "4.1.1": R_OZ8})

    with pytest.raises(ClientError) as excinfo:
        call(client, UPDATE, CHALK, ["4.1.0", "4.0.0"], target="Archived", revisions=revisions)

    validation_error(excinfo)
    assert version_states(client, CHALK) == {
        "4.0.0": ("Published", R_E3),
        "4.1.0": ("Published", R_25),
        "4.1.1": ("Published", R_OZ8),
    }


# --- Using the expected status parameter ------------------------------------------------------------


def test_expected_status_mismatch(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """... --versions 4.1.0 4.0.0 --target-status Archived --expected-status Unlisted, both Published"""
    seed_chalk(codeartifact_mock, {"4.0.0": R_E3, "4.1.0": R_25})

    response = client.update_package_versions_status(
        domain=DOMAIN,
        domainOwner=OWNER,
        repository=REPO,
        format="npm",
        package="chalk",
        versions=["4.1.0", "4.0.0"],
        targetStatus="Archived",
        expectedStatus="Unlisted",
    )

    assert body(response) == {
        "successfulVersions": {},
        "failedVersions": {
            "4.0.0": {
                "errorCode": "MISMATCHED_STATUS",
                "errorMessage": "current status: Published, expected status: Unlisted",
            },
            "4.1.0": {
                "errorCode": "MISMATCHED_STATUS",
                "errorMessage": "current status: Published, expected status: Unlisted",
            },
        },
    }
    assert version_states(client, CHALK) == {"4.0.0": ("Published", R_E3), "4.1.0": ("Published", R_25)}


def test_expected_status_match(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """The same call with the status the versions really have updates them."""
    seed_chalk(codeartifact_mock, {"4.0.0": R_E3, "4.1.0": R_25})

    response = call(client, UPDATE, CHALK, ["4.1.0", "4.0.0"], target="Archived", expected="Published")

    assert response == ok({"4.0.0": (R_E3, "Archived"), "4.1.0": (R_25, "Archived")})
    assert version_states(client, CHALK) == {"4.0.0": ("Archived", R_E3), "4.1.0": ("Archived", R_25)}


# --- Errors with individual package versions --------------------------------------------------------


def test_revision_mismatch_skips_the_other_version(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """--version-revisions "4.1.0=25/Uj...VMJ=,4.0.0=E3lh..." --versions 4.1.0 4.0.0
    --target-status Archived"""
    seed_chalk(codeartifact_mock, {"4.0.0": R_E3, "4.1.0": R_25})

    response = client.update_package_versions_status(
        domain=DOMAIN,
        domainOwner=OWNER,
        repository=REPO,
        format="npm",
        package="chalk",
        versionRevisions={"4.1.0": R_25_WRONG, "4.0.0": R_E3},
        versions=["4.1.0", "4.0.0"],
        targetStatus="Archived",
    )

    assert body(response) == {
        "successfulVersions": {},
        "failedVersions": {
            "4.0.0": {"errorCode": "SKIPPED", "errorMessage": "version 4.0.0 is skipped"},
            "4.1.0": {
                "errorCode": "MISMATCHED_REVISION",
                "errorMessage": "current revision: 25/UjBleHs1DZewk+zozoeqH/R80Rc9gL1P8vbzVMJ4=, "
                "expected revision: 25/UjBleHs1DZewk+zozoeqH/R80Rc9gL1P8vbzVMJ=",
            },
        },
    }
    # "either all versions are updated successfully or no versions are updated"
    assert version_states(client, CHALK) == {"4.0.0": ("Published", R_E3), "4.1.0": ("Published", R_25)}


# --- Disposing of package versions ------------------------------------------------------------------


def test_dispose_expected_status_mismatch_then_success(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    """dispose-package-versions ... --versions 4.0.0 --expected-status Unlisted fails; with Published it
    works."""
    codeartifact_mock.add_package_version(
        DOMAIN,
        REPO,
        "npm",
        "chalk",
        "4.0.0",
        account_id=OWNER,
        revision=R_E3,
        assets={"package.tgz": b"x" * 10},
    )

    first = client.dispose_package_versions(
        domain=DOMAIN,
        domainOwner=OWNER,
        repository=REPO,
        format="npm",
        package="chalk",
        versions=["4.0.0"],
        expectedStatus="Unlisted",
    )

    assert body(first) == {
        "successfulVersions": {},
        "failedVersions": {
            "4.0.0": {
                "errorCode": "MISMATCHED_STATUS",
                "errorMessage": "current status: Published, expected status: Unlisted",
            }
        },
    }
    assert status_and_revision(client, CHALK, "4.0.0") == ("Published", R_E3)
    assert asset_names(client, CHALK, "4.0.0") == ["package.tgz"]

    second = client.dispose_package_versions(
        domain=DOMAIN,
        domainOwner=OWNER,
        repository=REPO,
        format="npm",
        package="chalk",
        versions=["4.0.0"],
        expectedStatus="Published",
    )

    assert body(second) == {
        "successfulVersions": {"4.0.0": {"revision": R_E3, "status": "Disposed"}},
        "failedVersions": {},
    }
    assert status_and_revision(client, CHALK, "4.0.0") == ("Disposed", R_E3)
    # "the package assets will be permanently deleted"
    assert asset_names(client, CHALK, "4.0.0") == []
    assert client.describe_domain(domain=DOMAIN, domainOwner=OWNER)["domain"]["assetSizeBytes"] == 0


@pytest.mark.parametrize("target", ["Archived", "Unlisted", "Published"])
def test_disposed_version_cannot_be_moved_back(
    codeartifact_mock: CodeArtifactMock, client: Any, target: str
) -> None:
    """ "the version's status cannot be changed back to Archived, Unlisted, or Published"."""
    seed_chalk(codeartifact_mock, {"4.0.0": R_E3})
    assert call(client, DISPOSE, CHALK, ["4.0.0"]) == ok({"4.0.0": (R_E3, "Disposed")})

    response = call(client, UPDATE, CHALK, ["4.0.0"], target=target)

    assert response == failed({"4.0.0": not_allowed("4.0.0", target)})
    assert status_and_revision(client, CHALK, "4.0.0") == ("Disposed", R_E3)


def test_disposed_version_can_be_deleted(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """ "The only action that can be taken on a package version that has been disposed is for it to be
    deleted"."""
    seed_chalk(codeartifact_mock, {"4.0.0": R_E3, "4.1.0": R_25})
    call(client, DISPOSE, CHALK, ["4.0.0"])

    response = call(client, DELETE, CHALK, ["4.0.0"])

    assert response == ok({"4.0.0": (R_E3, "Deleted")})
    assert version_states(client, CHALK) == {"4.1.0": ("Published", R_25)}


def test_dispose_honours_version_revisions_like_update(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    """ "The behavior of the dispose-package-versions command is similar to update-package-versions-status,
    including the behavior of the --version-revisions and --expected-status options"."""
    seed_chalk(codeartifact_mock, {"4.0.0": R_E3, "4.1.0": R_25})

    response = call(
        client, DISPOSE, CHALK, ["4.1.0", "4.0.0"], revisions={"4.1.0": R_25_WRONG, "4.0.0": R_E3}
    )

    assert response == failed({"4.0.0": skipped("4.0.0"), "4.1.0": mismatched_revision(R_25, R_25_WRONG)})
    assert version_states(client, CHALK) == {"4.0.0": ("Published", R_E3), "4.1.0": ("Published", R_25)}
    assert asset_names(client, CHALK, "4.0.0") == ["package.tgz"]

    response = call(client, DISPOSE, CHALK, ["4.1.0", "4.0.0"], revisions={"4.1.0": R_25, "4.0.0": R_E3})

    assert response == ok({"4.0.0": (R_E3, "Disposed"), "4.1.0": (R_25, "Disposed")})


def test_mismatched_expected_status_on_dispose_leaves_the_other_versions(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    """Dispose is all-or-nothing too: the matching version is SKIPPED and keeps its assets."""
    seed_chalk(codeartifact_mock, {"4.0.0": R_E3})
    seed_chalk(codeartifact_mock, {"4.1.0": R_25}, status="Unlisted")

    response = call(client, DISPOSE, CHALK, ["4.0.0", "4.1.0"], expected="Published")

    assert response == failed(
        {"4.0.0": skipped("4.0.0"), "4.1.0": mismatched_status("Unlisted", "Published")}
    )
    assert version_states(client, CHALK) == {"4.0.0": ("Published", R_E3), "4.1.0": ("Unlisted", R_25)}
    assert asset_names(client, CHALK, "4.0.0") == ["package.tgz"]


# --- AWS CLI reference (seed 003) -------------------------------------------------------------------


def test_cli_reference_example(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """aws codeartifact update-package-versions-status --domain test-domain --repo test-repo --format npm
    --package test-package --versions 4.0.0 --target-status Archived (no --domain-owner: the caller's own)"""
    codeartifact_mock.add_package_version(
        "test-domain", "test-repo", "npm", "test-package", "4.0.0", revision=R_CIQE5
    )

    response = client.update_package_versions_status(
        domain="test-domain",
        repository="test-repo",
        format="npm",
        package="test-package",
        versions=["4.0.0"],
        targetStatus="Archived",
    )

    assert body(response) == {
        "successfulVersions": {"4.0.0": {"revision": R_CIQE5, "status": "Archived"}},
        "failedVersions": {},
    }
    test_package = coordinates("test-package", domain="test-domain", repository="test-repo")
    assert status_and_revision(client, test_package, "4.0.0") == ("Archived", R_CIQE5)
