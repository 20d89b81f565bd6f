"""``add_package_version``: put a package version straight into the store (test setup, not an API call)."""

from __future__ import annotations

import functools
from datetime import datetime, timezone
from typing import NamedTuple, Optional

from . import formats
from .connections import connection_format, first_version_restrictions, is_external
from .domains import new_domain
from .entities import Asset, Package, PackageVersion, Repository, VersionMetadata
from .errors import ValidationError
from .lifecycle import LIFECYCLE, NO_ASSETS, PUBLISHED
from .metadata import metadata_state, version_metadata
from .public_registries import PublicRegistries
from .repositories import new_repository
from .resolve import BackendBase
from .revision import compute_revision


class _DefaultAssets(NamedTuple):
    """The recipe of a package's default assets (``formats.default_assets``) for ``keep_assets_as``."""

    fmt: str
    namespace: Optional[str]
    name: str

    def make(self, version: str) -> dict[str, Asset]:
        contents = formats.default_assets(self.fmt, self.namespace, self.name, version)
        return {asset_name: Asset(content) for asset_name, content in contents.items()}


@functools.lru_cache(maxsize=1024)
def _default_assets(fmt: str, namespace: Optional[str], name: str) -> _DefaultAssets:
    return _DefaultAssets(fmt, namespace, name)  # one recipe shared by a package's seeded versions


def _check_published_time(published_time: object) -> None:
    """A publishedTime must say which instant it is: a naive datetime could be any of 25 hours."""
    example = "for example datetime(2024, 1, 31, 12, 0, tzinfo=timezone.utc)"
    if not isinstance(published_time, datetime):
        raise ValidationError(
            f"published_time must be a timezone-aware datetime ({example}), "
            f"not {type(published_time).__name__}"
        )
    if published_time.utcoffset() is None:
        raise ValidationError(
            f"published_time must be a timezone-aware datetime ({example}), "
            f"not a naive one: {published_time.isoformat()}"
        )


