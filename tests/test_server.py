"""Server mode: the same backend over HTTP, its control API, and its answers to malformed requests."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from server_helpers import client, control, domain_names, exchange, request

from codeartifact_mock import ThreadedCodeArtifactServer, dispatch, mock_codeartifact
from codeartifact_mock import server as server_module

CHALK = {"domain": "acme", "repository": "releases", "format": "npm", "package": "chalk"}


@pytest.fixture
def server() -> Iterator[ThreadedCodeArtifactServer]:
    with ThreadedCodeArtifactServer(max_body_bytes=1024 * 1024) as running:
        yield running


def still_serving(server: ThreadedCodeArtifactServer) -> bool:
    client(server).create_domain(domain="after")
    alive = "after" in domain_names(server)
    client(server).delete_domain(domain="after")
    return alive


# -- the API over HTTP -----------------------------------------------------------------------------------


def test_boto3_publishes_lists_and_downloads_through_the_server(server: ThreadedCodeArtifactServer) -> None:
    ca = client(server)
    ca.create_domain(domain="acme")
    ca.create_repository(domain="acme", repository="releases")
    content = b"#!/bin/sh\necho hello\n"
    tools = {**CHALK, "format": "generic", "namespace": "tools", "package": "cli"}

    published = ca.publish_package_version(
        **tools,
        packageVersion="1.0.0",
        assetName="cli.sh",
        assetContent=content,
        assetSHA256=hashlib.sha256(content).hexdigest(),
    )
    versions = ca.list_package_versions(**tools)["versions"]
    asset = ca.get_package_version_asset(**tools, packageVersion="1.0.0", asset="cli.sh")

    assert published["status"] == "Published"
    assert [(v["version"], v["revision"]) for v in versions] == [("1.0.0", published["versionRevision"])]
    assert asset["asset"].read() == content
    assert asset["assetName"] == "cli.sh"
    assert asset["packageVersionRevision"] == published["versionRevision"]


def test_external_connection_status_goes_over_the_wire_upper_case(server: ThreadedCodeArtifactServer) -> None:
    """``AVAILABLE`` as the service sends it (sources in test_api_upstreams), in the server's bytes: nothing
    on the output path checks or "corrects" it against botocore's enum ``Available``."""
    ca = client(server)
    ca.create_domain(domain="acme")
    ca.create_repository(domain="acme", repository="releases")
    query = "domain=acme&repository=releases"
    associated = request(
        server, "POST", f"/v1/repository/external-connection?{query}&external-connection=public:npmjs"
    )
    described = request(server, "GET", f"/v1/repository?{query}")

    for reply in (associated, described):
        assert reply.status == 200
        assert reply.json()["repository"]["externalConnections"] == [
            {"externalConnectionName": "public:npmjs", "packageFormat": "npm", "status": "AVAILABLE"}
        ]


def test_service_errors_reach_boto3_as_the_modelled_exceptions(server: ThreadedCodeArtifactServer) -> None:
    ca = client(server)

    with pytest.raises(ca.exceptions.ResourceNotFoundException) as excinfo:
        ca.describe_domain(domain="missing")

    error = excinfo.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error["Error"]["Message"] == (
        "Domain not found. Domain 'missing' owned by account '123456789012' does not exist"
    )
    assert (error["resourceType"], error["resourceId"]) == ("domain", "missing")


def test_the_region_comes_from_the_signature_credential_scope(server: ThreadedCodeArtifactServer) -> None:
    arn = client(server, "eu-west-1").create_domain(domain="acme")["domain"]["arn"]

    assert arn == "arn:aws:codeartifact:eu-west-1:123456789012:domain/acme"
    assert domain_names(server, "eu-west-1") == ["acme"]
    assert domain_names(server, "us-east-1") == []


