"""A small, independent reference model of CodeArtifact's package versions, for the model-based test.

Written from the behaviour spec (``/work/shared/spec/behavior.md`` sections 1-6, 9, 10 and 13) and the AWS
user guide ("Update package version status", "Copy packages between repositories"), never from the mock's
code: it imports nothing from ``codeartifact_mock``. Where AWS leaves something open that the spec does not
decide either (which failure a version reports when several apply, whether a validation error beats a
missing package), the model accepts every answer the documentation allows.

Each ``plan_*`` method predicts one call without changing the model: it returns what the service must answer
(``Rejected``, a ``Batch`` outcome, or an exact ``dict``) and a ``commit`` to run once the mock has answered
the same, which applies the call's effect (some effects, like a new revision, are read from the response).
Revisions are opaque here: the model learns each one when a version's content is first seen and holds the
mock to it (same content, same revision; new content, new revision; status changes keep it).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Optional, Union

STATUSES = ("Published", "Unfinished", "Unlisted", "Archived", "Disposed", "Deleted")
UPDATE_TARGETS = ("Published", "Unlisted", "Archived")
UPDATE, DISPOSE, DELETE = "UpdatePackageVersionsStatus", "DisposePackageVersions", "DeletePackageVersions"
NAMESPACE_REQUIRED = frozenset({"maven", "swift", "generic"})
ABSENT = ("", "")  # in a Batch's acceptable failures: the version may also be left out of failedVersions
NEW_REVISION = "<a new revision, learned from the answer>"  # in an expected answer: any string matches

Json = dict[str, Any]
Failure = tuple[str, str]  # (errorCode, errorMessage)
Commit = Callable[[Json], None]


@dataclass(frozen=True)
class PackageRef:
    fmt: str
    namespace: Optional[str]
    name: str

    def coordinates(self) -> Json:
        where: Json = {"format": self.fmt, "package": self.name}
        if self.namespace is not None:
            where["namespace"] = self.namespace
        return where

    def display_name(self) -> Optional[str]:
        """The documented display names only (npm ``@scope/name``, and a bare name); else None."""
        if self.namespace is None:
            return self.name
        return f"@{self.namespace}/{self.name}" if self.fmt == "npm" else None


@dataclass
class Version:
    status: str
    assets: dict[str, bytes]  # insertion order is the listing order
    revision: str
    origin: str  # the repository through which the version entered the domain
    # When it was published: (0, a back-dated time given to add_package_version), or (1, the logical clock)
    # for one published "now", which is later than any back-dated time. A copy keeps it.
    published: tuple[int, Union[datetime, int]]
    arrival: int = 0  # when its name first arrived in this package (breaks ties of equal times)


@dataclass
class Package:
    ref: PackageRef
    versions: dict[str, Version] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejected:
    """The whole call fails with one of ``codes`` (several when the documented precedence is unknown)."""

    codes: frozenset[str]
    resource_type: Optional[str] = None  # checked for ResourceNotFoundException


@dataclass
class Batch:
    """A batch call's answer: exact successes, and per failed version the acceptable (code, message)s."""

    succeeded: Json
    failed: dict[str, frozenset[Failure]]


Expectation = Union[Rejected, Batch, Json]


def validation() -> Rejected:
    return Rejected(frozenset({"ValidationException"}))


def not_found(resource_type: str) -> Rejected:
    return Rejected(frozenset({"ResourceNotFoundException"}), resource_type)


def either(*options: Rejected) -> Rejected:
    """A call with several problems at once: AWS documents no precedence, so any of them may be reported."""
    codes = frozenset(code for option in options for code in option.codes)
    types = {option.resource_type for option in options if option.resource_type is not None}
    return Rejected(codes, types.pop() if len(types) == 1 else None)


def asset_entry(name: str, content: bytes) -> Json:
    return {
        "name": name,
        "size": len(content),
        "hashes": {
            "MD5": hashlib.md5(content).hexdigest(),
            "SHA-1": hashlib.sha1(content).hexdigest(),
            "SHA-256": hashlib.sha256(content).hexdigest(),
            "SHA-512": hashlib.sha512(content).hexdigest(),
        },
    }


def origin(repository: str) -> Json:
    return {"domainEntryPoint": {"repositoryName": repository}, "originType": "INTERNAL"}


def _nothing(_response: Json) -> None:
    return None


