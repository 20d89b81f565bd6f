"""A package's versions: found by name, and listed in version order or in publish order.

ListPackageVersions lists newest first in either order (spec section 13):

- **version order** (no ``sortBy``): version strings compared part by part (``version_key``), as the user
  guide's sample lists ``1.0.1, 1.0.0, 0.1.2, 0.1.1, 0.1.0``;
- **publish order** (``sortBy=PUBLISHED_TIME``): by ``publishedTime``; equal times by arrival in the package,
  so the later published is the newer.

Both orders are kept up to date as versions come and go (a bisection each), never sorted for a listing, so a
page costs the same in a package of ten versions or of a hundred thousand. The arrival number also breaks
ties in ``defaultDisplayVersion``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from itertools import repeat
from typing import TYPE_CHECKING, Optional

from .ordered import SortedOrder

if TYPE_CHECKING:
    from .entities import PackageVersion

# A version string's parts: runs of ASCII digits (numbers) and runs of other letters (text); anything else
# (``.``, ``-``, ``+``, ``_``, ...) only separates parts.
_PARTS = re.compile(r"[0-9]+|[^\W0-9_]+")
# How parts rank where two versions differ: text < the end of the version < a number. So a text part after
# a common prefix marks a pre-release (``1.0.0-beta`` < ``1.0.0``) and a number a later release
# (``1.0.0`` < ``1.0.0.1``).
_TEXT, _END, _NUMBER = 0, 1, 2
_END_PART = (_END, 0, "")

VersionKey = tuple[tuple[tuple[int, int, str], ...], str]


def version_key(version: str) -> VersionKey:
    """What sorts version strings oldest to newest: a total, deterministic order.

    Parts compare one by one: numbers as numbers (``1.9.0`` < ``1.10.0``), text case-insensitively and by
    code point (``alpha`` < ``beta`` < ``rc``), a number above text, and a version that ends where the other
    goes on with text is the newer one (``1.0.0-rc.1`` < ``1.0.0``), with a number the older (``1.0`` <
    ``1.0.0``). Versions equal by their parts (``1.0.0`` and ``1-0-0``, ``RC1`` and ``rc1``, ``01`` and
    ``1``) are ordered by the whole string, by code point.
    """
    parts = [
        (_NUMBER, int(part), "") if part.isdigit() and part.isascii() else (_TEXT, 0, part.lower())
        for part in _PARTS.findall(version)
    ]
    parts.append(_END_PART)
    return tuple(parts), version


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


def publish_key(version: PackageVersion) -> tuple[int, int]:
    """What sorts versions by publish time, oldest first: the time in microseconds, then the arrival."""
    return (version.published - _EPOCH) // _MICROSECOND, version.arrival


def _version_order_key(version: PackageVersion) -> VersionKey:
    return version_key(version.version)


def _version_name(version: PackageVersion) -> str:
    return version.version


def _publish_cursor(version: PackageVersion) -> list[int]:
    return list(publish_key(version))


def _publish_key_of_cursor(cursor: list[int]) -> tuple[int, ...]:
    return tuple(cursor)


class PackageVersions:
    """Version name -> version, with the two listing orders kept beside the dict."""

    __slots__ = ("_arrivals", "_by_name", "by_publish_time", "by_version", "get")

    def __init__(self) -> None:
        self._by_name: dict[str, PackageVersion] = {}
        self.get = self._by_name.get  # the version of that name, or None
        self.by_version: SortedOrder[PackageVersion] = SortedOrder(
            _version_order_key, _version_name, version_key, self._stored
        )
        self.by_publish_time: SortedOrder[PackageVersion] = SortedOrder(
            publish_key, _publish_cursor, _publish_key_of_cursor, self._stored
        )
        self._arrivals = 0

    def __len__(self) -> int:
        return len(self._by_name)

    def _stored(self, version: PackageVersion) -> bool:
        """Whether ``version`` is still this package's (not deleted, nor replaced by another of its name)."""
        return self._by_name.get(version.version) is version

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def add(self, version: PackageVersion) -> None:
        """Add a version whose name is new to the package."""
        self._arrivals += 1
        version.arrival = self._arrivals
        self._by_name[version.version] = version
        self.by_version.insert(version)
        self.by_publish_time.insert(version)

    def replace(self, version: PackageVersion) -> None:
        """Put ``version`` in place of the stored one of the same name: it keeps that one's arrival, and is
        placed by its own publish time."""
        old = self._by_name[version.version]
        version.arrival = old.arrival
        self._by_name[version.version] = version
        self.by_version.removed(1)
        self.by_version.insert(version)
        self.by_publish_time.removed(1)
        self.by_publish_time.insert(version)

    def remove_many(self, names: list[str]) -> None:
        popped = map(self._by_name.pop, names, repeat(None))
        count = len(names) - list(popped).count(None)
        self.by_version.removed(count)
        self.by_publish_time.removed(count)

    def order(self, sort_by: Optional[str]) -> SortedOrder[PackageVersion]:
        """The order ListPackageVersions lists in for its ``sortBy`` (both are listed newest first)."""
        return self.by_publish_time if sort_by == "PUBLISHED_TIME" else self.by_version
