"""Asset reads: ListPackageVersionAssets and GetPackageVersionAsset."""

from __future__ import annotations

from typing import Optional

from .errors import ConflictError, ResourceNotFoundError
from .lifecycle import LIFECYCLE, Conflict, Gone
from .resolve import BackendBase
from .views import Json, asset_summary, listing, package_coordinates


class AssetOps(BackendBase):
    __slots__ = ()

    def list_package_version_assets(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        package: str,
        package_version: str,
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
        max_results: Optional[int] = None,
        next_token: Optional[str] = None,
    ) -> Json:
        repo, found, version = self._package_version(
            domain, repository, format, namespace, package, package_version, domain_owner
        )
        limit = 50 if max_results is None else max_results  # the model bounds it to 1..1000
        # Assets are only ever appended (or all dropped by Dispose), so a position is a stable cursor.
        query = (
            "ListPackageVersionAssets",
            repo.domain.owner,
            domain,
            repository,
            format,
            found.namespace,
            found.name,
            version.version,
        )
        window, token = self._positional_page(query, version.assets.items(), limit, next_token)
        result = package_coordinates(found)
        result.update(version=version.version, versionRevision=version.revision)
        result.update(listing("assets", [asset_summary(name, asset) for name, asset in window], token))
        return result

    def get_package_version_asset(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        package: str,
        package_version: str,
        asset: str,
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
        package_version_revision: Optional[str] = None,
    ) -> Json:
        repo, found, version = self._package_version(
            domain, repository, format, namespace, package, package_version, domain_owner
        )
        coordinates = f"{found.display_name}@{version.version}"
        if package_version_revision is not None and package_version_revision != version.revision:
            raise ResourceNotFoundError(
                f"The {format} package version '{coordinates}' with revision '{package_version_revision}' "
                f"does not exist in repository '{repo.name}'.",
                "package-version",
                version.version,
            )
        stored = version.assets.get(asset)
        outcome = LIFECYCLE["GetPackageVersionAsset"][version.status]
        if stored is None:
            why = outcome.why if isinstance(outcome, Gone) else "does not exist"
            raise ResourceNotFoundError(
                f"Asset '{asset}' of {format} package version '{coordinates}' {why} "
                f"in repository '{repo.name}'.",
                "asset",
                asset,
            )
        if isinstance(outcome, Conflict):
            raise ConflictError(
                outcome.message.format(format=format, coordinates=coordinates, status=version.status),
                "package-version",
                version.version,
            )
        return {
            "asset": stored.content,
            "assetName": asset,
            "packageVersion": version.version,
            "packageVersionRevision": version.revision,
        }
