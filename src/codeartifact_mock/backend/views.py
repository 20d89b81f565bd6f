"""Entities rendered as the service model's output structures (camelCase member names, None omitted)."""

from __future__ import annotations

from typing import Any, Optional

from .model import Asset, Domain, Package, PackageVersion, Repository

Json = dict[str, Any]


def domain_arn(region: str, owner: str, name: str) -> str:
    return f"arn:aws:codeartifact:{region}:{owner}:domain/{name}"


def repository_arn(repository: Repository) -> str:
    domain = repository.domain
    return f"arn:aws:codeartifact:{domain.region}:{domain.owner}:repository/{domain.name}/{repository.name}"


def domain_summary(domain: Domain, status: str = "Active") -> Json:
    return {
        "name": domain.name,
        "owner": domain.owner,
        "arn": domain_arn(domain.region, domain.owner, domain.name),
        "status": status,
        "createdTime": domain.created,
        "encryptionKey": domain.encryption_key,
    }


def domain_description(domain: Domain, status: str = "Active") -> Json:
    description = domain_summary(domain, status)
    description["repositoryCount"] = len(domain.repositories)
    description["assetSizeBytes"] = domain.asset_size_bytes
    description["s3BucketArn"] = f"arn:aws:s3:::assets-{domain.owner}-{domain.region}"
    return description


def repository_summary(repository: Repository) -> Json:
    summary: Json = {
        "name": repository.name,
        "administratorAccount": repository.administrator,
        "domainName": repository.domain.name,
        "domainOwner": repository.domain.owner,
        "arn": repository_arn(repository),
    }
    if repository.description is not None:
        summary["description"] = repository.description
    summary["createdTime"] = repository.created
    return summary


def repository_description(repository: Repository) -> Json:
    description = repository_summary(repository)
    description["upstreams"] = [{"repositoryName": name} for name in repository.upstreams]
    description["externalConnections"] = []
    return description


def listing(key: str, items: list[Json], token: Optional[str]) -> Json:
    """One page of a List* output: the items under ``key``, and ``nextToken`` unless it is the last page."""
    page: Json = {key: items}
    if token is not None:
        page["nextToken"] = token
    return page


def origin_configuration(package: Package) -> Json:
    return {"restrictions": {"publish": package.publish, "upstream": package.upstream}}


def package_coordinates(package: Package, name_key: str = "package") -> Json:
    """``format``, ``namespace`` (only when the package has one) and the name, as package outputs begin."""
    coordinates: Json = {"format": package.format}
    if package.namespace is not None:
        coordinates["namespace"] = package.namespace
    coordinates[name_key] = package.name
    return coordinates


def package_summary(package: Package) -> Json:
    return {**package_coordinates(package), "originConfiguration": origin_configuration(package)}


def package_description(package: Package) -> Json:
    return {**package_coordinates(package, "name"), "originConfiguration": origin_configuration(package)}


def version_origin(repository: Repository) -> Json:
    # Every version in the mock was published straight into its repository.
    return {"domainEntryPoint": {"repositoryName": repository.name}, "originType": "INTERNAL"}


def version_summary(repository: Repository, version: PackageVersion) -> Json:
    return {
        "version": version.version,
        "revision": version.revision,
        "status": version.status,
        "origin": version_origin(repository),
    }


def version_description(repository: Repository, package: Package, version: PackageVersion) -> Json:
    description: Json = {"format": package.format}
    if package.namespace is not None:
        description["namespace"] = package.namespace
    description.update(
        packageName=package.name,
        displayName=package.display_name,
        version=version.version,
        publishedTime=version.published,
        revision=version.revision,
        status=version.status,
        origin=version_origin(repository),
    )
    return description


def asset_summary(name: str, asset: Asset) -> Json:
    return {"name": name, "size": asset.size, "hashes": asset.hashes()}
