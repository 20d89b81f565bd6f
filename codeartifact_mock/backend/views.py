"""Entities rendered as the service model's output structures (camelCase member names, None omitted)."""

from __future__ import annotations

import re
from typing import Any, Optional
from urllib.parse import quote

from .connections import EXTERNAL_CONNECTION_STATUS, EXTERNAL_CONNECTIONS, is_external
from .entities import Asset, Domain, Package, PackageGroup, PackageVersion, Repository

Json = dict[str, Any]


def domain_arn(region: str, owner: str, name: str) -> str:
    return f"arn:aws:codeartifact:{region}:{owner}:domain/{name}"


def repository_arn(repository: Repository) -> str:
    domain = repository.domain
    return f"arn:aws:codeartifact:{domain.region}:{domain.owner}:repository/{domain.name}/{repository.name}"


def package_group_arn(group: PackageGroup) -> str:
    """``...:package-group/<domain><pattern>``, the pattern percent-encoded but for '/' and '~'
    (lowercase hex, as AWS writes it: ``/npm/*`` -> ``/npm/%2a``)."""
    domain = group.domain
    encoded = re.sub(r"%[0-9A-F]{2}", lambda escape: escape.group(0).lower(), quote(group.pattern, safe="/~"))
    return f"arn:aws:codeartifact:{domain.region}:{domain.owner}:package-group/{domain.name}{encoded}"


# A domain's status (the model's DomainStatus enum), not a package version's status (lifecycle.py).
DOMAIN_ACTIVE = "Active"
DOMAIN_DELETED = "Deleted"  # only in DeleteDomain's answer: a deleted domain is gone


def domain_summary(domain: Domain, status: str = DOMAIN_ACTIVE) -> Json:
    return {
        "name": domain.name,
        "owner": domain.owner,
        "arn": domain_arn(domain.region, domain.owner, domain.name),
        "status": status,
        "createdTime": domain.created,
        "encryptionKey": domain.encryption_key,
    }


def domain_description(domain: Domain, status: str = DOMAIN_ACTIVE) -> Json:
    description = domain_summary(domain, status)
    description["repositoryCount"] = len(domain.repositories)
    description["assetSizeBytes"] = domain.asset_size()
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
    connection = repository.external_connection
    description["externalConnections"] = (
        []
        if connection is None
        else [
            {
                "externalConnectionName": connection,
                "packageFormat": EXTERNAL_CONNECTIONS[connection],
                "status": EXTERNAL_CONNECTION_STATUS,
            }
        ]
    )
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


def version_origin(repository: Repository, version: PackageVersion) -> Json:
    """Where the version entered the domain: a repository (INTERNAL) or an external connection (EXTERNAL)."""
    entry = version.origin
    if entry is None:
        return {"domainEntryPoint": {"repositoryName": repository.name}, "originType": "INTERNAL"}
    if is_external(entry):
        return {"domainEntryPoint": {"externalConnectionName": entry}, "originType": "EXTERNAL"}
    return {"domainEntryPoint": {"repositoryName": entry}, "originType": "INTERNAL"}


def version_summary(repository: Repository, version: PackageVersion) -> Json:
    """The summary, kept on the version and handed out again while everything it is made from is unchanged
    (``version.version`` never changes), so the wire layer can keep its JSON text too (listings repeat the
    same summaries, and encoding them is most of a page's cost). It is never changed once made: a change
    of the version makes a new one. A listed version keeps it (under 1 KB)."""
    status, revision, origin = version.status, version.revision, version.origin
    cached = version._summary  # the entity holds the cache; only this function reads or writes it
    if (
        cached is not None
        and cached[0] is repository
        and cached[1] == status
        and cached[2] == revision
        and cached[3] == origin
    ):
        return cached[4]  # type: ignore[return-value]  # (the summary put there below)
    summary: Json = {
        "version": version.version,
        "revision": revision,
        "status": status,
        "origin": version_origin(repository, version),
    }
    version._summary = (repository, status, revision, origin, summary)
    return summary


def version_description(repository: Repository, package: Package, version: PackageVersion) -> Json:
    description: Json = {"format": package.format}
    if package.namespace is not None:
        description["namespace"] = package.namespace
    description.update(
        packageName=package.name,
        displayName=package.display_name,
        version=version.version,
        publishedTime=version.published,
    )
    metadata = version.metadata
    if metadata is not None:  # only the members the version's metadata actually has
        extracted = {
            "summary": metadata.summary,
            "homePage": metadata.home_page,
            "sourceCodeRepository": metadata.source_code_repository,
            "licenses": [dict(license) for license in metadata.licenses] or None,
        }
        description.update((key, value) for key, value in extracted.items() if value is not None)
    description.update(
        revision=version.revision,
        status=version.status,
        origin=version_origin(repository, version),
    )
    return description


def asset_summary(name: str, asset: Asset) -> Json:
    return {"name": name, "size": asset.size, "hashes": asset.hashes()}
