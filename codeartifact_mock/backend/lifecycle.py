"""The package version lifecycle: the statuses a version can have, and what each operation does to a version
of each status.

From the CodeArtifact user guide, "Package version status"
(https://docs.aws.amazon.com/codeartifact/latest/ug/packages-overview.html#package-version-status) and "Update
package version status" (https://docs.aws.amazon.com/codeartifact/latest/ug/update-package-version-status.html),
the API reference of UpdatePackageVersionsStatus, DisposePackageVersions and DeletePackageVersions, and, where
AWS documents nothing, the project's decisions: the behaviour spec, sections 1-6 and 13 (the status table,
the three batch operations, revisions, the failedVersions codes), and the endpoint spec, section 3 ("Status
through the endpoints").

``LIFECYCLE`` is the state machine: for each operation, what happens to a version by its status. Every rule
that asks "may this version do X" reads this module; no other module spells a status. Reading a row:

- a status: the version moves there (``DELETED``: it is removed, and reported with that status);
- ``TARGET``: it moves to the status the call names (UpdatePackageVersionsStatus's ``targetStatus``);
- ``SAME``: it keeps its status (and the operation goes ahead);
- ``FINISHED``: Published, or Unfinished when the call says ``unfinished=true`` (``finished``);
- ``Failed(code, message)``: the batch operations' ``failedVersions`` entry for that version, and every
  other version of the call is SKIPPED (all or nothing);
- ``Conflict(message)``: a ``ConflictException``; ``Invalid(message)``: a ``ValidationException`` (the
  caller's mistake, before any version is looked at); ``Gone(why)``: a ``ResourceNotFoundException``.

Messages are ``str.format`` templates over ``version``, ``status`` (the version's), ``target`` (the call's
targetStatus), ``format`` and ``coordinates`` (``name@version`` as the package was first given).
"""

from __future__ import annotations

from typing import NamedTuple, Optional, Union

PUBLISHED = "Published"
UNFINISHED = "Unfinished"
UNLISTED = "Unlisted"
ARCHIVED = "Archived"
DISPOSED = "Disposed"
DELETED = "Deleted"  # never stored: the status a deleted version is reported with (also: "no such version")

STORED = (PUBLISHED, UNFINISHED, UNLISTED, ARCHIVED, DISPOSED)  # what a version in the store can have

# What package managers see. Listed: in version lists (PEP 503 page, packument, maven-metadata.xml).
# Downloadable: the repository endpoints serve its assets (an Unlisted version installs from a lockfile).
LISTED = frozenset({PUBLISHED})
DOWNLOADABLE = frozenset({PUBLISHED, UNLISTED})
# Cargo's index has no "not listed": it keeps a line for every version a lockfile may still name, and marks
# the ones new resolutions must skip ``"yanked": true`` (an Unlisted version: endpoints.md section 7).
INDEXED = DOWNLOADABLE
YANKED = INDEXED - LISTED
# A package's defaultDisplayVersion is its most recently published version of these statuses.
DISPLAYED = frozenset({PUBLISHED})
# Through a repository's upstreams and public registries (upstreams spec section 3): a version of these
# statuses in an upstream repository or a catalogue is found there (fetched, kept, listed if LISTED, and a
# publish of its version is a conflict); any other status counts as absent there and the search goes on.
# In the requested repository itself its own version decides, whatever its status.
FOUND_UPSTREAM = DOWNLOADABLE


class Failed(NamedTuple):
    """A ``failedVersions`` entry: ``{"errorCode": code, "errorMessage": message}``."""

    code: str
    message: str


class Conflict(NamedTuple):
    """A ``ConflictException`` (409) with this message."""

    message: str


class Invalid(NamedTuple):
    """A ``ValidationException`` (400) with this message, for the whole call."""

    message: str


class Gone(NamedTuple):
    """A ``ResourceNotFoundException`` (404): ``why`` the thing asked for is not there."""

    why: str


TARGET = "the call's targetStatus"
SAME = "unchanged"
FINISHED = "Published, or Unfinished with unfinished=true"
# The repository endpoints ("publish that version again", endpoints.md section 3), where answers are HTTP:
REUPLOAD_ONLY = "409, except the same bytes again (200) and, for PyPI and Maven, a new asset name"
REFUSED = "409"
SEEDED = "stored with the assets given, or the format's default assets"
NO_ASSETS = "stored without assets, whatever assets are given (disposal deleted them)"

