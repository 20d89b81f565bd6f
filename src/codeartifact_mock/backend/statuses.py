"""The three batch operations (UpdatePackageVersionsStatus, DisposePackageVersions, DeletePackageVersions)
on one engine: validate the request, check every version, then apply all or nothing (spec sections 2-6, 13).
"""

from __future__ import annotations

from typing import Callable, NamedTuple, Optional

from . import formats
from .batch import mismatched_revision, requested_versions
from .errors import ValidationError
from .model import Package, PackageVersion, Repository
from .resolve import BackendBase
from .views import Json

UPDATE_TARGETS = ("Published", "Unlisted", "Archived")
_WRONG_TARGET = {
    "Unfinished": "Invalid target status: Unfinished. A package version cannot be moved back to Unfinished; "
    "valid target statuses are Published, Unlisted and Archived.",
    "Disposed": "Invalid target status: Disposed. Use DisposePackageVersions to dispose package versions.",
    "Deleted": "Invalid target status: Deleted. Use DeletePackageVersions to delete package versions.",
}


class Batch(NamedTuple):
    """What the caller asked for, common to the three operations."""

    versions: list[str]
    version_revisions: Optional[dict[str, str]]
    expected_status: Optional[str]


# Returns an error message when the operation may not touch this version (NOT_ALLOWED), else None.
Refusal = Callable[[str, PackageVersion], Optional[str]]
# Changes one version and returns its successfulVersions entry.
Apply = Callable[[Repository, Package, PackageVersion], Json]


class StatusOps(BackendBase):
    __slots__ = ()

    def update_package_versions_status(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        package: str,
        versions: list[str],
        target_status: str,
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
        version_revisions: Optional[dict[str, str]] = None,
        expected_status: Optional[str] = None,
    ) -> Json:
        if target_status not in UPDATE_TARGETS:
            raise ValidationError(
                _WRONG_TARGET.get(target_status, f"Invalid target status: {target_status}.")
            )

        def refuse(version: str, current: PackageVersion) -> Optional[str]:
            if current.status == "Disposed":
                return f"cannot change status of version {version} from Disposed to {target_status}"
            return None

        def apply(_repo: Repository, _package: Package, current: PackageVersion) -> Json:
            current.status = target_status  # the revision names content, so it stays
            return {"revision": current.revision, "status": target_status}

        batch = Batch(versions, version_revisions, expected_status)
        return self._batch(domain, repository, format, package, domain_owner, namespace, batch, refuse, apply)

    def dispose_package_versions(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        package: str,
        versions: list[str],
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
        version_revisions: Optional[dict[str, str]] = None,
        expected_status: Optional[str] = None,
    ) -> Json:
        batch = Batch(versions, version_revisions, expected_status)
        return self._batch(
            domain, repository, format, package, domain_owner, namespace, batch, None, _dispose
        )

    def delete_package_versions(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        package: str,
        versions: list[str],
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
        expected_status: Optional[str] = None,
    ) -> Json:
        batch = Batch(versions, None, expected_status)
        return self._batch(domain, repository, format, package, domain_owner, namespace, batch, None, _delete)

    def _batch(
        self,
        domain: str,
        repository: str,
        fmt: str,
        package: str,
        domain_owner: Optional[str],
        namespace: Optional[str],
        batch: Batch,
        refuse: Optional[Refusal],
        apply: Apply,
    ) -> Json:
        formats.check_namespace(fmt, namespace)  # a request error, so it comes before any not-found
        requested, revisions = requested_versions(fmt, batch.versions, batch.version_revisions)
        repo, found = self._package(domain, repository, fmt, namespace, package, domain_owner)
        failed: dict[str, Json] = {}
        targets: list[PackageVersion] = []
        for version in requested:
            current = found.versions.get(version)
            message = _check(version, current, revisions, batch.expected_status, refuse)
            if message is not None:
                failed[version] = {"errorCode": message[0], "errorMessage": message[1]}
            elif current is not None:
                targets.append(current)
        if failed:  # all or nothing: the others are skipped and nothing changes
            for version in requested:
                failed.setdefault(version, _skipped(version))
            return {"successfulVersions": {}, "failedVersions": {v: failed[v] for v in requested}}
        succeeded = {current.version: apply(repo, found, current) for current in targets}
        found.versions_changed()
        return {"successfulVersions": succeeded, "failedVersions": {}}


def _check(
    version: str,
    current: Optional[PackageVersion],
    revisions: dict[str, str],
    expected_status: Optional[str],
    refuse: Optional[Refusal],
) -> Optional[tuple[str, str]]:
    """The first failure that applies to one version, in the spec's order, or None."""
    if current is None:
        return "NOT_FOUND", f"Could not find version {version}"
    mismatch = mismatched_revision(current, revisions)
    if mismatch is not None:
        return mismatch
    if expected_status is not None and expected_status != current.status:
        return "MISMATCHED_STATUS", f"current status: {current.status}, expected status: {expected_status}"
    refusal = None if refuse is None else refuse(version, current)
    return None if refusal is None else ("NOT_ALLOWED", refusal)


def _skipped(version: str) -> Json:
    return {"errorCode": "SKIPPED", "errorMessage": f"version {version} is skipped"}


def _dispose(repo: Repository, package: Package, current: PackageVersion) -> Json:
    # Assets are deleted and stop counting towards the domain's storage; the revision stays.
    repo.charge(package, -current.size)
    current.assets = {}
    current.size = 0
    current.status = "Disposed"
    return {"revision": current.revision, "status": "Disposed"}


def _delete(repo: Repository, package: Package, current: PackageVersion) -> Json:
    package.versions.remove(current.version)
    repo.charge(package, -current.size)
    return {"revision": current.revision, "status": "Deleted"}
