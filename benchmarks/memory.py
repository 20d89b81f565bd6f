"""What a long-running server holds after many requests: its memory after 1,000,000 of them.

The requests are answered in this process by the functions the server's request handler calls for each
request it has read: ``dispatch.answer`` for the API (ListPackageVersions, DescribePackageVersion, and an
UpdatePackageVersionsStatus that changes a version's status each time) and ``endpoints.answer`` for the
repository endpoints (an npm packument, a PyPI simple page and a tarball download, each with a token). Only
the sockets and HTTP parsing are left out, which keep nothing from one request to the next; so a million
requests take a minute or two rather than an hour. Every request is recorded in ``calls``, as in the server.

Measured two ways:

- the process's resident set size (``VmRSS`` in ``/proc/self/status``; the peak, ``ru_maxrss``, where
  there is no ``/proc``), after ``gc.collect()``, at checkpoints up to the last request, with the ring of
  recorded calls the server would have (``--max-calls``, default 10,000; ``none`` keeps every call, as every
  call was kept before the ring);
- with ``tracemalloc``, what one recorded call keeps: the memory traced after a sample of requests with
  every call kept, less the same with none kept (``max_calls=0``), per request.

Run ``python benchmarks/memory.py`` (1,000,000 requests), ``--requests N`` for another count; ``--quick`` is a
smoke run of 20,000 requests (a few seconds). It asserts nothing: CI runs the smoke run.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import resource
import sys
import time
import tracemalloc
from typing import Callable, Optional
from urllib.parse import urlencode

from codeartifact_mock import dispatch
from codeartifact_mock.backend import Backend, Store
from codeartifact_mock.backend.store import DEFAULT_MAX_CALLS
from codeartifact_mock.endpoints import router
from codeartifact_mock.endpoints.http import EndpointRequest
from codeartifact_mock.iam.principals import default_principal
from codeartifact_mock.server.control_api import seed_version

ACCOUNT, REGION, DOMAIN, REPOSITORY = "123456789012", "us-east-1", "bench", "repo"
CALLER = default_principal(ACCOUNT)  # the API's calls are the mock's own principal's, as with no other named
BASE = "http://127.0.0.1:5000"
Request = Callable[[], int]  # answers one request; returns its status
MiB = 1024 * 1024


def state(max_calls: Optional[int]) -> tuple[Store, str]:
    """A store with an npm and a PyPI package of a few versions each, and a token for the domain."""
    store = Store(max_calls)
    for version in ("1.0.0", "1.1.0", "2.0.0"):
        for fmt, package, asset in (
            ("npm", "pkg", "package.tgz"),
            ("pypi", "tool", f"tool-{version}.tar.gz"),
        ):
            assets = {asset: os.urandom(4096)}
            where = {"domain": DOMAIN, "repository": REPOSITORY, "format": fmt, "package": package}
            seed_version(store, ACCOUNT, {**where, "version": version, "assets": assets})
    with store.lock:
        grant = Backend(store, ACCOUNT, REGION).get_authorization_token(domain=DOMAIN)
    return store, str(grant["authorizationToken"])


def requests_of(store: Store, token: str) -> list[Request]:
    """One of each kind of request, answered as the server answers it once read."""
    npm = {"domain": DOMAIN, "repository": REPOSITORY, "format": "npm", "package": "pkg"}
    headers = {"Content-Type": "application/json"}
    statuses = itertools.cycle(["Archived", "Published"])

    def api(operation: str, path: str, query: dict[str, str], body: Callable[[], bytes]) -> Request:
        url = f"{path}?{urlencode(query)}"
        return lambda: dispatch.answer(store, CALLER, REGION, operation, url, headers, body()).status

    def endpoint(path: str) -> Request:
        address = router.path_address(path)
        assert address is not None
        prefix = f"/{address.format}/d/{address.domain}-{address.owner}/{address.repository}/"
        authorization = {"authorization": f"Bearer {token}", "accept": "application/json"}
        request = EndpointRequest("GET", path[len(prefix) :], authorization, b"", BASE + prefix)
        return lambda: router.answer(store, ACCOUNT, address, request, path).status

    def update() -> bytes:
        return f'{{"versions":["1.0.0"],"targetStatus":"{next(statuses)}"}}'.encode()

    repository = f"{DOMAIN}-{ACCOUNT}/{REPOSITORY}"
    return [
        api("ListPackageVersions", "/v1/package/versions", npm, lambda: b""),
        api("DescribePackageVersion", "/v1/package/version", {**npm, "version": "2.0.0"}, lambda: b""),
        api("UpdatePackageVersionsStatus", "/v1/package/versions/update_status", npm, update),
        endpoint(f"/npm/d/{repository}/pkg"),
        endpoint(f"/pypi/d/{repository}/simple/tool/"),
        endpoint(f"/npm/d/{repository}/pkg/-/pkg-2.0.0.tgz"),
    ]


def rss() -> tuple[float, str]:
    """The resident set size now, in MiB (``VmRSS``), or the peak where there is no ``/proc``."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024, "RSS"
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (MiB if sys.platform == "darwin" else 1024), "peak RSS"