def test_an_unsigned_request_is_answered_in_us_east_1(server: ThreadedCodeArtifactServer) -> None:
    reply = request(server, "POST", "/v1/domain?domain=acme")

    assert reply.status == 200
    assert reply.json()["domain"]["arn"] == "arn:aws:codeartifact:us-east-1:123456789012:domain/acme"


def test_the_server_answers_as_its_account() -> None:
    with ThreadedCodeArtifactServer(account_id="111122223333") as server:
        domain = client(server).create_domain(domain="acme")["domain"]

    assert domain["owner"] == "111122223333"


def test_each_server_has_its_own_state_apart_from_in_process_mocks() -> None:
    with ThreadedCodeArtifactServer() as first, ThreadedCodeArtifactServer() as second:
        client(first).create_domain(domain="first")
        with mock_codeartifact():
            in_process = boto3.client("codeartifact", region_name="us-east-1")
            in_process.create_domain(domain="in-process")
            assert [d["name"] for d in in_process.list_domains()["domains"]] == ["in-process"]

        assert domain_names(first) == ["first"]
        assert domain_names(second) == []


def test_url_and_port_describe_where_the_server_listens(server: ThreadedCodeArtifactServer) -> None:
    assert server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}"
    assert server.host == "127.0.0.1"


def test_a_server_can_be_started_and_stopped_explicitly() -> None:
    server = ThreadedCodeArtifactServer()
    server.start()
    try:
        with pytest.raises(RuntimeError, match="already running"):
            server.start()
        assert domain_names(server) == []
    finally:
        server.stop()
    with pytest.raises(RuntimeError, match="not running"):
        server.stop()


# -- the control API -------------------------------------------------------------------------------------


def test_control_api_seeds_a_version_with_base64_assets_and_a_pinned_revision(
    server: ThreadedCodeArtifactServer,
) -> None:
    reply = control(
        server,
        "package-versions",
        {
            **CHALK,
            "version": "4.1.0",
            "status": "Unlisted",
            "assets": {"package.tgz": base64.b64encode(b"tarball").decode()},
            "revision": "+Oz8skWbwY3k8M6SrNIqNj6bVH/ax+CxvkJx+No5j8I=",
        },
    )

    assert (reply.status, reply.json()) == (200, {"revision": "+Oz8skWbwY3k8M6SrNIqNj6bVH/ax+CxvkJx+No5j8I="})
    version = client(server).describe_package_version(**CHALK, packageVersion="4.1.0")["packageVersion"]
    assert (version["status"], version["revision"]) == (
        "Unlisted",
        "+Oz8skWbwY3k8M6SrNIqNj6bVH/ax+CxvkJx+No5j8I=",
    )
    asset = client(server).get_package_version_asset(**CHALK, packageVersion="4.1.0", asset="package.tgz")
    assert asset["asset"].read() == b"tarball"


def test_control_api_seeds_in_the_given_region_and_account(server: ThreadedCodeArtifactServer) -> None:
    reply = control(
        server,
        "package-versions",
        {**CHALK, "version": "1.0.0", "region": "eu-west-1", "account_id": "111122223333"},
    )

    assert reply.status == 200
    server.add_access_key("AKIAOWNER", "arn:aws:iam::111122223333:user/admin")  # the owner's
    owner = client(server, "eu-west-1", access_key_id="AKIAOWNER")
    assert owner.describe_domain(domain="acme")["domain"]["owner"] == "111122223333"
    own = client(server, "eu-west-1")  # the server's principal: another account, no domain policy
    with pytest.raises(own.exceptions.AccessDeniedException):
        own.describe_domain(domain="acme", domainOwner="111122223333")
    assert domain_names(server, "eu-west-1") == domain_names(server, "us-east-1") == []


