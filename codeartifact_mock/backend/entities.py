"""The stored entities. Plain ``__slots__`` classes: tests may seed hundreds of thousands of versions.

Containment is by dict/ordered index: partition -> domain -> repository -> (format, namespace, name)
-> version. Asset byte totals are kept on package, repository and domain so that deleting any of them
updates the domain's ``assetSizeBytes`` in O(1).
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional, Protocol, Union

from .lifecycle import DISPLAYED, DISPOSED
from .ordered import OrderedIndex
from .versions import PackageVersions

if TYPE_CHECKING:  # (those modules read the entities, not back)
    from ..iam.policy import Policy
    from .resolution import KeptDocuments
    from .upstreams import SearchPlan

PackageKey = tuple[str, Optional[str], str]  # (format, namespace, stored name)
RepositoryRef = tuple[str, str, str]  # (domain owner, domain name, repository name)

_STAMPS = itertools.count(1)


def new_stamp() -> int:
    """A number never handed out before in this process. A change stamps what it changed with one, so a
    document made from stamped things is still right while their stamps are the ones it was made with
    (``resolution.validator``); stamps are never reused, not even by a domain or package made anew."""
    return next(_STAMPS)


class Asset:
    """Asset bytes; hashes are computed on first use and cached (seeding only ever needs SHA-256)."""

    __slots__ = ("_hashes", "_sha256", "content")

    def __init__(self, content: bytes, sha256: Optional[str] = None) -> None:
        self.content = content
        self._sha256 = sha256
        self._hashes: Optional[dict[str, str]] = None

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        if self._sha256 is None:
            self._sha256 = hashlib.sha256(self.content).hexdigest()
        return self._sha256

    def hashes(self) -> dict[str, str]:
        if self._hashes is None:
            data = self.content
            self._hashes = {
                "MD5": hashlib.md5(data).hexdigest(),
                "SHA-1": hashlib.sha1(data).hexdigest(),
                "SHA-256": self.sha256,
                "SHA-512": hashlib.sha512(data).hexdigest(),
            }
        return dict(self._hashes)


class VersionMetadata:
    """What a package manager's metadata file says about a version (package.json, pom.xml, ...)."""

    __slots__ = (
        "dependencies",
        "document",
        "home_page",
        "licenses",
        "readme",
        "requires_python",
        "source_code_repository",
        "summary",
    )

    def __init__(
        self,
        summary: Optional[str] = None,
        home_page: Optional[str] = None,
        source_code_repository: Optional[str] = None,
        licenses: Optional[list[dict[str, str]]] = None,
        readme: Optional[str] = None,
        dependencies: Optional[list[dict[str, str]]] = None,
    ) -> None:
        self.summary = summary
        self.home_page = home_page
        self.source_code_repository = source_code_repository
        self.licenses = licenses or []  # LicenseInfo dicts: name, url
        self.readme = readme
        self.dependencies = dependencies or []  # PackageDependency dicts, in the model's member names
        self.requires_python: Optional[str] = None  # PyPI's Requires-Python, shown on the simple page
        # The format's own document for the version as the client sent it (npm: the version's manifest).
        self.document: Optional[dict[str, Any]] = None


class ResourcePolicy:
    """A domain's or repository's resource policy: the document as given, its current revision, and the
    document as ``access`` evaluates it."""

    __slots__ = ("document", "parsed", "revision")

    def __init__(self, document: str, revision: str, parsed: Policy) -> None:
        self.document = document
        self.revision = revision
        self.parsed = parsed


class AssetRecipe(Protocol):
    """Makes a version's assets again, the same every time (see ``PackageVersion.keep_assets_as``)."""

    def make(self, version: str) -> dict[str, Asset]: ...


