"""What a call to server mode costs over a kept-alive connection, beside moto's server, in one run.

boto3 clients talk to a ``ThreadedCodeArtifactServer`` (ListDomains, and a one-version
UpdatePackageVersionsStatus that really changes the version's status) and to moto's ``ThreadedMotoServer``
answering its cheapest JSON call, DynamoDB ListTables on an empty backend. Both servers' threads and the
clients share this process, as they do in a test suite. Each call is measured twice: its wall-clock time
(what a test waits) and the process's CPU time (what the client and the server work, whatever else the host
runs). Rounds are interleaved and shuffled (see ``measure``); a ratio is the median of the rounds' ratios.
The target: per call, our server costs at most half of what moto's costs.

moto's server (werkzeug's) closes the connection after every answer, so each of its calls opens a new one:
that is what using it costs. Ours keeps the connection, as SDKs expect.

Run ``python benchmarks/bench_server.py``; ``--quick`` is a smoke run of a few seconds (few rounds: its
numbers are indicative only). The script reports PASS/MISS and always exits 0 once it has measured: CI runs
it as a smoke test, and timing noise must not fail a build.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

import boto3
from bench import Call, Target, paired_ratio, print_samples, print_targets, without_moto

from codeartifact_mock import ThreadedCodeArtifactServer

DOMAIN, REPOSITORY, PACKAGE = "bench", "repo", "pkg"
MOTO = "moto: DynamoDB ListTables"
CREDENTIALS = {"region_name": "us-east-1", "aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@dataclass(frozen=True)
class Sizes:
    rounds: int  # interleaved rounds
    calls: int  # calls per variant per round


FULL = Sizes(41, 40)
QUICK = Sizes(5, 10)


def ours(server: ThreadedCodeArtifactServer) -> dict[str, Call]:
    """The two calls to our server, on one client (one kept-alive connection)."""
    client = without_moto(boto3.client("codeartifact", endpoint_url=server.url, **CREDENTIALS))
    client.create_domain(domain=DOMAIN)
    client.create_repository(domain=DOMAIN, repository=REPOSITORY)
    server.add_package_version(DOMAIN, REPOSITORY, "npm", PACKAGE, "1.0.0")
    targets = itertools.cycle(["Archived", "Unlisted"])  # every call changes the status

    def update() -> object:
        return client.update_package_versions_status(
            domain=DOMAIN,
            repository=REPOSITORY,
            format="npm",
            package=PACKAGE,
            versions=["1.0.0"],
            targetStatus=next(targets),
        )

    update()
    return {"ours: ListDomains": client.list_domains, "ours: UpdatePackageVersions, 1 version": update}


def moto_list_tables(endpoint: str) -> Call:
    client = without_moto(boto3.client("dynamodb", endpoint_url=endpoint, **CREDENTIALS))
    client.list_tables()
    return client.list_tables  # type: ignore[no-any-return]


def measure(calls: dict[str, Call], sizes: Sizes) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Per variant, one sample per round: the median wall-clock time of its calls in that round, and the
    process's CPU time per call (client and server threads alike: all of them run in this process).

    As ``bench.interleave``, each round runs a batch of every variant, in a shuffled order. Each call is
    timed on its own and a round's wall-clock sample is their median: on a shared host, a thread waiting
    for a CPU adds milliseconds to a call now and then, and a mean would count them. CPU time is not
    affected by such waits.
    """
    wall: dict[str, list[float]] = {name: [] for name in calls}
    cpu: dict[str, list[float]] = {name: [] for name in calls}
    order = list(calls.items())
    shuffle = random.Random(0).shuffle
    for _ in range(sizes.rounds):
        shuffle(order)
        for name, call in order:
            times = []
            cpu_start = time.process_time()
            for _ in range(sizes.calls):
                start = time.perf_counter()
                call()
                times.append(time.perf_counter() - start)
            cpu[name].append((time.process_time() - cpu_start) / sizes.calls)
            wall[name].append(statistics.median(times))
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: few rounds")
    sizes = QUICK if parser.parse_args().quick else FULL
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:  # flask and flask-cors, in the test extra
        sys.exit(f"moto's server cannot start ({error}): pip install -e '.[test]'")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's server logs every request otherwise

    moto_server: Any = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto_server.start()
    try:
        with ThreadedCodeArtifactServer() as server:
            host, port = moto_server.get_host_and_port()
            calls = {**ours(server), MOTO: moto_list_tables(f"http://{host}:{port}")}
            wall, cpu = measure(calls, sizes)
    finally:
        moto_server.stop()

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average after the run (1, 5, 15 min): {load} on {os.cpu_count()} CPUs")
    rounds = f"{sizes.rounds} rounds of {sizes.calls} calls"
    print_samples(f"Wall clock per call, {rounds} (median of the rounds' medians, interquartile range)", wall)
    print_samples(
        "CPU time per call, client and server threads (median of the rounds, interquartile range)", cpu
    )
    targets = []
    for name in calls:
        if name != MOTO:
            targets.append(
                Target(f"{name} / moto, wall clock", paired_ratio(wall[name], wall[MOTO]), 0.5, "x")
            )
            targets.append(Target(f"{name} / moto, CPU time", paired_ratio(cpu[name], cpu[MOTO]), 0.5, "x"))
    print_targets(targets, sizes == QUICK)


if __name__ == "__main__":
    main()
