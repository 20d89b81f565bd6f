"""No answer of the server waits on the network stack (nothing here is timed).

A response written in two small pieces on a socket with Nagle's algorithm on waits for the client's delayed
acknowledgement of the first piece: about 40 ms per call over a kept-alive connection. So the server writes
every response up to its buffer's size in one ``send``, and every connection it accepts has ``TCP_NODELAY``
(whatever is written in several pieces leaves at once). These tests record what the server writes to the
sockets it accepted, each write with the socket's ``TCP_NODELAY`` at that moment, for every kind of answer,
asked as its users ask: boto3, ``http.client`` on a kept-alive connection, raw bytes for malformed requests.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any, Callable, NamedTuple, Optional

import pytest
from server_helpers import client, exchange, request

from codeartifact_mock import ThreadedCodeArtifactServer

GENERIC = {
    "domain": "acme",
    "repository": "releases",
    "format": "generic",
    "namespace": "tools",
    "package": "cli",
}


class Write(NamedTuple):
    data: bytes  # the bytes the kernel took
    nodelay: bool  # TCP_NODELAY on the socket when they were written


class ServerWrites:
    """Every ``send``/``sendall`` on a socket whose local port is the server's: the server's side."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._writes: list[Write] = []
        self._lock = threading.Lock()

    def record(self, sock: socket.socket, data: bytes) -> Optional[int]:
        """Note a write about to be made (before it is: the client may have read it by the time it returns);
        return its index, or None for a client's socket."""
        try:
            if sock.getsockname()[1] != self.port:
                return None
            nodelay = bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        except OSError:
            return None
        with self._lock:
            self._writes.append(Write(data, nodelay))
            return len(self._writes) - 1

    def sent_only(self, index: Optional[int], count: int) -> None:
        """The write at ``index`` sent only its first ``count`` bytes (the caller sends the rest after)."""
        with self._lock:
            if index is not None and index < len(self._writes):
                write = self._writes[index]
                self._writes[index] = write._replace(data=write.data[:count])

    def take(self) -> list[Write]:
        with self._lock:
            writes, self._writes = self._writes, []
        return writes


@pytest.fixture
def server() -> Iterator[ThreadedCodeArtifactServer]:
    with ThreadedCodeArtifactServer() as running:
        yield running


@pytest.fixture
def writes(server: ThreadedCodeArtifactServer, monkeypatch: pytest.MonkeyPatch) -> ServerWrites:
    recorded = ServerWrites(server.port)
    send, sendall = socket.socket.send, socket.socket.sendall

    def recording_send(sock: socket.socket, data: Any, *flags: int) -> int:
        index = recorded.record(sock, bytes(data))
        sent: int = send(sock, data, *flags)
        if sent < len(data):
            recorded.sent_only(index, sent)
        return sent

    def recording_sendall(sock: socket.socket, data: Any, *flags: int) -> None:
        recorded.record(sock, bytes(data))
        sendall(sock, data, *flags)

    monkeypatch.setattr(socket.socket, "send", recording_send)
    monkeypatch.setattr(socket.socket, "sendall", recording_sendall)
    return recorded


class _Kept(io.BytesIO):
    def close(self) -> None:  # HTTPResponse closes its file once it has read the body: keep it readable
        pass


class _Bytes:
    """Just enough of a socket for ``http.client.HTTPResponse`` to parse bytes already written."""

    def __init__(self, data: bytes) -> None:
        self.file = _Kept(data)

    def makefile(self, _mode: str) -> _Kept:
        return self.file


def one_response(data: bytes, method: str = "GET") -> tuple[int, bytes]:
    """The status and body of ``data``, which must be exactly one complete HTTP response."""
    carrier = _Bytes(data)
    response = http.client.HTTPResponse(carrier, method=method)  # type: ignore[arg-type]
    response.begin()
    body = response.read()
    assert carrier.file.read() == b"", "more than one response in the bytes"
    return response.status, body


