"""Many threads calling every kind of operation at once on shared packages keep every invariant.

``test_status_threads.py`` covers the three status batches racing each other. Here every operation the mock
implements is in the mix (repositories created and deleted, seeding, publishing, status batches, copies,
paginated listings, describes, asset reads, tags), with the interpreter switching threads as often as it can:

- no call raises anything but a modeled 4xx ClientError, and no thread dies (``threading.excepthook`` too),
  so no ``dictionary changed size during iteration`` anywhere;
- every batch (Update, Dispose, Delete, Copy) is all or nothing, and a reader never sees half of one;
- N threads doing read-then-update with expectedStatus and versionRevisions lose no update;
- at rest, DescribeDomain's assetSizeBytes and repositoryCount equal what the listings add up to.
"""

from __future__ import annotations

import hashlib
import random
import threading
from collections import Counter
from typing import Any, Callable, Optional

import boto3
from botocore.exceptions import ClientError
from helpers_threads import run_threads

from codeartifact_mock import CodeArtifactMock

THREADS = 12
ROUNDS = 40
DOMAIN = "busy"
SHARED = ("repo-a", "repo-b")
SCRATCH = ("tmp-0", "tmp-1", "tmp-2")  # created and deleted by several threads at once
POOL = [f"1.0.{i}" for i in range(8)]
LIVE = ("Published", "Unlisted", "Archived")
CLI = {"format": "generic", "namespace": "tools", "package": "cli"}
CHALK = {"format": "npm", "package": "chalk"}
EXPECTED_ERRORS = {"ResourceNotFoundException", "ConflictException"}


def new_client() -> Any:
    return boto3.client("codeartifact", region_name="us-east-1")


def pages(call: Callable[..., dict[str, Any]], key: str, **kwargs: Any) -> list[Any]:
    """Every item of a paginated listing, one small page at a time."""
    items: list[Any] = []
    token: Optional[str] = None
    while True:
        page = call(**kwargs, **({} if token is None else {"nextToken": token}))
        items.extend(page[key])
        token = page.get("nextToken")
        if token is None:
            return items


def check_batch(response: dict[str, Any]) -> None:
    succeeded, failed = response["successfulVersions"], response["failedVersions"]
    assert not (succeeded and failed), f"half-applied batch: {response}"
    if failed:
        codes = {entry["errorCode"] for entry in failed.values()}
        assert codes - {"SKIPPED"}, f"a rejected batch needs a reason: {response}"


