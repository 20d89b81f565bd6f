"""What the repository endpoints cost, measured against what serving the same bytes must cost, in one run.

1. Through the server (``ca.serve()``): a PEP 503 page and a file, each over one keep-alive connection,
   against Python's own ``http.server`` serving the same bytes from disk over one keep-alive connection
   too. The target: at most 1.3x.
2. In process (``requests`` through ``responses``): the same page and file against a ``responses`` callback
   that returns the same bytes canned. The target: at most 1.3x.
3. A page for a package of 10, 100 and 1,000 versions, made again on every request (as after any change of
   the versions: ``Package.versions_changed``) and as kept between changes. The target: the cost of each
   further version stays flat from 10 to 1,000 versions, i.e. a page costs O(its size).
4. npm: the packument of a package with 1,000 versions (full, and abbreviated as ``npm install`` asks for
   it) and a tarball through the server, against ``http.server`` serving the same bytes. The target: at most
   1.3x. Also printed: the packument made again after a change (what keeping it saves).
5. Upstreams: a page of 1,000 versions merged from a three-repository chain (``app -> mid -> base``, a
   third of the versions in each, interleaved in publish order) against the same page from one repository,
   both made again on every request. The target: at most 1.5x. And both kept, served again with nothing
   changed (the chain's validator reads the package in each of its three repositories). The target: at
   most 1.1x.
6. Cargo: the index file of a crate with 1,000 versions through the server, against the npm packument of
   1,000 versions through the server. The target: at most 1.0x (an index file costs no more than a
   packument). Also printed: the index file made again after a change.
7. Revalidation: a conditional GET (``If-None-Match`` naming the current ETag) of the npm packument of 1,000
   versions, answered 304, against the kept page of 1,000 versions of one repository (the baseline of the
   kept target of 5), through the server, each over a keep-alive connection. The target (issue 26): the 304
   costs at most what a kept page costs, 1.0x. Also printed: the 304 against the first target's kept page of
   20 versions (about the cost of any request), and the packument's 200.

The comparison server gets the setup ours has, from ``http.server``'s own settings: HTTP/1.1 (the default,
HTTP/1.0, closes the connection after every answer), ``TCP_NODELAY`` (``disable_nagle_algorithm``) and a
buffered ``wfile`` (``wbufsize``), so that it too sends each small answer in one segment. Without them it
writes the headers and the body in two pieces and the second waits for the client's delayed
acknowledgement: about 40 ms per request, for either server (see ``server_http._Handler``).

Variants are timed in interleaved, shuffled rounds (``bench.interleave``); a ratio is the median of the
rounds' ratios. Run ``python benchmarks/endpoints.py``; ``--quick`` is a smoke run of a few seconds (its
numbers are indicative only). The script reports PASS/MISS and always exits 0: CI runs it as a smoke test,
and timing noise must not fail a build.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

import boto3
import requests
import responses
from bench import Target, Variant, interleave, median, paired_ratio, print_samples, print_targets

from codeartifact_mock import activation, mock_codeartifact
from codeartifact_mock.backend.entities import Package
from codeartifact_mock.endpoints.in_process import answer_in

OWNER = "123456789012"
DOMAIN, REPOSITORY = "acme", "releases"
AWS = f"https://{DOMAIN}-{OWNER}.d.codeartifact.us-east-1.amazonaws.com/pypi/{REPOSITORY}/"
SERVER_PREFIX = f"/pypi/d/{DOMAIN}-{OWNER}/{REPOSITORY}/"
CANNED = "https://canned.invalid/"
BOUND = 1.3


@dataclass(frozen=True)
class Sizes:
    rounds: int  # interleaved rounds
    calls: int  # calls per variant per round
    page_calls: int  # the same for the pages of many versions


FULL = Sizes(21, 200, 10)
QUICK = Sizes(7, 50, 5)
VERSION_COUNTS = (10, 100, 1000)


def _getter(port: int, headers: dict[str, str], status: int = 200) -> Callable[[str], bytes]:
    """GET over one kept-alive connection, checking the status."""
    connection = http.client.HTTPConnection("127.0.0.1", port)

    def get(path: str) -> bytes:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        assert response.status == status, (path, response.status)
        return body

    return get


class _FromDisk(SimpleHTTPRequestHandler):
    """``http.server`` serving files, set up as the mock's server is (see the module's docstring)."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _from_disk(files: dict[str, bytes]) -> Iterator[Callable[[str], bytes]]:
    """``http.server`` serving ``files`` (name -> bytes) from a temporary folder; yields a keep-alive GET."""
    with tempfile.TemporaryDirectory() as root:
        for name, body in files.items():
            (Path(root) / name).write_bytes(body)
        disk = ThreadingHTTPServer(("127.0.0.1", 0), partial(_FromDisk, directory=root))
        threading.Thread(target=disk.serve_forever, daemon=True).start()
        try:
            yield _getter(disk.server_address[1], {})
        finally:
            disk.shutdown()
            disk.server_close()