def only_write(writes: ServerWrites, method: str = "GET") -> tuple[int, bytes]:
    """The status and body of the one write the server made since the last look: the whole response."""
    made = writes.take()
    assert len(made) == 1, [(len(w.data), w.data[:40], w.data[-40:]) for w in made]
    assert made[0].nodelay
    return one_response(made[0].data, method)


def keep_alive(server: ThreadedCodeArtifactServer) -> http.client.HTTPConnection:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/_codeartifact_mock/calls")  # opened and used once before what is measured
    connection.getresponse().read()
    return connection


# -- every kind of answer: one write, on a TCP_NODELAY socket --------------------------------------------


def test_a_json_answer_is_one_write(server: ThreadedCodeArtifactServer, writes: ServerWrites) -> None:
    ca = client(server)
    ca.create_domain(domain="acme")
    writes.take()

    domains = ca.list_domains()["domains"]

    status, body = only_write(writes)
    assert status == 200
    assert [d["name"] for d in json.loads(body)["domains"]] == [d["name"] for d in domains] == ["acme"]


def test_a_batch_answer_is_one_write(server: ThreadedCodeArtifactServer, writes: ServerWrites) -> None:
    ca = client(server)
    ca.create_domain(domain="acme")
    ca.create_repository(domain="acme", repository="releases")
    server.add_package_version("acme", "releases", "npm", "chalk", "1.0.0")
    writes.take()

    answer = ca.update_package_versions_status(
        domain="acme",
        repository="releases",
        format="npm",
        package="chalk",
        versions=["1.0.0"],
        targetStatus="Archived",
    )

    status, body = only_write(writes)
    assert status == 200
    assert json.loads(body)["successfulVersions"] == answer["successfulVersions"]
    assert answer["successfulVersions"]["1.0.0"]["status"] == "Archived"


def test_a_service_error_is_one_write(server: ThreadedCodeArtifactServer, writes: ServerWrites) -> None:
    ca = client(server)
    ca.list_domains()  # the connection is open
    writes.take()

    with pytest.raises(ca.exceptions.ResourceNotFoundException):
        ca.describe_domain(domain="ghost")

    status, body = only_write(writes)
    assert status == 404
    assert "ghost" in json.loads(body)["message"]


def test_an_injected_error_is_one_write(server: ThreadedCodeArtifactServer, writes: ServerWrites) -> None:
    ca = client(server)
    ca.list_domains()
    server.inject_error("ListDomains", "AccessDeniedException", message="busy")
    writes.take()

    with pytest.raises(ca.exceptions.AccessDeniedException):
        ca.list_domains()

    status, body = only_write(writes)
    assert (status, json.loads(body)["message"]) == (403, "busy")


def test_an_unknown_path_is_one_write(server: ThreadedCodeArtifactServer, writes: ServerWrites) -> None:
    connection = keep_alive(server)
    writes.take()

    connection.request("GET", "/v1/nowhere")
    reply = connection.getresponse()
    received = reply.read()

    assert only_write(writes) == (404, received)
    assert reply.getheader("x-amzn-ErrorType") == "UnknownOperationException"
    connection.close()


def test_a_head_answer_is_one_write(server: ThreadedCodeArtifactServer, writes: ServerWrites) -> None:
    connection = keep_alive(server)
    writes.take()

    connection.request("HEAD", "/v1/domains")
    connection.getresponse().read()

    assert only_write(writes, "HEAD") == (404, b"")
    connection.close()


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"POST /v1/domain?domain=acme HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 411),  # refused before its body
        (b"NOT A REQUEST LINE AT ALL\r\n\r\n", 400),  # refused by http.server's parser
    ],
)
def test_a_refusal_is_one_write(
    server: ThreadedCodeArtifactServer, writes: ServerWrites, raw: bytes, status: int
) -> None:
    reply = exchange(server, raw)

    assert only_write(writes) == (status, reply.body)
    assert reply.status == status