class SeedingOps(BackendBase):
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
        status: str = PUBLISHED,
        assets: Optional[dict[str, bytes]] = None,
        revision: Optional[str] = None,
        summary: Optional[str] = None,
        home_page: Optional[str] = None,
        source_code_repository: Optional[str] = None,
        licenses: Optional[list[dict[str, str]]] = None,
        readme: Optional[str] = None,
        dependencies: Optional[list[dict[str, str]]] = None,
        origin: Optional[str] = None,
        published_time: Optional[datetime] = None,
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

        ``summary``, ``home_page``, ``source_code_repository``, ``licenses``, ``readme`` and
        ``dependencies`` are what the package's metadata file would say (DescribePackageVersion,
        GetPackageVersionReadme, ListPackageVersionDependencies); they count towards the revision, and
        generic versions cannot have them (ValidationError).

        ``origin`` says where the version entered the domain: None (the default) or this repository's name
        for a version published here; another repository's name for one published there (and retained here
        from an upstream, or copied); an external connection name (``public:npmjs``) for one ingested from
        a public repository, which must serve the package's format (ValidationError). A package created by
        an ingested version gets the restrictions publish=BLOCK, upstream=ALLOW, as AWS gives it.

        ``published_time`` (a timezone-aware datetime) is the version's publishedTime, which orders
        ``sortBy=PUBLISHED_TIME`` listings and picks ``defaultDisplayVersion``; by default, now.

        If the version already exists it is replaced: its status, assets, metadata and revision are
        overwritten, while its publishedTime is kept unless ``published_time`` is given (among versions
        published at the same time it keeps its place).
        """
        seeded = prepare_seed(
            format,
            namespace,
            package,
            version,
            status=status,
            assets=assets,
            revision=revision,
            metadata=version_metadata(
                summary, home_page, source_code_repository, licenses, readme, dependencies
            ),
            origin=None if origin == repository else origin,
            published_time=published_time,
        )
        partition = self._store.partition_for_write(self._account_id, self._region)
        domain_entity = partition.domains.get(domain) or new_domain(
            self._store, self._account_id, self._region, domain, None, {}
        )
        repo = domain_entity.repositories.get(repository) or new_repository(
            self._store, self._account_id, domain_entity, repository, None, [], {}
        )
        return store_seed(repo, seeded)


class Seed(NamedTuple):
    """A version to seed, checked: what ``store_seed`` puts into a repository."""

    format: str
    namespace: Optional[str]  # stored (normalised) coordinates
    name: str
    display_name: str
    version: str
    status: str
    assets: dict[str, Asset]
    default_assets: bool  # ``assets`` are the format's default ones: kept as a recipe until read
    revision: str
    metadata: Optional[VersionMetadata]
    origin: Optional[str]
    published_time: Optional[datetime]  # None: kept from the version it replaces, else now


def prepare_seed(
    format: str,
    namespace: Optional[str],
    package: str,
    version: str,
    *,
    status: str = PUBLISHED,
    assets: Optional[dict[str, bytes]] = None,
    revision: Optional[str] = None,
    metadata: Optional[VersionMetadata] = None,
    origin: Optional[str] = None,
    published_time: Optional[datetime] = None,
) -> Seed:
    """Check a version to seed (``ValidationError``) and make it, stored nowhere yet: ``add_package_version``
    and the public registries' catalogues (``public_registries``) seed through this and ``store_seed``."""
    if published_time is not None:
        _check_published_time(published_time)
    stored_namespace, name = formats.stored_coordinates(format, namespace, package)
    stored_version = formats.request_version(format, version)
    if metadata is not None and format == "generic":  # checked before anything is stored
        raise ValidationError("generic package versions have no metadata: CodeArtifact does not read it")
    served = None if origin is None or not is_external(origin) else connection_format(origin)
    if served not in (None, format):
        raise ValidationError(f"External connection {origin} serves {served} packages, not {format} packages")
    with_assets = LIFECYCLE["seeding"][status] != NO_ASSETS  # Disposed: disposal deleted them
    if not with_assets:
        contents: dict[str, bytes] = {}
    elif assets is None:
        contents = formats.default_assets(format, stored_namespace, name, stored_version)
    else:
        if format == "generic":
            for asset_name in assets:
                formats.check_generic_asset_name(asset_name)
        contents = assets
    stored_assets = {asset_name: Asset(content) for asset_name, content in contents.items()}
    if revision is None:
        revision = compute_revision(
            format, stored_namespace, name, stored_version, stored_assets, metadata_state(metadata)
        )
    return Seed(
        format,
        stored_namespace,
        name,
        formats.display_name(format, namespace, package),
        stored_version,
        status,
        stored_assets,
        assets is None and with_assets,
        revision,
        metadata,
        origin,
        published_time,
    )


def store_seed(repo: Repository, seed: Seed) -> str:
    """Store a prepared version in ``repo`` (its package made when missing), replacing one of its name;
    return its revision."""
    key = (seed.format, seed.namespace, seed.name)
    found = repo.packages.get(key)
    new_package = found is None
    if found is None:
        found = Package(seed.format, seed.namespace, seed.name, seed.display_name)
        repo.packages.add(key, found)
    existing = found.versions.get(seed.version)
    if seed.published_time is not None:
        published = seed.published_time
    elif existing is not None:
        published = existing.published
    else:
        published = datetime.now(timezone.utc)
    created = PackageVersion(seed.version, seed.status, seed.assets, seed.revision, published)
    created.metadata = seed.metadata
    created.origin = seed.origin
    if seed.default_assets:
        created.keep_assets_as(_default_assets(seed.format, seed.namespace, seed.name))
    if new_package:
        first_version_restrictions(found, created)
    repo.put_version(found, created)
    found.versions_changed()
    return created.revision


def publish_publicly(registries: PublicRegistries, connection: str, seed: Seed) -> str:
    """Add a version to what the public registry behind ``connection`` publishes (one of its name is
    replaced); return its revision. ``seed`` is Published, with the connection as its origin
    (``prepare_seed(..., origin=connection)``). npm's ``latest`` dist-tag follows the most recently
    published version, as ``npm publish`` with its default tag leaves it."""
    registry = registries.registry(connection)
    revision = store_seed(registry.catalogue, seed)
    package = registry.catalogue.packages.get((seed.format, seed.namespace, seed.name))
    if package is not None and registry.format == "npm":
        newest = next(package.versions.by_publish_time.walk(reverse=True))
        package.dist_tags["latest"] = newest.version
        package.versions_changed()
    return revision
