"""Model-based testing: random sequences of calls through a real boto3 client, each answer compared with an
independent reference model (``reference_model.py``). Any divergence fails, and Hypothesis shrinks it to a
short sequence of calls.

Two repositories, five packages of three formats and a pool of five versions, so batches collide: duplicate
versions, missing ones, stale revisions, wrong expected statuses, versions disposed or deleted meanwhile.
Writes: seeding (``add_package_version``), PublishPackageVersion, the three status batches, DeletePackage,
CopyPackageVersions. Reads, checked after random steps: ListPackageVersions (every status filter, both
orders, random page sizes), DescribePackageVersion, ListPackageVersionAssets, GetPackageVersionAsset,
ListPackages; and after every step DescribeDomain's assetSizeBytes.

CI runs a few seconds of this. A long campaign::

    CODEARTIFACT_MOCK_STATS_DIR=/tmp/stats python -m pytest tests/test_state_machine.py \\
        --hypothesis-profile=campaign -p no:cacheprovider
"""

from __future__ import annotations

import hashlib
import sys
from datetime import datetime, timezone
from typing import Any, Optional

import boto3
from botocore.exceptions import ClientError
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from reference_model import (
    ABSENT,
    DELETE,
    DISPOSE,
    STATUSES,
    UPDATE,
    Batch,
    Commit,
    Expectation,
    Json,
    PackageRef,
    Rejected,
    World,
    asset_entry,
    matches,
    origin,
)
from reliability import Tally, budget

from codeartifact_mock import CodeArtifactMock

DOMAIN = "my-domain"
REPOSITORIES = ["repo-a", "repo-b"]
PACKAGES = [
    PackageRef("generic", "tools", "cli"),
    PackageRef("generic", "tools", "lib"),
    PackageRef("npm", None, "chalk"),
    PackageRef("npm", "types", "react"),
    PackageRef("pypi", None, "requests"),
]
GENERIC = [ref for ref in PACKAGES if ref.fmt == "generic"]
VERSIONS = ["1.0.0", "1.1.0", "2.0.0", "2.1.0-beta", "3.0.0"]
ASSET_NAMES = ["a.tar.gz", "b.bin", "readme"]
CONTENTS = [b"alpha", b"beta", b"gamma gamma", b""]
SEED_STATUSES = ("Published", "Unfinished", "Unlisted", "Archived", "Disposed")
# Two times in the past, so that back-dated versions often share one (ties go by arrival).
BACK_DATES = [datetime(2020, 1, 1, tzinfo=timezone.utc), datetime(2021, 6, 1, 12, tzinfo=timezone.utc)]
FAKE_REVISION = "A" * 43 + "="

tally = Tally("state_machine")

repositories = st.sampled_from(REPOSITORIES)
packages = st.sampled_from(PACKAGES)
versions = st.sampled_from(VERSIONS)
# Half the batches have distinct versions; the others may repeat one (a ValidationException).
any_batch = st.lists(versions, min_size=1, max_size=4, unique=True) | st.lists(
    versions, min_size=2, max_size=4
)
maybe_status = st.none() | st.sampled_from(STATUSES)
revision_modes = st.sampled_from(["none", "none", "current", "one stale", "keys differ"])


def _body(response: Json) -> Json:
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


class CodeArtifactMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.mock = CodeArtifactMock()
        self.mock.start()
        # Made inside the mock: a client made before any mock runs botocore's credential chain.
        self.client = boto3.client("codeartifact", region_name="us-east-1")
        self.model = World(REPOSITORIES)
        self.published_times: dict[tuple[str, PackageRef, str], datetime] = {}
        self.client.create_domain(domain=DOMAIN)
        for name in REPOSITORIES:
            self.client.create_repository(domain=DOMAIN, repository=name)
        tally.add("examples")

    def teardown(self) -> None:
        self.mock.stop()
        tally.flush()

    # --- comparing one answer with the model -----------------------------------------------------------

    def _call(self, method: str, expectation: Expectation, commit: Commit, **kwargs: Any) -> None:
        tally.add("calls")
        try:
            response = _body(getattr(self.client, method)(**kwargs))
        except ClientError as error:
            code = error.response["Error"]["Code"]
            assert isinstance(expectation, Rejected), (
                f"{method}({kwargs}) raised {code}, expected {expectation}"
            )
            assert code in expectation.codes, (
                f"{method}({kwargs}): {code}, expected one of {expectation.codes}"
            )
            if code == "ResourceNotFoundException" and expectation.resource_type is not None:
                assert error.response.get("resourceType") == expectation.resource_type, error.response
            tally.add(f"rejected {code}")
            return
        assert not isinstance(expectation, Rejected), f"{method}({kwargs}) succeeded: {response}"
        if isinstance(expectation, Batch):
            self._check_batch(method, kwargs, response, expectation)
        else:
            assert matches(response, expectation), (
                f"{method}({kwargs}):\n mock  {response}\n model {expectation}"
            )
        commit(response)

    @staticmethod
    def _check_batch(method: str, kwargs: Json, response: Json, expected: Batch) -> None:
        where = f"{method}({kwargs}) answered {response}"
        assert response["successfulVersions"] == expected.succeeded, f"{where}; expected {expected}"
        failed = response["failedVersions"]
        must_fail = {name for name, allowed in expected.failed.items() if ABSENT not in allowed}
        assert must_fail <= set(failed) <= set(expected.failed), f"{where}; expected {expected}"
        for name, entry in failed.items():
            assert (entry["errorCode"], entry["errorMessage"]) in expected.failed[name], f"{where}: {name}"
        tally.add("batches rejected" if failed else "batches applied")

    def _pick(self, data: st.DataObject) -> tuple[str, PackageRef, str]:
        """Mostly a stored version (so calls get past the not-found checks), else any from the pools."""
        stored = [
            (repo, ref, name)
            for repo, packages in self.model.repos.items()
            for ref, package in packages.items()
            for name in package.versions
        ]
        if stored and data.draw(st.integers(0, 3), label="stored") > 0:
            return data.draw(st.sampled_from(stored), label="stored version")
        return data.draw(st.tuples(repositories, packages, versions), label="any version")

    def _batch(self, data: st.DataObject, repo: str, ref: PackageRef) -> tuple[list[str], Optional[str]]:
        """Versions for a batch (mostly ones that exist, sometimes any from the pool, maybe repeated) and
        an expectedStatus (none, the first version's current status, or any status)."""
        package = self.model.package(repo, ref)
        existing = sorted(package.versions) if package is not None else []
        if existing and data.draw(st.integers(0, 2), label="from existing") > 0:
            batch = data.draw(st.lists(st.sampled_from(existing), min_size=1, max_size=4, unique=True))
        else:
            batch = data.draw(any_batch, label="batch")
        first = self.model.version(repo, ref, batch[0])
        mode = data.draw(st.sampled_from(["none", "current", "any"]), label="expected status")
        if mode == "current" and first is not None:
            return batch, first.status
        return batch, data.draw(maybe_status, label="expected") if mode == "any" else None

    def _revisions(
        self, data: st.DataObject, repo: str, ref: PackageRef, batch: list[str]
    ) -> Optional[dict[str, str]]:
        """versionRevisions for a batch: none, the current ones, one stale, or keys that differ."""
        mode = data.draw(revision_modes, label="revision mode")
        if mode == "none":
            return None
        current = {
            name: getattr(self.model.version(repo, ref, name), "revision", FAKE_REVISION) for name in batch
        }
        if mode == "one stale":
            stale = data.draw(st.sampled_from(sorted(set(batch))), label="stale")
            others = [v.revision for p in self.model.repos[repo].values() for v in p.versions.values()]
            current[stale] = data.draw(st.sampled_from([FAKE_REVISION, *others]), label="stale revision")
        elif mode == "keys differ":
            extra = data.draw(versions, label="extra key")
            current[extra] = FAKE_REVISION
            current.pop(data.draw(st.sampled_from(sorted(current)), label="dropped key"))
        return current

    # --- writes ----------------------------------------------------------------------------------------

    @initialize(
        seeded=st.lists(
            st.tuples(repositories, packages, versions, st.sampled_from(SEED_STATUSES)),
            min_size=3,
            max_size=12,
        )
    )
    def start_with_versions(self, seeded: list[tuple[str, PackageRef, str, str]]) -> None:
        """Most examples start with a few versions around, so that batches have something to act on."""
        for repo, ref, version, status in seeded:
            self.seed(repo, ref, version, status, {ASSET_NAMES[0]: version.encode()})

    @rule(
        repo=repositories,
        ref=packages,
        version=versions,
        status=st.sampled_from(SEED_STATUSES),
        assets=st.dictionaries(st.sampled_from(ASSET_NAMES), st.sampled_from(CONTENTS), max_size=2),
        published_time=st.none() | st.sampled_from(BACK_DATES),
    )
    def seed(
        self,
        repo: str,
        ref: PackageRef,
        version: str,
        status: str,
        assets: dict[str, bytes],
        published_time: Optional[datetime] = None,
    ) -> None:
        _count_step()
        commit = self.model.plan_seed(repo, ref, version, status, assets, published_time)
        revision = self.mock.add_package_version(
            DOMAIN,
            repo,
            ref.fmt,
            ref.name,
            version,
            namespace=ref.namespace,
            status=status,
            assets=assets,
            published_time=published_time,
        )
        commit({"revision": revision})
        if published_time is not None:  # back-dated: DescribePackageVersion must show that very time
            self.published_times[(repo, ref, version)] = published_time

    @rule(
        repo=repositories,
        ref=st.sampled_from(GENERIC) | packages,
        version=versions,
        asset=st.sampled_from(ASSET_NAMES),
        content=st.sampled_from(CONTENTS),
        unfinished=st.booleans(),
        bad_hash=st.integers(0, 9),
    )
    def publish(
        self,
        repo: str,
        ref: PackageRef,
        version: str,
        asset: str,
        content: bytes,
        unfinished: bool,
        bad_hash: int,
    ) -> None:
        _count_step()
        sha256 = hashlib.sha256(content + (b"!" if bad_hash == 0 else b"")).hexdigest()
        expectation, commit = self.model.plan_publish(repo, ref, version, asset, content, sha256, unfinished)
        kwargs: Json = dict(domain=DOMAIN, repository=repo, **ref.coordinates(), packageVersion=version)
        kwargs.update(assetName=asset, assetContent=content, assetSHA256=sha256, unfinished=unfinished)
        self._call("publish_package_version", expectation, commit, **kwargs)

    @rule(data=st.data(), target_status=st.sampled_from(STATUSES))
    def update_status(self, data: st.DataObject, target_status: str) -> None:
        _count_step()
        repo, ref, _version = self._pick(data)
        batch, expected = self._batch(data, repo, ref)
        revisions = self._revisions(data, repo, ref, batch)
        expectation, commit = self.model.plan_batch(
            UPDATE, repo, ref, batch, target=target_status, expected=expected, revisions=revisions
        )
        kwargs = self._batch_arguments(repo, ref, batch, expected, revisions)
        self._call(
            "update_package_versions_status", expectation, commit, targetStatus=target_status, **kwargs
        )

    @rule(data=st.data())
    def dispose(self, data: st.DataObject) -> None:
        _count_step()
        repo, ref, _version = self._pick(data)
        batch, expected = self._batch(data, repo, ref)
        revisions = self._revisions(data, repo, ref, batch)
        expectation, commit = self.model.plan_batch(
            DISPOSE, repo, ref, batch, expected=expected, revisions=revisions
        )
        kwargs = self._batch_arguments(repo, ref, batch, expected, revisions)
        self._call("dispose_package_versions", expectation, commit, **kwargs)

    @rule(data=st.data())
    def delete_versions(self, data: st.DataObject) -> None:
        _count_step()
        repo, ref, _version = self._pick(data)
        batch, expected = self._batch(data, repo, ref)
        expectation, commit = self.model.plan_batch(DELETE, repo, ref, batch, expected=expected)
        kwargs = self._batch_arguments(repo, ref, batch, expected, None)
        self._call("delete_package_versions", expectation, commit, **kwargs)
        for name in batch:
            if self.model.version(repo, ref, name) is None:
                self.published_times.pop((repo, ref, name), None)  # may be published anew

    @rule(repo=repositories, ref=packages)
    def delete_package(self, repo: str, ref: PackageRef) -> None:
        _count_step()
        expectation, commit = self.model.plan_delete_package(repo, ref)
        self._call("delete_package", expectation, commit, domain=DOMAIN, repository=repo, **ref.coordinates())
        if self.model.package(repo, ref) is None:
            for key in [key for key in self.published_times if key[:2] == (repo, ref)]:
                del self.published_times[key]

    @rule(
        data=st.data(),
        by_revision=st.sampled_from(["versions", "versions", "revisions", "both", "neither"]),
        allow_overwrite=st.booleans(),
    )
    def copy(
        self,
        data: st.DataObject,
        by_revision: str,
        allow_overwrite: bool,
    ) -> None:
        _count_step()
        source, ref, _version = self._pick(data)
        batch, _expected = self._batch(data, source, ref)
        destination = next(name for name in REPOSITORIES if name != source)
        revisions = None
        if by_revision in ("revisions", "both"):
            revisions = self._revisions(data, source, ref, batch) or {
                name: getattr(self.model.version(source, ref, name), "revision", FAKE_REVISION)
                for name in batch
            }
        listed = None if by_revision in ("revisions", "neither") else batch
        expectation, commit = self.model.plan_copy(
            source, destination, ref, listed, revisions, allow_overwrite
        )
        kwargs: Json = dict(domain=DOMAIN, sourceRepository=source, destinationRepository=destination)
        kwargs.update(ref.coordinates(), allowOverwrite=allow_overwrite)
        if listed is not None:
            kwargs["versions"] = listed
        if revisions is not None:
            kwargs["versionRevisions"] = revisions
        self._call("copy_package_versions", expectation, commit, **kwargs)
        if isinstance(expectation, Batch) and not expectation.failed:
            for name in expectation.succeeded:  # a copy brings the source's publishedTime along
                published = self.published_times.get((source, ref, name))
                if published is None:
                    self.published_times.pop((destination, ref, name), None)
                else:
                    self.published_times[(destination, ref, name)] = published

    @staticmethod
    def _batch_arguments(
        repo: str,
        ref: PackageRef,
        batch: list[str],
        expected: Optional[str],
        revisions: Optional[dict[str, str]],
    ) -> Json:
        kwargs: Json = dict(domain=DOMAIN, repository=repo, **ref.coordinates(), versions=batch)
        if expected is not None:
            kwargs["expectedStatus"] = expected
        if revisions is not None:
            kwargs["versionRevisions"] = revisions
        return kwargs

    # --- reads -----------------------------------------------------------------------------------------

    @rule(
        data=st.data(),
        status=maybe_status,
        newest_first=st.booleans(),
        page_size=st.integers(1, 4) | st.none(),
    )
    def list_versions(
        self, data: st.DataObject, status: Optional[str], newest_first: bool, page_size: Optional[int]
    ) -> None:
        _count_step()
        repo, ref, _version = self._pick(data)
        kwargs: Json = dict(domain=DOMAIN, repository=repo, **ref.coordinates())
        if status is not None:
            kwargs["status"] = status
        if newest_first:
            kwargs["sortBy"] = "PUBLISHED_TIME"
        if page_size is not None:
            kwargs["maxResults"] = page_size
        if self.model.package(repo, ref) is None:
            self._call(
                "list_package_versions",
                Rejected(frozenset({"ResourceNotFoundException"}), "package"),
                _ignore,
                **kwargs,
            )
            return
        listed: list[Json] = []
        token: Optional[str] = None
        while True:
            page = self.client.list_package_versions(
                **kwargs, **({} if token is None else {"nextToken": token})
            )
            tally.add("calls")
            assert (
                page["format"] == ref.fmt
                and page["package"] == ref.name
                and page.get("namespace") == ref.namespace
            )
            assert page.get("defaultDisplayVersion") == self.model.default_display_version(repo, ref), page
            assert page_size is None or len(page["versions"]) <= page_size
            listed.extend(page["versions"])
            token = page.get("nextToken")
            if token is None:
                break
            assert page["versions"], "an empty page must be the last one"
        tally.add("listings compared")
        assert listed == self.model.listed_versions(repo, ref, status, newest_first), (
            f"ListPackageVersions {kwargs}:\n mock  {listed}\n model "
            f"{self.model.listed_versions(repo, ref, status, newest_first)}"
        )

    @rule(data=st.data())
    def describe_version(self, data: st.DataObject) -> None:
        _count_step()
        repo, ref, version = self._pick(data)
        kwargs: Json = dict(domain=DOMAIN, repository=repo, **ref.coordinates(), packageVersion=version)
        current = self.model.version(repo, ref, version)
        if current is None:
            kind = "package" if self.model.package(repo, ref) is None else "package-version"
            self._call(
                "describe_package_version",
                Rejected(frozenset({"ResourceNotFoundException"}), kind),
                _ignore,
                **kwargs,
            )
            return
        tally.add("calls")
        described = self.client.describe_package_version(**kwargs)["packageVersion"]
        expected: Json = {"format": ref.fmt, "packageName": ref.name, "version": version}
        expected.update(revision=current.revision, status=current.status, origin=origin(current.origin))
        if ref.namespace is not None:
            expected["namespace"] = ref.namespace
        if ref.display_name() is not None:
            expected["displayName"] = ref.display_name()
        assert {key: described.get(key) for key in expected} == expected, described
        # publishedTime is set once: status changes and re-seeding keep it (a copy brings the source's).
        first = self.published_times.setdefault((repo, ref, version), described["publishedTime"])
        assert described["publishedTime"] == first, described

    @rule(data=st.data(), page_size=st.integers(1, 2) | st.none())
    def list_assets(self, data: st.DataObject, page_size: Optional[int]) -> None:
        _count_step()
        repo, ref, version = self._pick(data)
        kwargs: Json = dict(domain=DOMAIN, repository=repo, **ref.coordinates(), packageVersion=version)
        if page_size is not None:
            kwargs["maxResults"] = page_size
        current = self.model.version(repo, ref, version)
        if current is None:
            self._call(
                "list_package_version_assets",
                Rejected(frozenset({"ResourceNotFoundException"})),
                _ignore,
                **kwargs,
            )
            return
        assets: list[Json] = []
        token: Optional[str] = None
        while True:
            page = self.client.list_package_version_assets(
                **kwargs, **({} if token is None else {"nextToken": token})
            )
            tally.add("calls")
            assert page["versionRevision"] == current.revision, page
            assets.extend(page["assets"])
            token = page.get("nextToken")
            if token is None:
                break
        assert assets == [asset_entry(name, content) for name, content in current.assets.items()], assets

    @rule(data=st.data(), asset=st.sampled_from(ASSET_NAMES))
    def get_asset(self, data: st.DataObject, asset: str) -> None:
        """Spec section 13: Published and Unlisted assets download; Archived and Unfinished ones are a
        ConflictException; a Disposed version's assets are gone (ResourceNotFoundException, asset)."""
        _count_step()
        repo, ref, version = self._pick(data)
        kwargs: Json = dict(domain=DOMAIN, repository=repo, **ref.coordinates(), packageVersion=version)
        current = self.model.version(repo, ref, version)
        if current is None or asset not in current.assets:
            kind = None if current is None else "asset"
            missing = Rejected(frozenset({"ResourceNotFoundException"}), kind)
            self._call("get_package_version_asset", missing, _ignore, asset=asset, **kwargs)
            return
        if current.status in ("Archived", "Unfinished"):
            conflict = Rejected(frozenset({"ConflictException"}))
            self._call("get_package_version_asset", conflict, _ignore, asset=asset, **kwargs)
            return
        tally.add("calls")
        response = self.client.get_package_version_asset(asset=asset, **kwargs)
        assert response["asset"].read() == current.assets[asset]
        assert (response["assetName"], response["packageVersion"]) == (asset, version), response
        assert response["packageVersionRevision"] == current.revision, response

    @rule(repo=repositories)
    def list_packages(self, repo: str) -> None:
        _count_step()
        tally.add("calls")
        listed = self.client.list_packages(domain=DOMAIN, repository=repo, maxResults=1000)["packages"]
        found = sorted((p["format"], p.get("namespace") or "", p["package"]) for p in listed)
        expected = sorted((ref.fmt, ref.namespace or "", ref.name) for ref in self.model.repos[repo])
        assert found == expected, f"ListPackages {repo}: mock {found}, model {expected}"

    @invariant()
    def storage_adds_up(self) -> None:
        tally.add("calls")
        size = self.client.describe_domain(domain=DOMAIN)["domain"]["assetSizeBytes"]
        assert size == self.model.asset_bytes(), (
            f"assetSizeBytes {size}, assets hold {self.model.asset_bytes()}"
        )


def _count_step() -> None:
    """Count one step, and one of the rule that calls this (for the campaign's statistics)."""
    tally.add("steps")
    tally.add(f"rule {sys._getframe(1).f_code.co_name}")


def _ignore(_response: Json) -> None:
    return None


def test_the_mock_agrees_with_the_reference_model() -> None:
    run_state_machine_as_test(CodeArtifactMachine, settings=budget(max_examples=60, stateful_step_count=40))
