"""Talking to a ``ThreadedCodeArtifactServer`` as its users do: boto3, raw HTTP bytes, the control API."""

from __future__ import annotations

import http.client
import json
import os
import shlex
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Callable, NamedTuple, Optional

import boto3
from botocore.config import Config

from codeartifact_mock import ThreadedCodeArtifactServer

AWS = Path(sys.executable).with_name("aws")  # the AWS CLI v1, from the ``test`` extra


class Reply(NamedTuple):
    status: int
    headers: dict[str, str]  # names lower-cased
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def error_type(self) -> Optional[str]:
        return self.headers.get("x-amzn-errortype")


def client(
    server: ThreadedCodeArtifactServer,
    region: str = "us-east-1",
    config: Optional[Config] = None,
    access_key_id: str = "testing",
) -> Any:
    """A boto3 client pointed at the server, with dummy credentials (the server checks no signature): it
    signs as ``access_key_id``, the server's own principal unless ``add_access_key`` maps it to another."""
    return boto3.client(
        "codeartifact",
        endpoint_url=server.url,
        region_name=region,
        aws_access_key_id=access_key_id,
        aws_secret_access_key="testing",
        config=config,
    )


def exchange(
    server: ThreadedCodeArtifactServer, raw: bytes, *, half_close: bool = False, method: str = "GET"
) -> Reply:
    """Send ``raw`` bytes as they are on a new connection and read one response."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        try:
            sock.sendall(raw)
            if half_close:
                sock.shutdown(socket.SHUT_WR)  # "that is all I am sending": the server must answer anyway
        except OSError:
            pass  # the server refused the request before reading all of it: its answer is still there
        response = http.client.HTTPResponse(sock, method=method)
        response.begin()
        body = response.read()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, body)


def request(
    server: ThreadedCodeArtifactServer,
    method: str,
    path: str,
    body: bytes = b"",
    headers: Optional[Mapping[str, Optional[str]]] = None,
) -> Reply:
    """A well-formed HTTP/1.1 request (with ``Content-Length``), sent as raw bytes.

    ``headers`` replace the ``Content-Length``; ``Host: 127.0.0.1`` is sent unless they name a ``Host``
    (None: no ``Host`` header at all).
    """
    headers = headers or {"Content-Length": str(len(body))}
    lines = [f"{method} {path} HTTP/1.1", "Connection: close"]
    if "Host" not in headers:
        lines.insert(1, "Host: 127.0.0.1")
    lines += [f"{name}: {value}" for name, value in headers.items() if value is not None]
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    return exchange(server, raw, method=method)


def control(server: ThreadedCodeArtifactServer, operation: str, document: Any = None) -> Reply:
    """``POST /_codeartifact_mock/<operation>`` with a JSON body."""
    body = b"" if document is None else json.dumps(document).encode()
    return request(server, "POST", f"/_codeartifact_mock/{operation}", body)


def recorded(server: ThreadedCodeArtifactServer) -> list[dict[str, Any]]:
    """The calls the server recorded (``GET /_codeartifact_mock/calls``, answered 200 in JSON)."""
    reply = request(server, "GET", "/_codeartifact_mock/calls")
    assert (reply.status, reply.headers["content-type"]) == (200, "application/json")
    calls: list[dict[str, Any]] = reply.json()["calls"]
    return calls


def domain_names(server: ThreadedCodeArtifactServer, region: str = "us-east-1") -> list[str]:
    return [domain["name"] for domain in client(server, region).list_domains()["domains"]]


def aws_cli(
    server: ThreadedCodeArtifactServer, home: Path, access_key_id: str = "testing"
) -> Callable[..., Any]:
    """``run("list-domains")``: ``aws codeartifact list-domains`` against the server, its JSON output parsed.

    No AWS configuration of the machine's is read (dummy credentials, empty config files in ``home``), and a
    failing command fails the test with the CLI's stderr; ``run(..., fails=True)`` expects it to fail and
    returns its stderr. The CLI signs with ``access_key_id`` (see ``add_access_key``).
    """
    empty = home / "aws-empty"
    empty.write_text("")
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("AWS_")},
        "AWS_ACCESS_KEY_ID": access_key_id,
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(empty),
        "AWS_SHARED_CREDENTIALS_FILE": str(empty),
        "AWS_EC2_METADATA_DISABLED": "true",
    }

    def run(command: str, cwd: Optional[Path] = None, fails: bool = False) -> Any:
        completed = subprocess.run(
            [
                str(AWS),
                "codeartifact",
                *shlex.split(command),
                "--endpoint-url",
                server.url,
                "--output",
                "json",
            ],
            env=environment,
            cwd=cwd or home,
            capture_output=True,
            text=True,
            timeout=60,
        )
        if fails:
            assert completed.returncode != 0, completed.stdout
            return completed.stderr
        assert completed.returncode == 0, completed.stderr
        return json.loads(completed.stdout) if completed.stdout.strip() else None

    return run


SERVER_COMMAND = Path(sys.executable).with_name("codeartifact-mock-server")
OFFLINE = Path(__file__).resolve().parent / "offline"  # a sitecustomize with the suite's network guard


def command_environment(**variables: Optional[str]) -> dict[str, str]:
    """The environment for a ``codeartifact-mock-server`` run: this one, without ``MOTO_ACCOUNT_ID``, with the
    network guard loaded (``tests/offline``) and ``variables`` set (None: removed)."""
    environment = {name: value for name, value in os.environ.items() if name != "MOTO_ACCOUNT_ID"}
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE), os.environ.get("PYTHONPATH")]))
    environment["PYTHONUNBUFFERED"] = "1"
    for name, value in variables.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


def server_command(*arguments: str, **variables: Optional[str]) -> subprocess.CompletedProcess[str]:
    """Run ``codeartifact-mock-server`` with ``arguments`` to its end (for arguments it refuses)."""
    return subprocess.run(
        [str(SERVER_COMMAND), *arguments],
        env=command_environment(**variables),
        capture_output=True,
        text=True,
        timeout=60,
    )
