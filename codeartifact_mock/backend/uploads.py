"""Publishing through a package manager (twine, npm, mvn): one asset into a version, created if missing.

The repository endpoints call this after they have read the client's upload; it is plain domain logic.
What an upload may do to a version that already exists is the lifecycle table's ``PUBLISH_AGAIN`` row
(npm's: ``NPM_PUBLISH_AGAIN``); origin controls apply as for the API (first direct publish: publish ALLOW,
upstream BLOCK).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import NamedTuple, Optional

from . import formats, lifecycle
from .entities import Asset, Package, PackageVersion, Repository, VersionMetadata
from .errors import ConflictError, ServiceQuotaExceededError
from .metadata import metadata_state
from .origins import check_publish_allowed
from .publishing import MAX_ASSETS_PER_VERSION
from .resolve import BackendBase
from .revision import compute_revision


class Upload(NamedTuple):
    """One file a package manager publishes, with what its metadata says about the version."""

    format: str
    namespace: Optional[str]
    package: str  # as the client sent it; stored normalised as the format wants (PyPI: PEP 503)
    version: str
    asset_name: str
    content: bytes
    metadata: Optional[VersionMetadata] = None  # kept from the version's first file
    new_asset_names: bool = True  # may a new file join an existing version (PyPI, Maven: yes; npm: no)
    status: str = lifecycle.PUBLISHED  # of a version this upload creates or completes (Maven: Unfinished)
    again: Mapping[str, lifecycle.Outcome] = lifecycle.PUBLISH_AGAIN  # the row for an existing version


class Uploads(BackendBase):
    """Uploads into the store, as ``account_id`` in ``region`` (the caller's token says which)."""

    __slots__ = ()

    def upload(
        self, domain: str, domain_owner: Optional[str], repository: str, upload: Upload
    ) -> tuple[PackageVersion, bool]:
        """Store ``upload``; return its version and whether anything changed (False: identical re-upload).

        Raises ``ResourceNotFoundError`` (no such repository), ``AccessDeniedError`` (origin controls),
        ``ConflictError`` (the version refuses it) or ``ServiceQuotaExceededError`` (too many assets).
        """
        repo = self._repository(domain, repository, domain_owner)
        namespace, name = formats.stored_coordinates(upload.format, upload.namespace, upload.package)
        package = repo.packages.get((upload.format, namespace, name))
        check_publish_allowed(repo, package, upload.format, namespace, name)
        asset = Asset(upload.content)
        version = None if package is None else package.versions.get(upload.version)
        if package is None:
            shown = formats.display_name(upload.format, upload.namespace, upload.package)
            package = Package(upload.format, namespace, name, shown)
            repo.packages.add(package.key, package)
        if version is None:
            assets = {upload.asset_name: asset}
            revision = compute_revision(
                upload.format, namespace, name, upload.version, assets, metadata_state(upload.metadata)
            )
            version = PackageVersion(
                upload.version, upload.status, assets, revision, datetime.now(timezone.utc)
            )
            version.metadata = upload.metadata
            package.versions.add(version)
            package.versions_changed()
            repo.charge(package, version.size)
            return version, True
        return version, self._into_existing(repo, package, version, upload, asset)

    @staticmethod
    def _into_existing(
        repo: Repository, package: Package, version: PackageVersion, upload: Upload, asset: Asset
    ) -> bool:
        rule = upload.again[version.status]
        coordinates = f"{package.display_name}@{version.version}"
        if rule == lifecycle.REFUSED:
            raise ConflictError(
                f"Package version '{coordinates}' has status {version.status}: it cannot be published again",
                "package-version",
                version.version,
            )
        held = version.assets.get(upload.asset_name)
        if held is not None:
            if held.sha256 != asset.sha256:
                raise ConflictError(
                    f"Asset '{upload.asset_name}' already exists in package version '{coordinates}' "
                    "with different content",
                    "asset",
                    upload.asset_name,
                )
            if rule == lifecycle.FINISHED and version.status != upload.status:
                version.status = upload.status
                package.versions_changed()
                return True
            return False
        if rule == lifecycle.REUPLOAD_ONLY and not upload.new_asset_names:
            raise ConflictError(
                f"Package version '{coordinates}' already exists", "package-version", version.version
            )
        if len(version.assets) >= MAX_ASSETS_PER_VERSION:
            raise ServiceQuotaExceededError(
                f"Package version '{coordinates}' already has the maximum of {MAX_ASSETS_PER_VERSION} assets",
                "package-version",
                version.version,
            )
        version.assets[upload.asset_name] = asset
        version.size += asset.size
        repo.charge(package, asset.size)
        if version.metadata is None:
            version.metadata = upload.metadata
        version.revision = compute_revision(
            package.format,
            package.namespace,
            package.name,
            version.version,
            version.assets,
            metadata_state(version.metadata),
        )
        if rule == lifecycle.FINISHED:
            version.status = upload.status
        package.versions_changed()  # a new asset, whether or not the status changed
        return True
