"""Batches from many threads at once: every batch is applied whole or not at all, and nobody sees half of one.

Each call carries ``expectedStatus``, so each successful batch is a set of edges expected -> result in the
versions' status graphs. Whatever order the mock serialised the calls in, those edges must form, for every
version, a walk from its seeded status to its final one: a lost, doubled or half-applied batch breaks that.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from typing import Any, Callable, Optional

import boto3
from helpers_status import (
    DELETE,
    DISPOSE,
    OPERATIONS,
    UPDATE,
    call,
    coordinates,
    domain_asset_bytes,
    seed,
    version_states,
)
from helpers_threads import run_threads

from codeartifact_mock import CodeArtifactMock

THREADS = 8
CHALK = coordinates("chalk")
LIVE = ("Published", "Unlisted", "Archived")
RESULT = {DISPOSE: "Disposed", DELETE: "Deleted"}


def new_client() -> Any:
    return boto3.client("codeartifact", region_name="us-east-1")


def race(clients: list[Any], attempt: Callable[[int, Any], dict[str, Any]]) -> list[dict[str, Any]]:
    """Let every client make ``attempt(index, client)`` at the same moment; return the responses in order."""
    barrier = threading.Barrier(len(clients))
    responses: list[Optional[dict[str, Any]]] = [None] * len(clients)

    def work(index: int, worker: Any) -> None:
        barrier.wait(timeout=10)
        responses[index] = attempt(index, worker)

    assert run_threads(work, clients) == []
    assert all(response is not None for response in responses)
    return [response for response in responses if response is not None]


def test_random_batches_are_all_or_nothing(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    versions = [f"1.0.{i}" for i in range(24)]
    revisions = seed(codeartifact_mock, "chalk", versions)
    clients = [new_client() for _ in range(THREADS)]
    log: list[tuple[str, list[str], str, str, dict[str, Any]]] = []
    log_lock = threading.Lock()

    def work(index: int, worker: Any) -> None:
        rng = random.Random(index)
        for _ in range(40):
            batch = rng.sample(versions, rng.randint(1, 3))
            seen = version_states(
                worker, CHALK
            )  # may be stale by the time the batch lands: that is the point
            first = seen.get(batch[0])
            expected = first[0] if first is not None else rng.choice([*LIVE, "Disposed"])
            operation = rng.choices(OPERATIONS, weights=[6, 2, 1])[0]
            target = rng.choice(LIVE)
            with_revisions: Optional[dict[str, str]] = None
            if operation != DELETE and rng.random() < 0.3:
                with_revisions = {v: revisions[v] for v in batch}
            response = call(
                worker, operation, CHALK, batch, target=target, expected=expected, revisions=with_revisions
            )
            result = target if operation == UPDATE else RESULT[operation]
            with log_lock:
                log.append((operation, batch, expected, result, response))

    errors = run_threads(work, clients)

    assert errors == []
    assert len(log) == THREADS * 40
    edges: dict[str, Counter[tuple[str, str]]] = {v: Counter() for v in versions}
    outcomes: Counter[str] = Counter()
    for operation, batch, expected, result, response in log:
        succeeded, failures = response["successfulVersions"], response["failedVersions"]
        if failures:
            outcomes["rejected"] += 1
            assert succeeded == {}, f"half-applied {operation}: {response}"
            assert set(failures) == set(batch)
            codes = {entry["errorCode"] for entry in failures.values()}
            assert codes - {"SKIPPED"}, f"a rejected batch needs a reason: {response}"
            assert codes <= {
                "SKIPPED",
                "NOT_FOUND",
                "MISMATCHED_STATUS",
                "MISMATCHED_REVISION",
                "NOT_ALLOWED",
            }
            assert "MISMATCHED_REVISION" not in codes, "revisions never change, so they always match"
        else:
            outcomes["applied"] += 1
            assert succeeded == {v: {"revision": revisions[v], "status": result} for v in batch}, response
            for version in batch:
                edges[version][(expected, result)] += 1
    assert outcomes["applied"] > 20
    assert outcomes["rejected"] > 20

    final = version_states(client, CHALK)
    for version in versions:
        end = final[version][0] if version in final else "Deleted"
        if version in final:
            assert final[version][1] == revisions[version]
        balance: Counter[str] = Counter()
        for (source, sink), count in edges[version].items():
            balance[source] += count
            balance[sink] -= count
            assert source != "Deleted", f"{version}: a deleted version was acted on"
            if source == "Disposed":
                assert sink in ("Disposed", "Deleted"), f"{version}: left Disposed for {sink}"
        balance["Published"] -= 1
        balance[end] += 1
        assert +balance == Counter() and -balance == Counter(), (
            f"{version}: successful batches {dict(edges[version])} do not lead from Published to {end}"
        )

    # Assets: disposed and deleted versions hold none, every other version still has its own.
    held = 0
    for version, (status, _revision) in final.items():
        assets = client.list_package_version_assets(**CHALK, packageVersion=version)["assets"]
        if status == "Disposed":
            assert assets == []
        else:
            assert [a["name"] for a in assets] == ["package.tgz"]
            held += sum(a["size"] for a in assets)
    assert domain_asset_bytes(client) == held


def test_conflicting_batches_have_exactly_one_winner(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    versions = [f"2.0.{i}" for i in range(6)]
    revisions = seed(codeartifact_mock, "chalk", versions)
    clients = [new_client() for _ in range(THREADS)]
    current = "Published"

    for round_number in range(12):
        targets = [s for s in LIVE if s != current]

        def attempt(
            index: int, worker: Any, expected: str = current, targets: list[str] = targets
        ) -> dict[str, Any]:
            batch = versions[index % 3 :] + versions[: index % 3]  # same set, different order
            return call(worker, UPDATE, CHALK, batch, target=targets[index % len(targets)], expected=expected)

        responses = race(clients, attempt)
        winners = [i for i, r in enumerate(responses) if r["failedVersions"] == {}]
        assert len(winners) == 1, f"round {round_number}: {len(winners)} batches won from {current}"
        winner_target = targets[winners[0] % len(targets)]
        for index, response in enumerate(responses):
            if index in winners:
                assert response["successfulVersions"] == {
                    v: {"revision": revisions[v], "status": winner_target} for v in versions
                }
                continue
            assert response["successfulVersions"] == {}
            # Every loser saw the winner's batch whole: all six versions already in the winner's status.
            assert response["failedVersions"] == {
                v: {
                    "errorCode": "MISMATCHED_STATUS",
                    "errorMessage": f"current status: {winner_target}, expected status: {current}",
                }
                for v in versions
            }
        current = winner_target
        assert version_states(client, CHALK) == {v: (current, revisions[v]) for v in versions}


def test_dispose_and_delete_race_on_the_same_versions(
    codeartifact_mock: CodeArtifactMock, client: Any
) -> None:
    """Half the threads dispose, half delete, all expecting Published: one wins, the rest are told why."""
    clients = [new_client() for _ in range(THREADS)]
    for round_number in range(6):
        batch = [f"3.{round_number}.{i}" for i in range(4)]
        revisions = seed(codeartifact_mock, "chalk", batch)

        def attempt(index: int, worker: Any, batch: list[str] = batch) -> dict[str, Any]:
            operation = DISPOSE if index % 2 else DELETE
            return call(worker, operation, CHALK, batch, expected="Published")

        responses = race(clients, attempt)
        winners = [i for i, r in enumerate(responses) if r["failedVersions"] == {}]
        assert len(winners) == 1, f"round {round_number}: {len(winners)} winners"
        winner_disposed = winners[0] % 2 == 1
        for index, response in enumerate(responses):
            if index in winners:
                status = "Disposed" if winner_disposed else "Deleted"
                assert response["successfulVersions"] == {
                    v: {"revision": revisions[v], "status": status} for v in batch
                }
            elif winner_disposed:
                assert {e["errorCode"] for e in response["failedVersions"].values()} == {"MISMATCHED_STATUS"}
            else:
                assert {e["errorCode"] for e in response["failedVersions"].values()} == {"NOT_FOUND"}
        states = version_states(client, CHALK)
        for version in batch:
            if winner_disposed:
                assert states[version] == ("Disposed", revisions[version])
            else:
                assert version not in states


def test_readers_never_see_half_a_batch(codeartifact_mock: CodeArtifactMock, client: Any) -> None:
    """Writers move ten versions together; readers listing meanwhile always see the ten in one status."""
    versions = [f"4.0.{i}" for i in range(10)]
    seed(codeartifact_mock, "chalk", versions)
    clients = [new_client() for _ in range(THREADS)]
    observed: list[int] = [0] * THREADS

    def work(index: int, worker: Any) -> None:
        rng = random.Random(100 + index)
        for _ in range(40):
            if index % 2:  # a reader
                states = version_states(worker, CHALK)
                statuses = {states[v][0] for v in versions}
                assert len(statuses) == 1, f"saw half a batch: {statuses}"
                observed[index] += 1
            else:  # a writer, moving all ten at once from whatever it last saw
                expected = version_states(worker, CHALK)[versions[0]][0]
                call(
                    worker,
                    UPDATE,
                    CHALK,
                    rng.sample(versions, 10),
                    target=rng.choice(LIVE),
                    expected=expected,
                )

    assert run_threads(work, clients) == []
    assert sum(observed) == (THREADS // 2) * 40
    assert len({status for status, _ in version_states(client, CHALK).values()}) == 1
