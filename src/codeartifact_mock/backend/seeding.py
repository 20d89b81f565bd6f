"""``add_package_version``: put a package version straight into the store (test setup, not an API call)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

from . import formats
from .domains import DomainOps
from .model import Asset, Package, PackageVersion
from .repositories import RepositoryOps
from .revision import compute_revision


class SeedingOps(DomainOps, RepositoryOps):
    __slots__ = ()

    def add_package_version(
        self,
        domain: str,
        repository: str,
        format: str,
        package: str,
        version: str,
        *,
        namespace: Optional[str] = None,
        status: str = "Published",
        assets: Optional[dict[str, bytes]] = None,
        revision: Optional[str] = None,
    ) -> str:
        """Store a package version as if it had been published, and return its revision.

        The domain (in the caller's account and region), the repository and the package are created when
        missing; new packages get the origin restrictions publish=ALLOW, upstream=BLOCK. ``assets=None``
        gives the format's usual artifacts with small deterministic content; ``assets={}`` gives none; a
        Disposed version never has assets (any given are dropped: disposal deletes them).
        ``revision`` is used verbatim when given (to reproduce AWS sample outputs), else computed from the
        content. The format's namespace and normalisation rules apply as for the API (ValidationError);
        what the service model states (names, enums, lengths) the caller has already checked against the
        model, as the wire layer does for API calls (``CodeArtifactMock.add_package_version``).

        If the version already exists it is replaced: its status, assets and revision are overwritten,
        while its place in the publish order and its publishedTime are kept.
        """
        stored_namespace, name = formats.stored_coordinates(format, namespace, package)
        stored_version = formats.request_version(format, version)
        if status == "Disposed":
            contents: dict[str, bytes] = {}  # disposal deleted them, whatever was asked for
        elif assets is None:
            contents = formats.default_assets(format, stored_namespace, name, stored_version)
        else:
            if format == "generic":
                for asset_name in assets:
                    formats.check_generic_asset_name(asset_name)
            contents = assets
        stored_assets = {asset_name: Asset(content) for asset_name, content in contents.items()}

        partition = self._store.partition_for_write(self._account_id, self._region)
        domain_entity = partition.domains.get(domain) or self._new_domain(domain, None, {})
        repo = domain_entity.repositories.get(repository) or self._new_repository(
            domain_entity, repository, None, [], {}
        )
        key = (format, stored_namespace, name)
        found = repo.packages.get(key)
        if found is None:
            found = Package(format, stored_namespace, name, formats.display_name(format, namespace, package))
            repo.packages.add(key, found)

        if revision is None:
            revision = compute_revision(format, stored_namespace, name, stored_version, stored_assets)
        existing = found.versions.get(stored_version)
        published = datetime.now(timezone.utc) if existing is None else existing.published
        created = PackageVersion(stored_version, status, stored_assets, revision, published)
        if existing is None:
            found.versions.add(stored_version, created)
            repo.charge(found, created.size)
        else:
            found.versions.replace(stored_version, created)
            repo.charge(found, created.size - existing.size)
        found.versions_changed()
        return revision
