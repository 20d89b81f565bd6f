"""What a package manager's request to a repository finds through its upstream repositories and the public
registries behind their external connections (upstreams spec sections 1 and 3-6). Every format's endpoint
asks the questions here, and none walks upstreams itself:

- ``listing``: which versions the repository shows for a package: the union over the search, a version
  once, from the first place that has it, listed statuses only, npm's dist-tags merged;
- ``download``: where a version's file comes from through the repository, keeping the copy a download
  leaves;
- ``upstream_source``: whether a version is reachable upstream, which makes publishing it a conflict;
- ``snapshot_holder`` and ``keep``: where a Maven SNAPSHOT stands for the repository (an upstream's before
  the repository's own), and the copies a download of its files leaves;
- ``kept_document``: a listing document (page, packument, metadata) made once per state of everything it
  reads, which ``validator`` names: the one place a later ETag can take its value from.

Where the search may go (spec section 5): a repository's own origin configuration of the package, where it
has one, decides whether anything beyond it is reached through it (``upstream`` BLOCK: nothing). Where the
requested repository has none, the package's group decides for what it would keep: INTERNAL_UPSTREAM for a
version from any upstream, EXTERNAL_UPSTREAM for one from its own external connection; and a public
registry reached through an upstream X is searched only if X may ingest the package (X's own
configuration, else its group's EXTERNAL_UPSTREAM). A registry out of service finds nothing.

The API does not merge (spec section 7): nothing here is reached from an API operation but the copies a
fetch keeps, which are ordinary versions of their repositories from then on.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from operator import attrgetter
from typing import Callable, NamedTuple, Optional

from .copying import copy_into
from .entities import Asset, Package, PackageKey, PackageVersion, Repository
from .lifecycle import DOWNLOADABLE, FOUND_UPSTREAM, LISTED, REFUSED, SNAPSHOT
from .origins import group_refusal
from .public_registries import PublicRegistries
from .publishing import same_assets
from .upstreams import Searched, search_plan

ALLOW = "ALLOW"
MAX_KEPT = 512  # listing documents kept per repository (each at most a few forms of a package)

_PUBLISHED = attrgetter("published", "arrival")
Validator = tuple[int, ...]
Statuses = frozenset[str]
KeptDocuments = dict[Hashable, tuple[Validator, Optional[bytes]]]  # (package key, form) -> validator, body


class Holder(NamedTuple):
    """A place of the search that may be looked in for the package, and its package there."""

    place: Searched
    package: Package


class Listing(NamedTuple):
    """What a repository shows of a package through its search (``listing``)."""

    package: Package  # names it: the repository's own, else the first found upstream
    versions: list[PackageVersion]  # the versions shown, one per version string, in publish order
    dist_tags: dict[str, str]  # npm: tag -> version, naming listed versions only


def reachable(registries: PublicRegistries, repository: Repository, key: PackageKey) -> list[Holder]:
    """The places of ``repository``'s search that hold the package and may be looked in for it, in
    search order (the repository's own package first, when it has one)."""
    plan = search_plan(repository)
    own = repository.packages.get(key)
    held = [] if own is None else [Holder(plan[0], own)]
    if len(plan) == 1:  # no upstream, no external connection: nothing more to look at
        return held
    if own is not None:
        if own.upstream != ALLOW:
            return held
        internal = external = True
    else:
        fmt, namespace, name = key
        internal = group_refusal(repository, fmt, namespace, name, "INTERNAL_UPSTREAM") is None
        external = group_refusal(repository, fmt, namespace, name, "EXTERNAL_UPSTREAM") is None
    index = 1
    while index < len(plan):
        place = plan[index]
        index += 1
        if place.connection is None:  # an upstream repository
            package = place.repository.packages.get(key)
            if package is None:
                continue
            if internal:
                held.append(Holder(place, package))
            if package.upstream != ALLOW:  # nothing beyond it is reached through it
                index = place.end
            continue
        package = registries.published(place.connection, key)
        if package is not None and _may_ingest(repository, place.repository, key, internal, external):
            held.append(Holder(place, package))
    return held


def _may_ingest(
    repository: Repository, holder: Repository, key: PackageKey, internal: bool, external: bool
) -> bool:
    """Whether a version of ``key`` from the public registry of ``holder``'s external connection may
    come into ``repository`` (and into ``holder``, which ingests it)."""
    if holder is repository:
        return external
    if not internal:  # the requested repository takes nothing from its upstreams
        return False
    if holder.packages.get(key) is not None:  # its own configuration let the search reach here
        return True
    fmt, namespace, name = key
    return group_refusal(holder, fmt, namespace, name, "EXTERNAL_UPSTREAM") is None


def listing(
    registries: PublicRegistries, repository: Repository, key: PackageKey, shown: Statuses = LISTED
) -> Optional[Listing]:
    """The versions ``repository`` shows of the package; None when no place of its search has it.

    A version string is decided by the first place that has it: the repository's own version whatever its
    status, else the first upstream or catalogue version of a status in ``FOUND_UPSTREAM``; it is shown
    if that version's status is in ``shown`` (``LISTED``; a format whose index keeps other statuses too
    passes its own). npm's dist-tags: where several places define a tag, the first
    upstream in search order wins over the repository's own (user guide, "npm tag handling"), and only
    tags naming a shown version are kept.
    """
    held = reachable(registries, repository, key)
    if not held:
        return None
    own = repository.packages.get(key)  # when there is one, it is held[0]
    if len(held) == 1:
        versions = [v for v in held[0].package.versions.by_publish_time.walk() if v.status in shown]
    else:
        decided: dict[str, PackageVersion] = {}
        for holder in held:
            mine = holder.package is own
            for version in holder.package.versions.by_publish_time.walk():
                if version.version not in decided and (mine or version.status in FOUND_UPSTREAM):
                    decided[version.version] = version
        versions = [version for version in decided.values() if version.status in shown]
        # Publish order, as ``versions.publish_key`` orders one package (to the microsecond, then arrival);
        # compared as attributes, a third of what computing that key for each version costs.
        versions.sort(key=_PUBLISHED)
    names = {version.version for version in versions if version.status in LISTED}
    tags: dict[str, str] = {}
    for holder in (*held[1:], held[0]) if own is not None else held:
        for tag, name in holder.package.dist_tags.items():
            if tag not in tags and name in names:
                tags[tag] = name
    return Listing(held[0].package, versions, tags)


def download(
    registries: PublicRegistries,
    repository: Repository,
    key: PackageKey,
    version: str,
    pick: Callable[[PackageVersion], Optional[Asset]],
) -> Optional[Asset]:
    """The asset ``pick`` chooses of version ``version`` of the package, as ``repository`` serves it; None
    when there is none to download (404).

    The repository's own version decides, whatever its status (``DOWNLOADABLE`` ones download). Else the
    first found through the search (``FOUND_UPSTREAM``) is downloaded and kept: a copy of the whole
    version in ``repository``, and also in the repository whose external connection it came from (unless
    that one holds a version of that name already); repositories between keep nothing (user guide,
    "Requesting a package version with upstream repositories"). A request ``pick`` finds nothing for keeps
    nothing."""
    own = repository.packages.get(key)
    found = None if own is None else own.versions.get(version)
    if found is not None:
        return pick(found) if found.status in DOWNLOADABLE else None
    upstream = _found_upstream(registries, repository, key, version)
    asset = None if upstream is None else pick(upstream[1])
    if upstream is None or asset is None:
        return None
    holder, original = upstream
    keep(repository, holder, [original])
    return asset  # (the copy holds the same asset objects)


def keep(repository: Repository, holder: Holder, originals: Sequence[PackageVersion]) -> None:
    """What a download through ``repository`` of a file of ``originals`` (versions of ``holder``'s package,
    a place upstream of it) leaves: a copy of each whole in ``repository``, and also in the repository whose
    external connection they came from; repositories between keep nothing. A version not in
    ``FOUND_UPSTREAM`` counts as absent and is kept nowhere. ``repository``'s own version of a name is
    replaced unless it holds the same assets (a Maven SNAPSHOT whose upstream holds a newer build); the
    connection's repository keeps a version of its own."""
    place = holder.place
    for original in originals:
        if original.status not in FOUND_UPSTREAM:
            continue
        if place.connection is not None and place.repository is not repository:
            _keep(place.repository, holder, original, replace=False)
        _keep(repository, holder, original, replace=True)


def snapshot_holder(
    registries: PublicRegistries, repository: Repository, key: PackageKey, snapshot: str
) -> Optional[Holder]:
    """Where the Maven SNAPSHOT version ``snapshot`` (``1.0-SNAPSHOT``) of the package stands for
    ``repository``: the place of its search whose SNAPSHOT answers (its metadata, its files), read where it
    is and kept nowhere; None when no place holds it.

    An upstream's SNAPSHOT comes before the repository's own: the user guide ("Use Maven snapshots",
    snapshots and upstream repositories) says that when a repository R and its upstream U both hold builds of
    a SNAPSHOT, a client asking R for the newest build gets U's. So the first upstream in search order
    holding it (``FOUND_UPSTREAM``) answers, unless the repository's own SNAPSHOT would refuse a newer build
    (the lifecycle's ``SNAPSHOT`` row: Archived, Disposed), which then decides as a version of its own does;
    the repository's own answers where no upstream holds it. Public registries hold no SNAPSHOTs (nor can
    they be seeded with one: the user guide, "Maven snapshots cannot be fetched ... through an external
    connection")."""
    own = repository.packages.get(key)
    mine = None if own is None else own.versions.get(snapshot)
    if mine is None or SNAPSHOT[mine.status] != REFUSED:
        upstream = _found_upstream(registries, repository, key, snapshot)
        if upstream is not None:
            return upstream[0]
    return None if own is None or mine is None else Holder(search_plan(repository)[0], own)


def upstream_source(
    registries: PublicRegistries, repository: Repository, key: PackageKey, version: Optional[str] = None
) -> Optional[str]:
    """Where ``version`` of the package (None: any of its versions) would come from through
    ``repository``'s upstreams: a repository name or an external connection name; None when nothing
    upstream has it (spec section 6)."""
    if version is None:
        upstream = [holder.place for holder in reachable(registries, repository, key)]
        place = next(
            (p for p in upstream if p.connection is not None or p.repository is not repository), None
        )
    else:
        found = _found_upstream(registries, repository, key, version)
        place = None if found is None else found[0].place
    if place is None:
        return None
    return place.repository.name if place.connection is None else place.connection


def _found_upstream(
    registries: PublicRegistries, repository: Repository, key: PackageKey, version: str
) -> Optional[tuple[Holder, PackageVersion]]:
    """The first place upstream of ``repository`` that the search may look in with ``version`` found."""
    held = reachable(registries, repository, key)
    for holder in held:
        if holder.place.connection is None and holder.place.repository is repository:
            continue  # the repository's own package: not upstream
        found = holder.package.versions.get(version)
        if found is not None and found.status in FOUND_UPSTREAM:
            return holder, found
    return None


def _keep(destination: Repository, holder: Holder, original: PackageVersion, replace: bool) -> None:
    """Keep a copy of ``original`` in ``destination``, whole (every asset), as an ordinary version of it; a
    version of that name there stays unless ``replace`` and it holds other assets."""
    source = holder.package
    package = destination.packages.get(source.key)
    if package is None:
        package = Package(source.format, source.namespace, source.name, source.display_name)
        package.publish, package.upstream = "BLOCK", ALLOW  # a package that first arrived by a fetch
        destination.packages.add(package.key, package)
    else:
        held = package.versions.get(original.version)
        if held is not None and (not replace or same_assets(held, original)):
            return
    copy_into(destination, package, holder.place.repository, original)
    package.versions_changed()


def validator(registries: PublicRegistries, repository: Repository, key: PackageKey) -> Validator:
    """Names the state of everything a listing document of the package served from ``repository`` is made
    from: the domain's graph and groups (``Domain.stamp``) and the package in each place of the search
    (its stamp, which also changes with its origin configuration; 0 where it is missing or its registry is
    out of service). Two equal validators mean equal documents of the same form."""
    stamps = [repository.domain.stamp]
    for place in search_plan(repository):
        if place.connection is None:
            package = place.repository.packages.get(key)
        else:
            package = registries.published(place.connection, key)
        stamps.append(0 if package is None else package.stamp)
    return tuple(stamps)


def kept_document(
    registries: PublicRegistries,
    repository: Repository,
    key: PackageKey,
    form: Hashable,
    make: Callable[[Optional[Listing]], Optional[bytes]],
    shown: Statuses = LISTED,
) -> Optional[bytes]:
    """A listing document of the package served from ``repository``: ``make(listing(..., shown))``, made
    once per ``validator`` and ``form`` (the document's kind and whatever else it is built from, such as the
    URL the client used; a format's ``shown`` is its own, so its forms tell them apart) and kept on the
    repository; None when ``make`` finds nothing listable."""
    current = validator(registries, repository, key)
    kept = repository._kept
    if kept is None:
        kept = repository._kept = {}
    entry = kept.get((key, form))
    if entry is not None and entry[0] == current:
        return entry[1]
    body = make(listing(registries, repository, key, shown))
    if entry is None and len(kept) >= MAX_KEPT:
        del kept[next(iter(kept))]  # the oldest
    kept[(key, form)] = (current, body)
    return body
