"""The browser next door cannot drive the server (loopback only).

A web page on the same machine can make its browser POST a simple request (``text/plain``, a form's
``multipart/form-data``) to any address, and, through DNS rebinding (its own host name made to resolve to
127.0.0.1), read the answers. The browser always says so: ``Origin`` names the page's origin, ``Host`` the
page's host name, ``Sec-Fetch-Site`` whether it comes from another site. So a request with an ``Origin`` not
the server's own or marked as from another site gets a 403, and one whose ``Host`` is not a name or address
of the server's a 421, on every route: the API, the control API, the repository
endpoints and unknown paths, and nothing changes. The ``Host`` forms package managers, SDKs and the CLI send
(``127.0.0.1:<port>``, ``localhost:<port>``, ``[::1]:<port>``, seen from pip, npm, mvn, the AWS CLI, boto3
and curl) are answered, and so are names given with ``allowed_hosts``/``--allowed-host``. Listening on an
address other than a loopback one warns.
"""

from __future__ import annotations

import base64
import contextlib
import signal
import socket
import socketserver
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

import boto3
import pytest
from fingerprint import store_fingerprint
from pypi_helpers import python_environment, run_pip, upload_form, wheel
from server_helpers import OFFLINE, SERVER_COMMAND, Reply, command_environment, exchange, request

from codeartifact_mock import ThreadedCodeArtifactServer
from codeartifact_mock.server import NetworkExposureWarning

