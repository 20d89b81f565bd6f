"""The package version lifecycle: the statuses a version can have, and what package managers see of each.

From AWS's user guide, "Package version status", and the repository-endpoint spec (section 3). Every rule that
asks "may this version do X" reads this module; no other module spells a status.
"""

from __future__ import annotations

PUBLISHED = "Published"
UNFINISHED = "Unfinished"
UNLISTED = "Unlisted"
ARCHIVED = "Archived"
DISPOSED = "Disposed"
DELETED = "Deleted"  # never stored: the status a deleted version (or domain) is reported with

# What package managers see. Listed: in version lists (PEP 503 page, packument, maven-metadata.xml).
# Downloadable: the repository endpoints serve its assets (an Unlisted version installs from a lockfile).
LISTED = frozenset({PUBLISHED})
DOWNLOADABLE = frozenset({PUBLISHED, UNLISTED})
