"""Publishing through a package manager (twine, npm, mvn): one asset into a version, created if missing.

The repository endpoints call this after they have read the client's upload; it is plain domain logic.
What an upload may do to a version that already exists is the lifecycle table's ``PUBLISH_AGAIN`` row
(npm's: ``NPM_PUBLISH_AGAIN``); origin controls apply as for the API (first direct publish: publish ALLOW,
upstream BLOCK).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, Optional

from . import formats, lifecycle
from .entities import Asset, Package, PackageVersion, Repository, VersionMetadata
from .errors import ConflictError
from .origins import check_publish_allowed
from .publishing import add_asset, held_asset, move_to, store_version
from .resolve import BackendBase


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
            version = store_version(repo, package, upload.version, upload.status, assets, upload.metadata)
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
        if held_asset(package, version, upload.asset_name, asset) is not None:
            # the same file again: it changes nothing, unless it completes the version
            return rule == lifecycle.FINISHED and move_to(package, version, upload.status)
        if rule == lifecycle.REUPLOAD_ONLY and not upload.new_asset_names:
            raise ConflictError(
                f"Package version '{coordinates}' already exists", "package-version", version.version
            )
        add_asset(repo, package, version, upload.asset_name, asset, upload.metadata)
        if rule == lifecycle.FINISHED:
            move_to(package, version, upload.status)
        return True
