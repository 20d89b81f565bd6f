"""No credentials and no network while a mock is active, in every form of the mock, with nothing left behind.

The main proofs run in subprocesses whose environment holds no credentials at all (only PATH and a temporary
HOME), as on a fresh CI runner or a developer's machine, with a socket guard that records and refuses every
non-loopback connection or DNS look-up:

- one pytest run (``_FORMS``) goes through every form of the mock, with
  ``AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`` set as on ECS or CodeBuild, where botocore's chain would reach
  for 169.254.170.2, then for the instance-metadata service at 169.254.169.254;
- one script (``_PROFILE``) runs under a profile whose ``credential_process`` writes a marker file.

The in-process tests below check what the mock leaves behind, and that other services are not concerned.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.credentials import Credentials
from botocore.exceptions import NoCredentialsError
from moto import mock_aws

from codeartifact_mock import CodeArtifactMock, mock_codeartifact

_HAS_AIOBOTOCORE = importlib.util.find_spec("aiobotocore") is not None

# Put first in each subprocess: record and refuse any connection or DNS look-up beyond loopback, and count
# every run of botocore's credential chain (sync and, when loaded, aiobotocore's).
_GUARD = """
import socket, sys

ATTEMPTS = []
CHAIN_RUNS = []

def _is_loopback(host):
    return isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1"))

_connect = socket.socket.connect
def _guarded_connect(self, address):
    if isinstance(address, tuple) and not _is_loopback(address[0]):
        ATTEMPTS.append(address)
        raise OSError("blocked by the test's socket guard")
    return _connect(self, address)
socket.socket.connect = _guarded_connect

_getaddrinfo = socket.getaddrinfo
def _guarded_getaddrinfo(host, *args, **kwargs):
    if host is not None and not _is_loopback(host.decode() if isinstance(host, bytes) else host):
        ATTEMPTS.append(host)
        raise OSError("blocked by the test's socket guard")
    return _getaddrinfo(host, *args, **kwargs)
socket.getaddrinfo = _guarded_getaddrinfo

import botocore.credentials
_load = botocore.credentials.CredentialResolver.load_credentials
def _counted_load(self):
    CHAIN_RUNS.append("sync")
    return _load(self)
botocore.credentials.CredentialResolver.load_credentials = _counted_load
try:
    import aiobotocore.credentials
except ImportError:
    pass
else:
    _aio_load = aiobotocore.credentials.AioCredentialResolver.load_credentials
    async def _counted_aio_load(self):
        CHAIN_RUNS.append("async")
        return await _aio_load(self)
    aiobotocore.credentials.AioCredentialResolver.load_credentials = _counted_aio_load
"""

# A pytest module, run by pytest in a subprocess: each test makes CodeArtifact clients in one form of the mock
# and checks that no credential chain ran; the last test checks that nothing reached out and nothing is left.
_FORMS = (
    _GUARD
    + '''
import asyncio
import os
import threading
import unittest

import boto3
import botocore.session
import pytest
from moto import mock_aws

from codeartifact_mock import CodeArtifactMock, mock_codeartifact

def environ():
    return {name: value for name, value in os.environ.items() if name != "PYTEST_CURRENT_TEST"}


ENVIRON = environ()
boto3.setup_default_session()  # the user's default session, made before any mock
DEFAULT_SESSION = boto3.DEFAULT_SESSION
SESSION_METHODS = dict(vars(botocore.session.Session))


def list_domains(session=None):
    """A new CodeArtifact client makes a call; no credential chain may have run for it."""
    runs = len(CHAIN_RUNS)
    session = session or boto3
    make = session.create_client if isinstance(session, botocore.session.Session) else session.client
    client = make("codeartifact", region_name="us-east-1")
    assert len(CHAIN_RUNS) == runs, "creating a CodeArtifact client ran the credential chain"
    return [domain["name"] for domain in client.list_domains()["domains"]]


@mock_codeartifact
def test_bare_decorator():
    assert list_domains() == []


@mock_codeartifact()
def test_decorator_with_parentheses():
    assert list_domains(boto3.Session()) == []


def test_context_manager():
    with mock_codeartifact() as ca:
        ca.add_package_version("acme", "libs", "npm", "chalk", "4.1.0")
        assert list_domains() == ["acme"]


def test_start_and_stop():
    mock = CodeArtifactMock()
    mock.start()
    try:
        assert list_domains(botocore.session.Session()) == []
    finally:
        mock.stop()


def test_pytest_fixture(codeartifact_mock):
    assert list_domains() == []


@mock_codeartifact
class TestClassDecorator:
    def setup_method(self):
        self.domains = list_domains()

    def test_method(self):
        assert self.domains == list_domains() == []


@mock_codeartifact
class TestUnittestCase(unittest.TestCase):
    def setUp(self):
        self.domains = list_domains()

    def test_method(self):
        self.assertEqual(self.domains + list_domains(), [])


def test_async_client():
    pytest.importorskip("aiobotocore", reason="aiobotocore is an optional extra (codeartifact-mock[async])")
    from aiobotocore.session import AioSession

    @mock_codeartifact
    async def scenario():
        runs = len(CHAIN_RUNS)
        async with AioSession().create_client("codeartifact", region_name="us-east-1") as client:
            assert len(CHAIN_RUNS) == runs, "creating an aiobotocore client ran the credential chain"
            await client.create_domain(domain="acme")
            return [domain["name"] for domain in (await client.list_domains())["domains"]]

    assert asyncio.run(scenario()) == ["acme"]


def test_nested_mocks_stopped_out_of_order():
    outer, inner = CodeArtifactMock(), CodeArtifactMock()
    outer.start()
    inner.start()
    assert list_domains() == []
    outer.stop()  # the outer one first: the inner one keeps the mock on
    assert list_domains() == []
    inner.stop()


def test_threads():
    errors = []

    def worker():
        try:
            with mock_codeartifact():  # each thread's own activation, nested in the test's
                assert list_domains() == []
        except BaseException as error:
            errors.append(error)

    with mock_codeartifact():
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []


def test_moto_outside_codeartifact_mock_inside():
    with mock_aws(), mock_codeartifact():
        assert boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"]
        assert list_domains() == []


def test_codeartifact_mock_outside_moto_inside():
    with mock_codeartifact(), mock_aws():
        assert list_domains() == []
        assert boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"]


def test_zz_nothing_reached_out_and_nothing_is_left():
    assert ATTEMPTS == []
    assert environ() == ENVIRON
    assert boto3.DEFAULT_SESSION is DEFAULT_SESSION
    assert DEFAULT_SESSION._session._credentials is None  # nothing resolved or cached on the user's session
    assert dict(vars(botocore.session.Session)) == SESSION_METHODS
'''
)

# A script run under a profile whose credential_process writes a marker file when it runs.
_PROFILE = (
    _GUARD
    + """
