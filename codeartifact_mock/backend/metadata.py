"""What a version's metadata file says: GetPackageVersionReadme and ListPackageVersionDependencies.

The real service extracts summary, home page, licenses, readme and dependencies from the package itself
(package.json, pom.xml, ...). The mock has only what ``add_package_version`` was given; a version published
through PublishPackageVersion, and any generic version, has none (AWS does not interpret generic assets).
"""

from __future__ import annotations

from typing import Any, Optional

from .entities import PackageVersion, VersionMetadata
from .resolve import BackendBase
from .views import Json, listing, package_coordinates

DEPENDENCIES_PAGE = 50  # the model has no maxResults for ListPackageVersionDependencies


def version_metadata(
    summary: Optional[str] = None,
    home_page: Optional[str] = None,
    source_code_repository: Optional[str] = None,
    licenses: Optional[list[dict[str, str]]] = None,
    readme: Optional[str] = None,
    dependencies: Optional[list[dict[str, str]]] = None,
) -> Optional[VersionMetadata]:
    """The metadata to store, or None when nothing was given (so most versions cost no memory for it)."""
    given = (summary, home_page, source_code_repository, licenses, readme, dependencies)
    if all(value is None for value in given):
        return None
    return VersionMetadata(summary, home_page, source_code_repository, licenses, readme, dependencies)


def metadata_state(metadata: Optional[VersionMetadata]) -> Optional[list[Any]]:
    """The metadata as plain values for the revision hash (a revision names "assets and metadata")."""
    if metadata is None:
        return None
    return [
        metadata.summary,
        metadata.home_page,
        metadata.source_code_repository,
        metadata.licenses,
        metadata.readme,
        metadata.dependencies,
    ]


def readme_text(version: PackageVersion) -> Optional[str]:
    """The readme, or the summary for packages without one (as AWS does with a pom's <description>)."""
    metadata = version.metadata
    if metadata is None:
        return None
    return metadata.readme if metadata.readme is not None else metadata.summary


class MetadataOps(BackendBase):
    __slots__ = ()

    def get_package_version_readme(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        package: str,
        package_version: str,
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> Json:
        _repo, found, version = self._package_version(
            domain, repository, format, namespace, package, package_version, domain_owner
        )
        result = package_coordinates(found)
        result.update(version=version.version, versionRevision=version.revision)
        readme = readme_text(version)
        if readme is not None:
            result["readme"] = readme
        return result

    def list_package_version_dependencies(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        package: str,
        package_version: str,
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
        next_token: Optional[str] = None,
    ) -> Json:
        repo, found, version = self._package_version(
            domain, repository, format, namespace, package, package_version, domain_owner
        )
        dependencies = [] if version.metadata is None else version.metadata.dependencies
        # A version's dependencies only change when it is seeded again, so a position is a stable cursor.
        query = (
            "ListPackageVersionDependencies",
            repo.domain.owner,
            repo.domain.name,
            repo.name,
            format,
            found.namespace,
            found.name,
            version.version,
        )
        window, token = self._positional_page(query, dependencies, DEPENDENCIES_PAGE, next_token)
        result = package_coordinates(found)
        result.update(version=version.version, versionRevision=version.revision)
        result.update(listing("dependencies", [dict(item) for item in window], token))
        return result
