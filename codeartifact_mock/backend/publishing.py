"""PublishPackageVersion: generic packages only, one asset per call (spec section 9)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Optional

from . import formats
from .entities import Asset, Package, PackageVersion, Repository, VersionMetadata
from .errors import ConflictError, ServiceQuotaExceededError, ValidationError
from .lifecycle import FINISHED, LIFECYCLE, SAME, Conflict, finished
from .metadata import metadata_state
from .origins import check_publish_allowed
from .resolve import BackendBase
from .revision import compute_revision
from .views import Json, asset_summary

MAX_ASSETS_PER_VERSION = 150  # the English service quota page
MAX_ASSET_BYTES = 5 * 1024**3


class PublishOps(BackendBase):
    __slots__ = ()

    def publish_package_version(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        package: str,
        package_version: str,
        asset_content: bytes,
        asset_name: str,
        asset_sha256: str,
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
        unfinished: Optional[bool] = None,
    ) -> Json:
        if format != "generic":
            raise ValidationError(
                f"Invalid package format: {format}. Only generic packages can be published with "
                "PublishPackageVersion"
            )
        namespace, name = formats.request_coordinates(format, namespace, package)
        formats.check_generic_asset_name(asset_name)
        calculated = hashlib.sha256(asset_content).hexdigest()
        if calculated != asset_sha256:
            raise ValidationError(
                "The provided content hashes do not match the calculated content hashes. "
                f"Hash algorithm 'SHA-256', Expected hash '{asset_sha256}', Calculated hash '{calculated}'"
            )
        if len(asset_content) > MAX_ASSET_BYTES:
            raise ServiceQuotaExceededError(
                f"Asset '{asset_name}' is larger than the {MAX_ASSET_BYTES} byte limit", "asset", asset_name
            )
        repo = self._repository(domain, repository, domain_owner)
        incoming = Asset(asset_content, calculated)
        found = repo.packages.get((format, namespace, name))
        check_publish_allowed(repo, found, format, namespace, name)
        version = None if found is None else found.versions.get(package_version)
        if found is None:
            found = Package(format, namespace, name, formats.display_name(format, namespace, name))
            repo.packages.add(found.key, found)
        if version is None:
            stored = incoming
            # LIFECYCLE["PublishPackageVersion"][DELETED]: a new version is FINISHED
            version = store_version(
                repo, found, package_version, finished(unfinished), {asset_name: incoming}
            )
        else:
            stored = self._add_asset(repo, found, version, asset_name, incoming, bool(unfinished))
        result: Json = {"format": format, "namespace": namespace, "package": name, "version": version.version}
        result.update(versionRevision=version.revision, status=version.status)
        result["asset"] = asset_summary(asset_name, stored)
        return result

    @staticmethod
    def _add_asset(
        repo: Repository,
        package: Package,
        version: PackageVersion,
        asset_name: str,
        asset: Asset,
        unfinished: bool,
    ) -> Asset:
        """Publish into an existing version: the version's status says whether it takes a new asset, or the
        same asset again (a no-op), and the status it is left in (``LIFECYCLE``)."""
        coordinates = f"{package.display_name}@{version.version}"
        existing = held_asset(package, version, asset_name, asset)
        if existing is not None:
            again = LIFECYCLE["PublishPackageVersion same asset"][version.status]
            if again == SAME:
                return existing
            if again == FINISHED:
                move_to(package, version, finished(unfinished))
                return existing
        outcome = LIFECYCLE["PublishPackageVersion"][version.status]
        if isinstance(outcome, Conflict):
            raise ConflictError(
                outcome.message.format(coordinates=coordinates, status=version.status),
                "package-version",
                version.version,
            )
        add_asset(repo, package, version, asset_name, asset)
        move_to(package, version, finished(unfinished))
        return asset


# Shared with the repository endpoints' uploads (``endpoint_backend.py``): the same version, the same asset
# rules.


def move_to(package: Package, version: PackageVersion, status: str) -> bool:
    """Leave a version published into in ``status`` (an Unfinished one completed, or as it was); whether
    that changed it."""
    if version.status == status:
        return False
    version.status = status
    package.versions_changed()
    return True


def store_version(
    repo: Repository,
    package: Package,
    version: str,
    status: str,
    assets: dict[str, Asset],
    metadata: Optional[VersionMetadata] = None,
) -> PackageVersion:
    """Create ``version`` of ``package`` now, holding ``assets``, in place of any version of that name (a
    Maven SNAPSHOT given its newest build), and charge its size to the repository."""
    revision = compute_revision(
        package.format, package.namespace, package.name, version, assets, metadata_state(metadata)
    )
    created = PackageVersion(version, status, assets, revision, datetime.now(timezone.utc))
    created.metadata = metadata
    repo.put(package, created)
    package.versions_changed()
    return created


def same_assets(one: PackageVersion, other: PackageVersion) -> bool:
    """Whether two versions hold assets of the same names with the same bytes."""
    return {name: asset.sha256 for name, asset in one.assets.items()} == {
        name: asset.sha256 for name, asset in other.assets.items()
    }


def held_asset(package: Package, version: PackageVersion, asset_name: str, asset: Asset) -> Optional[Asset]:
    """The asset ``version`` already holds under ``asset_name`` when it has the same bytes as ``asset``; None
    when it holds none; a ``ConflictError`` when it holds other bytes."""
    held = version.assets.get(asset_name)
    if held is not None and held.sha256 != asset.sha256:
        raise ConflictError(
            f"Asset '{asset_name}' already exists in package version "
            f"'{package.display_name}@{version.version}' with different content",
            "asset",
            asset_name,
        )
    return held


def add_asset(
    repo: Repository,
    package: Package,
    version: PackageVersion,
    asset_name: str,
    asset: Asset,
    metadata: Optional[VersionMetadata] = None,
) -> None:
    """Add a new asset to ``version`` (``ServiceQuotaExceededError`` past the quota, nothing changed), charge
    it, take ``metadata`` if the version has none yet, and give the version the revision its assets and
    metadata now name."""
    if len(version.assets) >= MAX_ASSETS_PER_VERSION:
        raise ServiceQuotaExceededError(
            f"Package version '{package.display_name}@{version.version}' already has the maximum of "
            f"{MAX_ASSETS_PER_VERSION} assets",
            "package-version",
            version.version,
        )
    version.assets[asset_name] = asset
    if version.metadata is None:
        version.metadata = metadata
    version.size += asset.size
    repo.charge(package, asset.size)
    version.revision = compute_revision(
        package.format,
        package.namespace,
        package.name,
        version.version,
        version.assets,
        metadata_state(version.metadata),
    )
    package.versions_changed()  # a new asset, whatever happens to the status