import asyncio, os, sys
import boto3
from codeartifact_mock import mock_codeartifact

marker = sys.argv[1]
with mock_codeartifact():
    boto3.client("codeartifact", region_name="us-east-1").create_domain(domain="acme")
    boto3.Session(profile_name="dev").client("codeartifact", region_name="us-east-1").list_domains()
    try:
        from aiobotocore.session import AioSession
    except ImportError:
        pass
    else:
        async def scenario():
            async with AioSession().create_client("codeartifact", region_name="us-east-1") as client:
                await client.list_domains()
        asyncio.run(scenario())
assert not os.path.exists(marker), "the profile's credential_process ran inside the mock"
assert CHAIN_RUNS == [], CHAIN_RUNS
# Outside the mock the same profile resolves through its credential_process: the marker proves it can run.
boto3.Session().client("codeartifact", region_name="us-east-1")
assert os.path.exists(marker), "the profile's credential_process never ran, even outside the mock"
assert ATTEMPTS == [], ATTEMPTS
print("ok")
"""
)


def _bare_environment(home: Path, **variables: str) -> dict[str, str]:
    """What ``env -i`` leaves, plus a HOME of its own: no credentials anywhere, no AWS settings."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), **variables}


def test_every_form_of_the_mock_runs_no_credential_provider_and_opens_no_socket(tmp_path: Path) -> None:
    (tmp_path / "test_forms.py").write_text(_FORMS)
    env = _bare_environment(tmp_path, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI="/x")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",  # test_zz_... checks what the others did: it runs last, in file order
            "-p",
            "no:xdist",
            "-q",
            "-rs",
            "-W",
            "ignore",
            "test_forms.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    expected = "13 passed" if _HAS_AIOBOTOCORE else "12 passed, 1 skipped"
    assert summary.startswith(expected), result.stdout


def _credential_process(directory: Path) -> tuple[str, Path]:
    """A ``credential_process`` command that gives keys and leaves a marker file when it runs: (the
    command, the marker's path)."""
    marker = directory / "credential-process-ran"
    process = directory / "credential_process.py"
    process.write_text(
        f"import json, pathlib\npathlib.Path({str(marker)!r}).touch()\n"
        'print(json.dumps({"Version": 1, "AccessKeyId": "AKIDEXAMPLE", "SecretAccessKey": "secret"}))\n'
    )
    return f"{sys.executable} {process}", marker