class RevisionBook:
    """What the model knows about revisions: the one the mock gave each content, and every one it gave."""

    def __init__(self) -> None:
        self._by_content: dict[tuple[Any, ...], str] = {}
        self._content_of: dict[str, tuple[Any, ...]] = {}

    def learn(self, ref: PackageRef, version: str, assets: dict[str, bytes], revision: str) -> None:
        """Hold the mock to: 44-character base64 of 32 bytes, one revision per content and vice versa."""
        assert len(revision) == 44, f"revision {revision!r} is not 44 characters"
        try:
            assert len(base64.b64decode(revision, validate=True)) == 32, f"revision {revision!r}"
        except binascii.Error as error:
            raise AssertionError(f"revision {revision!r} is not base64") from error
        content = (ref, version, tuple(sorted((n, hashlib.sha256(c).hexdigest()) for n, c in assets.items())))
        known = self._by_content.setdefault(content, revision)
        assert known == revision, f"same content, two revisions: {known} then {revision} for {content}"
        other = self._content_of.setdefault(revision, content)
        assert other == content, f"revision {revision} names two contents: {other} and {content}"


class World:
    """The reference state: repositories of one domain, their packages and versions."""

    def __init__(self, repositories: list[str]) -> None:
        self.repos: dict[str, dict[PackageRef, Package]] = {name: {} for name in repositories}
        self.revisions = RevisionBook()
        self._clock = 0

    def tick(self) -> int:
        self._clock += 1
        return self._clock

    def now(self) -> tuple[int, Union[datetime, int]]:
        return (1, self.tick())

    def store(self, package: Package, name: str, version: Version) -> None:
        """Put ``version`` under ``name``: a name new to the package arrives now; a replaced one keeps its
        arrival."""
        replaced = package.versions.get(name)
        version.arrival = self.tick() if replaced is None else replaced.arrival
        package.versions[name] = version

    # --- queries ---------------------------------------------------------------------------------------

    def package(self, repo: str, ref: PackageRef) -> Optional[Package]:
        return self.repos[repo].get(ref)

    def version(self, repo: str, ref: PackageRef, version: str) -> Optional[Version]:
        found = self.package(repo, ref)
        return None if found is None else found.versions.get(version)

    def asset_bytes(self) -> int:
        return sum(
            len(content)
            for packages in self.repos.values()
            for package in packages.values()
            for version in package.versions.values()
            for content in version.assets.values()
        )

    # --- seeding (CodeArtifactMock.add_package_version) -----------------------------------------------

    def plan_seed(
        self,
        repo: str,
        ref: PackageRef,
        version: str,
        status: str,
        assets: dict[str, bytes],
        published_time: Optional[datetime] = None,
    ) -> Commit:
        """Seeding stores the version as if published: a Disposed one without assets; a replaced one keeps
        its publishedTime unless one is given (the documented contract of ``add_package_version``)."""
        stored = {} if status == "Disposed" else dict(assets)

        def commit(response: Json) -> None:
            revision = response["revision"]
            self.revisions.learn(ref, version, stored, revision)
            package = self.repos[repo].setdefault(ref, Package(ref))
            replaced = package.versions.get(version)
            if published_time is not None:
                published: tuple[int, Union[datetime, int]] = (0, published_time)
            else:
                published = self.now() if replaced is None else replaced.published
            self.store(package, version, Version(status, stored, revision, repo, published))

        return commit

    # --- the three status batches (spec sections 2-6 and 13) ------------------------------------------

    def plan_batch(
        self,
        operation: str,
        repo: str,
        ref: PackageRef,
        versions: list[str],
        *,
        target: Optional[str] = None,
        expected: Optional[str] = None,
        revisions: Optional[dict[str, str]] = None,
    ) -> tuple[Expectation, Commit]:
        problems: list[Rejected] = []
        if not versions or len(set(versions)) != len(versions) or len(versions) > 100:
            problems.append(validation())
        if revisions is not None and set(revisions) != set(versions):
            problems.append(validation())
        if operation == UPDATE and target not in UPDATE_TARGETS:
            problems.append(validation())  # Unfinished, Disposed and Deleted are not update targets
        package = self.package(repo, ref)
        if package is None:
            problems.append(not_found("package"))
        if problems:
            return either(*problems), _nothing
        assert package is not None
        failed: dict[str, frozenset[Failure]] = {}
        for name in versions:
            current = package.versions.get(name)
            reasons = self._failures(operation, name, current, target, expected, revisions)
            if reasons:
                failed[name] = reasons
        if failed:  # all or nothing: every other version is skipped
            for name in versions:
                failed.setdefault(name, frozenset({("SKIPPED", f"version {name} is skipped")}))
            return Batch({}, failed), _nothing
        result = {UPDATE: target, DISPOSE: "Disposed", DELETE: "Deleted"}[operation]
        succeeded = {
            name: {"revision": package.versions[name].revision, "status": result} for name in versions
        }

        def commit(_response: Json) -> None:
            for name in versions:
                if operation == DELETE:
                    del package.versions[name]  # the package itself stays, maybe with no versions
                elif operation == DISPOSE:
                    package.versions[name].status = "Disposed"
                    package.versions[name].assets = {}  # the revision stays
                else:
                    assert target is not None
                    package.versions[name].status = target

        return Batch(succeeded, failed), commit

    @staticmethod
    def _failures(
        operation: str,
        name: str,
        current: Optional[Version],
        target: Optional[str],
        expected: Optional[str],
        revisions: Optional[dict[str, str]],
    ) -> frozenset[Failure]:
        """Every failure that applies to one version (the order among them is not documented)."""
        if current is None:
            return frozenset({("NOT_FOUND", f"Could not find version {name}")})
        reasons: set[Failure] = set()
        wanted = None if revisions is None else revisions[name]
        if wanted is not None and wanted != current.revision:
            message = f"current revision: {current.revision}, expected revision: {wanted}"
            reasons.add(("MISMATCHED_REVISION", message))
        if expected is not None and expected != current.status:
            message = f"current status: {current.status}, expected status: {expected}"
            reasons.add(("MISMATCHED_STATUS", message))
        if operation == UPDATE and current.status == "Disposed":
            message = f"cannot change status of version {name} from Disposed to {target}"
            reasons.add(("NOT_ALLOWED", message))
        return frozenset(reasons)

    # --- PublishPackageVersion (spec section 9) -------------------------------------------------------

    def plan_publish(
        self,
        repo: str,
        ref: PackageRef,
        version: str,
        asset: str,
        content: bytes,
        sha256: str,
        unfinished: bool,
    ) -> tuple[Expectation, Commit]:
        if ref.fmt != "generic" or sha256 != hashlib.sha256(content).hexdigest():
            return validation(), _nothing
        current = self.version(repo, ref, version)
        response: Json = {"format": ref.fmt, **ref.coordinates(), "version": version}
        response["asset"] = asset_entry(asset, content)
        if current is None:  # a new version (and maybe a new package)
            status = "Unfinished" if unfinished else "Published"

            def create(answer: Json) -> None:
                assets = {asset: content}
                self.revisions.learn(ref, version, assets, answer["versionRevision"])
                package = self.repos[repo].setdefault(ref, Package(ref))
                self.store(
                    package, version, Version(status, assets, answer["versionRevision"], repo, self.now())
                )

            return {**response, "status": status, "versionRevision": NEW_REVISION}, create
        existing = current.assets.get(asset)
        if existing is not None and existing != content:
            return Rejected(frozenset({"ConflictException"})), _nothing  # same name, other bytes
        if existing is not None and current.status in ("Published", "Unfinished"):
            status = "Unfinished" if current.status == "Unfinished" and unfinished else "Published"

            def finish(_answer: Json) -> None:
                current.status = status

            return {**response, "status": status, "versionRevision": current.revision}, finish
        if current.status != "Unfinished":  # only Unfinished versions take new assets
            return Rejected(frozenset({"ConflictException"})), _nothing
        status = "Unfinished" if unfinished else "Published"

        def add(answer: Json) -> None:
            assert answer["versionRevision"] != current.revision, "a new asset must change the revision"
            assets = {**current.assets, asset: content}
            self.revisions.learn(ref, version, assets, answer["versionRevision"])
            current.assets, current.revision, current.status = assets, answer["versionRevision"], status

        return {**response, "status": status, "versionRevision": NEW_REVISION}, add

    # --- DeletePackage ---------------------------------------------------------------------------------

    def plan_delete_package(self, repo: str, ref: PackageRef) -> tuple[Expectation, Commit]:
        if self.package(repo, ref) is None:
            return not_found("package"), _nothing
        summary = {"format": ref.fmt, **ref.coordinates()}
        summary["originConfiguration"] = {"restrictions": {"publish": "ALLOW", "upstream": "BLOCK"}}

        def commit(_response: Json) -> None:
            del self.repos[repo][ref]

        return {"deletedPackage": summary}, commit

    # --- CopyPackageVersions (user guide "Copy packages between repositories", spec section 6) ---------

    def plan_copy(
        self,
        source: str,
        destination: str,
        ref: PackageRef,
        versions: Optional[list[str]],
        revisions: Optional[dict[str, str]],
        allow_overwrite: bool,
    ) -> tuple[Expectation, Commit]:
        problems: list[Rejected] = []
        if (versions is None) == (revisions is None):
            problems.append(validation())  # "You must specify versions or versionRevisions. Not both."
        names = list(revisions or {}) if versions is None else versions
        if not names or len(set(names)) != len(names):
            problems.append(validation())
        package = self.package(source, ref)
        if package is None:
            problems.append(not_found("package"))
        if problems:
            return either(*problems), _nothing
        assert package is not None
        target = self.package(destination, ref)
        failed: dict[str, frozenset[Failure]] = {}
        identical: list[str] = []
        for name in names:
            current = package.versions.get(name)
            present = None if target is None else target.versions.get(name)
            if current is None:
                failed[name] = frozenset({("NOT_FOUND", f"Could not find version {name}")})
                continue
            reasons: set[Failure] = set()
            if revisions is not None and revisions[name] != current.revision:
                message = f"current revision: {current.revision}, expected revision: {revisions[name]}"
                reasons.add(("MISMATCHED_REVISION", message))
            if current.status == "Disposed":  # the project's decision: its assets are gone, nothing to copy
                message = f"Version {name} cannot be copied because its status is Disposed"
                reasons.add(("NOT_ALLOWED", message))
            elif present is not None and _same_content(present, current):
                if not reasons:
                    identical.append(name)  # idempotent: left out of both maps
            elif present is not None and not allow_overwrite:
                reasons.add(("ALREADY_EXISTS", f"Version {name} already exists"))
            if reasons:
                failed[name] = frozenset(reasons)
        if failed:
            for name in names:
                skipped = ("SKIPPED", f"Version {name} was skipped")
                # An identical version in a failed batch: skipped, or still left out (not documented).
                failed.setdefault(
                    name, frozenset({skipped, ABSENT}) if name in identical else frozenset({skipped})
                )
            return Batch({}, failed), _nothing
        copied = [name for name in names if name not in identical]
        succeeded = {
            name: {"revision": package.versions[name].revision, "status": package.versions[name].status}
            for name in copied
        }

        def commit(_response: Json) -> None:
            into = self.repos[destination].setdefault(ref, Package(ref))
            for name in copied:
                original = package.versions[name]
                copy = Version(
                    original.status,
                    dict(original.assets),
                    original.revision,
                    original.origin,
                    original.published,
                )
                self.store(into, name, copy)

        return Batch(succeeded, failed), commit

    # --- what the read operations must show -----------------------------------------------------------

    def listed_versions(
        self, repo: str, ref: PackageRef, status: Optional[str], newest_first: bool
    ) -> list[Json]:
        package = self.package(repo, ref)
        assert package is not None
        ordered = _publish_order(package) if newest_first else _version_order(package)
        return [
            {"version": name, "revision": v.revision, "status": v.status, "origin": origin(v.origin)}
            for name, v in reversed(ordered)  # newest first, in either order
            if status is None or v.status == status
        ]

    def default_display_version(self, repo: str, ref: PackageRef) -> Optional[str]:
        """The most recently published version whose status is Published (spec section 10)."""
        package = self.package(repo, ref)
        assert package is not None
        published = [name for name, v in _publish_order(package) if v.status == "Published"]
        return published[-1] if published else None


