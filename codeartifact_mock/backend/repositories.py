"""Repository operations: Create/Describe/DeleteRepository, ListRepositories, ListRepositoriesInDomain."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

from .entities import Domain, Repository, RepositoryRef
from .errors import ConflictError, ServiceQuotaExceededError
from .ordered import OrderedIndex
from .resolve import BackendBase
from .store import Store
from .tag_rules import tag_map
from .upstreams import checked_upstreams, link_upstreams
from .views import Json, listing, repository_description, repository_summary

MAX_REPOSITORIES = 1000  # per domain (service quota page)


class RepositoryOps(BackendBase):
    __slots__ = ()

    def create_repository(
        self,
        *,
        domain: str,
        repository: str,
        domain_owner: Optional[str] = None,
        description: Optional[str] = None,
        upstreams: Optional[list[dict[str, str]]] = None,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> Json:
        names = [upstream["repositoryName"] for upstream in upstreams or ()]
        created = new_repository(
            self._store,
            self._account_id,
            self._domain(domain, domain_owner),
            repository,
            description,
            names,
            tag_map(tags, repository, "repository"),
        )
        return {"repository": repository_description(created)}

    def describe_repository(
        self, *, domain: str, repository: str, domain_owner: Optional[str] = None
    ) -> Json:
        return {"repository": repository_description(self._repository(domain, repository, domain_owner))}

    def list_repositories(
        self,
        *,
        repository_prefix: Optional[str] = None,
        max_results: Optional[int] = None,
        next_token: Optional[str] = None,
    ) -> Json:
        """Every repository the caller's account administers in this region, across domains."""
        partition = self._store.partition(self._account_id, self._region)
        query = ("ListRepositories", self._account_id, self._region, repository_prefix)
        index = partition.administered if partition is not None else OrderedIndex[RepositoryRef, Repository]()

        def keep(repo: Repository) -> bool:
            return repository_prefix is None or repo.name.startswith(repository_prefix)

        found, token = self._page(index, query, max_results, next_token, 100, keep)
        return listing("repositories", [repository_summary(repo) for repo in found], token)

    def list_repositories_in_domain(
        self,
        *,
        domain: str,
        domain_owner: Optional[str] = None,
        administrator_account: Optional[str] = None,
        repository_prefix: Optional[str] = None,
        max_results: Optional[int] = None,
        next_token: Optional[str] = None,
    ) -> Json:
        owner = self._domain(domain, domain_owner)
        query = ("ListRepositoriesInDomain", owner.owner, domain, administrator_account, repository_prefix)

        def keep(repo: Repository) -> bool:
            if administrator_account is not None and repo.administrator != administrator_account:
                return False
            return repository_prefix is None or repo.name.startswith(repository_prefix)

        found, token = self._page(owner.repositories, query, max_results, next_token, 100, keep)
        return listing("repositories", [repository_summary(repo) for repo in found], token)

    def delete_repository(self, *, domain: str, repository: str, domain_owner: Optional[str] = None) -> Json:
        repo = self._repository(domain, repository, domain_owner)
        if repo.downstreams:
            downstream = sorted(repo.downstreams)[0]
            raise ConflictError(
                f"Repository '{repository}' cannot be deleted: "
                f"it is an upstream of repository '{downstream}'",
                "repository",
                repository,
            )
        owner = repo.domain
        owner.repositories.remove(repository)
        for name in repo.upstreams:
            upstream = owner.repositories.get(name)
            if upstream is not None:
                upstream.downstreams.discard(repository)
        admin = self._store.partition(repo.administrator, owner.region)
        if admin is not None:
            admin.administered.remove(repo.ref)
        owner.asset_size_bytes -= repo.asset_bytes  # its packages and their assets go with it
        owner.graph_changed()
        return {"repository": repository_description(repo)}


def new_repository(
    store: Store,
    owner: str,
    domain: Domain,
    name: str,
    description: Optional[str],
    upstreams: list[str],
    tags: dict[str, str],
) -> Repository:
    """Create repository ``name`` in ``domain``, administered by ``owner``: CreateRepository, and seeding into
    a missing repository."""
    if name in domain.repositories:
        raise ConflictError(
            f"Repository '{name}' already exists in domain '{domain.name}'", "repository", name
        )
    if len(domain.repositories) >= MAX_REPOSITORIES:
        raise ServiceQuotaExceededError(
            f"Cannot create repository '{name}': domain '{domain.name}' already has the maximum of "
            f"{MAX_REPOSITORIES} repositories",
            "repository",
            name,
        )
    linked = checked_upstreams(domain, name, upstreams)
    repo = Repository(name, domain, owner, description, [], tags, datetime.now(timezone.utc))
    domain.repositories.add(name, repo)
    link_upstreams(repo, linked)
    store.partition_for_write(owner, domain.region).administered.add(repo.ref, repo)
    return repo
