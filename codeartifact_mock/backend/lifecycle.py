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

# Publishing a version again through a package manager (repository-endpoint spec section 3, last column):
# what the endpoints do with an upload into a version that exists in this status. A version that does not
# exist (never published, or deleted) is simply created.
# - ADD_ASSETS: a byte-identical asset is accepted again (200), other bytes under an existing asset name are
#   refused (409), a new asset name is added where the format allows it (PyPI, Maven), else refused (npm).
# - COMPLETE: the upload adds its asset and completes the version (Maven and generic Unfinished versions).
# - REFUSE: 409, whatever is sent.
ADD_ASSETS = "add assets"
COMPLETE = "complete"
REFUSE = "refuse"
ENDPOINT_REPUBLISH = {
    PUBLISHED: ADD_ASSETS,
    UNLISTED: ADD_ASSETS,
    UNFINISHED: COMPLETE,
    ARCHIVED: REFUSE,
    DISPOSED: REFUSE,
}
