"""Seeding public registries and taking them out of service, on a server: the control API
(``POST /_codeartifact_mock/public-package-versions`` and ``.../public-registry-availability``) and the same
methods of ``ThreadedCodeArtifactServer``, served to a repository with an external connection."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator

import pytest
from pypi_helpers import http
from server_helpers import client, control

from codeartifact_mock import ThreadedCodeArtifactServer

OWNER = "123456789012"


@pytest.fixture
def server() -> Iterator[ThreadedCodeArtifactServer]:
    with ThreadedCodeArtifactServer() as running:
        api = client(running)
        api.create_domain(domain="acme")
        api.create_repository(domain="acme", repository="pypi-store")
        api.associate_external_connection(
            domain="acme", repository="pypi-store", externalConnection="public:pypi"
        )
        yield running


def _file(server: ThreadedCodeArtifactServer, version: str, filename: str = "") -> int:
    token = server.authorization_token("acme")
    name = filename or f"requests-{version}.tar.gz"
    url = server.endpoint_url("acme", "pypi-store", "pypi") + f"simple/requests/{version}/{name}"
    return http("GET", url, token=token).status


def test_the_control_api_seeds_a_public_registry_and_takes_it_out_of_service(
    server: ThreadedCodeArtifactServer,
) -> None:
    content = b"requests 2.32.0"
    reply = control(
        server,
        "public-package-versions",
        {
            "connection": "public:pypi",
            "package": "requests",
            "version": "2.32.0",
            "assets": {"requests-2.32.0.tar.gz": base64.b64encode(content).decode()},
            "summary": "HTTP for Humans",
            "published_time": "2024-05-20T12:00:00Z",
        },
    )
    assert reply.status == 200
    assert set(reply.json()) == {"revision"}
    server.add_public_package_version("public:pypi", "requests", "2.31.0")  # the same, in Python
    wheel = "requests-2.31.0-py3-none-any.whl"  # (the default assets: the wheel pip would install)
    assert _file(server, "2.32.0") == 200
    described = client(server).describe_package_version(
        domain="acme", repository="pypi-store", format="pypi", package="requests", packageVersion="2.32.0"
    )["packageVersion"]
    assert described["summary"] == "HTTP for Humans"
    assert described["revision"] == reply.json()["revision"]
    assert described["publishedTime"].isoformat() == "2024-05-20T12:00:00+00:00"
    assert described["origin"]["domainEntryPoint"] == {"externalConnectionName": "public:pypi"}
    asset = client(server).get_package_version_asset(
        domain="acme",
        repository="pypi-store",
        format="pypi",
        package="requests",
        packageVersion="2.32.0",
        asset="requests-2.32.0.tar.gz",
    )
    assert hashlib.sha256(asset["asset"].read()).hexdigest() == hashlib.sha256(content).hexdigest()

    outage = control(
        server, "public-registry-availability", {"connection": "public:pypi", "available": False}
    )
    assert (outage.status, outage.json()) == (200, {})
    assert _file(server, "2.32.0") == 200  # kept
    assert _file(server, "2.31.0", wheel) == 404
    server.set_public_registry_available("public:pypi", True)
    assert _file(server, "2.31.0", wheel) == 200


@pytest.mark.parametrize(
    ("call", "document", "message"),
    [
        ("public-package-versions", {"connection": "public:pypi", "package": "x"}, "missing a required argu"),
        (
            "public-package-versions",
            {"connection": "public:nowhere", "package": "x", "version": "1"},
            "Invalid external connection name: public:nowhere",
        ),
        (
            "public-package-versions",
            {"connection": "public:pypi", "package": "x", "version": "1", "status": "Archived"},
            "unexpected keyword argument 'status'",
        ),
        (
            "public-package-versions",
            {"connection": "public:pypi", "package": "x", "version": "1", "assets": {"a": "%%"}},
            "assets.a must be a base64 string",
        ),
        ("public-registry-availability", {"connection": "public:pypi"}, "missing a required argument"),
        (
            "public-registry-availability",
            {"connection": "public:pypi", "available": "no"},
            "available must be a boolean",
        ),
    ],
)
def test_bad_public_registry_controls_are_validation_exceptions_that_change_nothing(
    server: ThreadedCodeArtifactServer, call: str, document: dict[str, object], message: str
) -> None:
    reply = control(server, call, document)
    assert (reply.status, reply.error_type) == (400, "ValidationException")
    assert message in reply.json()["message"]
    assert server.store.public_registries.get("public:pypi") is None
    with pytest.raises(ValueError, match="Invalid external connection name"):
        server.add_public_package_version("public:nowhere", "x", "1")


def test_reset_forgets_what_public_registries_publish(server: ThreadedCodeArtifactServer) -> None:
    server.add_public_package_version("public:pypi", "requests", "2.32.0")
    server.reset()
    assert server.store.public_registries.get("public:pypi") is None