def test_control_api_reset_empties_the_state(server: ThreadedCodeArtifactServer) -> None:
    client(server).create_domain(domain="acme")

    reply = control(server, "reset")

    assert (reply.status, reply.json()) == (200, {})
    assert domain_names(server) == []


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({**CHALK, "version": "1.0.0", "colour": "red"}, "got an unexpected keyword argument 'colour'"),
        ({**CHALK}, "missing a required argument: 'version'"),
        ({**CHALK, "version": 100}, "version must be a string"),
        ({**CHALK, "version": "1.0.0", "assets": {"a.tgz": "not base64!"}}, "assets.a.tgz must be a base64"),
        ({**CHALK, "version": "1.0.0", "assets": ["a.tgz"]}, "assets must be an object"),
        ({**CHALK, "version": "1.0.0", "status": "Bogus"}, "Member must satisfy enum value set"),
        ({**CHALK, "domain": "my_domain", "version": "1.0.0"}, "Value 'my_domain' at 'domain' failed"),
        ([], "The request body must be a JSON object"),
    ],
)
def test_control_api_rejects_bad_seeding_arguments_as_validation_exceptions(
    server: ThreadedCodeArtifactServer, document: Any, message: str
) -> None:
    reply = control(server, "package-versions", document)

    assert reply.status == 400
    assert reply.error_type == "ValidationException"
    assert message in reply.json()["message"]
    assert domain_names(server) == []


def test_control_api_rejects_a_body_that_is_not_json(server: ThreadedCodeArtifactServer) -> None:
    reply = request(server, "POST", "/_codeartifact_mock/package-versions", b"{domain: acme")

    assert (reply.status, reply.error_type) == (400, "ValidationException")
    assert reply.json() == {"message": "Could not parse the request body as JSON", "reason": "CANNOT_PARSE"}


def test_python_control_methods_match_the_http_ones(server: ThreadedCodeArtifactServer) -> None:
    revision = server.add_package_version("acme", "releases", "npm", "chalk", "4.1.0", status="Archived")

    version = client(server).describe_package_version(**CHALK, packageVersion="4.1.0")["packageVersion"]
    assert (version["status"], version["revision"]) == ("Archived", revision)
    with pytest.raises(ValueError, match="at 'domain' failed to satisfy constraint"):
        server.add_package_version("my_domain", "releases", "npm", "chalk", "4.1.0")
    with pytest.raises(ValueError, match="unexpected keyword argument 'colour'"):
        server.add_package_version("acme", "releases", "npm", "chalk", "4.1.1", colour="red")

    server.reset()

    assert domain_names(server) == []


# -- malformed requests ----------------------------------------------------------------------------------

LONG_BODY_HEADERS = b"POST /v1/domain?domain=acme HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2000000\r\n"

