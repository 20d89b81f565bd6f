"""Request checks shared by the batch operations that name versions of one package (the three status
operations and CopyPackageVersions): the version list the model cannot fully constrain, and the
MISMATCHED_REVISION failure they word alike (spec sections 6 and 13)."""

from __future__ import annotations

from typing import Optional

from . import formats
from .entities import PackageVersion
from .errors import ValidationError

Failure = tuple[str, str]  # (errorCode, errorMessage) of one failedVersions entry


def requested_versions(
    fmt: str, versions: list[str], version_revisions: Optional[dict[str, str]]
) -> tuple[list[str], dict[str, str]]:
    """The request's versions (and revisions) as stored, after checks the model cannot express."""
    if not versions:
        raise ValidationError(
            "1 validation error detected: Value '[]' at 'versions' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1"
        )
    requested = formats.request_versions(fmt, versions)
    seen = set(requested)
    if len(seen) != len(requested):
        raise ValidationError(f"Duplicate package version in versions: {_first_duplicate(requested)}")
    if version_revisions is None:
        return requested, {}
    revisions = {formats.request_version(fmt, key): value for key, value in version_revisions.items()}
    if len(revisions) != len(version_revisions) or set(revisions) != seen:
        raise ValidationError(
            "The versions in versionRevisions must be the same as the versions in versions: "
            f"versions {sorted(seen)}, versionRevisions {sorted(version_revisions)}"
        )
    return requested, revisions


def _first_duplicate(versions: list[str]) -> str:
    seen: set[str] = set()
    for version in versions:
        if version in seen:
            return version
        seen.add(version)
    raise AssertionError("no duplicate")  # only called when there is one


def mismatched_revision(current: PackageVersion, revisions: dict[str, str]) -> Optional[Failure]:
    """MISMATCHED_REVISION when the caller pinned a revision the version no longer has, else None."""
    expected = revisions.get(current.version)
    if expected is None or expected == current.revision:
        return None
    return "MISMATCHED_REVISION", f"current revision: {current.revision}, expected revision: {expected}"
