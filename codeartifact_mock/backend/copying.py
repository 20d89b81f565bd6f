"""CopyPackageVersions: copy versions of one package between two repositories of a domain, all or nothing.

User guide, "Copy packages between repositories": a version missing from the source fails NOT_FOUND; one
already in the destination with the same assets and metadata is not copied and is left out of both maps
(so a copy is idempotent); one there with different content fails ALREADY_EXISTS unless allowOverwrite;
any failure skips every other version (SKIPPED) and copies nothing. "Upstream repository API behavior":
only the source repository is searched unless includeFromUpstream, which also searches its upstreams in
their priority order. A copy keeps the version's status, revision, publish time, origin and assets, and an
npm version brings the dist-tags that alias it in the source.
"""

from __future__ import annotations

import copy
from typing import Optional

from . import formats
from .batch_requests import Failure, mismatched_revision, requested_versions
from .connections import first_version_restrictions
from .entities import Package, PackageVersion, Repository
from .errors import ValidationError
from .lifecycle import LIFECYCLE, Failed
from .publishing import same_assets
from .resolve import BackendBase
from .upstreams import search_order
from .views import Json

Found = tuple[Repository, PackageVersion]  # a requested version and the repository it was found in


class CopyOps(BackendBase):
    __slots__ = ()

    def copy_package_versions(
        self,
        *,
        domain: str,
        source_repository: str,
        destination_repository: str,
        format: str,
        package: str,
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
        versions: Optional[list[str]] = None,
        version_revisions: Optional[dict[str, str]] = None,
        allow_overwrite: Optional[bool] = None,
        include_from_upstream: Optional[bool] = None,
    ) -> Json:
        stored_namespace, name = formats.request_coordinates(format, namespace, package)
        if (versions is None) == (version_revisions is None):
            raise ValidationError("You must specify versions or versionRevisions. You cannot specify both.")
        listed = versions if versions is not None else list(version_revisions or {})
        requested, revisions = requested_versions(format, listed, version_revisions)
        if source_repository == destination_repository:
            raise ValidationError(
                f"The source and destination repositories must be different: {source_repository}"
            )
        source = self._repository(domain, source_repository, domain_owner)
        destination = self._repository_in(source.domain, destination_repository)
        key = (format, stored_namespace, name)
        searched = search_order(source) if include_from_upstream else [source]
        holders = [(repo, held) for repo in searched for held in (repo.packages.get(key),) if held]
        if not holders:  # the package itself is missing: the same error as the other package operations
            self._package(domain, source_repository, format, namespace, package, domain_owner)
        target = destination.packages.get(key)

        failed: dict[str, Failure] = {}
        copies: list[Found] = []
        for version in requested:
            found = _find(holders, version)
            existing = None if target is None else target.versions.get(version)
            failure = _check(version, found, existing, revisions, bool(allow_overwrite))
            if failure is not None:
                failed[version] = failure
            elif found is not None and not (existing is not None and _same_content(found[1], existing)):
                copies.append(found)  # an identical version already there is left out of both maps
        if failed:  # all or nothing: every version that would have been copied is skipped
            for _repo, skipped in copies:
                failed[skipped.version] = ("SKIPPED", f"Version {skipped.version} was skipped")
            entries = {
                v: {"errorCode": failed[v][0], "errorMessage": failed[v][1]} for v in requested if v in failed
            }
            return {"successfulVersions": {}, "failedVersions": entries}
        if copies and target is None:
            target = Package(format, stored_namespace, name, holders[0][1].display_name)
            first_version_restrictions(target, copies[0][1])
            destination.packages.add(key, target)
        succeeded: Json = {}
        if target is not None:
            for repo, original in copies:
                copied = copy_into(destination, target, repo, original)
                succeeded[copied.version] = {"revision": copied.revision, "status": copied.status}
                _copy_tags(repo.packages.get(key), target, copied.version)
            target.versions_changed()
        return {"successfulVersions": succeeded, "failedVersions": {}}


def _find(holders: list[tuple[Repository, Package]], version: str) -> Optional[Found]:
    """The version from the first repository in search order whose package has it."""
    for repo, held in holders:
        found = held.versions.get(version)
        if found is not None:
            return repo, found
    return None


def _check(
    version: str,
    found: Optional[Found],
    existing: Optional[PackageVersion],
    revisions: dict[str, str],
    allow_overwrite: bool,
) -> Optional[Failure]:
    """The failure that stops one version from being copied, or None."""
    if found is None:
        return "NOT_FOUND", f"Could not find version {version}"
    current = found[1]
    mismatch = mismatched_revision(current, revisions)
    if mismatch is not None:
        return mismatch
    outcome = LIFECYCLE["CopyPackageVersions"][current.status]
    if isinstance(outcome, Failed):
        return outcome.code, outcome.message.format(version=version, status=current.status)
    if existing is not None and not allow_overwrite and not _same_content(current, existing):
        return "ALREADY_EXISTS", f"Version {version} already exists"
    return None


def _same_content(one: PackageVersion, other: PackageVersion) -> bool:
    """Same assets and metadata, as the revision names them (and the asset bytes, for pinned revisions)."""
    return one.revision == other.revision and same_assets(one, other)


def _copy_tags(source: Optional[Package], target: Package, version: str) -> None:
    """npm's dist-tags come with the versions they alias (user guide, "Copy packages": the tags of the
    copied versions are copied; a tag of the same name in the destination is moved to the copy)."""
    if source is not None:
        target.dist_tags.update((tag, name) for tag, name in source.dist_tags.items() if name == version)


def copy_into(
    destination: Repository, package: Package, source: Repository, version: PackageVersion
) -> PackageVersion:
    """Store a copy of ``version`` (from ``source``) in ``package``, replacing any version of that name: its
    status, revision, publish time, metadata and assets, and where it entered the domain (CopyPackageVersions,
    and a version a package manager fetched through an upstream: ``resolution``)."""
    copied = copy.copy(version)  # every field, whatever slots the version grows
    copied.assets = dict(version.assets)  # asset objects are immutable and can be shared
    copied.size = sum(asset.size for asset in copied.assets.values())  # a seeded original may count none yet
    entry = version.origin if version.origin is not None else source.name
    copied.origin = None if entry == destination.name else entry
    destination.put(package, copied)
    return copied
