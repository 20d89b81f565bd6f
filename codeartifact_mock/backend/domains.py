"""Domain operations: CreateDomain, DescribeDomain, ListDomains, DeleteDomain."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Optional

from .entities import Domain
from .errors import ConflictError, ServiceQuotaExceededError
from .ordered import OrderedIndex
from .resolve import BackendBase
from .store import Store
from .tag_rules import tag_map
from .views import DOMAIN_DELETED, Json, domain_description, domain_summary, listing

MAX_DOMAINS = 10  # per account and region (service quota page)


def default_encryption_key(owner: str, region: str) -> str:
    # Stands for the account's AWS managed key, which is one key per account and region.
    key_id = uuid.uuid5(uuid.NAMESPACE_URL, f"codeartifact-mock:kms:{owner}:{region}")
    return f"arn:aws:kms:{region}:{owner}:key/{key_id}"


class DomainOps(BackendBase):
    __slots__ = ()

    def create_domain(
        self,
        *,
        domain: str,
        encryption_key: Optional[str] = None,
        tags: Optional[list[dict[str, str]]] = None,
    ) -> Json:
        return {
            "domain": domain_description(
                new_domain(
                    self._store,
                    self._account_id,
                    self._region,
                    domain,
                    encryption_key,
                    tag_map(tags, domain, "domain"),
                )
            )
        }

    def describe_domain(self, *, domain: str, domain_owner: Optional[str] = None) -> Json:
        return {"domain": domain_description(self._domain(domain, domain_owner))}

    def list_domains(self, *, max_results: Optional[int] = None, next_token: Optional[str] = None) -> Json:
        partition = self._store.partition(self._account_id, self._region)
        index = partition.domains if partition is not None else OrderedIndex[str, Domain]()
        query = ("ListDomains", self._account_id, self._region)
        domains, token = self._page(index, query, max_results, next_token, 50)
        return listing("domains", [domain_summary(found) for found in domains], token)

    def delete_domain(self, *, domain: str, domain_owner: Optional[str] = None) -> Json:
        found = self._find_domain(domain, domain_owner)
        if found is None:
            return {}  # the model lists no ResourceNotFoundException for DeleteDomain
        if len(found.repositories):
            raise ConflictError("Domain must contain 0 repositories before deletion", "domain", domain)
        partition = self._store.partition_for_write(found.owner, found.region)
        partition.domains.remove(domain)
        return {"domain": domain_description(found, status=DOMAIN_DELETED)}


def new_domain(
    store: Store, owner: str, region: str, name: str, encryption_key: Optional[str], tags: dict[str, str]
) -> Domain:
    """Create domain ``name`` for ``owner`` in ``region``: CreateDomain, and seeding into a missing domain."""
    partition = store.partition_for_write(owner, region)
    if name in partition.domains:
        raise ConflictError(f"Domain '{name}' already exists in account '{owner}'", "domain", name)
    if len(partition.domains) >= MAX_DOMAINS:
        raise ServiceQuotaExceededError(
            f"Cannot create domain '{name}': account '{owner}' already has the maximum of "
            f"{MAX_DOMAINS} domains in region '{region}'",
            "domain",
            name,
        )
    key = encryption_key or default_encryption_key(owner, region)
    domain = Domain(name, owner, region, key, tags, datetime.now(timezone.utc))
    partition.domains.add(name, domain)
    return domain