def _publish_order(package: Package) -> list[tuple[str, Version]]:
    """Versions oldest first by publish time (a copied one keeps its time); equal times by arrival."""
    return sorted(package.versions.items(), key=lambda item: (item[1].published, item[1].arrival))


def _version_order(package: Package) -> list[tuple[str, Version]]:
    """Versions oldest first by version string (spec section 13): the release numbers compared as numbers,
    and a pre-release (``2.1.0-beta``) before its release."""

    def key(name: str) -> tuple[tuple[int, ...], int, str]:
        release, _, pre = name.partition("-")
        numbers = tuple(int(part) for part in re.findall(r"[0-9]+", release))
        return numbers, (0 if pre else 1), pre

    return sorted(package.versions.items(), key=lambda item: key(item[0]))


def matches(answer: Any, expected: Any) -> bool:
    """Equality, except that ``NEW_REVISION`` in ``expected`` stands for any string."""
    if expected is NEW_REVISION:
        return isinstance(answer, str)
    if isinstance(expected, dict):
        return (
            isinstance(answer, dict)
            and answer.keys() == expected.keys()
            and all(matches(answer[key], value) for key, value in expected.items())
        )
    return bool(answer == expected)


def _same_content(one: Version, other: Version) -> bool:
    """ "Assets and metadata identical": the same assets, hence the same revision."""
    return one.assets == other.assets and one.revision == other.revision
