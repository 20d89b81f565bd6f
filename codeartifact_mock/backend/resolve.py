"""The base every operation group builds on: who is calling, lookups that raise the AWS not-found errors,
and paging through an ordered index with page tokens."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any, Callable, Optional, Protocol, TypeVar

from ..iam.principals import Principal, default_principal
from . import formats
from .entities import Domain, Package, PackageVersion, Repository
from .errors import ResourceNotFoundError
from .page_tokens import Query
from .store import Store

V = TypeVar("V")


class Pageable(Protocol[V]):
    """What ``_page`` lists: an ``OrderedIndex`` (by sequence number) or a ``SortedOrder`` (by its cursor)."""

    def page(
        self, after: Any, limit: int, keep: Optional[Callable[[Any], bool]] = None, reverse: bool = False
    ) -> tuple[list[V], Any]: ...


class BackendBase:
    """Holds the store, the caller's account and region, and the caller (the account's default principal when
    not given); constructing one is just four assignments."""

    __slots__ = ("_account_id", "_caller", "_region", "_store")

    def __init__(
        self, store: Store, account_id: str, region: str, caller: Optional[Principal] = None
    ) -> None:
        self._store = store
        self._account_id = account_id
        self._region = region
        self._caller = caller

    @property
    def caller(self) -> Principal:
        """The principal making the call: the one given, else the mock's own in the caller's account."""
        return default_principal(self._account_id) if self._caller is None else self._caller

    # --- lookups -------------------------------------------------------------------------------------

    def _find_domain(self, domain: str, domain_owner: Optional[str]) -> Optional[Domain]:
        partition = self._store.partition_at((domain_owner or self._account_id, self._region))
        return None if partition is None else partition.domains.get(domain)

    def _domain(self, domain: str, domain_owner: Optional[str]) -> Domain:
        found = self._find_domain(domain, domain_owner)
        if found is None:
            owner = domain_owner or self._account_id
            raise ResourceNotFoundError(
                f"Domain not found. Domain '{domain}' owned by account '{owner}' does not exist",
                "domain",
                domain,
            )
        return found

    def _repository(self, domain: str, repository: str, domain_owner: Optional[str]) -> Repository:
        # Plain lookups, the not-found errors worded only on a miss: most requests come here.
        partition = self._store.partition_at((domain_owner or self._account_id, self._region))
        in_domain = None if partition is None else partition.domains.get(domain)
        if in_domain is None:
            in_domain = self._domain(domain, domain_owner)  # raises its not-found error
        found = in_domain.repositories.get(repository)
        return self._repository_in(in_domain, repository) if found is None else found

    @staticmethod
    def _repository_in(domain: Domain, repository: str) -> Repository:
        found = domain.repositories.get(repository)
        if found is None:
            raise ResourceNotFoundError(
                f"Repository not found. Repository '{repository}' in domain '{domain.name}' "
                f"owned by account '{domain.owner}' does not exist",
                "repository",
                repository,
            )
        return found

    def _package(
        self,
        domain: str,
        repository: str,
        fmt: str,
        namespace: Optional[str],
        package: str,
        domain_owner: Optional[str],
    ) -> tuple[Repository, Package]:
        """Resolve a package named in a request; request validation errors come before not-found ones."""
        namespace, name = formats.request_coordinates(fmt, namespace, package)
        return self._stored_package(domain, repository, fmt, namespace, name, domain_owner)

    def _stored_package(
        self,
        domain: str,
        repository: str,
        fmt: str,
        namespace: Optional[str],
        name: str,
        domain_owner: Optional[str],
    ) -> tuple[Repository, Package]:
        """``_package``, for coordinates already normalised by ``formats.request_coordinates``."""
        repo = self._repository(domain, repository, domain_owner)
        found = repo.packages.get((fmt, namespace, name))
        if found is None:
            shown = formats.display_name(fmt, namespace, name)
            raise ResourceNotFoundError(
                f"The {fmt} package '{shown}' does not exist in repository '{repo.name}'.", "package", name
            )
        return repo, found

    def _package_version(
        self,
        domain: str,
        repository: str,
        fmt: str,
        namespace: Optional[str],
        package: str,
        version: str,
        domain_owner: Optional[str],
    ) -> tuple[Repository, Package, PackageVersion]:
        """Resolve a package version named in a request (the version normalised as the format wants)."""
        repo, found = self._package(domain, repository, fmt, namespace, package, domain_owner)
        return repo, found, self._version(repo, found, formats.request_version(fmt, version))

    @staticmethod
    def _version(repository: Repository, package: Package, version: str) -> PackageVersion:
        found = package.versions.get(version)
        if found is None:
            raise ResourceNotFoundError(
                f"The {package.format} package version '{package.display_name}@{version}' "
                f"does not exist in repository '{repository.name}'.",
                "package-version",
                version,
            )
        return found

    # --- paging --------------------------------------------------------------------------------------

    def _page(
        self,
        index: Pageable[V],
        query: Query,
        max_results: Optional[int],
        next_token: Optional[str],
        default_limit: int,
        keep: Optional[Callable[[V], bool]] = None,
        reverse: bool = False,
    ) -> tuple[list[V], Optional[str]]:
        """One page of ``index`` plus the token for the next page (None on the last page)."""
        limit = default_limit if max_results is None else max_results  # the model bounds it to 1..1000
        after = self._store.tokens.resume(query, next_token)
        items, cursor = index.page(after, limit, keep, reverse)
        return items, None if cursor is None else self._store.tokens.issue(query, cursor)

    def _positional_page(
        self, query: Query, items: Iterable[V], limit: int, next_token: Optional[str]
    ) -> tuple[list[V], Optional[str]]:
        """One page of a list that only ever grows at its end, so a position is a stable cursor."""
        after = self._store.tokens.resume(query, next_token)
        start = after + 1 if isinstance(after, int) else 0  # (only this method issues its tokens)
        window = list(islice(items, start, start + limit + 1))
        token = self._store.tokens.issue(query, start + limit - 1) if len(window) > limit else None
        return window[:limit], token
