"""Nothing outlives its mock or server: once one stops and the test drops it, the garbage collector takes it,
and with it every backend object and stored entity it made (no process-wide cache may keep them)."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import boto3

from codeartifact_mock import CodeArtifactMock, ThreadedCodeArtifactServer, activation, mock_codeartifact
from codeartifact_mock.backend import Backend
from codeartifact_mock.backend.entities import Domain, PackageVersion


def _alive(kind: type) -> list[Any]:
    gc.collect()
    return [found for found in gc.get_objects() if isinstance(found, kind)]


def _backends_in(*regions: str) -> list[Backend]:
    return [backend for backend in _alive(Backend) if backend._region in regions]


def _use(client: Any) -> None:
    """A few calls, each answered by a backend: create, list, describe."""
    client.create_domain(domain="acme")
    client.create_repository(domain="acme", repository="releases")
    client.list_domains()
    client.describe_repository(domain="acme", repository="releases")
    client.list_packages(domain="acme", repository="releases")


def test_a_stopped_server_and_its_store_are_collected() -> None:
    server = ThreadedCodeArtifactServer()
    server.start()
    server.add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
    client = boto3.client(
        "codeartifact",
        endpoint_url=server.url,
        region_name="eu-west-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    _use(client)
    client.close()
    server_ref, store_ref = weakref.ref(server), weakref.ref(server.store)
    server.stop()
    del server, client
    gc.collect()
    assert server_ref() is None
    assert store_ref() is None


def test_a_stopped_mock_leaves_no_backend_and_no_stored_entity_behind() -> None:
    regions = ("ap-southeast-4", "me-central-1")  # used by no other test, to tell this test's objects apart
    domains_before, versions_before = len(_alive(Domain)), len(_alive(PackageVersion))
    mock = mock_codeartifact()
    with mock:
        mock.add_package_version("seeded", "releases", "npm", "chalk", "4.1.0", region=regions[0])
        for region in regions:
            _use(boto3.client("codeartifact", region_name=region))
        assert len(_alive(Domain)) == domains_before + 3
    mock_ref = weakref.ref(mock)
    del mock
    gc.collect()
    assert mock_ref() is None
    assert activation.active == []
    assert _backends_in(*regions) == []
    assert len(_alive(Domain)) == domains_before
    assert len(_alive(PackageVersion)) == versions_before


def test_a_mock_stopped_inside_another_is_collected_while_the_outer_one_runs() -> None:
    domains_before = len(_alive(Domain))
    with CodeArtifactMock() as outer:
        inner = CodeArtifactMock()
        with inner:
            inner.add_package_version("acme", "releases", "npm", "chalk", "4.1.0")
        inner_ref = weakref.ref(inner)
        del inner
        gc.collect()
        assert inner_ref() is None
        assert outer.active
        assert len(_alive(Domain)) == domains_before + 1  # the shared state lives as long as the outer mock
