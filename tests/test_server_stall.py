"""Nothing a client does with its connection stalls the server (loopback only, bounded in time).

A client trickling its headers, one left idle on a kept-alive connection, one trickling its body, and a bare
HTTP/0.9 request line are each cut off or answered within the request timeout, while other clients are
served. A client sending a large body slowly but steadily is not cut off. With every file descriptor of the
process taken, the server waits for one to be freed without spinning, then serves the clients that waited;
and since what answering needs is loaded when the server starts, its first answers open no file.

Timings are generous (the host may be loaded): a deadline of 2 s is checked to end within 10 s more, and
"served meanwhile" means within 5 s.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any, Optional
from urllib.parse import urljoin

import boto3
import pytest
import requests
from cargo_helpers import crate, index_path, metadata, publish_body
from npm_helpers import manifest, publish_document
from pypi_helpers import upload_form, wheel
from server_helpers import client, command_environment, exchange, request

from codeartifact_mock import ThreadedCodeArtifactServer

DEADLINE = 2.0  # the request timeout of the servers here
LATE = DEADLINE + 10  # by when a cut-off must have come, however loaded the host
GENERIC = {"domain": "acme", "repository": "releases", "format": "generic", "namespace": "tools"}


@pytest.fixture
def server() -> Iterator[ThreadedCodeArtifactServer]:
    with ThreadedCodeArtifactServer(request_timeout=DEADLINE) as running:
        yield running


def served_within_5_seconds(server: ThreadedCodeArtifactServer) -> bool:
    started = time.monotonic()
    reply = request(server, "POST", "/v1/domains")
    return reply.status == 200 and time.monotonic() - started < 5


def until_closed(sock: socket.socket, keep_sending: bytes, every: float, limit: float) -> tuple[bytes, float]:
    """Send ``keep_sending`` every ``every`` seconds, reading what comes back, until the server closes the
    connection or ``limit`` seconds pass; return what it sent and when it closed (``limit`` if it did not)."""
    started = time.monotonic()
    received = b""
    while time.monotonic() - started < limit:
        with contextlib.suppress(OSError):  # it no longer reads: what it said is still to be read
            sock.sendall(keep_sending)
        readable, _, _ = select.select([sock], [], [], every)
        if readable:
            try:
                data = sock.recv(65536)
            except OSError:  # reset after its answer: the client kept sending to a closed connection
                break
            if not data:
                break
            received += data
    return received, time.monotonic() - started


def json_error(received: bytes) -> tuple[int, str, Any]:
    """The status, error type and JSON body of the one error response in ``received``."""
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers["x-amzn-ErrorType"], json.loads(body)


def cut_off(server: ThreadedCodeArtifactServer, start: bytes, drip: bytes, every: float) -> str:
    """Send ``start``, then ``drip`` every ``every`` seconds: the server must answer a 408 and close the
    connection by ``LATE``, serving another client meanwhile. Return the 408's message."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(start)
        assert served_within_5_seconds(server)  # while the trickler is connected

        received, closed_after = until_closed(sock, drip, every=every, limit=LATE + 5)

    assert closed_after < LATE
    status, error_type, body = json_error(received)
    assert (status, error_type) == (408, "RequestTimeoutException")
    assert served_within_5_seconds(server)
    return str(body["message"])