class PackageVersion:
    __slots__ = (
        "_assets",
        "_summary",
        "arrival",
        "checksum_mismatches",
        "metadata",
        "origin",
        "published",
        "revision",
        "size",
        "status",
        "version",
    )

    def __init__(
        self, version: str, status: str, assets: dict[str, Asset], revision: str, published: datetime
    ) -> None:
        self.version = version
        self.status = status
        self._assets: Union[dict[str, Asset], AssetRecipe] = assets
        self.revision = revision
        self.published = published  # timezone-aware
        self.arrival = 0  # its number in the order versions arrived in its package (set when stored there)
        self.size = sum(asset.size for asset in assets.values())
        self.metadata: Optional[VersionMetadata] = None  # only seeded versions may carry any
        # Maven: the checksum files uploaded that did not match (``a-1.0.jar.sha1``); its metadata is refused.
        self.checksum_mismatches: Optional[set[str]] = None
        # Where the version entered the domain: None for the repository that holds it, else another
        # repository's name or an external connection name (``public:npmjs``: only these have a colon).
        self.origin: Optional[str] = None
        # views.version_summary's summary, with everything it was made from (it checks them on reuse).
        self._summary: Optional[tuple[object, ...]] = None

    @property
    def assets(self) -> dict[str, Asset]:
        """Asset name -> asset; insertion order is the listing order."""
        assets = self._assets
        if not isinstance(assets, dict):
            assets = self._assets = assets.make(self.version)
        return assets

    @assets.setter
    def assets(self, assets: dict[str, Asset]) -> None:
        self._assets = assets

    def keep_assets_as(self, recipe: AssetRecipe) -> None:
        """Keep only how to make the assets, until they are first read.

        Seeded versions mostly keep the format's default assets and are never asked for them: their bytes
        and hashes would be most of a version's memory, and making them most of a seed's time. The
        version's ``size`` counts none of them until they are counted (``Domain.asset_size``).
        """
        self._assets = recipe

    def assets_size(self) -> int:
        """The bytes of all its assets; those a recipe makes are made for this, but not kept."""
        assets = self._assets
        made = assets if isinstance(assets, dict) else assets.make(self.version)
        return sum(asset.size for asset in made.values())


class _NoAssets:
    """The assets of a disposed version, as a recipe: none. The empty dict is made only if they are read, so
    disposing a batch of a hundred versions makes no dict at all."""

    def make(self, version: str) -> dict[str, Asset]:
        return {}


_NO_ASSETS = _NoAssets()


def dispose_all(versions: list[PackageVersion]) -> int:
    """Delete the versions' assets and mark them Disposed (their revisions stay); return the bytes freed."""
    freed = 0
    for version in versions:
        freed += version.size
        version.size = 0
        version._assets = _NO_ASSETS
        version.status = DISPOSED
    return freed