class Worker:
    """One thread's random mix of operations against the shared domain."""

    def __init__(self, index: int, client: Any, ca: CodeArtifactMock, arn: str) -> None:
        self.rng = random.Random(index)
        self.client = client
        self.ca = ca
        self.arn = arn
        self.index = index
        self.calls: Counter[str] = Counter()

    def run(self) -> None:
        actions = [
            (self.seed, 3),
            (self.publish, 3),
            (self.update, 4),
            (self.dispose, 1),
            (self.delete, 1),
            (self.copy, 2),
            (self.list_versions, 3),
            (self.list_packages, 1),
            (self.list_repositories, 1),
            (self.describe, 2),
            (self.assets, 2),
            (self.scratch_repository, 1),
            (self.tags, 1),
        ]
        functions, weights = zip(*actions)
        for _ in range(ROUNDS):
            action = self.rng.choices(functions, weights)[0]
            try:
                action()
            except ClientError as error:
                code = error.response["Error"]["Code"]
                assert code in EXPECTED_ERRORS, f"{action.__name__}: {error}"
            self.calls[action.__name__] += 1

    def _repo(self) -> str:
        return self.rng.choice(SHARED)

    def _batch(self) -> list[str]:
        return self.rng.sample(POOL, self.rng.randint(1, 4))

    def seed(self) -> None:
        repo = self.rng.choice(SHARED + SCRATCH[:1])  # seeding creates the scratch repository if missing
        content = bytes(self.rng.randrange(256) for _ in range(self.rng.randint(0, 64)))
        status = self.rng.choice((*LIVE, "Unfinished", "Disposed"))
        version = self.rng.choice(POOL)
        self.ca.add_package_version(
            DOMAIN, repo, "npm", "chalk", version, status=status, assets={"a.tgz": content}
        )

    def publish(self) -> None:
        content = self.rng.choice([b"one", b"two", b"three!"])
        self.client.publish_package_version(
            domain=DOMAIN,
            repository=self._repo(),
            **CLI,
            packageVersion=self.rng.choice(POOL),
            assetName=self.rng.choice(["a.sh", "b.sh"]),
            assetContent=content,
            assetSHA256=hashlib.sha256(content).hexdigest(),
            unfinished=self.rng.random() < 0.5,
        )

    def update(self) -> None:
        kwargs: dict[str, Any] = dict(domain=DOMAIN, repository=self._repo(), **self.rng.choice([CLI, CHALK]))
        if self.rng.random() < 0.5:
            kwargs["expectedStatus"] = self.rng.choice(LIVE)
        check_batch(
            self.client.update_package_versions_status(
                **kwargs, versions=self._batch(), targetStatus=self.rng.choice(LIVE)
            )
        )

    def dispose(self) -> None:
        where = self.rng.choice([CLI, CHALK])
        check_batch(
            self.client.dispose_package_versions(
                domain=DOMAIN, repository=self._repo(), **where, versions=self._batch()
            )
        )

    def delete(self) -> None:
        where = self.rng.choice([CLI, CHALK])
        check_batch(
            self.client.delete_package_versions(
                domain=DOMAIN, repository=self._repo(), **where, versions=self._batch()
            )
        )

    def copy(self) -> None:
        source = self._repo()
        destination = SHARED[1] if source == SHARED[0] else SHARED[0]
        check_batch(
            self.client.copy_package_versions(
                domain=DOMAIN,
                sourceRepository=source,
                destinationRepository=destination,
                **self.rng.choice([CLI, CHALK]),
                versions=self._batch(),
                allowOverwrite=self.rng.random() < 0.5,
            )
        )

    def list_versions(self) -> None:
        where = self.rng.choice([CLI, CHALK])
        sort = {"sortBy": "PUBLISHED_TIME"} if self.rng.random() < 0.5 else {}
        pages(
            self.client.list_package_versions,
            "versions",
            domain=DOMAIN,
            repository=self._repo(),
            **where,
            **sort,
            maxResults=2,
        )

    def list_packages(self) -> None:
        pages(self.client.list_packages, "packages", domain=DOMAIN, repository=self._repo(), maxResults=1)

    def list_repositories(self) -> None:
        pages(self.client.list_repositories_in_domain, "repositories", domain=DOMAIN, maxResults=1)
        pages(self.client.list_domains, "domains", maxResults=1)

    def describe(self) -> None:
        where = self.rng.choice([CLI, CHALK])
        self.client.describe_package_version(
            domain=DOMAIN, repository=self._repo(), **where, packageVersion=self.rng.choice(POOL)
        )

    def assets(self) -> None:
        where: dict[str, Any] = dict(domain=DOMAIN, repository=self._repo(), **self.rng.choice([CLI, CHALK]))
        where["packageVersion"] = self.rng.choice(POOL)
        listed = pages(self.client.list_package_version_assets, "assets", **where, maxResults=1)
        if listed:
            self.client.get_package_version_asset(**where, asset=listed[0]["name"])["asset"].read()

    def scratch_repository(self) -> None:
        name = self.rng.choice(SCRATCH)
        if self.rng.random() < 0.5:
            self.client.create_repository(domain=DOMAIN, repository=name)
        else:
            self.client.delete_repository(domain=DOMAIN, repository=name)

    def tags(self) -> None:
        key = f"k{self.rng.randint(0, 3)}"
        if self.rng.random() < 0.5:
            self.client.tag_resource(resourceArn=self.arn, tags=[{"key": key, "value": str(self.index)}])
        else:
            self.client.untag_resource(resourceArn=self.arn, tagKeys=[key])
        self.client.list_tags_for_resource(resourceArn=self.arn)


def _set_up(ca: CodeArtifactMock, client: Any) -> str:
    arn: str = client.create_domain(domain=DOMAIN)["domain"]["arn"]
    for repo in SHARED:
        client.create_repository(domain=DOMAIN, repository=repo)
        for version in POOL[:4]:
            ca.add_package_version(DOMAIN, repo, "npm", "chalk", version)
            ca.add_package_version(
                DOMAIN, repo, "generic", "cli", version, namespace="tools", assets={"a.sh": b"x"}
            )
    return arn


