"""The three batch operations (UpdatePackageVersionsStatus, DisposePackageVersions, DeletePackageVersions)
on one engine: validate the request, check every version (against the request, then against its row of
``lifecycle.LIFECYCLE``), then apply all or nothing (spec sections 2-6, 13). The check that words a version's
failure is the check that decides whether the call goes ahead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Callable, Optional, cast

from . import formats
from .batch_requests import Failure, mismatched_revision, requested_versions
from .entities import Package, PackageVersion, Repository, dispose_all
from .errors import ValidationError
from .lifecycle import LIFECYCLE, TARGET, UPDATE_TARGETS, Failed, Outcome, refused_target
from .resolve import BackendBase
from .views import Json

# Changes every checked version at once, reporting ``status``, and returns the answer (all succeeded).
Apply = Callable[[Repository, Package, list[PackageVersion], str], Mapping[str, Json]]
Where = tuple[str, str, str, Optional[str], str, Optional[str]]  # domain, repository, format, namespace,
# package, domain owner


class VersionBatchOps(BackendBase):
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
            raise ValidationError(refused_target(target_status))
        where = (domain, repository, format, namespace, package, domain_owner)
        return self._batch(
            "UpdatePackageVersionsStatus", where, versions, version_revisions, expected_status, target_status
        )

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
        return self._batch("DisposePackageVersions", where, versions, version_revisions, expected_status)

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
        return self._batch("DeletePackageVersions", where, versions, None, expected_status)

    def _batch(
        self,
        operation: str,
        where: Where,
        versions: list[str],
        version_revisions: Optional[dict[str, str]],
        expected_status: Optional[str],
        target_status: Optional[str] = None,
    ) -> Mapping[str, Json]:
        """Check every version against the request and ``LIFECYCLE[operation]``; apply all or nothing."""
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
        rules = LIFECYCLE[operation]
        failures = _failures(requested, currents, revisions, expected_status, rules, target_status)
        if failures.count(None) != len(failures):  # some version failed: nothing changes
            failed: dict[str, Json] = {
                version: _skipped(version)
                if failure is None
                else {"errorCode": failure[0], "errorMessage": failure[1]}
                for version, failure in zip(requested, failures)
            }
            return {"successfulVersions": {}, "failedVersions": failed}
        checked = cast("list[PackageVersion]", currents)  # every version was found
        # Every row of the three operations moves all of a call's versions to one status.
        moved = rules[checked[0].status]
        status = cast(str, target_status if moved is TARGET else moved)
        answer = _APPLY[operation](repo, found, checked, status)
        found.versions_changed()
        return answer


def _failures(
    requested: list[str],
    currents: list[Optional[PackageVersion]],
    revisions: dict[str, str],
    expected_status: Optional[str],
    rules: dict[str, Outcome],
    target_status: Optional[str],
) -> list[Optional[Failure]]:
    """For each version, the first failure that applies to it in the spec's order, or None if it may go
    ahead. (One loop rather than a call per version: 100 calls were 2% of a 100-version call.)"""
    failures: list[Optional[Failure]] = []
    for version, current in zip(requested, currents):
        failure: Optional[Failure] = None
        if current is None:
            failure = "NOT_FOUND", f"Could not find version {version}"
        elif revisions and (mismatch := mismatched_revision(current, revisions)) is not None:
            failure = mismatch
        elif expected_status is not None and expected_status != current.status:
            failure = (
                "MISMATCHED_STATUS",
                f"current status: {current.status}, expected status: {expected_status}",
            )
        else:
            outcome = rules[current.status]
            if type(outcome) is Failed:
                message = outcome.message.format(version=version, status=current.status, target=target_status)
                failure = outcome.code, message
        failures.append(failure)
    return failures


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
    deleted = [current.version for current in targets]
    package.versions.remove_many(deleted)
    repo.charge(package, -sum([current.size for current in targets]))
    if package.dist_tags:
        # npm's dist-tags naming a deleted version go with it, as npm's registry drops them on unpublish: a
        # version published again under that name later gets only the tags it is published with.
        gone = set(deleted)
        for tag in [tag for tag, name in package.dist_tags.items() if name in gone]:
            del package.dist_tags[tag]
    return _all_succeeded(targets, status)


# How each operation changes the versions once every one has passed.
_APPLY: dict[str, Apply] = {
    "UpdatePackageVersionsStatus": _set_status,
    "DisposePackageVersions": _dispose,
    "DeletePackageVersions": _delete,
}


def _all_succeeded(targets: list[PackageVersion], status: str) -> Mapping[str, Json]:
    """The answer when every version succeeded."""
    succeeded = {current.version: {"revision": current.revision, "status": status} for current in targets}
    return {"successfulVersions": succeeded, "failedVersions": {}}