class Package:
    __slots__ = (
        "_default",
        "_default_stale",
        "asset_bytes",
        "display_name",
        "dist_tags",
        "format",
        "name",
        "namespace",
        "publish",
        "stamp",
        "uncounted",
        "uploaded_metadata",
        "upstream",
        "versions",
    )

    def __init__(self, fmt: str, namespace: Optional[str], name: str, display_name: str) -> None:
        self.format = fmt
        self.namespace = namespace
        self.name = name
        self.display_name = display_name  # the name as first given, before normalisation
        self.publish = "ALLOW"  # origin restrictions of a package first published directly
        self.upstream = "BLOCK"
        self.versions = PackageVersions()
        self.asset_bytes = 0
        # Maven: the last maven-metadata.xml uploaded, which its checksum uploads must match, by the version
        # whose directory it is in (a SNAPSHOT's), or None for the package's own.
        self.uploaded_metadata: dict[Optional[str], bytes] = {}
        # The names of the versions whose recipe-made assets are not counted in the byte totals yet
        # (``Domain.asset_size``): names, so that a version deleted meanwhile is kept nowhere.
        self.uncounted: list[str] = []
        self._default: Optional[str] = None
        self._default_stale = False
        self.dist_tags: dict[str, str] = {}  # npm's dist-tags in this repository: tag -> version
        self.stamp = new_stamp()  # changes with whatever a listing of it reads (``versions_changed``)

    @property
    def key(self) -> PackageKey:
        return (self.format, self.namespace, self.name)

    def versions_changed(self) -> None:
        """Call after any version is added, removed, changes status, metadata or assets, a dist-tag
        changes, or the package's origin restrictions change: whatever a listing document reads. Documents
        kept for it, here and in every downstream repository, are made anew (``resolution``)."""
        self._default_stale = True
        self.stamp = new_stamp()

    def default_display_version(self) -> Optional[str]:
        """ListPackageVersions' ``defaultDisplayVersion``, as documented per format: for npm the version
        the ``latest`` dist-tag names, else (and for Maven, PyPI and, the mock's choice, every other
        format) the most recently published version whose status is in ``DISPLAYED``."""
        tagged = self.dist_tag("latest") if self.format == "npm" else None
        return tagged if tagged is not None else self._most_recently_published()

    def dist_tag(self, tag: str) -> Optional[str]:
        """The version an npm dist-tag names, if that version's status is in ``DISPLAYED`` (a tag naming an
        Unlisted, Archived or deleted version is left out of the packument, and counts as no tag here)."""
        name = self.dist_tags.get(tag)
        version = None if name is None else self.versions.get(name)
        return name if version is not None and version.status in DISPLAYED else None

    def _most_recently_published(self) -> Optional[str]:
        """The latest by publishedTime (then arrival) of the versions whose status is in ``DISPLAYED``
        (cached until a change)."""
        if self._default_stale:
            self._default, self._default_stale = None, False
            for version in self.versions.by_publish_time.walk(reverse=True):
                if version.status in DISPLAYED:
                    self._default = version.version
                    break
        return self._default


class Repository:
    __slots__ = (
        "_kept",
        "_plan",
        "administrator",
        "asset_bytes",
        "created",
        "description",
        "domain",
        "downstreams",
        "external_connection",
        "name",
        "packages",
        "policy",
        "tags",
        "upstreams",
    )

    def __init__(
        self,
        name: str,
        domain: Domain,
        administrator: str,
        description: Optional[str],
        upstreams: list[str],
        tags: dict[str, str],
        created: datetime,
    ) -> None:
        self.name = name
        self.domain = domain
        self.administrator = administrator
        self.description = description
        self.upstreams = upstreams
        self.downstreams: set[str] = set()  # repositories that list this one as an upstream
        self.external_connection: Optional[str] = None  # AWS allows at most one per repository
        self.tags = tags
        self.created = created
        self.packages: OrderedIndex[PackageKey, Package] = OrderedIndex()
        self.asset_bytes = 0
        self.policy: Optional[ResourcePolicy] = None
        # Kept by ``resolution`` (caches, filled by reads): the search plan for the domain's current
        # upstream graph, and the listing documents served from this repository, with their validators.
        self._plan: Optional[SearchPlan] = None
        self._kept: Optional[KeptDocuments] = None

    @property
    def ref(self) -> RepositoryRef:
        return (self.domain.owner, self.domain.name, self.name)

    def charge(self, package: Package, delta: int) -> None:
        """Record ``delta`` asset bytes added (or freed, if negative) in ``package``."""
        package.asset_bytes += delta
        self.asset_bytes += delta
        self.domain.asset_size_bytes += delta

    def put(self, package: Package, version: PackageVersion) -> None:
        """Store ``version`` in ``package``, in place of any version of its name, and charge the change."""
        existing = package.versions.get(version.version)
        if existing is None:
            package.versions.add(version)
            self.charge(package, version.size)
        else:
            package.versions.replace(version)
            self.charge(package, version.size - existing.size)

    def count_later(self, package: Package, version: PackageVersion) -> None:
        """Leave the assets of ``version`` (of ``package``), which a recipe makes, to be counted when the
        domain's size is asked for (``Domain.asset_size``): counting them now would mean making them."""
        if not package.uncounted:
            self.domain.uncounted.append((self, package))
        package.uncounted.append(version.version)


