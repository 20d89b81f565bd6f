"""Package and version reads plus DeletePackage: DescribePackage, ListPackages, DeletePackage,
ListPackageVersions, DescribePackageVersion."""

from __future__ import annotations

from typing import Optional

from . import connections, formats
from .entities import Package, PackageVersion
from .lifecycle import STORED
from .ordered import SortedOrder
from .resolve import BackendBase
from .versions import PackageVersions
from .views import (
    Json,
    listing,
    package_coordinates,
    package_description,
    package_summary,
    version_description,
    version_summary,
)

# Stays empty: what filters that match nothing list.
_NO_VERSIONS: SortedOrder[PackageVersion] = PackageVersions().by_version


class PackageOps(BackendBase):
    __slots__ = ()

    def describe_package(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        package: str,
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> Json:
        _repo, found = self._package(domain, repository, format, namespace, package, domain_owner)
        return {"package": package_description(found)}

    def list_packages(
        self,
        *,
        domain: str,
        repository: str,
        domain_owner: Optional[str] = None,
        format: Optional[str] = None,
        namespace: Optional[str] = None,
        package_prefix: Optional[str] = None,
        max_results: Optional[int] = None,
        next_token: Optional[str] = None,
        publish: Optional[str] = None,
        upstream: Optional[str] = None,
    ) -> Json:
        # namespace and packagePrefix are prefix filters, with or without format (spec section 13: without
        # one, namespace filters every format). Each package is compared with the prefixes as its own format
        # reads input: NuGet lower-cases names, Swift names and namespaces.
        lower_namespace = None if namespace is None else namespace.lower()
        lower_prefix = None if package_prefix is None else package_prefix.lower()
        repo = self._repository(domain, repository, domain_owner)

        def keep(found: Package) -> bool:
            fmt = found.format
            wanted_namespace = lower_namespace if fmt == "swift" else namespace
            wanted_prefix = lower_prefix if fmt in formats.LOWERCASES_NAMES else package_prefix
            return (
                (format is None or fmt == format)
                and (
                    wanted_namespace is None
                    or (found.namespace is not None and found.namespace.startswith(wanted_namespace))
                )
                and (wanted_prefix is None or found.name.startswith(wanted_prefix))
                and (publish is None or found.publish == publish)
                and (upstream is None or found.upstream == upstream)
            )

        filtered = any(value is not None for value in (format, namespace, package_prefix, publish, upstream))
        query = (
            "ListPackages",
            repo.domain.owner,
            domain,
            repository,
            format,
            namespace,
            package_prefix,
            publish,
            upstream,
        )
        found, token = self._page(
            repo.packages, query, max_results, next_token, 100, keep if filtered else None
        )
        return listing("packages", [package_summary(item) for item in found], token)

    def delete_package(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        package: str,
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
    ) -> Json:
        repo, found = self._package(domain, repository, format, namespace, package, domain_owner)
        repo.packages.remove(found.key)
        repo.charge(found, -found.asset_bytes)  # all its versions and their assets go with it
        return {"deletedPackage": package_summary(found)}

    def list_package_versions(
        self,
        *,
        domain: str,
        repository: str,
        format: str,
        package: str,
        domain_owner: Optional[str] = None,
        namespace: Optional[str] = None,
        status: Optional[str] = None,
        sort_by: Optional[str] = None,
        max_results: Optional[int] = None,
        next_token: Optional[str] = None,
        origin_type: Optional[str] = None,
    ) -> Json:
        repo, found = self._package(domain, repository, format, namespace, package, domain_owner)
        # Both orders are listed newest first (spec section 13): by version string, or by publishedTime.
        # Only stored statuses (not Deleted) can match, and every stored origin is known (not UNKNOWN).
        matchable = (status is None or status in STORED) and origin_type != "UNKNOWN"
        index = found.versions.order(sort_by) if matchable else _NO_VERSIONS

        def keep(version: PackageVersion) -> bool:
            return (status is None or version.status == status) and (
                origin_type is None or connections.origin_type(version) == origin_type
            )

        query = (
            "ListPackageVersions",
            repo.domain.owner,
            domain,
            repository,
            format,
            found.namespace,
            found.name,
            status,
            sort_by,
            origin_type,
        )
        versions, token = self._page(
            index,
            query,
            max_results,
            next_token,
            50,
            keep if status is not None or origin_type is not None else None,
            reverse=True,
        )
        result: Json = {}
        default = found.default_display_version()
        if default is not None:
            result["defaultDisplayVersion"] = default
        result.update(package_coordinates(found))
        result.update(listing("versions", [version_summary(repo, version) for version in versions], token))
        return result

    def describe_package_version(
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
        repo, found, version = self._package_version(
            domain, repository, format, namespace, package, package_version, domain_owner
        )
        return {"packageVersion": version_description(repo, found, version)}