Outcome = Union[str, Failed, Conflict, Invalid, Gone]

_ONLY_UNFINISHED = Conflict(
    "Package version '{coordinates}' has status {status}: assets can only be published to a package version "
    "whose status is Unfinished"
)
_NOT_DOWNLOADABLE = Conflict(
    "Assets of {format} package version '{coordinates}' cannot be downloaded because its status is {status}"
)

# Operation -> the version's status -> what happens to it. In the batch rows a version is checked in the
# spec's order: NOT_FOUND, MISMATCHED_REVISION, MISMATCHED_STATUS (expectedStatus), then its status here.
# DELETED as a key means "no such version" (deleted, or never published).
LIFECYCLE: dict[str, dict[str, Outcome]] = {
    # Which targetStatus the call may name: the others are refused whole (section 13).
    "UpdatePackageVersionsStatus targetStatus": {
        PUBLISHED: PUBLISHED,
        UNLISTED: UNLISTED,
        ARCHIVED: ARCHIVED,
        UNFINISHED: Invalid(
            "Invalid target status: Unfinished. A package version cannot be moved back to Unfinished; "
            "valid target statuses are Published, Unlisted and Archived."
        ),
        DISPOSED: Invalid(
            "Invalid target status: Disposed. Use DisposePackageVersions to dispose package versions."
        ),
        DELETED: Invalid(
            "Invalid target status: Deleted. Use DeletePackageVersions to delete package versions."
        ),
    },
    # Any move among the update targets, Unfinished -> Published included; a version already there succeeds.
    # "You cannot move a package version from Disposed to Archived, Unlisted, or Published" (user guide).
    "UpdatePackageVersionsStatus": {
        PUBLISHED: TARGET,
        UNFINISHED: TARGET,
        UNLISTED: TARGET,
        ARCHIVED: TARGET,
        DISPOSED: Failed(
            "NOT_ALLOWED", "cannot change status of version {version} from {status} to {target}"
        ),
    },
    # Assets are deleted (the revision stays); disposing a Disposed version again succeeds.
    "DisposePackageVersions": {
        PUBLISHED: DISPOSED,
        UNFINISHED: DISPOSED,
        UNLISTED: DISPOSED,
        ARCHIVED: DISPOSED,
        DISPOSED: DISPOSED,
    },
    # "Deletes versions of any status"; the version is gone, and can be published again.
    "DeletePackageVersions": {
        PUBLISHED: DELETED,
        UNFINISHED: DELETED,
        UNLISTED: DELETED,
        ARCHIVED: DELETED,
        DISPOSED: DELETED,
    },
    # The copy keeps the source's status; a Disposed version has no assets left to copy.
    "CopyPackageVersions": {
        PUBLISHED: SAME,
        UNFINISHED: SAME,
        UNLISTED: SAME,
        ARCHIVED: SAME,
        DISPOSED: Failed("NOT_ALLOWED", "Version {version} cannot be copied because its status is Disposed"),
    },
    # PublishPackageVersion (generic) of a new asset name: only an Unfinished version takes more assets.
    # (An asset name the version has, with other bytes, is a Conflict whatever the status.)
    "PublishPackageVersion": {
        DELETED: FINISHED,  # a new version
        UNFINISHED: FINISHED,
        PUBLISHED: _ONLY_UNFINISHED,
        UNLISTED: _ONLY_UNFINISHED,
        ARCHIVED: _ONLY_UNFINISHED,
        DISPOSED: _ONLY_UNFINISHED,
    },
    # The same asset name with the same bytes again: a no-op where the version is Published or Unfinished.
    "PublishPackageVersion same asset": {
        PUBLISHED: SAME,
        UNFINISHED: FINISHED,
        UNLISTED: _ONLY_UNFINISHED,
        ARCHIVED: _ONLY_UNFINISHED,
        DISPOSED: _ONLY_UNFINISHED,  # never reached: a Disposed version has no assets
    },
    # The asset is looked up first ("Asset '...' of ... {why} in repository ..." when missing), then this.
    "GetPackageVersionAsset": {
        PUBLISHED: SAME,
        UNLISTED: SAME,
        UNFINISHED: _NOT_DOWNLOADABLE,
        ARCHIVED: _NOT_DOWNLOADABLE,
        DISPOSED: Gone("was disposed"),
    },
    # Publishing a version again through a repository endpoint (pip/twine, npm, mvn): endpoints.md section 3.
    "endpoint publish": {
        DELETED: FINISHED,  # a new version (Maven: Unfinished until its metadata arrives)
        UNFINISHED: FINISHED,  # completes the version
        PUBLISHED: REUPLOAD_ONLY,
        UNLISTED: REUPLOAD_ONLY,
        ARCHIVED: REFUSED,
        DISPOSED: REFUSED,
    },
    # Publishing through the npm endpoint: npm versions are immutable, a version there in any status refuses
    # (endpoints.md section 5; npm itself refuses versions it sees listed, so this is what it gets otherwise).
    "npm publish": {
        DELETED: FINISHED,  # a new version
        UNFINISHED: REFUSED,
        PUBLISHED: REFUSED,
        UNLISTED: REFUSED,
        ARCHIVED: REFUSED,
        DISPOSED: REFUSED,
    },
    # Publishing through the Cargo endpoint: crates are immutable (a registry never takes a version twice,
    # whatever its bytes), so a version there refuses, except one that is Unfinished, which the upload
    # completes (endpoints.md section 3); a deleted version can be published again.
    "cargo publish": {
        DELETED: FINISHED,  # a new version
        UNFINISHED: FINISHED,  # completes the version
        PUBLISHED: REFUSED,
        UNLISTED: REFUSED,
        ARCHIVED: REFUSED,
        DISPOSED: REFUSED,
    },
    # A SNAPSHOT's maven-metadata.xml names its newest build (user guide, "Use Maven snapshots"). The build,
    # a version of its own whose files were uploaded (Unfinished), is kept Unlisted, its assets as they are.
    "Maven snapshot build": {
        UNFINISHED: UNLISTED,
        UNLISTED: SAME,
        PUBLISHED: SAME,  # a build someone published stays so
        ARCHIVED: REFUSED,
        DISPOSED: REFUSED,
    },
    # ... and the SNAPSHOT version (``1.0-SNAPSHOT``) takes that build's assets and is Published: created if
    # missing, else replaced by one holding the newest build. As a publish again, an Archived or Disposed
    # one refuses (endpoints.md section 3).
    "Maven snapshot": {
        DELETED: PUBLISHED,
        UNFINISHED: PUBLISHED,
        PUBLISHED: PUBLISHED,
        UNLISTED: PUBLISHED,
        ARCHIVED: REFUSED,
        DISPOSED: REFUSED,
    },
    # CodeArtifactMock.add_package_version (seeding, not an API call).
    "seeding": {
        PUBLISHED: SEEDED,
        UNFINISHED: SEEDED,
        UNLISTED: SEEDED,
        ARCHIVED: SEEDED,
        DISPOSED: NO_ASSETS,
        DELETED: Invalid("status Deleted is not stored: a deleted version is simply absent"),
    },
}

