"""failedVersions codes of UpdatePackageVersionsStatus, DisposePackageVersions and DeletePackageVersions.

Each code in each operation where it can occur, SKIPPED for the rest of the batch, all-or-nothing batches
(checked by reading the state back), and which code wins when a version has several problems at once
(NOT_FOUND, then MISMATCHED_REVISION, then MISMATCHED_STATUS, then NOT_ALLOWED).
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers_status import (
    DELETE,
    DISPOSE,
    OPERATIONS,
    RESULT_STATUS,
    UPDATE,
    asset_names,
    call,
    coordinates,
    domain_asset_bytes,
    failed,
    mismatched_revision,
    mismatched_status,
    not_allowed,
    not_found,
    ok,
    seed,
    skipped,
    version_states,
)

from codeartifact_mock import CodeArtifactMock

CHALK = coordinates("chalk")
BOGUS_REVISION = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
WITH_REVISIONS = (UPDATE, DISPOSE)  # DeletePackageVersions has no versionRevisions member


def dispose(client: Any, *versions: str) -> None:
    """Bring versions to Disposed through the API (the only way AWS gets there)."""
    response = call(client, DISPOSE, CHALK, list(versions))
    assert response["failedVersions"] == {}, response


# --- NOT_FOUND ------------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
def test_not_found_alone(codeartifact_mock: CodeArtifactMock, client: Any, operation: str) -> None:
    before = seed(codeartifact_mock, "chalk", ["1.0.0"])

    response = call(client, operation, CHALK, ["9.9.9"])

    assert response == failed({"9.9.9": not_found("9.9.9")})
    assert version_states(client, CHALK) == {"1.0.0": ("Published", before["1.0.0"])}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_not_found_skips_the_others(codeartifact_mock: CodeArtifactMock, client: Any, operation: str) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0", "2.0.0"])
    size = domain_asset_bytes(client)

    response = call(client, operation, CHALK, ["1.0.0", "9.9.9", "2.0.0"])

    assert response == failed(
        {"1.0.0": skipped("1.0.0"), "9.9.9": not_found("9.9.9"), "2.0.0": skipped("2.0.0")}
    )
    assert version_states(client, CHALK) == {v: ("Published", r) for v, r in revisions.items()}
    assert domain_asset_bytes(client) == size


@pytest.mark.parametrize("operation", WITH_REVISIONS)
def test_not_found_with_version_revisions(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0"])

    response = call(
        client,
        operation,
        CHALK,
        ["1.0.0", "9.9.9"],
        revisions={"1.0.0": revisions["1.0.0"], "9.9.9": BOGUS_REVISION},
    )

    assert response == failed({"1.0.0": skipped("1.0.0"), "9.9.9": not_found("9.9.9")})
    assert version_states(client, CHALK) == {"1.0.0": ("Published", revisions["1.0.0"])}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_deleted_version_is_not_found_afterwards(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0", "2.0.0"])
    assert call(client, DELETE, CHALK, ["1.0.0"]) == ok({"1.0.0": (revisions["1.0.0"], "Deleted")})

    response = call(client, operation, CHALK, ["1.0.0", "2.0.0"])

    assert response == failed({"1.0.0": not_found("1.0.0"), "2.0.0": skipped("2.0.0")})
    assert version_states(client, CHALK) == {"2.0.0": ("Published", revisions["2.0.0"])}


# --- MISMATCHED_STATUS ----------------------------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
def test_mismatched_status_skips_the_others(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    published = seed(codeartifact_mock, "chalk", ["1.0.0", "3.0.0"])
    unlisted = seed(codeartifact_mock, "chalk", ["2.0.0"], status="Unlisted")

    response = call(client, operation, CHALK, ["1.0.0", "2.0.0", "3.0.0"], expected="Published")

    assert response == failed(
        {
            "1.0.0": skipped("1.0.0"),
            "2.0.0": mismatched_status("Unlisted", "Published"),
            "3.0.0": skipped("3.0.0"),
        }
    )
    assert version_states(client, CHALK) == {
        "1.0.0": ("Published", published["1.0.0"]),
        "2.0.0": ("Unlisted", unlisted["2.0.0"]),
        "3.0.0": ("Published", published["3.0.0"]),
    }


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("current", ["Published", "Unlisted", "Archived", "Unfinished"])
def test_mismatched_status_message_names_both_statuses(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str, current: str
) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0"], status=current)
    expected = "Archived" if current != "Archived" else "Unlisted"

    response = call(client, operation, CHALK, ["1.0.0"], target="Published", expected=expected)

    assert response == failed({"1.0.0": mismatched_status(current, expected)})
    assert version_states(client, CHALK) == {"1.0.0": (current, revisions["1.0.0"])}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_mismatched_status_of_a_disposed_version(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0"])
    dispose(client, "1.0.0")

    response = call(client, operation, CHALK, ["1.0.0"], target="Published", expected="Published")

    assert response == failed({"1.0.0": mismatched_status("Disposed", "Published")})
    assert version_states(client, CHALK) == {"1.0.0": ("Disposed", revisions["1.0.0"])}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_matching_expected_status_succeeds(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0", "2.0.0"], status="Unlisted")

    response = call(client, operation, CHALK, ["1.0.0", "2.0.0"], expected="Unlisted")

    status = RESULT_STATUS[operation]
    assert response == ok({v: (r, status) for v, r in revisions.items()})
    expected_state = {} if operation == DELETE else {v: (status, r) for v, r in revisions.items()}
    assert version_states(client, CHALK) == expected_state


# --- MISMATCHED_REVISION --------------------------------------------------------------------------


@pytest.mark.parametrize("operation", WITH_REVISIONS)
def test_mismatched_revision_skips_the_others(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0", "2.0.0"])

    response = call(
        client,
        operation,
        CHALK,
        ["1.0.0", "2.0.0"],
        revisions={"1.0.0": revisions["1.0.0"], "2.0.0": BOGUS_REVISION},
    )

    assert response == failed(
        {"1.0.0": skipped("1.0.0"), "2.0.0": mismatched_revision(revisions["2.0.0"], BOGUS_REVISION)}
    )
    assert version_states(client, CHALK) == {v: ("Published", r) for v, r in revisions.items()}
    assert asset_names(client, CHALK, "1.0.0") == ["package.tgz"]


@pytest.mark.parametrize("operation", WITH_REVISIONS)
def test_revision_of_another_version_is_a_mismatch(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    """Revisions are per version: swapping two versions' revisions fails both."""
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0", "2.0.0"])
    assert revisions["1.0.0"] != revisions["2.0.0"]

    response = call(
        client,
        operation,
        CHALK,
        ["1.0.0", "2.0.0"],
        revisions={"1.0.0": revisions["2.0.0"], "2.0.0": revisions["1.0.0"]},
    )

    assert response == failed(
        {
            "1.0.0": mismatched_revision(revisions["1.0.0"], revisions["2.0.0"]),
            "2.0.0": mismatched_revision(revisions["2.0.0"], revisions["1.0.0"]),
        }
    )
    assert version_states(client, CHALK) == {v: ("Published", r) for v, r in revisions.items()}