def through_server(
    ours: Callable[[str], bytes], page_path: str, file_path: str, sizes: Sizes
) -> list[Target]:
    page, file = ours(page_path), ours(file_path)
    with _from_disk({"page.html": page, "file.tar.gz": file}) as theirs:
        samples = interleave(
            {
                "server: page": Variant(partial(ours, page_path)),
                "http.server: page from disk": Variant(partial(theirs, "/page.html")),
                "server: file": Variant(partial(ours, file_path)),
                "http.server: file from disk": Variant(partial(theirs, "/file.tar.gz")),
            },
            sizes.rounds,
            sizes.calls,
        )
    print_samples(f"Through the server ({len(page)} B page, {len(file)} B file), per request", samples)
    return [
        Target(
            f"server {what} / http.server from disk",
            paired_ratio(samples[f"server: {what}"], samples[f"http.server: {what} from disk"]),
            BOUND,
            "x",
        )
        for what in ("page", "file")
    ]


def in_process(token: str, page_path: str, file_path: str, sizes: Sizes) -> list[Target]:
    session = requests.Session()
    session.auth = ("aws", token)
    page, file = session.get(AWS + page_path).content, session.get(AWS + file_path).content
    with responses.RequestsMock(assert_all_requests_are_fired=False) as canned:
        answer_in(canned)  # a responses mock started inside the CodeArtifact mock takes over every URL
        canned.add_callback("GET", CANNED + "page", callback=lambda request: (200, {}, page))
        canned.add_callback("GET", CANNED + "file", callback=lambda request: (200, {}, file))
        samples = interleave(
            {
                "in process: page": Variant(partial(session.get, AWS + page_path)),
                "canned callback: page": Variant(partial(session.get, CANNED + "page")),
                "in process: file": Variant(partial(session.get, AWS + file_path)),
                "canned callback: file": Variant(partial(session.get, CANNED + "file")),
            },
            sizes.rounds,
            sizes.calls,
        )
    print_samples("In process, requests through responses, per request", samples)
    return [
        Target(
            f"in process {what} / canned responses callback",
            paired_ratio(samples[f"in process: {what}"], samples[f"canned callback: {what}"]),
            BOUND,
            "x",
        )
        for what in ("page", "file")
    ]


def _stored_package(name: str, fmt: str = "pypi", repository_name: str = REPOSITORY) -> Package:
    """The mock's stored package ``name`` of a repository, to change as a change of its versions would."""
    partition = activation.store.partition_at((OWNER, "us-east-1"))
    domain = None if partition is None else partition.domains.get(DOMAIN)
    repository = None if domain is None else domain.repositories.get(repository_name)
    package = None if repository is None else repository.packages.get((fmt, None, name))
    assert package is not None, name
    return package


def page_growth(ca: Any, ours: Callable[[str], bytes], sizes: Sizes) -> list[Target]:
    variants = {}
    for count in VERSION_COUNTS:
        name = f"big{count}"
        for number in range(count):
            ca.add_package_version(DOMAIN, REPOSITORY, "pypi", name, f"0.{number}")
        path = f"{SERVER_PREFIX}simple/{name}/"
        package = _stored_package(name)

        def made_again(package: Package = package, path: str = path) -> bytes:
            package.versions_changed()  # what every change of the versions does: the page is made anew
            return ours(path)

        variants[f"page of {count:5,} versions, made again"] = Variant(made_again)
        variants[f"page of {count:5,} versions, kept"] = Variant(partial(ours, path))
    samples = interleave(variants, sizes.rounds, sizes.page_calls)
    print_samples("A page's cost by its number of versions, through the server, per request", samples)
    made = {count: samples[f"page of {count:5,} versions, made again"] for count in VERSION_COUNTS}
    (small, middle, large) = VERSION_COUNTS
    # The cost of each further version: the difference between two sizes over the versions between them,
    # per round (its variants ran within a fraction of a second of each other), then the median.
    early = [(b - a) / (middle - small) for a, b in zip(made[small], made[middle])]
    late = [(b - a) / (large - middle) for a, b in zip(made[middle], made[large])]
    steps = f"{median(early) * 1e6:.2f} µs from {small} to {middle}, {median(late) * 1e6:.2f} µs to {large}"
    print(f"  each further version: {steps}")
    growth = paired_ratio(late, early)
    return [Target(f"per-version cost, {middle:,}-{large:,} / {small}-{middle}", growth, BOUND, "x")]


