"""Many clients connecting at once are all served: none is reset (loopback only, bounded in count and time).

With socketserver's listen backlog of 5, the kernel reset the connections it had no room to queue when a few
dozen clients connected at once (31 to 109 of 128 concurrent publishes failed with ``ConnectionResetError``).
Each client here opens its own connection at the same moment (a barrier), sends a real upload and must get
its answer; the versions must all be there afterwards. Raw ``http.client``, not boto3 or pip: they retry a
reset connection, which would hide one.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import threading
from collections.abc import Iterator
from typing import Callable
from urllib.parse import urlsplit

import pytest
from pypi_helpers import upload_form, wheel
from server_helpers import client

from codeartifact_mock import ThreadedCodeArtifactServer

pytestmark = pytest.mark.slow

GENERIC = {"domain": "acme", "repository": "releases", "format": "generic", "namespace": "tools"}


@pytest.fixture
def server() -> Iterator[ThreadedCodeArtifactServer]:
    with ThreadedCodeArtifactServer() as running:
        ca = client(running)
        ca.create_domain(domain="acme")
        ca.create_repository(domain="acme", repository="releases")
        yield running


def at_once(
    server: ThreadedCodeArtifactServer, count: int, send: Callable[[int, http.client.HTTPConnection], int]
) -> list[object]:
    """``send(index, connection)`` from ``count`` threads, each on a new connection to ``server`` opened at
    the same moment; return each one's status, or the exception it raised."""
    results: list[object] = [None] * count
    barrier = threading.Barrier(count, timeout=60)

    def one(index: int, connection: http.client.HTTPConnection) -> None:
        try:
            barrier.wait()
            connection.connect()
            results[index] = send(index, connection)
        except Exception as error:  # a reset, a timeout: what this test is about
            results[index] = error
        finally:
            connection.close()

    connections = [http.client.HTTPConnection("127.0.0.1", server.port, timeout=60) for _ in range(count)]
    threads = [threading.Thread(target=one, args=(i, c)) for i, c in enumerate(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_32_clients_uploading_through_the_pypi_endpoint_at_once_are_all_answered(
    server: ThreadedCodeArtifactServer,
) -> None:
    token = server.authorization_token("acme")
    path = urlsplit(server.endpoint_url("acme", "releases", "pypi")).path
    authorization = "Basic " + base64.b64encode(f"aws:{token}".encode()).decode()

    def upload(version: str) -> Callable[[int, http.client.HTTPConnection], int]:
        def send(index: int, connection: http.client.HTTPConnection) -> int:
            filename, content = wheel("crowd", f"{version}.{index}")
            content_type, body = upload_form("crowd", f"{version}.{index}", filename, content)
            headers = {"Content-Type": content_type, "Authorization": authorization}
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.status

        return send

    for round_ in range(3):
        assert at_once(server, 32, upload(f"1.{round_}")) == [200] * 32

    versions = client(server).list_package_versions(
        domain="acme", repository="releases", format="pypi", package="crowd", maxResults=1000
    )["versions"]
    assert len(versions) == 3 * 32


def test_128_concurrent_publishes_through_the_api_are_all_answered(
    server: ThreadedCodeArtifactServer,
) -> None:
    content = bytes(range(256)) * 400  # 100 KiB
    digest = hashlib.sha256(content).hexdigest()
    query = "&".join(f"{key}={value}" for key, value in GENERIC.items())

    def publish(index: int, connection: http.client.HTTPConnection) -> int:
        target = f"/v1/package/version/publish?{query}&package=cli&version=1.0.{index}&asset=cli.bin"
        headers = {"x-amz-content-sha256": digest, "Content-Type": "application/octet-stream"}
        connection.request("POST", target, body=content, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status

    assert at_once(server, 128, publish) == [200] * 128

    ca = client(server)
    versions = ca.list_package_versions(**GENERIC, package="cli", maxResults=1000)["versions"]
    assert sorted(v["version"] for v in versions) == sorted(f"1.0.{i}" for i in range(128))