class Domain:
    __slots__ = (
        "asset_size_bytes",
        "created",
        "encryption_key",
        "name",
        "owner",
        "package_groups",
        "policy",
        "region",
        "repositories",
        "stamp",
        "tags",
        "uncounted",
    )

    def __init__(
        self, name: str, owner: str, region: str, encryption_key: str, tags: dict[str, str], created: datetime
    ) -> None:
        self.name = name
        self.owner = owner
        self.region = region
        self.encryption_key = encryption_key
        self.tags = tags
        self.created = created
        self.repositories: OrderedIndex[str, Repository] = OrderedIndex()
        self.asset_size_bytes = 0  # the bytes counted so far: ``asset_size`` counts the rest
        self.uncounted: list[tuple[Repository, Package]] = []  # the packages whose ``uncounted`` is not empty
        self.policy: Optional[ResourcePolicy] = None
        # Keyed by the pattern in lower case (patterns are unique case-insensitively). Every domain has the
        # root group from creation; it lets every origin in.
        self.package_groups: OrderedIndex[str, PackageGroup] = OrderedIndex()
        self.package_groups.add(ROOT_GROUP_PATTERN, PackageGroup(ROOT_GROUP_PATTERN, self, created, "ALLOW"))
        # Changes with the domain's upstream graph (repositories, upstream lists, external connections) and
        # its package groups: what every repository's search reads besides the packages themselves.
        self.stamp = new_stamp()

    def graph_changed(self) -> None:
        """Call after a repository is created or deleted, an upstream list or external connection changes,
        or a package group or its origin configuration changes."""
        self.stamp = new_stamp()

    def asset_size(self) -> int:
        """``assetSizeBytes``: the bytes of every asset in the domain.

        The assets a recipe makes (seeded versions') are counted here, when first asked for, rather than
        when seeded: the version of each name left to count, if there still is one, gets the size of all its
        assets, and every total the difference. Versions deleted meanwhile counted nothing and free nothing,
        so they are passed over; versions replaced, disposed, copied or given more assets meanwhile count as
        they are now (any counted already, a second time: the difference is 0).
        """
        pending, self.uncounted = self.uncounted, []
        for repository, package in pending:
            names, package.uncounted = package.uncounted, []
            if self.repositories.get(repository.name) is not repository:
                continue
            if repository.packages.get(package.key) is not package:
                continue
            for name in names:
                version = package.versions.get(name)
                if version is not None:
                    size = version.assets_size()
                    repository.charge(package, size - version.size)
                    version.size = size
        return self.asset_size_bytes


ROOT_GROUP_PATTERN = "/*"
ORIGIN_RESTRICTION_TYPES = ("EXTERNAL_UPSTREAM", "INTERNAL_UPSTREAM", "PUBLISH")


class PackageGroup:
    """A package group: its pattern as given, its origin restriction modes and allowed repository lists."""

    __slots__ = (
        "allowed",
        "contact_info",
        "created",
        "description",
        "domain",
        "pattern",
        "restrictions",
        "tags",
    )

    def __init__(
        self,
        pattern: str,
        domain: Domain,
        created: datetime,
        mode: str,
        contact_info: Optional[str] = None,
        description: Optional[str] = None,
        tags: Optional[dict[str, str]] = None,
    ) -> None:
        self.pattern = pattern
        self.domain = domain
        self.created = created
        self.contact_info = contact_info
        self.description = description
        self.tags: dict[str, str] = tags or {}
        self.restrictions = dict.fromkeys(ORIGIN_RESTRICTION_TYPES, mode)  # type -> mode
        # type -> repository names, in the order they were added
        self.allowed: dict[str, OrderedIndex[str, str]] = {
            kind: OrderedIndex() for kind in ORIGIN_RESTRICTION_TYPES
        }

    @property
    def key(self) -> str:
        return self.pattern.lower()


class Partition:
    """What one account owns in one region."""

    __slots__ = ("administered", "domains")

    def __init__(self) -> None:
        self.domains: OrderedIndex[str, Domain] = OrderedIndex()
        # Repositories this account administers, wherever their domain lives (ListRepositories).
        self.administered: OrderedIndex[RepositoryRef, Repository] = OrderedIndex()