MALFORMED = {
    "unknown path": (
        b"GET /v2/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        404,
        "UnknownOperationException",
    ),
    "wrong method": (b"PUT /v1/domain?domain=acme HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 404, None),
    "made-up method": (
        b"BREW /v1/domain HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        404,
        "UnknownOperationException",
    ),
    "unknown control operation": (
        b"POST /_codeartifact_mock/explode HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
        404,
        None,
    ),
    "no Content-Length": (
        b"POST /v1/domain?domain=acme HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        411,
        "LengthRequiredException",
    ),
    "Content-Length not a number": (
        b"POST /v1/domain?domain=acme HTTP/1.1\r\nContent-Length: ten\r\n\r\n",
        400,
        "BadRequestException",
    ),
    "negative Content-Length": (
        b"POST /v1/domain?domain=acme HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        400,
        None,
    ),
    "two different Content-Lengths": (
        b"POST /v1/domain?domain=acme HTTP/1.1\r\nContent-Length: 0\r\nContent-Length: 2\r\n\r\n{}",
        400,
        None,
    ),
    "body too large": (LONG_BODY_HEADERS + b"\r\n", 413, "RequestEntityTooLargeException"),
    "body too large, 100-continue": (
        LONG_BODY_HEADERS + b"Expect: 100-continue\r\n\r\n",
        413,
        "RequestEntityTooLargeException",
    ),
    "body shorter than Content-Length": (
        b"POST /v1/domain?domain=acme HTTP/1.1\r\nContent-Length: 10\r\n\r\n{}",
        400,
        "BadRequestException",
    ),
    "JSON body that is not JSON": (
        b"POST /v1/repository?domain=acme&repository=r HTTP/1.1\r\nContent-Length: 5\r\n\r\n{nope",
        400,
        "ValidationException",
    ),
    "JSON body that is not UTF-8": (
        b'POST /v1/repository?domain=acme&repository=r HTTP/1.1\r\nContent-Length: 4\r\n\r\n"\xff\xfe"',
        400,
        "ValidationException",
    ),
    "JSON member of the wrong type": (
        b"POST /v1/repository?domain=acme&repository=r HTTP/1.1\r\nContent-Length: 19\r\n\r\n"
        b'{"upstreams": "up"}',
        400,
        "ValidationException",
    ),
    "JSON nested too deep": (
        b"POST /v1/repository?domain=acme&repository=r HTTP/1.1\r\nContent-Length: 200000\r\n\r\n"
        + b"[" * 100000
        + b"]" * 100000,
        400,
        "ValidationException",
    ),
    "query string not UTF-8": (
        b"GET /v1/domain?domain=%ff%fe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        400,
        None,
    ),
    "raw bytes in the request target": (
        b"GET /v1/domain?domain=\xe9 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        400,
        None,
    ),
    "query value of the wrong type": (
        b"POST /v1/packages?domain=acme&repository=r&max-results=many HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
        400,
        "ValidationException",
    ),
    "garbage request line": (b"HELLO\r\n\r\n", 400, "BadRequestException"),
    "request line too long": (
        b"GET /v1/domain?domain=" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
        414,
        "RequestURITooLongException",
    ),
    "too many headers": (
        b"GET /v1/domain HTTP/1.1\r\n" + b"X-Header: 1\r\n" * 101 + b"\r\n",
        431,
        "RequestHeaderFieldsTooLargeException",
    ),
    "header without a colon": (
        b"GET /v1/domain HTTP/1.1\r\nno colon here\r\n\r\n",
        400,
        "BadRequestException",
    ),
    "unsupported transfer coding": (
        b"POST /v1/domain?domain=acme HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        400,
        "BadRequestException",
    ),
    "malformed chunk": (
        b"POST /v1/domain?domain=acme HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        400,
        "BadRequestException",
    ),
    "chunk larger than the limit": (
        b"POST /v1/domain?domain=acme HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nfffffff\r\n",
        413,
        "RequestEntityTooLargeException",
    ),
    "Content-Length and Transfer-Encoding": (
        b"POST /v1/domain?domain=acme HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n",
        400,
        None,
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_requests_get_a_json_4xx_and_the_server_keeps_serving(
    server: ThreadedCodeArtifactServer, capfd: pytest.CaptureFixture[str], case: str
) -> None:
    raw, status, error_type = MALFORMED[case]

    reply = exchange(server, raw, half_close=True)

    assert reply.status == status
    assert reply.headers["content-type"] == "application/json"
    assert isinstance(reply.json()["message"], str)
    assert reply.error_type == (error_type or reply.error_type)
    assert reply.error_type
    assert domain_names(server) == []  # nothing was created by the refused request
    assert still_serving(server)
    assert capfd.readouterr().err == ""  # a client's mistake is no reason for a traceback


def test_a_chunked_body_is_read(server: ThreadedCodeArtifactServer) -> None:
    body = b'{"tags": [{"key": "team", "value": "build"}]}'
    raw = (
        b"POST /v1/domain?domain=acme HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        + b"%x\r\n%s\r\n" % (10, body[:10])
        + b"%x;ext=1\r\n%s\r\n" % (len(body) - 10, body[10:])
        + b"0\r\nTrailer: x\r\n\r\n"
    )

    reply = exchange(server, raw)

    assert reply.status == 200
    assert reply.json()["domain"]["name"] == "acme"


def test_a_head_request_gets_headers_and_no_body(server: ThreadedCodeArtifactServer) -> None:
    reply = exchange(server, b"HEAD /v1/domain HTTP/1.1\r\nConnection: close\r\n\r\n", method="HEAD")

    assert (reply.status, reply.error_type, reply.body) == (404, "UnknownOperationException", b"")


def test_keep_alive_connections_carry_several_requests(server: ThreadedCodeArtifactServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        answers = []
        for name in ("first", "second", "third"):
            connection.request("POST", f"/v1/domain?domain={name}", body=b"")
            answers.append(json.loads(connection.getresponse().read())["domain"]["name"])
            if name == "first":
                socket_used = connection.sock
            assert connection.sock is socket_used  # one connection, never reopened
    finally:
        connection.close()

    assert answers == ["first", "second", "third"]


def test_a_bug_in_the_mock_is_a_json_500_with_a_logged_traceback(
    server: ThreadedCodeArtifactServer, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any) -> Any:
        raise KeyError("a bug")

    monkeypatch.setattr(dispatch, "answer", broken)

    reply = request(server, "GET", "/v1/domain?domain=acme")

    assert (reply.status, reply.error_type) == (500, "InternalServerException")
    assert "KeyError: 'a bug'" in capfd.readouterr().err
    monkeypatch.undo()
    assert still_serving(server)


def test_an_operation_the_mock_lacks_is_a_json_501(
    server: ThreadedCodeArtifactServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_yet(*_: Any) -> Any:
        raise NotImplementedError("codeartifact-mock does not implement the operation DescribeDomain yet")

    monkeypatch.setattr(dispatch, "answer", not_yet)

    reply = request(server, "GET", "/v1/domain?domain=acme")

    assert (reply.status, reply.error_type) == (501, "NotImplementedException")
    assert reply.json()["message"].startswith("codeartifact-mock does not implement")


def test_requests_are_logged_only_when_verbose(capfd: pytest.CaptureFixture[str]) -> None:
    with ThreadedCodeArtifactServer() as quiet:
        domain_names(quiet)
    assert capfd.readouterr().err == ""

    with ThreadedCodeArtifactServer(verbose=True) as verbose:
        domain_names(verbose)
    assert '"POST /v1/domains HTTP/1.1" 200' in capfd.readouterr().err


# -- the console script ----------------------------------------------------------------------------------


def test_console_script_serves_on_the_port_it_prints_and_stops_on_sigterm() -> None:
    script = Path(sys.executable).with_name("codeartifact-mock-server")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "codeartifact_mock.server"]
    process = subprocess.Popen(
        [*command, "--port", "0", "--account-id", "111122223333"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        url = line.rsplit(" ", 1)[-1].strip()
        assert line.startswith("codeartifact-mock-server listening on http://127.0.0.1:")
        port = int(url.rsplit(":", 1)[1])
        assert _post(port, "/v1/domain?domain=acme")["domain"]["owner"] == "111122223333"
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr


def _post(port: int, path: str) -> Any:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", path, body=b"")
        return json.loads(connection.getresponse().read())
    finally:
        connection.close()


def test_console_script_help_lists_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        server_module.main(["--help"])

    assert excinfo.value.code == 0
    usage = capsys.readouterr().out
    options = ("--host", "--port", "--account-id", "--max-body-bytes", "--max-calls", "--request-timeout")
    for option in (*options, "--allowed-host", "--verbose"):
        assert option in usage


def test_the_readme_server_mode_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Server mode\n") :]
    section = section[: section.index("\n## ", 1)]
    (example,) = re.findall(r"^```python\n(.*?)^```", section, re.MULTILINE | re.DOTALL)

    exec(compile(example, "README.md: Server mode", "exec"), {"__name__": "readme_example"})

    assert capsys.readouterr().out == "['4.1.0']\n"
