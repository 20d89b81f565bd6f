"""The rows of spec section 13 ("Decisions for this project") that concern the three batch operations,
revisions, listing after delete, namespaces, validation and errors: one test (or parametrized set) per row,
named after it."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from botocore.exceptions import ClientError
from helpers_status import (
    COORDINATE_PATTERN,
    DELETE,
    DISPOSE,
    DOMAIN,
    DOMAIN_PATTERN,
    OPERATION_NAMES,
    OPERATIONS,
    REPO,
    REPOSITORY_PATTERN,
    RESULT_STATUS,
    STATUS_ENUM,
    UPDATE,
    asset_names,
    body,
    call,
    client_error,
    coordinates,
    coral,
    coral_message,
    domain_asset_bytes,
    failed,
    listed_versions,
    mismatched_status,
    not_allowed,
    not_found,
    ok,
    seed,
    skipped,
    status_and_revision,
    validation_error,
    version_states,
)
from owner_policies import owner_allows

from codeartifact_mock import CodeArtifactMock

CHALK = coordinates("chalk")
WITH_REVISIONS = (UPDATE, DISPOSE)


def published(ca: CodeArtifactMock, *versions: str) -> dict[str, str]:
    return seed(ca, "chalk", versions)


# --- UpdatePackageVersionsStatus with targetStatus Unfinished, Disposed or Deleted ------------------------


@pytest.mark.parametrize(
    ("target", "instead"),
    [("Unfinished", None), ("Disposed", "DisposePackageVersions"), ("Deleted", "DeletePackageVersions")],
)
def test_update_to_unfinished_disposed_or_deleted_is_rejected_whole(
    codeartifact_mock: CodeArtifactMock, client: Any, target: str, instead: str
) -> None:
    revisions = published(codeartifact_mock, "1.0.0", "2.0.0")

    with pytest.raises(client.exceptions.ValidationException) as excinfo:
        call(client, UPDATE, CHALK, ["1.0.0", "2.0.0"], target=target)

    response = client_error(excinfo, "ValidationException", 400)
    assert response["reason"] == "FIELD_VALIDATION_FAILED"
    message = response["Error"]["Message"]
    assert target in message
    if instead is not None:
        assert instead in message
    assert version_states(client, CHALK) == {v: ("Published", r) for v, r in revisions.items()}
    assert asset_names(client, CHALK, "1.0.0") == ["package.tgz"]


def test_update_to_a_rejected_target_is_rejected_even_for_missing_versions(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    """The whole request is refused: no per-version failedVersions answer."""
    published(codeartifact_mock, "1.0.0")

    with pytest.raises(ClientError) as excinfo:
        call(client, UPDATE, CHALK, ["9.9.9"], target="Deleted")

    assert "DeletePackageVersions" in validation_error(excinfo)


# --- Update of a Disposed version (any target) ------------------------------------------------------------


@pytest.mark.parametrize("target", ["Published", "Unlisted", "Archived"])
def test_update_of_a_disposed_version_is_not_allowed(
    codeartifact_mock: CodeArtifactMock, client: Any, target: str
) -> None:
    revisions = published(codeartifact_mock, "1.0.0", "2.0.0")
    call(client, DISPOSE, CHALK, ["1.0.0"])

    response = call(client, UPDATE, CHALK, ["2.0.0", "1.0.0"], target=target)

    assert response == failed({"1.0.0": not_allowed("1.0.0", target), "2.0.0": skipped("2.0.0")})
    assert version_states(client, CHALK) == {
        "1.0.0": ("Disposed", revisions["1.0.0"]),
        "2.0.0": ("Published", revisions["2.0.0"]),
    }


# --- Update to the status a version already has -----------------------------------------------------------


@pytest.mark.parametrize("status", ["Published", "Unlisted", "Archived"])
def test_update_to_the_current_status_succeeds_unchanged(
    codeartifact_mock: CodeArtifactMock, client: Any, status: str
) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0"], status=status)

    response = call(client, UPDATE, CHALK, ["1.0.0"], target=status, expected=status)

    assert response == ok({"1.0.0": (revisions["1.0.0"], status)})
    assert version_states(client, CHALK) == {"1.0.0": (status, revisions["1.0.0"])}


# --- A version missing from an existing package (Update, Dispose, Delete) ---------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
def test_missing_version_is_not_found_and_others_skipped(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    revisions = published(codeartifact_mock, "1.0.0")

    response = call(client, operation, CHALK, ["1.0.0", "1.0.1"])

    assert response == failed({"1.0.0": skipped("1.0.0"), "1.0.1": not_found("1.0.1")})
    assert version_states(client, CHALK) == {"1.0.0": ("Published", revisions["1.0.0"])}


# --- Package, repository or domain missing ----------------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize(
    ("where", "resource_type", "resource_id", "also_named"),
    [
        pytest.param(coordinates("lodash"), "package", "lodash", REPO, id="package"),
        pytest.param(
            coordinates("chalk", repository="other-repo"), "repository", "other-repo", DOMAIN, id="repository"
        ),
        pytest.param(
            coordinates("chalk", domain="other-domain"), "domain", "other-domain", None, id="domain"
        ),
    ],
)
def test_missing_package_repository_or_domain_is_resource_not_found(
    codeartifact_mock: CodeArtifactMock,
    client: Any,
    operation: str,
    where: dict[str, Any],
    resource_type: str,
    resource_id: str,
    also_named: str,
) -> None:
    revisions = published(codeartifact_mock, "1.0.0")

    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        call(client, operation, where, ["1.0.0"])

    response = client_error(excinfo, "ResourceNotFoundException", 404)
    assert response["resourceType"] == resource_type
    assert response["resourceId"] == resource_id
    message = response["Error"]["Message"]
    assert resource_id in message
    if also_named is not None:
        assert also_named in message, "the message says where the missing resource was looked for"
    name = OPERATION_NAMES[operation]
    assert str(excinfo.value) == (
        f"An error occurred (ResourceNotFoundException) when calling the {name} operation: {message}"
    )
    assert version_states(client, CHALK) == {"1.0.0": ("Published", revisions["1.0.0"])}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_missing_package_in_another_format_is_resource_not_found(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    """Packages are keyed by format: an npm package is not the pypi package of the same name."""
    published(codeartifact_mock, "1.0.0")

    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        call(client, operation, coordinates("chalk", fmt="pypi"), ["1.0.0"])

    assert excinfo.value.response["resourceType"] == "package"
    assert excinfo.value.response["resourceId"] == "chalk"


# --- versionRevisions keys not equal to the set of versions -----------------------------------------------


@pytest.mark.parametrize("operation", WITH_REVISIONS)
@pytest.mark.parametrize(
    ("versions", "keys"),
    [
        pytest.param(["1.0.0", "2.0.0"], ["1.0.0"], id="missing-key"),
        pytest.param(["1.0.0"], ["1.0.0", "2.0.0"], id="extra-key"),
        pytest.param(["1.0.0"], ["2.0.0"], id="other-key"),
    ],
)
def test_version_revisions_keys_not_equal_to_versions_is_a_validation_error(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str, versions: list[str], keys: list[str]
) -> None:
    revisions = published(codeartifact_mock, "1.0.0", "2.0.0")

    with pytest.raises(ClientError) as excinfo:
        call(client, operation, CHALK, versions, revisions={key: revisions[key] for key in keys})

    validation_error(excinfo)
    assert version_states(client, CHALK) == {v: ("Published", r) for v, r in revisions.items()}


# --- versions empty, or more than 100, or a duplicate version ---------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize(
    "versions",
    [
        pytest.param([], id="empty"),
        pytest.param([f"1.0.{i}" for i in range(101)], id="101"),
        pytest.param(["1.0.0", "1.0.1", "1.0.0"], id="duplicate"),
    ],
)
def test_versions_empty_too_many_or_duplicated_is_a_validation_error(
    codeartifact_mock: CodeArtifactMock, raw_client: Any, operation: str, versions: list[str]
) -> None:
    revisions = published(codeartifact_mock, "1.0.0", "1.0.1")

    with pytest.raises(ClientError) as excinfo:
        call(raw_client, operation, CHALK, versions)

    validation_error(excinfo)
    assert version_states(raw_client, CHALK) == {v: ("Published", r) for v, r in revisions.items()}


def test_more_than_100_versions_names_the_limit(codeartifact_mock: CodeArtifactMock, raw_client: Any) -> None:
    published(codeartifact_mock, "1.0.0")

    with pytest.raises(ClientError) as excinfo:
        call(raw_client, DELETE, CHALK, [f"1.0.{i}" for i in range(101)])

    message = validation_error(excinfo)
    assert message.startswith("1 validation error detected: ")
    assert (
        "at 'versions' failed to satisfy constraint: Member must have length less than or equal to 100"
        in message
    )


@pytest.mark.parametrize("operation", OPERATIONS)
def test_exactly_100_versions_are_accepted(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    versions = [f"1.0.{i}" for i in range(100)]
    revisions = seed(codeartifact_mock, "chalk", versions)

    response = call(client, operation, CHALK, versions, target="Unlisted")

    status = "Unlisted" if operation == UPDATE else RESULT_STATUS[operation]
    assert response == ok({v: (r, status) for v, r in revisions.items()})
    expected = {} if operation == DELETE else {v: (status, r) for v, r in revisions.items()}
    assert version_states(client, CHALK) == expected


# --- expectedStatus given and different from the current status -------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
def test_expected_status_different_from_current_is_mismatched_status(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    revisions = published(codeartifact_mock, "1.0.0", "2.0.0")
    call(client, UPDATE, CHALK, ["2.0.0"], target="Archived")

    response = call(client, operation, CHALK, ["1.0.0", "2.0.0"], target="Unlisted", expected="Archived")

    assert response == failed(
        {"1.0.0": mismatched_status("Published", "Archived"), "2.0.0": skipped("2.0.0")}
    )
    assert version_states(client, CHALK) == {
        "1.0.0": ("Published", revisions["1.0.0"]),
        "2.0.0": ("Archived", revisions["2.0.0"]),
    }


# --- Any failure in a batch -------------------------------------------------------------------------------


def test_any_failure_in_a_batch_changes_nothing(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    revisions = published(codeartifact_mock, "1.0.0", "2.0.0", "3.0.0")
    size = domain_asset_bytes(client)

    for operation in OPERATIONS:
        response = call(client, operation, CHALK, ["1.0.0", "2.0.0", "3.0.0", "4.0.0"], target="Unlisted")
        assert response == failed(
            {
                "1.0.0": skipped("1.0.0"),
                "2.0.0": skipped("2.0.0"),
                "3.0.0": skipped("3.0.0"),
                "4.0.0": not_found("4.0.0"),
            }
        )

    assert version_states(client, CHALK) == {v: ("Published", r) for v, r in revisions.items()}
    assert domain_asset_bytes(client) == size


# --- Dispose of a version that is already Disposed --------------------------------------------------------


def test_dispose_of_a_disposed_version_is_an_idempotent_success(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    revisions = published(codeartifact_mock, "1.0.0", "2.0.0")
    call(client, DISPOSE, CHALK, ["1.0.0"])

    response = call(client, DISPOSE, CHALK, ["1.0.0", "2.0.0"])
    again = call(client, DISPOSE, CHALK, ["1.0.0", "2.0.0"])

    assert response == again == ok({v: (r, "Disposed") for v, r in revisions.items()})
    assert version_states(client, CHALK) == {v: ("Disposed", r) for v, r in revisions.items()}


# --- Dispose of Published, Unlisted, Archived or Unfinished -----------------------------------------------


@pytest.mark.parametrize("status", ["Published", "Unlisted", "Archived", "Unfinished"])
def test_dispose_is_allowed_from_every_live_status_and_deletes_assets(
    codeartifact_mock: CodeArtifactMock, client: Any, status: str
) -> None:
    revision = codeartifact_mock.add_package_version(
        DOMAIN, REPO, "npm", "chalk", "1.0.0", status=status, assets={"package.tgz": b"a" * 1000}
    )
    kept = published(codeartifact_mock, "2.0.0")
    size_before = domain_asset_bytes(client)

    response = call(client, DISPOSE, CHALK, ["1.0.0"], expected=status)

    assert response == ok({"1.0.0": (revision, "Disposed")})
    assert version_states(client, CHALK) == {
        "1.0.0": ("Disposed", revision),
        "2.0.0": ("Published", kept["2.0.0"]),
    }
    assert asset_names(client, CHALK, "1.0.0") == []
    assert asset_names(client, CHALK, "2.0.0") == ["package.tgz"]
    assert domain_asset_bytes(client) == size_before - 1000


# --- Assets after Dispose ---------------------------------------------------------------------------------


def test_assets_after_dispose_are_gone(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    assets = {"package.tgz": b"tarball", "extra.txt": b"more bytes"}
    revision = codeartifact_mock.add_package_version(DOMAIN, REPO, "npm", "chalk", "1.0.0", assets=assets)
    assert domain_asset_bytes(client) == len(b"tarball") + len(b"more bytes")
    assert client.get_package_version_asset(**CHALK, packageVersion="1.0.0", asset="extra.txt")[
        "asset"
    ].read() == (b"more bytes")

    call(client, DISPOSE, CHALK, ["1.0.0"])

    listing = body(client.list_package_version_assets(**CHALK, packageVersion="1.0.0"))
    assert listing["assets"] == []
    assert (listing["version"], listing["versionRevision"]) == ("1.0.0", revision)
    for name in assets:
        with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
            client.get_package_version_asset(**CHALK, packageVersion="1.0.0", asset=name)
        response = client_error(excinfo, "ResourceNotFoundException", 404)
        assert response["resourceType"] == "asset"
        assert response["resourceId"] == name
    assert domain_asset_bytes(client) == 0


# --- GetPackageVersionAsset on Archived or Unfinished -----------------------------------------------------


def test_get_asset_of_an_archived_version_is_a_conflict_until_restored(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    codeartifact_mock.add_package_version(
        DOMAIN, REPO, "npm", "chalk", "1.0.0", assets={"package.tgz": b"tgz"}
    )
    call(client, UPDATE, CHALK, ["1.0.0"], target="Archived")

    with pytest.raises(client.exceptions.ConflictException) as excinfo:
        client.get_package_version_asset(**CHALK, packageVersion="1.0.0", asset="package.tgz")
    client_error(excinfo, "ConflictException", 409)

    call(client, UPDATE, CHALK, ["1.0.0"], target="Published", expected="Archived")
    asset = client.get_package_version_asset(**CHALK, packageVersion="1.0.0", asset="package.tgz")
    assert asset["asset"].read() == b"tgz"


def test_get_asset_of_an_unfinished_version_is_a_conflict_until_published(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    codeartifact_mock.add_package_version(
        DOMAIN, REPO, "npm", "chalk", "1.0.0", status="Unfinished", assets={"package.tgz": b"tgz"}
    )

    with pytest.raises(client.exceptions.ConflictException) as excinfo:
        client.get_package_version_asset(**CHALK, packageVersion="1.0.0", asset="package.tgz")
    client_error(excinfo, "ConflictException", 409)

    call(client, UPDATE, CHALK, ["1.0.0"], target="Published", expected="Unfinished")
    asset = client.get_package_version_asset(**CHALK, packageVersion="1.0.0", asset="package.tgz")
    assert asset["asset"].read() == b"tgz"


# --- Revision ---------------------------------------------------------------------------------------------


def test_revision_is_44_characters_of_base64_sha256(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    revisions = published(codeartifact_mock, "1.0.0", "2.0.0")

    for revision in revisions.values():
        assert len(revision) == 44
        assert len(base64.b64decode(revision, validate=True)) == hashlib.sha256().digest_size
    assert revisions["1.0.0"] != revisions["2.0.0"]


def test_revision_is_unchanged_by_status_changes_and_dispose(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    revision = published(codeartifact_mock, "1.0.0")["1.0.0"]
    steps = [
        (UPDATE, "Unlisted", "Unlisted"),
        (UPDATE, "Archived", "Archived"),
        (UPDATE, "Published", "Published"),
        (UPDATE, "Archived", "Archived"),
        (DISPOSE, "", "Disposed"),
    ]

    for operation, target, status in steps:
        response = call(client, operation, CHALK, ["1.0.0"], target=target, revisions={"1.0.0": revision})
        assert response == ok({"1.0.0": (revision, status)})
        assert status_and_revision(client, CHALK, "1.0.0") == (status, revision)

    assert call(client, DELETE, CHALK, ["1.0.0"]) == ok({"1.0.0": (revision, "Deleted")})


def create_repository(client: Any) -> None:
    client.create_domain(domain=DOMAIN)
    client.create_repository(domain=DOMAIN, repository=REPO)


def test_revision_changes_when_an_asset_is_added(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    create_repository(client)
    generic = coordinates("tool", fmt="generic", namespace="tools")
    first = client.publish_package_version(
        **generic,
        packageVersion="1.0.0",
        assetContent=b"one",
        assetName="one.bin",
        assetSHA256=hashlib.sha256(b"one").hexdigest(),
        unfinished=True,
    )
    second = client.publish_package_version(
        **generic,
        packageVersion="1.0.0",
        assetContent=b"two",
        assetName="two.bin",
        assetSHA256=hashlib.sha256(b"two").hexdigest(),
        unfinished=True,
    )
    assert first["versionRevision"] != second["versionRevision"]

    response = call(
        client, UPDATE, generic, ["1.0.0"], target="Published", revisions={"1.0.0": second["versionRevision"]}
    )

    assert response == ok({"1.0.0": (second["versionRevision"], "Published")})


# --- Package whose last version is deleted ----------------------------------------------------------------


def test_package_whose_last_version_is_deleted_stays_with_zero_versions(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    revisions = published(codeartifact_mock, "1.0.0", "2.0.0")

    assert call(client, DELETE, CHALK, ["1.0.0", "2.0.0"]) == ok(
        {v: (r, "Deleted") for v, r in revisions.items()}
    )

    described = client.describe_package(**CHALK)["package"]
    assert (described["format"], described["name"]) == ("npm", "chalk")
    assert described["originConfiguration"] == {"restrictions": {"publish": "ALLOW", "upstream": "BLOCK"}}
    assert client.list_package_versions(**CHALK)["versions"] == []
    listed = client.list_packages(domain=DOMAIN, repository=REPO)["packages"]
    assert [(p["format"], p["package"]) for p in listed] == [("npm", "chalk")]
    # Operations on the empty package report each version as missing, not the package.
    assert call(client, DELETE, CHALK, ["1.0.0"]) == failed({"1.0.0": not_found("1.0.0")})

    deleted = client.delete_package(**CHALK)["deletedPackage"]
    assert (deleted["format"], deleted["package"]) == ("npm", "chalk")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.describe_package(**CHALK)
    assert excinfo.value.response["resourceType"] == "package"


def test_deleted_version_can_be_seeded_again(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    revisions = published(codeartifact_mock, "1.0.0", "2.0.0", "3.0.0")
    call(client, DELETE, CHALK, ["2.0.0"])
    assert listed_versions(client, CHALK) == ["3.0.0", "1.0.0"]

    revision = codeartifact_mock.add_package_version(
        DOMAIN, REPO, "npm", "chalk", "2.0.0", assets={"package.tgz": b"new content"}
    )

    assert revision != revisions["2.0.0"]
    assert status_and_revision(client, CHALK, "2.0.0") == ("Published", revision)
    # Default order is by version, newest first; by publish time the re-published version is the newest.
    assert listed_versions(client, CHALK) == ["3.0.0", "2.0.0", "1.0.0"]
    newest_first = client.list_package_versions(**CHALK, sortBy="PUBLISHED_TIME")["versions"]
    assert [v["version"] for v in newest_first] == ["2.0.0", "3.0.0", "1.0.0"]
    assert call(client, UPDATE, CHALK, ["2.0.0"], target="Unlisted") == ok({"2.0.0": (revision, "Unlisted")})


def test_deleted_generic_version_can_be_published_again(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    create_repository(client)
    generic = coordinates("tool", fmt="generic", namespace="tools")
    content = b"payload"
    publish = {
        "packageVersion": "1.0.0",
        "assetContent": content,
        "assetName": "tool.bin",
        "assetSHA256": hashlib.sha256(content).hexdigest(),
    }
    first = client.publish_package_version(**generic, **publish)
    assert call(client, DELETE, generic, ["1.0.0"]) == ok({"1.0.0": (first["versionRevision"], "Deleted")})

    again = client.publish_package_version(**generic, **publish)

    assert again["status"] == "Published"
    assert version_states(client, generic) == {"1.0.0": ("Published", again["versionRevision"])}


# --- ListPackageVersions default order (after status changes and deletes) ---------------------------------


def test_listing_keeps_version_order_across_status_changes_and_deletes(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    published(codeartifact_mock, "3.0.0", "1.0.0", "2.0.0", "10.0.0", "0.1.0")
    newest_first = ["10.0.0", "3.0.0", "2.0.0", "1.0.0", "0.1.0"]

    call(client, UPDATE, CHALK, ["1.0.0", "10.0.0"], target="Archived")
    call(client, DISPOSE, CHALK, ["2.0.0"])
    assert listed_versions(client, CHALK) == newest_first

    call(client, DELETE, CHALK, ["1.0.0", "0.1.0"])
    assert listed_versions(client, CHALK) == ["10.0.0", "3.0.0", "2.0.0"]
    disposed = client.list_package_versions(**CHALK, status="Disposed")["versions"]
    assert [v["version"] for v in disposed] == ["2.0.0"]
    assert client.list_package_versions(**CHALK, status="Deleted")["versions"] == []


def test_listing_pages_skip_deleted_versions(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    versions = [f"1.0.{i}" for i in range(7)]
    published(codeartifact_mock, *versions)
    call(client, DELETE, CHALK, ["1.0.1", "1.0.4"])

    seen: list[str] = []
    token: Any = None
    pages = 0
    while True:
        kwargs: dict[str, Any] = dict(CHALK, maxResults=2)
        if token:
            kwargs["nextToken"] = token
        page = client.list_package_versions(**kwargs)
        seen += [v["version"] for v in page["versions"]]
        pages += 1
        token = page.get("nextToken")
        if token is None:
            break

    assert seen == ["1.0.6", "1.0.5", "1.0.3", "1.0.2", "1.0.0"]
    assert pages == 3


# --- Namespace missing for maven, swift or generic --------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("fmt", ["maven", "swift", "generic"])
def test_namespace_missing_for_maven_swift_or_generic_is_a_validation_error(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str, fmt: str
) -> None:
    revision = codeartifact_mock.add_package_version(DOMAIN, REPO, fmt, "thing", "1.0.0", namespace="group")

    with pytest.raises(ClientError) as excinfo:
        call(client, operation, coordinates("thing", fmt=fmt), ["1.0.0"])

    validation_error(excinfo)
    scoped = coordinates("thing", fmt=fmt, namespace="group")
    assert version_states(client, scoped) == {"1.0.0": ("Published", revision)}


# --- Names violating the model's pattern or length --------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
def test_domain_violating_the_pattern_gets_the_coral_message(
    codeartifact_mock: CodeArtifactMock, raw_client: Any, operation: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        call(raw_client, operation, coordinates("chalk", domain="my_domain"), ["1.0.0"])

    assert validation_error(excinfo) == coral_message(
        coral("my_domain", "domain", f"satisfy regular expression pattern: {DOMAIN_PATTERN}")
    )


@pytest.mark.parametrize(
    ("where", "sentence"),
    [
        pytest.param(
            coordinates("chalk", repository="-repo"),
            coral("-repo", "repository", f"satisfy regular expression pattern: {REPOSITORY_PATTERN}"),
            id="repository",
        ),
        pytest.param(
            coordinates("ch/alk"),
            coral("ch/alk", "package", f"satisfy regular expression pattern: {COORDINATE_PATTERN}"),
            id="package",
        ),
        pytest.param(
            coordinates("chalk", namespace="a b"),
            coral("a b", "namespace", f"satisfy regular expression pattern: {COORDINATE_PATTERN}"),
            id="namespace",
        ),
        pytest.param(
            coordinates("chalk", domain="d" * 51),
            coral("d" * 51, "domain", "have length less than or equal to 50"),
            id="domain-length",
        ),
        pytest.param(
            coordinates("chalk", domain_owner="1234"),
            coral("1234", "domainOwner", "have length greater than or equal to 12"),
            id="domain-owner-length",
        ),
    ],
)
def test_names_violating_the_model_get_coral_messages(
    codeartifact_mock: CodeArtifactMock, raw_client: Any, where: dict[str, Any], sentence: str
) -> None:
    revisions = published(codeartifact_mock, "1.0.0")

    with pytest.raises(ClientError) as excinfo:
        call(raw_client, UPDATE, where, ["1.0.0"])

    message = validation_error(excinfo)
    assert message.startswith("1 validation error detected: ") or message.startswith(
        "2 validation errors detected: "
    )
    assert sentence in message
    assert version_states(raw_client, CHALK) == {"1.0.0": ("Published", revisions["1.0.0"])}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_version_violating_the_pattern_is_a_validation_error(
    codeartifact_mock: CodeArtifactMock, raw_client: Any, operation: str
) -> None:
    revisions = published(codeartifact_mock, "1.0.0")

    with pytest.raises(ClientError) as excinfo:
        call(raw_client, operation, CHALK, ["1.0.0", "1.0 beta"])

    message = validation_error(excinfo)
    assert message.startswith("1 validation error detected: Value '1.0 beta' at ")
    assert message.endswith(
        f"failed to satisfy constraint: Member must satisfy regular expression pattern: {COORDINATE_PATTERN}"
    )
    assert version_states(raw_client, CHALK) == {"1.0.0": ("Published", revisions["1.0.0"])}


def test_several_violations_are_reported_together(
    codeartifact_mock: CodeArtifactMock, raw_client: Any
) -> None:
    with pytest.raises(ClientError) as excinfo:
        call(
            raw_client,
            UPDATE,
            coordinates("chalk", domain="my_domain", repository="-repo"),
            ["1.0.0"],
            target="Bogus",
        )

    assert validation_error(excinfo) == coral_message(
        coral("my_domain", "domain", f"satisfy regular expression pattern: {DOMAIN_PATTERN}"),
        coral("-repo", "repository", f"satisfy regular expression pattern: {REPOSITORY_PATTERN}"),
        coral("Bogus", "targetStatus", f"satisfy enum value set: {STATUS_ENUM}"),
    )


# --- Any enum value outside the model's enum --------------------------------------------------------------


def test_target_status_outside_the_enum_gets_the_coral_message(
    codeartifact_mock: CodeArtifactMock, raw_client: Any
) -> None:
    revisions = published(codeartifact_mock, "1.0.0")

    with pytest.raises(ClientError) as excinfo:
        call(raw_client, UPDATE, CHALK, ["1.0.0"], target="Bogus")

    assert validation_error(excinfo) == (
        "1 validation error detected: Value 'Bogus' at 'targetStatus' failed to satisfy constraint: "
        "Member must satisfy enum value set: [Published, Unfinished, Unlisted, Archived, Disposed, Deleted]"
    )
    assert version_states(raw_client, CHALK) == {"1.0.0": ("Published", revisions["1.0.0"])}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_expected_status_outside_the_enum_gets_the_coral_message(
    codeartifact_mock: CodeArtifactMock, raw_client: Any, operation: str
) -> None:
    revisions = published(codeartifact_mock, "1.0.0")

    with pytest.raises(ClientError) as excinfo:
        call(raw_client, operation, CHALK, ["1.0.0"], expected="published")

    assert validation_error(excinfo) == coral_message(
        coral("published", "expectedStatus", f"satisfy enum value set: {STATUS_ENUM}")
    )
    assert version_states(raw_client, CHALK) == {"1.0.0": ("Published", revisions["1.0.0"])}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_format_outside_the_enum_gets_the_coral_message(
    codeartifact_mock: CodeArtifactMock, raw_client: Any, operation: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        call(raw_client, operation, coordinates("chalk", fmt="rubygems"), ["1.0.0"])

    assert validation_error(excinfo) == coral_message(
        coral(
            "rubygems",
            "format",
            "satisfy enum value set: [npm, pypi, maven, nuget, generic, ruby, swift, cargo]",
        )
    )


# --- domainOwner --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
def test_domain_owner_must_own_the_domain(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    revisions = published(codeartifact_mock, "1.0.0")

    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        call(client, operation, coordinates("chalk", domain_owner="999999999999"), ["1.0.0"])
    assert excinfo.value.response["resourceType"] == "domain"
    assert excinfo.value.response["resourceId"] == DOMAIN

    response = call(
        client, operation, coordinates("chalk", domain_owner=codeartifact_mock.account_id), ["1.0.0"]
    )
    assert response == ok({"1.0.0": (revisions["1.0.0"], RESULT_STATUS[operation])})


@pytest.mark.parametrize("operation", OPERATIONS)
def test_domain_of_another_account_needs_domain_owner(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    other = "111122223333"
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0"], account_id=other)

    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        call(client, operation, CHALK, ["1.0.0"])
    assert excinfo.value.response["resourceType"] == "domain"
    # found with domainOwner, and refused there until the owner's domain policy lets the caller's account in
    with pytest.raises(client.exceptions.AccessDeniedException):
        call(client, operation, coordinates("chalk", domain_owner=other), ["1.0.0"])
    owner_allows(codeartifact_mock, client, other, DOMAIN, [f"codeartifact:{OPERATION_NAMES[operation]}"])

    response = call(client, operation, coordinates("chalk", domain_owner=other), ["1.0.0"])
    assert response == ok({"1.0.0": (revisions["1.0.0"], RESULT_STATUS[operation])})


# --- Error wire format --------------------------------------------------------------------------------------


def test_error_wire_format(codeartifact_mock: CodeArtifactMock, raw_client: Any) -> None:
    published(codeartifact_mock, "1.0.0")

    with pytest.raises(ClientError) as not_found_info:
        call(raw_client, DELETE, coordinates("lodash"), ["1.0.0"])
    with pytest.raises(ClientError) as invalid_info:
        call(raw_client, DELETE, CHALK, [])

    for info, code, http_status in (
        (not_found_info, "ResourceNotFoundException", 404),
        (invalid_info, "ValidationException", 400),
    ):
        response = client_error(info, code, http_status)
        headers = response["ResponseMetadata"]["HTTPHeaders"]
        assert headers["x-amzn-errortype"].split(":")[0] == code
        assert response["message"] == response["Error"]["Message"]
    assert not_found_info.value.response["resourceType"] == "package"
    assert "reason" in invalid_info.value.response


def test_successful_status_operations_answer_200(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    published(codeartifact_mock, "1.0.0", "2.0.0", "3.0.0")

    responses = [
        client.update_package_versions_status(**CHALK, versions=["1.0.0"], targetStatus="Unlisted"),
        client.dispose_package_versions(**CHALK, versions=["2.0.0"]),
        client.delete_package_versions(**CHALK, versions=["3.0.0"]),
    ]

    assert [r["ResponseMetadata"]["HTTPStatusCode"] for r in responses] == [200, 200, 200]
    assert version_states(client, CHALK)["1.0.0"][0] == "Unlisted"
    assert version_states(client, CHALK)["2.0.0"][0] == "Disposed"
    assert "3.0.0" not in version_states(client, CHALK)


# --- Delete of any status -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["Published", "Unlisted", "Archived", "Unfinished", "Disposed"])
def test_delete_works_from_any_status_and_reports_the_previous_revision(
    codeartifact_mock: CodeArtifactMock, client: Any, status: str
) -> None:
    seed_status = "Published" if status == "Disposed" else status
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0", "2.0.0"], status=seed_status)
    if status == "Disposed":
        call(client, DISPOSE, CHALK, ["1.0.0"])
    size = domain_asset_bytes(client)

    response = call(client, DELETE, CHALK, ["1.0.0"], expected=status)

    assert response == ok({"1.0.0": (revisions["1.0.0"], "Deleted")})
    assert version_states(client, CHALK) == {"2.0.0": (seed_status, revisions["2.0.0"])}
    freed = 0 if status == "Disposed" else size // 2
    assert domain_asset_bytes(client) == size - freed
    with pytest.raises(client.exceptions.ResourceNotFoundException) as excinfo:
        client.describe_package_version(**CHALK, packageVersion="1.0.0")
    assert excinfo.value.response["resourceType"] == "package-version"
