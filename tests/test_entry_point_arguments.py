"""Bad arguments to the server command, the server class and the mock: one clear line, never a traceback.

The command is run as users run it, in a subprocess (with the suite's network guard, ``tests/offline``): a
bad argument is refused before anything is bound, with one line on stderr and exit status 2; a failure to
listen is one line and exit status 1. The Python entry points raise ``ValueError`` when they are made, and
an account id is checked as the API checks ``domainOwner`` (the model's ``AccountId``: 12 digits).
"""

from __future__ import annotations

import errno
import socket
import unittest
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from server_helpers import SERVER_COMMAND, control, server_command

from codeartifact_mock import CodeArtifactMock, ThreadedCodeArtifactServer, activation, mock_codeartifact

pytestmark = pytest.mark.skipif(not SERVER_COMMAND.exists(), reason="the console script is not installed")

PROG = "codeartifact-mock-server"
CHALK = {"domain": "acme", "repository": "releases", "format": "npm", "package": "chalk"}
NOT_LOCAL = "192.0.2.1"  # TEST-NET-1 (RFC 5737): never an address of this machine; binding sends nothing


def account_error(value: str, where: str = "accountId") -> str:
    """The ``ValidationException`` message AWS gives for a value of ``AccountId`` shorter than 12 digits."""
    at = f"Value '{value}' at '{where}' failed to satisfy constraint: Member must"
    return (
        f"2 validation errors detected: {at} have length greater than or equal to 12;"
        f" {at} satisfy regular expression pattern: [0-9]{{12}}"
    )


def refused(arguments: list[str], status: int, **variables: str) -> str:
    """Run the command; check it printed nothing, exited with ``status`` and said one line: return it."""
    completed = server_command(*arguments, **variables)
    assert completed.stdout == ""
    assert completed.returncode == status, completed.stderr
    assert completed.stderr.endswith("\n") and completed.stderr.count("\n") == 1, completed.stderr
    return completed.stderr.rstrip("\n")


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port of 127.0.0.1 another socket is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        yield holder.getsockname()[1]


def nonlocal_bind_allowed() -> bool:
    """Linux's ``ip_nonlocal_bind`` lets a socket bind any address: then 192.0.2.1 binds."""
    try:
        with open("/proc/sys/net/ipv4/ip_nonlocal_bind") as setting:
            return setting.read().strip() != "0"
    except OSError:
        return False


# -- the command ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "line"),
    [
        (["--port", "99999"], "argument --port: must be an integer from 0 to 65535, not 99999"),
        (["--port", "-1"], "argument --port: must be an integer from 0 to 65535, not -1"),
        (["--port", "http"], "argument --port: must be an integer from 0 to 65535, not 'http'"),
        (["--max-body-bytes", "-5"], "argument --max-body-bytes: must be an integer of at least 1, not -5"),
        (["--max-body-bytes", "0"], "argument --max-body-bytes: must be an integer of at least 1, not 0"),
        (["--max-calls", "-1"], "argument --max-calls: must be an integer of at least 0, not -1"),
        (["--max-calls", "all"], "argument --max-calls: must be an integer of at least 0, not 'all'"),
        (["--account-id", "12"], f"argument --account-id: {account_error('12')}"),
        (["--port", "0", "--acount-id", "111122223333"], "unrecognized arguments: --acount-id 111122223333"),
        (["--host", ""], "host must be a host name or an IP address, not ''"),
        (
            ["--request-timeout", "0"],
            "argument --request-timeout: must be a number of seconds greater than 0, not 0.0",
        ),
        (
            ["--request-timeout", "soon"],
            "argument --request-timeout: must be a number of seconds greater than 0, not 'soon'",
        ),
        (
            ["--request-timeout", "inf"],
            "argument --request-timeout: must be a number of seconds greater than 0, not inf",
        ),
        (
            ["--allowed-host", "ci-box:5000"],
            "argument --allowed-host: 'ci-box:5000' is not a host name (give no scheme, port or path)",
        ),
    ],
)
def test_the_command_refuses_a_bad_argument_in_one_line(arguments: list[str], line: str) -> None:
    assert refused(arguments, 2) == f"{PROG}: {line}"


def test_the_command_refuses_a_bad_moto_account_id_in_one_line() -> None:
    line = refused(["--port", "0"], 2, MOTO_ACCOUNT_ID="1111-2222-33")

    assert line == (
        f"{PROG}: environment variable MOTO_ACCOUNT_ID: 1 validation error detected: Value '1111-2222-33'"
        " at 'MOTO_ACCOUNT_ID' failed to satisfy constraint: Member must satisfy regular expression pattern:"
        " [0-9]{12}"
    )


def test_the_command_refuses_a_host_that_does_not_resolve() -> None:
    line = refused(["--host", "nosuchhost.invalid", "--port", "0"], 2)

    assert line == f"{PROG}: cannot resolve host 'nosuchhost.invalid': Name or service not known"


def test_the_command_says_when_its_port_is_in_use(busy_port: int) -> None:
    assert refused(["--port", str(busy_port)], 1) == f"{PROG}: port {busy_port} is already in use"


@pytest.mark.skipif(nonlocal_bind_allowed(), reason="this machine lets a socket bind any address")
def test_the_command_says_when_its_host_is_not_an_address_of_this_machine() -> None:
    line = refused(["--host", NOT_LOCAL, "--port", "0"], 1)

    assert line == f"{PROG}: host {NOT_LOCAL} is not an address of this machine"


