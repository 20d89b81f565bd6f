"""``add_package_version``: put a package version straight into the store (test setup, not an API call); and
``publish_publicly``, the same into what a public registry publishes (``add_public_package_version``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import NamedTuple, Optional

from . import artifacts, formats
from .connections import connection_format, first_version_restrictions, is_external
from .domains import new_domain
from .entities import Asset, Package, PackageVersion, Repository, VersionMetadata
from .errors import ValidationError
from .lifecycle import LIFECYCLE, NO_ASSETS, PUBLISHED
from .metadata import metadata_state, version_metadata
from .public_registries import PublicRegistries
from .repositories import new_repository
from .resolve import BackendBase
from .revision import compute_revision, recipe_revision
from .versions import publish_key


def _check_dist_tags(fmt: str, dist_tags: object) -> None:
    if fmt != "npm":
        raise ValidationError(f"dist_tags are npm's: {fmt} package versions have none")
    if not isinstance(dist_tags, Sequence) or isinstance(dist_tags, str):
        raise ValidationError(f"dist_tags must be a list of tag names, not {type(dist_tags).__name__}")
    for tag in dist_tags:
        if not isinstance(tag, str) or not formats.NPM_DIST_TAG.fullmatch(tag):
            raise ValidationError(
                f"Invalid dist-tag {tag!r}: a tag is 1-256 letters, digits and ._~- that npm would not read "
                "as a version or range (it must not start with a digit, or v and a digit)"
            )


def _tag(package: Package, version: PackageVersion, dist_tags: Optional[Sequence[str]]) -> None:
    """Tag a seeded npm version: with ``dist_tags`` when given, else as ``npm publish`` does, ``latest``,
    unless ``latest`` names a version published later (so back-dated versions tag as if published then)."""
    if dist_tags is not None:
        package.dist_tags.update(dict.fromkeys(dist_tags, version.version))
        return
    current = package.versions.get(package.dist_tags.get("latest", ""))
    if current is None or publish_key(current) <= publish_key(version):
        package.dist_tags["latest"] = version.version


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
        dist_tags: Optional[Sequence[str]] = None,
    ) -> str:
        """Store a package version as if it had been published, and return its revision.

        The domain (in the caller's account and region), the repository and the package are created when
        missing; new packages get the origin restrictions publish=ALLOW, upstream=BLOCK. ``assets=None``
        gives what the format's client would have published (``artifacts``: a wheel, an npm tarball, a jar
        and a pom; a placeholder file for the other formats), made when first read; ``assets={}`` gives
        none; a Disposed version never has assets (any given are dropped: disposal deletes them).
        ``revision`` is used verbatim when given (to reproduce AWS sample outputs), else computed from the
        content (for made assets: from what makes them, ``recipe_revision``). The format's namespace and
        normalisation rules apply as for the API (ValidationError); what the service model states (names,
        enums, lengths) the caller has already checked against the model, as the wire layer does for API
        calls (``CodeArtifactMock.add_package_version``).

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

        An npm version is tagged: ``dist_tags`` names its tags (``[]``: none); by default it gets ``latest``
        as ``npm publish`` gives it, unless ``latest`` names a version published later.

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
            dist_tags=dist_tags,
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
    display_name: str  # as given, for a package this version creates
    version: str
    status: str
    assets: dict[str, Asset]  # given (none when ``made``)
    made: bool  # the format's artifacts, made when first read
    revision: Optional[str]  # given, else computed when stored
    metadata: Optional[VersionMetadata]
    origin: Optional[str]
    published_time: Optional[datetime]  # None: kept from the version it replaces, else now
    dist_tags: Optional[Sequence[str]]


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
    dist_tags: Optional[Sequence[str]] = None,
) -> Seed:
    """Check a version to seed (``ValidationError``), stored nowhere yet: ``add_package_version`` and the
    public registries' catalogues (``publish_publicly``) seed through this and ``store_seed``."""
    if published_time is not None:
        _check_published_time(published_time)
    stored_namespace, name = formats.stored_coordinates(format, namespace, package)
    stored_version = formats.request_version(format, version)
    if metadata is not None and format == "generic":  # checked before anything is stored
        raise ValidationError("generic package versions have no metadata: CodeArtifact does not read it")
    if dist_tags is not None:
        _check_dist_tags(format, dist_tags)
    served = None if origin is None or not is_external(origin) else connection_format(origin)
    if served not in (None, format):
        raise ValidationError(f"External connection {origin} serves {served} packages, not {format} packages")
    if served is not None and formats.is_snapshot(format, version):
        raise ValidationError(
            f"{version} is a Maven snapshot: snapshots cannot be fetched from a public repository through an "
            f'external connection, so {origin} publishes release versions only (user guide, "Use Maven '
            'snapshots")'
        )
    with_assets = LIFECYCLE["seeding"][status] != NO_ASSETS  # Disposed: disposal deleted them
    made = with_assets and assets is None  # the format's artifacts, made when first read
    if made:
        artifacts.check(format, metadata)
    stored_assets: dict[str, Asset] = {}
    if with_assets and assets is not None:
        if format == "generic":
            for asset_name in assets:
                formats.check_generic_asset_name(asset_name)
        stored_assets = {asset_name: Asset(content) for asset_name, content in assets.items()}
    shown = formats.display_name(format, namespace, package)
    return Seed(
        format,
        stored_namespace,
        name,
        shown,
        stored_version,
        status,
        stored_assets,
        made,
        revision,
        metadata,
        origin,
        published_time,
        dist_tags,
    )


def store_seed(repo: Repository, seed: Seed) -> str:
    """Store a prepared version in ``repo`` (its package made when missing), replacing one of its name;
    return its revision."""
    fmt, stored_namespace, name, stored_version = seed.format, seed.namespace, seed.name, seed.version
    key = (fmt, stored_namespace, name)
    found = repo.packages.get(key)
    new_package = found is None
    if found is None:
        found = Package(fmt, stored_namespace, name, seed.display_name)
        repo.packages.add(key, found)
    revision = seed.revision
    if revision is None:
        state = metadata_state(seed.metadata)
        if seed.made:
            recipe = [artifacts.RECIPE, found.display_name]  # the name as the files spell it
            revision = recipe_revision(fmt, stored_namespace, name, stored_version, recipe, state)
        else:
            revision = compute_revision(fmt, stored_namespace, name, stored_version, seed.assets, state)
    existing = found.versions.get(stored_version)
    if seed.published_time is not None:
        published = seed.published_time
    elif existing is not None:
        published = existing.published
    else:
        published = datetime.now(timezone.utc)
    created = PackageVersion(stored_version, seed.status, seed.assets, revision, published)
    if seed.made:
        created.keep_assets_as(
            artifacts.recipe(fmt, stored_namespace, name, found.display_name, seed.metadata)
        )
    created.metadata = seed.metadata
    created.origin = seed.origin
    if new_package:
        first_version_restrictions(found, created)
    repo.put(found, created)
    if seed.made:
        repo.count_later(found, created)
    if fmt == "npm":
        _tag(found, created, seed.dist_tags)
    found.versions_changed()
    return revision


def publish_publicly(registries: PublicRegistries, connection: str, seed: Seed) -> str:
    """Add a version to what the public registry behind ``connection`` publishes (one of its name is
    replaced); return its revision. ``seed`` is Published, with the connection as its origin
    (``prepare_seed(..., origin=connection)``); an npm version is tagged as ``add_package_version`` tags
    it (by default ``latest``, as ``npm publish`` gives it)."""
    return store_seed(registries.registry(connection).catalogue, seed)
