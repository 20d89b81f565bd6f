"""The three batch operations (UpdatePackageVersionsStatus, DisposePackageVersions, DeletePackageVersions)
on one engine: validate the request, check every version, then apply all or nothing (spec sections 2-6, 13).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Callable, Optional

from . import formats
from .batch import mismatched_revision, requested_versions
from .errors import ValidationError
from .model import Package, PackageVersion, Repository, dispose_all
from .resolve import BackendBase
from .views import Json

UPDATE_TARGETS = ("Published", "Unlisted", "Archived")
_DISPOSED = frozenset({"Disposed"})  # UpdatePackageVersionsStatus may not move a version from there
_NONE: frozenset[str] = frozenset()
_WRONG_TARGET = {
    "Unfinished": "Invalid target status: Unfinished. A package version cannot be moved back to Unfinished; "
    "valid target statuses are Published, Unlisted and Archived.",
    "Disposed": "Invalid target status: Disposed. Use DisposePackageVersions to dispose package versions.",
    "Deleted": "Invalid target status: Deleted. Use DeletePackageVersions to delete package versions.",
}


# Changes every checked version at once, reporting ``status``, and returns the answer (all succeeded).
Apply = Callable[[Repository, Package, list[PackageVersion], str], Mapping[str, Json]]


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
    ) -> Mapping[str, Json]:
        if target_status not in UPDATE_TARGETS:
            raise ValidationError(
                _WRONG_TARGET.get(target_status, f"Invalid target status: {target_status}.")
            )
        where = (domain, repository, format, namespace, package, domain_owner)
        return self._batch(where, versions, version_revisions, expected_status, target_status, _set_status)

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
    ) -> Mapping[str, Json]:
        where = (domain, repository, format, namespace, package, domain_owner)
        return self._batch(where, versions, version_revisions, expected_status, "Disposed", _dispose)

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
    ) -> Mapping[str, Json]:
        where = (domain, repository, format, namespace, package, domain_owner)
        return self._batch(where, versions, None, expected_status, "Deleted", _delete)

    def _batch(
        self,
        where: tuple[str, str, str, Optional[str], str, Optional[str]],
        versions: list[str],
        version_revisions: Optional[dict[str, str]],
        expected_status: Optional[str],
        target_status: str,
        apply: Apply,
    ) -> Mapping[str, Json]:
        """``where``: the package, as (domain, repository, format, namespace, package, domain owner)."""
        domain, repository, fmt, namespace, package, domain_owner = where
        # Request errors (the namespace, then the version list) come before any not-found one. The usual
        # request is told apart in a lookup or two: every call of the three operations comes here.
        if (fmt, namespace is not None) in formats.COORDINATES_AS_GIVEN:
            name = package
        else:
            namespace, name = formats.request_coordinates(fmt, namespace, package)  # normalises or raises
        revisions: dict[str, str]
        if (
            version_revisions is None
            and fmt not in formats.NORMALISES_VERSIONS
            and versions
            and len(set(versions)) == len(versions)
        ):
            requested, revisions = versions, {}
        else:  # normalises or raises
            requested, revisions = requested_versions(fmt, versions, version_revisions)
        repo, found = self._stored_package(domain, repository, fmt, namespace, name, domain_owner)
        currents = list(map(found.versions.get, requested))
        # Only UpdatePackageVersionsStatus refuses a status (Disposed: spec section 3).
        refused = _DISPOSED if apply is _set_status else _NONE
        # Whether _check passes every version (the usual case), told in one pass without any message.
        passed = None not in currents
        # Every version was found when ``passed`` (an annotation, where ``typing.cast`` would be a call).
        checked: list[PackageVersion] = currents  # type: ignore[assignment]
        if passed:
            for current in checked:
                status = current.status
                if (
                    status in refused
                    or (expected_status is not None and status != expected_status)
                    or (revisions and mismatched_revision(current, revisions) is not None)
                ):
                    passed = False
                    break
        if not passed:
            failed = _failures(requested, currents, revisions, expected_status, refused, target_status)
            return {"successfulVersions": {}, "failedVersions": failed}
        answer = apply(repo, found, checked, target_status)
        found.versions_changed()
        return answer


def _failures(
    requested: list[str],
    currents: list[Optional[PackageVersion]],
    revisions: dict[str, str],
    expected_status: Optional[str],
    refused: frozenset[str],
    target_status: str,
) -> dict[str, Json]:
    """failedVersions once some version fails: each failure, and SKIPPED for the others (all or nothing)."""
    failed: dict[str, Json] = {}
    for version, current in zip(requested, currents):
        message = _check(version, current, revisions, expected_status, refused, target_status)
        failed[version] = (
            _skipped(version) if message is None else {"errorCode": message[0], "errorMessage": message[1]}
        )
    return failed


def _check(
    version: str,
    current: Optional[PackageVersion],
    revisions: dict[str, str],
    expected_status: Optional[str],
    refused: frozenset[str],
    target_status: str,
) -> Optional[tuple[str, str]]:
    """The first failure that applies to one version, in the spec's order, or None."""
    if current is None:
        return "NOT_FOUND", f"Could not find version {version}"
    mismatch = mismatched_revision(current, revisions)
    if mismatch is not None:
        return mismatch
    if expected_status is not None and expected_status != current.status:
        return "MISMATCHED_STATUS", f"current status: {current.status}, expected status: {expected_status}"
    if current.status in refused:
        return (
            "NOT_ALLOWED",
            f"cannot change status of version {version} from {current.status} to {target_status}",
        )
    return None


def _skipped(version: str) -> Json:
    return {"errorCode": "SKIPPED", "errorMessage": f"version {version} is skipped"}


def _set_status(
    _repo: Repository, _package: Package, targets: list[PackageVersion], status: str
) -> Mapping[str, Json]:
    for current in targets:
        current.status = status  # the revision names content, so it stays
    return _all_succeeded(targets, status)


def _dispose(
    repo: Repository, package: Package, targets: list[PackageVersion], status: str
) -> Mapping[str, Json]:
    # Assets are deleted and stop counting towards the domain's storage; the revision stays.
    repo.charge(package, -dispose_all(targets))
    return _all_succeeded(targets, status)


def _delete(
    repo: Repository, package: Package, targets: list[PackageVersion], status: str
) -> Mapping[str, Json]:
    package.versions.remove_many([current.version for current in targets])
    repo.charge(package, -sum([current.size for current in targets]))
    return _all_succeeded(targets, status)


def _all_succeeded(targets: list[PackageVersion], status: str) -> Mapping[str, Json]:
    """The answer when every version succeeded."""
    succeeded = {current.version: {"revision": current.revision, "status": status} for current in targets}
    return {"successfulVersions": succeeded, "failedVersions": {}}
