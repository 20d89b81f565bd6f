"""Cost per call of the mock, against botocore's own floor, as ratios measured in one interleaved run.

The floor is what any in-process mock answering at ``before-send`` must pay: the same client, unsigned, whose
``before-send`` handler returns a canned response. The mock's extra cost is parsing, validation, the backend
and serialization. Run ``python benchmarks/bench.py`` (``--quick`` for a smoke run).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any, Callable

import boto3
import botocore
from botocore.awsrequest import AWSResponse

from codeartifact_mock import mock_codeartifact
from codeartifact_mock.interception import HANDLERS, RawBody

PACKAGE = {"domain": "bench", "repository": "repo", "format": "npm", "package": "pkg"}


def _floor_client(body: dict[str, Any]) -> Any:
    """An unsigned client whose requests are answered with ``body`` by a canned ``before-send`` handler."""
    client = boto3.client("codeartifact", region_name="us-east-1")
    for event, handler, _ in HANDLERS:  # the floor must not pay for the mock's own handlers
        client.meta.events.unregister(event, handler)
    payload = json.dumps(body).encode()

    def canned(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, 200, {"Content-Type": "application/json"}, RawBody(payload))

    client.meta.events.register_first("before-send.codeartifact", canned)
    client.meta.events.register_first("choose-signer.codeartifact", lambda **_: botocore.UNSIGNED)
    return client


def _median_us(samples: list[float]) -> str:
    quartiles = statistics.quantiles(samples, n=4)
    return (
        f"{statistics.median(samples) * 1e6:8.1f} µs (IQR {quartiles[0] * 1e6:.1f}-{quartiles[2] * 1e6:.1f})"
    )


def _interleave(variants: dict[str, Callable[[], object]], rounds: int, calls: int) -> dict[str, list[float]]:
    """Median-friendly timings: each round times ``calls`` calls of every variant, in turn."""
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, call in variants.items():
            start = time.perf_counter()
            for _ in range(calls):
                call()
            samples[name].append((time.perf_counter() - start) / calls)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="few rounds: a smoke run, not a measurement")
    args = parser.parse_args()
    rounds, calls = (5, 20) if args.quick else (30, 100)
    sizes = (10, 1_000, 10_000) if args.quick else (10, 1_000, 100_000)

    with mock_codeartifact() as ca:
        client = boto3.client("codeartifact", region_name="us-east-1")
        variants: dict[str, Callable[[], object]] = {}
        for size in sizes:
            package = dict(PACKAGE, package=f"pkg-{size}")
            for number in range(size):
                ca.add_package_version("bench", "repo", "npm", package["package"], f"1.0.{number}")
            toggle = iter(["Unlisted", "Published"] * (rounds * calls + 1))  # a real change on every call

            def update(package: dict[str, str] = package, toggle: Any = toggle) -> object:
                return client.update_package_versions_status(
                    **package, versions=["1.0.0"], targetStatus=next(toggle)
                )

            def first_page(package: dict[str, str] = package) -> object:
                return client.list_package_versions(**package, maxResults=50)

            variants[f"mock update, {size} versions"] = update
            variants[f"mock list page, {size} versions"] = first_page

        update_body = {
            "successfulVersions": {"1.0.0": {"revision": "x" * 44, "status": "Unlisted"}},
            "failedVersions": {},
        }
        floor_update = _floor_client(update_body)
        variants["floor update"] = lambda: floor_update.update_package_versions_status(
            **PACKAGE, versions=["1.0.0"], targetStatus="Unlisted"
        )
        # The list floor answers with the very page the mock gives, so both parse the same response.
        page = client.list_package_versions(**dict(PACKAGE, package=f"pkg-{sizes[-1]}"), maxResults=50)
        page.pop("ResponseMetadata")
        floor_list = _floor_client(json.loads(json.dumps(page, default=str)))
        variants["floor list page"] = lambda: floor_list.list_package_versions(**PACKAGE, maxResults=50)
        samples = _interleave(variants, rounds, calls)

    floors = {kind: statistics.median(samples[f"floor {kind}"]) for kind in ("update", "list page")}
    print(f"{'variant':38} {'median per call':>40}  ratio to its floor")
    for name, values in samples.items():
        floor = floors["update"] if "update" in name else floors["list page"]
        short_page = name == f"mock list page, {sizes[0]} versions"  # fewer than 50: not the floor's page
        ratio = "    -" if short_page else f"{statistics.median(values) / floor:5.2f}"
        print(f"{name:38} {_median_us(values):>40}  {ratio}")
    smallest, largest = sizes[0], sizes[-1]
    growth = statistics.median(samples[f"mock update, {largest} versions"]) / statistics.median(
        samples[f"mock update, {smallest} versions"]
    )
    print(f"update cost with {largest} versions / with {smallest} versions: {growth:.2f}")
    full_page = sizes[1]  # the smallest size that fills a 50-version page
    page_growth = statistics.median(samples[f"mock list page, {largest} versions"]) / statistics.median(
        samples[f"mock list page, {full_page} versions"]
    )
    print(f"first-page cost with {largest} versions / with {full_page} versions: {page_growth:.2f}")


if __name__ == "__main__":
    main()