@pytest.mark.parametrize("operation", WITH_REVISIONS)
def test_matching_revisions_succeed(codeartifact_mock: CodeArtifactMock, client: Any, operation: str) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0", "2.0.0"])

    response = call(client, operation, CHALK, ["1.0.0", "2.0.0"], revisions=dict(revisions))

    status = RESULT_STATUS[operation]
    assert response == ok({v: (r, status) for v, r in revisions.items()})
    assert version_states(client, CHALK) == {v: (status, r) for v, r in revisions.items()}


def test_mismatched_revision_on_a_disposed_version(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """Dispose keeps the revision, so the old revision still matches and a wrong one still mismatches."""
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0"])
    dispose(client, "1.0.0")

    wrong = call(client, DISPOSE, CHALK, ["1.0.0"], revisions={"1.0.0": BOGUS_REVISION})
    right = call(client, DISPOSE, CHALK, ["1.0.0"], revisions=dict(revisions))

    assert wrong == failed({"1.0.0": mismatched_revision(revisions["1.0.0"], BOGUS_REVISION)})
    assert right == ok({"1.0.0": (revisions["1.0.0"], "Disposed")})


# --- NOT_ALLOWED ----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["Published", "Unlisted", "Archived"])
def test_not_allowed_skips_the_others(codeartifact_mock: CodeArtifactMock, client: Any, target: str) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0", "2.0.0", "3.0.0"], status="Unlisted")
    dispose(client, "2.0.0")

    response = call(client, UPDATE, CHALK, ["1.0.0", "2.0.0", "3.0.0"], target=target)

    assert response == failed(
        {"1.0.0": skipped("1.0.0"), "2.0.0": not_allowed("2.0.0", target), "3.0.0": skipped("3.0.0")}
    )
    assert version_states(client, CHALK) == {
        "1.0.0": ("Unlisted", revisions["1.0.0"]),
        "2.0.0": ("Disposed", revisions["2.0.0"]),
        "3.0.0": ("Unlisted", revisions["3.0.0"]),
    }


def test_not_allowed_with_matching_expected_status(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """expectedStatus Disposed matches, yet leaving Disposed is still refused."""
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0"])
    dispose(client, "1.0.0")

    response = call(
        client, UPDATE, CHALK, ["1.0.0"], target="Published", expected="Disposed", revisions=revisions
    )

    assert response == failed({"1.0.0": not_allowed("1.0.0", "Published")})
    assert version_states(client, CHALK) == {"1.0.0": ("Disposed", revisions["1.0.0"])}


@pytest.mark.parametrize("operation", [DISPOSE, DELETE])
def test_disposed_version_is_allowed_for_dispose_and_delete(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0"])
    dispose(client, "1.0.0")

    response = call(client, operation, CHALK, ["1.0.0"], expected="Disposed")

    assert response == ok({"1.0.0": (revisions["1.0.0"], RESULT_STATUS[operation])})


# --- several failures, and SKIPPED ------------------------------------------------------------------


def test_every_failing_version_gets_its_own_code(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0", "2.0.0", "3.0.0", "4.0.0"])
    dispose(client, "3.0.0")

    response = call(
        client,
        UPDATE,
        CHALK,
        ["1.0.0", "2.0.0", "3.0.0", "4.0.0", "5.0.0"],
        target="Unlisted",
        revisions={
            "1.0.0": revisions["1.0.0"],
            "2.0.0": BOGUS_REVISION,
            "3.0.0": revisions["3.0.0"],
            "4.0.0": revisions["4.0.0"],
            "5.0.0": BOGUS_REVISION,
        },
    )

    assert response == failed(
        {
            "1.0.0": skipped("1.0.0"),
            "2.0.0": mismatched_revision(revisions["2.0.0"], BOGUS_REVISION),
            "3.0.0": not_allowed("3.0.0", "Unlisted"),
            "4.0.0": skipped("4.0.0"),
            "5.0.0": not_found("5.0.0"),
        }
    )
    assert version_states(client, CHALK) == {
        "1.0.0": ("Published", revisions["1.0.0"]),
        "2.0.0": ("Published", revisions["2.0.0"]),
        "3.0.0": ("Disposed", revisions["3.0.0"]),
        "4.0.0": ("Published", revisions["4.0.0"]),
    }


@pytest.mark.parametrize("operation", OPERATIONS)
def test_skipped_version_already_in_the_target_state(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    """A version that would have succeeded on its own (even trivially) is SKIPPED when another fails."""
    archived = seed(codeartifact_mock, "chalk", ["1.0.0"], status="Archived")
    published = seed(codeartifact_mock, "chalk", ["2.0.0"])
    if operation == DISPOSE:
        dispose(client, "1.0.0")

    response = call(client, operation, CHALK, ["1.0.0", "2.0.0", "9.0.0"])

    assert response == failed(
        {"1.0.0": skipped("1.0.0"), "2.0.0": skipped("2.0.0"), "9.0.0": not_found("9.0.0")}
    )
    first_status = "Disposed" if operation == DISPOSE else "Archived"
    assert version_states(client, CHALK) == {
        "1.0.0": (first_status, archived["1.0.0"]),
        "2.0.0": ("Published", published["2.0.0"]),
    }


@pytest.mark.parametrize("operation", OPERATIONS)
def test_both_maps_are_always_present(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0"])

    rejected = call(client, operation, CHALK, ["1.0.0"], expected="Unlisted")
    accepted = call(client, operation, CHALK, ["1.0.0"])

    assert rejected["successfulVersions"] == {}
    assert set(rejected["failedVersions"]) == {"1.0.0"}
    assert accepted["failedVersions"] == {}
    assert accepted["successfulVersions"] == {
        "1.0.0": {"revision": revisions["1.0.0"], "status": RESULT_STATUS[operation]}
    }


# --- all-or-nothing with mixed batches ----------------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS)
def test_mixed_batch_is_all_or_nothing(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    """Versions in every status, one of them with a wrong expected status: nothing changes, assets stay."""
    statuses = {"1.0.0": "Published", "2.0.0": "Unlisted", "3.0.0": "Archived", "4.0.0": "Unfinished"}
    revisions = {
        version: codeartifact_mock.add_package_version(
            "my-domain", "my_repo", "npm", "chalk", version, status=status, assets={"package.tgz": b"x" * 100}
        )
        for version, status in statuses.items()
    }
    codeartifact_mock.add_package_version("my-domain", "my_repo", "npm", "chalk", "5.0.0", status="Published")
    revisions["5.0.0"] = version_states(client, CHALK)["5.0.0"][1]
    statuses["5.0.0"] = "Published"
    before = version_states(client, CHALK)
    size = domain_asset_bytes(client)

    response = call(
        client,
        operation,
        CHALK,
        ["1.0.0", "2.0.0", "3.0.0", "4.0.0"],
        target="Published",
        expected="Published",
    )

    assert response == failed(
        {
            "1.0.0": skipped("1.0.0"),
            "2.0.0": mismatched_status("Unlisted", "Published"),
            "3.0.0": mismatched_status("Archived", "Published"),
            "4.0.0": mismatched_status("Unfinished", "Published"),
        }
    )
    assert version_states(client, CHALK) == before
    assert before == {v: (statuses[v], revisions[v]) for v in statuses}
    assert domain_asset_bytes(client) == size
    for version in ["1.0.0", "2.0.0", "3.0.0", "4.0.0"]:
        assert asset_names(client, CHALK, version) == ["package.tgz"]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_failure_at_the_end_of_a_full_batch_changes_nothing(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    """99 good versions and one missing one, the missing one last: the 99 are untouched."""
    versions = [f"1.0.{i}" for i in range(99)]
    revisions = seed(codeartifact_mock, "chalk", versions)

    response = call(client, operation, CHALK, [*versions, "2.0.0"], target="Unlisted")

    assert response["successfulVersions"] == {}
    assert response["failedVersions"]["2.0.0"] == {
        "errorCode": "NOT_FOUND",
        "errorMessage": "Could not find version 2.0.0",
    }
    assert {v: e["errorCode"] for v, e in response["failedVersions"].items() if v != "2.0.0"} == {
        v: "SKIPPED" for v in versions
    }
    assert version_states(client, CHALK) == {v: ("Published", r) for v, r in revisions.items()}


def test_other_packages_are_untouched(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """A batch addresses one package: same versions of a sibling package, repository or domain stay put."""
    chalk = seed(codeartifact_mock, "chalk", ["1.0.0"])
    lodash = seed(codeartifact_mock, "lodash", ["1.0.0"])
    other_repo = seed(codeartifact_mock, "chalk", ["1.0.0"], repository="other-repo")
    other_domain = seed(codeartifact_mock, "chalk", ["1.0.0"], domain="other-domain")

    assert call(client, DELETE, CHALK, ["1.0.0"]) == ok({"1.0.0": (chalk["1.0.0"], "Deleted")})

    assert version_states(client, coordinates("lodash")) == {"1.0.0": ("Published", lodash["1.0.0"])}
    assert version_states(client, coordinates("chalk", repository="other-repo")) == {
        "1.0.0": ("Published", other_repo["1.0.0"])
    }
    assert version_states(client, coordinates("chalk", domain="other-domain")) == {
        "1.0.0": ("Published", other_domain["1.0.0"])
    }


# --- check order when a version has several problems ------------------------------------------------


@pytest.mark.parametrize("operation", WITH_REVISIONS)
def test_not_found_wins_over_revision_and_status(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    seed(codeartifact_mock, "chalk", ["1.0.0"])

    response = call(
        client,
        operation,
        CHALK,
        ["9.0.0"],
        target="Published",
        expected="Unlisted",
        revisions={"9.0.0": BOGUS_REVISION},
    )

    assert response == failed({"9.0.0": not_found("9.0.0")})


@pytest.mark.parametrize("operation", WITH_REVISIONS)
def test_mismatched_revision_wins_over_mismatched_status(
    codeartifact_mock: CodeArtifactMock, client: Any, operation: str
) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0"])

    response = call(
        client,
        operation,
        CHALK,
        ["1.0.0"],
        target="Archived",
        expected="Unlisted",
        revisions={"1.0.0": BOGUS_REVISION},
    )

    assert response == failed({"1.0.0": mismatched_revision(revisions["1.0.0"], BOGUS_REVISION)})
    assert version_states(client, CHALK) == {"1.0.0": ("Published", revisions["1.0.0"])}


def test_mismatched_revision_wins_over_not_allowed(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0"])
    dispose(client, "1.0.0")

    response = call(client, UPDATE, CHALK, ["1.0.0"], target="Published", revisions={"1.0.0": BOGUS_REVISION})

    assert response == failed({"1.0.0": mismatched_revision(revisions["1.0.0"], BOGUS_REVISION)})


def test_mismatched_status_wins_over_not_allowed(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0"])
    dispose(client, "1.0.0")

    response = call(
        client, UPDATE, CHALK, ["1.0.0"], target="Published", expected="Archived", revisions=revisions
    )

    assert response == failed({"1.0.0": mismatched_status("Disposed", "Archived")})


def test_check_order_is_per_version(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """In one batch, each failing version reports its own first problem."""
    revisions = seed(codeartifact_mock, "chalk", ["1.0.0", "2.0.0", "3.0.0", "4.0.0"])
    dispose(client, "3.0.0", "4.0.0")

    response = call(
        client,
        UPDATE,
        CHALK,
        ["1.0.0", "2.0.0", "3.0.0", "4.0.0", "5.0.0"],
        target="Unlisted",
        expected="Disposed",
        revisions={
            "1.0.0": BOGUS_REVISION,  # wrong revision and wrong status
            "2.0.0": revisions["2.0.0"],  # wrong status only
            "3.0.0": BOGUS_REVISION,  # wrong revision, and Disposed
            "4.0.0": revisions["4.0.0"],  # Disposed, everything else right
            "5.0.0": BOGUS_REVISION,  # missing
        },
    )

    assert response == failed(
        {
            "1.0.0": mismatched_revision(revisions["1.0.0"], BOGUS_REVISION),
            "2.0.0": mismatched_status("Published", "Disposed"),
            "3.0.0": mismatched_revision(revisions["3.0.0"], BOGUS_REVISION),
            "4.0.0": not_allowed("4.0.0", "Unlisted"),
            "5.0.0": not_found("5.0.0"),
        }
    )