# The statuses UpdatePackageVersionsStatus may move a version to: Published, Unlisted and Archived.
UPDATE_TARGETS = tuple(
    target
    for target, outcome in LIFECYCLE["UpdatePackageVersionsStatus targetStatus"].items()
    if outcome == target
)
# The repository endpoints read this row: what publishing a version of each status again answers.
PUBLISH_AGAIN = LIFECYCLE["endpoint publish"]
NPM_PUBLISH_AGAIN = LIFECYCLE["npm publish"]  # ... and through npm's
CARGO_PUBLISH_AGAIN = LIFECYCLE["cargo publish"]  # ... and through Cargo's
SNAPSHOT_BUILD = LIFECYCLE["Maven snapshot build"]  # a build a SNAPSHOT's maven-metadata.xml names
SNAPSHOT = LIFECYCLE["Maven snapshot"]  # the SNAPSHOT version that then holds that build


def finished(unfinished: Optional[bool]) -> str:
    """The status a publish leaves its version in (``FINISHED``): Unfinished if the call says so, else
    Published ("prevents additional assets from being uploaded to it", spec section 9)."""
    return UNFINISHED if unfinished else PUBLISHED


def refused_target(target: str) -> str:
    """The ValidationException message when UpdatePackageVersionsStatus names a ``target`` outside
    ``UPDATE_TARGETS``."""
    outcome = LIFECYCLE["UpdatePackageVersionsStatus targetStatus"].get(target)
    if isinstance(outcome, Invalid):
        return outcome.message
    return f"Invalid target status: {target}."  # outside the enum: the wire layer refuses it first