def npm_documents(ca: Any, ours: Callable[[str], bytes], port: int, token: str, sizes: Sizes) -> list[Target]:
    for number in range(1000):
        ca.add_package_version(DOMAIN, REPOSITORY, "npm", "big", f"1.0.{number}")
    prefix = f"/npm/d/{DOMAIN}-{OWNER}/{REPOSITORY}/"
    abbreviated_get = _getter(
        port, {"Authorization": f"Bearer {token}", "Accept": "application/vnd.npm.install-v1+json"}
    )
    full, abbreviated = ours(prefix + "big"), abbreviated_get(prefix + "big")
    tarball = ours(prefix + "big/-/big-1.0.7.tgz")
    package = _stored_package("big", "npm")

    def made_again() -> bytes:
        package.versions_changed()  # what every change of the versions does: the packument is made anew
        return ours(prefix + "big")

    with _from_disk({"full.json": full, "corgi.json": abbreviated, "big.tgz": tarball}) as theirs:
        samples = interleave(
            {
                "server: packument": Variant(partial(ours, prefix + "big")),
                "http.server: packument from disk": Variant(partial(theirs, "/full.json")),
                "server: abbreviated packument": Variant(partial(abbreviated_get, prefix + "big")),
                "http.server: abbreviated packument from disk": Variant(partial(theirs, "/corgi.json")),
                "server: tarball": Variant(partial(ours, prefix + "big/-/big-1.0.7.tgz")),
                "http.server: tarball from disk": Variant(partial(theirs, "/big.tgz")),
            },
            sizes.rounds,
            sizes.page_calls,
        )
    sizes_text = f"{len(full) // 1024} KiB packument, {len(abbreviated) // 1024} KiB abbreviated"
    print_samples(f"npm, a package of 1,000 versions ({sizes_text}), per request", samples)
    # Timed apart: making it again drops every kept document of the package, the abbreviated one too.
    again = interleave({"server: packument made again": Variant(made_again)}, sizes.rounds, 2)
    print_samples("npm, the packument made again after a change (what keeping it saves)", again)
    return [
        Target(
            f"npm {what} / http.server from disk",
            paired_ratio(samples[f"server: {what}"], samples[f"http.server: {what} from disk"]),
            BOUND,
            "x",
        )
        for what in ("packument", "abbreviated packument", "tarball")
    ]


CHAIN = ("base", "mid", "app")  # app -> mid -> base


def merged_chain(ca: Any, client: Any, ours: Callable[[str], bytes], sizes: Sizes) -> list[Target]:
    for position, name in enumerate(CHAIN):
        upstreams = [{"repositoryName": CHAIN[position - 1]}] if position else []
        client.create_repository(domain=DOMAIN, repository=name, upstreams=upstreams)
    for number in range(1000):  # the same version strings and files, in one repository or over the chain
        ca.add_package_version(DOMAIN, REPOSITORY, "pypi", "single", f"0.{number}")
        ca.add_package_version(DOMAIN, CHAIN[number % 3], "pypi", "merged", f"0.{number}")
    for name in CHAIN[1:]:  # (a package seeded there blocks its upstreams by default)
        client.put_package_origin_configuration(
            domain=DOMAIN,
            repository=name,
            format="pypi",
            package="merged",
            restrictions={"publish": "ALLOW", "upstream": "ALLOW"},
        )
    single_path, chain_path = f"{SERVER_PREFIX}simple/single/", f"/pypi/d/{DOMAIN}-{OWNER}/app/simple/merged/"
    single, merged = ours(single_path), ours(chain_path)
    assert single.count(b"<a ") == merged.count(b"<a ") == 1000 and len(single) == len(merged)
    single_package, base_package = (
        _stored_package("single"),
        _stored_package("merged", repository_name="base"),
    )

    def made_again(package: Package, path: str) -> bytes:
        package.versions_changed()  # the page depends on it: it is made anew
        return ours(path)

    samples = interleave(
        {
            "one repository, made again": Variant(partial(made_again, single_package, single_path)),
            "three-repository chain, made again": Variant(partial(made_again, base_package, chain_path)),
            "one repository, kept": Variant(partial(ours, single_path)),
            "three-repository chain, kept": Variant(partial(ours, chain_path)),
        },
        sizes.rounds,
        sizes.page_calls,
    )
    print_samples(f"Upstreams: a page of 1,000 versions ({len(merged) // 1024} KiB), per request", samples)
    return [
        Target(
            f"merged chain page / one repository's, {what}",
            paired_ratio(samples[f"three-repository chain, {what}"], samples[f"one repository, {what}"]),
            bound,
            "x",
        )
        for what, bound in (("made again", 1.5), ("kept", 1.1))
    ]