def test_a_client_trickling_header_lines_gets_a_408_at_the_deadline(
    server: ThreadedCodeArtifactServer,
) -> None:
    message = cut_off(server, b"POST /v1/domains HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"X-Trickle: 1\r\n", 1.0)

    assert message == "The request's headers did not arrive within the server's request timeout of 2 seconds"


def test_an_idle_kept_alive_connection_is_closed_at_the_deadline(server: ThreadedCodeArtifactServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=LATE)
    try:
        connection.request("POST", "/v1/domains", body=b"")
        assert connection.getresponse().read()
        assert connection.sock is not None
        started = time.monotonic()

        assert connection.sock.recv(1) == b""  # closed, with nothing said: no request had begun

        assert time.monotonic() - started < LATE
    finally:
        connection.close()


def test_a_body_trickled_a_byte_at_a_time_gets_a_408(server: ThreadedCodeArtifactServer) -> None:
    start = b"POST /v1/domain?domain=acme HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n"

    message = cut_off(server, start, b" ", 0.5)

    assert message == (
        "The request's body did not arrive within the server's request timeout of 2 seconds,"
        " or at 500 bytes a second after that"
    )
    assert client(server).list_domains()["domains"] == []  # nothing half-created


def test_a_large_body_sent_slowly_but_steadily_is_not_cut_off() -> None:
    """3 times the request timeout to send, at 2,000 bytes a second (4 times the minimum rate)."""
    with ThreadedCodeArtifactServer(request_timeout=DEADLINE) as server:
        ca = client(server)
        ca.create_domain(domain="acme")
        ca.create_repository(domain="acme", repository="releases")
        content = bytes(range(256)) * 47  # 12,032 bytes: 6 s at 2,000 bytes a second
        query = "&".join(f"{key}={value}" for key, value in GENERIC.items())
        head = (
            f"POST /v1/package/version/publish?{query}&package=cli&version=1.0.0&asset=cli.bin HTTP/1.1\r\n"
            f"Host: 127.0.0.1\r\nx-amz-content-sha256: {hashlib.sha256(content).hexdigest()}\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {len(content)}\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
            sock.sendall(head)
            started = time.monotonic()
            for offset in range(0, len(content), 200):
                time.sleep(max(0.0, started + offset / 2000 - time.monotonic()))
                sock.sendall(content[offset : offset + 200])
            response = http.client.HTTPResponse(sock, method="POST")
            response.begin()
            answer = json.loads(response.read())

        assert time.monotonic() - started > 2 * DEADLINE  # it did take longer than the request timeout
        assert (response.status, answer["status"]) == (200, "Published")
        asset = ca.get_package_version_asset(
            **GENERIC, package="cli", packageVersion="1.0.0", asset="cli.bin"
        )
        assert asset["asset"].read() == content


@pytest.mark.parametrize("line", [b"GET /\r\n", b"GET /v1/domains\r\n", b"POST /v1/domains\r\n"])
def test_a_bare_http_0_9_request_line_is_answered_at_once(line: bytes) -> None:
    """With the default request timeout of 60 s: the answer cannot be the deadline's."""
    with ThreadedCodeArtifactServer() as server:
        started = time.monotonic()

        reply = exchange(server, line)  # the connection is left open: no half-close tells the server more

        assert time.monotonic() - started < 5
        assert (reply.status, reply.error_type) == (400, "BadRequestException")
        assert reply.headers["connection"] == "close"
        assert isinstance(reply.json()["message"], str)
        assert served_within_5_seconds(server)


# -- every file descriptor taken ---------------------------------------------------------------------

DESCRIPTORS = 256
# A server in a process of its own that may open 256 descriptors. It prints its port, then answers each line
# it reads with the CPU time the process has used and how many descriptors it has open.
LIMITED_SERVER = f"""
import os, resource, sys, time
resource.setrlimit(resource.RLIMIT_NOFILE, ({DESCRIPTORS}, {DESCRIPTORS}))
from codeartifact_mock import ThreadedCodeArtifactServer

def open_descriptors():
    count = 0
    for descriptor in range({DESCRIPTORS}):
        try:
            os.fstat(descriptor)
            count += 1
        except OSError:
            pass
    return count

with ThreadedCodeArtifactServer() as server:
    print(server.port, flush=True)
    for _ in sys.stdin:
        print(time.process_time(), open_descriptors(), flush=True)
"""


class ServerProcess:
    """A server started by ``script`` in a process of its own, which prints the server's port, then answers
    each line it reads with one line."""

    def __init__(self, script: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", script],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=command_environment(),
        )
        self.port = int(self.ask(None))

    def ask(self, line: Optional[str] = "?") -> str:
        """The line the process answers to ``line`` (None: the next line it prints, unasked)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        if line is not None:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
        return self.process.stdout.readline()

    def stop(self) -> None:
        self.process.kill()
        self.process.communicate(timeout=30)


def cpu_and_descriptors(server: ServerProcess) -> tuple[float, int]:
    """The CPU seconds ``LIMITED_SERVER``'s process has used, and how many descriptors it has open."""
    cpu, descriptors = server.ask().split()
    return float(cpu), int(descriptors)


def _connect(port: int, count: int, limit: float) -> list[socket.socket]:
    """``count`` connections to ``port``, completed on the client's side within ``limit`` seconds."""
    pending = []
    for _ in range(count):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        pending.append(sock)
    deadline = time.monotonic() + limit
    waiting = list(pending)
    while waiting and time.monotonic() < deadline:
        _, writable, _ = select.select([], waiting, [], 1.0)
        waiting = [sock for sock in waiting if sock not in writable]
    assert not waiting, f"{len(waiting)} of {count} connections not completed within {limit} s"
    assert all(sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0 for sock in pending)
    return pending


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_NOFILE is POSIX")
def test_with_every_descriptor_taken_the_server_waits_without_spinning_then_serves() -> None:
    server = ServerProcess(LIMITED_SERVER)
    held: list[socket.socket] = []
    try:
        held = _connect(server.port, DESCRIPTORS + 1, limit=30)
        deadline = time.monotonic() + 60
        while cpu_and_descriptors(server)[1] < DESCRIPTORS:  # it accepts until it has no descriptor left
            assert time.monotonic() < deadline, "the server did not accept the connections within 60 s"
            time.sleep(0.2)

        before = cpu_and_descriptors(server)[0]
        time.sleep(3)
        spent = cpu_and_descriptors(server)[0] - before

        assert spent < 0.3, f"the server used {spent:.2f} s of CPU in 3 s, waiting for a descriptor"
        newcomer = _connect(server.port, 1, limit=10)[0]
        newcomer.setblocking(True)
        newcomer.settimeout(20)
        newcomer.sendall(b"POST /v1/domains HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n")
        for sock in held[:32]:  # connections the server accepted: their descriptors are freed
            sock.close()
        response = http.client.HTTPResponse(newcomer, method="POST")
        response.begin()  # within 20 s: it is accepted once descriptors are free
        assert (response.status, json.loads(response.read())) == (200, {"domains": []})
        newcomer.close()
    finally:
        for sock in held:
            sock.close()
        server.stop()


# -- what answering needs is loaded when the server starts -------------------------------------------------

# A server in a process of its own that records every file its threads open and every directory they list
# once it is serving. It prints its port, then answers each line it reads with that record, in JSON.
RECORDING_SERVER = """
import json, sys, threading
from codeartifact_mock import ThreadedCodeArtifactServer

opened = []
MAIN = threading.main_thread()

def record(event, arguments):
    if event in ("open", "os.listdir", "os.scandir") and threading.current_thread() is not MAIN:
        opened.append(str(arguments[0]))

with ThreadedCodeArtifactServer() as server:
    sys.addaudithook(record)
    print(server.port, flush=True)
    for _ in sys.stdin:
        print(json.dumps(opened), flush=True)
"""


DEPENDENCY = {"package": "dep", "versionRequirement": ">=1"}


def test_a_started_server_answers_every_kind_of_request_without_opening_a_file() -> None:
    # What a request needs and the mock loads only on first use (botocore's service model, which lists
    # botocore's ~400 data folders to find; packaging; tarfile) is loaded when a server starts. Else its
    # first answers pay for it, and a server out of descriptors answers its first request with a 500.
    server = ServerProcess(RECORDING_SERVER)
    try:
        url = f"http://127.0.0.1:{server.port}"
        api = boto3.client(
            "codeartifact",
            endpoint_url=url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        api.create_domain(domain="acme")
        api.create_repository(domain="acme", repository="releases")
        for seed in (
            {"format": "pypi", "package": "tool", "version": "1.0", "dependencies": [DEPENDENCY]},
            {"format": "npm", "package": "lib", "version": "1.0.0"},
            {"format": "maven", "namespace": "com.acme", "package": "art", "version": "1.0"},
            {"format": "cargo", "package": "krate", "version": "1.0.0"},
        ):
            seeded = requests.post(
                f"{url}/_codeartifact_mock/package-versions",
                json={"domain": "acme", "repository": "releases", **seed},
                timeout=10,
            )
            assert seeded.status_code == 200, seeded.text
        token = api.get_authorization_token(domain="acme")["authorizationToken"]
        auth = {"Authorization": f"Bearer {token}"}

        def endpoint(fmt: str) -> str:
            answer = api.get_repository_endpoint(domain="acme", repository="releases", format=fmt)
            return str(answer["repositoryEndpoint"])

        def get(where: str) -> requests.Response:
            answer = requests.get(where, headers=auth, timeout=10)
            assert answer.status_code == 200, (where, answer.status_code, answer.text[:200])
            return answer

        pypi = endpoint("pypi")
        page = get(f"{pypi}simple/tool/").text
        get(urljoin(f"{pypi}simple/tool/", page.split('href="')[1].split("#")[0]))
        content_type, body = upload_form("tool", "2.0", *wheel("tool", "2.0"), requires_dist="dep (>=1)")
        uploaded = requests.post(pypi, data=body, headers={**auth, "Content-Type": content_type}, timeout=10)
        assert uploaded.status_code == 200, uploaded.text

        npm = endpoint("npm")
        get(get(f"{npm}lib").json()["versions"]["1.0.0"]["dist"]["tarball"])
        published = requests.put(
            f"{npm}lib", json=publish_document(manifest("lib", "2.0.0")), headers=auth, timeout=10
        )
        assert published.status_code == 201, published.text

        maven = endpoint("maven")
        get(f"{maven}com/acme/art/maven-metadata.xml")
        get(f"{maven}com/acme/art/1.0/art-1.0.jar")

        cargo = endpoint("cargo")
        get(f"{cargo}config.json")
        get(f"{cargo}{index_path('krate')}")
        get(f"{cargo}api/v1/crates/krate/1.0.0/download")
        sent = publish_body(metadata("krate", "2.0.0"), crate("krate", "2.0.0"))
        cargo_published = requests.put(f"{cargo}api/v1/crates/new", data=sent, headers=auth, timeout=10)
        assert cargo_published.status_code == 200, cargo_published.text

        api.list_package_versions(domain="acme", repository="releases", format="npm", package="lib")
        assert json.loads(server.ask()) == []
    finally:
        server.stop()