def test_a_profile_credential_process_never_runs_inside_the_mock(tmp_path: Path) -> None:
    command, marker = _credential_process(tmp_path)
    config = tmp_path / "config"
    config.write_text(f"[profile dev]\ncredential_process = {command}\n")
    script = tmp_path / "profile_script.py"
    script.write_text(_PROFILE)
    env = _bare_environment(tmp_path, AWS_CONFIG_FILE=str(config), AWS_PROFILE="dev")
    result = subprocess.run(
        [sys.executable, "-W", "ignore", str(script), str(marker)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok"


def test_the_suite_runs_no_credential_provider_of_the_user(tmp_path: Path, monkeypatch: Any) -> None:
    # conftest.py keeps the user's ~/.aws out of the suite: a client made outside any mock (as
    # test_interception's clients made before the mock are) resolves credentials without running this
    # user's credential_process.
    command, marker = _credential_process(tmp_path)
    (tmp_path / ".aws").mkdir()
    (tmp_path / ".aws" / "config").write_text(f"[default]\ncredential_process = {command}\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(variable, raising=False)

    boto3.Session(region_name="us-east-1").get_credentials()  # outside any mock

    assert not marker.exists()


def test_the_last_stop_restores_botocore_whatever_the_order() -> None:
    before = dict(vars(botocore.session.Session))
    first, second, third = CodeArtifactMock(), CodeArtifactMock(), CodeArtifactMock()
    try:
        first.start()
        second.start()
        assert dict(vars(botocore.session.Session)) != before  # engaged while a mock is active
        first.stop()
        third.start()
        second.stop()
        assert dict(vars(botocore.session.Session)) != before
        third.stop()
        assert dict(vars(botocore.session.Session)) == before
    finally:
        for mock in (first, second, third):
            while mock.active:
                mock.stop()


def test_a_session_class_defined_inside_the_mock_is_covered_and_then_restored() -> None:
    """As when aiobotocore is first imported inside a test: its ``AioSession`` subclasses botocore's."""
    with mock_codeartifact():

        class LateSession(botocore.session.Session):
            def get_credentials(self) -> Any:
                raise AssertionError("the credential chain ran")

        LateSession().create_client("codeartifact", region_name="us-east-1").list_domains()
    assert "__init_subclass__" not in vars(botocore.session.Session)
    with pytest.raises(AssertionError, match="the credential chain ran"):
        LateSession().create_client("codeartifact", region_name="us-east-1")


def test_sessions_and_environment_are_exactly_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDUSER")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "user-secret")
    environ = dict(os.environ)
    unresolved = boto3.Session(region_name="us-east-1")
    resolved = boto3.Session(region_name="us-east-1")
    credentials = resolved.get_credentials()
    with mock_codeartifact():
        unresolved.client("codeartifact").create_domain(domain="acme")
        resolved.client("codeartifact").list_domains()
    assert dict(os.environ) == environ
    assert unresolved._session._credentials is None  # nothing was resolved or cached on its behalf
    assert resolved._session._credentials is credentials
    assert unresolved.get_credentials().access_key == "AKIDUSER"  # and the chain works as before


def test_a_codeartifact_client_made_in_the_mock_keeps_credentials_the_session_already_held() -> None:
    session = boto3.Session(
        aws_access_key_id="AKIDHELD", aws_secret_access_key="held", region_name="us-east-1"
    )
    with mock_codeartifact():
        client = session.client("codeartifact")
    assert client._request_signer._credentials.access_key == "AKIDHELD"


def test_other_services_resolve_credentials_as_usual_inside_the_mock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only CodeArtifact is answered by the mock, so only CodeArtifact clients skip the credential chain."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDUSER")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "user-secret")
    with mock_codeartifact():
        s3 = boto3.Session().client("s3", region_name="us-east-1")
        codeartifact = boto3.Session().client("codeartifact", region_name="us-east-1")
    assert s3._request_signer._credentials.access_key == "AKIDUSER"
    assert codeartifact._request_signer._credentials is None


def test_another_thread_creating_a_client_meanwhile_is_not_concerned(monkeypatch: pytest.MonkeyPatch) -> None:
    """The mark is per thread: an S3 client made in another thread while a CodeArtifact client is made."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDUSER")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "user-secret")
    seen: list[Any] = []

    def make_s3_client_elsewhere(
        **_: Any,
    ) -> None:  # runs in the middle of the CodeArtifact client's creation
        thread = threading.Thread(
            target=lambda: seen.append(boto3.Session().client("s3", region_name="us-east-1"))
        )
        thread.start()
        thread.join()

    session = botocore.session.Session()
    session.register("creating-client-class.codeartifact", make_s3_client_elsewhere)
    with mock_codeartifact():
        codeartifact = session.create_client("codeartifact", region_name="us-east-1")
    assert codeartifact._request_signer._credentials is None
    assert seen[0]._request_signer._credentials.access_key == "AKIDUSER"


def test_moto_keeps_its_fake_credentials_beside_the_mock() -> None:
    with mock_aws(), mock_codeartifact():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="artifacts")
        assert isinstance(s3._request_signer._credentials, Credentials)
        assert boto3.client("codeartifact", region_name="us-east-1").list_domains()["domains"] == []


def test_a_client_made_in_the_mock_fails_locally_once_it_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without credentials it cannot sign: botocore says so before any request leaves, instead of sending."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDUSER")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "user-secret")
    session = botocore.session.Session()
    with mock_codeartifact():
        client = session.create_client("codeartifact", region_name="us-east-1")
        client.list_domains()
    with pytest.raises(NoCredentialsError):
        client.list_domains()
