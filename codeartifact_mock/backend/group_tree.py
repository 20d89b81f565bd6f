"""A domain's package groups as a hierarchy: each group's parent, the group a package belongs to, and the
origin restriction mode a group ends up with once INHERIT is followed up the tree.

Nothing is cached: a group's parent is the most specific other group whose pattern contains its own, worked
out when asked, so creating or deleting a group re-parents its neighbours with no bookkeeping (AWS: "the
direct child package groups will become children of the package group's direct parent package group").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Optional

from .entities import Domain, PackageGroup
from .group_patterns import GroupPattern, parse

INHERIT = "INHERIT"


def groups(domain: Domain) -> Iterator[PackageGroup]:
    for _seq, group in domain.package_groups.walk():
        yield group


def parent(domain: Domain, group: PackageGroup) -> Optional[PackageGroup]:
    """The most specific other group containing ``group`` (None only for the root group)."""
    own = parse(group.pattern)
    best: Optional[PackageGroup] = None
    best_pattern: Optional[GroupPattern] = None
    for other in groups(domain):
        candidate = parse(other.pattern)
        if other is group or not candidate.contains(own):
            continue
        if best_pattern is None or candidate.specificity > best_pattern.specificity:
            best, best_pattern = other, candidate
    return best


def children(domain: Domain, group: PackageGroup) -> Iterator[PackageGroup]:
    return (other for other in groups(domain) if parent(domain, other) is group)


def most_specific(
    patterns: Iterable[GroupPattern], fmt: str, namespace: Optional[str], name: str
) -> Optional[tuple[GroupPattern, str]]:
    """The most specific pattern matching the package (normalised coordinates) and its association type."""
    best: Optional[tuple[GroupPattern, str]] = None
    for pattern in patterns:
        association = pattern.association(fmt, namespace, name)
        if association is not None and (best is None or pattern.specificity > best[0].specificity):
            best = (pattern, association)
    return best


def associated_group(
    domain: Domain, fmt: str, namespace: Optional[str], name: str
) -> tuple[PackageGroup, str]:
    """The group a package belongs to and how strongly (the root group matches every package)."""
    found = most_specific((parse(group.pattern) for group in groups(domain)), fmt, namespace, name)
    assert found is not None, "every domain has the root group"
    pattern, association = found
    group = domain.package_groups.get(pattern.text.lower())
    assert group is not None
    return group, association


def effective(domain: Domain, group: PackageGroup, restriction: str) -> tuple[str, PackageGroup]:
    """The mode in force for ``restriction`` and the group it is set on (``group`` itself unless INHERIT)."""
    source = group
    while source.restrictions[restriction] == INHERIT:
        up = parent(domain, source)
        if up is None:  # the root cannot be set to INHERIT; stop rather than loop if it ever were
            break
        source = up
    return source.restrictions[restriction], source
