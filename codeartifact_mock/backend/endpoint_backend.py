"""What the repository endpoints ask of the backend: publishing through a package manager (twine, npm,
mvn, cargo: one asset into a version, created if missing; a Maven SNAPSHOT made to hold its newest build),
and what a request finds through the repository's upstreams and public registries (``resolution``).

The endpoints call this after they have read the client's request; it is plain domain logic. What an upload
may do to a version that already exists is the lifecycle table's ``PUBLISH_AGAIN`` row (npm's and Cargo's:
``NPM_PUBLISH_AGAIN``, ``CARGO_PUBLISH_AGAIN``); origin controls apply as for the API (first direct
publish: publish ALLOW, upstream BLOCK); a new version that is reachable through the repository's upstreams
is a conflict (upstreams spec, section 6).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Callable, NamedTuple, Optional

from . import formats, lifecycle, resolution
from .connections import is_external
from .entities import Asset, Package, PackageKey, PackageVersion, Repository, VersionMetadata
from .errors import ConflictError, ResourceNotFoundError
from .origins import check_publish_allowed
from .publishing import add_asset, held_asset, move_to, same_assets, store_version
from .resolve import BackendBase


class Upload(NamedTuple):
    """One file a package manager publishes, with what its metadata says about the version."""

    format: str
    namespace: Optional[str]
    package: str  # as the client sent it; stored normalised as the format wants (PyPI: PEP 503)
    version: str
    asset_name: str
    content: bytes
    metadata: Optional[VersionMetadata] = None  # kept from the version's first file
    new_asset_names: bool = True  # may a new file join an existing version (PyPI, Maven: yes; npm: no)
    status: str = lifecycle.PUBLISHED  # of a version this upload creates or completes (Maven: Unfinished)
    again: Mapping[str, lifecycle.Outcome] = lifecycle.PUBLISH_AGAIN  # the row for an existing version


class EndpointBackend(BackendBase):
    """The repository endpoints' backend, as ``account_id`` in ``region`` (the caller's token says which):
    uploads into a repository already found, and the questions of ``resolution`` about it."""

    __slots__ = ()

    def listing(self, repository: Repository, key: PackageKey) -> Optional[resolution.Listing]:
        """``resolution.listing``: the versions ``repository`` shows of the package."""
        return resolution.listing(self._store.public_registries, repository, key)

    def kept_document(
        self,
        repository: Repository,
        key: PackageKey,
        form: Hashable,
        make: Callable[[Optional[resolution.Listing]], Optional[bytes]],
        shown: resolution.Statuses = lifecycle.LISTED,
    ) -> Optional[bytes]:
        """``resolution.kept_document``: a listing document, made once per state of what it reads."""
        return resolution.kept_document(self._store.public_registries, repository, key, form, make, shown)

    def snapshot_holder(
        self, repository: Repository, key: PackageKey, snapshot: str
    ) -> Optional[resolution.Holder]:
        """``resolution.snapshot_holder``: where a Maven SNAPSHOT stands for ``repository`` (nothing is
        kept)."""
        return resolution.snapshot_holder(self._store.public_registries, repository, key, snapshot)

    @staticmethod
    def keep(repository: Repository, holder: resolution.Holder, originals: Sequence[PackageVersion]) -> None:
        """``resolution.keep``: the copies a download of ``originals``' files from upstream leaves."""
        resolution.keep(repository, holder, originals)

    def upstream_source(
        self, repository: Repository, key: PackageKey, version: Optional[str] = None
    ) -> Optional[str]:
        """``resolution.upstream_source``: where the version (None: the package) is found upstream of
        ``repository``, as a repository or external connection name; None when nowhere."""
        return resolution.upstream_source(self._store.public_registries, repository, key, version)

    def validator(self, repository: Repository, key: PackageKey) -> resolution.Validator:
        """``resolution.validator``: names the state of everything a document of the package served from
        ``repository`` is made from (what the endpoints' ETags are made of)."""
        return resolution.validator(self._store.public_registries, repository, key)

    def download(
        self,
        repository: Repository,
        key: PackageKey,
        version: str,
        pick: Callable[[PackageVersion], Optional[Asset]],
    ) -> Optional[Asset]:
        """``resolution.download``: the asset ``pick`` chooses of the version, as ``repository`` serves it
        (the version kept, if it came from upstream); None for a 404."""
        return resolution.download(self._store.public_registries, repository, key, version, pick)

    def upload(self, repo: Repository, upload: Upload) -> tuple[PackageVersion, bool]:
        """Store ``upload`` in ``repo``; return its version and whether anything changed (False: identical
        re-upload).

        Raises ``AccessDeniedError`` (origin controls), ``ConflictError`` (the version refuses it, or a new
        version is reachable upstream) or ``ServiceQuotaExceededError`` (too many assets).
        """
        namespace, name = formats.stored_coordinates(upload.format, upload.namespace, upload.package)
        package = repo.packages.get((upload.format, namespace, name))
        check_publish_allowed(repo, package, upload.format, namespace, name)
        asset = Asset(upload.content)
        version = None if package is None else package.versions.get(upload.version)
        if version is None:
            source = self.upstream_source(repo, (upload.format, namespace, name), upload.version)
            if source is not None:
                shown = formats.display_name(upload.format, namespace, name)
                raise ConflictError(
                    f"Package version '{shown}@{upload.version}' already exists upstream of repository "
                    f"'{repo.name}' (in {where_upstream(source)}): it cannot be published to '{repo.name}'",
                    "package-version",
                    upload.version,
                )
        if package is None:
            shown = formats.display_name(upload.format, upload.namespace, upload.package)
            package = Package(upload.format, namespace, name, shown)
            repo.packages.add(package.key, package)
        if version is None:
            assets = {upload.asset_name: asset}
            version = store_version(repo, package, upload.version, upload.status, assets, upload.metadata)
            return version, True
        return version, self._into_existing(repo, package, version, upload, asset)

    @staticmethod
    def _into_existing(
        repo: Repository, package: Package, version: PackageVersion, upload: Upload, asset: Asset
    ) -> bool:
        rule = upload.again[version.status]
        coordinates = f"{package.display_name}@{version.version}"
        if rule == lifecycle.REFUSED:
            raise _refused(package, version)
        if held_asset(package, version, upload.asset_name, asset) is not None:
            # the same file again: it changes nothing, unless it completes the version
            return rule == lifecycle.FINISHED and move_to(package, version, upload.status)
        if rule == lifecycle.REUPLOAD_ONLY and not upload.new_asset_names:
            raise ConflictError(
                f"Package version '{coordinates}' already exists", "package-version", version.version
            )
        add_asset(repo, package, version, upload.asset_name, asset, upload.metadata)
        if rule == lifecycle.FINISHED:
            move_to(package, version, upload.status)
        return True

    def publish_snapshot(
        self, repo: Repository, namespace: str, package: str, snapshot: str, build: str
    ) -> bool:
        """Make the Maven SNAPSHOT version ``snapshot`` (``1.0-SNAPSHOT``) of ``namespace:package`` hold the
        assets of its build ``build`` (``1.0-20210728.194552-1``, a version whose files were uploaded),
        Published, and keep the build Unlisted, as CodeArtifact does when a SNAPSHOT's maven-metadata.xml
        arrives (user guide, "Use Maven snapshots"; the lifecycle table's ``Maven snapshot`` rows). Return
        whether anything changed.

        Raises ``ResourceNotFoundError`` (no such build), ``AccessDeniedError`` (origin controls) or
        ``ConflictError`` (a status refuses), before anything changes.
        """
        found = repo.packages.get(("maven", namespace, package))
        held = None if found is None else found.versions.get(build)
        if found is None or held is None:
            raise ResourceNotFoundError(
                f"Package version '{namespace}:{package}@{build}' does not exist in repository '{repo.name}'",
                "package-version",
                build,
            )
        check_publish_allowed(repo, found, found.format, found.namespace, found.name)
        existing = found.versions.get(snapshot)
        for version, row in ((held, lifecycle.SNAPSHOT_BUILD), (existing, lifecycle.SNAPSHOT)):
            if version is not None and row[version.status] == lifecycle.REFUSED:
                raise _refused(found, version)
        kept = lifecycle.SNAPSHOT_BUILD[held.status]  # a status, or SAME
        changed = kept != lifecycle.SAME and move_to(found, held, str(kept))
        status = str(lifecycle.SNAPSHOT[lifecycle.DELETED if existing is None else existing.status])
        if existing is not None and existing.status == status and same_assets(existing, held):
            return changed  # the same build again
        store_version(repo, found, snapshot, status, dict(held.assets), held.metadata)  # assets can be shared
        return True


def _refused(package: Package, version: PackageVersion) -> ConflictError:
    return ConflictError(
        f"Package version '{package.display_name}@{version.version}' has status {version.status}: it cannot "
        "be published again",
        "package-version",
        version.version,
    )


def where_upstream(source: str) -> str:
    """A place ``upstream_source`` names, as messages name it."""
    if is_external(source):
        return f"the public repository of external connection '{source}'"
    return f"repository '{source}'"
