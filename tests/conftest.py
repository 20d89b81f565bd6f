"""Shared test set-up: a guard that fails any test opening a non-loopback socket, and client factories."""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from hypothesis import HealthCheck, settings

# botocore looks for credentials on the EC2 metadata endpoint when none are configured: keep that local too.
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
# The suite never reads the user's AWS configuration, nor anything naming a credential provider: a client
# made outside a mock (as a few tests do on purpose) would run its providers (a credential_process, SSO,
# web identity, a container endpoint). Tests that need a configuration give their own.
os.environ["AWS_CONFIG_FILE"] = os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
for _provider_variable in (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
):
    os.environ.pop(_provider_variable, None)
# The suite expects the default account, 123456789012; tests of MOTO_ACCOUNT_ID set it themselves.
os.environ.pop("MOTO_ACCOUNT_ID", None)

# A long run of the reliability tests (state machine, fuzzing): python -m pytest --hypothesis-profile=campaign
# tests/test_state_machine.py tests/test_bad_input.py. See tests/reliability.py and docs/reliability.md.
settings.register_profile(
    "campaign",
    max_examples=10_000,
    stateful_step_count=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
_violations: list[str] = []


def _is_loopback(host: Any) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode()
    host = str(host)
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _network_guard(event: str, args: tuple[Any, ...]) -> None:
    """Audit hook: refuse DNS look-ups and connections to anything but loopback, and remember them."""
    if event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) else None  # AF_UNIX paths are local
        if not _is_loopback(host):
            _violations.append(f"connect to {address!r}")
            raise ConnectionRefusedError(f"test tried to reach the network: {address!r}")
    elif event == "socket.getaddrinfo" and not _is_loopback(args[0]):
        _violations.append(f"DNS look-up of {args[0]!r}")
        raise ConnectionRefusedError(f"test tried to resolve a network host: {args[0]!r}")


sys.addaudithook(_network_guard)


@pytest.fixture(autouse=True)
def no_network() -> Iterator[None]:
    """Fail the test if anything in it tried to leave the machine, even if the error was swallowed."""
    before = len(_violations)
    yield
    attempts = _violations[before:]
    if attempts:
        pytest.fail("test tried to reach the network: " + "; ".join(attempts))


@pytest.fixture
def client(codeartifact_mock: Any) -> Any:
    """A CodeArtifact client in us-east-1, answered by the mock."""
    return boto3.client("codeartifact", region_name="us-east-1")


@pytest.fixture
def raw_client(codeartifact_mock: Any) -> Any:
    """A client with botocore's client-side validation off: only the mock's own validation stands."""
    return boto3.client("codeartifact", region_name="us-east-1", config=Config(parameter_validation=False))
