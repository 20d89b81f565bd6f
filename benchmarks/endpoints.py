"""The repository endpoints' cost, measured interleaved in one run (prints ratios, asserts nothing).

1. A PEP 503 page and a file through ``ca.serve()``'s server vs Python's ``http.server`` serving the same
   bytes from disk, each over one keep-alive connection (the issue's bound: 1.3x).
2. The same through ``requests`` in process (``responses``) vs a ``responses`` callback returning them canned.
3. A page for 10, 100 and 1,000 versions: the time per version should stay flat (O(page size)).
4. npm: the packument of a package with 1,000 versions (full and abbreviated) and a tarball through the
   server vs ``http.server`` serving the same bytes (the issue's bound: 1.3x), and the first packument after a
   change (what the cache saves).

    python benchmarks/endpoints.py [--rounds N]
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import statistics
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

import boto3
import requests
import responses

from codeartifact_mock import mock_codeartifact
from codeartifact_mock.endpoints.in_process import answer_in

OWNER = "123456789012"
AWS = f"https://acme-{OWNER}.d.codeartifact.us-east-1.amazonaws.com/pypi/releases/"


def _timed(function: Callable[[], Any], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - start) / repeat


def _interleaved(a: Callable[[], Any], b: Callable[[], Any], rounds: int, repeat: int) -> tuple[float, float]:
    """Median seconds per call of a and b, and the median of the rounds' ratios a/b."""
    times_a, ratios = [], []
    for _ in range(rounds):
        time_a, time_b = _timed(a, repeat), _timed(b, repeat)
        times_a.append(time_a)
        ratios.append(time_a / time_b)
    return statistics.median(times_a), statistics.median(ratios)


def _getter(host: str, port: int, headers: dict[str, str]) -> Callable[[str], bytes]:
    connection = http.client.HTTPConnection(host, port)  # one keep-alive connection

    def get(path: str) -> bytes:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        assert response.status == 200, (path, response.status)
        return body

    return get


class _Quiet(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the mock's server
    # Headers and body go out in separate writes: without TCP_NODELAY the body waits ~40 ms for the
    # client's delayed ACK, which measures the kernel, not the server (the mock's server sets it too).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


def _npm(ca: Any, server: Any, ours: Callable[[str], bytes], rounds: int, repeat: int) -> None:
    """Part 4: a packument of 1,000 versions and a tarball, against the same bytes from disk."""
    for number in range(1000):
        ca.add_package_version("acme", "releases", "npm", "big", f"1.0.{number}")
    prefix = f"/npm/d/acme-{OWNER}/releases/"
    connection_headers = {"Accept": "application/vnd.npm.install-v1+json"}
    full, tarball = ours(prefix + "big"), ours(prefix + "big/-/big-1.0.7.tgz")
    abbreviated_get = _getter("127.0.0.1", server.port, {**_HEADERS, **connection_headers})
    abbreviated = abbreviated_get(prefix + "big")
    with tempfile.TemporaryDirectory() as root:
        for name, body in (("full.json", full), ("corgi.json", abbreviated), ("big.tgz", tarball)):
            (Path(root) / name).write_bytes(body)
        disk = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=root))
        threading.Thread(target=disk.serve_forever, daemon=True).start()
        theirs = _getter("127.0.0.1", disk.server_address[1], {})
        for label, get, path, disk_path in (
            (f"npm packument, 1,000 versions ({len(full) // 1024} KiB)", ours, prefix + "big", "/full.json"),
            (
                f"npm abbreviated packument ({len(abbreviated) // 1024} KiB)",
                abbreviated_get,
                prefix + "big",
                "/corgi.json",
            ),
            ("npm tarball", ours, prefix + "big/-/big-1.0.7.tgz", "/big.tgz"),
        ):
            seconds, ratio = _interleaved(partial(get, path), partial(theirs, disk_path), rounds, repeat)
            print(f"server {label}: {seconds * 1e6:7.1f} us, {ratio:.2f}x http.server from disk")
        disk.shutdown()

    def changed_then_read() -> None:
        ca.add_package_version("acme", "releases", "npm", "big", f"2.0.{next(_fresh)}")
        ours(prefix + "big")

    seconds = statistics.median(_timed(changed_then_read, 5) for _ in range(rounds))
    print(f"npm packument of 1,000+ versions after a change (made again): {seconds * 1e3:7.2f} ms")


_HEADERS: dict[str, str] = {}
_fresh = itertools.count()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=200)
    options = parser.parse_args()
    with mock_codeartifact() as ca, ca.serve() as server:
        client = boto3.client("codeartifact", region_name="us-east-1")
        for number in range(20):
            ca.add_package_version("acme", "releases", "pypi", "tool", f"1.{number}")
        token = client.get_authorization_token(domain="acme")["authorizationToken"]
        prefix = f"/pypi/d/acme-{OWNER}/releases/simple/tool/"
        _HEADERS["Authorization"] = f"Bearer {token}"
        ours = _getter("127.0.0.1", server.port, dict(_HEADERS))
        page, file = ours(prefix), ours(prefix + "1.0/tool-1.0.tar.gz")

        with tempfile.TemporaryDirectory() as root:
            (Path(root) / "page.html").write_bytes(page)
            (Path(root) / "file.tar.gz").write_bytes(file)
            handler = partial(_Quiet, directory=root)
            disk = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=disk.serve_forever, daemon=True).start()
            theirs = _getter("127.0.0.1", disk.server_address[1], {})
            for label, path, disk_path in (
                ("page", prefix, "/page.html"),
                ("file", prefix + "1.0/tool-1.0.tar.gz", "/file.tar.gz"),
            ):
                seconds, ratio = _interleaved(
                    partial(ours, path), partial(theirs, disk_path), options.rounds, options.repeat
                )
                print(f"server {label}: {seconds * 1e6:7.1f} us, {ratio:.2f}x http.server from disk")
            disk.shutdown()

        session = requests.Session()
        session.auth = ("aws", token)
        in_process = partial(session.get, AWS + "simple/tool/")
        with responses.RequestsMock(assert_all_requests_are_fired=False) as canned:
            answer_in(canned)  # a responses mock started inside the CodeArtifact mock takes over every URL
            canned.add_callback(
                "GET", "https://canned.invalid/page", callback=lambda request: (200, {}, page)
            )
            seconds, ratio = _interleaved(
                in_process,
                partial(session.get, "https://canned.invalid/page"),
                options.rounds,
                options.repeat,
            )
        print(f"in process page: {seconds * 1e6:7.1f} us, {ratio:.2f}x a canned responses callback")

        for count in (10, 100, 1000):
            name = f"big{count}"
            for number in range(count):
                ca.add_package_version("acme", "releases", "pypi", name, f"0.{number}")
            path = f"/pypi/d/acme-{OWNER}/releases/simple/{name}/"
            seconds = statistics.median(_timed(partial(ours, path), 20) for _ in range(options.rounds))
            per_version = seconds / count * 1e6
            print(f"page of {count:5} versions: {seconds * 1e6:9.1f} us, {per_version:.2f} us per version")

        _npm(ca, server, ours, options.rounds, options.repeat)


if __name__ == "__main__":
    main()