CREDENTIALS = {"region_name": "us-east-1", "aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture
def server() -> Iterator[ThreadedCodeArtifactServer]:
    with ThreadedCodeArtifactServer() as running:
        running.add_package_version("acme", "releases", "pypi", "flask", "2.0.0")
        yield running


# Each route as a page could ask for it: (method, path, content type, body), the path and body made for the
# server. Each one succeeds (or, for the unknown path, is a 404) when its Host and Origin are the server's.
Route = Callable[[ThreadedCodeArtifactServer], tuple[str, str, str, bytes]]


def _pypi(server: ThreadedCodeArtifactServer) -> str:
    return urlsplit(server.endpoint_url("acme", "releases", "pypi")).path


def _upload(server: ThreadedCodeArtifactServer) -> tuple[str, str, str, bytes]:
    filename, content = wheel("evil", "6.6.6")
    content_type, body = upload_form("evil", "6.6.6", filename, content)
    return "POST", _pypi(server), content_type, body


ROUTES: dict[str, Route] = {
    "API: CreateDomain": lambda s: ("POST", "/v1/domain?domain=web", "text/plain", b"{}"),
    "API: ListDomains": lambda s: ("POST", "/v1/domains", "text/plain", b"{}"),
    "control API: reset": lambda s: ("POST", "/_codeartifact_mock/reset", "text/plain", b""),
    "control API: seed a version": lambda s: (
        "POST",
        "/_codeartifact_mock/package-versions",
        "text/plain",
        b'{"domain": "acme", "repository": "releases", "format": "pypi", "package": "evil", "version": "1"}',
    ),
    "control API: lift the policy": lambda s: (
        "POST",
        "/_codeartifact_mock/policy",
        "text/plain",
        b'{"document": null}',
    ),
    "control API: calls": lambda s: ("GET", "/_codeartifact_mock/calls", "text/plain", b""),
    "endpoint: PyPI page": lambda s: ("GET", _pypi(s) + "simple/flask/", "text/plain", b""),
    "endpoint: twine upload": _upload,
    "unknown path": lambda s: ("GET", "/nowhere", "text/plain", b""),
}


def send(
    server: ThreadedCodeArtifactServer,
    route: str,
    host: Optional[str],
    origin: Optional[str] = None,
    site: Optional[str] = None,
) -> Reply:
    """``route`` with these ``Host``, ``Origin`` and ``Sec-Fetch-Site`` (None: none) and a token."""
    method, path, content_type, body = ROUTES[route](server)
    headers = {"Host": host, "Origin": origin, "Sec-Fetch-Site": site, "Content-Type": content_type}
    headers["Content-Length"] = str(len(body))
    with contextlib.suppress(ValueError):  # no domain acme (a reset, a server of the test's): no token
        token = server.authorization_token("acme")
        headers["Authorization"] = "Basic " + base64.b64encode(f"aws:{token}".encode()).decode()
    return request(server, method, path, body, headers)


def refused(reply: Reply, status: int, error_type: str) -> bool:
    """A JSON error with this status and type, like the server's other errors."""
    assert reply.headers["content-type"] == "application/json"
    assert isinstance(reply.json()["message"], str)
    return (reply.status, reply.error_type) == (status, error_type)


FOREIGN_ORIGINS = ["http://evil.example", "null", "http://localhost:3000", "https://127.0.0.1:1"]


@pytest.mark.parametrize("origin", FOREIGN_ORIGINS)
@pytest.mark.parametrize("route", ROUTES)
def test_a_page_of_another_origin_is_refused_on_every_route_and_changes_nothing(
    server: ThreadedCodeArtifactServer, route: str, origin: str
) -> None:
    before = store_fingerprint(server.store)

    reply = send(server, route, f"127.0.0.1:{server.port}", origin)

    assert refused(reply, 403, "AccessDeniedException")
    assert f"the Origin {origin!r} is not this server's own" in reply.json()["message"]
    assert store_fingerprint(server.store) == before


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
@pytest.mark.parametrize("route", ROUTES)
def test_a_request_a_browser_marks_as_from_another_site_is_refused_and_changes_nothing(
    server: ThreadedCodeArtifactServer, route: str, site: str
) -> None:
    """What an ``<img>`` or a link sends: a GET with no ``Origin``, but ``Sec-Fetch-Site``. It would be
    recorded in ``calls`` (and use up an injected error) if it were answered."""
    before = store_fingerprint(server.store)

    reply = send(server, route, f"127.0.0.1:{server.port}", site=site)

    assert refused(reply, 403, "AccessDeniedException")
    assert f"(Sec-Fetch-Site: {site})" in reply.json()["message"]
    assert store_fingerprint(server.store) == before


REBOUND_HOSTS = [
    "evil.example",
    "evil.example:{port}",
    "127.0.0.1.nip.io:{port}",
    "localhost.evil.example:{port}",
]


@pytest.mark.parametrize("host", REBOUND_HOSTS)
@pytest.mark.parametrize("route", ROUTES)
def test_a_rebound_host_name_is_refused_on_every_route_and_changes_nothing(
    server: ThreadedCodeArtifactServer, route: str, host: str
) -> None:
    """DNS rebinding: the page's own name, resolving to 127.0.0.1, with or without an Origin of its own."""
    host = host.format(port=server.port)
    before = store_fingerprint(server.store)

    for origin in (None, f"http://{host}"):
        reply = send(server, route, host, origin)

        assert refused(reply, 421, "MisdirectedRequestException")
        assert reply.json()["message"].startswith(f"This server does not answer for the host {host!r}")
        assert "--allowed-host" in reply.json()["message"]
    assert store_fingerprint(server.store) == before


@pytest.mark.parametrize("browser", ["no browser", "same origin", "typed in a browser"])
@pytest.mark.parametrize("route", ROUTES)
def test_every_route_answers_its_own_host_and_origin(
    server: ThreadedCodeArtifactServer, route: str, browser: str
) -> None:
    own = f"127.0.0.1:{server.port}"
    origin, site = {
        "no browser": (None, None),
        "same origin": (f"http://{own}", "same-origin"),
        "typed in a browser": (None, "none"),  # a developer looking at /_codeartifact_mock/calls
    }[browser]

    reply = send(server, route, own, origin, site)

    assert reply.status == (404 if route == "unknown path" else 200), reply


def test_a_refused_request_with_expect_100_continue_gets_no_100(server: ThreadedCodeArtifactServer) -> None:
    """Refused before the client sends its body: the answer is the 403, not an invitation to send it."""
    raw = (
        f"POST /v1/domain?domain=web HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nOrigin: http://evil.example\r\n"
        "Content-Type: text/plain\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n"
    ).encode()

    reply = exchange(server, raw)

    assert refused(reply, 403, "AccessDeniedException")
    assert reply.headers["connection"] == "close"


HOST_FORMS = [
    "127.0.0.1",
    "127.0.0.1:{port}",
    "localhost",
    "localhost:{port}",
    "LocalHost:{port}",
    "localhost.:{port}",
    "app.localhost:{port}",
    "127.0.0.2:{port}",
    "[::1]",
    "[::1]:{port}",
    "[::ffff:127.0.0.1]:{port}",
    None,  # no Host at all: no browser sends that
]


@pytest.mark.parametrize("host", HOST_FORMS)
def test_the_host_forms_of_clients_on_this_machine_are_answered(
    server: ThreadedCodeArtifactServer, host: Optional[str]
) -> None:
    host = None if host is None else host.format(port=server.port)
    origin = None if host is None else f"http://{host}"

    assert send(server, "API: ListDomains", host).status == 200
    assert send(server, "API: ListDomains", host, origin).status == 200  # a same-origin request


@pytest.mark.parametrize("host", ["[127.0.0.1]:{port}", "::1", "::1:{port}", "", ":{port}", "a b", "x:y"])
def test_malformed_host_headers_are_refused(server: ThreadedCodeArtifactServer, host: str) -> None:
    reply = send(server, "API: ListDomains", host.format(port=server.port))

    assert refused(reply, 421, "MisdirectedRequestException")


def test_two_host_or_origin_headers_are_refused(server: ThreadedCodeArtifactServer) -> None:
    own = f"127.0.0.1:{server.port}"
    two_hosts = f"POST /v1/domains HTTP/1.1\r\nHost: {own}\r\nHost: evil.example\r\nContent-Length: 0\r\n\r\n"
    two_origins = (
        f"POST /v1/domains HTTP/1.1\r\nHost: {own}\r\nOrigin: http://{own}\r\nOrigin: http://evil.example\r\n"
        "Content-Length: 0\r\n\r\n"
    )

    assert refused(exchange(server, two_hosts.encode()), 400, "BadRequestException")
    assert refused(exchange(server, two_origins.encode()), 403, "AccessDeniedException")


def test_allowed_hosts_are_answered_too() -> None:
    with ThreadedCodeArtifactServer(allowed_hosts=["ci-box", "Build.Example."]) as server:
        port = server.port
        for host in ("ci-box", f"ci-box:{port}", "CI-BOX.", f"build.example:{port}"):
            assert send(server, "API: ListDomains", host).status == 200, host
            assert send(server, "API: ListDomains", host, f"http://{host}").status == 200, host
        assert send(server, "API: ListDomains", f"ci-box:{port}", "http://evil.example").status == 403
        assert send(server, "API: ListDomains", f"other-box:{port}").status == 421
        assert send(server, "API: ListDomains", f"sub.ci-box:{port}").status == 421


@pytest.mark.parametrize(
    ("allowed_hosts", "message"),
    [
        ("ci-box", "allowed_hosts must be a list of host names, not 'ci-box'"),
        (["ci-box:5000"], "allowed_hosts: 'ci-box:5000' is not a host name (give no scheme, port or path)"),
        (
            ["http://ci-box"],
            "allowed_hosts: 'http://ci-box' is not a host name (give no scheme, port or path)",
        ),
        ([""], "allowed_hosts: '' is not a host name (give no scheme, port or path)"),
        ([5], "allowed_hosts: 5 is not a host name (give no scheme, port or path)"),
    ],
)
def test_a_bad_allowed_host_is_a_value_error(allowed_hosts: Any, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        ThreadedCodeArtifactServer(allowed_hosts=allowed_hosts)

    assert str(raised.value) == message


# -- real clients: the Host forms they send --------------------------------------------------------------


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_boto3_is_answered_through_every_loopback_form(host: str) -> None:
    """boto3 sends ``Host: 127.0.0.1:<port>``, ``localhost:<port>``, ``[::1]:<port>``."""
    if host == "::1" and not _ipv6_loopback():
        pytest.skip("this machine has no IPv6 loopback")
    with ThreadedCodeArtifactServer("::1" if host == "::1" else "127.0.0.1") as server:
        url = f"http://[::1]:{server.port}" if host == "::1" else f"http://{host}:{server.port}"
        ca = boto3.client("codeartifact", endpoint_url=url, **CREDENTIALS)

        ca.create_domain(domain="acme")

        assert [domain["name"] for domain in ca.list_domains()["domains"]] == ["acme"]


@pytest.mark.real_client
@pytest.mark.parametrize("host", ["localhost", "::1"])
def test_pip_installs_through_localhost_and_ipv6_loopback(host: str, tmp_path: Path) -> None:
    """pip sends ``Host: localhost:<port>`` and ``Host: [::1]:<port>``: answered, so it installs."""
    if host == "::1" and not _ipv6_loopback():
        pytest.skip("this machine has no IPv6 loopback")
    with ThreadedCodeArtifactServer("::1" if host == "::1" else "127.0.0.1") as server:
        filename, content = wheel("greeting", "1.0.0")
        server.add_package_version(
            "acme", "releases", "pypi", "greeting", "1.0.0", assets={filename: content}
        )
        index = server.pip_index_url("acme", "releases")
        if host == "localhost":
            index = index.replace("127.0.0.1", "localhost")
        arguments = ("--retries", "0", "--dest", str(tmp_path / "dl"), "greeting==1.0.0")
        completed = run_pip("download", *arguments, index=index, environment=python_environment(tmp_path))

        assert completed.returncode == 0, completed.stderr
        assert (tmp_path / "dl" / filename).read_bytes() == content


# -- the server's command --------------------------------------------------------------------------------


class Command:
    """``codeartifact-mock-server --port 0 <arguments>``, running until the ``with`` block ends."""

    def __init__(self, *arguments: str, **variables: Optional[str]) -> None:
        self.process = subprocess.Popen(
            [str(SERVER_COMMAND), "--port", "0", *arguments],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=command_environment(**variables),
        )
        self.stderr = ""  # all it said on stderr, once stopped

    def __enter__(self) -> Command:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if "listening on http://" not in line:
            self.__exit__()
            pytest.fail(f"the server did not start: {self.stderr}")
        self.port = int(line.rsplit(":", 1)[1])
        return self

    def __exit__(self, *_: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.stderr = self.process.communicate(timeout=30)[1]


def _at(port: int, host: str) -> int:
    """The status of ListDomains sent to ``port`` with ``Host: host``."""
    raw = f"POST /v1/domains HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(raw.encode())
        return int(sock.recv(65536).split(b" ", 2)[1])


@pytest.mark.skipif(not SERVER_COMMAND.exists(), reason="the console script is not installed")
def test_the_command_answers_for_the_allowed_hosts_it_is_given() -> None:
    with Command("--allowed-host", "ci-box", "--allowed-host", "build.example") as running:
        port = running.port
        assert _at(port, f"ci-box:{port}") == 200
        assert _at(port, "build.example") == 200
        assert _at(port, f"localhost:{port}") == 200
        assert _at(port, f"evil.example:{port}") == 421


# -- listening beyond loopback ---------------------------------------------------------------------------

# Binding to 0.0.0.0 would expose the test's server to the network: these tests bind 127.0.0.1 instead,
# while the server believes it listens on 0.0.0.0 (``server_bind``, which it calls to bind, is redirected).
LOOPBACK_INSTEAD = f"""
import runpy, socketserver
runpy.run_path({str(OFFLINE / "sitecustomize.py")!r})  # the suite's network guard
_bind = socketserver.TCPServer.server_bind
def _loopback_instead(self):
    self.server_address = ("127.0.0.1", self.server_address[1])
    _bind(self)
socketserver.TCPServer.server_bind = _loopback_instead
"""


@pytest.fixture
def bind_loopback_instead(monkeypatch: pytest.MonkeyPatch) -> None:
    bind = socketserver.TCPServer.server_bind

    def loopback_instead(self: socketserver.TCPServer) -> None:
        self.server_address = ("127.0.0.1", self.server_address[1])
        bind(self)

    monkeypatch.setattr(socketserver.TCPServer, "server_bind", loopback_instead)


@pytest.mark.usefixtures("bind_loopback_instead")
def test_listening_on_every_address_warns_and_answers_any_address() -> None:
    server = ThreadedCodeArtifactServer("0.0.0.0")
    with pytest.warns(NetworkExposureWarning) as warned:
        server.start()
    try:
        assert str(warned[0].message) == (
            f"listening on 0.0.0.0, not a loopback address: other machines can reach this server at port"
            f" {server.port}, and its API checks no credentials, so anyone who can reach it can read and"
            " change its state"
        )
        assert send(server, "API: ListDomains", f"192.168.1.7:{server.port}").status == 200  # any address
        assert send(server, "API: ListDomains", f"evil.example:{server.port}").status == 421  # no name
    finally:
        server.stop()


def test_listening_on_loopback_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", NetworkExposureWarning)
        with ThreadedCodeArtifactServer() as server:
            assert send(server, "API: ListDomains", f"192.168.1.7:{server.port}").status == 421


@pytest.mark.skipif(not SERVER_COMMAND.exists(), reason="the console script is not installed")
def test_the_command_warns_on_stderr_when_listening_on_every_address(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(LOOPBACK_INSTEAD)

    with Command("--host", "0.0.0.0", PYTHONPATH=str(tmp_path)) as running:
        port = running.port
        assert _at(port, f"10.0.0.5:{port}") == 200

    assert running.stderr == (
        "codeartifact-mock-server: warning: listening on 0.0.0.0, not a loopback address: other machines"
        f" can reach this server at port {port}, and its API checks no credentials, so anyone who can reach"
        " it can read and change its state\n"
    )


@pytest.mark.skipif(not SERVER_COMMAND.exists(), reason="the console script is not installed")
def test_the_command_says_nothing_on_loopback() -> None:
    with Command() as running:
        assert _at(running.port, f"127.0.0.1:{running.port}") == 200
    assert running.stderr == ""