def test_an_asset_download_is_one_write(server: ThreadedCodeArtifactServer, writes: ServerWrites) -> None:
    content = bytes(range(256)) * 64  # 16 KiB
    ca = _with_asset(server, content)
    writes.take()

    downloaded = ca.get_package_version_asset(**GENERIC, packageVersion="1.0.0", asset="cli.bin")[
        "asset"
    ].read()

    assert only_write(writes) == (200, content)
    assert downloaded == content


def test_a_large_asset_leaves_at_once_without_a_copy_into_the_buffer(
    server: ThreadedCodeArtifactServer, writes: ServerWrites
) -> None:
    """Bigger than the buffer: the headers, then the body from its own bytes; TCP_NODELAY sends both."""
    content = bytes(range(256)) * 4096  # 1 MiB
    ca = _with_asset(server, content)
    writes.take()

    downloaded = ca.get_package_version_asset(**GENERIC, packageVersion="1.0.0", asset="cli.bin")[
        "asset"
    ].read()

    made = writes.take()
    assert all(write.nodelay for write in made)
    assert one_response(b"".join(write.data for write in made)) == (200, content)
    assert made[0].data.endswith(b"\r\n\r\n")  # the headers alone: the body was not copied after them
    assert downloaded == content


def _with_asset(server: ThreadedCodeArtifactServer, content: bytes) -> Any:
    ca = client(server)
    ca.create_domain(domain="acme")
    ca.create_repository(domain="acme", repository="releases")
    ca.publish_package_version(
        **GENERIC,
        packageVersion="1.0.0",
        assetName="cli.bin",
        assetContent=content,
        assetSHA256=hashlib.sha256(content).hexdigest(),
    )
    return ca


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/_codeartifact_mock/reset", b""),
        ("GET", "/_codeartifact_mock/calls", b""),
        (
            "POST",
            "/_codeartifact_mock/inject-error",
            b'{"operation": "ListDomains", "code": "Nope"}',
        ),  # a 400
    ],
)
def test_a_control_api_reply_is_one_write(
    server: ThreadedCodeArtifactServer, writes: ServerWrites, method: str, path: str, body: bytes
) -> None:
    connection = keep_alive(server)
    writes.take()

    connection.request(method, path, body=body)
    reply = connection.getresponse()
    received = reply.read()

    assert only_write(writes) == (reply.status, received)
    connection.close()


def test_a_100_continue_leaves_before_the_body_is_sent(
    server: ThreadedCodeArtifactServer, writes: ServerWrites
) -> None:
    """The interim answer is not held in the buffer: the client sends its body only once it has it."""
    body = b"{}"
    head = (
        "POST /v1/domain?domain=acme HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"Expect: 100-continue\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(head)
        interim = b""
        while not interim.endswith(b"\r\n\r\n"):
            interim += sock.recv(1)  # a timeout here: the server kept the interim answer to itself
        sock.sendall(body)
        response = http.client.HTTPResponse(sock, method="POST")
        response.begin()
        created = json.loads(response.read())

    assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
    assert created["domain"]["name"] == "acme"
    continued, answered = writes.take()
    assert continued == Write(interim, True)
    assert answered.nodelay
    assert one_response(answered.data, "POST")[0] == 200


def test_every_accepted_connection_carries_tcp_nodelay(server: ThreadedCodeArtifactServer) -> None:
    """Read on the server's side of each connection, whatever it is then used for."""
    nodelay: list[int] = []
    httpd = server._httpd
    assert httpd is not None
    get_request: Callable[[], tuple[socket.socket, Any]] = httpd.get_request

    def recording() -> tuple[socket.socket, Any]:
        connection, address = get_request()
        nodelay.append(connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        return connection, address

    httpd.get_request = recording  # type: ignore[method-assign]
    client(server).list_domains()
    request(server, "GET", "/_codeartifact_mock/calls")
    exchange(server, b"garbage\r\n\r\n")

    assert len(nodelay) == 3
    assert all(nodelay)