def revalidation(port: int, token: str, sizes: Sizes) -> list[Target]:
    """A 304 of ``npm_documents``' packument of 1,000 versions against ``merged_chain``'s kept page of 1,000
    versions from one repository (the kept-page target's baseline), and the first target's page of 20."""
    headers = {"Authorization": f"Bearer {token}"}
    packument = f"/npm/d/{DOMAIN}-{OWNER}/{REPOSITORY}/big"
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", packument, headers=headers)
    answer = connection.getresponse()
    size, tag = len(answer.read()), answer.getheader("ETag")
    connection.close()
    assert tag is not None, "the packument has no ETag"
    pages = {"1,000": f"{SERVER_PREFIX}simple/single/", "20": f"{SERVER_PREFIX}simple/tool/"}
    variants = {
        f"server: kept page of {count} versions, 200": Variant(partial(_getter(port, headers), path))
        for count, path in pages.items()
    }
    variants["server: packument of 1,000 versions, 304"] = Variant(
        partial(_getter(port, {**headers, "If-None-Match": tag}, 304), packument)
    )
    variants["server: packument of 1,000 versions, 200"] = Variant(partial(_getter(port, headers), packument))
    samples = interleave(variants, sizes.rounds, sizes.calls)
    print_samples(f"Revalidation: a 304 in place of the {size // 1024} KiB packument, per request", samples)
    not_modified = samples["server: packument of 1,000 versions, 304"]
    small = paired_ratio(not_modified, samples["server: kept page of 20 versions, 200"])
    print(
        f"  the 304 / the kept page of 20 versions: {small:.2f}x (the floor: a request with almost no body)"
    )
    ratio = paired_ratio(not_modified, samples["server: kept page of 1,000 versions, 200"])
    return [Target("304 of a 1,000-version packument / kept page", ratio, 1.0, "x")]


def cargo_index(ca: Any, ours: Callable[[str], bytes], sizes: Sizes) -> list[Target]:
    """Run after ``npm_documents``, whose package ``big`` of 1,000 versions it compares with."""
    for number in range(1000):
        ca.add_package_version(DOMAIN, REPOSITORY, "cargo", "big", f"1.0.{number}")
    index_path = f"/cargo/d/{DOMAIN}-{OWNER}/{REPOSITORY}/3/b/big"  # where Cargo looks for "big"
    packument_path = f"/npm/d/{DOMAIN}-{OWNER}/{REPOSITORY}/big"
    index, packument = ours(index_path), ours(packument_path)
    assert index.count(b"\n") == 1000, index[:200]
    package = _stored_package("big", "cargo")

    def made_again() -> bytes:
        package.versions_changed()  # what every change of the versions does: the index file is made anew
        return ours(index_path)

    samples = interleave(
        {
            "server: cargo index file": Variant(partial(ours, index_path)),
            "server: npm packument": Variant(partial(ours, packument_path)),
        },
        sizes.rounds,
        sizes.page_calls,
    )
    sizes_text = f"{len(index) // 1024} KiB index file, {len(packument) // 1024} KiB packument"
    print_samples(f"Cargo, a crate of 1,000 versions ({sizes_text}), per request", samples)
    # Timed apart, as npm's: making it again drops the kept index file.
    again = interleave({"server: cargo index file made again": Variant(made_again)}, sizes.rounds, 2)
    print_samples("Cargo, the index file made again after a change (what keeping it saves)", again)
    ratio = paired_ratio(samples["server: cargo index file"], samples["server: npm packument"])
    return [Target("cargo index file / npm packument, 1,000 versions", ratio, 1.0, "x")]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: few rounds, indicative numbers")
    sizes = QUICK if parser.parse_args().quick else FULL
    targets: list[Target] = []
    with mock_codeartifact() as ca, ca.serve() as server:
        client = boto3.client("codeartifact", region_name="us-east-1")
        for number in range(20):
            ca.add_package_version(DOMAIN, REPOSITORY, "pypi", "tool", f"1.{number}")
        token = client.get_authorization_token(domain=DOMAIN)["authorizationToken"]
        page_path, file_path = "simple/tool/", "simple/tool/1.0/tool-1.0-py3-none-any.whl"  # a seeded wheel
        ours = _getter(server.port, {"Authorization": f"Bearer {token}"})
        targets += through_server(ours, SERVER_PREFIX + page_path, SERVER_PREFIX + file_path, sizes)
        targets += in_process(token, page_path, file_path, sizes)
        targets += page_growth(ca, ours, sizes)
        targets += npm_documents(ca, ours, server.port, token, sizes)
        targets += merged_chain(ca, client, ours, sizes)
        targets += cargo_index(ca, ours, sizes)
        targets += revalidation(server.port, token, sizes)
    print_targets(targets, sizes == QUICK)


if __name__ == "__main__":
    main()
