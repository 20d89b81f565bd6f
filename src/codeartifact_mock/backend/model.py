"""The stored entities. Plain ``__slots__`` classes: tests may seed hundreds of thousands of versions.

Containment is by dict/ordered index: partition -> domain -> repository -> (format, namespace, name)
-> version. Asset byte totals are kept on package, repository and domain so that deleting any of them
updates the domain's ``assetSizeBytes`` in O(1).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Optional

from .ordered import OrderedIndex

PackageKey = tuple[str, Optional[str], str]  # (format, namespace, stored name)
RepositoryRef = tuple[str, str, str]  # (domain owner, domain name, repository name)


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


class PackageVersion:
    __slots__ = ("assets", "published", "revision", "size", "status", "version")

    def __init__(
        self, version: str, status: str, assets: dict[str, Asset], revision: str, published: datetime
    ) -> None:
        self.version = version
        self.status = status
        self.assets = assets  # insertion order is the listing order
        self.revision = revision
        self.published = published
        self.size = sum(asset.size for asset in assets.values())


class Package:
    __slots__ = (
        "_default",
        "_default_stale",
        "asset_bytes",
        "display_name",
        "format",
        "name",
        "namespace",
        "publish",
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
        self.versions: OrderedIndex[str, PackageVersion] = OrderedIndex()  # publish order
        self.asset_bytes = 0
        self._default: Optional[str] = None
        self._default_stale = False

    @property
    def key(self) -> PackageKey:
        return (self.format, self.namespace, self.name)

    def versions_changed(self) -> None:
        """Call after any version is added, removed or changes status."""
        self._default_stale = True

    def default_display_version(self) -> Optional[str]:
        """The most recently published version whose status is Published (cached until a change)."""
        if self._default_stale:
            self._default, self._default_stale = None, False
            for _seq, version in self.versions.walk(reverse=True):
                if version.status == "Published":
                    self._default = version.version
                    break
        return self._default


class Repository:
    __slots__ = (
        "administrator",
        "asset_bytes",
        "created",
        "description",
        "domain",
        "downstreams",
        "name",
        "packages",
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
        self.tags = tags
        self.created = created
        self.packages: OrderedIndex[PackageKey, Package] = OrderedIndex()
        self.asset_bytes = 0

    @property
    def ref(self) -> RepositoryRef:
        return (self.domain.owner, self.domain.name, self.name)

    def charge(self, package: Package, delta: int) -> None:
        """Record ``delta`` asset bytes added (or freed, if negative) in ``package``."""
        package.asset_bytes += delta
        self.asset_bytes += delta
        self.domain.asset_size_bytes += delta


class Domain:
    __slots__ = (
        "asset_size_bytes",
        "created",
        "encryption_key",
        "name",
        "owner",
        "region",
        "repositories",
        "tags",
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
        self.asset_size_bytes = 0


class Partition:
    """What one account owns in one region."""

    __slots__ = ("administered", "domains")

    def __init__(self) -> None:
        self.domains: OrderedIndex[str, Domain] = OrderedIndex()
        # Repositories this account administers, wherever their domain lives (ListRepositories).
        self.administered: OrderedIndex[RepositoryRef, Repository] = OrderedIndex()
