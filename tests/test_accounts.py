"""Which account the mock answers as: ``account_id`` if given, else ``MOTO_ACCOUNT_ID`` when it starts, else
123456789012; the same for every mock form, the fixture, the server class and the server command.

The pattern users write beside moto: ask STS who you are, pass that as ``domainOwner``.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import signal
import subprocess
import unittest
from collections.abc import Iterator
from typing import Any, Callable, Optional

import boto3
import moto
import pytest
from server_helpers import SERVER_COMMAND, client, command_environment

from codeartifact_mock import CodeArtifactMock, ThreadedCodeArtifactServer, activation, mock_codeartifact

DEFAULT = "123456789012"
MOTO_ACCOUNT = "111122223333"
GIVEN = "444455556666"


def created_domain_owner(name: str = "acme") -> str:
    """Create a domain through boto3 (in-process) and return its owner."""
    codeartifact = boto3.client("codeartifact", region_name="us-east-1")
    owner: str = codeartifact.create_domain(domain=name)["domain"]["owner"]
    return owner


@pytest.fixture
def moto_account(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MOTO_ACCOUNT_ID", MOTO_ACCOUNT)
    return MOTO_ACCOUNT


# -- the pattern beside moto ------------------------------------------------------------------------------


def moto_then_mock() -> list[Any]:
    return [moto.mock_aws(), mock_codeartifact()]


def mock_then_moto() -> list[Any]:
    return [mock_codeartifact(), moto.mock_aws()]


@pytest.mark.parametrize("nesting", [moto_then_mock, mock_then_moto])
@pytest.mark.parametrize("moto_account_id", [None, MOTO_ACCOUNT])
def test_the_sts_caller_is_the_domain_owner_beside_moto(
    monkeypatch: pytest.MonkeyPatch, nesting: Callable[[], Any], moto_account_id: Optional[str]
) -> None:
    if moto_account_id is None:
        monkeypatch.delenv("MOTO_ACCOUNT_ID", raising=False)
    else:
        monkeypatch.setenv("MOTO_ACCOUNT_ID", moto_account_id)

    with contextlib.ExitStack() as stack:
        for mock in nesting():  # outermost first
            stack.enter_context(mock)
        owner = boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"]
        codeartifact = boto3.client("codeartifact", region_name="us-east-1")
        created = codeartifact.create_domain(domain="acme")["domain"]
        token = codeartifact.get_authorization_token(domain="acme", domainOwner=owner)

    assert owner == (moto_account_id or DEFAULT)
    assert created["owner"] == owner
    assert created["arn"] == f"arn:aws:codeartifact:us-east-1:{owner}:domain/acme"
    assert token["authorizationToken"]


# -- every form of the mock -------------------------------------------------------------------------------


@mock_codeartifact
def bare_decorated() -> str:
    return created_domain_owner()


@mock_codeartifact()
def decorated_with_options() -> str:
    return created_domain_owner()


@mock_codeartifact(account_id=GIVEN)
def decorated_with_an_account() -> str:
    return created_domain_owner()


def in_context_manager() -> str:
    with mock_codeartifact():
        return created_domain_owner()


def started_and_stopped() -> str:
    mock = CodeArtifactMock()
    mock.start()
    try:
        return created_domain_owner()
    finally:
        mock.stop()


@mock_codeartifact
class PytestStyleClass:
    def test_owner(self) -> str:
        return created_domain_owner()


def class_decorated() -> str:
    return PytestStyleClass().test_owner()


@mock_codeartifact
class WithSetUp(unittest.TestCase):
    __test__ = False  # run by the tests below, not collected on its own
    owner = ""

    def setUp(self) -> None:
        WithSetUp.owner = created_domain_owner("from-set-up")

    def test_nothing_more(self) -> None:
        pass


def unittest_case_decorated() -> str:
    result = unittest.TestResult()
    WithSetUp("test_nothing_more").run(result)
    assert result.wasSuccessful(), result.errors
    return WithSetUp.owner


FORMS = [
    bare_decorated,
    decorated_with_options,
    in_context_manager,
    started_and_stopped,
    class_decorated,
    unittest_case_decorated,
]


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.__name__)
def test_without_moto_account_id_the_account_is_the_default(form: Callable[[], str]) -> None:
    assert form() == DEFAULT


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.__name__)
def test_moto_account_id_is_read_when_the_mock_starts(form: Callable[[], str], moto_account: str) -> None:
    # Every form above was made at import, before the variable was set.
    assert form() == moto_account


def test_a_given_account_wins_over_moto_account_id(moto_account: str) -> None:
    assert decorated_with_an_account() == GIVEN
    with mock_codeartifact(account_id=GIVEN) as mock:
        assert created_domain_owner() == GIVEN
        assert mock.account_id == GIVEN


def test_the_fixture_reads_moto_account_id(moto_account: str, codeartifact_mock: CodeArtifactMock) -> None:
    assert created_domain_owner() == moto_account
    assert codeartifact_mock.account_id == moto_account


def test_the_account_in_force_is_the_one_read_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    mock = CodeArtifactMock()
    monkeypatch.setenv("MOTO_ACCOUNT_ID", MOTO_ACCOUNT)
    assert mock.account_id == MOTO_ACCOUNT  # what it would take if it started now

    with mock:
        monkeypatch.setenv("MOTO_ACCOUNT_ID", GIVEN)
        assert mock.account_id == MOTO_ACCOUNT
        assert created_domain_owner() == MOTO_ACCOUNT
        revision = mock.add_package_version("seeded", "releases", "npm", "chalk", "1.0.0")
        seeded = boto3.client("codeartifact", region_name="us-east-1").describe_domain(domain="seeded")
        assert seeded["domain"]["owner"] == MOTO_ACCOUNT
        assert revision

    assert mock.account_id == GIVEN


def test_a_bad_moto_account_id_is_refused_when_the_mock_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    mock = CodeArtifactMock()  # made before: nothing is read yet
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "acme")

    with pytest.raises(ValueError) as raised:
        mock.start()

    assert str(raised.value) == (
        "2 validation errors detected: Value 'acme' at 'MOTO_ACCOUNT_ID' failed to satisfy constraint:"
        " Member must have length greater than or equal to 12; Value 'acme' at 'MOTO_ACCOUNT_ID' failed to"
        " satisfy constraint: Member must satisfy regular expression pattern: [0-9]{12}"
    )
    assert not mock.active
    assert not activation.is_active()
    with pytest.raises(ValueError):
        bare_decorated()
    assert not activation.is_active()
    with mock_codeartifact(account_id=GIVEN):  # a given account needs no MOTO_ACCOUNT_ID
        assert created_domain_owner() == GIVEN


# -- server mode ------------------------------------------------------------------------------------------


def server_domain_owner(server: ThreadedCodeArtifactServer) -> str:
    owner: str = client(server).create_domain(domain="acme")["domain"]["owner"]
    return owner


def test_the_server_class_reads_moto_account_id_when_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    server = ThreadedCodeArtifactServer()
    assert server.account_id == DEFAULT
    monkeypatch.setenv("MOTO_ACCOUNT_ID", MOTO_ACCOUNT)

    with server:
        monkeypatch.setenv("MOTO_ACCOUNT_ID", GIVEN)
        assert server.account_id == MOTO_ACCOUNT
        assert server_domain_owner(server) == MOTO_ACCOUNT

    with ThreadedCodeArtifactServer(account_id=DEFAULT) as given:
        assert server_domain_owner(given) == DEFAULT


def test_the_server_class_refuses_a_bad_moto_account_id_when_it_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = ThreadedCodeArtifactServer()
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "")

    with pytest.raises(ValueError) as raised:
        server.start()

    assert "Value '' at 'MOTO_ACCOUNT_ID'" in str(raised.value)
    with pytest.raises(RuntimeError):
        server.port  # noqa: B018  # not running


@pytest.fixture
def run_command() -> Iterator[Callable[..., str]]:
    """``run(*arguments, **environment)``: start the server command, return the account it answers as."""
    processes: list[subprocess.Popen[str]] = []

    def run(*arguments: str, **variables: Optional[str]) -> str:
        process = subprocess.Popen(
            [str(SERVER_COMMAND), "--port", "0", *arguments],
            env=command_environment(**variables),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        processes.append(process)
        line = process.stdout.readline() if process.stdout else ""
        assert line.startswith("codeartifact-mock-server listening on http://127.0.0.1:"), line
        connection = http.client.HTTPConnection("127.0.0.1", int(line.rsplit(":", 1)[1]), timeout=10)
        try:
            connection.request("POST", "/v1/domain?domain=acme", body=b"")
            owner: str = json.loads(connection.getresponse().read())["domain"]["owner"]
            return owner
        finally:
            connection.close()

    yield run
    for process in processes:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=10)
        assert process.returncode == 0


@pytest.mark.skipif(not SERVER_COMMAND.exists(), reason="the console script is not installed")
def test_the_server_command_chooses_its_account_as_the_mock_does(run_command: Callable[..., str]) -> None:
    assert run_command() == DEFAULT
    assert run_command(MOTO_ACCOUNT_ID=MOTO_ACCOUNT) == MOTO_ACCOUNT
    assert run_command("--account-id", GIVEN, MOTO_ACCOUNT_ID=MOTO_ACCOUNT) == GIVEN
