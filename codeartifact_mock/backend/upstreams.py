"""Upstream repositories and external connections: UpdateRepository, AssociateExternalConnection,
DisassociateExternalConnection, plus the upstream rules CreateRepository shares and the search order
package managers' requests and CopyPackageVersions follow.

User guide, "Working with upstream repositories" and "Upstream repository priority order": at most 10
direct upstreams, in priority order; a search looks in the repository, then depth-first through each
upstream and its own upstreams in that order, each repository once, and in at most 25 repositories (the
2023 guide said 20); at most one external connection per repository. A repository's external connection is
searched right after its own upstreams, as the last place of its part of the search (upstreams spec,
section 1: the project's decision).
"""

from __future__ import annotations

from typing import NamedTuple, Optional

from .connections import connection_format
from .entities import Domain, Repository
from .errors import ResourceNotFoundError, ServiceQuotaExceededError, ValidationError
from .resolve import BackendBase
from .views import Json, repository_description

MAX_UPSTREAMS = 10  # direct upstreams of one repository
MAX_SEARCHED = 25  # repositories one search looks in (external connections are not counted)


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
    domain.graph_changed()


class Searched(NamedTuple):
    """One place a search looks in: a repository's own packages, or (``connection`` set) the public
    registry behind the external connection of ``repository``."""

    repository: Repository
    connection: Optional[str]
    end: int  # the position just past this place's part of the search: its upstreams, their upstreams...


SearchPlan = tuple[int, tuple[Searched, ...]]  # the domain stamp it was made for, and the places in order


def search_plan(repository: Repository) -> tuple[Searched, ...]:
    """Where a request to ``repository`` looks, in order: the repository, then each upstream's part of the
    search in priority order (depth first), then the repository's external connection; each repository
    once, at most ``MAX_SEARCHED`` of them. Made once per state of the domain's graph (``Domain.stamp``),
    so cycles and wide graphs cost nothing per request."""
    domain = repository.domain
    kept = repository._plan
    if kept is not None and kept[0] == domain.stamp:
        return kept[1]
    places: list[Searched] = []
    seen: set[str] = set()

    def visit(current: Repository) -> None:  # at most MAX_SEARCHED deep
        seen.add(current.name)
        at = len(places)
        places.append(Searched(current, None, 0))  # its end is known once its part is searched
        for name in current.upstreams:
            upstream = domain.repositories.get(name)
            if upstream is not None and name not in seen and len(seen) < MAX_SEARCHED:
                visit(upstream)
        if current.external_connection is not None:
            places.append(Searched(current, current.external_connection, len(places) + 1))
        places[at] = Searched(current, None, len(places))

    visit(repository)
    plan = tuple(places)
    repository._plan = (domain.stamp, plan)
    return plan


def search_order(repository: Repository) -> list[Repository]:
    """The repositories of ``repository``'s search plan, in order (CopyPackageVersions'
    ``includeFromUpstream`` looks in these, not in public registries)."""
    return [place.repository for place in search_plan(repository) if place.connection is None]


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
        repo.domain.graph_changed()
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
        repo.domain.graph_changed()
        return {"repository": repository_description(repo)}
