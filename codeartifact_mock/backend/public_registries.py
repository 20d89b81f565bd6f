"""The public registries behind external connections, seeded by tests: the mock never reaches npmjs, PyPI
or Maven Central (upstreams spec, section 2).

Each external connection name (``public:npmjs``, ``public:pypi``, ``public:maven-central``, ...) reads one
**catalogue**: what a test says that registry publishes, shared by every domain, account and region of the
store. A catalogue is kept as a repository (``Repository``) of a domain no one can reach through the API,
so its packages and versions are the very entities a repository holds, and the search reads them as it
reads an upstream. An empty catalogue means "not on the public registry".

A registry can be marked out of service, as AWS documents an outage of the public repository (user guide,
"Requesting packages from external connections"): versions already kept in a repository still download,
new ones are not found, and publishing does not conflict with what only that registry has.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

from .connections import connection_format
from .entities import Domain, Package, PackageKey, Repository

_NO_ACCOUNT = "000000000000"  # the owner of the catalogues' domain: no caller's account


class PublicRegistry:
    """One external connection's public registry: its catalogue, and whether it is in service."""

    __slots__ = ("available", "catalogue", "connection", "format")

    def __init__(self, connection: str, catalogue: Repository) -> None:
        self.connection = connection
        self.format = connection_format(connection)
        self.catalogue = catalogue
        self.available = True


class PublicRegistries:
    """Every public registry a store's external connections read, made when first seeded."""

    __slots__ = ("_domain", "_registries")

    def __init__(self) -> None:
        self._domain: Optional[Domain] = None  # holds the catalogues; made with the first one
        self._registries: dict[str, PublicRegistry] = {}

    def get(self, connection: str) -> Optional[PublicRegistry]:
        """The registry behind ``connection``, if ever seeded or set (None: none was made)."""
        return self._registries.get(connection)

    def registry(self, connection: str) -> PublicRegistry:
        """The registry behind ``connection``, made empty if needed (``ValidationError`` for a name AWS
        does not offer)."""
        found = self._registries.get(connection)
        if found is None:
            connection_format(connection)  # checked before anything is made
            domain = self._domain
            if domain is None:
                now = datetime.now(timezone.utc)
                domain = self._domain = Domain("public-registries", _NO_ACCOUNT, "", "", {}, now)
            catalogue = Repository(connection, domain, _NO_ACCOUNT, None, [], {}, domain.created)
            domain.repositories.add(connection, catalogue)
            found = self._registries[connection] = PublicRegistry(connection, catalogue)
        return found

    def published(self, connection: str, key: PackageKey) -> Optional[Package]:
        """The package the registry behind ``connection`` publishes under ``key``, as the search finds it:
        None where it publishes none, or is out of service."""
        registry = self._registries.get(connection)
        return None if registry is None or not registry.available else registry.catalogue.packages.get(key)

    def set_available(self, connection: str, available: bool) -> None:
        """Mark the registry behind ``connection`` in service (True) or out of service (False)."""
        # (A kept document's validator reads the availability with the catalogue's stamps: no stamp here.)
        self.registry(connection).available = available