def _storage_at_rest(client: Any) -> tuple[int, int]:
    """(asset bytes, repositories) as the listings add them up."""
    total = 0
    repositories = pages(client.list_repositories_in_domain, "repositories", domain=DOMAIN)
    for repo in repositories:
        where = {"domain": DOMAIN, "repository": repo["name"]}
        for package in pages(client.list_packages, "packages", **where):
            coordinates = {key: package[key] for key in ("format", "namespace", "package") if key in package}
            for version in pages(client.list_package_versions, "versions", **where, **coordinates):
                assets = pages(
                    client.list_package_version_assets,
                    "assets",
                    **where,
                    **coordinates,
                    packageVersion=version["version"],
                )
                total += sum(asset["size"] for asset in assets)
    return total, len(repositories)


def test_every_operation_at_once_keeps_every_invariant(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    arn = _set_up(codeartifact_mock, client)
    clients = [new_client() for _ in range(THREADS)]
    workers = [Worker(i, clients[i], codeartifact_mock, arn) for i in range(THREADS)]

    errors = run_threads(lambda index, _client: workers[index].run(), clients)

    assert errors == [], "".join(f"\n{type(e).__name__}: {e}" for e in errors)
    done = sum((worker.calls for worker in workers), Counter())
    assert sum(done.values()) == THREADS * ROUNDS
    assert len(done) >= 10, f"the mix should cover most operations: {done}"
    described = client.describe_domain(domain=DOMAIN)["domain"]
    assert (described["assetSizeBytes"], described["repositoryCount"]) == _storage_at_rest(client)


def test_read_then_update_loses_no_update(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """Each thread reads the status and revision, then moves the version one step round
    Published -> Unlisted -> Archived -> Published with expectedStatus and versionRevisions. Serialised, the
    successes are one walk round that cycle: two successes from the same status would be a lost update."""
    revision = codeartifact_mock.add_package_version("one", "repo", "npm", "counter", "1.0.0")
    where = {"domain": "one", "repository": "repo", "format": "npm", "package": "counter"}
    following = {"Published": "Unlisted", "Unlisted": "Archived", "Archived": "Published"}
    clients = [new_client() for _ in range(THREADS)]
    wins: list[str] = []
    lock = threading.Lock()

    def work(_index: int, worker: Any) -> None:
        for _ in range(25):
            current = worker.describe_package_version(**where, packageVersion="1.0.0")["packageVersion"][
                "status"
            ]
            response = worker.update_package_versions_status(
                **where,
                versions=["1.0.0"],
                versionRevisions={"1.0.0": revision},
                expectedStatus=current,
                targetStatus=following[current],
            )
            check_batch(response)
            if response["successfulVersions"]:
                with lock:
                    wins.append(current)
            else:
                assert response["failedVersions"]["1.0.0"]["errorCode"] == "MISMATCHED_STATUS", response

    assert run_threads(work, clients) == []
    walk: list[str] = ["Published"]
    while len(walk) < len(wins):
        walk.append(following[walk[-1]])
    assert Counter(wins) == Counter(walk[: len(wins)]), f"lost or doubled updates: {Counter(wins)}"
    final = client.describe_package_version(**where, packageVersion="1.0.0")["packageVersion"]["status"]
    assert final == (following[walk[len(wins) - 1]] if wins else "Published")
    assert len(wins) >= THREADS, "too little contention to prove anything"


def test_readers_never_see_half_a_copy(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """Writers copy six versions into repo-b in one batch and delete them again in one batch; readers
    listing repo-b meanwhile see all six or none, never some."""
    batch = [f"2.0.{i}" for i in range(6)]
    for version in batch:
        codeartifact_mock.add_package_version(DOMAIN, "repo-a", "npm", "chalk", version)
    codeartifact_mock.add_package_version(DOMAIN, "repo-b", "npm", "chalk", "0.0.1")  # the package exists
    clients = [new_client() for _ in range(THREADS)]
    seen: Counter[int] = Counter()
    lock = threading.Lock()

    def work(index: int, worker: Any) -> None:
        where = {"domain": DOMAIN, **CHALK}
        for _ in range(30):
            if index % 3 == 0:
                response = worker.copy_package_versions(
                    **where, sourceRepository="repo-a", destinationRepository="repo-b", versions=batch
                )
                check_batch(response)
            elif index % 3 == 1:
                check_batch(worker.delete_package_versions(**where, repository="repo-b", versions=batch))
            else:
                listed = pages(
                    worker.list_package_versions, "versions", **where, repository="repo-b", maxResults=1000
                )
                present = len({entry["version"] for entry in listed} & set(batch))
                assert present in (0, len(batch)), f"saw {present} of a {len(batch)}-version copy"
                with lock:
                    seen[present] += 1

    assert run_threads(work, clients) == []
    assert sum(seen.values()) == (THREADS // 3) * 30