def run(requests: list[Request], count: int) -> None:
    """Answer ``count`` requests, the kinds in turn; every answer must be a success."""
    for request in itertools.islice(itertools.cycle(requests), count):
        status = request()
        assert status < 300, status


def over_time(total: int, max_calls: Optional[int]) -> None:
    """RSS at checkpoints of ``total`` requests."""
    store, token = state(max_calls)
    requests = requests_of(store, token)
    run(requests, len(requests))  # every code path once: imports, caches, the service model
    checkpoints = sorted({c for c in (1_000, 10_000, 100_000, 250_000, 500_000, total) if c <= total})
    gc.collect()
    start, kind = rss()
    ring = "every call" if max_calls is None else f"{max_calls:,}"
    print(f"{kind} after {total:,} requests answered in process, calls kept: {ring}")
    print(f"  {'requests':>10}  {kind:>10}  {'growth':>9}  {'calls kept':>10}  {'calls_total':>11}")
    done, began = 0, time.perf_counter()
    for checkpoint in [0, *checkpoints]:
        run(requests, checkpoint - done)
        done = checkpoint
        gc.collect()
        now, _ = rss()
        kept, total_calls = len(store.calls), store.calls_total
        print(f"  {done:>10,}  {now:>6.1f} MiB  {now - start:>5.1f} MiB  {kept:>10,}  {total_calls:>11,}")
    elapsed = time.perf_counter() - began
    print(f"  ({elapsed:.0f} s, {elapsed / total * 1e6:.0f} µs per request)")


def traced_after(max_calls: Optional[int], count: int) -> int:
    """The memory tracemalloc traces after ``count`` requests on a new state (tracing from the start)."""
    tracemalloc.start()
    store, token = state(max_calls)
    run(requests_of(store, token), count)
    gc.collect()
    traced = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return traced


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--requests", type=int, default=1_000_000, help="requests to answer (default 1,000,000)"
    )
    parser.add_argument(
        "--max-calls",
        type=lambda text: None if text == "none" else int(text),
        default=DEFAULT_MAX_CALLS,
        help="recorded calls kept ('none': every one; default %(default)s)",
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: 20,000 requests")
    options = parser.parse_args()
    total = 20_000 if options.quick else options.requests
    sample = 2_000 if options.quick else 20_000
    print(f"Python {sys.version.split()[0]}, {sys.platform}")
    over_time(total, options.max_calls)
    per_call = (traced_after(None, sample) - traced_after(0, sample)) / sample
    print(
        f"One recorded call keeps {per_call:.0f} bytes (tracemalloc, {sample:,} requests with every call kept"
        f" less none kept): {per_call * DEFAULT_MAX_CALLS / MiB:.1f} MiB for a full ring of"
        f" {DEFAULT_MAX_CALLS:,}, {per_call * 1_000_000 / MiB:,.0f} MiB per million calls kept"
    )


if __name__ == "__main__":
    main()