# -- ThreadedCodeArtifactServer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"port": 99999}, "port must be an integer from 0 to 65535, not 99999"),
        ({"port": -1}, "port must be an integer from 0 to 65535, not -1"),
        ({"port": "5000"}, "port must be an integer from 0 to 65535, not '5000'"),
        ({"port": True}, "port must be an integer from 0 to 65535, not True"),
        ({"max_body_bytes": 0}, "max_body_bytes must be an integer of at least 1, not 0"),
        ({"max_body_bytes": -5}, "max_body_bytes must be an integer of at least 1, not -5"),
        ({"max_calls": -1}, "max_calls must be an integer of at least 0, or None, not -1"),
        ({"max_calls": "10"}, "max_calls must be an integer of at least 0, or None, not '10'"),
        ({"host": ""}, "host must be a host name or an IP address, not ''"),
        ({"request_timeout": 0}, "request_timeout must be a number of seconds greater than 0, not 0"),
        ({"request_timeout": -1.5}, "request_timeout must be a number of seconds greater than 0, not -1.5"),
        ({"request_timeout": "60"}, "request_timeout must be a number of seconds greater than 0, not '60'"),
        ({"request_timeout": True}, "request_timeout must be a number of seconds greater than 0, not True"),
        ({"account_id": "abc"}, account_error("abc")),
        ({"account_id": "12"}, account_error("12")),
    ],
)
def test_the_server_class_refuses_a_bad_argument_when_made(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as raised:
        ThreadedCodeArtifactServer(**arguments)

    assert str(raised.value) == message


def test_the_server_class_says_when_its_port_is_in_use(busy_port: int) -> None:
    server = ThreadedCodeArtifactServer(port=busy_port)

    with pytest.raises(OSError) as raised:
        server.start()

    assert raised.value.errno == errno.EADDRINUSE
    assert raised.value.strerror == f"port {busy_port} is already in use"
    with pytest.raises(RuntimeError):
        server.port  # noqa: B018  # not running: nothing was left half-started


@pytest.mark.skipif(nonlocal_bind_allowed(), reason="this machine lets a socket bind any address")
def test_the_server_class_says_when_its_host_is_not_an_address_of_this_machine() -> None:
    with pytest.raises(OSError) as raised:
        ThreadedCodeArtifactServer(host=NOT_LOCAL).start()

    assert raised.value.errno == errno.EADDRNOTAVAIL
    assert raised.value.strerror == f"host {NOT_LOCAL} is not an address of this machine"


def test_the_server_class_refuses_a_bad_account_when_seeding() -> None:
    server = ThreadedCodeArtifactServer()

    with pytest.raises(ValueError) as raised:
        server.add_package_version("acme", "releases", "npm", "chalk", "1.0.0", account_id="acme-corp-12")

    assert str(raised.value) == (
        "1 validation error detected: Value 'acme-corp-12' at 'accountId' failed to satisfy constraint:"
        " Member must satisfy regular expression pattern: [0-9]{12}"
    )
    with server:
        reply = control(server, "package-versions", {**CHALK, "version": "1.0.0", "account_id": "12"})
        assert reply.status == 400
        assert reply.json()["message"] == account_error("12")
        assert boto3_domains(server) == []


def boto3_domains(server: ThreadedCodeArtifactServer) -> list[str]:
    client = boto3.client(
        "codeartifact",
        endpoint_url=server.url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    return [domain["name"] for domain in client.list_domains()["domains"]]


# -- the mock and its decorator forms ---------------------------------------------------------------------


@pytest.mark.parametrize("account_id", ["abc", "12", "1234567890123", "12345678901a", " 123456789012"])
def test_every_mock_form_refuses_a_bad_account_when_made(account_id: str) -> None:
    def a_test() -> None:
        raise AssertionError("never called")

    class ATestCase(unittest.TestCase):
        def test_nothing(self) -> None:
            raise AssertionError("never called")

    forms = {
        "CodeArtifactMock": lambda: CodeArtifactMock(account_id),
        "context manager": lambda: mock_codeartifact(account_id=account_id),
        "decorator with options": lambda: mock_codeartifact(account_id=account_id)(a_test),
        "class decorator": lambda: mock_codeartifact(account_id=account_id)(ATestCase),
    }
    for form, make in forms.items():
        with pytest.raises(ValueError) as raised:
            make()
        assert str(raised.value).endswith("[0-9]{12}"), form
        assert f"Value '{account_id}' at 'accountId'" in str(raised.value), form
    assert not activation.is_active()


def test_an_account_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(ValueError) as raised:
        CodeArtifactMock(123456789012)  # type: ignore[arg-type]

    assert str(raised.value) == (
        "1 validation error detected: Value '123456789012' at 'accountId' failed to satisfy constraint:"
        " Member must be of type string"
    )


def test_seeding_refuses_a_bad_account_and_stores_nothing(codeartifact_mock: CodeArtifactMock) -> None:
    with pytest.raises(ValueError) as raised:
        codeartifact_mock.add_package_version("acme", "releases", "npm", "chalk", "1.0.0", account_id="")

    assert str(raised.value) == account_error("")
    client = boto3.client("codeartifact", region_name="us-east-1")
    assert client.list_domains()["domains"] == []
