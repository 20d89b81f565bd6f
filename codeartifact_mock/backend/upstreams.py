"""Upstream repositories and external connections: UpdateRepository, AssociateExternalConnection,
DisassociateExternalConnection, plus the upstream rules CreateRepository shares and the search order
CopyPackageVersions follows.

User guide, "Working with upstream repositories": at most 10 direct upstreams, in priority order; a search
looks in the repository, then depth-first through each upstream and its own upstreams in that order, and in
at most 20 repositories; at most one external connection per repository.
"""

from __future__ import annotations

from typing import Optional

from .connections import connection_format
from .entities import Domain, Repository
from .errors import ResourceNotFoundError, ServiceQuotaExceededError, ValidationError
from .resolve import BackendBase
from .views import Json, repository_description

MAX_UPSTREAMS = 10  # direct upstreams of one repository
MAX_SEARCHED = 20  # repositories one search looks in


def checked_upstreams(domain: Domain, repository: str, names: list[str]) -> list[Repository]:
    """The repositories ``names`` an upstream list for ``repository`` names, after AWS's rules."""
    if len(set(names)) != len(names):
        raise ValidationError("Upstream repositories must not contain duplicates")
    if repository in names:
        raise ValidationError(f"Repository '{repository}' cannot be an upstream repository of itself")
    if len(names) > MAX_UPSTREAMS:
        raise ServiceQuotaExceededError(
            f"Repository '{repository}' cannot have more than {MAX_UPSTREAMS} upstream repositories",
            "repository",
            repository,
        )
    return [BackendBase._repository_in(domain, name) for name in names]


def link_upstreams(repository: Repository, upstreams: list[Repository]) -> None:
    """Make ``upstreams`` the repository's upstream list, keeping every ``downstreams`` set true."""
    domain = repository.domain
    for name in repository.upstreams:
        previous = domain.repositories.get(name)
        if previous is not None:
            previous.downstreams.discard(repository.name)
    repository.upstreams = [upstream.name for upstream in upstreams]
    for upstream in upstreams:
        upstream.downstreams.add(repository.name)


def search_order(repository: Repository) -> list[Repository]:
    """The repositories a request to ``repository`` looks in, in order: itself, then each upstream followed
    by that upstream's own upstreams (depth first); each repository once, at most ``MAX_SEARCHED``."""
    domain = repository.domain
    order: list[Repository] = []
    seen: set[str] = set()
    pending = [repository]
    while pending and len(order) < MAX_SEARCHED:
        current = pending.pop()
        if current.name in seen:
            continue
        seen.add(current.name)
        order.append(current)
        linked = (domain.repositories.get(name) for name in reversed(current.upstreams))
        pending.extend(upstream for upstream in linked if upstream is not None)
    return order


class UpstreamOps(BackendBase):
    __slots__ = ()

    def update_repository(
        self,
        *,
        domain: str,
        repository: str,
        domain_owner: Optional[str] = None,
        description: Optional[str] = None,
        upstreams: Optional[list[dict[str, str]]] = None,
    ) -> Json:
        """Members left out stay as they are; ``upstreams`` replaces the whole list (``[]`` clears it)."""
        repo = self._repository(domain, repository, domain_owner)
        if upstreams is not None:
            names = [upstream["repositoryName"] for upstream in upstreams]
            link_upstreams(repo, checked_upstreams(repo.domain, repo.name, names))
        if description is not None:
            repo.description = description
        return {"repository": repository_description(repo)}

    def associate_external_connection(
        self,
        *,
        domain: str,
        repository: str,
        external_connection: str,
        domain_owner: Optional[str] = None,
    ) -> Json:
        connection_format(external_connection)  # a request error, so it comes before any not-found
        repo = self._repository(domain, repository, domain_owner)
        if repo.external_connection is not None:
            # The message a real call returned (through CloudFormation, HTTP 400).
            raise ValidationError("ExternalConnections for repositories are currently limited to 1")
        repo.external_connection = external_connection
        return {"repository": repository_description(repo)}

    def disassociate_external_connection(
        self,
        *,
        domain: str,
        repository: str,
        external_connection: str,
        domain_owner: Optional[str] = None,
    ) -> Json:
        repo = self._repository(domain, repository, domain_owner)
        if repo.external_connection != external_connection:
            raise ResourceNotFoundError(
                f"External connection '{external_connection}' is not associated with repository "
                f"'{repo.name}' in domain '{repo.domain.name}'",
                "repository",
                repo.name,
            )
        repo.external_connection = None
        return {"repository": repository_description(repo)}
